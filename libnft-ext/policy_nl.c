// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One nfnetlink transaction: BATCH_BEGIN, the messages, BATCH_END, sent in
 * one sendmsg. nf_tables applies all of it or none. Every message asks for
 * an ACK, and nfnetlink answers each one even when the batch fails (it
 * does not stop at the first error), so the answers are counted, and the
 * first error is reported with the name of the message that caused it.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <linux/genetlink.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libmnl/libmnl.h>
#include <libnftnl/chain.h>
#include <libnftnl/common.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <linux/smtp25.h>

#include "policy_int.h"

/* A policy is a few dozen small messages: far below this. */
#define S25_BATCH_LIMIT		(64 * 1024)
#define S25_BATCH_MAX_MSGS	256

struct s25_batch {
	struct mnl_nlmsg_batch *mb;
	char *buf;
	uint32_t seq0;			/* sequence number of what[0] */
	unsigned int n;			/* messages that will be answered */
	const char *what[S25_BATCH_MAX_MSGS];
};

struct s25_batch *s25_batch_new(void)
{
	struct s25_batch *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	/*
	 * Twice the limit: the last message may run past it (libmnl).
	 * Zeroed: attribute padding is sent as it is.
	 */
	b->buf = calloc(2, S25_BATCH_LIMIT);
	if (!b->buf) {
		free(b);
		return NULL;
	}
	b->mb = mnl_nlmsg_batch_start(b->buf, S25_BATCH_LIMIT);
	b->seq0 = time(NULL);
	nftnl_batch_begin(mnl_nlmsg_batch_current(b->mb), b->seq0 - 1);
	mnl_nlmsg_batch_next(b->mb);
	return b;
}

void s25_batch_free(struct s25_batch *b)
{
	if (!b)
		return;
	mnl_nlmsg_batch_stop(b->mb);
	free(b->buf);
	free(b);
}

/* The header of the next message, or NULL if the batch is full. */
static struct nlmsghdr *batch_hdr(struct s25_batch *b, uint16_t type,
				  uint16_t family, uint16_t flags,
				  const char *what)
{
	if (b->n == S25_BATCH_MAX_MSGS)
		return NULL;
	b->what[b->n] = what;
	return nftnl_nlmsg_build_hdr(mnl_nlmsg_batch_current(b->mb), type,
				     family, flags | NLM_F_ACK,
				     b->seq0 + b->n);
}

static int batch_next(struct s25_batch *b)
{
	if (!mnl_nlmsg_batch_next(b->mb))
		return -ENOSPC;
	b->n++;
	return 0;
}

int s25_batch_table(struct s25_batch *b, uint16_t type, uint16_t flags,
		    const struct nftnl_table *t, const char *what)
{
	struct nlmsghdr *nlh;

	nlh = batch_hdr(b, type, nftnl_table_get_u32(t, NFTNL_TABLE_FAMILY),
			flags, what);
	if (!nlh)
		return -ENOSPC;
	nftnl_table_nlmsg_build_payload(nlh, t);
	return batch_next(b);
}

int s25_batch_chain(struct s25_batch *b, uint16_t flags,
		    const struct nftnl_chain *c, const char *what)
{
	struct nlmsghdr *nlh;

	nlh = batch_hdr(b, NFT_MSG_NEWCHAIN,
			nftnl_chain_get_u32(c, NFTNL_CHAIN_FAMILY), flags,
			what);
	if (!nlh)
		return -ENOSPC;
	nftnl_chain_nlmsg_build_payload(nlh, c);
	return batch_next(b);
}

int s25_batch_rule(struct s25_batch *b, uint16_t flags,
		   const struct nftnl_rule *r, const char *what)
{
	struct nlmsghdr *nlh;

	nlh = batch_hdr(b, NFT_MSG_NEWRULE,
			nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY), flags, what);
	if (!nlh)
		return -ENOSPC;
	/* libnftnl's prototype lacks the const; it does not write. */
	nftnl_rule_nlmsg_build_payload(nlh, (struct nftnl_rule *)r);
	return batch_next(b);
}

const void *s25_batch_data(const struct s25_batch *b, size_t *len)
{
	*len = mnl_nlmsg_batch_size(b->mb);
	return mnl_nlmsg_batch_head(b->mb);
}

