// SPDX-License-Identifier: GPL-2.0-or-later
/* pool add, pool del, pool set, pool list, pool show. */
#include <stdlib.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "poolout.h"

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

int ctl_pool_set(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_POOL_SET, 0);
	struct ctl_nlerr e;

	ctl_msg_put_pool(nlh, cmd->pool);
	ctl_msg_put_settings(nlh, &cmd->settings);
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
			ctl_pool_json(&j, &v[0]);
		} else {
			ctl_json_begin_array(&j);
			for (i = 0; i < n; i++)
				ctl_pool_json(&j, &v[i]);
			ctl_json_end_array(&j);
		}
		ctl_json_end_line(&j);
	} else {
		ctl_pool_table(stdout, v, n);
	}
	free(v);
	return CTL_EXIT_OK;
}
