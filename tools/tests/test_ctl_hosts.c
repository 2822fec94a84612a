// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The host table without a kernel: entries decoded from built replies,
 * the order of top and its bounded selection, the table, the JSON, and
 * the times they show.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

#include "testutil.h"

#include <jansson.h>
#include <linux/smtp25.h>

#include "capture.h"
#include "host.h"
#include "msg.h"
#include "quar.h"
#include "timefmt.h"
#include "topn.h"

static char buf[CTL_MSG_MAX];	/* ctl_msg_start() clears that much */

static struct ctl_host host(const char *addr, uint64_t blocked,
			    uint32_t dests, uint64_t last_seen)
{
	struct ctl_host h;

	memset(&h, 0, sizeof(h));
	h.addr.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(h.addr.family, addr, h.addr.addr), 1);
	h.blocked = blocked;
	h.dests = dests;
	h.last_seen = last_seen;
	return h;
}

static const char *addr_of(const struct ctl_host *h)
{
	static char b[4][INET6_ADDRSTRLEN];
	static int n;

	return ctl_addr_text(&h->addr, b[n++ % 4], sizeof(b[0]));
}

/* A HOST_GET reply with one host nest, as the kernel lays it out. */
static struct nlmsghdr *reply(const unsigned char *addr, size_t alen,
			      bool full)
{
	struct nlmsghdr *nlh = ctl_msg_start(buf, 30, SMTP25_CMD_HOST_GET, 0, 1);
	struct nlattr *nest = mnl_attr_nest_start(nlh, SMTP25_A_HOST);

	mnl_attr_put(nlh, SMTP25_HOST_A_ADDR, alen, addr);
	if (full) {
		mnl_attr_put_strz(nlh, SMTP25_HOST_A_POOL, "dsl");
		mnl_attr_put_u8(nlh, SMTP25_HOST_A_TYPE, SMTP25_POOL_DYNAMIC);
		mnl_attr_put_u64(nlh, SMTP25_HOST_A_BLOCKED, 1ULL << 35);
		mnl_attr_put_u64(nlh, SMTP25_HOST_A_ALLOWED, 2);
		mnl_attr_put_u64(nlh, SMTP25_HOST_A_OVER_LIMIT, 3);
		mnl_attr_put_u32(nlh, SMTP25_HOST_A_DESTS, 812);
		mnl_attr_put_u64(nlh, SMTP25_HOST_A_FIRST_SEEN, 1700000000);
		mnl_attr_put_u64(nlh, SMTP25_HOST_A_LAST_SEEN, 1700000500);
		mnl_attr_put_u32(nlh, SMTP25_HOST_A_WINDOW_BLOCKED, 20);
		mnl_attr_put_u32(nlh, SMTP25_HOST_A_WINDOW_DESTS, 45);
		mnl_attr_put_u32(nlh, SMTP25_HOST_A_OFFENCES, 2);
		mnl_attr_put(nlh, SMTP25_HOST_A_QUARANTINED, 0, NULL);
		mnl_attr_put_u32(nlh, 200, 1);	/* a newer kernel's: skipped */
	}
	mnl_attr_nest_end(nlh, nest);
	return nlh;
}

static int decode(const struct nlmsghdr *nlh, struct ctl_host *h)
{
	const struct nlattr *tb[CTL_TB_SIZE];

	assert_int_equal(ctl_msg_parse(nlh, tb), 0);
	assert_non_null(tb[SMTP25_A_HOST]);
	return ctl_host_decode(tb[SMTP25_A_HOST], h);
}

static void test_decode(void **state)
{
	unsigned char a4[4] = { 192, 0, 2, 7 };
	unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x25 };
	struct ctl_host h;

	(void)state;
	assert_int_equal(decode(reply(a4, 4, true), &h), 0);
	assert_string_equal(addr_of(&h), "192.0.2.7");
	assert_string_equal(h.pool, "dsl");
	assert_int_equal(h.type, SMTP25_POOL_DYNAMIC);
	assert_true(h.blocked == 1ULL << 35);
	assert_int_equal(h.allowed, 2);
	assert_int_equal(h.over_limit, 3);
	assert_int_equal(h.dests, 812);
	assert_int_equal(h.first_seen, 1700000000);
	assert_int_equal(h.last_seen, 1700000500);
	assert_int_equal(h.window_blocked, 20);
	assert_int_equal(h.window_dests, 45);
	assert_int_equal(h.offences, 2);
	assert_true(h.quarantined);
	/* only the address is required */
	assert_int_equal(decode(reply(a6, 16, false), &h), 0);
	assert_string_equal(addr_of(&h), "2001:db8::25");
	assert_string_equal(h.pool, "");
	assert_false(h.quarantined);
	assert_int_equal(h.last_seen, 0);
}

