// SPDX-License-Identifier: GPL-2.0-or-later
/* The generic netlink socket to the smtp25 family. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <asm/socket.h>		/* SO_SNDBUFFORCE: not POSIX */
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/smtp25.h>

#include "msg.h"
#include "nl.h"

static int local_error(struct ctl_nlerr *e, int error)
{
	memset(e, 0, sizeof(*e));
	e->error = error ? error : EIO;
	return -1;
}

/* What one receive loop is waiting for and what it found. */
struct rx_state {
	mnl_cb_t cb;
	void *data;
	struct ctl_nlerr *e;
	bool done;		/* the final ACK, error or NLMSG_DONE came */
	bool intr;		/* a dump message was flagged DUMP_INTR */
	int cb_error;		/* errno of the first reply cb refused */
	/* batches: the ACKs of first .. first + count - 1 */
	uint32_t first, count, acked;
	bool failed;
};

static int data_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct rx_state *st = arg;

	/* once a reply was refused or the dump raced, the rest is noise,
	 * but it is still read so the socket stays in step */
	if (!st->cb || st->cb_error || st->intr)
		return MNL_CB_OK;
	errno = 0;
	if (st->cb(nlh, st->data) == MNL_CB_ERROR)
		st->cb_error = errno ? errno : EPROTO;
	return MNL_CB_OK;
}

static int end_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct rx_state *st = arg;
	struct ctl_nlerr e;

	if (ctl_nlerr_parse(nlh, &e)) {
		local_error(st->e, EPROTO);
		st->done = true;
		return MNL_CB_STOP;
	}
	if (st->count) {	/* one ACK of a batch */
		if (e.seq - st->first >= st->count)
			return MNL_CB_OK;	/* not ours */
		st->acked++;
		if (e.error && !st->failed) {
			*st->e = e;
			st->failed = true;
		}
		st->done = st->acked == st->count;
		return MNL_CB_OK;
	}
	*st->e = e;
	st->done = true;
	return MNL_CB_STOP;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = end_cb,
	[NLMSG_DONE] = end_cb,
};

/*
 * libmnl stops at a message flagged DUMP_INTR; we want to note it and
 * read on to the dump's end, so take the flag off after noting it.
 */
static void note_intr(struct rx_state *st, void *buf, size_t len)
{
	struct nlmsghdr *nlh = buf;
	int left = (int)len;

	while (mnl_nlmsg_ok(nlh, left)) {
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
			nlh->nlmsg_flags &= ~NLM_F_DUMP_INTR;
			st->intr = true;
		}
		nlh = mnl_nlmsg_next(nlh, &left);
	}
}

/* Receive until st->done; seq 0 accepts any sequence number. */
static int receive(struct ctl_nl *nl, struct rx_state *st, uint32_t seq)
{
	ssize_t n;
	int rc;

	while (!st->done) {
		n = mnl_socket_recvfrom(nl->sock, nl->rx, CTL_RX_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return local_error(st->e, errno);
		}
		note_intr(st, nl->rx, (size_t)n);
		rc = mnl_cb_run2(nl->rx, (size_t)n, seq, nl->portid, data_cb,
				 st, ctl_cbs, NLMSG_MIN_TYPE);
		if (rc < 0)
			return local_error(st->e, errno);
	}
	if (st->e->error)
		return -1;
	if (st->cb_error)
		return local_error(st->e, st->cb_error);
	return 0;
}

static int send_msg(struct ctl_nl *nl, const void *buf, size_t len,
		    struct ctl_nlerr *e)
{
	if (mnl_socket_sendto(nl->sock, buf, len) < 0)
		return local_error(e, errno);
	return 0;
}

int ctl_nl_send(struct ctl_nl *nl, const void *buf, size_t len,
		struct ctl_nlerr *e)
{
	return send_msg(nl, buf, len, e);
}

struct nlmsghdr *ctl_nl_request(struct ctl_nl *nl, uint8_t cmd,
				uint16_t flags)
{
	return ctl_msg_start(nl->tx, nl->family, cmd, flags, ++nl->seq);
}

int ctl_nl_talk(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct ctl_nlerr *e)
{
	struct rx_state st = { .cb = cb, .data = data, .e = e };

	nlh->nlmsg_flags |= NLM_F_ACK;
	memset(e, 0, sizeof(*e));
	if (send_msg(nl, nlh, nlh->nlmsg_len, e))
		return -1;
	return receive(nl, &st, nlh->nlmsg_seq);
}