/* The extack message of an error, if the kernel sent one. */
static const char *extack_msg(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - sizeof(e->msg);
	mnl_attr_for_each(a, nlh, off)
		if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
		    !mnl_attr_validate(a, MNL_TYPE_NUL_STRING))
			return mnl_attr_get_str(a);
	return NULL;
}

/* Words for the errors a person can act on. */
static const char *hint(int err)
{
	switch (err) {
	case EPERM:
		return " (needs CAP_NET_ADMIN)";
	case ENOENT:
		return " (is the smtp25 module loaded, with that revision of "
		       "the match? nft_compat cannot autoload it for an inet "
		       "table)";
	case EOPNOTSUPP:
		return " (kernel without nf_tables, nft_compat or nft_reject?)";
	default:
		return "";
	}
}

/* Reads answers until all n came or one could not be read. */
static int batch_wait(struct mnl_socket *nl, struct s25_batch *b, char *err,
		      size_t errlen)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int answered = 0;
	int first = 0, len;
	ssize_t got;

	while (answered < b->n) {
		const struct nlmsghdr *nlh;

		got = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (got < 0) {
			int e = errno;

			snprintf(err, errlen, "reading nf_tables' answer: %s",
				 strerror(e));
			return -e;
		}
		len = got;
		for (nlh = (void *)buf; mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
			uint32_t i = nlh->nlmsg_seq - b->seq0;
			const char *msg;

			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			/*
			 * An error on BATCH_BEGIN (no permission, no
			 * nf_tables): nothing else will be answered.
			 */
			if (i >= b->n) {
				if (!e->error)
					continue;
				snprintf(err, errlen, "nf_tables refused the "
					 "transaction: %s%s",
					 strerror(-e->error), hint(-e->error));
				return e->error;
			}
			answered++;
			if (!e->error || first)
				continue;
			first = e->error;
			msg = extack_msg(nlh);
			snprintf(err, errlen, "%s: %s%s%s%s", b->what[i],
				 strerror(-e->error), msg ? ": " : "",
				 msg ? msg : "", hint(-e->error));
		}
	}
	return first;
}

int s25_batch_send(struct s25_batch *b, char *err, size_t errlen)
{
	struct timeval timeout = { .tv_sec = 10 };
	struct mnl_socket *nl;
	int one = 1, ret;

	nftnl_batch_end(mnl_nlmsg_batch_current(b->mb), b->seq0 + b->n);
	if (!mnl_nlmsg_batch_next(b->mb)) {
		snprintf(err, errlen, "nf_tables batch too large");
		return -ENOSPC;
	}
	nl = mnl_socket_open(NETLINK_NETFILTER);
	if (!nl) {
		ret = -errno;
		snprintf(err, errlen, "netlink socket: %s", strerror(-ret));
		return ret;
	}
	/* Error messages with the kernel's words, without the request. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Never wait forever for an answer that does not come. */
	setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVTIMEO, &timeout,
		   sizeof(timeout));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
	    mnl_socket_sendto(nl, mnl_nlmsg_batch_head(b->mb),
			      mnl_nlmsg_batch_size(b->mb)) < 0) {
		ret = -errno;
		snprintf(err, errlen, "sending to nf_tables: %s%s",
			 strerror(-ret), hint(-ret));
	} else {
		ret = batch_wait(nl, b, err, errlen);
	}
	mnl_socket_close(nl);
	return ret;
}

/*
 * nft_compat asks for "ipt_smtp25"/"ip6t_smtp25" only for ip and ip6
 * tables; for inet it asks for nothing useful. Resolving the generic
 * netlink family loads the module through its alias (genl-smtp25), so a
 * policy applied at boot before any pool works. Best effort: if it fails,
 * the batch's error says why.
 */
void s25_module_autoload(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl;
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		return;
	memset(buf, 0, sizeof(buf));
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	nlh->nlmsg_seq = time(NULL);
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SMTP25_GENL_NAME);
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 &&
	    mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0)
		mnl_socket_recvfrom(nl, buf, sizeof(buf));
	mnl_socket_close(nl);
}
