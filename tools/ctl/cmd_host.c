// SPDX-License-Identifier: GPL-2.0-or-later
/* host show, host list, host flush: the per-host accounting table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/genetlink.h>

#include "ctl.h"
#include "host.h"
#include "json.h"
#include "msg.h"
#include "quar.h"
#include "topn.h"

/* Every SMTP25_A_HOST of a reply (one or several per message) into t. */
static int hosts_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTL_TB_SIZE], *attr;
	struct ctl_topn *t = data;
	struct ctl_host h;

	if (ctl_msg_parse(nlh, tb))
		return MNL_CB_ERROR;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != SMTP25_A_HOST)
			continue;
		if (ctl_host_decode(attr, &h))
			return MNL_CB_ERROR;
		if (ctl_topn_add(t, &h)) {
			errno = ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

static void hosts_reset(void *data)
{
	ctl_topn_clear(data);
}

int ctl_hosts_get(struct ctl *c, const char *pool, struct ctl_topn *t,
		  struct ctl_nlerr *e)
{
	return ctl_dump_whole(c, SMTP25_CMD_HOST_GET, pool, 0, hosts_cb,
			      hosts_reset, t, "the host table", e);
}

void ctl_print_hosts(const struct ctl *c, const struct ctl_host *v,
		     size_t n)
{
	struct ctl_json j;
	size_t i;

	if (!c->json) {
		ctl_host_table(stdout, v, n, (uint64_t)time(NULL));
		return;
	}
	ctl_json_init(&j, stdout);
	ctl_json_begin_array(&j);
	for (i = 0; i < n; i++)
		ctl_host_json(&j, &v[i], false);
	ctl_json_end_array(&j);
	ctl_json_end_line(&j);
}

/* host list [pool NAME]: every host, by address. */
int ctl_host_list(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_topn t;
	struct ctl_nlerr e;

	ctl_topn_init(&t, 0, ctl_host_cmp_addr);
	if (ctl_hosts_get(c, cmd->pool, &t, &e)) {
		ctl_topn_free(&t);
		return ctl_kernel_err(c, &e, NULL);
	}
	ctl_topn_sort(&t);
	ctl_print_hosts(c, t.v, t.len);
	ctl_topn_free(&t);
	return CTL_EXIT_OK;
}

/* The quarantine record of a quarantined host, if the kernel has one. */
static bool find_record(struct ctl *c, const struct ctl_host *h,
			struct ctl_quar *out)
{
	struct ctl_quar *v, key, *q;
	struct ctl_nlerr e;
	size_t n;

	if (!h->quarantined || ctl_quars_get(c, false, &v, &n, &e))
		return false;	/* the host itself is still worth showing */
	key.addr = h->addr;
	q = bsearch(&key, v, n, sizeof(*v), ctl_quar_cmp);
	if (q)
		*out = *q;
	free(v);
	return q != NULL;
}

int ctl_host_show(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_HOST_GET, 0);
	struct ctl_quar q;
	struct ctl_topn t;
	struct ctl_nlerr e;
	struct ctl_json j;
	bool have_q;

	ctl_topn_init(&t, 0, ctl_host_cmp_addr);
	ctl_msg_put_addr(nlh, cmd->addrs[0].family, cmd->addrs[0].addr);
	if (ctl_nl_talk(&c->nl, nlh, hosts_cb, &t, &e)) {
		ctl_topn_free(&t);
		if (e.error == ENOENT && !e.msg[0])
			snprintf(e.msg, sizeof(e.msg), "not in the host table");
		return ctl_kernel_err(c, &e, cmd->args[0]);
	}
	if (t.len != 1) {
		if (t.len)
			ctl_err(c, "%s: the kernel sent %zu hosts for one address",
				cmd->args[0], t.len);
		else
			ctl_err(c, "%s: not in the host table", cmd->args[0]);
		ctl_topn_free(&t);
		return CTL_EXIT_REFUSED;
	}
	have_q = find_record(c, &t.v[0], &q);
	if (c->json) {
		ctl_json_init(&j, stdout);
		ctl_host_json(&j, &t.v[0], true);
		ctl_json_key(&j, "quarantine");
		if (have_q)
			ctl_quar_json(&j, &q);
		else
			ctl_json_null(&j);
		ctl_json_end_object(&j);
		ctl_json_end_line(&j);
	} else {
		ctl_host_detail(stdout, &t.v[0], have_q ? &q : NULL,
				(uint64_t)time(NULL));
	}
	ctl_topn_free(&t);
	return CTL_EXIT_OK;
}

int ctl_host_flush(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_HOST_DEL, 0);
	struct ctl_nlerr e;

	if (cmd->naddrs)
		ctl_msg_put_addr(nlh, cmd->addrs[0].family, cmd->addrs[0].addr);
	if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
		return ctl_kernel_err(c, &e, cmd->naddrs ? cmd->args[0] : NULL);
	return CTL_EXIT_OK;
}
