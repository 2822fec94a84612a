// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Requests as smtp25ctl builds them, checked attribute by attribute with
 * mnl_attr_parse(), and the reply decoders fed with built replies.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "testutil.h"

#include <linux/genetlink.h>

#include "msg.h"
#include "pfxtext.h"

static char buf[2 * CTL_MSG_MAX];

static struct s25_prefix v4(unsigned int a, unsigned int b, unsigned int c,
			    unsigned int d, unsigned int plen)
{
	struct s25_prefix p = { .family = AF_INET, .plen = (unsigned char)plen };

	p.addr[0] = (unsigned char)a;
	p.addr[1] = (unsigned char)b;
	p.addr[2] = (unsigned char)c;
	p.addr[3] = (unsigned char)d;
	return p;
}

static struct s25_prefix v6(unsigned int word0, unsigned int i,
			    unsigned int plen)
{
	struct s25_prefix p = { .family = AF_INET6, .plen = (unsigned char)plen };

	p.addr[0] = (unsigned char)(word0 >> 8);
	p.addr[1] = (unsigned char)word0;
	p.addr[4] = (unsigned char)(i >> 8);
	p.addr[5] = (unsigned char)i;
	return p;
}

static void test_header(void **state)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	(void)state;
	nlh = ctl_msg_start(buf, 0x1234, SMTP25_CMD_POOL_NEW, NLM_F_ACK, 77);
	assert_int_equal(nlh->nlmsg_type, 0x1234);
	assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nlh->nlmsg_seq, 77);
	assert_int_equal(nlh->nlmsg_len,
			 NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*genl)));
	genl = mnl_nlmsg_get_payload(nlh);
	assert_int_equal(genl->cmd, SMTP25_CMD_POOL_NEW);
	assert_int_equal(genl->version, SMTP25_GENL_VERSION);
}

struct seen {
	const struct nlattr *tb[SMTP25_A_MAX + 1];
	int count[SMTP25_A_MAX + 1];
};

static int top_cb(const struct nlattr *attr, void *data)
{
	struct seen *s = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > SMTP25_A_MAX)
		return MNL_CB_ERROR;
	s->tb[type] = attr;
	s->count[type]++;
	return MNL_CB_OK;
}

static void parse_request(const struct nlmsghdr *nlh, struct seen *s)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(mnl_attr_parse(nlh, sizeof(struct genlmsghdr),
					top_cb, s), MNL_CB_OK);
}

/* The prefixes of a request's SMTP25_A_PREFIXES, checked and decoded. */
static size_t request_prefixes(const struct nlattr *list,
			       struct s25_prefix *out, size_t max)
{
	const struct nlattr *nest;
	const char *pool;
	size_t n = 0;

	assert_true(mnl_attr_get_len(list) <= 65535);
	mnl_attr_for_each_nested(nest, list) {
		assert_int_equal(mnl_attr_get_type(nest), SMTP25_A_PREFIX);
		assert_true(n < max);
		assert_int_equal(ctl_msg_get_prefix(nest, &out[n], &pool), 0);
		/* requests never name the pool per prefix (NLA_REJECT) */
		assert_null(pool);
		n++;
	}
	return n;
}

static void test_pool_request(void **state)
{
	struct nlmsghdr *nlh;
	struct seen s;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_NEW, 0, 1);
	ctl_msg_put_pool(nlh, "relay1");
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, SMTP25_POOL_RELAY);
	parse_request(nlh, &s);
	assert_int_equal(s.count[SMTP25_A_POOL_NAME], 1);
	/* NLA_NUL_STRING in the kernel: the NUL is part of the attribute */
	assert_int_equal(mnl_attr_validate(s.tb[SMTP25_A_POOL_NAME],
					   MNL_TYPE_NUL_STRING), 0);
	assert_string_equal(mnl_attr_get_str(s.tb[SMTP25_A_POOL_NAME]),
			    "relay1");
	assert_int_equal(mnl_attr_get_u8(s.tb[SMTP25_A_POOL_TYPE]),
			 SMTP25_POOL_RELAY);
}

