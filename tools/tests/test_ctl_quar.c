// SPDX-License-Identifier: GPL-2.0-or-later
/* Quarantine records without a kernel: decoded, listed, as JSON. */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "testutil.h"

#include <jansson.h>
#include <linux/smtp25.h>

#include "capture.h"
#include "msg.h"
#include "quar.h"

static char buf[CTL_MSG_MAX];	/* ctl_msg_start() clears that much */

static struct ctl_quar quar(const char *addr, unsigned int reason,
			    const char *pool, uint64_t since,
			    uint64_t expires, uint32_t offences)
{
	struct ctl_quar q;

	memset(&q, 0, sizeof(q));
	q.addr.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(q.addr.family, addr, q.addr.addr), 1);
	q.reason = reason;
	snprintf(q.pool, sizeof(q.pool), "%s", pool);
	q.since = since;
	q.expires = expires;
	q.offences = offences;
	return q;
}

static const struct nlattr *nest_of(const struct nlmsghdr *nlh)
{
	static const struct nlattr *tb[CTL_TB_SIZE];

	assert_int_equal(ctl_msg_parse(nlh, tb), 0);
	assert_non_null(tb[SMTP25_A_QUARANTINE]);
	return tb[SMTP25_A_QUARANTINE];
}

static void test_decode(void **state)
{
	unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 7 };
	unsigned char a4[4] = { 198, 51, 100, 7 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct ctl_quar q;
	char text[INET6_ADDRSTRLEN];

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a4);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_REASON, SMTP25_QUAR_DESTS);
	mnl_attr_put_strz(nlh, SMTP25_QUAR_A_POOL, "dsl");
	mnl_attr_put_u64(nlh, SMTP25_QUAR_A_SINCE, 1700000000);
	mnl_attr_put_u64(nlh, SMTP25_QUAR_A_EXPIRES, 1700003600);
	mnl_attr_put_u32(nlh, SMTP25_QUAR_A_OFFENCES, 3);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), 0);
	assert_string_equal(ctl_addr_text(&q.addr, text, sizeof(text)),
			    "198.51.100.7");
	assert_int_equal(q.reason, SMTP25_QUAR_DESTS);
	assert_string_equal(ctl_quar_reason(&q), "dests");
	assert_string_equal(q.pool, "dsl");
	assert_int_equal(q.since, 1700000000);
	assert_int_equal(q.expires, 1700003600);
	assert_int_equal(q.offences, 3);
	/* a manual one, for ever: no expiry, no pool */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 16, a6);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_REASON, SMTP25_QUAR_MANUAL);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), 0);
	assert_string_equal(ctl_addr_text(&q.addr, text, sizeof(text)),
			    "2001:db8::7");
	assert_int_equal(q.expires, 0);
	assert_string_equal(q.pool, "");
	/* an IPv6 host quarantined as its /64 */
	a6[15] = 0;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 16, a6);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_PLEN, 64);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), 0);
	assert_string_equal(ctl_addr_text(&q.addr, text, sizeof(text)),
			    "2001:db8::/64");
	assert_string_equal(ctl_addr_base_text(&q.addr, text, sizeof(text)),
			    "2001:db8::");
	a6[15] = 7;
	/* malformed: no address, an address of 5 bytes, a u32 expiry */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_REASON, SMTP25_QUAR_MANUAL);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), -1);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 5, a6);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), -1);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a4);
	mnl_attr_put_u32(nlh, SMTP25_QUAR_A_EXPIRES, 5);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), -1);
}

static void test_table(void **state)
{
	struct ctl_quar v[4];
	struct capture c;
	char *out;

	(void)state;
	v[0] = quar("198.51.100.7", SMTP25_QUAR_BLOCKED, "dsl-fra",
		    1000000 - 180, 1000000 + 3420, 1);
	v[1] = quar("198.51.100.9", SMTP25_QUAR_DESTS, "dsl-fra",
		    1000000 - 7200, 1000000 + 7200, 2);
	v[2] = quar("2001:db8::7", SMTP25_QUAR_MANUAL, "", 1000000 - 90000, 0, 1);
	v[3] = quar("192.0.2.1", 77, "x", 0, 999999, 0);
	qsort(v, 4, sizeof(v[0]), ctl_quar_cmp);
	ctl_quar_table(cap_start(&c), v, 4, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS      SINCE EXPIRES OFFENCES REASON  POOL\n"
"192.0.2.1        -     now        0 ?       x\n"
"198.51.100.7    3m     57m        1 blocked dsl-fra\n"
"198.51.100.9    2h      2h        2 dests   dsl-fra\n"
"2001:db8::7   1d1h   never        1 manual  -\n");
	free(out);
	/* a /64 host: its prefix in the column */
	v[3] = quar("2001:db8:1:2::", SMTP25_QUAR_BLOCKED, "dsl", 1000000 - 60,
		    1000000 + 3540, 1);
	v[3].addr.plen = 64;
	qsort(v, 4, sizeof(v[0]), ctl_quar_cmp);
	ctl_quar_table(cap_start(&c), v + 2, 2, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS           SINCE EXPIRES OFFENCES REASON  POOL\n"
"198.51.100.9         2h      2h        2 dests   dsl-fra\n"
"2001:db8:1:2::/64    1m     59m        1 blocked dsl\n");
	free(out);
	ctl_quar_table(cap_start(&c), NULL, 0, 0);
	out = cap_end(&c);
	assert_string_equal(out, "ADDRESS SINCE EXPIRES OFFENCES REASON POOL\n");
	free(out);
}

