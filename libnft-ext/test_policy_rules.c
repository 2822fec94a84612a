// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy's layout, without a kernel: the batch s25_policy_apply would
 * send is read back with libnftnl and each message described in one line
 * (rules expression by expression, the smtp25 match data decoded), and
 * compared with what the policy should be for each configuration. The VM
 * test 31-nft-policy.sh checks the same table with packets.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libmnl/libmnl.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/udata.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/xt_smtp25.h>

#include "policy_int.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct text {
	char buf[1024];
	size_t len;
};

static void __attribute__((format(printf, 2, 3)))
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	assert_true(n >= 0 && (size_t)n < sizeof(t->buf) - t->len);
	t->len += n;
}

static void put_types(struct text *t, uint8_t set)
{
	static const char *const names[] = {
		"none", "dynamic", "relay", "quarantine",
	};
	const char *sep = " ";
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (set & 1 << i) {
			put(t, "%s%s", sep, names[i]);
			sep = ",";
		}
	}
	if (set & ~XT_SMTP25_TYPES_ALL)
		put(t, "%s?%#x", sep, set & ~XT_SMTP25_TYPES_ALL);
}

/*
 * "smtp25/REV" and the options as iptables-save writes them; bytes that
 * no given option uses must be zero ("[stray bytes]" otherwise).
 */
static void put_smtp25(struct text *t, uint32_t rev, const void *data,
		       uint32_t len)
{
	struct xt_smtp25_info_v1 v1 = { 0 }, clean = { 0 };
	const struct xt_smtp25_info *v0 = data;
	static const char *const records[] = {
		"none", "blocked", "allowed",
	};

	put(t, " smtp25/%u", rev);
	if (rev == 0 && len == sizeof(*v0)) {
		v1.flags = v0->flags;
		v1.invert = v0->invert;
		v1.src_types = v0->src_types;
		v1.dst_types = v0->dst_types;
		memcpy(v1.src_pool, v0->src_pool, sizeof(v1.src_pool));
		memcpy(v1.dst_pool, v0->dst_pool, sizeof(v1.dst_pool));
	} else if (rev == 1 && len == sizeof(v1)) {
		memcpy(&v1, data, len);
	} else {
		put(t, " [%u bytes]", len);
		return;
	}
	clean.flags = v1.flags;
	clean.invert = v1.invert;
#define OPT(flag, name) \
	if (v1.flags & (flag)) \
		put(t, "%s --%s", v1.invert & (flag) ? " !" : "", name)
	OPT(XT_SMTP25_SRC, "src-type");
	if (v1.flags & XT_SMTP25_SRC) {
		put_types(t, v1.src_types);
		clean.src_types = v1.src_types;
	}
	OPT(XT_SMTP25_DST, "dst-type");
	if (v1.flags & XT_SMTP25_DST) {
		put_types(t, v1.dst_types);
		clean.dst_types = v1.dst_types;
	}
	OPT(XT_SMTP25_SRC_POOL, "src-pool");
	if (v1.flags & XT_SMTP25_SRC_POOL) {
		put(t, " %.*s", (int)sizeof(v1.src_pool), v1.src_pool);
		memcpy(clean.src_pool, v1.src_pool, sizeof(v1.src_pool));
	}
	OPT(XT_SMTP25_DST_POOL, "dst-pool");
	if (v1.flags & XT_SMTP25_DST_POOL) {
		put(t, " %.*s", (int)sizeof(v1.dst_pool), v1.dst_pool);
		memcpy(clean.dst_pool, v1.dst_pool, sizeof(v1.dst_pool));
	}
	OPT(XT_SMTP25_OVER_LIMIT, "over-limit");
	OPT(XT_SMTP25_RECORD, "record");
	if (v1.flags & XT_SMTP25_RECORD) {
		put(t, " %s", v1.record < ARRAY_SIZE(records) ?
		    records[v1.record] : "?");
		clean.record = v1.record;
	}
#undef OPT
	if (v1.flags & ~XT_SMTP25_ALL_V1 || memcmp(&v1, &clean, sizeof(v1)))
		put(t, " [stray bytes]");
}

/* Bytes as hex, or for an interface name: "name" (all 16) or "pre"*. */
static void put_data(struct text *t, const uint8_t *d, uint32_t len,
		     bool ifname)
{
	uint32_t i;

	if (ifname) {
		put(t, " \"%.*s\"%s", (int)len, (const char *)d,
		    len < IFNAMSIZ ? "*" : "");
		return;
	}
	put(t, " ");
	for (i = 0; i < len; i++)
		put(t, "%02x", d[i]);
}

