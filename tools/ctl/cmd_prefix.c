// SPDX-License-Identifier: GPL-2.0-or-later
/* prefix add, prefix del, prefix list. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "pfxtext.h"
#include "spool.h"

/*
 * The prefix of v[0 .. n) the kernel refused: named by the error's
 * cookie, else found from the offset of the attribute at fault.  -1 if
 * the error is not about one prefix.
 */
long ctl_refused_prefix(const struct ctl_nlerr *e,
			const struct nlmsghdr *req,
			const struct s25_prefix *v, size_t n)
{
	long i;

	if (e->has_prefix) {
		for (i = 0; (size_t)i < n; i++)
			if (s25_prefix_cmp(&v[i], &e->prefix) == 0)
				return i;
	}
	if (e->has_offset) {
		i = ctl_msg_prefix_at(req, e->offset);
		if (i >= 0 && (size_t)i < n)
			return i;
	}
	return -1;
}

static int change_failed(struct ctl *c, const struct ctl_cmd *cmd,
			 const struct ctl_nlerr *e,
			 const struct nlmsghdr *req, size_t first, size_t n)
{
	char what[S25_PREFIX_STRLEN + 300], buf[S25_PREFIX_STRLEN];
	long i = ctl_refused_prefix(e, req, cmd->prefixes.v + first, n);
	const char *word;
	int rc;

	if (i < 0 && e->has_prefix) {
		/* a prefix the kernel named that is not in this request */
		rc = ctl_kernel_err(c, e, s25_prefix_format(&e->prefix, buf));
	} else if (i < 0) {
		rc = ctl_kernel_err(c, e, NULL);
	} else {
		i += (long)first;
		s25_prefix_format(&cmd->prefixes.v[i], buf);
		word = cmd->args[cmd->arg_of[i]];
		/* name the word too when it was a range or a bare address */
		if (strcmp(word, buf) == 0)
			snprintf(what, sizeof(what), "%s", buf);
		else
			snprintf(what, sizeof(what), "%s (from %s)", buf, word);
		rc = ctl_kernel_err(c, e, what);
	}
	if (first)
		ctl_err(c, "the first %zu of %zu prefixes were %s by earlier requests and stay so",
			first, cmd->prefixes.len,
			cmd->op == CTL_PREFIX_ADD ? "added" : "deleted");
	return rc;
}

/*
 * prefix add/del: every prefix in one request when they fit in one
 * message (then the kernel applies all or none); more are split over
 * several requests, each all or nothing.
 */
int ctl_prefix_change(struct ctl *c, const struct ctl_cmd *cmd)
{
	uint8_t op = cmd->op == CTL_PREFIX_ADD ? SMTP25_CMD_PREFIX_ADD :
						 SMTP25_CMD_PREFIX_DEL;
	const struct s25_prefix_vec *pv = &cmd->prefixes;
	struct nlmsghdr *nlh;
	struct ctl_nlerr e;
	size_t done = 0, n;

	while (done < pv->len) {
		nlh = ctl_nl_request(&c->nl, op, 0);
		ctl_msg_put_pool(nlh, cmd->pool);
		n = ctl_msg_put_prefixes(nlh, CTL_MSG_MAX, pv->v + done,
					 pv->len - done);
		if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
			return change_failed(c, cmd, &e, nlh, done, n);
		done += n;
	}
	return CTL_EXIT_OK;
}

/* --- prefix list ---------------------------------------------------------- */

struct list_out {
	FILE *fp;
	struct ctl_json *json;	/* NULL: text */
	unsigned long count;
};

/* Each PREFIXES nest of a PREFIX_GET dump message, one line per prefix. */
static int prefix_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTL_TB_SIZE], *nest;
	struct list_out *o = data;
	char buf[S25_PREFIX_STRLEN];
	struct s25_prefix p;
	const char *pool;
	size_t len;

	if (ctl_msg_parse(nlh, tb))
		return MNL_CB_ERROR;
	if (!tb[SMTP25_A_PREFIXES])
		return MNL_CB_OK;
	mnl_attr_for_each_nested(nest, tb[SMTP25_A_PREFIXES]) {
		if (ctl_msg_get_prefix(nest, &p, &pool) || !pool)
			return MNL_CB_ERROR;
		len = ctl_prefix_text(&p, buf);
		if (o->json) {
			ctl_json_begin_object(o->json);
			ctl_json_key(o->json, "prefix");
			ctl_json_string(o->json, buf);
			ctl_json_key(o->json, "pool");
			ctl_json_string(o->json, pool);
			ctl_json_end_object(o->json);
		} else {
			fwrite(buf, 1, len, o->fp);
			putc(' ', o->fp);
			fputs(pool, o->fp);
			putc('\n', o->fp);
		}
		o->count++;
	}
	return MNL_CB_OK;
}

/* One whole dump into fp: 0, 1 if it raced a change, else -1 (e). */
static int list_once(struct ctl *c, const char *pool, FILE *fp, bool json,
		     struct ctl_nlerr *e)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_PREFIX_GET, 0);
	struct list_out o = { .fp = fp };
	struct ctl_json j;
	int rc;

	if (pool)
		ctl_msg_put_pool(nlh, pool);
	if (json) {
		ctl_json_init(&j, fp);
		ctl_json_begin_array(&j);
		o.json = &j;
	}
	rc = ctl_nl_dump(&c->nl, nlh, prefix_cb, &o, e);
	if (json) {
		ctl_json_end_array(&j);
		ctl_json_end_line(&j);
	}
	return rc;
}

int ctl_prefix_list(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_spool s;
	struct ctl_nlerr e;
	int attempt, rc;

	ctl_spool_open(&s);
	for (attempt = 1;; attempt++) {
		rc = list_once(c, cmd->pool, s.fp, c->json, &e);
		if (rc != 1)
			break;
		if (attempt == CTL_DUMP_TRIES || ctl_spool_restart(&s)) {
			ctl_err(c, "the prefixes kept changing during the dump; this list may be inconsistent");
			ctl_spool_finish(&s);
			return CTL_EXIT_REFUSED;
		}
		if (attempt >= CTL_DUMP_QUIET_TRIES)
			ctl_err(c, "the prefixes changed during the dump; dumping again (try %d of %d)",
				attempt + 1, CTL_DUMP_TRIES);
	}
	if (rc) {
		ctl_spool_discard(&s);
		/* Linux 6.1 has no extack while a dump starts: say it here */
		if (e.error == ENOENT && !e.msg[0] && cmd->pool)
			snprintf(e.msg, sizeof(e.msg), "no pool of this name");
		return ctl_kernel_err(c, &e, NULL);
	}
	if (ctl_spool_finish(&s)) {
		ctl_err(c, "cannot write the list: %s", strerror(errno));
		return CTL_EXIT_REFUSED;
	}
	return CTL_EXIT_OK;
}