static void test_prefixes_request(void **state)
{
	struct s25_prefix in[4] = {
		v4(10, 0, 0, 0, 8), v4(192, 0, 2, 7, 32), v6(0x2001, 0xdb8, 32),
		v4(0, 0, 0, 0, 0),
	};
	struct s25_prefix out[4];
	struct nlmsghdr *nlh;
	struct seen s;
	size_t i;

	(void)state;
	/* the wire layout: nest { ADDR (4 or 16 bytes), PLEN (u8) } */
	assert_int_equal(ctl_prefix_attr_size(&in[0]), 4 + 8 + 8);
	assert_int_equal(ctl_prefix_attr_size(&in[2]), 4 + 20 + 8);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_PREFIX_ADD, 0, 1);
	ctl_msg_put_pool(nlh, "p");
	assert_int_equal(ctl_msg_put_prefixes(nlh, CTL_MSG_MAX, in, 4), 4);
	parse_request(nlh, &s);
	assert_int_equal(s.count[SMTP25_A_POOL_NAME], 1);
	assert_int_equal(s.count[SMTP25_A_PREFIXES], 1);
	assert_int_equal(request_prefixes(s.tb[SMTP25_A_PREFIXES], out, 4), 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(s25_prefix_cmp(&in[i], &out[i]), 0);
	/* IPv4 goes as 4 bytes, not as a mapped IPv6 address */
	assert_int_equal(ctl_prefix_attr_size(&in[0]),
			 mnl_attr_get_len(mnl_attr_get_payload(
				 s.tb[SMTP25_A_PREFIXES])));
}

/* Many prefixes: split into messages under 64 KiB, nothing lost. */
static void split_all(const struct s25_prefix *v, size_t n)
{
	struct s25_prefix *out = xmalloc(n * sizeof(*out));
	size_t done = 0, k, got = 0, messages = 0;
	struct nlmsghdr *nlh;
	struct seen s;

	while (done < n) {
		nlh = ctl_msg_start(buf, 30, SMTP25_CMD_REPLACE_ADD, 0, 1);
		ctl_msg_put_pool(nlh, "abcdefghijklmnopqrstuvwxyz01234");
		k = ctl_msg_put_prefixes(nlh, CTL_MSG_MAX, v + done, n - done);
		assert_true(k > 0);
		assert_true(nlh->nlmsg_len <= CTL_MSG_MAX);
		/* full: the next prefix would not have fitted */
		if (done + k < n)
			assert_true(nlh->nlmsg_len +
				    ctl_prefix_attr_size(&v[done + k]) >
				    CTL_MSG_MAX);
		parse_request(nlh, &s);
		got += request_prefixes(s.tb[SMTP25_A_PREFIXES], out + got,
					n - got);
		done += k;
		messages++;
	}
	assert_int_equal(got, n);
	for (k = 0; k < n; k++)
		assert_int_equal(s25_prefix_cmp(&v[k], &out[k]), 0);
	assert_true(messages >= 2);
	free(out);
}

static void test_split(void **state)
{
	struct s25_prefix *v = xmalloc(20000 * sizeof(*v));
	size_t i;

	(void)state;
	for (i = 0; i < 20000; i++)
		v[i] = v4(10, (unsigned int)(i >> 8) & 255, (unsigned int)i & 255,
			  0, 24);
	split_all(v, 20000);	/* about 3270 per message */
	for (i = 0; i < 20000; i++)
		v[i] = i % 3 ? v6(0x2001, (unsigned int)i, 48) :
			       v4(10, (unsigned int)(i >> 8) & 255,
				  (unsigned int)i & 255, 0, 24);
	split_all(v, 20000);
	free(v);
}

static void test_put_limits(void **state)
{
	struct s25_prefix p = v4(10, 0, 0, 0, 8);
	struct nlmsghdr *nlh;
	uint32_t before;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_PREFIX_ADD, 0, 1);
	before = nlh->nlmsg_len;
	assert_int_equal(ctl_msg_put_prefixes(nlh, CTL_MSG_MAX, &p, 0), 0);
	assert_int_equal(nlh->nlmsg_len, before);
	/* room for the nest header but not for the prefix: nothing put */
	assert_int_equal(ctl_msg_put_prefixes(nlh, before + 8, &p, 1), 0);
	assert_int_equal(nlh->nlmsg_len, before);
	assert_int_equal(ctl_msg_put_prefixes(nlh, before + 4 + 20, &p, 1), 1);
	assert_int_equal(nlh->nlmsg_len, before + 24);
}

