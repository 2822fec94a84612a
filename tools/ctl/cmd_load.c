// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * pool load NAME FILE|-: replace a pool's prefixes with a file's, in one
 * step for the packet path.  The file is read and checked whole first
 * (a bad line changes nothing, the kernel is not even asked), then
 *   REPLACE_BEGIN, REPLACE_ADD x N (batched), REPLACE_COMMIT
 * with every request ACKed and every ACK checked: a failed ADD must never
 * be followed by a COMMIT of what was staged before it.
 *
 * Speed, for lists of a million: the prefixes go sorted (the order the
 * kernel builds its tree in, so the commit need not sort them) and
 * packed (SMTP25_A_PACKED4/6: 5 or 17 bytes each, 13,000 IPv4 prefixes
 * a message) when the kernel knows the packed form, as nests otherwise.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "loadfile.h"
#include "msg.h"
#include "packed.h"

/*
 * Batches: many REPLACE_ADD messages per sendmsg.  The kernel handles a
 * whole batch inside sendmsg and queues one ACK per message, so a batch is
 * bounded by the send buffer (its bytes) and by the receive buffer (its
 * ACKs: an error ACK with its extack is an skb of about this truesize).
 */
#define BATCH_BYTES	(4u << 20)
#define ACK_TRUESIZE	2048u
#define RCVBUF_WANTED	(1u << 20)

struct loader {
	struct ctl *c;
	const struct ctl_cmd *cmd;
	const struct s25_load *ld;
	char *buf;			/* the batch: limit + one message */
	size_t limit;			/* bytes per batch */
	size_t max_msgs;		/* messages per batch */
	bool packed;			/* the kernel takes SMTP25_A_PACKED* */
	/* per message of the batch in flight: where it is, what it holds */
	size_t *msg_off, *msg_first, *msg_count;
};

/* "FILE:LINE: PREFIX" (or without the line if the prefix is not there). */
static void prefix_where(const struct s25_load *ld, const struct s25_prefix *p,
			 unsigned long line, char *buf, size_t sz)
{
	char pb[S25_PREFIX_STRLEN];

	s25_prefix_format(p, pb);
	if (line)
		snprintf(buf, sz, "%s:%lu: %s", ld->name, line, pb);
	else
		snprintf(buf, sz, "%s", pb);
}

static int report(struct loader *l, const struct ctl_nlerr *e, long index)
{
	char what[4096 + S25_PREFIX_STRLEN + 32];
	const struct s25_prefix *p;
	unsigned long line;

	if (index >= 0) {
		p = &l->ld->prefixes.v[index];
		line = l->ld->line_of[index];
	} else if (e->has_prefix) {
		p = &e->prefix;
		line = s25_load_line_of(l->ld, p);
	} else {
		return ctl_kernel_err(l->c, e, NULL);
	}
	prefix_where(l->ld, p, line, what, sizeof(what));
	return ctl_kernel_err(l->c, e, what);
}

static int simple(struct loader *l, uint8_t cmd, struct ctl_nlerr *e)
{
	struct nlmsghdr *nlh = ctl_nl_request(&l->c->nl, cmd, 0);

	ctl_msg_put_pool(nlh, l->cmd->pool);
	return ctl_nl_talk(&l->c->nl, nlh, NULL, NULL, e);
}

/* Size the batches from the socket buffers we can get. */
static int setup(struct loader *l)
{
	size_t sndbuf = BATCH_BYTES + 64 * 1024, rcvbuf = RCVBUF_WANTED;

	ctl_nl_buffers(&l->c->nl, &sndbuf, &rcvbuf);
	/* netlink refuses a sendmsg longer than the send buffer - 32 */
	l->limit = sndbuf > 4096 ? sndbuf - 4096 : 0;
	if (l->limit > BATCH_BYTES)
		l->limit = BATCH_BYTES;
	if (l->limit < CTL_MSG_MAX)
		l->limit = CTL_MSG_MAX;	/* one message at a time */
	/* half the receive buffer for ACKs: the kernel counts it loosely */
	l->max_msgs = rcvbuf / 2 / ACK_TRUESIZE;
	if (l->max_msgs < 1)
		l->max_msgs = 1;
	l->packed = l->c->nl.maxattr >= SMTP25_A_PACKED6;
	l->buf = malloc(l->limit + CTL_MSG_MAX);
	l->msg_off = calloc(l->max_msgs, sizeof(size_t));
	l->msg_first = calloc(l->max_msgs, sizeof(size_t));
	l->msg_count = calloc(l->max_msgs, sizeof(size_t));
	if (!l->buf || !l->msg_off || !l->msg_first || !l->msg_count)
		return -1;
	return 0;
}

static void cleanup(struct loader *l)
{
	free(l->buf);
	free(l->msg_off);
	free(l->msg_first);
	free(l->msg_count);
}