static void test_decode_malformed(void **state)
{
	unsigned char a[16] = { 10 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct ctl_host h;

	(void)state;
	assert_int_equal(decode(reply(a, 5, false), &h), -1);
	assert_int_equal(decode(reply(a, 0, false), &h), -1);
	/* no address */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_HOST_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_HOST);
	mnl_attr_put_u64(nlh, SMTP25_HOST_A_BLOCKED, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(decode(nlh, &h), -1);
	/* a counter of the wrong size is refused, not misread */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_HOST_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_HOST);
	mnl_attr_put(nlh, SMTP25_HOST_A_ADDR, 4, a);
	mnl_attr_put_u32(nlh, SMTP25_HOST_A_BLOCKED, 1);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(decode(nlh, &h), -1);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_HOST_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_HOST);
	mnl_attr_put(nlh, SMTP25_HOST_A_ADDR, 4, a);
	mnl_attr_put_u8(nlh, SMTP25_HOST_A_QUARANTINED, 1);	/* a flag */
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(decode(nlh, &h), -1);
}

static void test_top_order(void **state)
{
	struct ctl_host v[] = {
		host("192.0.2.9", 5, 100, 1000),
		host("192.0.2.1", 50, 1, 10),		/* most blocked */
		host("192.0.2.2", 5, 200, 10),		/* then most dests */
		host("192.0.2.3", 5, 100, 2000),	/* then most recent */
		host("2001:db8::1", 5, 100, 1000),	/* then IPv4 first */
		host("192.0.2.4", 0, 0, 0),
	};
	const char *want[] = { "192.0.2.1", "192.0.2.2", "192.0.2.3",
			       "192.0.2.9", "2001:db8::1", "192.0.2.4" };
	struct ctl_topn t;
	size_t i;

	(void)state;
	ctl_topn_init(&t, 0, ctl_host_cmp_top);
	for (i = 0; i < 6; i++)
		assert_int_equal(ctl_topn_add(&t, &v[i]), 0);
	ctl_topn_sort(&t);
	assert_int_equal(t.len, 6);
	for (i = 0; i < 6; i++)
		assert_string_equal(addr_of(&t.v[i]), want[i]);
	ctl_topn_free(&t);
	/* the first three only */
	ctl_topn_init(&t, 3, ctl_host_cmp_top);
	for (i = 0; i < 6; i++)
		assert_int_equal(ctl_topn_add(&t, &v[5 - i]), 0);
	ctl_topn_sort(&t);
	assert_int_equal(t.len, 3);
	for (i = 0; i < 3; i++)
		assert_string_equal(addr_of(&t.v[i]), want[i]);
	ctl_topn_free(&t);
	/* host list: by address */
	ctl_topn_init(&t, 0, ctl_host_cmp_addr);
	for (i = 0; i < 6; i++)
		ctl_topn_add(&t, &v[i]);
	ctl_topn_sort(&t);
	assert_string_equal(addr_of(&t.v[0]), "192.0.2.1");
	assert_string_equal(addr_of(&t.v[4]), "192.0.2.9");
	assert_string_equal(addr_of(&t.v[5]), "2001:db8::1");
	ctl_topn_free(&t);
}

static int cmp_qsort(const void *a, const void *b)
{
	return ctl_host_cmp_top(a, b);
}

/* The bounded heap keeps exactly the first n of a full sort. */
static void test_topn_random(void **state)
{
	static struct ctl_host all[5000], sorted[5000];
	size_t limits[] = { 1, 2, 3, 10, 64, 65, 100, 4999, 5000, 6000 };
	unsigned int seed = 25;
	struct ctl_topn t;
	size_t i, k, want;

	(void)state;
	for (i = 0; i < 5000; i++) {
		memset(&all[i], 0, sizeof(all[i]));
		all[i].addr.family = AF_INET;
		all[i].addr.addr[0] = 10;
		all[i].addr.addr[2] = (unsigned char)(i >> 8);
		all[i].addr.addr[3] = (unsigned char)i;
		/* few distinct values, so that every tie-break is used */
		all[i].blocked = (uint64_t)(rand_r(&seed) % 8);
		all[i].dests = (uint32_t)(rand_r(&seed) % 4);
		all[i].last_seen = (uint64_t)(rand_r(&seed) % 4);
	}
	memcpy(sorted, all, sizeof(all));
	qsort(sorted, 5000, sizeof(sorted[0]), cmp_qsort);
	for (k = 0; k < sizeof(limits) / sizeof(limits[0]); k++) {
		ctl_topn_init(&t, limits[k], ctl_host_cmp_top);
		for (i = 0; i < 5000; i++)
			assert_int_equal(ctl_topn_add(&t, &all[i]), 0);
		ctl_topn_sort(&t);
		want = limits[k] < 5000 ? limits[k] : 5000;
		assert_int_equal(t.len, want);
		for (i = 0; i < want; i++)
			assert_int_equal(ctl_host_cmp_addr(&t.v[i], &sorted[i]), 0);
		ctl_topn_free(&t);
	}
}

