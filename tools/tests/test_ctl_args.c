// SPDX-License-Identifier: GPL-2.0-or-later
/* smtp25ctl's command grammar: words to commands, and what it refuses. */
#include <sys/socket.h>

#include "testutil.h"

#include <linux/smtp25.h>

#include "args.h"
#include "names.h"

#define MAXW 32

/* Split s on blanks into argv (no quoting: the grammar is what we test). */
struct words {
	char buf[512];
	char *argv[MAXW];
	int argc;
};

static void split(struct words *w, const char *s)
{
	char *tok;

	snprintf(w->buf, sizeof(w->buf), "%s", s);
	w->argc = 0;
	for (tok = strtok(w->buf, " "); tok; tok = strtok(NULL, " "))
		w->argv[w->argc++] = tok;
	w->argv[w->argc] = NULL;
}

static char err[512];

/* Parse s; the result must be rc. */
static void parse(struct words *w, struct ctl_cmd *cmd, const char *s, int rc)
{
	split(w, s);
	err[0] = '\0';
	if (ctl_cmd_parse(w->argc, w->argv, cmd, err, sizeof(err)) != rc)
		fail_msg("'%s': want %d, got error '%s'", s, rc, err);
	if (rc)
		assert_true(err[0] != '\0');
}

static void ok(const char *s, enum ctl_op op)
{
	struct ctl_cmd cmd;
	struct words w;

	parse(&w, &cmd, s, CTL_EXIT_OK);
	assert_int_equal(cmd.op, op);
	ctl_cmd_free(&cmd);
}

static const char *bad(const char *s, int rc)
{
	struct ctl_cmd cmd;
	struct words w;

	parse(&w, &cmd, s, rc);
	ctl_cmd_free(&cmd);
	return err;
}

static void test_every_command(void **state)
{
	(void)state;
	ok("pool add p type dynamic", CTL_POOL_ADD);
	ok("pool del p", CTL_POOL_DEL);
	ok("pool list", CTL_POOL_LIST);
	ok("pool show p", CTL_POOL_SHOW);
	ok("pool load p f.txt", CTL_POOL_LOAD);
	ok("pool load p -", CTL_POOL_LOAD);
	ok("pool set p limit-host 300/min", CTL_POOL_SET);
	ok("prefix add p 10.0.0.0/8", CTL_PREFIX_ADD);
	ok("prefix del p 10.0.0.0/8", CTL_PREFIX_DEL);
	ok("prefix list", CTL_PREFIX_LIST);
	ok("prefix list p", CTL_PREFIX_LIST);
	ok("lookup 10.0.0.1", CTL_LOOKUP);
	ok("stats", CTL_STATS);
	ok("stats --prometheus", CTL_STATS);
	ok("monitor", CTL_MONITOR);
	ok("save", CTL_SAVE);
	ok("top", CTL_TOP);
	ok("host show 192.0.2.1", CTL_HOST_SHOW);
	ok("host list", CTL_HOST_LIST);
	ok("host flush", CTL_HOST_FLUSH);
	ok("quarantine add 192.0.2.1", CTL_QUAR_ADD);
	ok("quarantine del 192.0.2.1", CTL_QUAR_DEL);
	ok("quarantine forget 192.0.2.1", CTL_QUAR_FORGET);
	ok("quarantine list", CTL_QUAR_LIST);
	ok("quarantine list --all", CTL_QUAR_LIST);
	ok("quarantine remember 192.0.2.1 offences 2", CTL_QUAR_REMEMBER);
}

