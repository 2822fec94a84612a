// SPDX-License-Identifier: GPL-2.0-or-later
/* The packed prefix attributes of REPLACE_ADD. */
#include <string.h>
#include <sys/socket.h>

#include <linux/smtp25.h>

#include "msg.h"
#include "packed.h"

size_t ctl_msg_put_packed(struct nlmsghdr *nlh, size_t max,
			  const struct s25_prefix *v, size_t n)
{
	size_t rec, bytes, room, k, i;
	struct nlattr *attr;
	unsigned char *o;

	if (!n)
		return 0;
	if (max > CTL_MSG_MAX)
		max = CTL_MSG_MAX;
	bytes = v[0].family == AF_INET ? 4 : 16;
	rec = bytes + 1;
	if (nlh->nlmsg_len + MNL_ATTR_HDRLEN + MNL_ALIGN(rec) > max)
		return 0;
	/* the attribute, padding included, must fit */
	room = (max - nlh->nlmsg_len - MNL_ATTR_HDRLEN) / rec;
	while (nlh->nlmsg_len + MNL_ALIGN(MNL_ATTR_HDRLEN + room * rec) > max)
		room--;
	for (k = 0; k < n && k < room && v[k].family == v[0].family; k++)
		;
	attr = mnl_nlmsg_get_payload_tail(nlh);
	attr->nla_type = bytes == 4 ? SMTP25_A_PACKED4 : SMTP25_A_PACKED6;
	attr->nla_len = (uint16_t)(MNL_ATTR_HDRLEN + k * rec);
	o = (unsigned char *)attr + MNL_ATTR_HDRLEN;
	for (i = 0; i < k; i++, o += rec) {
		memcpy(o, v[i].addr, bytes);
		o[bytes] = v[i].plen;
	}
	/* no stray bytes of ours in the padding */
	memset(o, 0, MNL_ALIGN(attr->nla_len) - attr->nla_len);
	nlh->nlmsg_len += MNL_ALIGN(attr->nla_len);
	return k;
}