int ctl_nl_dump(struct ctl_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		void *data, struct ctl_nlerr *e)
{
	struct rx_state st = { .cb = cb, .data = data, .e = e };

	nlh->nlmsg_flags |= NLM_F_DUMP;
	memset(e, 0, sizeof(*e));
	if (send_msg(nl, nlh, nlh->nlmsg_len, e))
		return -1;
	if (receive(nl, &st, nlh->nlmsg_seq))
		return -1;
	return st.intr ? 1 : 0;
}

int ctl_nl_acks(struct ctl_nl *nl, uint32_t first, uint32_t count,
		struct ctl_nlerr *e)
{
	struct rx_state st = { .e = e, .first = first, .count = count };

	memset(e, 0, sizeof(*e));
	if (!count)
		return 0;
	return receive(nl, &st, 0);
}

/* SO_xxxFORCE (root only) or SO_xxx, then what we got. */
static size_t set_buffer(int fd, int force, int normal, size_t want)
{
	int v = want > (size_t)(1 << 30) ? 1 << 30 : (int)want;
	socklen_t len = sizeof(v);

	if (setsockopt(fd, SOL_SOCKET, force, &v, sizeof(v)) < 0)
		setsockopt(fd, SOL_SOCKET, normal, &v, sizeof(v));
	if (getsockopt(fd, SOL_SOCKET, normal, &v, &len) < 0 || v < 0)
		return 0;
	return (size_t)v;
}

void ctl_nl_buffers(struct ctl_nl *nl, size_t *sndbuf, size_t *rcvbuf)
{
	int fd = mnl_socket_get_fd(nl->sock);

	*sndbuf = set_buffer(fd, SO_SNDBUFFORCE, SO_SNDBUF, *sndbuf);
	*rcvbuf = set_buffer(fd, SO_RCVBUFFORCE, SO_RCVBUF, *rcvbuf);
}

/* --- resolving the family ------------------------------------------------ */

struct family_info {
	uint16_t id;
	uint32_t events;
	uint32_t maxattr;
};

static int group_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, CTRL_ATTR_MCAST_GRP_MAX) < 0)
		return MNL_CB_OK;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

static void find_events_group(const struct nlattr *groups,
			      struct family_info *fi)
{
	const struct nlattr *g;

	mnl_attr_for_each_nested(g, groups) {
		const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

		if (mnl_attr_parse_nested(g, group_cb, tb) < 0 ||
		    !tb[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !tb[CTRL_ATTR_MCAST_GRP_ID] ||
		    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME],
				      MNL_TYPE_NUL_STRING) < 0 ||
		    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID],
				      MNL_TYPE_U32) < 0)
			continue;
		if (strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			   SMTP25_MCGRP_EVENTS) == 0)
			fi->events = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	}
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	struct family_info *fi = data;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) < 0)
			return MNL_CB_ERROR;
		fi->id = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_MAXATTR:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return MNL_CB_ERROR;
		fi->maxattr = mnl_attr_get_u32(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0)
			return MNL_CB_ERROR;
		find_events_group(attr, fi);
		break;
	}
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb,
			      data) < 0 ? MNL_CB_ERROR : MNL_CB_OK;
}

static int resolve_family(struct ctl_nl *nl, struct ctl_nlerr *e)
{
	struct family_info fi = { 0 };
	struct nlmsghdr *nlh;

	nlh = ctl_msg_start(nl->tx, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0,
			    ++nl->seq);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SMTP25_GENL_NAME);
	if (ctl_nl_talk(nl, nlh, family_cb, &fi, e))
		return -1;
	if (!fi.id)
		return local_error(e, EPROTO);
	nl->family = fi.id;
	nl->events_group = fi.events;
	nl->maxattr = fi.maxattr;
	return 0;
}

int ctl_nl_open(struct ctl_nl *nl, struct ctl_nlerr *e)
{
	int one = 1;

	memset(nl, 0, sizeof(*nl));
	nl->rx = malloc(CTL_RX_SIZE);
	nl->tx = malloc(CTL_MSG_MAX);
	if (!nl->rx || !nl->tx) {
		ctl_nl_close(nl);
		return local_error(e, ENOMEM);
	}
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		local_error(e, errno);
		ctl_nl_close(nl);
		return -1;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* errors name the attribute at fault and carry the kernel's text,
	 * without echoing (up to 64 KiB of) the request back */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (resolve_family(nl, e)) {
		ctl_nl_close(nl);
		return -1;
	}
	return 0;
}

void ctl_nl_close(struct ctl_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->rx);
	free(nl->tx);
	memset(nl, 0, sizeof(*nl));
}

int ctl_nl_subscribe(struct ctl_nl *nl, struct ctl_nlerr *e)
{
	int group = (int)nl->events_group;

	if (!group)
		return local_error(e, ENOENT);
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return local_error(e, errno);
	return 0;
}