static void test_pool_add(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "pool add cust-1.a_b type relay comment hello", 0);
	assert_string_equal(cmd.pool, "cust-1.a_b");
	assert_int_equal(cmd.type, SMTP25_POOL_RELAY);
	assert_string_equal(cmd.comment, "hello");
	ctl_cmd_free(&cmd);
	/* keywords in any order, as ip(8) takes them */
	parse(&w, &cmd, "pool add q comment x type quarantine", 0);
	assert_int_equal(cmd.type, SMTP25_POOL_QUARANTINE);
	assert_string_equal(cmd.comment, "x");
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "pool add d type dynamic", 0);
	assert_int_equal(cmd.type, SMTP25_POOL_DYNAMIC);
	assert_null(cmd.comment);
	ctl_cmd_free(&cmd);

	assert_has(bad("pool add d", CTL_EXIT_USAGE), "usage: pool add");
	assert_has(bad("pool add d comment x", CTL_EXIT_USAGE), "missing 'type");
	assert_has(bad("pool add d type", CTL_EXIT_USAGE), "usage");
	assert_has(bad("pool add d type static", CTL_EXIT_USAGE),
		   "unknown type 'static'");
	assert_has(bad("pool add d type Relay", CTL_EXIT_USAGE), "unknown type");
	assert_has(bad("pool add d type relay type relay", CTL_EXIT_USAGE),
		   "given twice");
	assert_has(bad("pool add d type relay comment a comment b",
		       CTL_EXIT_USAGE), "given twice");
	assert_has(bad("pool add d type relay comment", CTL_EXIT_USAGE),
		   "needs a value");
	assert_has(bad("pool add d type relay colour red", CTL_EXIT_USAGE),
		   "unexpected 'colour'");
}

/* The settings themselves are tested in test_ctl_rate.c. */
static void test_pool_set(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "pool set relays limit-host 300/min limit-pool 20000/min", 0);
	assert_string_equal(cmd.pool, "relays");
	assert_int_equal(cmd.settings.given,
			 CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL);
	assert_int_equal(cmd.settings.limit_pool.count, 20000);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "pool set dsl quarantine-after 20 window 60 expires 3600", 0);
	assert_int_equal(cmd.settings.quar_after, 20);
	assert_int_equal(cmd.settings.expires, 3600);
	ctl_cmd_free(&cmd);

	assert_has(bad("pool set", CTL_EXIT_USAGE), "usage: pool set NAME [limit-host RATE]");
	assert_has(bad("pool set dsl", CTL_EXIT_USAGE), "pool set: nothing to set");
	assert_has(bad("pool set dsl window", CTL_EXIT_USAGE), "'window' needs a value");
	assert_has(bad("pool set dsl type relay", CTL_EXIT_USAGE), "unexpected 'type'");
	assert_has(bad("pool set a/b window 5", CTL_EXIT_REFUSED), "pool name");
	assert_has(bad("pool set dsl limit-host 5", CTL_EXIT_REFUSED),
		   "limit-host: '5': not a rate");
}

static void test_comment_length(void **state)
{
	char line[600], c255[256], c256[257];

	(void)state;
	memset(c255, 'c', 255);
	c255[255] = '\0';
	memset(c256, 'c', 256);
	c256[256] = '\0';
	snprintf(line, sizeof(line), "pool add p type relay comment %s", c255);
	ok(line, CTL_POOL_ADD);
	snprintf(line, sizeof(line), "pool add p type relay comment %s", c256);
	assert_has(bad(line, CTL_EXIT_REFUSED), "at most 255 bytes");
}

static void test_pool_names(void **state)
{
	(void)state;
	ok("pool del abcdefghijklmnopqrstuvwxyz01234", CTL_POOL_DEL); /* 31 */
	assert_has(bad("pool del abcdefghijklmnopqrstuvwxyz012345",
		       CTL_EXIT_REFUSED), "1 to 31 characters");
	assert_has(bad("pool del a/b", CTL_EXIT_REFUSED), "1 to 31 characters");
	assert_has(bad("pool show a:b", CTL_EXIT_REFUSED), "A-Z a-z 0-9");
	assert_has(bad("prefix add é 10.0.0.0/8", CTL_EXIT_REFUSED), "pool name");
	assert_has(bad("prefix list a*", CTL_EXIT_REFUSED), "pool name");
	assert_has(bad("pool load a,b f", CTL_EXIT_REFUSED), "pool name");
	assert_int_equal(ctl_pool_name_check("", err, sizeof(err)),
			 CTL_EXIT_REFUSED);
	assert_int_equal(ctl_pool_name_check("A.z-0_9", err, sizeof(err)), 0);
}

