// SPDX-License-Identifier: GPL-2.0-or-later
/* RATE and the pool set settings: what is read, what is refused, and
 * that what "pool list" and "save" write reads back the same. */
#include <stdio.h>

#include "testutil.h"

#include <linux/smtp25.h>

#include "args.h"
#include "num.h"
#include "rate.h"
#include "settings.h"

static char err[256];

static struct ctl_rate rate_ok(const char *s)
{
	struct ctl_rate r = { 99, 99 };

	err[0] = '\0';
	if (ctl_rate_parse(s, &r, err, sizeof(err)))
		fail_msg("'%s' refused: %s", s, err);
	return r;
}

static const char *rate_bad(const char *s)
{
	struct ctl_rate r = { 99, 99 };

	err[0] = '\0';
	if (!ctl_rate_parse(s, &r, err, sizeof(err)))
		fail_msg("'%s' accepted as %u/%us", s, r.count, r.period);
	assert_true(err[0] != '\0');
	return err;
}

static void rate_is(const char *s, uint32_t count, uint32_t period)
{
	struct ctl_rate r = rate_ok(s);

	if (r.count != count || r.period != period)
		fail_msg("'%s': want %u/%us, got %u/%us", s, count, period,
			 r.count, r.period);
}

static void test_rate_units(void **state)
{
	(void)state;
	rate_is("5/s", 5, 1);
	rate_is("300/min", 300, 60);
	rate_is("20000/hour", 20000, 3600);
	rate_is("100000/day", 100000, 86400);
	/* the long and short spellings hashlimit users type */
	rate_is("5/sec", 5, 1);
	rate_is("5/second", 5, 1);
	rate_is("300/minute", 300, 60);
	rate_is("7/h", 7, 3600);
	rate_is("7/d", 7, 86400);
	/* a multiple of a unit */
	rate_is("10/5min", 10, 300);
	rate_is("1/30s", 1, 30);
	rate_is("3/24hour", 3, 86400);
	rate_is("3/86400s", 3, 86400);
	rate_is("4294967295/s", 4294967295u, 1);
	rate_is("007/min", 7, 60);
}

static void test_rate_off(void **state)
{
	(void)state;
	rate_is("none", 0, CTL_RATE_OFF_PERIOD);
	rate_is("0", 0, CTL_RATE_OFF_PERIOD);
	/* a count of 0 is no limit whatever the period */
	rate_is("0/min", 0, CTL_RATE_OFF_PERIOD);
}

static void test_rate_refused(void **state)
{
	(void)state;
	assert_has(rate_bad("300"), "not a rate (N/s, N/min, N/hour, N/day or none)");
	assert_has(rate_bad("300"), "'300'");
	assert_has(rate_bad(""), "not a rate");
	assert_has(rate_bad("None"), "not a rate");
	assert_has(rate_bad("/min"), "the count is not a number");
	assert_has(rate_bad("-1/min"), "the count is not a number");
	assert_has(rate_bad("+1/min"), "the count is not a number");
	assert_has(rate_bad("1e3/min"), "the count is not a number");
	assert_has(rate_bad(" 5/min"), "the count is not a number");
	assert_has(rate_bad("4294967296/s"), "at most 4294967295");
	assert_has(rate_bad("99999999999999999999999/s"), "at most 4294967295");
	assert_has(rate_bad("5/"), "missing unit");
	assert_has(rate_bad("5/fortnight"), "unknown unit (s, min, hour or day)");
	assert_has(rate_bad("5/MIN"), "unknown unit");
	assert_has(rate_bad("5/mins"), "unknown unit");
	assert_has(rate_bad("5/m"), "unknown unit");	/* minute or month? */
	assert_has(rate_bad("5/min "), "unknown unit");
	assert_has(rate_bad("5/min/s"), "unknown unit");
	assert_has(rate_bad("5/5"), "missing unit");
	assert_has(rate_bad("5/0min"), "1 second to a day");
	assert_has(rate_bad("5/2day"), "1 second to a day");
	assert_has(rate_bad("5/86401s"), "1 second to a day");
	assert_has(rate_bad("5/25hour"), "1 second to a day");
	assert_has(rate_bad("5/99999999999999999999min"), "1 second to a day");
}

static const char *fmt(uint32_t count, uint32_t period)
{
	static char buf[CTL_RATE_STRLEN];
	struct ctl_rate r = { count, period };

	return ctl_rate_format(&r, buf, sizeof(buf));
}