static void test_json(void **state)
{
	struct ctl_quar q = quar("198.51.100.7", SMTP25_QUAR_BLOCKED, "dsl",
				 1700000000, 1700003600, 2);
	struct ctl_json j;
	struct capture c;
	json_error_t je;
	char *out;
	json_t *v;

	(void)state;
	ctl_json_init(&j, cap_start(&c));
	ctl_quar_json(&j, &q);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"{\"address\":\"198.51.100.7\",\"since\":1700000000,"
		"\"expires\":1700003600,\"offences\":2,\"reason\":\"blocked\","
		"\"pool\":\"dsl\"}\n");
	v = json_loads(out, 0, &je);
	assert_non_null(v);
	json_decref(v);
	free(out);
	/* never expires, no pool, a reason we do not know: null */
	q = quar("2001:db8::7", 99, "", 1700000000, 0, 1);
	ctl_json_init(&j, cap_start(&c));
	ctl_quar_json(&j, &q);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"{\"address\":\"2001:db8::7\",\"since\":1700000000,"
		"\"expires\":null,\"offences\":1,\"reason\":null,"
		"\"pool\":null}\n");
	free(out);
}

/* A released host's record, as QUAR_GET with SMTP25_A_QUAR_HISTORY has it. */
static void test_decode_released(void **state)
{
	unsigned char a4[4] = { 198, 51, 100, 8 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct ctl_quar q;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a4);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_PLEN, 32);
	mnl_attr_put_u8(nlh, SMTP25_QUAR_A_REASON, SMTP25_QUAR_EXPIRED);
	mnl_attr_put_strz(nlh, SMTP25_QUAR_A_POOL, "dsl");
	mnl_attr_put_u64(nlh, SMTP25_QUAR_A_SINCE, 1700000000);
	mnl_attr_put_u32(nlh, SMTP25_QUAR_A_OFFENCES, 2);
	mnl_attr_put_u64(nlh, SMTP25_QUAR_A_RELEASED, 1700007200);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), 0);
	assert_int_equal(q.released, 1700007200);
	assert_int_equal(q.expires, 0);
	assert_int_equal(q.offences, 2);
	assert_string_equal(ctl_quar_reason(&q), "expired");
	/* in quarantine: no release */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a4);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), 0);
	assert_int_equal(q.released, 0);
	/* a released time that is not a u64: malformed */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_QUAR_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_QUARANTINE);
	mnl_attr_put(nlh, SMTP25_QUAR_A_ADDR, 4, a4);
	mnl_attr_put_u32(nlh, SMTP25_QUAR_A_RELEASED, 5);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(ctl_quar_decode(nest_of(nlh), &q), -1);
}

/* quarantine list --all: a RELEASED column; EXPIRES "-" once released. */
static void test_table_all(void **state)
{
	struct ctl_quar v[3];
	struct capture c;
	char *out;

	(void)state;
	v[0] = quar("198.51.100.7", SMTP25_QUAR_BLOCKED, "dsl-fra",
		    1000000 - 180, 1000000 + 3420, 1);
	v[1] = quar("198.51.100.9", SMTP25_QUAR_EXPIRED, "dsl-fra",
		    1000000 - 90000, 0, 2);
	v[1].released = 1000000 - 7200;
	/* restored by "quarantine remember": no since, no pool */
	v[2] = quar("2001:db8::7", SMTP25_QUAR_MANUAL, "", 0, 0, 3);
	v[2].released = 1000000 - 172800;
	ctl_quar_table_all(cap_start(&c), v, 3, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS      SINCE EXPIRES RELEASED OFFENCES REASON  POOL\n"
"198.51.100.7    3m     57m        -        1 blocked dsl-fra\n"
"198.51.100.9  1d1h       -       2h        2 expired dsl-fra\n"
"2001:db8::7      -       -       2d        3 manual  -\n");
	free(out);
	/* the plain table of the same records: no RELEASED column */
	ctl_quar_table(cap_start(&c), v, 1, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS      SINCE EXPIRES OFFENCES REASON  POOL\n"
"198.51.100.7    3m     57m        1 blocked dsl-fra\n");
	free(out);
	ctl_quar_table_all(cap_start(&c), NULL, 0, 0);
	out = cap_end(&c);
	assert_string_equal(out,
		"ADDRESS SINCE EXPIRES RELEASED OFFENCES REASON POOL\n");
	free(out);
}

static void test_json_all(void **state)
{
	struct ctl_quar q = quar("198.51.100.9", SMTP25_QUAR_GONE, "dsl",
				 1700000000, 0, 4);
	struct ctl_json j;
	struct capture c;
	json_error_t je;
	char *out;
	json_t *v;

	(void)state;
	q.released = 1700003600;
	ctl_json_init(&j, cap_start(&c));
	ctl_quar_json_all(&j, &q);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"{\"address\":\"198.51.100.9\",\"since\":1700000000,"
		"\"expires\":null,\"released\":1700003600,\"offences\":4,"
		"\"reason\":\"gone\",\"pool\":\"dsl\"}\n");
	v = json_loads(out, 0, &je);
	assert_non_null(v);
	json_decref(v);
	free(out);
	/* in quarantine: released null */
	q = quar("192.0.2.1", SMTP25_QUAR_MANUAL, "", 1700000000, 1700000060, 1);
	ctl_json_init(&j, cap_start(&c));
	ctl_quar_json_all(&j, &q);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"{\"address\":\"192.0.2.1\",\"since\":1700000000,"
		"\"expires\":1700000060,\"released\":null,\"offences\":1,"
		"\"reason\":\"manual\",\"pool\":null}\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_decode_released),
		cmocka_unit_test(test_table_all),
		cmocka_unit_test(test_json_all),
	};

	return cmocka_run_group_tests_name("ctl_quar", tests, NULL, NULL);
}
