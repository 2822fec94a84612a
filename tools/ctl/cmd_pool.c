// SPDX-License-Identifier: GPL-2.0-or-later
/* pool add, pool del, pool list, pool show. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "names.h"
#include "textout.h"

int ctl_pool_add(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_POOL_NEW, 0);
	struct ctl_nlerr e;

	ctl_msg_put_pool(nlh, cmd->pool);
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, (uint8_t)cmd->type);
	if (cmd->comment)
		mnl_attr_put_strz(nlh, SMTP25_A_POOL_COMMENT, cmd->comment);
	if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
		return ctl_kernel_err(c, &e, NULL);
	return CTL_EXIT_OK;
}

int ctl_pool_del(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_POOL_DEL, 0);
	struct ctl_nlerr e;

	ctl_msg_put_pool(nlh, cmd->pool);
	if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
		return ctl_kernel_err(c, &e, NULL);
	return CTL_EXIT_OK;
}

/* Pools are few (each is a named policy): a list of them is kept. */
struct pool_list {
	struct ctl_pool *v;
	size_t len, cap;
};

static int pool_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pool_list *l = data;

	if (l->len == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct ctl_pool *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return MNL_CB_ERROR;
		l->v = v;
		l->cap = cap;
	}
	if (ctl_msg_get_pool(nlh, &l->v[l->len]))
		return MNL_CB_ERROR;
	l->len++;
	return MNL_CB_OK;
}

int ctl_pools_get(struct ctl *c, const char *name, struct ctl_pool **pools,
		  size_t *n, struct ctl_nlerr *e)
{
	struct pool_list l = { NULL, 0, 0 };
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_POOL_GET, 0);
	int rc;

	if (name) {
		ctl_msg_put_pool(nlh, name);
		rc = ctl_nl_talk(&c->nl, nlh, pool_cb, &l, e);
	} else {
		/* the pool dump is one pass over a small idr: no retry */
		rc = ctl_nl_dump(&c->nl, nlh, pool_cb, &l, e) < 0 ? -1 : 0;
	}
	if (rc) {
		free(l.v);
		return -1;
	}
	*pools = l.v;
	*n = l.len;
	return 0;
}

static const char *type_name(unsigned int type)
{
	const char *n = ctl_pool_type_name(type);

	return n ? n : "?";
}

static void pool_json(struct ctl_json *j, const struct ctl_pool *p)
{
	ctl_json_begin_object(j);
	ctl_json_key(j, "name");
	ctl_json_string(j, p->name);
	ctl_json_key(j, "type");
	ctl_json_string(j, type_name(p->type));
	ctl_json_key(j, "comment");
	ctl_json_string_or_null(j, p->comment[0] ? p->comment : NULL);
	ctl_json_key(j, "prefixes4");
	ctl_json_u64(j, p->prefixes4);
	ctl_json_key(j, "prefixes6");
	ctl_json_u64(j, p->prefixes6);
	ctl_json_key(j, "packets");
	ctl_json_u64(j, p->packets);
	ctl_json_end_object(j);
}

static int width(const char *s, int w)
{
	int n = (int)strlen(s);

	return n > w ? n : w;
}

static void pool_table(const struct ctl_pool *v, size_t n)
{
	int wname = 4, wtype = 4, w4 = 9, w6 = 9;
	char num4[24], num6[24];
	size_t i;

	for (i = 0; i < n; i++) {
		wname = width(v[i].name, wname);
		wtype = width(type_name(v[i].type), wtype);
		snprintf(num4, sizeof(num4), "%" PRIu64, v[i].prefixes4);
		snprintf(num6, sizeof(num6), "%" PRIu64, v[i].prefixes6);
		w4 = width(num4, w4);
		w6 = width(num6, w6);
	}
	printf("%-*s %-*s %*s %*s COMMENT\n", wname, "NAME", wtype, "TYPE",
	       w4, "PREFIXES4", w6, "PREFIXES6");
	for (i = 0; i < n; i++) {
		ctl_print_cell(stdout, v[i].name, wname);
		ctl_print_cell(stdout, type_name(v[i].type), wtype);
		printf("%*" PRIu64 " %*" PRIu64, w4, v[i].prefixes4, w6,
		       v[i].prefixes6);
		if (v[i].comment[0]) {	/* no blank at the end of a line */
			putchar(' ');
			ctl_print_safe(stdout, v[i].comment);
		}
		putchar('\n');
	}
}

/* pool list (every pool) and pool show NAME (one). */
int ctl_pool_list(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_pool *v;
	struct ctl_nlerr e;
	struct ctl_json j;
	size_t n, i;

	if (ctl_pools_get(c, cmd->op == CTL_POOL_SHOW ? cmd->pool : NULL, &v,
			  &n, &e))
		return ctl_kernel_err(c, &e, NULL);
	if (c->json) {
		ctl_json_init(&j, stdout);
		if (cmd->op == CTL_POOL_SHOW && n == 1) {
			pool_json(&j, &v[0]);
		} else {
			ctl_json_begin_array(&j);
			for (i = 0; i < n; i++)
				pool_json(&j, &v[i]);
			ctl_json_end_array(&j);
		}
		ctl_json_end_line(&j);
	} else {
		pool_table(v, n);
	}
	free(v);
	return CTL_EXIT_OK;
}
