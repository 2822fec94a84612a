// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smtp25ctl policy apply [FILE] | policy remove: the nft table that
 * enforces the MAAWG practices, built by libnft-ext's policy library in
 * one nfnetlink transaction.
 */
#include <stdio.h>

#include "ctl.h"
#include "policy.h"

int ctl_policy(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct s25_policy_cfg cfg;
	char err[512];

	if (cmd->op == CTL_POLICY_REMOVE) {
		if (s25_policy_remove(err, sizeof(err))) {
			ctl_err(c, "%s", err);
			return CTL_EXIT_REFUSED;
		}
		return CTL_EXIT_OK;
	}
	s25_policy_cfg_init(&cfg);
	/* A damaged configuration changes nothing in the kernel. */
	if (s25_policy_cfg_load(cmd->file, &cfg, err, sizeof(err)) ||
	    s25_policy_apply(&cfg, err, sizeof(err))) {
		ctl_err(c, "%s", err);
		return CTL_EXIT_REFUSED;
	}
	if (!c->json)
		printf("policy applied: table inet %s\n", S25_POLICY_TABLE);
	return CTL_EXIT_OK;
}