static void test_word_counts(void **state)
{
	(void)state;
	assert_has(bad("pool", CTL_EXIT_USAGE), "missing add, del, list, show, load or set");
	assert_has(bad("pool frob", CTL_EXIT_USAGE), "unknown command 'frob'");
	assert_has(bad("pool del", CTL_EXIT_USAGE), "usage: pool del NAME");
	assert_has(bad("pool del a b", CTL_EXIT_USAGE), "usage: pool del NAME");
	assert_has(bad("pool list a", CTL_EXIT_USAGE), "usage: pool list");
	assert_has(bad("pool show", CTL_EXIT_USAGE), "usage: pool show");
	assert_has(bad("pool load a", CTL_EXIT_USAGE), "usage: pool load");
	assert_has(bad("pool load a f g", CTL_EXIT_USAGE), "usage: pool load");
	assert_has(bad("prefix", CTL_EXIT_USAGE), "missing add, del or list");
	assert_has(bad("prefix add a", CTL_EXIT_USAGE), "usage: prefix add");
	assert_has(bad("prefix del a", CTL_EXIT_USAGE), "usage: prefix del");
	assert_has(bad("prefix list a b", CTL_EXIT_USAGE), "usage: prefix list");
	assert_has(bad("lookup", CTL_EXIT_USAGE), "usage: lookup");
	assert_has(bad("stats now", CTL_EXIT_USAGE), "usage: stats [--prometheus]");
	assert_has(bad("stats --prom", CTL_EXIT_USAGE), "usage: stats");
	assert_has(bad("stats --prometheus x", CTL_EXIT_USAGE), "usage: stats");
	assert_has(bad("monitor all", CTL_EXIT_USAGE), "usage: monitor");
	assert_has(bad("save x", CTL_EXIT_USAGE), "usage: save");
	assert_has(bad("frob", CTL_EXIT_USAGE), "unknown command 'frob'");
	/* exact words only: no abbreviations to guess at */
	assert_has(bad("pool ls", CTL_EXIT_USAGE), "unknown command 'ls'");
	assert_has(bad("prefixes list", CTL_EXIT_USAGE), "unknown command");
	assert_int_equal(ctl_cmd_parse(0, NULL, &(struct ctl_cmd){ 0 }, err,
				       sizeof(err)), CTL_EXIT_USAGE);
}

static void test_prefixes(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd,
	      "prefix add p 10.0.0.0/8 192.0.2.7 2001:db8::/32 192.0.2.10-192.0.2.20 ::1",
	      0);
	assert_string_equal(cmd.pool, "p");
	assert_vec(&cmd.prefixes, "10.0.0.0/8", "192.0.2.7/32",
		   "2001:db8::/32", "192.0.2.10/31", "192.0.2.12/30",
		   "192.0.2.16/30", "192.0.2.20/32", "::1/128", NULL);
	/* every prefix knows the word it came from, for error messages */
	assert_int_equal(cmd.nargs, 5);
	assert_int_equal(cmd.arg_of[0], 0);
	assert_int_equal(cmd.arg_of[1], 1);
	assert_int_equal(cmd.arg_of[2], 2);
	assert_int_equal(cmd.arg_of[3], 3);
	assert_int_equal(cmd.arg_of[6], 3);
	assert_int_equal(cmd.arg_of[7], 4);
	assert_string_equal(cmd.args[cmd.arg_of[5]], "192.0.2.10-192.0.2.20");
	ctl_cmd_free(&cmd);

	assert_has(bad("prefix add p 10.0.0.1/8", CTL_EXIT_REFUSED), "host bits");
	assert_has(bad("prefix del p 10.0.0.0/33", CTL_EXIT_REFUSED), "33");
	assert_has(bad("prefix add p 10.0.0.0/8 nonsense", CTL_EXIT_REFUSED),
		   "nonsense");
	bad("prefix add p 10.0.0.9-10.0.0.1", CTL_EXIT_REFUSED);
	bad("prefix add p 10.0.0.1-::1", CTL_EXIT_REFUSED);
}