/* An error's attribute offset leads back to the prefix at fault. */
static void test_prefix_at(void **state)
{
	struct s25_prefix in[5];
	const struct nlattr *nest;
	struct nlmsghdr *nlh;
	struct seen s;
	long i = 0;

	(void)state;
	for (i = 0; i < 5; i++)
		in[i] = i == 2 ? v6(0x2001, 7, 64) :
				 v4(10, (unsigned int)i, 0, 0, 16);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_PREFIX_ADD, 0, 1);
	ctl_msg_put_pool(nlh, "p");
	ctl_msg_put_prefixes(nlh, CTL_MSG_MAX, in, 5);
	parse_request(nlh, &s);
	i = 0;
	mnl_attr_for_each_nested(nest, s.tb[SMTP25_A_PREFIXES]) {
		uint32_t off = (uint32_t)((const char *)nest - buf);

		assert_int_equal(ctl_msg_prefix_at(nlh, off), i);
		/* an offset inside the nest (its ADDR or PLEN) counts too */
		assert_int_equal(ctl_msg_prefix_at(nlh, off + 4), i);
		assert_int_equal(ctl_msg_prefix_at(nlh, off + nest->nla_len - 1),
				 i);
		i++;
	}
	assert_int_equal(i, 5);
	/* the pool name, the headers, past the end: not a prefix */
	assert_int_equal(ctl_msg_prefix_at(nlh, NLMSG_HDRLEN + 4), -1);
	assert_int_equal(ctl_msg_prefix_at(nlh, 0), -1);
	assert_int_equal(ctl_msg_prefix_at(nlh, nlh->nlmsg_len + 100), -1);
}

/* A dump reply: PREFIXES { PREFIX { ADDR, PLEN, POOL } ... } */
static void test_decode_reply_prefix(void **state)
{
	struct s25_prefix p = v6(0x2001, 0xdb8, 32), out;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *pool;
	struct seen s;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_PREFIX_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_PREFIX);
	mnl_attr_put(nlh, SMTP25_PREFIX_A_ADDR, 16, p.addr);
	mnl_attr_put_u8(nlh, SMTP25_PREFIX_A_PLEN, 32);
	mnl_attr_put_strz(nlh, SMTP25_PREFIX_A_POOL, "dyn");
	mnl_attr_put_u32(nlh, 99, 1);	/* from a newer kernel: ignored */
	mnl_attr_nest_end(nlh, nest);
	parse_request(nlh, &s);
	assert_int_equal(ctl_msg_get_prefix(s.tb[SMTP25_A_PREFIX], &out, &pool),
			 0);
	assert_int_equal(s25_prefix_cmp(&p, &out), 0);
	assert_string_equal(pool, "dyn");
}

static void bad_prefix(unsigned int addr_len, unsigned int plen, bool with_plen)
{
	unsigned char addr[16] = { 10 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	struct s25_prefix out;
	const char *pool;
	struct seen s;

	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_PREFIX_GET, 0, 1);
	nest = mnl_attr_nest_start(nlh, SMTP25_A_PREFIX);
	mnl_attr_put(nlh, SMTP25_PREFIX_A_ADDR, addr_len, addr);
	if (with_plen)
		mnl_attr_put_u8(nlh, SMTP25_PREFIX_A_PLEN, (uint8_t)plen);
	mnl_attr_nest_end(nlh, nest);
	parse_request(nlh, &s);
	assert_int_equal(ctl_msg_get_prefix(s.tb[SMTP25_A_PREFIX], &out, &pool),
			 -1);
}

static void test_decode_malformed_prefix(void **state)
{
	(void)state;
	bad_prefix(5, 8, true);
	bad_prefix(4, 33, true);
	bad_prefix(16, 129, true);
	bad_prefix(4, 8, false);
}

static void test_decode_pool(void **state)
{
	struct nlmsghdr *nlh;
	struct ctl_pool p;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_GET, 0, 1);
	ctl_msg_put_pool(nlh, "dyn");
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, SMTP25_POOL_DYNAMIC);
	mnl_attr_put_strz(nlh, SMTP25_A_POOL_COMMENT, "Residential");
	mnl_attr_put_u64(nlh, SMTP25_A_PREFIXES4, 1ULL << 40);
	mnl_attr_put_u64(nlh, SMTP25_A_PREFIXES6, 7);
	mnl_attr_put_u64(nlh, SMTP25_A_PACKETS, 12345);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), 0);
	assert_string_equal(p.name, "dyn");
	assert_int_equal(p.type, SMTP25_POOL_DYNAMIC);
	assert_string_equal(p.comment, "Residential");
	assert_true(p.prefixes4 == 1ULL << 40);
	assert_int_equal(p.prefixes6, 7);
	assert_int_equal(p.packets, 12345);
	/* no comment: empty */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_GET, 0, 1);
	ctl_msg_put_pool(nlh, "r");
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, SMTP25_POOL_RELAY);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), 0);
	assert_string_equal(p.comment, "");
	assert_int_equal(p.packets, 0);
	/* a wrong attribute size is refused, not misread */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_GET, 0, 1);
	ctl_msg_put_pool(nlh, "r");
	mnl_attr_put_u32(nlh, SMTP25_A_POOL_TYPE, 1);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
	/* no name: refused */
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_GET, 0, 1);
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, SMTP25_POOL_RELAY);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
}

