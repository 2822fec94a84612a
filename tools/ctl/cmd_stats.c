// SPDX-License-Identifier: GPL-2.0-or-later
/* stats: the namespace's counters, as text, JSON or for Prometheus. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "prom.h"
#include "textout.h"

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	return ctl_msg_get_stats(nlh, data) ? MNL_CB_ERROR : MNL_CB_OK;
}

int ctl_stats_get(struct ctl *c, struct ctl_stats *st, struct ctl_nlerr *e)
{
	struct nlmsghdr *nlh = ctl_nl_request(&c->nl, SMTP25_CMD_STATS, 0);

	return ctl_nl_talk(&c->nl, nlh, stats_cb, st, e);
}

/*
 * The namespace's counters, then per pool the lookups that smtp25 rules
 * made into it (counted per CPU in the kernel, summed here).
 */
static void print_stats(const struct ctl_stats *st, const struct ctl_pool *pools,
			size_t npools, bool json)
{
	const struct {
		const char *name;
		uint64_t value;
		bool have;	/* what an older module does not send is not 0 */
	} rows[] = {
		{ "prefixes4", st->prefixes4, true },
		{ "prefixes6", st->prefixes6, true },
		{ "pools", st->pools, true },
		{ "memory", st->memory, true },
		{ "generation", st->generation, true },
		{ "max_prefixes", st->max_prefixes, true },
		{ "hosts", st->hosts, st->has_hosts },
		{ "max_hosts", st->max_hosts, st->has_hosts },
		{ "hosts_evicted", st->hosts_evicted, st->has_hosts },
		{ "hosts_dropped", st->hosts_dropped, st->has_hosts },
		{ "quarantined", st->quarantined, st->has_hosts },
	};
	const size_t nrows = sizeof(rows) / sizeof(rows[0]);
	struct ctl_json j;
	int w = 0;
	size_t i;

	if (json) {
		ctl_json_init(&j, stdout);
		ctl_json_begin_object(&j);
		for (i = 0; i < nrows; i++) {
			ctl_json_key(&j, rows[i].name);
			ctl_json_u64_or_null(&j, rows[i].have, rows[i].value);
		}
		ctl_json_key(&j, "packets");
		ctl_json_begin_object(&j);
		for (i = 0; i < npools; i++) {
			ctl_json_key(&j, pools[i].name);
			ctl_json_u64(&j, pools[i].packets);
		}
		ctl_json_end_object(&j);
		ctl_json_end_object(&j);
		ctl_json_end_line(&j);
		return;
	}
	for (i = 0; i < nrows; i++)
		w = ctl_width(rows[i].name, w);
	for (i = 0; i < nrows; i++) {
		printf("%-*s ", w, rows[i].name);
		if (rows[i].have)
			printf("%" PRIu64 "\n", rows[i].value);
		else
			printf("-\n");
	}
	for (i = 0; i < npools; i++)
		printf("packets %-31s %" PRIu64 "\n", pools[i].name,
		       pools[i].packets);
}

int ctl_stats(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_pool *pools = NULL;
	struct ctl_stats st;
	struct ctl_nlerr e;
	size_t npools = 0;

	if (ctl_stats_get(c, &st, &e) ||
	    ctl_pools_get(c, NULL, &pools, &npools, &e))
		return ctl_kernel_err(c, &e, NULL);
	if (cmd->prometheus)
		ctl_prom_write(stdout, &st, pools, npools);
	else
		print_stats(&st, pools, npools, c->json);
	free(pools);
	return CTL_EXIT_OK;
}