static void test_many_prefixes(void **state)
{
	char *argv[2003], names[2000][20];
	struct ctl_cmd cmd;
	int i;

	(void)state;
	argv[0] = "prefix";
	argv[1] = "add";
	argv[2] = "p";
	for (i = 0; i < 2000; i++) {
		snprintf(names[i], sizeof(names[i]), "10.%d.%d.0/24", i / 256,
			 i % 256);
		argv[3 + i] = names[i];
	}
	assert_int_equal(ctl_cmd_parse(2003, argv, &cmd, err, sizeof(err)), 0);
	assert_int_equal(cmd.prefixes.len, 2000);
	for (i = 0; i < 2000; i++)
		assert_int_equal(cmd.arg_of[i], i);
	ctl_cmd_free(&cmd);
}

static void test_lookup(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "lookup 192.0.2.1 2001:db8::1", 0);
	assert_int_equal(cmd.naddrs, 2);
	assert_int_equal(cmd.addrs[0].family, AF_INET);
	assert_int_equal(cmd.addrs[0].addr[0], 192);
	assert_int_equal(cmd.addrs[0].addr[3], 1);
	assert_int_equal(cmd.addrs[1].family, AF_INET6);
	assert_int_equal(cmd.addrs[1].addr[15], 1);
	assert_string_equal(cmd.args[1], "2001:db8::1");
	ctl_cmd_free(&cmd);
	/* an address, not a prefix */
	bad("lookup 192.0.2.0/24", CTL_EXIT_REFUSED);
	bad("lookup 192.0.2.1 example.org", CTL_EXIT_REFUSED);
	bad("lookup 1.2.3.4-1.2.3.5", CTL_EXIT_REFUSED);
}

static void top(const char *s, size_t count, const char *pool)
{
	struct ctl_cmd cmd;
	struct words w;

	parse(&w, &cmd, s, 0);
	assert_int_equal(cmd.op, CTL_TOP);
	assert_int_equal(cmd.count, count);
	if (pool)
		assert_string_equal(cmd.pool, pool);
	else
		assert_null(cmd.pool);
	ctl_cmd_free(&cmd);
}

static void test_top(void **state)
{
	(void)state;
	top("top", 10, NULL);
	top("top -n 25", 25, NULL);
	top("top -n25", 25, NULL);
	top("top -n all", 0, NULL);
	top("top pool dsl", 10, "dsl");
	top("top -n 3 pool dsl", 3, "dsl");
	top("top pool dsl -n 3", 3, "dsl");
	top("top pool dsl -n1", 1, "dsl");
	top("top -n 18446744073709551615", (size_t)18446744073709551615ULL, NULL);

	assert_has(bad("top -n", CTL_EXIT_USAGE), "'-n' needs a number");
	assert_has(bad("top -n 0", CTL_EXIT_REFUSED),
		   "-n takes a number of rows from 1, or all (not '0')");
	assert_has(bad("top -n -5", CTL_EXIT_REFUSED), "not '-5'");
	assert_has(bad("top -n ten", CTL_EXIT_REFUSED), "not 'ten'");
	assert_has(bad("top -nx", CTL_EXIT_REFUSED), "not 'x'");
	assert_has(bad("top -n 18446744073709551616", CTL_EXIT_REFUSED),
		   "-n takes");
	assert_has(bad("top -n 1 -n 2", CTL_EXIT_USAGE), "'-n' given twice");
	assert_has(bad("top pool", CTL_EXIT_USAGE), "usage: top [-n N|all] [pool NAME]");
	assert_has(bad("top dsl", CTL_EXIT_USAGE), "usage: top");
	assert_has(bad("top pool a pool b", CTL_EXIT_USAGE), "'pool' given twice");
	assert_has(bad("top pool a -n 1 x", CTL_EXIT_USAGE), "usage: top");
	assert_has(bad("top -n 1 pool a/b", CTL_EXIT_REFUSED), "pool name");
	assert_has(bad("top -N 5", CTL_EXIT_USAGE), "usage: top");
}