static void test_rate_format(void **state)
{
	(void)state;
	assert_string_equal(fmt(300, 60), "300/min");
	assert_string_equal(fmt(5, 1), "5/s");
	assert_string_equal(fmt(20000, 3600), "20000/hour");
	assert_string_equal(fmt(9, 86400), "9/day");
	assert_string_equal(fmt(10, 300), "10/5min");
	assert_string_equal(fmt(10, 7200), "10/2hour");
	assert_string_equal(fmt(7, 90), "7/90s");
	assert_string_equal(fmt(7, 86399), "7/86399s");
	assert_string_equal(fmt(0, 60), "none");
	assert_string_equal(fmt(0, 0), "none");
	assert_string_equal(fmt(4294967295u, 86400), "4294967295/day");
}

/* Every count and period the kernel can hold reads back the same. */
static void test_rate_round_trip(void **state)
{
	char buf[CTL_RATE_STRLEN];
	unsigned int seed = 25;
	struct ctl_rate r, back;
	uint32_t p;

	(void)state;
	for (p = 1; p <= SMTP25_PERIOD_MAX; p++) {
		r.count = p % 7 ? (uint32_t)rand_r(&seed) + 1 : 1;
		r.period = p;
		ctl_rate_format(&r, buf, sizeof(buf));
		if (ctl_rate_parse(buf, &back, err, sizeof(err)))
			fail_msg("'%s' (%u/%us) does not read back: %s", buf,
				 r.count, r.period, err);
		assert_int_equal(back.count, r.count);
		assert_int_equal(back.period, r.period);
	}
}

