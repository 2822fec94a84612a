// SPDX-License-Identifier: GPL-2.0-or-later
/* quarantine add, remember, del, forget and list. */
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include <linux/genetlink.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "quar.h"

struct quar_list {
	struct ctl_quar *v;
	size_t len, cap;
};

/* Every SMTP25_A_QUARANTINE of a reply (one or several per message). */
static int quars_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTL_TB_SIZE], *attr;
	struct quar_list *l = data;

	if (ctl_msg_parse(nlh, tb))
		return MNL_CB_ERROR;
	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != SMTP25_A_QUARANTINE)
			continue;
		if (l->len == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;
			struct ctl_quar *v = realloc(l->v, cap * sizeof(*v));

			if (!v) {
				errno = ENOMEM;
				return MNL_CB_ERROR;
			}
			l->v = v;
			l->cap = cap;
		}
		if (ctl_quar_decode(attr, &l->v[l->len]))
			return MNL_CB_ERROR;
		l->len++;
	}
	return MNL_CB_OK;
}

static void quars_reset(void *data)
{
	struct quar_list *l = data;

	l->len = 0;
}

int ctl_quars_get(struct ctl *c, bool history, struct ctl_quar **v,
		  size_t *n, struct ctl_nlerr *e)
{
	struct quar_list l = { NULL, 0, 0 };

	if (ctl_dump_whole(c, SMTP25_CMD_QUAR_GET, NULL,
			   history ? SMTP25_A_QUAR_HISTORY : 0, quars_cb,
			   quars_reset, &l, "the quarantine", e)) {
		free(l.v);
		return -1;
	}
	qsort(l.v, l.len, sizeof(*l.v), ctl_quar_cmp);
	*v = l.v;
	*n = l.len;
	return 0;
}

/* QUAR_ADD; remember: with SMTP25_A_RELEASED, a host released but kept. */
int ctl_quar_add(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_QUAR_ADD, 0);
	struct ctl_nlerr e;

	ctl_msg_put_addr(nlh, cmd->addrs[0].family, cmd->addrs[0].addr);
	/* "expires 0" is sent too: the user said never */
	if (cmd->settings.given & CTL_SET_EXPIRES)
		mnl_attr_put_u32(nlh, SMTP25_A_EXPIRES, cmd->settings.expires);
	if (cmd->offences)
		mnl_attr_put_u32(nlh, SMTP25_A_OFFENCES, cmd->offences);
	if (cmd->op == CTL_QUAR_REMEMBER)
		mnl_attr_put_u32(nlh, SMTP25_A_RELEASED, cmd->released);
	if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
		return ctl_kernel_err(c, &e, cmd->args[0]);
	return CTL_EXIT_OK;
}

/* QUAR_DEL; forget: with SMTP25_A_FORGET, the record goes too. */
int ctl_quar_del(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_QUAR_DEL, 0);
	struct ctl_nlerr e;

	ctl_msg_put_addr(nlh, cmd->addrs[0].family, cmd->addrs[0].addr);
	if (cmd->op == CTL_QUAR_FORGET)
		mnl_attr_put(nlh, SMTP25_A_FORGET, 0, NULL);
	if (ctl_nl_talk(&c->nl, nlh, NULL, NULL, &e))
		return ctl_kernel_err(c, &e, cmd->args[0]);
	return CTL_EXIT_OK;
}

int ctl_quar_list(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_quar *v;
	struct ctl_nlerr e;
	struct ctl_json j;
	size_t n, i;

	if (ctl_quars_get(c, cmd->all, &v, &n, &e))
		return ctl_kernel_err(c, &e, NULL);
	if (c->json) {
		ctl_json_init(&j, stdout);
		ctl_json_begin_array(&j);
		for (i = 0; i < n; i++) {
			if (cmd->all)
				ctl_quar_json_all(&j, &v[i]);
			else
				ctl_quar_json(&j, &v[i]);
		}
		ctl_json_end_array(&j);
		ctl_json_end_line(&j);
	} else if (cmd->all) {
		ctl_quar_table_all(stdout, v, n, (uint64_t)time(NULL));
	} else {
		ctl_quar_table(stdout, v, n, (uint64_t)time(NULL));
	}
	free(v);
	return CTL_EXIT_OK;
}