static void test_host(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "host show 2001:db8::25", 0);
	assert_int_equal(cmd.naddrs, 1);
	assert_int_equal(cmd.addrs[0].family, AF_INET6);
	assert_int_equal(cmd.addrs[0].addr[15], 0x25);
	assert_string_equal(cmd.args[0], "2001:db8::25");
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "host flush 192.0.2.7", 0);
	assert_int_equal(cmd.op, CTL_HOST_FLUSH);
	assert_int_equal(cmd.naddrs, 1);
	assert_int_equal(cmd.addrs[0].family, AF_INET);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "host flush", 0);
	assert_int_equal(cmd.naddrs, 0);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "host list pool dsl", 0);
	assert_int_equal(cmd.op, CTL_HOST_LIST);
	assert_string_equal(cmd.pool, "dsl");
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "host list", 0);
	assert_null(cmd.pool);
	ctl_cmd_free(&cmd);

	assert_has(bad("host", CTL_EXIT_USAGE), "host: missing show, list or flush");
	assert_has(bad("host del 192.0.2.1", CTL_EXIT_USAGE), "unknown command 'del'");
	assert_has(bad("host show", CTL_EXIT_USAGE), "usage: host show ADDR");
	assert_has(bad("host show 192.0.2.1 192.0.2.2", CTL_EXIT_USAGE),
		   "usage: host show ADDR");
	/* an address, not a prefix: the table holds hosts */
	assert_has(bad("host show 192.0.2.0/24", CTL_EXIT_REFUSED), "192.0.2.0/24");
	assert_has(bad("host show mail.example", CTL_EXIT_REFUSED), "not an IP address");
	assert_has(bad("host flush 10.0.0.256", CTL_EXIT_REFUSED), "IPv4");
	assert_has(bad("host flush a b", CTL_EXIT_USAGE), "usage: host flush [ADDR]");
	assert_has(bad("host list dsl", CTL_EXIT_USAGE), "usage: host list [pool NAME]");
	assert_has(bad("host list pool", CTL_EXIT_USAGE), "usage: host list");
	assert_has(bad("host list pool a b", CTL_EXIT_USAGE), "usage: host list");
	assert_has(bad("host list pool a:b", CTL_EXIT_REFUSED), "pool name");
}