static void test_num(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(ctl_num_parse("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(ctl_num_parse("10", 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(ctl_num_parse("11", 10, &v), -1);
	assert_int_equal(ctl_num_parse("7", 5, &v), -1);
	assert_int_equal(ctl_num_parse("18446744073709551615", UINT64_MAX, &v),
			 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(ctl_num_parse("18446744073709551616", UINT64_MAX, &v),
			 -1);
	assert_int_equal(ctl_num_parse("", 10, &v), -1);
	assert_int_equal(ctl_num_parse("1 ", 10, &v), -1);
	assert_int_equal(ctl_num_parse("0x1", 10, &v), -1);
	assert_int_equal(ctl_num_parse("-0", 10, &v), -1);
}

/* Split s on blanks and parse it as the words after "pool set NAME". */
static int settings(const char *s, struct ctl_settings *out)
{
	char buf[512], *argv[32], *tok;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok(buf, " "); tok; tok = strtok(NULL, " "))
		argv[argc++] = tok;
	err[0] = '\0';
	return ctl_settings_parse(argc, argv, out, err, sizeof(err));
}

static void test_settings(void **state)
{
	struct ctl_settings s;

	(void)state;
	assert_int_equal(settings("limit-host 300/min limit-pool 20000/min", &s), 0);
	assert_int_equal(s.given, CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL);
	assert_int_equal(s.limit_host.count, 300);
	assert_int_equal(s.limit_host.period, 60);
	assert_int_equal(s.limit_pool.count, 20000);
	/* any order, each at most once */
	assert_int_equal(settings("expires 7200 window 120 quarantine-dests 50 quarantine-after 20", &s), 0);
	assert_int_equal(s.given, CTL_SET_QUAR_AFTER | CTL_SET_QUAR_DESTS |
				  CTL_SET_WINDOW | CTL_SET_EXPIRES);
	assert_int_equal(s.quar_after, 20);
	assert_int_equal(s.quar_dests, 50);
	assert_int_equal(s.window, 120);
	assert_int_equal(s.expires, 7200);
	/* none and 0 turn things off */
	assert_int_equal(settings("limit-host none limit-pool 0 quarantine-after none quarantine-dests 0", &s), 0);
	assert_int_equal(s.limit_host.count, 0);
	assert_int_equal(s.limit_pool.count, 0);
	assert_int_equal(s.quar_after, 0);
	assert_int_equal(s.quar_dests, 0);
	/* expires: none, never and 0 all mean until released by hand */
	assert_int_equal(settings("expires none", &s), 0);
	assert_int_equal(s.given, CTL_SET_EXPIRES);
	assert_int_equal(s.expires, 0);
	s.expires = 5;
	assert_int_equal(settings("expires never", &s), 0);
	assert_int_equal(s.expires, 0);
	assert_int_equal(settings("expires 0", &s), 0);
	assert_int_equal(s.expires, 0);
	assert_int_equal(settings("expires 4294967295", &s), 0);
	assert_int_equal(s.expires, 4294967295u);
	assert_int_equal(settings("window 1", &s), 0);
	assert_int_equal(settings("window 86400", &s), 0);
	assert_int_equal(s.window, 86400);
	assert_int_equal(settings("quarantine-after 4294967295", &s), 0);
}

/* account-prefix6: a length from 32 to 128, with or without the slash. */
static void test_settings_account6(void **state)
{
	struct ctl_settings s;

	(void)state;
	assert_int_equal(settings("account-prefix6 56", &s), 0);
	assert_int_equal(s.given, CTL_SET_ACCOUNT6);
	assert_int_equal(s.account6, 56);
	assert_int_equal(settings("account-prefix6 /48 quarantine-after 5", &s), 0);
	assert_int_equal(s.given, CTL_SET_ACCOUNT6 | CTL_SET_QUAR_AFTER);
	assert_int_equal(s.account6, 48);
	assert_int_equal(settings("account-prefix6 32", &s), 0);
	assert_int_equal(s.account6, 32);
	assert_int_equal(settings("account-prefix6 128", &s), 0);
	assert_int_equal(s.account6, 128);
	assert_int_equal(settings("account-prefix6 31", &s), CTL_EXIT_REFUSED);
	assert_has(err, "account-prefix6: '31': the IPv6 accounting prefix is a length from 32 to 128");
	assert_int_equal(settings("account-prefix6 129", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6 0", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6 64x", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6 //64", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6 2001:db8::/64", &s),
			 CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6 none", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("account-prefix6", &s), CTL_EXIT_USAGE);
	assert_has(err, "'account-prefix6' needs a value");
}

static void test_settings_refused(void **state)
{
	struct ctl_settings s;

	(void)state;
	/* the grammar: exit 2 */
	assert_int_equal(settings("", &s), CTL_EXIT_USAGE);
	assert_has(err, "nothing to set (limit-host, limit-pool, quarantine-after, quarantine-dests, window, expires or account-prefix6)");
	assert_int_equal(settings("limit-host", &s), CTL_EXIT_USAGE);
	assert_has(err, "'limit-host' needs a value");
	assert_int_equal(settings("window 60 expires", &s), CTL_EXIT_USAGE);
	assert_has(err, "'expires' needs a value");
	assert_int_equal(settings("window 60 window 60", &s), CTL_EXIT_USAGE);
	assert_has(err, "'window' given twice");
	assert_int_equal(settings("limit 5/s", &s), CTL_EXIT_USAGE);
	assert_has(err, "unexpected 'limit'");
	assert_int_equal(settings("300/min limit-host", &s), CTL_EXIT_USAGE);
	assert_has(err, "unexpected '300/min'");
	assert_int_equal(settings("type relay", &s), CTL_EXIT_USAGE);
	/* values that cannot be right: exit 1, naming the setting */
	assert_int_equal(settings("limit-host 300", &s), CTL_EXIT_REFUSED);
	assert_has(err, "limit-host: '300': not a rate");
	assert_int_equal(settings("limit-pool 1/2day", &s), CTL_EXIT_REFUSED);
	assert_has(err, "limit-pool: '1/2day': the period is 1 second to a day");
	assert_int_equal(settings("quarantine-after -1", &s), CTL_EXIT_REFUSED);
	assert_has(err, "quarantine-after: '-1' is not a count");
	assert_int_equal(settings("quarantine-dests 4294967296", &s),
			 CTL_EXIT_REFUSED);
	assert_has(err, "quarantine-dests: '4294967296' is not a count from 0 to 4294967295");
	assert_int_equal(settings("quarantine-after 10/min", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("window 0", &s), CTL_EXIT_REFUSED);
	assert_has(err, "window: '0': the window is 1 to 86400 seconds");
	assert_int_equal(settings("window none", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("window 86401", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("window 1m", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("expires 1h", &s), CTL_EXIT_REFUSED);
	assert_has(err, "expires: '1h' is not a number of seconds (or none)");
	assert_int_equal(settings("expires -5", &s), CTL_EXIT_REFUSED);
	assert_int_equal(settings("expires 4294967296", &s), CTL_EXIT_REFUSED);
}

/* What ctl_settings_write() prints. */
static const char *written(const struct ctl_settings *s)
{
	static char buf[512];
	FILE *fp;

	buf[0] = '\0';		/* fmemopen() leaves it when nothing is written */
	fp = fmemopen(buf, sizeof(buf), "w");
	assert_non_null(fp);
	ctl_settings_write(fp, s);
	fclose(fp);
	return buf;
}

/* A pool as the kernel reports it: every setting present. */
static struct ctl_settings reported(void)
{
	struct ctl_settings s = {
		.given = CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL |
			 CTL_SET_QUAR_AFTER | CTL_SET_QUAR_DESTS |
			 CTL_SET_WINDOW | CTL_SET_EXPIRES | CTL_SET_ACCOUNT6,
		.limit_host = { 0, 1 }, .limit_pool = { 0, 1 },
		.window = CTL_WINDOW_DEFAULT, .expires = CTL_EXPIRES_DEFAULT,
		.account6 = CTL_ACCOUNT6_DEFAULT,
	};

	return s;
}

static void test_settings_write(void **state)
{
	struct ctl_settings s = reported();

	(void)state;
	/* a new pool: nothing to say */
	assert_false(ctl_settings_any(&s));
	assert_string_equal(written(&s), "");
	s.limit_host = (struct ctl_rate){ 300, 60 };
	s.limit_pool = (struct ctl_rate){ 20000, 60 };
	assert_true(ctl_settings_any(&s));
	assert_string_equal(written(&s), "limit-host 300/min limit-pool 20000/min");
	/* a threshold brings its window and expiry along */
	s = reported();
	s.quar_dests = 50;
	assert_string_equal(written(&s), "quarantine-dests 50 window 60 expires 3600");
	s.quar_after = 20;
	s.expires = 0;
	assert_string_equal(written(&s),
			    "quarantine-after 20 quarantine-dests 50 window 60 expires never");
	/* without a threshold, a window or expiry only when not the default */
	s = reported();
	s.window = 120;
	assert_string_equal(written(&s), "window 120");
	s = reported();
	s.expires = 0;
	assert_string_equal(written(&s), "expires never");
	/* the IPv6 accounting length only when it is not the type's default */
	s = reported();
	s.account6 = 128;
	assert_true(ctl_settings_any(&s));
	assert_string_equal(written(&s), "account-prefix6 128");
	s.quar_after = 5;
	assert_string_equal(written(&s),
			    "quarantine-after 5 window 60 expires 3600 account-prefix6 128");
	/* a relay pool's default is 128: written only when it is not */
	s = reported();
	s.account6_default = ctl_account6_default(SMTP25_POOL_RELAY);
	s.account6 = 128;
	assert_false(ctl_settings_any(&s));
	assert_string_equal(written(&s), "");
	s.account6 = 64;
	assert_true(ctl_settings_any(&s));
	assert_string_equal(written(&s), "account-prefix6 64");
	assert_int_equal(ctl_account6_default(SMTP25_POOL_DYNAMIC), 64);
	assert_int_equal(ctl_account6_default(SMTP25_POOL_QUARANTINE), 128);
	/* a kernel that sends nothing: nothing */
	memset(&s, 0, sizeof(s));
	assert_false(ctl_settings_any(&s));
	assert_string_equal(written(&s), "");
}

/* What is written parses back into the same settings. */
static void test_settings_round_trip(void **state)
{
	struct ctl_settings s = reported(), back;
	char line[512];

	(void)state;
	s.limit_host = (struct ctl_rate){ 10, 300 };
	s.limit_pool = (struct ctl_rate){ 7, 90 };
	s.quar_after = 20;
	s.quar_dests = 4294967295u;
	s.window = 86400;
	s.expires = 1;
	s.account6 = 56;
	snprintf(line, sizeof(line), "%s", written(&s));
	assert_int_equal(settings(line, &back), 0);
	assert_int_equal(back.given, s.given);
	assert_int_equal(back.limit_host.count, 10);
	assert_int_equal(back.limit_host.period, 300);
	assert_int_equal(back.limit_pool.count, 7);
	assert_int_equal(back.limit_pool.period, 90);
	assert_int_equal(back.quar_after, 20);
	assert_int_equal(back.quar_dests, 4294967295u);
	assert_int_equal(back.window, 86400);
	assert_int_equal(back.expires, 1);
	assert_int_equal(back.account6, 56);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_units),
		cmocka_unit_test(test_rate_off),
		cmocka_unit_test(test_rate_refused),
		cmocka_unit_test(test_rate_format),
		cmocka_unit_test(test_rate_round_trip),
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_settings),
		cmocka_unit_test(test_settings_account6),
		cmocka_unit_test(test_settings_refused),
		cmocka_unit_test(test_settings_write),
		cmocka_unit_test(test_settings_round_trip),
	};

	return cmocka_run_group_tests_name("ctl_rate", tests, NULL, NULL);
}
