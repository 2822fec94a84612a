// SPDX-License-Identifier: GPL-2.0-or-later
/* smtp25 requests, and the parts of replies every command decodes. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/genetlink.h>

#include "msg.h"

static size_t addr_len(const struct s25_prefix *p)
{
	return p->family == AF_INET ? 4 : 16;
}

size_t ctl_prefix_attr_size(const struct s25_prefix *p)
{
	return MNL_ATTR_HDRLEN +			/* SMTP25_A_PREFIX */
	       MNL_ATTR_HDRLEN + MNL_ALIGN(addr_len(p)) +	/* ADDR */
	       MNL_ATTR_HDRLEN + MNL_ALIGN(1);		/* PLEN */
}

struct nlmsghdr *ctl_msg_start(void *buf, uint16_t family, uint8_t cmd,
			       uint16_t flags, uint32_t seq)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *genl;

	/* libmnl leaves attribute padding as it finds it: no stray bytes
	 * of ours go to the kernel */
	memset(buf, 0, CTL_MSG_MAX);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = family;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = SMTP25_GENL_VERSION;
	return nlh;
}

void ctl_msg_put_pool(struct nlmsghdr *nlh, const char *name)
{
	mnl_attr_put_strz(nlh, SMTP25_A_POOL_NAME, name);
}

void ctl_msg_put_addr(struct nlmsghdr *nlh, int family,
		      const unsigned char *addr)
{
	mnl_attr_put(nlh, SMTP25_A_ADDR, family == AF_INET ? 4 : 16, addr);
}

void ctl_msg_put_prefix(struct nlmsghdr *nlh, uint16_t type,
			const struct s25_prefix *p)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put(nlh, SMTP25_PREFIX_A_ADDR, addr_len(p), p->addr);
	mnl_attr_put_u8(nlh, SMTP25_PREFIX_A_PLEN, p->plen);
	mnl_attr_nest_end(nlh, nest);
}

size_t ctl_msg_put_prefixes(struct nlmsghdr *nlh, size_t max,
			    const struct s25_prefix *v, size_t n)
{
	struct nlattr *nest;
	size_t i, len;

	if (max > CTL_MSG_MAX)
		max = CTL_MSG_MAX;
	len = nlh->nlmsg_len + MNL_ATTR_HDRLEN;
	if (!n || len + ctl_prefix_attr_size(&v[0]) > max)
		return 0;
	nest = mnl_attr_nest_start(nlh, SMTP25_A_PREFIXES);
	for (i = 0; i < n; i++) {
		len += ctl_prefix_attr_size(&v[i]);
		if (len > max)
			break;
		ctl_msg_put_prefix(nlh, SMTP25_A_PREFIX, &v[i]);
	}
	mnl_attr_nest_end(nlh, nest);
	return i;
}

long ctl_msg_prefix_at(const struct nlmsghdr *nlh, uint32_t off)
{
	const char *base = (const char *)nlh;
	const struct nlattr *attr, *p;
	long i;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) != SMTP25_A_PREFIXES)
			continue;
		i = 0;
		mnl_attr_for_each_nested(p, attr) {
			uint32_t start = (uint32_t)((const char *)p - base);

			if (off >= start && off < start + p->nla_len)
				return i;
			i++;
		}
	}
	return -1;
}

struct prefix_tb {
	const struct nlattr *tb[SMTP25_PREFIX_A_MAX + 1];
};

static int prefix_attr_cb(const struct nlattr *attr, void *data)
{
	struct prefix_tb *t = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, SMTP25_PREFIX_A_MAX) < 0)
		return MNL_CB_OK;	/* newer kernel: skip what we do not know */
	switch (type) {
	case SMTP25_PREFIX_A_PLEN:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) < 0)
			return MNL_CB_ERROR;
		break;
	case SMTP25_PREFIX_A_POOL:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0)
			return MNL_CB_ERROR;
		break;
	}
	t->tb[type] = attr;
	return MNL_CB_OK;
}