/* POOL_SET: the settings given, and only those; rates as nests. */
static void test_settings_request(void **state)
{
	const struct nlattr *tb[SMTP25_RATE_A_MAX + 1], *a;
	struct ctl_settings set = {
		.given = CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL |
			 CTL_SET_QUAR_DESTS | CTL_SET_EXPIRES,
		.limit_host = { 300, 60 },
		.limit_pool = { 0, 0 },
		.quar_after = 99,	/* not given: not sent */
		.quar_dests = 50,
		.expires = 0,
	};
	struct nlmsghdr *nlh;
	struct seen s;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_SET, 0, 1);
	ctl_msg_put_pool(nlh, "relays");
	ctl_msg_put_settings(nlh, &set);
	parse_request(nlh, &s);
	assert_int_equal(s.count[SMTP25_A_POOL_NAME], 1);
	assert_int_equal(s.count[SMTP25_A_QUAR_AFTER], 0);
	assert_int_equal(s.count[SMTP25_A_QUAR_WINDOW], 0);
	assert_int_equal(mnl_attr_get_u32(s.tb[SMTP25_A_QUAR_DESTS]), 50);
	/* expires 0 is sent: it means "never", not "unchanged" */
	assert_int_equal(s.count[SMTP25_A_QUAR_EXPIRES], 1);
	assert_int_equal(mnl_attr_get_u32(s.tb[SMTP25_A_QUAR_EXPIRES]), 0);
	memset(tb, 0, sizeof(tb));
	mnl_attr_for_each_nested(a, s.tb[SMTP25_A_LIMIT_HOST]) {
		assert_true(mnl_attr_get_type(a) <= SMTP25_RATE_A_MAX);
		assert_int_equal(mnl_attr_validate(a, MNL_TYPE_U32), 0);
		tb[mnl_attr_get_type(a)] = a;
	}
	assert_int_equal(mnl_attr_get_u32(tb[SMTP25_RATE_A_COUNT]), 300);
	assert_int_equal(mnl_attr_get_u32(tb[SMTP25_RATE_A_PERIOD]), 60);
	/* no limit: count 0, and a period the kernel accepts */
	memset(tb, 0, sizeof(tb));
	mnl_attr_for_each_nested(a, s.tb[SMTP25_A_LIMIT_POOL])
		tb[mnl_attr_get_type(a)] = a;
	assert_int_equal(mnl_attr_get_u32(tb[SMTP25_RATE_A_COUNT]), 0);
	assert_int_equal(mnl_attr_get_u32(tb[SMTP25_RATE_A_PERIOD]),
			 CTL_RATE_OFF_PERIOD);
}

static void put_rate(struct nlmsghdr *nlh, uint16_t type, bool count,
		     uint32_t c, bool period, uint32_t p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	if (count)
		mnl_attr_put_u32(nlh, SMTP25_RATE_A_COUNT, c);
	if (period)
		mnl_attr_put_u32(nlh, SMTP25_RATE_A_PERIOD, p);
	mnl_attr_nest_end(nlh, nest);
}

static struct nlmsghdr *pool_reply(void)
{
	struct nlmsghdr *nlh = ctl_msg_start(buf, 30, SMTP25_CMD_POOL_GET, 0, 1);

	ctl_msg_put_pool(nlh, "relays");
	mnl_attr_put_u8(nlh, SMTP25_A_POOL_TYPE, SMTP25_POOL_RELAY);
	return nlh;
}