static void test_quarantine(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "quarantine add 198.51.100.7", 0);
	assert_int_equal(cmd.naddrs, 1);
	assert_int_equal(cmd.addrs[0].family, AF_INET);
	assert_int_equal(cmd.addrs[0].addr[3], 7);
	assert_int_equal(cmd.settings.given, 0);	/* no expiry: never */
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine add 2001:db8::7 expires 86400", 0);
	assert_int_equal(cmd.addrs[0].family, AF_INET6);
	assert_int_equal(cmd.settings.given, CTL_SET_EXPIRES);
	assert_int_equal(cmd.settings.expires, 86400);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine add 192.0.2.1 expires never", 0);
	assert_int_equal(cmd.settings.given, CTL_SET_EXPIRES);
	assert_int_equal(cmd.settings.expires, 0);
	ctl_cmd_free(&cmd);
	assert_int_equal(cmd.offences, 0);	/* not given: not sent */
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine add 192.0.2.1 expires 600 offences 4", 0);
	assert_int_equal(cmd.settings.given, CTL_SET_EXPIRES);
	assert_int_equal(cmd.settings.expires, 600);
	assert_int_equal(cmd.offences, 4);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine add 2001:db8::7 offences 65535 expires never", 0);
	assert_int_equal(cmd.settings.given, CTL_SET_EXPIRES);
	assert_int_equal(cmd.settings.expires, 0);
	assert_int_equal(cmd.offences, SMTP25_QUAR_OFFENCES_MAX);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine add 192.0.2.1 offences 1", 0);
	assert_int_equal(cmd.settings.given, 0);
	assert_int_equal(cmd.offences, 1);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine del 2001:db8::7", 0);
	assert_int_equal(cmd.naddrs, 1);
	assert_string_equal(cmd.args[0], "2001:db8::7");
	ctl_cmd_free(&cmd);

	assert_has(bad("quarantine", CTL_EXIT_USAGE),
		   "quarantine: missing add, remember, del, forget or list");
	assert_has(bad("quarantine show 192.0.2.1", CTL_EXIT_USAGE),
		   "unknown command 'show'");
	assert_has(bad("quarantine add", CTL_EXIT_USAGE),
		   "usage: quarantine add ADDR [expires SECONDS] [offences N]");
	assert_has(bad("quarantine add 192.0.2.1 expires", CTL_EXIT_USAGE),
		   "usage: quarantine add");
	assert_has(bad("quarantine add 192.0.2.1 for 60", CTL_EXIT_USAGE),
		   "usage: quarantine add");
	assert_has(bad("quarantine add 192.0.2.1 expires 60 x", CTL_EXIT_USAGE),
		   "usage: quarantine add");
	assert_has(bad("quarantine add 192.0.2.1 expires 1h", CTL_EXIT_REFUSED),
		   "expires: '1h' is not a number of seconds");
	assert_has(bad("quarantine add 192.0.2.1 expires -1", CTL_EXIT_REFUSED),
		   "expires: '-1'");
	assert_has(bad("quarantine add 192.0.2.1 offences", CTL_EXIT_USAGE),
		   "usage: quarantine add ADDR [expires SECONDS] [offences N]");
	assert_has(bad("quarantine add 192.0.2.1 offences 2 offences 3",
		       CTL_EXIT_USAGE), "usage: quarantine add");
	assert_has(bad("quarantine add 192.0.2.1 expires 5 expires 6",
		       CTL_EXIT_USAGE), "usage: quarantine add");
	assert_has(bad("quarantine add 192.0.2.1 offences 0", CTL_EXIT_REFUSED),
		   "offences: '0' is not a count from 1 to 65535");
	assert_has(bad("quarantine add 192.0.2.1 offences 65536", CTL_EXIT_REFUSED),
		   "offences: '65536' is not a count from 1 to 65535");
	assert_has(bad("quarantine add 192.0.2.1 offences x", CTL_EXIT_REFUSED),
		   "offences: 'x'");
	assert_has(bad("quarantine add 192.0.2.1 offences -1", CTL_EXIT_REFUSED),
		   "offences: '-1'");
	assert_has(bad("quarantine del 192.0.2.1 offences 2", CTL_EXIT_USAGE),
		   "usage: quarantine del ADDR");
	assert_has(bad("quarantine add 192.0.2.0/24", CTL_EXIT_REFUSED),
		   "192.0.2.0/24");
	assert_has(bad("quarantine del", CTL_EXIT_USAGE), "usage: quarantine del ADDR");
	assert_has(bad("quarantine del 192.0.2.1 expires 5", CTL_EXIT_USAGE),
		   "usage: quarantine del ADDR");
	assert_has(bad("quarantine del ::g", CTL_EXIT_REFUSED), "IPv6");
	assert_has(bad("quarantine list all", CTL_EXIT_USAGE), "usage: quarantine list");
	assert_has(bad("quarantine list --all --all", CTL_EXIT_USAGE),
		   "usage: quarantine list [--all]");
	assert_has(bad("quarantine list --history", CTL_EXIT_USAGE),
		   "usage: quarantine list [--all]");
}

