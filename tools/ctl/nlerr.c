// SPDX-License-Identifier: GPL-2.0-or-later
/* Decoding the kernel's ACKs, errors and extended ACKs. */
#include <string.h>
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/smtp25.h>

#include "nlerr.h"

static int tlv_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, NLMSGERR_ATTR_MAX) < 0)
		return MNL_CB_OK;
	tb[type] = attr;
	return MNL_CB_OK;
}

static void decode_cookie(const struct nlattr *attr, struct ctl_nlerr *e)
{
	struct smtp25_err_prefix ep;

	if (mnl_attr_get_payload_len(attr) < sizeof(ep))
		return;
	memcpy(&ep, mnl_attr_get_payload(attr), sizeof(ep));
	if ((ep.family != AF_INET && ep.family != AF_INET6) ||
	    ep.plen > s25_family_bits(ep.family))
		return;
	memset(&e->prefix, 0, sizeof(e->prefix));
	e->prefix.family = ep.family;
	e->prefix.plen = ep.plen;
	memcpy(e->prefix.addr, ep.addr, ep.family == AF_INET ? 4 : 16);
	e->has_prefix = true;
}

int ctl_nlerr_parse(const struct nlmsghdr *nlh, struct ctl_nlerr *e)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	const struct nlmsgerr *err;
	size_t tlv_off;
	int status;

	memset(e, 0, sizeof(*e));
	e->seq = nlh->nlmsg_seq;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		/* a dump's end: an int status, then (6.x) the TLVs */
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(int))
			return 0;	/* old kernels may send none */
		memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof(status));
		e->error = status < 0 ? -status : 0;
		tlv_off = sizeof(int);
	} else {
		if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err))
			return -1;
		err = mnl_nlmsg_get_payload(nlh);
		e->error = err->error < 0 ? -err->error : err->error;
		e->seq = err->msg.nlmsg_seq;
		tlv_off = sizeof(*err);
		/* without NETLINK_CAP_ACK the request itself comes back */
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			tlv_off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	}
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) ||
	    tlv_off >= mnl_nlmsg_get_payload_len(nlh))
		return 0;
	if (mnl_attr_parse(nlh, (unsigned int)tlv_off, tlv_cb, tb) < 0)
		return 0;	/* keep the error itself */
	if (tb[NLMSGERR_ATTR_MSG] &&
	    mnl_attr_validate(tb[NLMSGERR_ATTR_MSG], MNL_TYPE_NUL_STRING) == 0)
		snprintf(e->msg, sizeof(e->msg), "%s",
			 mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS] &&
	    mnl_attr_validate(tb[NLMSGERR_ATTR_OFFS], MNL_TYPE_U32) == 0) {
		e->has_offset = true;
		e->offset = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
	if (tb[NLMSGERR_ATTR_COOKIE])
		decode_cookie(tb[NLMSGERR_ATTR_COOKIE], e);
	return 0;
}