static void test_decode_pool_settings(void **state)
{
	struct nlmsghdr *nlh;
	struct ctl_pool p;

	(void)state;
	nlh = pool_reply();
	put_rate(nlh, SMTP25_A_LIMIT_HOST, true, 300, true, 60);
	put_rate(nlh, SMTP25_A_LIMIT_POOL, true, 0, true, 1);
	mnl_attr_put_u32(nlh, SMTP25_A_QUAR_AFTER, 20);
	mnl_attr_put_u32(nlh, SMTP25_A_QUAR_DESTS, 0);
	mnl_attr_put_u32(nlh, SMTP25_A_QUAR_WINDOW, 60);
	mnl_attr_put_u32(nlh, SMTP25_A_QUAR_EXPIRES, 3600);
	mnl_attr_put_u64(nlh, SMTP25_A_BLOCKED, 1ULL << 33);
	mnl_attr_put_u64(nlh, SMTP25_A_ALLOWED, 2);
	mnl_attr_put_u64(nlh, SMTP25_A_OVER_LIMIT, 3);
	mnl_attr_put_u64(nlh, SMTP25_A_QUARANTINES, 4);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), 0);
	assert_int_equal(p.settings.given,
			 CTL_SET_LIMIT_HOST | CTL_SET_LIMIT_POOL |
			 CTL_SET_QUAR_AFTER | CTL_SET_QUAR_DESTS |
			 CTL_SET_WINDOW | CTL_SET_EXPIRES);
	assert_int_equal(p.settings.limit_host.count, 300);
	assert_int_equal(p.settings.limit_host.period, 60);
	assert_int_equal(p.settings.limit_pool.count, 0);
	assert_int_equal(p.settings.quar_after, 20);
	assert_int_equal(p.settings.window, 60);
	assert_int_equal(p.settings.expires, 3600);
	assert_true(p.has_counters);
	assert_true(p.blocked == 1ULL << 33);
	assert_int_equal(p.allowed, 2);
	assert_int_equal(p.over_limit, 3);
	assert_int_equal(p.quarantines, 4);
	/* a kernel before accounting: nothing of it, and that is known */
	nlh = pool_reply();
	assert_int_equal(ctl_msg_get_pool(nlh, &p), 0);
	assert_int_equal(p.settings.given, 0);
	assert_false(p.has_counters);
	/* a rate nest without its count is no limit */
	nlh = pool_reply();
	put_rate(nlh, SMTP25_A_LIMIT_HOST, false, 0, true, 60);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), 0);
	assert_int_equal(p.settings.limit_host.count, 0);
	/* malformed: a count without a period, a u64 count, a u16 window */
	nlh = pool_reply();
	put_rate(nlh, SMTP25_A_LIMIT_HOST, true, 5, false, 0);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
	nlh = pool_reply();
	put_rate(nlh, SMTP25_A_LIMIT_POOL, true, 5, true, 0);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
	nlh = pool_reply();
	mnl_attr_put_u64(nlh, SMTP25_A_QUAR_AFTER, 5);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
	nlh = pool_reply();
	mnl_attr_put_u16(nlh, SMTP25_A_QUAR_WINDOW, 5);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
	nlh = pool_reply();
	mnl_attr_put_u32(nlh, SMTP25_A_BLOCKED, 5);
	assert_int_equal(ctl_msg_get_pool(nlh, &p), -1);
}