static void test_quar_list_remember(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "quarantine list", 0);
	assert_false(cmd.all);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine list --all", 0);
	assert_true(cmd.all);
	ctl_cmd_free(&cmd);

	parse(&w, &cmd, "quarantine remember 192.0.2.7 offences 3 released 3600", 0);
	assert_int_equal(cmd.op, CTL_QUAR_REMEMBER);
	assert_int_equal(cmd.naddrs, 1);
	assert_int_equal(cmd.addrs[0].family, AF_INET);
	assert_int_equal(cmd.addrs[0].addr[3], 7);
	assert_int_equal(cmd.offences, 3);
	assert_int_equal(cmd.released, 3600);
	assert_int_equal(cmd.settings.given, 0);
	ctl_cmd_free(&cmd);
	/* the other order; released 0 and absent are the same: just now */
	parse(&w, &cmd, "quarantine remember 2001:db8:1:2:: released 0 offences 65535", 0);
	assert_int_equal(cmd.addrs[0].family, AF_INET6);
	assert_int_equal(cmd.offences, SMTP25_QUAR_OFFENCES_MAX);
	assert_int_equal(cmd.released, 0);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine remember 192.0.2.7 offences 1", 0);
	assert_int_equal(cmd.offences, 1);
	assert_int_equal(cmd.released, 0);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "quarantine remember 192.0.2.7 offences 1 released 4294967295", 0);
	assert_int_equal(cmd.released, UINT32_MAX);
	ctl_cmd_free(&cmd);

	assert_has(bad("quarantine remember", CTL_EXIT_USAGE),
		   "usage: quarantine remember ADDR offences N [released SECONDS]");
	assert_has(bad("quarantine remember 192.0.2.7", CTL_EXIT_USAGE),
		   "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 released 60", CTL_EXIT_USAGE),
		   "quarantine remember: missing 'offences N'");
	assert_has(bad("quarantine remember 192.0.2.7 released 60 expires 5",
		       CTL_EXIT_USAGE), "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 expires 60",
		       CTL_EXIT_USAGE), "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 released",
		       CTL_EXIT_USAGE), "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 offences 3",
		       CTL_EXIT_USAGE), "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 released 1 released 2",
		       CTL_EXIT_USAGE), "usage: quarantine remember");
	assert_has(bad("quarantine remember 192.0.2.7 offences 0", CTL_EXIT_REFUSED),
		   "offences: '0' is not a count from 1 to 65535");
	assert_has(bad("quarantine remember 192.0.2.7 offences 65536", CTL_EXIT_REFUSED),
		   "offences: '65536'");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 released -1",
		       CTL_EXIT_REFUSED),
		   "released: '-1' is not a number of seconds (how long ago)");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 released 4294967296",
		       CTL_EXIT_REFUSED), "released: '4294967296'");
	assert_has(bad("quarantine remember 192.0.2.7 offences 2 released 1h",
		       CTL_EXIT_REFUSED), "released: '1h'");
	assert_has(bad("quarantine remember 192.0.2.0/24 offences 2", CTL_EXIT_REFUSED),
		   "192.0.2.0/24");
}

/* "quarantine forget ADDR": one address, nothing else, like del. */
static void test_quar_forget(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "quarantine forget 198.51.100.7", 0);
	assert_int_equal(cmd.op, CTL_QUAR_FORGET);
	assert_int_equal(cmd.naddrs, 1);
	assert_int_equal(cmd.addrs[0].family, AF_INET);
	assert_int_equal(cmd.addrs[0].addr[0], 198);
	assert_int_equal(cmd.addrs[0].addr[3], 7);
	assert_string_equal(cmd.args[0], "198.51.100.7");
	assert_int_equal(cmd.offences, 0);
	assert_int_equal(cmd.settings.given, 0);
	ctl_cmd_free(&cmd);
	/* an IPv6 host by any address of its prefix: the kernel finds it */
	parse(&w, &cmd, "quarantine forget 2001:db8:25:1::77", 0);
	assert_int_equal(cmd.op, CTL_QUAR_FORGET);
	assert_int_equal(cmd.addrs[0].family, AF_INET6);
	assert_int_equal(cmd.addrs[0].addr[15], 0x77);
	ctl_cmd_free(&cmd);

	assert_has(bad("quarantine forget", CTL_EXIT_USAGE),
		   "usage: quarantine forget ADDR");
	assert_has(bad("quarantine forget 192.0.2.1 192.0.2.2", CTL_EXIT_USAGE),
		   "usage: quarantine forget ADDR");
	assert_has(bad("quarantine forget 192.0.2.1 offences 1", CTL_EXIT_USAGE),
		   "usage: quarantine forget ADDR");
	assert_has(bad("quarantine forget 192.0.2.0/24", CTL_EXIT_REFUSED),
		   "192.0.2.0/24");
	assert_has(bad("quarantine forget ::g", CTL_EXIT_REFUSED), "IPv6");
	assert_has(bad("quarantine forget host", CTL_EXIT_REFUSED), "host");
	assert_has(bad("quarantine forgets 192.0.2.1", CTL_EXIT_USAGE),
		   "unknown command 'forgets'");
}

