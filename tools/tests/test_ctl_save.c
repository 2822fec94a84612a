// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The lines "save" writes for pools, their settings and quarantined
 * hosts, read back through the batch grammar: what -b would run must be
 * what was saved.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>

#include "testutil.h"

#include <linux/smtp25.h>

#include "args.h"
#include "capture.h"
#include "saveout.h"
#include "words.h"

/* The commands of a batch text, parsed; at most 16. */
struct batch {
	struct ctl_words w[16];
	struct ctl_cmd cmd[16];
	int n;
};

static void parse_batch(struct batch *b, const char *text)
{
	unsigned long line = 1, cmd_line;
	char err[256];
	size_t pos = 0;
	int rc;

	memset(b, 0, sizeof(*b));
	for (;;) {
		assert_true(b->n < 16);
		rc = ctl_words_next(text, strlen(text), &pos, &line, &cmd_line,
				    &b->w[b->n], err, sizeof(err));
		assert_true(rc >= 0);
		if (rc == 0)
			break;
		if (ctl_cmd_parse(b->w[b->n].argc, b->w[b->n].argv,
				  &b->cmd[b->n], err, sizeof(err)))
			fail_msg("line %lu does not parse: %s", cmd_line, err);
		b->n++;
	}
	ctl_words_free(&b->w[b->n]);
}

static void free_batch(struct batch *b)
{
	int i;

	for (i = 0; i < b->n; i++) {
		ctl_cmd_free(&b->cmd[i]);
		ctl_words_free(&b->w[i]);
	}
}

static struct ctl_pool pool(const char *name, unsigned int type)
{
	struct ctl_pool p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.type = type;
	p.settings.given = CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL |
			   CTL_SET_QUAR_AFTER | CTL_SET_QUAR_DESTS |
			   CTL_SET_WINDOW | CTL_SET_EXPIRES;
	p.settings.window = CTL_WINDOW_DEFAULT;
	p.settings.expires = CTL_EXPIRES_DEFAULT;
	return p;
}

static void test_pools(void **state)
{
	struct ctl_pool v[3];
	struct capture c;
	struct batch b;
	char *out;
	int i;

	(void)state;
	v[0] = pool("relays", SMTP25_POOL_RELAY);
	v[0].settings.limit_host = (struct ctl_rate){ 300, 60 };
	v[0].settings.limit_pool = (struct ctl_rate){ 20000, 60 };
	snprintf(v[0].comment, sizeof(v[0].comment), "premium \"tier\" $HOME");
	v[1] = pool("dsl", SMTP25_POOL_DYNAMIC);
	v[1].settings.quar_after = 20;
	v[1].settings.quar_dests = 50;
	v[1].settings.window = 120;
	v[1].settings.expires = 0;
	v[2] = pool("plain", SMTP25_POOL_DYNAMIC);	/* nothing to set */
	cap_start(&c);
	for (i = 0; i < 3; i++)
		ctl_save_pool(c.fp, &v[i]);
	for (i = 0; i < 3; i++)
		ctl_save_settings(c.fp, &v[i]);
	out = cap_end(&c);
	assert_string_equal(out,
		"pool add relays type relay comment \"premium \\\"tier\\\" \\$HOME\"\n"
		"pool add dsl type dynamic\n"
		"pool add plain type dynamic\n"
		"pool set relays limit-host 300/min limit-pool 20000/min\n"
		"pool set dsl quarantine-after 20 quarantine-dests 50 window 120 expires never\n");
	parse_batch(&b, out);
	assert_int_equal(b.n, 5);
	assert_int_equal(b.cmd[0].op, CTL_POOL_ADD);
	assert_string_equal(b.cmd[0].comment, v[0].comment);
	assert_int_equal(b.cmd[3].op, CTL_POOL_SET);
	assert_string_equal(b.cmd[3].pool, "relays");
	assert_int_equal(b.cmd[3].settings.limit_host.count, 300);
	assert_int_equal(b.cmd[3].settings.limit_host.period, 60);
	assert_int_equal(b.cmd[3].settings.limit_pool.count, 20000);
	assert_int_equal(b.cmd[4].op, CTL_POOL_SET);
	assert_int_equal(b.cmd[4].settings.quar_after, 20);
	assert_int_equal(b.cmd[4].settings.quar_dests, 50);
	assert_int_equal(b.cmd[4].settings.window, 120);
	assert_true(b.cmd[4].settings.given & CTL_SET_EXPIRES);
	assert_int_equal(b.cmd[4].settings.expires, 0);
	free_batch(&b);
	free(out);
}

static struct ctl_quar quar(const char *addr, uint64_t expires)
{
	struct ctl_quar q;

	memset(&q, 0, sizeof(q));
	q.addr.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	assert_int_equal(inet_pton(q.addr.family, addr, q.addr.addr), 1);
	q.expires = expires;
	q.reason = SMTP25_QUAR_BLOCKED;
	q.offences = 2;
	return q;
}

