// SPDX-License-Identifier: GPL-2.0-or-later
/* monitor's lines for the events the kernel multicasts, built here. */
#include <stdio.h>
#include <time.h>

#include "testutil.h"

#include <jansson.h>
#include <linux/smtp25.h>

#include "capture.h"
#include "event.h"
#include "msg.h"

static char buf[CTL_MSG_MAX];	/* ctl_msg_start() clears that much */

static struct nlmsghdr *event(uint8_t cmd, const char *pool, bool gen)
{
	struct nlmsghdr *nlh = ctl_msg_start(buf, 30, cmd, 0, 0);

	if (pool)
		ctl_msg_put_pool(nlh, pool);
	if (gen)
		mnl_attr_put_u64(nlh, SMTP25_A_GENERATION, 42);
	return nlh;
}

static void put_quar(struct nlmsghdr *nlh, uint8_t reason, const char *pool,
		     uint64_t expires)
{
	unsigned char a[4] = { 198, 51, 100, 7 };
	struct nlattr *nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);

	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_REASON, reason);
	if (pool)
		mnl_attr_put_strz(nlh, SMTP25_QUAR_A_POOL, pool);
	mnl_attr_put_u64(nlh, SMTP25_QUAR_A_SINCE, 1700000000);
	if (expires)
		mnl_attr_put_u64(nlh, SMTP25_QUAR_A_EXPIRES, expires);
	mnl_attr_put_u32(nlh, SMTP25_QUAR_A_OFFENCES, 2);
	mnl_attr_nest_end(nlh, nest);
}

static char *print(const struct nlmsghdr *nlh, bool json, int rc)
{
	struct capture c;

	assert_int_equal(ctl_event_print(cap_start(&c), nlh, json), rc);
	return cap_end(&c);
}

static void is(const struct nlmsghdr *nlh, bool json, const char *want)
{
	char *out = print(nlh, json, 0);

	assert_string_equal(out, want);
	if (json) {
		json_error_t je;
		json_t *v = json_loads(out, 0, &je);

		if (!v)
			fail_msg("not JSON: %s", out);
		json_decref(v);
	}
	free(out);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	return 0;
}

/* The lines the monitor printed before quarantines existed. */
static void test_changes(void **state)
{
	(void)state;
	is(event(SMTP25_CMD_POOL_NEW, "m", true), false,
	   "pool_new pool m generation 42\n");
	is(event(SMTP25_CMD_REPLACE_COMMIT, "m", true), true,
	   "{\"event\":\"replace_commit\",\"pool\":\"m\",\"generation\":42}\n");
	is(event(SMTP25_CMD_PREFIX_DEL, NULL, false), false,
	   "prefix_del pool - generation -\n");
	is(event(SMTP25_CMD_PREFIX_DEL, NULL, false), true,
	   "{\"event\":\"prefix_del\",\"pool\":null,\"generation\":null}\n");
	/* a command we do not know yet: named by its number */
	is(event(99, "m", true), false, "cmd_99 pool m generation 42\n");
}

static void test_quarantine(void **state)
{
	struct nlmsghdr *nlh;

	(void)state;
	nlh = event(SMTP25_CMD_QUAR_ADD, SMTP25_QUARANTINE_POOL, true);
	put_quar(nlh, SMTP25_QUAR_BLOCKED, "dsl", 1700003600);
	is(nlh, false,
	   "quar_add pool quarantine generation 42 address 198.51.100.7 "
	   "reason blocked offences 2 caught-in dsl "
	   "expires 2023-11-14T23:13:20+0000\n");
	is(nlh, true,
	   "{\"event\":\"quar_add\",\"pool\":\"quarantine\",\"generation\":42,"
	   "\"quarantine\":{\"address\":\"198.51.100.7\",\"since\":1700000000,"
	   "\"expires\":1700003600,\"offences\":2,\"reason\":\"blocked\","
	   "\"pool\":\"dsl\"}}\n");
	/* by hand, for good */
	nlh = event(SMTP25_CMD_QUAR_ADD, SMTP25_QUARANTINE_POOL, true);
	put_quar(nlh, SMTP25_QUAR_MANUAL, NULL, 0);
	is(nlh, false,
	   "quar_add pool quarantine generation 42 address 198.51.100.7 "
	   "reason manual offences 2 expires never\n");
	/* a release says why, and has no expiry to tell */
	nlh = event(SMTP25_CMD_QUAR_DEL, SMTP25_QUARANTINE_POOL, true);
	put_quar(nlh, SMTP25_QUAR_EXPIRED, "dsl", 1700003600);
	is(nlh, false,
	   "quar_del pool quarantine generation 42 address 198.51.100.7 "
	   "reason expired offences 2 caught-in dsl\n");
	is(nlh, true,
	   "{\"event\":\"quar_del\",\"pool\":\"quarantine\",\"generation\":42,"
	   "\"quarantine\":{\"address\":\"198.51.100.7\",\"since\":1700000000,"
	   "\"expires\":1700003600,\"offences\":2,\"reason\":\"expired\","
	   "\"pool\":\"dsl\"}}\n");
	nlh = event(SMTP25_CMD_QUAR_DEL, SMTP25_QUARANTINE_POOL, true);
	put_quar(nlh, SMTP25_QUAR_GONE, NULL, 0);
	is(nlh, false,
	   "quar_del pool quarantine generation 42 address 198.51.100.7 "
	   "reason gone offences 2\n");
	/* without its record: the event still shows, the record is null */
	nlh = event(SMTP25_CMD_QUAR_DEL, SMTP25_QUARANTINE_POOL, true);
	is(nlh, false, "quar_del pool quarantine generation 42\n");
	is(nlh, true,
	   "{\"event\":\"quar_del\",\"pool\":\"quarantine\",\"generation\":42,"
	   "\"quarantine\":null}\n");
}

static void test_unreadable(void **state)
{
	struct nlmsghdr *nlh;
	char *out;

	(void)state;
	/* a generation of the wrong size */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_NEW, 0, 0);
	mnl_attr_put_u32(nlh, SMTP25_A_GENERATION, 1);
	out = print(nlh, false, -1);
	assert_string_equal(out, "");
	free(out);
	/* no genetlink header */
	nlh = mnl_nlmsg_put_header(buf);
	out = print(nlh, true, -1);
	assert_string_equal(out, "");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_quarantine),
		cmocka_unit_test(test_unreadable),
	};

	return cmocka_run_group_tests_name("ctl_event", tests, setup, NULL);
}