int ctl_msg_get_prefix(const struct nlattr *nest, struct s25_prefix *p,
		       const char **pool)
{
	struct prefix_tb t = { { NULL } };
	uint16_t len;

	if (mnl_attr_parse_nested(nest, prefix_attr_cb, &t) < 0 ||
	    !t.tb[SMTP25_PREFIX_A_ADDR] || !t.tb[SMTP25_PREFIX_A_PLEN])
		return -1;
	len = mnl_attr_get_payload_len(t.tb[SMTP25_PREFIX_A_ADDR]);
	if (len != 4 && len != 16)
		return -1;
	memset(p, 0, sizeof(*p));
	p->family = len == 4 ? AF_INET : AF_INET6;
	memcpy(p->addr, mnl_attr_get_payload(t.tb[SMTP25_PREFIX_A_ADDR]), len);
	p->plen = mnl_attr_get_u8(t.tb[SMTP25_PREFIX_A_PLEN]);
	if (p->plen > s25_family_bits(p->family))
		return -1;
	*pool = t.tb[SMTP25_PREFIX_A_POOL] ?
		mnl_attr_get_str(t.tb[SMTP25_PREFIX_A_POOL]) : NULL;
	return 0;
}

/* The type each reply attribute must have. */
static const enum mnl_attr_data_type attr_types[SMTP25_A_MAX + 1] = {
	[SMTP25_A_POOL_NAME] = MNL_TYPE_NUL_STRING,
	[SMTP25_A_POOL_TYPE] = MNL_TYPE_U8,
	[SMTP25_A_POOL_COMMENT] = MNL_TYPE_NUL_STRING,
	[SMTP25_A_PREFIXES] = MNL_TYPE_NESTED,
	[SMTP25_A_PREFIX] = MNL_TYPE_NESTED,
	[SMTP25_A_ADDR] = MNL_TYPE_BINARY,
	[SMTP25_A_PREFIXES4] = MNL_TYPE_U64,
	[SMTP25_A_PREFIXES6] = MNL_TYPE_U64,
	[SMTP25_A_POOLS] = MNL_TYPE_U32,
	[SMTP25_A_MEMORY] = MNL_TYPE_U64,
	[SMTP25_A_GENERATION] = MNL_TYPE_U64,
	[SMTP25_A_MAX_PREFIXES] = MNL_TYPE_U64,
	[SMTP25_A_PACKETS] = MNL_TYPE_U64,
	[SMTP25_A_LIMIT_HOST] = MNL_TYPE_NESTED,
	[SMTP25_A_LIMIT_POOL] = MNL_TYPE_NESTED,
	[SMTP25_A_QUAR_AFTER] = MNL_TYPE_U32,
	[SMTP25_A_QUAR_DESTS] = MNL_TYPE_U32,
	[SMTP25_A_QUAR_WINDOW] = MNL_TYPE_U32,
	[SMTP25_A_QUAR_EXPIRES] = MNL_TYPE_U32,
	[SMTP25_A_BLOCKED] = MNL_TYPE_U64,
	[SMTP25_A_ALLOWED] = MNL_TYPE_U64,
	[SMTP25_A_OVER_LIMIT] = MNL_TYPE_U64,
	[SMTP25_A_QUARANTINES] = MNL_TYPE_U64,
	[SMTP25_A_HOST] = MNL_TYPE_NESTED,
	[SMTP25_A_EXPIRES] = MNL_TYPE_U32,
	[SMTP25_A_QUARANTINE] = MNL_TYPE_NESTED,
	[SMTP25_A_HOSTS] = MNL_TYPE_U32,
	[SMTP25_A_MAX_HOSTS] = MNL_TYPE_U32,
	[SMTP25_A_HOSTS_EVICTED] = MNL_TYPE_U64,
	[SMTP25_A_HOSTS_DROPPED] = MNL_TYPE_U64,
	[SMTP25_A_QUARANTINED] = MNL_TYPE_U32,
	[SMTP25_A_POOL_ACCOUNT_PLEN6] = MNL_TYPE_U8,
};

static int attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (mnl_attr_type_valid(attr, SMTP25_A_MAX) < 0)
		return MNL_CB_OK;
	if (attr_types[type] != MNL_TYPE_UNSPEC &&
	    mnl_attr_validate(attr, attr_types[type]) < 0)
		return MNL_CB_ERROR;
	tb[type] = attr;
	return MNL_CB_OK;
}

int ctl_msg_parse(const struct nlmsghdr *nlh, const struct nlattr *tb[])
{
	memset(tb, 0, CTL_TB_SIZE * sizeof(*tb));
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, tb) < 0)
		return -1;
	return 0;
}

