// SPDX-License-Identifier: GPL-2.0-or-later
/* pool list and pool show: the table and the JSON, without a kernel. */
#include <stdio.h>

#include "testutil.h"

#include <jansson.h>
#include <linux/smtp25.h>

#include "capture.h"
#include "poolout.h"

#define ALL_SETTINGS (CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL | \
		      CTL_SET_QUAR_AFTER | CTL_SET_QUAR_DESTS | \
		      CTL_SET_WINDOW | CTL_SET_EXPIRES | CTL_SET_ACCOUNT6)

/* A pool as a kernel with accounting reports it, settings at defaults. */
static struct ctl_pool pool(const char *name, unsigned int type)
{
	struct ctl_pool p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.type = type;
	p.settings.given = ALL_SETTINGS;
	p.settings.limit_host.period = 1;
	p.settings.limit_pool.period = 1;
	p.settings.window = 60;
	p.settings.expires = 3600;
	p.settings.account6 = 64;
	p.has_counters = true;
	return p;
}

static char *table(const struct ctl_pool *v, size_t n)
{
	struct capture c;

	ctl_pool_table(cap_start(&c), v, n);
	return cap_end(&c);
}

static json_t *json_of(const struct ctl_pool *p)
{
	struct ctl_json j;
	struct capture c;
	json_error_t je;
	json_t *v;
	char *out;

	ctl_json_init(&j, cap_start(&c));
	ctl_pool_json(&j, p);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	v = json_loads(out, 0, &je);
	if (!v)
		fail_msg("not JSON: %s (%s)", out, je.text);
	free(out);
	return v;
}

/* JSON value v must equal the JSON text want. */
static void json_is(json_t *v, const char *want)
{
	json_error_t je;
	json_t *w = json_loads(want, JSON_DECODE_ANY, &je);

	if (!w)
		fail_msg("bad expectation %s: %s", want, je.text);
	if (!json_equal(v, w)) {
		char *got = json_dumps(v, JSON_SORT_KEYS | JSON_ENCODE_ANY);

		fail_msg("want %s, got %s", want, got);
	}
	json_decref(w);
}

static void test_table(void **state)
{
	struct ctl_pool v[3];
	char *out;

	(void)state;
	v[0] = pool("dsl-fra", SMTP25_POOL_DYNAMIC);
	snprintf(v[0].comment, sizeof(v[0].comment), "DSL, Frankfurt");
	v[0].prefixes4 = 120;
	v[0].prefixes6 = 4;
	v[0].blocked = 1532;
	v[0].quarantines = 3;
	v[0].settings.quar_after = 20;
	v[1] = pool("relays", SMTP25_POOL_RELAY);
	v[1].prefixes4 = 2;
	v[1].allowed = 88231;
	v[1].over_limit = 112;
	v[1].settings.limit_host = (struct ctl_rate){ 300, 60 };
	v[1].settings.limit_pool = (struct ctl_rate){ 20000, 60 };
	v[1].settings.account6 = 128;	/* relays listed one by one */
	v[2] = pool("quarantine", SMTP25_POOL_QUARANTINE);
	v[2].prefixes4 = 3;
	snprintf(v[2].comment, sizeof(v[2].comment), "two\nlines");
	out = table(v, 3);
	assert_string_equal(out,
"NAME       TYPE       PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT\n"
"dsl-fra    dynamic          120         4    1532       0          0           3 DSL, Frankfurt\n"
"           quarantine-after 20 window 60 expires 3600\n"
"relays     relay              2         0       0   88231        112           0\n"
"           limit-host 300/min limit-pool 20000/min account-prefix6 128\n"
"quarantine quarantine         3         0       0       0          0           0 two?lines\n");
	free(out);
}