struct walk {
	struct text *t;
	uint32_t meta_key;	/* of the last meta load: what cmp compares */
};

static int put_expr(struct nftnl_expr *e, void *data)
{
	struct walk *w = data;
	struct text *t = w->t;
	const char *name = nftnl_expr_get_str(e, NFTNL_EXPR_NAME);
	const void *d;
	uint32_t len, v;

	if (!strcmp(name, "meta")) {
		w->meta_key = nftnl_expr_get_u32(e, NFTNL_EXPR_META_KEY);
		put(t, " meta %s", w->meta_key == NFT_META_L4PROTO ? "l4proto" :
		    w->meta_key == NFT_META_IIFNAME ? "iifname" : "?");
	} else if (!strcmp(name, "payload")) {
		put(t, " %s[%u:%u]",
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_BASE) ==
		    NFT_PAYLOAD_TRANSPORT_HEADER ? "th" : "?",
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET),
		    nftnl_expr_get_u32(e, NFTNL_EXPR_PAYLOAD_LEN));
		w->meta_key = 0;
	} else if (!strcmp(name, "bitwise")) {
		d = nftnl_expr_get(e, NFTNL_EXPR_BITWISE_MASK, &len);
		put(t, " &");
		put_data(t, d, len, false);
	} else if (!strcmp(name, "cmp")) {
		v = nftnl_expr_get_u32(e, NFTNL_EXPR_CMP_OP);
		put(t, " %s", v == NFT_CMP_EQ ? "==" : v == NFT_CMP_NEQ ? "!=" :
		    "?");
		d = nftnl_expr_get(e, NFTNL_EXPR_CMP_DATA, &len);
		put_data(t, d, len, w->meta_key == NFT_META_IIFNAME);
	} else if (!strcmp(name, "match")) {
		d = nftnl_expr_get(e, NFTNL_EXPR_MT_INFO, &len);
		assert_string_equal(nftnl_expr_get_str(e, NFTNL_EXPR_MT_NAME),
				    "smtp25");
		put_smtp25(t, nftnl_expr_get_u32(e, NFTNL_EXPR_MT_REV), d, len);
	} else if (!strcmp(name, "counter")) {
		put(t, " counter");
	} else if (!strcmp(name, "immediate")) {
		v = nftnl_expr_get_u32(e, NFTNL_EXPR_IMM_VERDICT);
		put(t, " %s", v == NF_ACCEPT ? "accept" : v == NF_DROP ? "drop" :
		    "?");
	} else if (!strcmp(name, "reject")) {
		v = nftnl_expr_get_u32(e, NFTNL_EXPR_REJECT_TYPE);
		if (v == NFT_REJECT_TCP_RST)
			put(t, " reject tcp-reset");
		else
			put(t, " reject %s/%u", v == NFT_REJECT_ICMPX_UNREACH ?
			    "icmpx" : "?",
			    nftnl_expr_get_u8(e, NFTNL_EXPR_REJECT_CODE));
	} else {
		put(t, " %s?", name);
	}
	return 0;
}

static int comment_cb(const struct nftnl_udata *attr, void *data)
{
	if (nftnl_udata_type(attr) == NFTNL_UDATA_RULE_COMMENT)
		*(const char **)data = nftnl_udata_get(attr);
	return 0;
}

/* "CHAIN: EXPRESSIONS # COMMENT" */
static void put_rule(struct text *t, const struct nlmsghdr *nlh)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	const char *comment = NULL;
	struct walk w = { t, 0 };
	const void *ud;
	uint32_t len;

	assert_non_null(r);
	assert_int_equal(nftnl_rule_nlmsg_parse(nlh, r), 0);
	assert_int_equal(nftnl_rule_get_u32(r, NFTNL_RULE_FAMILY),
			 NFPROTO_INET);
	assert_string_equal(nftnl_rule_get_str(r, NFTNL_RULE_TABLE), "smtp25");
	put(t, "%s:", nftnl_rule_get_str(r, NFTNL_RULE_CHAIN));
	nftnl_expr_foreach(r, put_expr, &w);
	ud = nftnl_rule_get_data(r, NFTNL_RULE_USERDATA, &len);
	if (ud)
		nftnl_udata_parse(ud, len, comment_cb, &comment);
	put(t, " # %s", comment ? comment : "(none)");
	nftnl_rule_free(r);
}