const char *ctl_addr_format(const struct nlattr *attr, char *buf,
			    size_t bufsz)
{
	uint16_t len = mnl_attr_get_payload_len(attr);
	int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;

	if (!family ||
	    !inet_ntop(family, mnl_attr_get_payload(attr), buf, (socklen_t)bufsz))
		snprintf(buf, bufsz, "?");
	return buf;
}

static void put_rate(struct nlmsghdr *nlh, uint16_t type,
		     const struct ctl_rate *r)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, type);

	mnl_attr_put_u32(nlh, SMTP25_RATE_A_COUNT, r->count);
	mnl_attr_put_u32(nlh, SMTP25_RATE_A_PERIOD,
			 r->count ? r->period : CTL_RATE_OFF_PERIOD);
	mnl_attr_nest_end(nlh, nest);
}

void ctl_msg_put_settings(struct nlmsghdr *nlh, const struct ctl_settings *s)
{
	if (s->given & CTL_SET_LIMIT_HOST)
		put_rate(nlh, SMTP25_A_LIMIT_HOST, &s->limit_host);
	if (s->given & CTL_SET_LIMIT_POOL)
		put_rate(nlh, SMTP25_A_LIMIT_POOL, &s->limit_pool);
	if (s->given & CTL_SET_QUAR_AFTER)
		mnl_attr_put_u32(nlh, SMTP25_A_QUAR_AFTER, s->quar_after);
	if (s->given & CTL_SET_QUAR_DESTS)
		mnl_attr_put_u32(nlh, SMTP25_A_QUAR_DESTS, s->quar_dests);
	if (s->given & CTL_SET_WINDOW)
		mnl_attr_put_u32(nlh, SMTP25_A_QUAR_WINDOW, s->window);
	if (s->given & CTL_SET_EXPIRES)
		mnl_attr_put_u32(nlh, SMTP25_A_QUAR_EXPIRES, s->expires);
	if (s->given & CTL_SET_ACCOUNT6)
		mnl_attr_put_u8(nlh, SMTP25_A_POOL_ACCOUNT_PLEN6, s->account6);
}

static int rate_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;

	if (mnl_attr_type_valid(attr, SMTP25_RATE_A_MAX) < 0)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	tb[mnl_attr_get_type(attr)] = attr;
	return MNL_CB_OK;
}

/* A rate nest; a count without a period is malformed. */
static int get_rate(const struct nlattr *nest, struct ctl_rate *r)
{
	const struct nlattr *tb[SMTP25_RATE_A_MAX + 1] = { NULL };

	if (mnl_attr_parse_nested(nest, rate_attr_cb, tb) < 0)
		return -1;
	r->count = tb[SMTP25_RATE_A_COUNT] ?
		   mnl_attr_get_u32(tb[SMTP25_RATE_A_COUNT]) : 0;
	r->period = tb[SMTP25_RATE_A_PERIOD] ?
		    mnl_attr_get_u32(tb[SMTP25_RATE_A_PERIOD]) : 0;
	return r->count && !r->period ? -1 : 0;
}

static int get_settings(const struct nlattr *tb[], struct ctl_settings *s)
{
	const struct {
		uint16_t attr;
		unsigned int bit;
		uint32_t *v;
	} u32s[] = {
		{ SMTP25_A_QUAR_AFTER, CTL_SET_QUAR_AFTER, &s->quar_after },
		{ SMTP25_A_QUAR_DESTS, CTL_SET_QUAR_DESTS, &s->quar_dests },
		{ SMTP25_A_QUAR_WINDOW, CTL_SET_WINDOW, &s->window },
		{ SMTP25_A_QUAR_EXPIRES, CTL_SET_EXPIRES, &s->expires },
	};
	size_t i;

	if (tb[SMTP25_A_LIMIT_HOST]) {
		if (get_rate(tb[SMTP25_A_LIMIT_HOST], &s->limit_host))
			return -1;
		s->given |= CTL_SET_LIMIT_HOST;
	}
	if (tb[SMTP25_A_LIMIT_POOL]) {
		if (get_rate(tb[SMTP25_A_LIMIT_POOL], &s->limit_pool))
			return -1;
		s->given |= CTL_SET_LIMIT_POOL;
	}
	for (i = 0; i < sizeof(u32s) / sizeof(u32s[0]); i++) {
		if (!tb[u32s[i].attr])
			continue;
		*u32s[i].v = mnl_attr_get_u32(tb[u32s[i].attr]);
		s->given |= u32s[i].bit;
	}
	if (tb[SMTP25_A_POOL_ACCOUNT_PLEN6]) {
		s->account6 = mnl_attr_get_u8(tb[SMTP25_A_POOL_ACCOUNT_PLEN6]);
		s->given |= CTL_SET_ACCOUNT6;
	}
	return 0;
}