static void test_stats(void **state)
{
	struct ctl_cmd cmd;
	struct words w;

	(void)state;
	parse(&w, &cmd, "stats", 0);
	assert_false(cmd.prometheus);
	ctl_cmd_free(&cmd);
	parse(&w, &cmd, "stats --prometheus", 0);
	assert_true(cmd.prometheus);
	ctl_cmd_free(&cmd);
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(ctl_pool_type_name(SMTP25_POOL_DYNAMIC), "dynamic");
	assert_string_equal(ctl_pool_type_name(SMTP25_POOL_RELAY), "relay");
	assert_string_equal(ctl_pool_type_name(SMTP25_POOL_QUARANTINE),
			    "quarantine");
	assert_null(ctl_pool_type_name(SMTP25_POOL_NONE));
	assert_null(ctl_pool_type_name(200));
	assert_int_equal(ctl_pool_type_parse("relay"), SMTP25_POOL_RELAY);
	assert_int_equal(ctl_pool_type_parse("none"), -1);
	assert_int_equal(ctl_pool_type_parse(""), -1);
	assert_string_equal(ctl_event_name(SMTP25_CMD_POOL_NEW), "pool_new");
	assert_string_equal(ctl_event_name(SMTP25_CMD_REPLACE_COMMIT),
			    "replace_commit");
	assert_null(ctl_event_name(SMTP25_CMD_LOOKUP));
	assert_string_equal(ctl_event_name(SMTP25_CMD_POOL_SET), "pool_set");
	assert_string_equal(ctl_event_name(SMTP25_CMD_QUAR_ADD), "quar_add");
	assert_string_equal(ctl_event_name(SMTP25_CMD_QUAR_DEL), "quar_del");
	assert_null(ctl_event_name(SMTP25_CMD_QUAR_GET));
	assert_null(ctl_event_name(999));
	assert_string_equal(ctl_quar_reason_name(SMTP25_QUAR_MANUAL), "manual");
	assert_string_equal(ctl_quar_reason_name(SMTP25_QUAR_BLOCKED), "blocked");
	assert_string_equal(ctl_quar_reason_name(SMTP25_QUAR_DESTS), "dests");
	assert_string_equal(ctl_quar_reason_name(SMTP25_QUAR_EXPIRED), "expired");
	assert_string_equal(ctl_quar_reason_name(SMTP25_QUAR_GONE), "gone");
	assert_null(ctl_quar_reason_name(__SMTP25_QUAR_REASON_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_command),
		cmocka_unit_test(test_pool_add),
		cmocka_unit_test(test_pool_set),
		cmocka_unit_test(test_comment_length),
		cmocka_unit_test(test_pool_names),
		cmocka_unit_test(test_word_counts),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_many_prefixes),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_top),
		cmocka_unit_test(test_host),
		cmocka_unit_test(test_quarantine),
		cmocka_unit_test(test_quar_list_remember),
		cmocka_unit_test(test_quar_forget),
		cmocka_unit_test(test_stats),
		cmocka_unit_test(test_type_names),
	};

	return cmocka_run_group_tests_name("ctl_args", tests, NULL, NULL);
}