/* One line per message of the batch, BATCH_BEGIN left out. */
static char **describe(const struct s25_policy_cfg *cfg, unsigned int *n)
{
	struct s25_batch *b = s25_batch_new();
	const struct nlmsghdr *nlh;
	const void *data;
	char **lines = NULL;
	struct text t;
	size_t size;
	int len;

	assert_non_null(b);
	assert_int_equal(s25_batch_policy(b, cfg, NFPROTO_INET), 0);
	data = s25_batch_data(b, &size);
	len = size;
	*n = 0;
	for (nlh = data; mnl_nlmsg_ok(nlh, len); nlh = mnl_nlmsg_next(nlh, &len)) {
		if (nlh->nlmsg_type == NFNL_MSG_BATCH_BEGIN)
			continue;
		t.len = 0;
		t.buf[0] = '\0';
		switch (nlh->nlmsg_type & 0xff) {
		case NFT_MSG_NEWTABLE:
			put(&t, "new table");
			break;
		case NFT_MSG_DELTABLE:
			put(&t, "delete table");
			break;
		case NFT_MSG_NEWCHAIN:
			put(&t, "new chain");
			break;
		case NFT_MSG_NEWRULE:
			put_rule(&t, nlh);
			break;
		default:
			put(&t, "message %#x", nlh->nlmsg_type);
		}
		lines = realloc(lines, (*n + 1) * sizeof(*lines));
		assert_non_null(lines);
		lines[(*n)++] = strdup(t.buf);
	}
	s25_batch_free(b);
	return lines;
}

static void expect_policy(const struct s25_policy_cfg *cfg,
			  const char *const *want, unsigned int nwant)
{
	unsigned int n, i;
	char **got = describe(cfg, &n);

	for (i = 0; i < n || i < nwant; i++) {
		if (i < n && i < nwant && !strcmp(got[i], want[i]))
			continue;
		fail_msg("message %u:\n got: %s\nwant: %s", i,
			 i < n ? got[i] : "(nothing)",
			 i < nwant ? want[i] : "(nothing)");
	}
	for (i = 0; i < n; i++)
		free(got[i]);
	free(got);
}

/* tcp dport 25, flags & (fin|syn|rst|ack) == syn */
#define SYN25	" meta l4proto == 06 th[2:2] == 0019 th[13:1] & 17 == 02"
#define HEAD \
	"new table", "delete table", "new table", "new chain"

/* The default: account and limits, the layout the man page shows. */
static void test_default(void **state)
{
	static const char *const want[] = {
		HEAD,
		"forward:" SYN25 " meta iifname != \"up0\""
		" meta iifname != \"ppp\"*"
		" smtp25/1 --src-type relay ! --over-limit --record allowed"
		" counter accept"
		" # MAAWG 5 exception: relays within their limits pass,"
		" recorded allowed",
		"forward:" SYN25 " meta iifname != \"up0\""
		" meta iifname != \"ppp\"*"
		" smtp25/1 --src-type dynamic,relay,quarantine"
		" --record blocked counter reject tcp-reset"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources,"
		" nor from relays over their limits; recorded blocked",
		"forward: meta iifname == \"up0\" meta l4proto == 06"
		" th[0:2] == 0019 smtp25/0 --dst-type dynamic,quarantine"
		" counter drop"
		" # MAAWG 6: no SMTP replies from outside into dynamic space",
		"forward: meta iifname == \"ppp\"* meta l4proto == 06"
		" th[0:2] == 0019 smtp25/0 --dst-type dynamic,quarantine"
		" counter drop"
		" # MAAWG 6: no SMTP replies from outside into dynamic space",
		"new chain",
		/* The router's own sockets: nothing arrives on an interface. */
		"output:" SYN25
		" smtp25/1 --src-type relay ! --over-limit --record allowed"
		" counter accept"
		" # MAAWG 5 exception: relays within their limits pass,"
		" recorded allowed",
		"output:" SYN25
		" smtp25/1 --src-type dynamic,relay,quarantine"
		" --record blocked counter reject tcp-reset"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources,"
		" nor from relays over their limits; recorded blocked",
	};
	struct s25_policy_cfg cfg;

	(void)state;
	s25_policy_cfg_init(&cfg);
	strcpy(cfg.outside[0], "up0");
	strcpy(cfg.outside[1], "ppp*");
	cfg.n_outside = 2;
	expect_policy(&cfg, want, ARRAY_SIZE(want));
}

