// SPDX-License-Identifier: GPL-2.0-or-later
/* top [-n N] [pool NAME]: the worst offenders of the host table first. */
#include "ctl.h"
#include "topn.h"

int ctl_top(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct ctl_topn t;
	struct ctl_nlerr e;

	/* only the first n are kept, however large the table */
	ctl_topn_init(&t, cmd->count, ctl_host_cmp_top);
	if (ctl_hosts_get(c, cmd->pool, &t, &e)) {
		ctl_topn_free(&t);
		return ctl_kernel_err(c, &e, NULL);
	}
	ctl_topn_sort(&t);
	ctl_print_hosts(c, t.v, t.len);
	ctl_topn_free(&t);
	return CTL_EXIT_OK;
}