static void test_table(void **state)
{
	struct ctl_host v[3];
	struct capture c;
	char *out;

	(void)state;
	v[0] = host("198.51.100.77", 1532, 812, 999996);
	snprintf(v[0].pool, sizeof(v[0].pool), "dsl-fra");
	v[0].quarantined = true;
	v[0].offences = 1;
	v[1] = host("2001:db8:1::7", 12, 3, 1000000 - 3720);
	snprintf(v[1].pool, sizeof(v[1].pool), "relays");
	v[1].allowed = 88231;
	v[1].over_limit = 112;
	v[1].offences = 2;
	v[2] = host("10.0.0.1", 0, 0, 0);
	ctl_host_table(cap_start(&c), v, 3, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS       POOL    BLOCKED ALLOWED OVER-LIMIT DESTS LAST-SEEN STATE\n"
"198.51.100.77 dsl-fra    1532       0          0   812        4s quarantined\n"
"2001:db8:1::7 relays       12   88231        112     3      1h2m released\n"
"10.0.0.1      -             0       0          0     0         - -\n");
	free(out);
	ctl_host_table(cap_start(&c), NULL, 0, 0);
	out = cap_end(&c);
	assert_string_equal(out,
		"ADDRESS POOL BLOCKED ALLOWED OVER-LIMIT DESTS LAST-SEEN STATE\n");
	free(out);
}

static void test_json(void **state)
{
	unsigned char a4[4] = { 192, 0, 2, 7 };
	struct ctl_host h;
	struct ctl_json j;
	struct capture c;
	json_error_t je;
	json_t *v, *w;
	char *out;

	(void)state;
	assert_int_equal(decode(reply(a4, 4, true), &h), 0);
	ctl_json_init(&j, cap_start(&c));
	ctl_host_json(&j, &h, false);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	v = json_loads(out, 0, &je);
	if (!v)
		fail_msg("not JSON: %s", out);
	w = json_loads("{\"address\":\"192.0.2.7\",\"pool\":\"dsl\",\"type\":\"dynamic\","
		       "\"blocked\":34359738368,\"allowed\":2,\"over_limit\":3,"
		       "\"dests\":812,\"window_blocked\":20,\"window_dests\":45,"
		       "\"offences\":2,\"first_seen\":1700000000,"
		       "\"last_seen\":1700000500,\"quarantined\":true}", 0, &je);
	assert_non_null(w);
	if (!json_equal(v, w))
		fail_msg("got %s", out);
	json_decref(v);
	json_decref(w);
	free(out);
	/* no pool, times not reported: null */
	h = host("2001:db8::1", 0, 0, 0);
	ctl_json_init(&j, cap_start(&c));
	ctl_host_json(&j, &h, false);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"{\"address\":\"2001:db8::1\",\"pool\":null,\"type\":null,"
		"\"blocked\":0,\"allowed\":0,\"over_limit\":0,\"dests\":0,"
		"\"window_blocked\":0,\"window_dests\":0,\"offences\":0,"
		"\"first_seen\":null,\"last_seen\":null,\"quarantined\":false}\n");
	free(out);
}

/* An IPv6 host accounted per /64: the prefix wherever it is shown. */
static void test_prefix_host(void **state)
{
	unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct ctl_host h, v[3];
	struct ctl_json j;
	struct capture c;
	char *out;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_HOST_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_HOST);
	mnl_attr_put(nlh, SMTP25_HOST_A_ADDR, 16, a6);
	mnl_attr_put_u8(nlh, SMTP25_HOST_A_PLEN, 64);
	mnl_attr_put_u64(nlh, SMTP25_HOST_A_BLOCKED, 9);
	mnl_attr_nest_end(nlh, nest);
	assert_int_equal(decode(nlh, &h), 0);
	assert_int_equal(h.addr.plen, 64);
	assert_int_equal(ctl_addr_plen(&h.addr), 64);
	assert_string_equal(addr_of(&h), "2001:db8:1:2::/64");
	/* a whole address shows as one, whatever the kernel says */
	v[0] = host("2001:db8:1:2::", 9, 1, 0);
	v[0].addr.plen = 128;
	assert_string_equal(addr_of(&v[0]), "2001:db8:1:2::");
	v[0].addr.plen = 0;	/* an older kernel: no length */
	assert_string_equal(addr_of(&v[0]), "2001:db8:1:2::");
	/* ordered by address, the shorter prefix first */
	v[1] = h;
	v[2] = host("192.0.2.1", 0, 0, 0);
	v[2].addr.plen = 32;
	assert_true(ctl_host_cmp_addr(&v[1], &v[0]) < 0);
	assert_true(ctl_host_cmp_addr(&v[0], &v[1]) > 0);
	assert_true(ctl_host_cmp_addr(&v[2], &v[1]) < 0);
	/* the table's column grows for it */
	h.last_seen = 999990;
	snprintf(h.pool, sizeof(h.pool), "dsl");
	ctl_host_table(cap_start(&c), &h, 1, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
"ADDRESS           POOL BLOCKED ALLOWED OVER-LIMIT DESTS LAST-SEEN STATE\n"
"2001:db8:1:2::/64 dsl        9       0          0     0       10s -\n");
	free(out);
	/* -j: the prefix as the address */
	ctl_json_init(&j, cap_start(&c));
	ctl_host_json(&j, &h, false);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_non_null(strstr(out, "\"address\":\"2001:db8:1:2::/64\","));
	free(out);
	/* host show */
	ctl_host_detail(cap_start(&c), &h, NULL, 1000000);
	out = cap_end(&c);
	assert_non_null(strstr(out, "2001:db8:1:2::/64\n"));
	free(out);
}