/* Send every prefix in REPLACE_ADD batches.  Returns an exit code. */
static int stage(struct loader *l)
{
	const struct s25_prefix_vec *pv = &l->ld->prefixes;
	struct ctl_nl *nl = &l->c->nl;
	struct mnl_nlmsg_batch *b;
	struct nlmsghdr *nlh, *req;
	struct ctl_nlerr e;
	size_t next = 0, msgs, i;
	uint32_t first_seq;
	long at;

	b = mnl_nlmsg_batch_start(l->buf, l->limit);
	if (!b)
		return -1;
	while (next < pv->len) {
		mnl_nlmsg_batch_reset(b);
		first_seq = nl->seq + 1;
		msgs = 0;
		/* whole messages only: the next one must fit the limit */
		while (next < pv->len && msgs < l->max_msgs &&
		       mnl_nlmsg_batch_size(b) + CTL_MSG_MAX <= l->limit) {
			nlh = ctl_msg_start(mnl_nlmsg_batch_current(b),
					    nl->family, SMTP25_CMD_REPLACE_ADD,
					    NLM_F_ACK, ++nl->seq);
			ctl_msg_put_pool(nlh, l->cmd->pool);
			l->msg_off[msgs] = mnl_nlmsg_batch_size(b);
			l->msg_first[msgs] = next;
			l->msg_count[msgs] = l->packed ?
				ctl_msg_put_packed(nlh, CTL_MSG_MAX, pv->v + next,
						   pv->len - next) :
				ctl_msg_put_prefixes(nlh, CTL_MSG_MAX,
						     pv->v + next, pv->len - next);
			next += l->msg_count[msgs];
			msgs++;
			mnl_nlmsg_batch_next(b);
		}
		if (ctl_nl_send(nl, mnl_nlmsg_batch_head(b),
				mnl_nlmsg_batch_size(b), &e) ||
		    ctl_nl_acks(nl, first_seq, (uint32_t)msgs, &e)) {
			i = e.seq - first_seq;
			if (!e.seq || i >= msgs) {	/* a local failure */
				mnl_nlmsg_batch_stop(b);
				return ctl_kernel_err(l->c, &e, "pool load");
			}
			req = (struct nlmsghdr *)((char *)l->buf + l->msg_off[i]);
			at = ctl_refused_prefix(&e, req,
						pv->v + l->msg_first[i],
						l->msg_count[i]);
			mnl_nlmsg_batch_stop(b);
			return report(l, &e, at < 0 ? -1 :
				      (long)l->msg_first[i] + at);
		}
	}
	mnl_nlmsg_batch_stop(b);
	return CTL_EXIT_OK;
}

static int replace(struct loader *l)
{
	struct ctl_nlerr e;
	int rc;

	if (setup(l)) {
		ctl_err(l->c, "out of memory");
		return CTL_EXIT_REFUSED;
	}
	if (simple(l, SMTP25_CMD_REPLACE_BEGIN, &e))
		return ctl_kernel_err(l->c, &e, NULL);
	rc = stage(l);
	if (rc == CTL_EXIT_OK && simple(l, SMTP25_CMD_REPLACE_COMMIT, &e))
		rc = report(l, &e, -1);
	if (rc != CTL_EXIT_OK) {
		/* the kernel drops it with the socket anyway; be explicit */
		simple(l, SMTP25_CMD_REPLACE_ABORT, &e);
		ctl_err(l->c, "pool %s is unchanged", l->cmd->pool);
	}
	return rc;
}

int ctl_pool_load(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct loader l = { .c = c, .cmd = cmd };
	struct ctl_pool *before;
	struct ctl_nlerr e;
	struct s25_load ld;
	size_t n;
	int rc;

	if (strcmp(cmd->file, "-") == 0 && c->stdin_used) {
		ctl_err(c, "pool load: standard input is the batch itself");
		return CTL_EXIT_USAGE;
	}
	rc = s25_load_file(&ld, cmd->file, S25_LOAD_SORTED);
	s25_diag_print(&ld.warnings, ld.name, "warning: ", stderr);
	s25_diag_print(&ld.errors, ld.name, "", stderr);
	if (rc) {
		ctl_err(c, "%s: rejected with %lu error%s; pool %s is unchanged",
			ld.name, ld.errors.count,
			ld.errors.count == 1 ? "" : "s", cmd->pool);
		s25_load_free(&ld);
		return CTL_EXIT_REFUSED;
	}
	rc = ctl_connect(c);
	if (rc)
		goto out;
	/* the pool must exist; its count before is part of the summary */
	if (ctl_pools_get(c, cmd->pool, &before, &n, &e)) {
		rc = ctl_kernel_err(c, &e, NULL);
		goto out;
	}
	l.ld = &ld;
	rc = replace(&l);
	if (rc == CTL_EXIT_OK)
		printf("pool %s: %zu prefixes loaded (was %llu)\n", cmd->pool,
		       ld.prefixes.len,
		       (unsigned long long)(before[0].prefixes4 +
					    before[0].prefixes6));
	free(before);
out:
	cleanup(&l);
	s25_load_free(&ld);
	return rc;
}