/*
 * Without both: the table of revision 0 alone, one rule per chain for
 * practice 5, which a module without revision 1 takes.
 */
static void test_rev0_only(void **state)
{
	static const char *const want[] = {
		HEAD,
		"forward:" SYN25 " meta iifname != \"up0\""
		" smtp25/0 --src-type dynamic,quarantine counter reject icmpx/3"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources",
		"forward: meta iifname == \"up0\" meta l4proto == 06"
		" th[0:2] == 0019 smtp25/0 --dst-type dynamic,quarantine"
		" counter drop"
		" # MAAWG 6: no SMTP replies from outside into dynamic space",
		"new chain",
		"output:" SYN25
		" smtp25/0 --src-type dynamic,quarantine counter reject icmpx/3"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources",
	};
	struct s25_policy_cfg cfg;

	(void)state;
	s25_policy_cfg_init(&cfg);
	strcpy(cfg.outside[0], "up0");
	cfg.n_outside = 1;
	cfg.account = false;
	cfg.limits = false;
	cfg.reject = S25_REJECT_ICMP;
	expect_policy(&cfg, want, ARRAY_SIZE(want));
}

/* Recording without limits: relays pass whatever their rate. */
static void test_account_only(void **state)
{
	static const char *const want[] = {
		HEAD,
		"forward:" SYN25
		" smtp25/1 --src-type relay --record allowed counter accept"
		" # MAAWG 5 exception: relays pass, recorded allowed",
		"forward:" SYN25
		" smtp25/1 --src-type dynamic,quarantine --record blocked"
		" counter drop"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources;"
		" recorded blocked",
		"new chain",
		"output:" SYN25
		" smtp25/1 --src-type relay --record allowed counter accept"
		" # MAAWG 5 exception: relays pass, recorded allowed",
		"output:" SYN25
		" smtp25/1 --src-type dynamic,quarantine --record blocked"
		" counter drop"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources;"
		" recorded blocked",
	};
	struct s25_policy_cfg cfg;

	(void)state;
	s25_policy_cfg_init(&cfg);
	cfg.limits = false;
	cfg.reject = S25_REJECT_DROP;
	expect_policy(&cfg, want, ARRAY_SIZE(want));
}

/* Limits without recording: nothing goes into the host table. */
static void test_limits_only(void **state)
{
	static const char *const want[] = {
		HEAD,
		"forward:" SYN25
		" smtp25/1 --src-type relay ! --over-limit counter accept"
		" # MAAWG 5 exception: relays within their limits pass",
		"forward:" SYN25
		" smtp25/0 --src-type dynamic,relay,quarantine"
		" counter reject tcp-reset"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources,"
		" nor from relays over their limits",
		"new chain",
		"output:" SYN25
		" smtp25/1 --src-type relay ! --over-limit counter accept"
		" # MAAWG 5 exception: relays within their limits pass",
		"output:" SYN25
		" smtp25/0 --src-type dynamic,relay,quarantine"
		" counter reject tcp-reset"
		" # MAAWG 5: no SMTP from dynamic or quarantined sources,"
		" nor from relays over their limits",
	};
	struct s25_policy_cfg cfg;

	(void)state;
	s25_policy_cfg_init(&cfg);
	cfg.account = false;
	expect_policy(&cfg, want, ARRAY_SIZE(want));
}

/* The longest comment still fits nft's 128 characters. */
static void test_comments_fit(void **state)
{
	struct s25_policy_cfg cfg;
	unsigned int n, i;
	char **got, *c;

	(void)state;
	s25_policy_cfg_init(&cfg);
	got = describe(&cfg, &n);
	for (i = 0; i < n; i++) {
		c = strstr(got[i], " # ");
		if (c)
			assert_true(strlen(c + 3) < 128);
		free(got[i]);
	}
	free(got);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default),
		cmocka_unit_test(test_rev0_only),
		cmocka_unit_test(test_account_only),
		cmocka_unit_test(test_limits_only),
		cmocka_unit_test(test_comments_fit),
	};

	return cmocka_run_group_tests_name("policy_rules", tests, NULL, NULL);
}
