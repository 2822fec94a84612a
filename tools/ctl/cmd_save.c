// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * save: the namespace's pools and prefixes as a batch for "smtp25ctl -b"
 * that rebuilds them in an empty namespace:
 *   pool add NAME type TYPE [comment "TEXT"]     (every pool first)
 *   pool set NAME SETTING VALUE...               (pools with settings)
 *   prefix add NAME PREFIX...                    (then their prefixes)
 *   quarantine remember ADDR offences N released SECONDS   (released hosts)
 *   quarantine add ADDR [expires SECONDS] [offences N]   (quarantined hosts)
 * A host of the quarantine pool with a quarantine record is saved as
 * "quarantine add" with the time it has left, so that it is released
 * when it would have been, and its count of offences, so that its next
 * quarantine is as long as it would have been; the pool's other
 * prefixes as prefixes. A host released but still remembered is saved
 * as "quarantine remember" with its count and how long ago it was
 * released, so that its next quarantine is still doubled and it is
 * forgotten when it would have been (the time the system was down not
 * counted, as for the expiries). Those lines come before the
 * "quarantine add" ones: a save cut short in them lacks prefixes too,
 * which smtp25-restore's check of the header's counts finds; the header
 * also counts the "quarantine remember" lines, for a cut among them.
 * The snapshot is consistent: the namespace's generation (bumped by every
 * change) is the same before and after the dumps, else they are redone.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "msg.h"
#include "pfxtext.h"
#include "quar.h"
#include "saveout.h"
#include "spool.h"

/* Prefixes per "prefix add" line: one request each on restore. */
#define PER_LINE 256

struct save_out {
	FILE *fp;
	const char *pool;
	unsigned int on_line;	/* prefixes on the current line */
	uint64_t count;
	struct save_quars *quars;	/* the quarantine pool's, else NULL */
};

/* A host prefix with a quarantine record: note it instead of saving it. */
static bool held(struct save_quars *sq, const struct s25_prefix *p)
{
	struct ctl_quar key, *q;

	if (!sq)
		return false;
	key.addr.family = p->family;
	key.addr.plen = p->plen;
	memcpy(key.addr.addr, p->addr, sizeof(key.addr.addr));
	q = bsearch(&key, sq->v, sq->n, sizeof(*sq->v), ctl_quar_cmp);
	/* a released host's record: the prefix was added by hand since */
	if (!q || q->released)
		return false;
	sq->held[q - sq->v] = true;
	return true;
}

static int save_prefix_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTL_TB_SIZE], *nest;
	struct save_out *o = data;
	char buf[S25_PREFIX_STRLEN];
	struct s25_prefix p;
	const char *pool;

	if (ctl_msg_parse(nlh, tb))
		return MNL_CB_ERROR;
	if (!tb[SMTP25_A_PREFIXES])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(nest, tb[SMTP25_A_PREFIXES]) {
		if (ctl_msg_get_prefix(nest, &p, &pool))
			return MNL_CB_ERROR;
		o->count++;
		if (held(o->quars, &p))
			continue;
		if (o->on_line == PER_LINE) {
			fputc('\n', o->fp);
			o->on_line = 0;
		}
		if (!o->on_line)
			fprintf(o->fp, "prefix add %s", o->pool);
		putc(' ', o->fp);
		fwrite(buf, 1, ctl_prefix_text(&p, buf), o->fp);
		o->on_line++;
	}
	return MNL_CB_OK;
}

/* One pool's prefixes: 0, 1 when raced, -1 with e. */
static int save_prefixes(struct ctl *c, const char *pool, FILE *fp,
			 uint64_t *count, struct save_quars *sq,
			 struct ctl_nlerr *e)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_PREFIX_GET, 0);
	struct save_out o = { .fp = fp, .pool = pool, .quars = sq };
	int rc;

	ctl_msg_put_pool(nlh, pool);
	rc = ctl_nl_dump(&c->nl, nlh, save_prefix_cb, &o, e);
	if (o.on_line)
		fputc('\n', fp);
	*count += o.count;
	return rc;
}