static void test_table_wide_and_empty(void **state)
{
	struct ctl_pool p = pool("abcdefghijklmnopqrstuvwxyz01234", 9);
	char *out;

	(void)state;
	out = table(NULL, 0);
	assert_string_equal(out,
		"NAME TYPE PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT\n");
	free(out);
	/* columns grow with their widest cell; an unknown type is "?" */
	p.blocked = 12345678901ULL;
	out = table(&p, 1);
	assert_string_equal(out,
"NAME                            TYPE PREFIXES4 PREFIXES6     BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT\n"
"abcdefghijklmnopqrstuvwxyz01234 ?            0         0 12345678901       0          0           0\n");
	free(out);
}

/* A kernel before accounting: "-" for the counters, no settings line. */
static void test_table_old_kernel(void **state)
{
	struct ctl_pool p;
	char *out;

	(void)state;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "relays");
	p.type = SMTP25_POOL_RELAY;
	p.prefixes4 = 2;
	out = table(&p, 1);
	assert_string_equal(out,
"NAME   TYPE  PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT\n"
"relays relay         2         0       -       -          -           -\n");
	free(out);
}

static void test_json(void **state)
{
	struct ctl_pool p = pool("relays", SMTP25_POOL_RELAY);
	json_t *v;

	(void)state;
	/* a new pool: no limits, no thresholds, the default window and expiry */
	v = json_of(&p);
	json_is(v, "{\"name\":\"relays\",\"type\":\"relay\",\"comment\":null,"
		   "\"prefixes4\":0,\"prefixes6\":0,\"packets\":0,"
		   "\"limit_host\":null,\"limit_pool\":null,"
		   "\"quarantine_after\":null,\"quarantine_dests\":null,"
		   "\"window\":60,\"expires\":3600,\"account_prefix6\":64,"
		   "\"blocked\":0,\"allowed\":0,\"over_limit\":0,\"quarantines\":0}");
	json_decref(v);
	p.settings.limit_host = (struct ctl_rate){ 300, 60 };
	p.settings.limit_pool = (struct ctl_rate){ 20000, 3600 };
	p.settings.quar_after = 20;
	p.settings.quar_dests = 50;
	p.settings.window = 120;
	p.settings.expires = 0;
	p.settings.account6 = 128;
	p.packets = 7;
	p.blocked = 1ULL << 40;	/* jansson reads up to INT64_MAX */
	p.allowed = 1;
	p.over_limit = 2;
	p.quarantines = 3;
	snprintf(p.comment, sizeof(p.comment), "say \"hi\"");
	v = json_of(&p);
	json_is(v, "{\"name\":\"relays\",\"type\":\"relay\",\"comment\":\"say \\\"hi\\\"\","
		   "\"prefixes4\":0,\"prefixes6\":0,\"packets\":7,"
		   "\"limit_host\":{\"count\":300,\"period\":60},"
		   "\"limit_pool\":{\"count\":20000,\"period\":3600},"
		   "\"quarantine_after\":20,\"quarantine_dests\":50,"
		   "\"window\":120,\"expires\":0,\"account_prefix6\":128,"
		   "\"blocked\":1099511627776,\"allowed\":1,"
		   "\"over_limit\":2,\"quarantines\":3}");
	json_decref(v);
}

/* What a kernel does not send is null, not a made-up 0. */
static void test_json_old_kernel(void **state)
{
	struct ctl_pool p;
	json_t *v;

	(void)state;
	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "d");
	p.type = SMTP25_POOL_DYNAMIC;
	v = json_of(&p);
	json_is(v, "{\"name\":\"d\",\"type\":\"dynamic\",\"comment\":null,"
		   "\"prefixes4\":0,\"prefixes6\":0,\"packets\":0,"
		   "\"limit_host\":null,\"limit_pool\":null,"
		   "\"quarantine_after\":null,\"quarantine_dests\":null,"
		   "\"window\":null,\"expires\":null,\"account_prefix6\":null,"
		   "\"blocked\":null,\"allowed\":null,\"over_limit\":null,"
		   "\"quarantines\":null}");
	json_decref(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_table_wide_and_empty),
		cmocka_unit_test(test_table_old_kernel),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_old_kernel),
	};

	return cmocka_run_group_tests_name("ctl_pools", tests, NULL, NULL);
}