static void test_detail(void **state)
{
	unsigned char a4[4] = { 192, 0, 2, 7 };
	struct ctl_host h;
	struct ctl_quar q;
	struct capture c;
	char *out;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(decode(reply(a4, 4, true), &h), 0);
	memset(&q, 0, sizeof(q));
	q.addr = h.addr;
	q.reason = SMTP25_QUAR_DESTS;
	q.since = 1700000400;
	q.expires = 1700007600;
	q.offences = 2;
	ctl_host_detail(cap_start(&c), &h, &q, 1700000520);
	out = cap_end(&c);
	assert_string_equal(out,
		"address      192.0.2.7\n"
		"pool         dsl (dynamic)\n"
		"state        quarantined\n"
		"blocked      34359738368\n"
		"allowed      2\n"
		"over-limit   3\n"
		"dests        812\n"
		"window       20 blocked, 45 dests\n"
		"offences     2\n"
		"first-seen   2023-11-14T22:13:20+0000 (8m40s ago)\n"
		"last-seen    2023-11-14T22:21:40+0000 (20s ago)\n"
		"quarantined  2023-11-14T22:20:00+0000 (2m ago)\n"
		"reason       dests\n"
		"expires      2023-11-15T00:20:00+0000 (in 1h58m)\n");
	free(out);
	/* a host in no pool, never seen (as the kernel may report it) */
	h = host("2001:db8::1", 0, 0, 0);
	ctl_host_detail(cap_start(&c), &h, NULL, 1700000520);
	out = cap_end(&c);
	assert_string_equal(out,
		"address      2001:db8::1\n"
		"pool         -\n"
		"state        -\n"
		"blocked      0\n"
		"allowed      0\n"
		"over-limit   0\n"
		"dests        0\n"
		"window       0 blocked, 0 dests\n"
		"offences     0\n"
		"first-seen   -\n"
		"last-seen    -\n");
	free(out);
}

static const char *dur(uint64_t s)
{
	static char b[CTL_TIME_STRLEN];

	return ctl_duration(s, b, sizeof(b));
}

static void test_times(void **state)
{
	char b[CTL_TIME_STRLEN];

	(void)state;
	assert_string_equal(dur(0), "0s");
	assert_string_equal(dur(59), "59s");
	assert_string_equal(dur(60), "1m");
	assert_string_equal(dur(61), "1m1s");
	assert_string_equal(dur(3599), "59m59s");
	assert_string_equal(dur(3600), "1h");
	assert_string_equal(dur(3720), "1h2m");
	assert_string_equal(dur(86399), "23h59m");
	assert_string_equal(dur(86400), "1d");
	assert_string_equal(dur(90000), "1d1h");
	assert_string_equal(dur(400 * 86400ULL + 7200), "400d2h");
	assert_int_equal(ctl_age(100, 150), 50);
	assert_int_equal(ctl_age(150, 100), 0);	/* clocks disagree */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(ctl_localtime(1700000000, b, sizeof(b)),
			    "2023-11-14T22:13:20+0000");
	setenv("TZ", "CET-1", 1);
	tzset();
	assert_string_equal(ctl_localtime(1700000000, b, sizeof(b)),
			    "2023-11-14T23:13:20+0100");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_top_order),
		cmocka_unit_test(test_topn_random),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_prefix_host),
		cmocka_unit_test(test_detail),
		cmocka_unit_test(test_times),
	};

	return cmocka_run_group_tests_name("ctl_hosts", tests, NULL, NULL);
}