/*
 * The quarantine records, of hosts in quarantine and of those released
 * but remembered (which outlive the quarantine pool): 0, or -1 with e.
 * A module without quarantine records has none; one without their
 * history (EINVAL: it does not know the flag) gives those in quarantine.
 */
static int get_quars(struct ctl *c, struct save_quars *sq,
		     struct ctl_nlerr *e)
{
	memset(sq, 0, sizeof(*sq));
	if (ctl_quars_get(c, true, &sq->v, &sq->n, e) &&
	    (e->error != EINVAL ||
	     ctl_quars_get(c, false, &sq->v, &sq->n, e)))
		return e->error == EOPNOTSUPP ? 0 : -1;
	sq->held = calloc(sq->n ? sq->n : 1, sizeof(*sq->held));
	if (!sq->held) {
		free(sq->v);
		memset(e, 0, sizeof(*e));
		e->error = ENOMEM;
		return -1;
	}
	return 0;
}

/* The whole snapshot into fp: 0, 1 when it raced a change, -1 with e. */
static int save_once(struct ctl *c, FILE *fp, struct ctl_nlerr *e)
{
	struct ctl_stats before, after;
	struct ctl_pool *pools = NULL;
	struct save_quars sq;
	uint64_t count = 0;
	size_t n, i;
	int rc;

	if (ctl_stats_get(c, &before, e) ||
	    ctl_pools_get(c, NULL, &pools, &n, e))
		return -1;
	if (get_quars(c, &sq, e)) {
		free(pools);
		return -1;
	}
	/* the counts let smtp25-restore tell a save cut short at a line end */
	fprintf(fp, "# smtp25ctl save: %zu pools, %" PRIu64
		" prefixes, generation %" PRIu64 ", %zu remembered\n", n,
		before.prefixes4 + before.prefixes6, before.generation,
		ctl_save_nremembered(&sq));
	for (i = 0; i < n; i++)
		ctl_save_pool(fp, &pools[i]);
	for (i = 0; i < n; i++)
		ctl_save_settings(fp, &pools[i]);
	for (i = 0, rc = 0; i < n && rc == 0; i++) {
		bool quarantine = sq.held &&
			strcmp(pools[i].name, SMTP25_QUARANTINE_POOL) == 0;

		rc = save_prefixes(c, pools[i].name, fp, &count,
				   quarantine ? &sq : NULL, e);
	}
	if (rc == 0 && sq.held) {
		uint64_t now = (uint64_t)time(NULL);

		ctl_save_remembered(fp, &sq, now);
		ctl_save_quarantined(fp, &sq, now);
	}
	free(sq.v);
	free(sq.held);
	free(pools);
	/* a pool deleted under us ends its dump with ENOENT: a race too */
	if (rc < 0 && e->error != ENOENT)
		return -1;
	if (ctl_stats_get(c, &after, e))
		return -1;
	if (after.generation != before.generation)
		return 1;
	if (rc < 0)
		return -1;
	return rc;
}

int ctl_save(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_spool s;
	struct ctl_nlerr e;
	int attempt, rc;

	(void)cmd;
	ctl_spool_open(&s);
	for (attempt = 1;; attempt++) {
		rc = save_once(c, s.fp, &e);
		if (rc != 1)
			break;
		if (attempt == CTL_DUMP_TRIES || ctl_spool_restart(&s)) {
			ctl_spool_discard(&s);
			ctl_err(c, "the pools kept changing during the save; no consistent snapshot was written");
			return CTL_EXIT_REFUSED;
		}
		if (attempt >= CTL_DUMP_QUIET_TRIES)
			ctl_err(c, "the pools changed during the save; saving again (try %d of %d)",
				attempt + 1, CTL_DUMP_TRIES);
	}
	if (rc) {
		ctl_spool_discard(&s);
		return ctl_kernel_err(c, &e, NULL);
	}
	if (ctl_spool_finish(&s)) {
		ctl_err(c, "cannot write the save: %s", strerror(errno));
		return CTL_EXIT_REFUSED;
	}
	return CTL_EXIT_OK;
}
