// SPDX-License-Identifier: GPL-2.0-or-later
/* lookup ADDR...: the most specific prefix covering each address. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "names.h"
#include "textout.h"

struct match {
	char address[INET6_ADDRSTRLEN];
	char pool[SMTP25_POOL_NAME_LEN];	/* "" when nothing covers it */
	const char *type;
	char prefix[S25_PREFIX_STRLEN];
};

static int lookup_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTL_TB_SIZE];
	struct match *m = data;
	struct s25_prefix p;
	const char *ignored;

	if (ctl_msg_parse(nlh, tb) || !tb[SMTP25_A_ADDR])
		return MNL_CB_ERROR;
	ctl_addr_format(tb[SMTP25_A_ADDR], m->address, sizeof(m->address));
	if (!tb[SMTP25_A_POOL_NAME])
		return MNL_CB_OK;
	if (!tb[SMTP25_A_POOL_TYPE] || !tb[SMTP25_A_PREFIX] ||
	    ctl_msg_get_prefix(tb[SMTP25_A_PREFIX], &p, &ignored))
		return MNL_CB_ERROR;
	snprintf(m->pool, sizeof(m->pool), "%s",
		 mnl_attr_get_str(tb[SMTP25_A_POOL_NAME]));
	m->type = ctl_pool_type_name(mnl_attr_get_u8(tb[SMTP25_A_POOL_TYPE]));
	if (!m->type)
		m->type = "?";
	s25_prefix_format(&p, m->prefix);
	return MNL_CB_OK;
}

static void print_json(const struct match *m, size_t n)
{
	struct ctl_json j;
	size_t i;

	ctl_json_init(&j, stdout);
	ctl_json_begin_array(&j);
	for (i = 0; i < n; i++) {
		bool hit = m[i].pool[0] != '\0';

		ctl_json_begin_object(&j);
		ctl_json_key(&j, "address");
		ctl_json_string(&j, m[i].address);
		ctl_json_key(&j, "pool");
		ctl_json_string_or_null(&j, hit ? m[i].pool : NULL);
		ctl_json_key(&j, "type");
		ctl_json_string_or_null(&j, hit ? m[i].type : NULL);
		ctl_json_key(&j, "prefix");
		ctl_json_string_or_null(&j, hit ? m[i].prefix : NULL);
		ctl_json_end_object(&j);
	}
	ctl_json_end_array(&j);
	ctl_json_end_line(&j);
}

static int widest(const struct match *m, size_t n, size_t field, int min)
{
	size_t i;
	int w = min, len;

	for (i = 0; i < n; i++) {
		const char *s = field == 0 ? m[i].address :
				field == 1 ? m[i].pool : m[i].type;

		len = s ? (int)strlen(s) : 0;
		if (len > w)
			w = len;
	}
	return w;
}

/* Nothing covers an address: "-" in its POOL, TYPE and PREFIX cells. */
static void print_table(const struct match *m, size_t n)
{
	int wa = widest(m, n, 0, 7), wp = widest(m, n, 1, 4);
	int wt = widest(m, n, 2, 4);
	size_t i;

	printf("%-*s %-*s %-*s PREFIX\n", wa, "ADDRESS", wp, "POOL", wt,
	       "TYPE");
	for (i = 0; i < n; i++) {
		bool hit = m[i].pool[0] != '\0';

		ctl_print_cell(stdout, m[i].address, wa);
		ctl_print_cell(stdout, hit ? m[i].pool : "-", wp);
		ctl_print_cell(stdout, hit ? m[i].type : "-", wt);
		printf("%s\n", hit ? m[i].prefix : "-");
	}
}

int ctl_lookup(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct match *m = calloc(cmd->naddrs, sizeof(*m));
	struct nlmsghdr *nlh;
	struct ctl_nlerr e;
	size_t i;
	int rc;

	if (!m) {
		ctl_err(c, "out of memory");
		return CTL_EXIT_REFUSED;
	}
	for (i = 0; i < cmd->naddrs; i++) {
		const struct ctl_addr *a = &cmd->addrs[i];

		nlh = ctl_nl_request(&c->nl, SMTP25_CMD_LOOKUP, 0);
		mnl_attr_put(nlh, SMTP25_A_ADDR, a->family == AF_INET ? 4 : 16,
			     a->addr);
		if (ctl_nl_talk(&c->nl, nlh, lookup_cb, &m[i], &e)) {
			rc = ctl_kernel_err(c, &e, cmd->args[i]);
			free(m);
			return rc;
		}
	}
	if (c->json)
		print_json(m, cmd->naddrs);
	else
		print_table(m, cmd->naddrs);
	free(m);
	return CTL_EXIT_OK;
}