static void test_decode_stats(void **state)
{
	struct nlmsghdr *nlh;
	struct ctl_stats st;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_STATS, 0, 1);
	mnl_attr_put_u64(nlh, SMTP25_A_PREFIXES4, 10);
	mnl_attr_put_u64(nlh, SMTP25_A_PREFIXES6, 20);
	mnl_attr_put_u32(nlh, SMTP25_A_POOLS, 3);
	mnl_attr_put_u64(nlh, SMTP25_A_MEMORY, 4096);
	mnl_attr_put_u64(nlh, SMTP25_A_GENERATION, 42);
	mnl_attr_put_u64(nlh, SMTP25_A_MAX_PREFIXES, 4194304);
	assert_int_equal(ctl_msg_get_stats(nlh, &st), 0);
	assert_int_equal(st.prefixes4, 10);
	assert_int_equal(st.prefixes6, 20);
	assert_int_equal(st.pools, 3);
	assert_int_equal(st.memory, 4096);
	assert_int_equal(st.generation, 42);
	assert_int_equal(st.max_prefixes, 4194304);
	assert_false(st.has_hosts);	/* a module before accounting */
	mnl_attr_put_u32(nlh, SMTP25_A_HOSTS, 1200);
	mnl_attr_put_u32(nlh, SMTP25_A_MAX_HOSTS, 65536);
	mnl_attr_put_u64(nlh, SMTP25_A_HOSTS_EVICTED, 1ULL << 40);
	mnl_attr_put_u64(nlh, SMTP25_A_HOSTS_DROPPED, 5);
	mnl_attr_put_u32(nlh, SMTP25_A_QUARANTINED, 3);
	assert_int_equal(ctl_msg_get_stats(nlh, &st), 0);
	assert_true(st.has_hosts);
	assert_int_equal(st.hosts, 1200);
	assert_int_equal(st.max_hosts, 65536);
	assert_true(st.hosts_evicted == 1ULL << 40);
	assert_int_equal(st.hosts_dropped, 5);
	assert_int_equal(st.quarantined, 3);
	assert_int_equal(st.generation, 42);
	/* a u64 where a u32 belongs: refused */
	mnl_attr_put_u64(nlh, SMTP25_A_QUARANTINED, 3);
	assert_int_equal(ctl_msg_get_stats(nlh, &st), -1);
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_STATS, 0, 1);
	mnl_attr_put_u64(nlh, SMTP25_A_PREFIXES4, 10);
	assert_int_equal(ctl_msg_get_stats(nlh, &st), -1);	/* no generation */
}

static void test_addr_format(void **state)
{
	unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	unsigned char a4[4] = { 192, 0, 2, 1 };
	char out[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct seen s;

	(void)state;
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_LOOKUP, 0, 1);
	mnl_attr_put(nlh, SMTP25_A_ADDR, 4, a4);
	parse_request(nlh, &s);
	assert_string_equal(ctl_addr_format(s.tb[SMTP25_A_ADDR], out,
					    sizeof(out)), "192.0.2.1");
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_LOOKUP, 0, 1);
	mnl_attr_put(nlh, SMTP25_A_ADDR, 16, a6);
	parse_request(nlh, &s);
	assert_string_equal(ctl_addr_format(s.tb[SMTP25_A_ADDR], out,
					    sizeof(out)), "2001:db8::1");
	nlh = ctl_msg_start(buf, 30, SMTP25_CMD_LOOKUP, 0, 1);
	mnl_attr_put(nlh, SMTP25_A_ADDR, 3, a4);
	parse_request(nlh, &s);
	assert_string_equal(ctl_addr_format(s.tb[SMTP25_A_ADDR], out,
					    sizeof(out)), "?");
}

/* The fast formatter says exactly what s25_prefix_format() says. */
static void test_prefix_text(void **state)
{
	char fast[S25_PREFIX_STRLEN], ref[S25_PREFIX_STRLEN];
	unsigned int seed = 25;
	struct s25_prefix p;
	int i, j;

	(void)state;
	for (i = 0; i < 100000; i++) {
		memset(&p, 0, sizeof(p));
		p.family = i % 4 ? AF_INET : AF_INET6;
		for (j = 0; j < (p.family == AF_INET ? 4 : 16); j++)
			p.addr[j] = (unsigned char)(i < 256 ? i :
						    rand_r(&seed) % 256);
		p.plen = (unsigned char)(rand_r(&seed) %
					 (s25_family_bits(p.family) + 1));
		s25_prefix_format(&p, ref);
		assert_int_equal(ctl_prefix_text(&p, fast), strlen(ref));
		assert_string_equal(fast, ref);
	}
	p = v4(255, 255, 255, 255, 32);
	ctl_prefix_text(&p, fast);
	assert_string_equal(fast, "255.255.255.255/32");
	p = v4(0, 0, 0, 0, 0);
	ctl_prefix_text(&p, fast);
	assert_string_equal(fast, "0.0.0.0/0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_pool_request),
		cmocka_unit_test(test_prefixes_request),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_put_limits),
		cmocka_unit_test(test_prefix_at),
		cmocka_unit_test(test_decode_reply_prefix),
		cmocka_unit_test(test_decode_malformed_prefix),
		cmocka_unit_test(test_decode_pool),
		cmocka_unit_test(test_settings_request),
		cmocka_unit_test(test_decode_pool_settings),
		cmocka_unit_test(test_decode_stats),
		cmocka_unit_test(test_addr_format),
		cmocka_unit_test(test_prefix_text),
	};

	return cmocka_run_group_tests_name("ctl_msg", tests, NULL, NULL);
}
