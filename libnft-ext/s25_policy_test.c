// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s25-policy-test: drives libs25policy for the VM tests until smtp25ctl
 * has "policy apply" and "policy remove". Not installed.
 *
 *   s25-policy-test apply [FILE]   load FILE (default /etc/smtp25/policy.conf)
 *                                  and install the policy
 *   s25-policy-test remove         delete the smtp25 table
 *   s25-policy-test check FILE     parse FILE, print what it says
 */
#include <stdio.h>
#include <string.h>

#include "policy.h"

static int usage(void)
{
	fprintf(stderr, "usage: s25-policy-test apply [FILE] | remove | "
		"check FILE\n");
	return 2;
}

static void print_cfg(const struct s25_policy_cfg *cfg)
{
	static const char *const rejects[] = { "tcp-reset", "icmp", "drop" };
	unsigned int i;

	printf("outside =");
	for (i = 0; i < cfg->n_outside; i++)
		printf(" %s", cfg->outside[i]);
	printf("\nreject = %s\n", rejects[cfg->reject]);
	printf("account = %s\n", cfg->account ? "yes" : "no");
	printf("limits = %s\n", cfg->limits ? "yes" : "no");
}

int main(int argc, char **argv)
{
	struct s25_policy_cfg cfg;
	char err[512] = "";
	int ret;

	if (argc < 2)
		return usage();
	s25_policy_cfg_init(&cfg);
	if (!strcmp(argv[1], "apply") && argc <= 3) {
		ret = s25_policy_cfg_load(argc == 3 ? argv[2] : NULL, &cfg,
					  err, sizeof(err));
		if (!ret)
			ret = s25_policy_apply(&cfg, err, sizeof(err));
	} else if (!strcmp(argv[1], "remove") && argc == 2) {
		ret = s25_policy_remove(err, sizeof(err));
	} else if (!strcmp(argv[1], "check") && argc == 3) {
		ret = s25_policy_cfg_load(argv[2], &cfg, err, sizeof(err));
		if (!ret)
			print_cfg(&cfg);
	} else {
		return usage();
	}
	if (ret) {
		fprintf(stderr, "s25-policy-test: %s\n", err);
		return 1;
	}
	return 0;
}