static void test_quarantined(void **state)
{
	struct ctl_quar v[5];
	bool held[5] = { true, true, false, true, true };
	struct save_quars sq = { v, 5, held };
	struct capture c;
	struct batch b;
	char *out;

	(void)state;
	v[0] = quar("192.0.2.7", 1003600);	/* an hour left */
	v[1] = quar("192.0.2.8", 0);		/* by hand, for good */
	v[1].offences = 1;
	v[2] = quar("192.0.2.9", 1000100);	/* not in the pool: not saved */
	v[3] = quar("2001:db8::7", 999990);	/* due: released soon */
	v[3].offences = 12;
	v[4] = quar("2001:db8::8", 0);		/* an older module's count */
	v[4].offences = 70000;
	cap_start(&c);
	ctl_save_quarantined(c.fp, &sq, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
		"quarantine add 192.0.2.7 expires 3600 offences 2\n"
		"quarantine add 192.0.2.8 offences 1\n"
		"quarantine add 2001:db8::7 expires 1 offences 12\n"
		"quarantine add 2001:db8::8 offences 65535\n");
	parse_batch(&b, out);
	assert_int_equal(b.n, 4);
	assert_int_equal(b.cmd[0].op, CTL_QUAR_ADD);
	assert_int_equal(b.cmd[0].addrs[0].family, AF_INET);
	assert_int_equal(memcmp(b.cmd[0].addrs[0].addr, v[0].addr.addr, 4), 0);
	assert_int_equal(b.cmd[0].settings.expires, 3600);
	assert_int_equal(b.cmd[0].offences, 2);
	assert_int_equal(b.cmd[1].settings.given, 0);
	assert_int_equal(b.cmd[1].offences, 1);
	assert_int_equal(b.cmd[2].addrs[0].family, AF_INET6);
	assert_int_equal(b.cmd[2].settings.expires, 1);
	assert_int_equal(b.cmd[2].offences, 12);
	assert_int_equal(b.cmd[3].offences, SMTP25_QUAR_OFFENCES_MAX);
	free_batch(&b);
	free(out);
	/*
	 * A /64 host is saved as its first address: on restore its pool's
	 * account-prefix6 (saved before) makes the /64 again.
	 */
	v[3] = quar("2001:db8:1:2::", 1000060);
	v[3].addr.plen = 64;
	cap_start(&c);
	ctl_save_quarantined(c.fp, &sq, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
		"quarantine add 192.0.2.7 expires 3600 offences 2\n"
		"quarantine add 192.0.2.8 offences 1\n"
		"quarantine add 2001:db8:1:2:: expires 60 offences 2\n"
		"quarantine add 2001:db8::8 offences 65535\n");
	free(out);
}

/* A save file of an older smtp25ctl: no offences; they restore as 1. */
static void test_quarantined_old(void **state)
{
	struct batch b;

	(void)state;
	parse_batch(&b, "quarantine add 192.0.2.7 expires 3600\n"
			"quarantine add 2001:db8::7\n");
	assert_int_equal(b.n, 2);
	assert_int_equal(b.cmd[0].op, CTL_QUAR_ADD);
	assert_int_equal(b.cmd[0].settings.expires, 3600);
	assert_int_equal(b.cmd[0].offences, 0);	/* not sent */
	assert_int_equal(b.cmd[1].settings.given, 0);
	assert_int_equal(b.cmd[1].offences, 0);
	free_batch(&b);
}

/*
 * Hosts released but remembered: "quarantine remember" lines with how long
 * ago, which parse back to the same count and age; hosts in quarantine
 * are not among them, nor are they among the "quarantine add" lines.
 */
static void test_remembered(void **state)
{
	struct ctl_quar v[5];
	bool held[5] = { false, true, false, false, false };
	struct save_quars sq = { v, 5, held };
	struct capture c;
	struct batch b;
	char *out;

	(void)state;
	v[0] = quar("192.0.2.7", 0);		/* released an hour ago */
	v[0].released = 1000000 - 3600;
	v[1] = quar("192.0.2.8", 1003600);	/* in quarantine: not here */
	v[2] = quar("2001:db8:1:2::", 0);	/* a /64, its first address */
	v[2].addr.plen = 64;
	v[2].offences = 70000;			/* an older module's count */
	v[2].released = 1000000 - 5;
	v[3] = quar("2001:db8::9", 0);		/* a clock that went back */
	v[3].released = 1000000 + 30;
	v[4] = quar("2001:db8::a", 0);		/* no count: nothing to keep */
	v[4].offences = 0;
	v[4].released = 1000000 - 1;
	assert_int_equal(ctl_save_nremembered(&sq), 3);
	cap_start(&c);
	ctl_save_remembered(c.fp, &sq, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
		"quarantine remember 192.0.2.7 offences 2 released 3600\n"
		"quarantine remember 2001:db8:1:2:: offences 65535 released 5\n"
		"quarantine remember 2001:db8::9 offences 2 released 0\n");
	parse_batch(&b, out);
	assert_int_equal(b.n, 3);
	assert_int_equal(b.cmd[0].op, CTL_QUAR_REMEMBER);
	assert_int_equal(b.cmd[0].addrs[0].family, AF_INET);
	assert_int_equal(memcmp(b.cmd[0].addrs[0].addr, v[0].addr.addr, 4), 0);
	assert_int_equal(b.cmd[0].offences, 2);
	assert_int_equal(b.cmd[0].released, 3600);
	assert_int_equal(b.cmd[1].addrs[0].family, AF_INET6);
	assert_int_equal(memcmp(b.cmd[1].addrs[0].addr, v[2].addr.addr, 16), 0);
	assert_int_equal(b.cmd[1].offences, SMTP25_QUAR_OFFENCES_MAX);
	assert_int_equal(b.cmd[1].released, 5);
	assert_int_equal(b.cmd[2].released, 0);
	free_batch(&b);
	free(out);
	/* the quarantined host is saved by ctl_save_quarantined() alone */
	cap_start(&c);
	ctl_save_quarantined(c.fp, &sq, 1000000);
	out = cap_end(&c);
	assert_string_equal(out,
		"quarantine add 192.0.2.8 expires 3600 offences 2\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pools),
		cmocka_unit_test(test_quarantined),
		cmocka_unit_test(test_quarantined_old),
		cmocka_unit_test(test_remembered),
	};

	return cmocka_run_group_tests_name("ctl_save", tests, NULL, NULL);
}
