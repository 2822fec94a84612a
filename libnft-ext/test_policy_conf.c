// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy config parser: what it accepts, what it refuses (with the
 * line and a reason), and that a refused config leaves cfg untouched.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "policy.h"

static struct s25_policy_cfg parse_ok(const char *text)
{
	struct s25_policy_cfg cfg;
	char err[256] = "";

	s25_policy_cfg_init(&cfg);
	if (s25_policy_cfg_parse(text, "t.conf", &cfg, err, sizeof(err)))
		fail_msg("refused: %s", err);
	return cfg;
}

/* Must be refused with a message containing want; cfg must not change. */
static void parse_bad(const char *text, const char *want)
{
	struct s25_policy_cfg cfg, before;
	char err[256] = "";

	s25_policy_cfg_init(&cfg);
	strcpy(cfg.outside[0], "keep");
	cfg.n_outside = 1;
	cfg.reject = S25_REJECT_DROP;
	cfg.account = false;
	before = cfg;
	assert_int_equal(s25_policy_cfg_parse(text, "t.conf", &cfg, err,
					      sizeof(err)), -EINVAL);
	if (!strstr(err, want))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", text, err, want);
	assert_memory_equal(&cfg, &before, sizeof(cfg));
}

static void test_defaults(void **state)
{
	struct s25_policy_cfg cfg = parse_ok("");

	(void)state;
	assert_int_equal(cfg.n_outside, 0);
	assert_int_equal(cfg.reject, S25_REJECT_TCP_RESET);
	assert_true(cfg.account);
	assert_true(cfg.limits);
	cfg = parse_ok("# only a comment\n\n   \n");
	assert_int_equal(cfg.n_outside, 0);
}

static void test_full(void **state)
{
	struct s25_policy_cfg cfg;

	(void)state;
	cfg = parse_ok("# the Internet side\n"
		       "outside = eth0, eth1\tppp* # uplinks\r\n"
		       "  reject=icmp  \n");
	assert_int_equal(cfg.n_outside, 3);
	assert_string_equal(cfg.outside[0], "eth0");
	assert_string_equal(cfg.outside[1], "eth1");
	assert_string_equal(cfg.outside[2], "ppp*");
	assert_int_equal(cfg.reject, S25_REJECT_ICMP);
	cfg = parse_ok("reject = drop");
	assert_int_equal(cfg.reject, S25_REJECT_DROP);
	cfg = parse_ok("reject = tcp-reset\noutside =\n");
	assert_int_equal(cfg.reject, S25_REJECT_TCP_RESET);
	assert_int_equal(cfg.n_outside, 0);
	/* 15 characters is the longest name; VLAN and bond names work. */
	cfg = parse_ok("outside = abcdefghijklmno eth0.100 bond-up_1 wg@x");
	assert_int_equal(cfg.n_outside, 4);
}

static void test_account_limits(void **state)
{
	struct s25_policy_cfg cfg;

	(void)state;
	cfg = parse_ok("account = no\nlimits = no # revision 0 only\n");
	assert_false(cfg.account);
	assert_false(cfg.limits);
	cfg = parse_ok("  account=yes\t\nlimits = no");
	assert_true(cfg.account);
	assert_false(cfg.limits);
	cfg = parse_ok("limits = yes\naccount = no\n");
	assert_false(cfg.account);
	assert_true(cfg.limits);
}

static void test_refused(void **state)
{
	char many[64 * 8] = "outside =";
	int i;

	(void)state;
	parse_bad("outside eth0", "t.conf:1: expected \"key = value\"");
	parse_bad("\n\nport = 25", "t.conf:3: unknown key \"port\" (known: "
		  "outside, reject, account, limits)");
	parse_bad("account = maybe", "t.conf:1: account: \"maybe\" is neither "
		  "yes nor no");
	parse_bad("limits = Yes", "limits: \"Yes\" is neither yes nor no");
	parse_bad("limits = 1", "neither yes nor no");
	parse_bad("account =", "account: \"\" is neither yes nor no");
	parse_bad("account = yes\naccount = no", "t.conf:2: account given twice");
	parse_bad("reject = icmp\nreject = drop", "t.conf:2: reject given twice");
	parse_bad("reject = nope", "\"nope\" is not one of tcp-reset, icmp, drop");
	parse_bad("reject =", "\"\" is not one of");
	parse_bad("outside = abcdefghijklmnop", "not an interface name");
	parse_bad("outside = eth/0", "not an interface name");
	parse_bad("outside = eth:0", "not an interface name");
	parse_bad("outside = e*th", "not an interface name");
	parse_bad("outside = *", "not an interface name");
	parse_bad("outside = .", "not an interface name");
	parse_bad("outside = ..", "not an interface name");
	parse_bad("outside = \"eth0\"", "not an interface name");
	parse_bad("outside = eth0 eth0", "\"eth0\" given twice");
	for (i = 0; i <= S25_POLICY_MAX_OUTSIDE; i++)
		sprintf(many + strlen(many), " e%d", i);
	parse_bad(many, "more than 32 interfaces");
	/* A good line before a bad one is not applied either. */
	parse_bad("outside = eth9\nreject = nope", "t.conf:2:");
}

static void test_load(void **state)
{
	char path[] = "/tmp/s25-policy-conf-XXXXXX", err[256] = "";
	struct s25_policy_cfg cfg;
	FILE *f;
	int fd;

	(void)state;
	s25_policy_cfg_init(&cfg);
	assert_int_equal(s25_policy_cfg_load("/nonexistent/policy.conf", &cfg,
					     err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "/nonexistent/policy.conf: No such file"));

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("outside = up0\nreject = drop\naccount = no\n", f);
	fclose(f);
	assert_int_equal(s25_policy_cfg_load(path, &cfg, err, sizeof(err)), 0);
	assert_int_equal(cfg.n_outside, 1);
	assert_string_equal(cfg.outside[0], "up0");
	assert_int_equal(cfg.reject, S25_REJECT_DROP);
	assert_false(cfg.account);
	assert_true(cfg.limits);

	f = fopen(path, "w");
	fputs("outside = up0\nbogus\n", f);
	fclose(f);
	assert_int_equal(s25_policy_cfg_load(path, &cfg, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, ":2: expected"));
	assert_non_null(strstr(err, path));

	f = fopen(path, "w");
	fwrite("reject = drop\n\0\n", 1, 16, f);
	fclose(f);
	assert_int_equal(s25_policy_cfg_load(path, &cfg, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "NUL bytes"));
	unlink(path);
}

/* A short error buffer is cut, never overrun. */
static void test_short_err(void **state)
{
	struct s25_policy_cfg cfg;
	char err[8];

	(void)state;
	memset(err, 'x', sizeof(err));
	s25_policy_cfg_init(&cfg);
	assert_int_equal(s25_policy_cfg_parse("nope", "t", &cfg, err, 6),
			 -EINVAL);
	assert_int_equal(err[5], '\0');
	assert_int_equal(err[6], 'x');
	assert_int_equal(s25_policy_cfg_parse("nope", "t", &cfg, NULL, 0),
			 -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_account_limits),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_short_err),
	};

	return cmocka_run_group_tests_name("policy_conf", tests, NULL, NULL);
}