/* A u64 counter into *v; true if the kernel sent it. */
static bool get_u64(const struct nlattr *attr, uint64_t *v)
{
	*v = attr ? mnl_attr_get_u64(attr) : 0;
	return attr != NULL;
}

int ctl_msg_get_pool(const struct nlmsghdr *nlh, struct ctl_pool *pool)
{
	const struct nlattr *tb[CTL_TB_SIZE];
	bool any;

	memset(pool, 0, sizeof(*pool));
	if (ctl_msg_parse(nlh, tb) || !tb[SMTP25_A_POOL_NAME] ||
	    !tb[SMTP25_A_POOL_TYPE])
		return -1;
	snprintf(pool->name, sizeof(pool->name), "%s",
		 mnl_attr_get_str(tb[SMTP25_A_POOL_NAME]));
	pool->type = mnl_attr_get_u8(tb[SMTP25_A_POOL_TYPE]);
	if (tb[SMTP25_A_POOL_COMMENT])
		snprintf(pool->comment, sizeof(pool->comment), "%s",
			 mnl_attr_get_str(tb[SMTP25_A_POOL_COMMENT]));
	if (tb[SMTP25_A_PREFIXES4])
		pool->prefixes4 = mnl_attr_get_u64(tb[SMTP25_A_PREFIXES4]);
	if (tb[SMTP25_A_PREFIXES6])
		pool->prefixes6 = mnl_attr_get_u64(tb[SMTP25_A_PREFIXES6]);
	if (tb[SMTP25_A_PACKETS])
		pool->packets = mnl_attr_get_u64(tb[SMTP25_A_PACKETS]);
	if (get_settings(tb, &pool->settings))
		return -1;
	pool->settings.account6_default = ctl_account6_default(pool->type);
	any = get_u64(tb[SMTP25_A_BLOCKED], &pool->blocked);
	any |= get_u64(tb[SMTP25_A_ALLOWED], &pool->allowed);
	any |= get_u64(tb[SMTP25_A_OVER_LIMIT], &pool->over_limit);
	any |= get_u64(tb[SMTP25_A_QUARANTINES], &pool->quarantines);
	pool->has_counters = any;
	return 0;
}

int ctl_msg_get_stats(const struct nlmsghdr *nlh, struct ctl_stats *st)
{
	const struct nlattr *tb[CTL_TB_SIZE];

	memset(st, 0, sizeof(*st));
	if (ctl_msg_parse(nlh, tb) || !tb[SMTP25_A_GENERATION])
		return -1;
	if (tb[SMTP25_A_PREFIXES4])
		st->prefixes4 = mnl_attr_get_u64(tb[SMTP25_A_PREFIXES4]);
	if (tb[SMTP25_A_PREFIXES6])
		st->prefixes6 = mnl_attr_get_u64(tb[SMTP25_A_PREFIXES6]);
	if (tb[SMTP25_A_POOLS])
		st->pools = mnl_attr_get_u32(tb[SMTP25_A_POOLS]);
	if (tb[SMTP25_A_MEMORY])
		st->memory = mnl_attr_get_u64(tb[SMTP25_A_MEMORY]);
	st->generation = mnl_attr_get_u64(tb[SMTP25_A_GENERATION]);
	if (tb[SMTP25_A_MAX_PREFIXES])
		st->max_prefixes = mnl_attr_get_u64(tb[SMTP25_A_MAX_PREFIXES]);
	st->has_hosts = tb[SMTP25_A_HOSTS] != NULL;
	if (tb[SMTP25_A_HOSTS])
		st->hosts = mnl_attr_get_u32(tb[SMTP25_A_HOSTS]);
	if (tb[SMTP25_A_MAX_HOSTS])
		st->max_hosts = mnl_attr_get_u32(tb[SMTP25_A_MAX_HOSTS]);
	if (tb[SMTP25_A_QUARANTINED])
		st->quarantined = mnl_attr_get_u32(tb[SMTP25_A_QUARANTINED]);
	get_u64(tb[SMTP25_A_HOSTS_EVICTED], &st->hosts_evicted);
	get_u64(tb[SMTP25_A_HOSTS_DROPPED], &st->hosts_dropped);
	return 0;
}
