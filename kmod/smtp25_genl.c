// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: the generic netlink family. The protocol is documented in
 * include/uapi/linux/smtp25.h and Documentation/netlink/specs/smtp25.yaml.
 * Every handler takes the namespace's lock for its whole run.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/module.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/smtp25.h>

#include "smtp25_genl.h"
#include "smtp25_host.h"
#include "smtp25_pool.h"
#include "smtp25_quar.h"
#include "smtp25_rate.h"
#include "smtp25_replace.h"

static int smtp25_packed_validate(const struct nlattr *attr,
				  struct netlink_ext_ack *extack);

static const struct nla_policy smtp25_prefix_policy[SMTP25_PREFIX_A_MAX + 1] = {
	[SMTP25_PREFIX_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[SMTP25_PREFIX_A_PLEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[SMTP25_PREFIX_A_POOL] = { .type = NLA_REJECT },
};

static struct netlink_range_validation smtp25_count_range = {
	.max = SMTP25_RATE_COUNT_MAX,
};

static struct netlink_range_validation smtp25_period_range = {
	.min = 1,
	.max = SMTP25_PERIOD_MAX,
};

static const struct nla_policy smtp25_rate_policy[SMTP25_RATE_A_MAX + 1] = {
	[SMTP25_RATE_A_COUNT] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &smtp25_count_range),
	[SMTP25_RATE_A_PERIOD] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &smtp25_period_range),
};

/*
 * A restored count of offences: at least this quarantine, at most where
 * the kernel's own count stops. A range, not a validation function: the
 * policy dump then shows the bounds, and the extack of a refusal carries
 * them (NLMSGERR_ATTR_POLICY) beside the attribute at fault.
 */
static struct netlink_range_validation smtp25_offences_range = {
	.min = 1,
	.max = SMTP25_QUAR_OFFENCES_MAX,
};

/* Beyond this the estimate of a host's destinations saturates. */
#define SMTP25_QUAR_DESTS_MAX	600

static const struct nla_policy smtp25_policy[SMTP25_A_MAX + 1] = {
	[SMTP25_A_POOL_NAME] = { .type = NLA_NUL_STRING,
				 .len = SMTP25_POOL_NAME_LEN - 1 },
	[SMTP25_A_POOL_TYPE] = NLA_POLICY_RANGE(NLA_U8, SMTP25_POOL_DYNAMIC,
						SMTP25_POOL_TYPE_MAX),
	[SMTP25_A_POOL_COMMENT] = { .type = NLA_NUL_STRING,
				    .len = SMTP25_COMMENT_LEN - 1 },
	[SMTP25_A_PREFIXES] = NLA_POLICY_NESTED_ARRAY(smtp25_prefix_policy),
	[SMTP25_A_PREFIX] = { .type = NLA_REJECT },
	[SMTP25_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[SMTP25_A_PREFIXES4] = { .type = NLA_REJECT },
	[SMTP25_A_PREFIXES6] = { .type = NLA_REJECT },
	[SMTP25_A_POOLS] = { .type = NLA_REJECT },
	[SMTP25_A_MEMORY] = { .type = NLA_REJECT },
	[SMTP25_A_GENERATION] = { .type = NLA_REJECT },
	[SMTP25_A_MAX_PREFIXES] = { .type = NLA_REJECT },
	[SMTP25_A_PACKETS] = { .type = NLA_REJECT },
	[SMTP25_A_LIMIT_HOST] = NLA_POLICY_NESTED(smtp25_rate_policy),
	[SMTP25_A_LIMIT_POOL] = NLA_POLICY_NESTED(smtp25_rate_policy),
	[SMTP25_A_QUAR_AFTER] = { .type = NLA_U32 },
	[SMTP25_A_QUAR_DESTS] = NLA_POLICY_MAX(NLA_U32, SMTP25_QUAR_DESTS_MAX),
	[SMTP25_A_QUAR_WINDOW] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &smtp25_period_range),
	[SMTP25_A_QUAR_EXPIRES] = { .type = NLA_U32 },
	[SMTP25_A_BLOCKED] = { .type = NLA_REJECT },
	[SMTP25_A_ALLOWED] = { .type = NLA_REJECT },
	[SMTP25_A_OVER_LIMIT] = { .type = NLA_REJECT },
	[SMTP25_A_QUARANTINES] = { .type = NLA_REJECT },
	[SMTP25_A_HOST] = { .type = NLA_REJECT },
	[SMTP25_A_EXPIRES] = { .type = NLA_U32 },
	[SMTP25_A_QUARANTINE] = { .type = NLA_REJECT },
	[SMTP25_A_HOSTS] = { .type = NLA_REJECT },
	[SMTP25_A_MAX_HOSTS] = { .type = NLA_REJECT },
	[SMTP25_A_HOSTS_EVICTED] = { .type = NLA_REJECT },
	[SMTP25_A_HOSTS_DROPPED] = { .type = NLA_REJECT },
	[SMTP25_A_QUARANTINED] = { .type = NLA_REJECT },
	[SMTP25_A_PACKED4] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    smtp25_packed_validate),
	[SMTP25_A_PACKED6] = NLA_POLICY_VALIDATE_FN(NLA_BINARY,
						    smtp25_packed_validate),
	[SMTP25_A_OFFENCES] = NLA_POLICY_FULL_RANGE(NLA_U32,
						    &smtp25_offences_range),
	[SMTP25_A_POOL_ACCOUNT_PLEN6] =
		NLA_POLICY_RANGE(NLA_U8, SMTP25_ACCOUNT_PLEN6_MIN,
				 SMTP25_ACCOUNT_PLEN6_MAX),
	[SMTP25_A_QUAR_HISTORY] = { .type = NLA_FLAG },
	/* any age: one older than quarantine_memory is forgotten at once */
	[SMTP25_A_RELEASED] = { .type = NLA_U32 },
	[SMTP25_A_FORGET] = { .type = NLA_FLAG },
};

enum smtp25_mcgrp {
	SMTP25_MCGRP_EVENTS_ID,
};

static const struct genl_multicast_group smtp25_mcgrps[] = {
	[SMTP25_MCGRP_EVENTS_ID] = { .name = SMTP25_MCGRP_EVENTS },
};

static struct genl_family smtp25_family;

/* A prefix as the requests carry it, checked. */
struct smtp25_req_prefix {
	int family;
	u8 addr[16];
	u8 plen;
	const struct nlattr *attr;	/* for error reports */
};

static struct smtp25_net *smtp25_info_net(struct genl_info *info)
{
	return smtp25_pernet(genl_info_net(info));
}

static int smtp25_addr_family(const struct nlattr *attr,
			      struct netlink_ext_ack *extack)
{
	switch (nla_len(attr)) {
	case 4:
		return AF_INET;
	case 16:
		return AF_INET6;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "an address is 4 bytes (IPv4) or 16 bytes (IPv6)");
	return -EINVAL;
}

static int smtp25_parse_prefix(const struct nlattr *nest,
			       struct smtp25_req_prefix *p,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SMTP25_PREFIX_A_MAX + 1];
	unsigned int bits, i;
	int err;

	err = nla_parse_nested(tb, SMTP25_PREFIX_A_MAX, nest,
			       smtp25_prefix_policy, extack);
	if (err)
		return err;
	if (!tb[SMTP25_PREFIX_A_ADDR] || !tb[SMTP25_PREFIX_A_PLEN]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a prefix needs an address and a length");
		return -EINVAL;
	}
	p->attr = nest;
	p->family = smtp25_addr_family(tb[SMTP25_PREFIX_A_ADDR], extack);
	if (p->family < 0)
		return p->family;
	bits = p->family == AF_INET ? 32 : 128;
	memset(p->addr, 0, sizeof(p->addr));
	nla_memcpy(p->addr, tb[SMTP25_PREFIX_A_ADDR], sizeof(p->addr));
	p->plen = nla_get_u8(tb[SMTP25_PREFIX_A_PLEN]);
	if (p->plen > bits) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SMTP25_PREFIX_A_PLEN],
				    "prefix length is longer than the address");
		return -EINVAL;
	}
	for (i = p->plen; i < bits; i++) {
		if (p->addr[i / 8] & (0x80 >> (i % 8))) {
			smtp25_set_err_prefix(extack, p->family, p->addr,
					      p->plen);
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "host bits set: the address must be the first one of the prefix");
			return -EINVAL;
		}
	}
	return 0;
}

/* All the prefixes of SMTP25_A_PREFIXES, checked, in a new array. */
static struct smtp25_req_prefix *smtp25_parse_prefixes(struct genl_info *info,
						       int *count)
{
	const struct nlattr *list = info->attrs[SMTP25_A_PREFIXES];
	struct smtp25_req_prefix *p;
	const struct nlattr *nest;
	int n = 0, rem, err;

	if (GENL_REQ_ATTR_CHECK(info, SMTP25_A_PREFIXES))
		return ERR_PTR(-EINVAL);
	nla_for_each_nested(nest, list, rem)
		n++;
	p = kvmalloc_array(max(n, 1), sizeof(*p), GFP_KERNEL);
	if (!p)
		return ERR_PTR(-ENOMEM);
	n = 0;
	nla_for_each_nested(nest, list, rem) {
		err = smtp25_parse_prefix(nest, &p[n], info->extack);
		if (err) {
			kvfree(p);
			return ERR_PTR(err);
		}
		n++;
	}
	*count = n;
	return p;
}

static struct smtp25_pool *smtp25_req_pool(struct smtp25_net *sn,
					   struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[SMTP25_A_POOL_NAME];
	struct smtp25_pool *pool;

	if (GENL_REQ_ATTR_CHECK(info, SMTP25_A_POOL_NAME))
		return ERR_PTR(-EINVAL);
	pool = smtp25_pool_find(sn, nla_data(attr));
	if (!pool) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no pool of this name");
		return ERR_PTR(-ENOENT);
	}
	return pool;
}

static void smtp25_changed(struct genl_info *info, struct smtp25_net *sn,
			   const char *pool)
{
	smtp25_genl_pool_event(genl_info_net(info), info->genlhdr->cmd, pool,
			       sn->generation);
}

/* --- pools -------------------------------------------------------------- */

static int smtp25_pool_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	const struct nlattr *name = info->attrs[SMTP25_A_POOL_NAME];
	struct smtp25_pool *pool;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, SMTP25_A_POOL_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, SMTP25_A_POOL_TYPE))
		return -EINVAL;
	if (!smtp25_pool_name_valid(nla_data(name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "a pool name is 1 to 31 characters of A-Z a-z 0-9 . _ -");
		return -EINVAL;
	}
	mutex_lock(&sn->lock);
	pool = smtp25_pool_new(sn, nla_data(name),
			       nla_get_u8(info->attrs[SMTP25_A_POOL_TYPE]),
			       info->attrs[SMTP25_A_POOL_COMMENT] ?
			       nla_data(info->attrs[SMTP25_A_POOL_COMMENT]) : NULL,
			       info->extack);
	if (IS_ERR(pool))
		err = PTR_ERR(pool);
	else
		smtp25_changed(info, sn, pool->name);
	mutex_unlock(&sn->lock);
	return err;
}

static int smtp25_pool_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	char name[SMTP25_POOL_NAME_LEN];
	struct smtp25_pool *pool;
	struct smtp25_staging *st;
	int err;

	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (err)
		goto out;
	st = smtp25_staging_find(sn, pool->id);
	if (st)
		smtp25_staging_drop(sn, st);
	strscpy(name, pool->name, sizeof(name));
	err = smtp25_pool_del(sn, pool, info->extack);
	if (!err)
		smtp25_changed(info, sn, name);
out:
	mutex_unlock(&sn->lock);
	return err;
}

static int smtp25_put_rate(struct sk_buff *skb, int type, u64 packed)
{
	struct smtp25_rate r = smtp25_rate_unpack(packed);
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SMTP25_RATE_A_COUNT, r.count) ||
	    (r.count && nla_put_u32(skb, SMTP25_RATE_A_PERIOD, r.period))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int smtp25_put_pool(struct sk_buff *skb, const struct smtp25_pool *pool)
{
	struct smtp25_pool_stats c;

	smtp25_pool_counters(pool, &c);
	if (nla_put_string(skb, SMTP25_A_POOL_NAME, pool->name) ||
	    nla_put_u8(skb, SMTP25_A_POOL_TYPE, pool->type) ||
	    (pool->comment[0] &&
	     nla_put_string(skb, SMTP25_A_POOL_COMMENT, pool->comment)) ||
	    nla_put_u64_64bit(skb, SMTP25_A_PREFIXES4, pool->nr[0],
			      SMTP25_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_A_PREFIXES6, pool->nr[1],
			      SMTP25_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_A_PACKETS, c.packets, SMTP25_A_PAD) ||
	    smtp25_put_rate(skb, SMTP25_A_LIMIT_HOST, pool->limit_host) ||
	    smtp25_put_rate(skb, SMTP25_A_LIMIT_POOL, pool->limit_pool) ||
	    nla_put_u32(skb, SMTP25_A_QUAR_AFTER, pool->quar_after) ||
	    nla_put_u32(skb, SMTP25_A_QUAR_DESTS, pool->quar_dests) ||
	    nla_put_u32(skb, SMTP25_A_QUAR_WINDOW, pool->quar_window) ||
	    nla_put_u32(skb, SMTP25_A_QUAR_EXPIRES, pool->quar_expires) ||
	    nla_put_u64_64bit(skb, SMTP25_A_BLOCKED, c.blocked, SMTP25_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_A_ALLOWED, c.allowed, SMTP25_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_A_OVER_LIMIT, c.over_limit,
			      SMTP25_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_A_QUARANTINES, pool->quarantines,
			      SMTP25_A_PAD) ||
	    nla_put_u8(skb, SMTP25_A_POOL_ACCOUNT_PLEN6, pool->account_plen6))
		return -EMSGSIZE;
	return 0;
}

static int smtp25_fill_pool(struct sk_buff *skb, const struct smtp25_pool *pool,
			    u32 portid, u32 seq, int flags)
{
	void *hdr = genlmsg_put(skb, portid, seq, &smtp25_family, flags,
				SMTP25_CMD_POOL_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (smtp25_put_pool(skb, pool)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

static int smtp25_pool_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_pool *pool;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (!err)
		err = smtp25_fill_pool(msg, pool, info->snd_portid,
				       info->snd_seq, 0);
	mutex_unlock(&sn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int smtp25_pool_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct smtp25_net *sn = smtp25_pernet(sock_net(skb->sk));
	struct smtp25_pool *pool;
	int id = cb->args[0];

	mutex_lock(&sn->lock);
	idr_for_each_entry_continue(&sn->pools, pool, id) {
		if (smtp25_fill_pool(skb, pool, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		cb->args[0] = id + 1;
	}
	mutex_unlock(&sn->lock);
	return skb->len;
}

/* --- prefixes ----------------------------------------------------------- */

/*
 * An error about one prefix: the message must be a string literal, and
 * the locals must not shadow those of NL_SET_ERR_MSG_ATTR().
 */
#define smtp25_prefix_error(info, p, msg)				\
	do {								\
		struct netlink_ext_ack *s25_ext_ = (info)->extack;	\
		const struct smtp25_req_prefix *s25_p_ = (p);		\
									\
		smtp25_set_err_prefix(s25_ext_, s25_p_->family,		\
				      s25_p_->addr, s25_p_->plen);	\
		NL_SET_ERR_MSG_ATTR(s25_ext_, s25_p_->attr, msg);	\
	} while (0)

/* One prefix into or out of a pool's tree, keeping the pool's count. */
static int smtp25_prefix_apply(struct smtp25_net *sn, struct smtp25_pool *pool,
			       const struct smtp25_req_prefix *p, bool add)
{
	struct s25_lpm *t = smtp25_tree(sn, p->family);
	u64 *nr = &pool->nr[smtp25_family_index(p->family)];
	int err;

	if (add)
		err = s25_lpm_insert(t, p->addr, p->plen, smtp25_pool_value(pool));
	else
		err = s25_lpm_delete(t, p->addr, p->plen, NULL);
	if (!err)
		*nr = add ? *nr + 1 : *nr - 1;
	return err;
}

/*
 * Adds (or deletes) all or nothing. Every prefix is checked before any
 * change: not in any pool (or in this one). What can still fail midway is
 * a prefix given twice or an allocation; the changes made so far are then
 * undone.
 */
static int smtp25_prefixes_change(struct smtp25_net *sn,
				  struct smtp25_pool *pool,
				  const struct smtp25_req_prefix *p, int n,
				  bool add, struct genl_info *info)
{
	int i, err = 0;
	u32 value;

	if (add && smtp25_nr_prefixes(sn) + n > smtp25_max_prefixes) {
		NL_SET_ERR_MSG(info->extack,
			       "this would exceed the namespace's prefix limit (module parameter max_prefixes)");
		return -ENOSPC;
	}
	for (i = 0; i < n; i++) {
		bool there = !s25_lpm_get(smtp25_tree(sn, p[i].family),
					  p[i].addr, p[i].plen, &value);

		if (add && there) {
			smtp25_prefix_error(info, &p[i],
					    "prefix is already in a pool");
			return -EEXIST;
		}
		if (!add && (!there || value != smtp25_pool_value(pool))) {
			smtp25_prefix_error(info, &p[i],
					    "prefix is not in this pool");
			return -ENOENT;
		}
	}
	for (i = 0; i < n && !err; i++)
		err = smtp25_prefix_apply(sn, pool, &p[i], add);
	if (!err)
		return 0;
	i--;
	if (add && err == -EEXIST)
		smtp25_prefix_error(info, &p[i],
				    "prefix is given twice; nothing was added");
	else if (add)
		smtp25_prefix_error(info, &p[i],
				    "cannot add this prefix; nothing was added");
	else if (err == -ENOENT)
		smtp25_prefix_error(info, &p[i],
				    "prefix is given twice; nothing was deleted");
	else
		smtp25_prefix_error(info, &p[i],
				    "cannot delete this prefix; nothing was deleted");
	while (i-- > 0)
		WARN_ON(smtp25_prefix_apply(sn, pool, &p[i], !add));
	return err;
}

static int smtp25_prefix_change_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	bool add = info->genlhdr->cmd == SMTP25_CMD_PREFIX_ADD;
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_req_prefix *p;
	struct smtp25_pool *pool;
	int n, err;

	p = smtp25_parse_prefixes(info, &n);
	if (IS_ERR(p))
		return PTR_ERR(p);
	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (!err)
		err = smtp25_prefixes_change(sn, pool, p, n, add, info);
	if (!err) {
		sn->generation++;
		smtp25_changed(info, sn, pool->name);
		if (!add)
			smtp25_quar_sync(sn, pool);
	}
	mutex_unlock(&sn->lock);
	kvfree(p);
	return err;
}

/* Where a prefix dump stands between two calls, in cb->ctx. */
struct smtp25_prefix_dump {
	struct s25_lpm_cursor cursor;
	u32 pool_id;		/* 0: every pool */
	u8 family_index;	/* 0: IPv4, 1: IPv6, 2: done */
};

struct smtp25_dump_fill {
	struct sk_buff *skb;
	struct smtp25_net *sn;
	u32 pool_id;
	unsigned int bytes;	/* of the address */
	unsigned int count;
};

static int smtp25_put_prefix(struct sk_buff *skb, const u8 *addr,
			     unsigned int bytes, u8 plen, const char *pool)
{
	struct nlattr *nest = nla_nest_start(skb, SMTP25_A_PREFIX);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, SMTP25_PREFIX_A_ADDR, bytes, addr) ||
	    nla_put_u8(skb, SMTP25_PREFIX_A_PLEN, plen) ||
	    (pool && nla_put_string(skb, SMTP25_PREFIX_A_POOL, pool))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int smtp25_dump_one(void *arg, const struct s25_lpm_prefix *p)
{
	struct smtp25_dump_fill *fill = arg;
	struct smtp25_pool *pool;

	if (fill->pool_id && smtp25_value_pool_id(p->value) != fill->pool_id)
		return 0;
	pool = smtp25_pool_by_value(fill->sn, p->value);
	if (WARN_ON_ONCE(!pool))
		return 0;
	if (smtp25_put_prefix(fill->skb, p->addr, fill->bytes, p->plen,
			      pool->name))
		return -EMSGSIZE;
	fill->count++;
	return 0;
}

static int smtp25_prefix_get_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	struct smtp25_prefix_dump *d = (void *)cb->ctx;
	struct smtp25_net *sn = smtp25_pernet(sock_net(cb->skb->sk));
	const struct nlattr *name = info->attrs[SMTP25_A_POOL_NAME];
	struct smtp25_pool *pool;
	int err = 0;

	BUILD_BUG_ON(sizeof(*d) > sizeof(cb->ctx));
	memset(d, 0, sizeof(*d));
	if (!name)
		return 0;
	mutex_lock(&sn->lock);
	pool = smtp25_pool_find(sn, nla_data(name));
	if (pool) {
		d->pool_id = pool->id;
	} else {
		NL_SET_ERR_MSG_ATTR(cb->extack, name, "no pool of this name");
		err = -ENOENT;
	}
	mutex_unlock(&sn->lock);
	return err;
}

static int smtp25_prefix_get_dumpit(struct sk_buff *skb,
				    struct netlink_callback *cb)
{
	struct smtp25_prefix_dump *d = (void *)cb->ctx;
	struct smtp25_net *sn = smtp25_pernet(sock_net(skb->sk));
	struct smtp25_dump_fill fill = { .skb = skb, .sn = sn };
	struct nlattr *list;
	void *hdr;
	int err = 0;

	mutex_lock(&sn->lock);
	if (d->pool_id && !idr_find(&sn->pools, d->pool_id)) {
		err = -ENOENT;	/* deleted under the dump */
		goto out;
	}
	cb->seq = (u32)sn->generation;
	while (d->family_index < 2) {
		struct s25_lpm *t = d->family_index ? &sn->v6 : &sn->v4;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &smtp25_family,
				  NLM_F_MULTI, SMTP25_CMD_PREFIX_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		list = nla_nest_start(skb, SMTP25_A_PREFIXES);
		if (!list) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		fill.pool_id = d->pool_id;
		fill.bytes = t->bits / 8;
		fill.count = 0;
		err = s25_lpm_walk(t, &d->cursor, smtp25_dump_one, &fill);
		if (err && err != -EMSGSIZE)
			goto out;
		if (fill.count) {
			nla_nest_end(skb, list);
			genlmsg_end(skb, hdr);
		} else {
			genlmsg_cancel(skb, hdr);
		}
		if (err == -EMSGSIZE)
			break;
		memset(&d->cursor, 0, sizeof(d->cursor));
		d->family_index++;
	}
	err = skb->len;
out:
	mutex_unlock(&sn->lock);
	return err;
}

/* --- replace ------------------------------------------------------------ */

/* Is any bit of the address after the first @plen set? */
static bool smtp25_host_bits(const u8 *addr, unsigned int bytes, u8 plen)
{
	unsigned int i = plen / 8;

	if (plen % 8 && (addr[i++] & (0xff >> (plen % 8))))
		return true;
	for (; i < bytes; i++)
		if (addr[i])
			return true;
	return false;
}

/* SMTP25_A_PACKED4 and SMTP25_A_PACKED6: checked whole, before anything. */
static int smtp25_packed_validate(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	bool v4 = nla_type(attr) == SMTP25_A_PACKED4;
	unsigned int bytes = v4 ? 4 : 16, len = nla_len(attr);
	const u8 *rec = nla_data(attr), *end = rec + len;

	if (len % (bytes + 1)) {
		if (v4)
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "packed IPv4 prefixes are 5 bytes each: the address, then the length");
		else
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "packed IPv6 prefixes are 17 bytes each: the address, then the length");
		return -EINVAL;
	}
	for (; rec < end; rec += bytes + 1) {
		if (rec[bytes] > bytes * 8) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a packed prefix is longer than its address");
			return -EINVAL;
		}
		if (smtp25_host_bits(rec, bytes, rec[bytes])) {
			smtp25_set_err_prefix(extack, v4 ? AF_INET : AF_INET6,
					      rec, rec[bytes]);
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "host bits set in a packed prefix: the address must be the first one of the prefix");
			return -EINVAL;
		}
	}
	return 0;
}

/* Prefixes in @attr, packed, for the staging builder @b (checked before). */
static int smtp25_stage_packed(struct s25_lpm_builder *b,
			       const struct nlattr *attr, u32 value)
{
	unsigned int bytes = nla_type(attr) == SMTP25_A_PACKED4 ? 4 : 16;
	const u8 *rec = nla_data(attr), *end = rec + nla_len(attr);
	int err = 0;

	for (; !err && rec < end; rec += bytes + 1)
		err = s25_lpm_builder_add(b, rec, rec[bytes], value);
	return err;
}

static int smtp25_replace_begin_doit(struct sk_buff *skb,
				     struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_pool *pool;
	int err;

	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (!err)
		err = smtp25_staging_begin(sn, pool, info->snd_portid,
					   info->extack);
	mutex_unlock(&sn->lock);
	return err;
}

static int smtp25_replace_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *packed[2] = {
		info->attrs[SMTP25_A_PACKED4], info->attrs[SMTP25_A_PACKED6],
	};
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_req_prefix *p = NULL;
	struct smtp25_staging *st;
	struct smtp25_pool *pool;
	size_t total;
	int n = 0, i, f, err;

	/* Without a packed attribute, SMTP25_A_PREFIXES is required. */
	if (info->attrs[SMTP25_A_PREFIXES] || (!packed[0] && !packed[1])) {
		p = smtp25_parse_prefixes(info, &n);
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	total = n;
	if (packed[0])
		total += nla_len(packed[0]) / SMTP25_PACKED4_LEN;
	if (packed[1])
		total += nla_len(packed[1]) / SMTP25_PACKED6_LEN;
	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (err)
		goto out;
	st = smtp25_staging_get(sn, pool, info->snd_portid, info->extack);
	err = PTR_ERR_OR_ZERO(st);
	if (err)
		goto out;
	if (smtp25_staging_count(st) + total > smtp25_max_prefixes) {
		NL_SET_ERR_MSG(info->extack,
			       "more prefixes staged than the namespace's limit (module parameter max_prefixes)");
		err = -ENOSPC;
		goto out;
	}
	for (i = 0; i < n; i++) {
		err = s25_lpm_builder_add(st->b[smtp25_family_index(p[i].family)],
					  p[i].addr, p[i].plen,
					  smtp25_pool_value(pool));
		if (err) {
			/* The staging area is now incomplete: drop it. */
			smtp25_staging_drop(sn, st);
			NL_SET_ERR_MSG_ATTR(info->extack, p[i].attr,
					    "cannot stage this prefix; the replace is aborted");
			goto out;
		}
	}
	for (f = 0; f < 2; f++) {
		if (!packed[f])
			continue;
		err = smtp25_stage_packed(st->b[f], packed[f],
					  smtp25_pool_value(pool));
		if (err) {
			smtp25_staging_drop(sn, st);
			NL_SET_ERR_MSG_ATTR(info->extack, packed[f],
					    "cannot stage these prefixes; the replace is aborted");
			goto out;
		}
	}
out:
	mutex_unlock(&sn->lock);
	kvfree(p);
	return err;
}

static int smtp25_replace_end_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool commit = info->genlhdr->cmd == SMTP25_CMD_REPLACE_COMMIT;
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_staging *st;
	struct smtp25_pool *pool;
	int err;

	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (err)
		goto out;
	st = smtp25_staging_get(sn, pool, info->snd_portid, info->extack);
	err = PTR_ERR_OR_ZERO(st);
	if (err)
		goto out;
	if (commit) {
		err = smtp25_pool_set_prefixes(sn, pool, st->b, info->extack);
		if (!err) {
			smtp25_changed(info, sn, pool->name);
			smtp25_quar_sync(sn, pool);
		}
	}
	/* A failed commit leaves the pool as it was; the staging goes. */
	smtp25_staging_drop(sn, st);
out:
	mutex_unlock(&sn->lock);
	return err;
}

/* --- lookup and stats --------------------------------------------------- */

static int smtp25_lookup_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	const struct nlattr *attr = info->attrs[SMTP25_A_ADDR];
	struct smtp25_pool *pool = NULL;
	struct s25_lpm_prefix match;
	struct sk_buff *msg;
	int family, err;
	void *hdr;
	u8 addr[16] = { 0 };

	if (GENL_REQ_ATTR_CHECK(info, SMTP25_A_ADDR))
		return -EINVAL;
	family = smtp25_addr_family(attr, info->extack);
	if (family < 0)
		return family;
	nla_memcpy(addr, attr, sizeof(addr));
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq, &smtp25_family,
			  0, SMTP25_CMD_LOOKUP);
	err = -EMSGSIZE;
	if (!hdr || nla_put(msg, SMTP25_A_ADDR, nla_len(attr), addr))
		goto err;
	mutex_lock(&sn->lock);
	if (!s25_lpm_match(smtp25_tree(sn, family), addr, &match))
		pool = smtp25_pool_by_value(sn, match.value);
	if (pool &&
	    (nla_put_string(msg, SMTP25_A_POOL_NAME, pool->name) ||
	     nla_put_u8(msg, SMTP25_A_POOL_TYPE, pool->type) ||
	     smtp25_put_prefix(msg, match.addr, nla_len(attr), match.plen,
			       NULL))) {
		mutex_unlock(&sn->lock);
		goto err;
	}
	mutex_unlock(&sn->lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return err;
}

static int smtp25_stats_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_hosts_stats hs;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq, &smtp25_family,
			  0, SMTP25_CMD_STATS);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&sn->lock);
	smtp25_hosts_get_stats(sn, &hs);
	err = nla_put_u64_64bit(msg, SMTP25_A_PREFIXES4, sn->v4.nr_prefixes,
				SMTP25_A_PAD) ||
	      nla_put_u64_64bit(msg, SMTP25_A_PREFIXES6, sn->v6.nr_prefixes,
				SMTP25_A_PAD) ||
	      nla_put_u32(msg, SMTP25_A_POOLS, sn->nr_pools) ||
	      nla_put_u64_64bit(msg, SMTP25_A_MEMORY,
				sn->v4.mem_bytes + sn->v6.mem_bytes +
				sn->nr_pools * sizeof(struct smtp25_pool) +
				hs.bytes, SMTP25_A_PAD) ||
	      nla_put_u64_64bit(msg, SMTP25_A_GENERATION, sn->generation,
				SMTP25_A_PAD) ||
	      nla_put_u64_64bit(msg, SMTP25_A_MAX_PREFIXES,
				smtp25_max_prefixes, SMTP25_A_PAD) ||
	      nla_put_u32(msg, SMTP25_A_HOSTS, hs.count) ||
	      nla_put_u32(msg, SMTP25_A_MAX_HOSTS, hs.max) ||
	      nla_put_u64_64bit(msg, SMTP25_A_HOSTS_EVICTED, hs.evicted,
				SMTP25_A_PAD) ||
	      nla_put_u64_64bit(msg, SMTP25_A_HOSTS_DROPPED, hs.dropped,
				SMTP25_A_PAD) ||
	      nla_put_u32(msg, SMTP25_A_QUARANTINED, sn->nr_quarantined);
	mutex_unlock(&sn->lock);
	if (err) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* --- limits, hosts and quarantine -------------------------------------- */

/* The address of a request's SMTP25_A_ADDR: returns its family. */
static int smtp25_req_addr(struct genl_info *info, u8 *addr)
{
	const struct nlattr *attr = info->attrs[SMTP25_A_ADDR];
	int family;

	if (GENL_REQ_ATTR_CHECK(info, SMTP25_A_ADDR))
		return -EINVAL;
	family = smtp25_addr_family(attr, info->extack);
	if (family < 0)
		return family;
	memset(addr, 0, 16);
	nla_memcpy(addr, attr, 16);
	return family;
}

static int smtp25_parse_rate(const struct nlattr *nest, u64 *packed,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SMTP25_RATE_A_MAX + 1];
	struct smtp25_rate r = { 0 };
	int err;

	err = nla_parse_nested(tb, SMTP25_RATE_A_MAX, nest, smtp25_rate_policy,
			       extack);
	if (err)
		return err;
	if (!tb[SMTP25_RATE_A_COUNT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a rate needs a count (0 for no limit)");
		return -EINVAL;
	}
	r.count = nla_get_u32(tb[SMTP25_RATE_A_COUNT]);
	if (r.count && !tb[SMTP25_RATE_A_PERIOD]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a rate needs a period in seconds");
		return -EINVAL;
	}
	if (r.count)
		r.period = nla_get_u32(tb[SMTP25_RATE_A_PERIOD]);
	*packed = smtp25_rate_pack(r);
	return 0;
}

static int smtp25_pool_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	static const int settings[] = {
		SMTP25_A_LIMIT_HOST, SMTP25_A_LIMIT_POOL, SMTP25_A_QUAR_AFTER,
		SMTP25_A_QUAR_DESTS, SMTP25_A_QUAR_WINDOW, SMTP25_A_QUAR_EXPIRES,
		SMTP25_A_POOL_ACCOUNT_PLEN6,
	};
	struct smtp25_net *sn = smtp25_info_net(info);
	struct nlattr **a = info->attrs;
	u64 host = 0, all = 0;
	struct smtp25_pool *pool;
	bool any = false;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(settings); i++)
		any |= !!a[settings[i]];
	if (!any) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give a limit or a quarantine setting");
		return -EINVAL;
	}
	if (a[SMTP25_A_LIMIT_HOST]) {
		err = smtp25_parse_rate(a[SMTP25_A_LIMIT_HOST], &host,
					info->extack);
		if (err)
			return err;
	}
	if (a[SMTP25_A_LIMIT_POOL]) {
		err = smtp25_parse_rate(a[SMTP25_A_LIMIT_POOL], &all,
					info->extack);
		if (err)
			return err;
	}
	mutex_lock(&sn->lock);
	pool = smtp25_req_pool(sn, info);
	err = PTR_ERR_OR_ZERO(pool);
	if (err)
		goto out;
	if (a[SMTP25_A_LIMIT_HOST])
		WRITE_ONCE(pool->limit_host, host);
	if (a[SMTP25_A_LIMIT_POOL]) {
		/* A new aggregate limit starts with a full bucket. */
		spin_lock_bh(&pool->bucket_lock);
		WRITE_ONCE(pool->limit_pool, all);
		smtp25_bucket_init(&pool->bucket, jiffies);
		spin_unlock_bh(&pool->bucket_lock);
	}
	if (a[SMTP25_A_QUAR_AFTER])
		WRITE_ONCE(pool->quar_after,
			   nla_get_u32(a[SMTP25_A_QUAR_AFTER]));
	if (a[SMTP25_A_QUAR_DESTS])
		WRITE_ONCE(pool->quar_dests,
			   nla_get_u32(a[SMTP25_A_QUAR_DESTS]));
	if (a[SMTP25_A_QUAR_WINDOW])
		WRITE_ONCE(pool->quar_window,
			   nla_get_u32(a[SMTP25_A_QUAR_WINDOW]));
	if (a[SMTP25_A_QUAR_EXPIRES])
		WRITE_ONCE(pool->quar_expires,
			   nla_get_u32(a[SMTP25_A_QUAR_EXPIRES]));
	/* Hosts seen from now on; entries made before keep their length. */
	if (a[SMTP25_A_POOL_ACCOUNT_PLEN6])
		WRITE_ONCE(pool->account_plen6,
			   nla_get_u8(a[SMTP25_A_POOL_ACCOUNT_PLEN6]));
	sn->generation++;
	smtp25_changed(info, sn, pool->name);
out:
	mutex_unlock(&sn->lock);
	return err;
}

/* sn->lock held (for the pool's name). */
static int smtp25_put_host(struct sk_buff *skb, struct smtp25_net *sn,
			   const struct smtp25_host_info *h)
{
	struct smtp25_pool *pool = h->pool_id ?
				   idr_find(&sn->pools, h->pool_id) : NULL;
	struct nlattr *nest = nla_nest_start(skb, SMTP25_A_HOST);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, SMTP25_HOST_A_ADDR, h->family == AF_INET ? 4 : 16,
		    h->addr) ||
	    nla_put_u8(skb, SMTP25_HOST_A_PLEN, h->plen) ||
	    (pool && nla_put_string(skb, SMTP25_HOST_A_POOL, pool->name)) ||
	    nla_put_u8(skb, SMTP25_HOST_A_TYPE, h->type) ||
	    nla_put_u64_64bit(skb, SMTP25_HOST_A_BLOCKED, h->blocked,
			      SMTP25_HOST_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_HOST_A_ALLOWED, h->allowed,
			      SMTP25_HOST_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_HOST_A_OVER_LIMIT, h->over_limit,
			      SMTP25_HOST_A_PAD) ||
	    nla_put_u32(skb, SMTP25_HOST_A_DESTS, h->dests) ||
	    nla_put_u64_64bit(skb, SMTP25_HOST_A_FIRST_SEEN, h->first_seen,
			      SMTP25_HOST_A_PAD) ||
	    nla_put_u64_64bit(skb, SMTP25_HOST_A_LAST_SEEN, h->last_seen,
			      SMTP25_HOST_A_PAD) ||
	    nla_put_u32(skb, SMTP25_HOST_A_WINDOW_BLOCKED, h->window_blocked) ||
	    nla_put_u32(skb, SMTP25_HOST_A_WINDOW_DESTS, h->window_dests) ||
	    nla_put_u32(skb, SMTP25_HOST_A_OFFENCES, h->offences) ||
	    (h->quarantined && nla_put_flag(skb, SMTP25_HOST_A_QUARANTINED))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int smtp25_host_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	struct smtp25_host_info h;
	struct sk_buff *msg;
	int family, err = 0;
	void *hdr;
	u8 addr[16];

	family = smtp25_req_addr(info, addr);
	if (family < 0)
		return family;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put(msg, info->snd_portid, info->snd_seq, &smtp25_family,
			  0, SMTP25_CMD_HOST_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&sn->lock);
	if (!smtp25_host_get(sn, family, addr, &h)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SMTP25_A_ADDR],
				    "no port-25 attempt of this host is on record");
		err = -ENOENT;
	} else {
		err = smtp25_put_host(msg, sn, &h);
	}
	mutex_unlock(&sn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* What a dump callback returns after a walk that ended with @err. */
static int smtp25_dump_result(struct sk_buff *skb, int err)
{
	if (err && err != -EMSGSIZE)
		return err;
	/* Not even one entry fits: the message can never be sent. */
	if (err == -EMSGSIZE && !skb->len)
		return -EMSGSIZE;
	return skb->len;
}

struct smtp25_host_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct smtp25_net *sn;
	u32 pool_id;		/* 0: every host */
	u8 cmd;
};

static int smtp25_host_dump_one(void *arg, const struct smtp25_host_info *h)
{
	struct smtp25_host_dump *d = arg;
	void *hdr;

	if (d->pool_id && h->pool_id != d->pool_id)
		return 0;
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &smtp25_family, NLM_F_MULTI,
			  d->cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (smtp25_put_host(d->skb, d->sn, h)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* cb->args: [0] bucket, [1] entries done in it, [2] 1 when started. */
static int smtp25_host_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	const struct nlattr *name = info->attrs[SMTP25_A_POOL_NAME];
	struct smtp25_net *sn = smtp25_pernet(sock_net(skb->sk));
	struct smtp25_host_dump d = {
		.skb = skb, .cb = cb, .sn = sn, .cmd = SMTP25_CMD_HOST_GET,
	};
	struct smtp25_host_cursor c = {
		.bucket = cb->args[0], .skip = cb->args[1],
	};
	struct smtp25_pool *pool;
	int err;

	mutex_lock(&sn->lock);
	if (name) {
		pool = smtp25_pool_find(sn, nla_data(name));
		if (!pool) {
			/* 6.1 has no extack in dumps: the tool says why. */
			mutex_unlock(&sn->lock);
			return cb->args[2] ? 0 : -ENOENT;
		}
		d.pool_id = pool->id;
	}
	cb->args[2] = 1;
	err = smtp25_hosts_walk(sn, &c, smtp25_host_dump_one, &d);
	mutex_unlock(&sn->lock);
	cb->args[0] = c.bucket;
	cb->args[1] = c.skip;
	return smtp25_dump_result(skb, err);
}

static int smtp25_host_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct smtp25_net *sn = smtp25_info_net(info);
	int family, err = 0;
	u8 addr[16];

	if (!info->attrs[SMTP25_A_ADDR]) {
		mutex_lock(&sn->lock);
		smtp25_hosts_flush(sn);
		mutex_unlock(&sn->lock);
		return 0;
	}
	family = smtp25_req_addr(info, addr);
	if (family < 0)
		return family;
	mutex_lock(&sn->lock);
	err = smtp25_host_forget(sn, family, addr);
	mutex_unlock(&sn->lock);
	if (err == -ENOENT)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SMTP25_A_ADDR],
				    "no port-25 attempt of this host is on record");
	else if (err == -EBUSY)
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SMTP25_A_ADDR],
				    "this host is in quarantine: release it first");
	return err;
}

/* The attributes of QUAR_ADD with SMTP25_A_RELEASED: 0, or -EINVAL. */
static int smtp25_quar_remember_check(struct genl_info *info)
{
	const struct nlattr *rel = info->attrs[SMTP25_A_RELEASED];
	const struct nlattr *exp = info->attrs[SMTP25_A_EXPIRES];

	if (exp) {
		NL_SET_ERR_MSG_ATTR(info->extack, exp,
				    "a released host has no expiry: give either the time since its release or an expiry");
		return -EINVAL;
	}
	if (!info->attrs[SMTP25_A_OFFENCES]) {
		NL_SET_ERR_MSG_ATTR(info->extack, rel,
				    "a released host is remembered with its count of offences: give it");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, SMTP25_A_OFFENCES);
		return -EINVAL;
	}
	return 0;
}

static int smtp25_quar_change_doit(struct sk_buff *skb, struct genl_info *info)
{
	bool add = info->genlhdr->cmd == SMTP25_CMD_QUAR_ADD;
	const struct nlattr *exp = info->attrs[SMTP25_A_EXPIRES];
	const struct nlattr *off = info->attrs[SMTP25_A_OFFENCES];
	const struct nlattr *rel = info->attrs[SMTP25_A_RELEASED];
	const struct nlattr *forget = info->attrs[SMTP25_A_FORGET];
	struct smtp25_net *sn = smtp25_info_net(info);
	int family, err;
	u8 addr[16];

	family = smtp25_req_addr(info, addr);
	if (family < 0)
		return family;
	if (!add && exp) {
		NL_SET_ERR_MSG_ATTR(info->extack, exp,
				    "an expiry belongs to quarantine add");
		return -EINVAL;
	}
	if (!add && off) {
		NL_SET_ERR_MSG_ATTR(info->extack, off,
				    "a count of offences belongs to quarantine add");
		return -EINVAL;
	}
	if (!add && rel) {
		NL_SET_ERR_MSG_ATTR(info->extack, rel,
				    "a time since release belongs to quarantine add");
		return -EINVAL;
	}
	if (add && forget) {
		NL_SET_ERR_MSG_ATTR(info->extack, forget,
				    "forgetting a host's offences belongs to quarantine del");
		return -EINVAL;
	}
	if (rel) {
		err = smtp25_quar_remember_check(info);
		if (err)
			return err;
	}
	mutex_lock(&sn->lock);
	if (rel)
		err = smtp25_quar_remember(sn, family, addr, nla_get_u32(off),
					   nla_get_u32(rel), info->extack);
	else if (add)
		err = smtp25_quar_add(sn, family, addr,
				      exp ? nla_get_u32(exp) : 0,
				      off ? nla_get_u32(off) : 0, info->extack);
	else
		err = smtp25_quar_del(sn, family, addr, nla_get_flag(forget),
				      info->extack);
	mutex_unlock(&sn->lock);
	return err;
}

static int smtp25_put_quar(struct sk_buff *skb,
			   const struct smtp25_quar_info *q)
{
	struct nlattr *nest = nla_nest_start(skb, SMTP25_A_QUARANTINE);

	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, SMTP25_QUAR_A_ADDR, q->family == AF_INET ? 4 : 16,
		    q->addr) ||
	    nla_put_u8(skb, SMTP25_QUAR_A_PLEN, q->plen) ||
	    nla_put_u8(skb, SMTP25_QUAR_A_REASON, q->reason) ||
	    (q->pool[0] && nla_put_string(skb, SMTP25_QUAR_A_POOL, q->pool)) ||
	    (q->since && nla_put_u64_64bit(skb, SMTP25_QUAR_A_SINCE, q->since,
					   SMTP25_QUAR_A_PAD)) ||
	    (q->expires && nla_put_u64_64bit(skb, SMTP25_QUAR_A_EXPIRES,
					     q->expires, SMTP25_QUAR_A_PAD)) ||
	    nla_put_u32(skb, SMTP25_QUAR_A_OFFENCES, q->offences) ||
	    (q->released &&
	     nla_put_u64_64bit(skb, SMTP25_QUAR_A_RELEASED, q->released,
			       SMTP25_QUAR_A_PAD))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

struct smtp25_quar_dump {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

static int smtp25_quar_dump_one(void *arg, const struct smtp25_quar_info *q)
{
	struct smtp25_quar_dump *d = arg;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &smtp25_family, NLM_F_MULTI,
			  SMTP25_CMD_QUAR_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (smtp25_put_quar(d->skb, q)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int smtp25_quar_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	bool history = nla_get_flag(info->attrs[SMTP25_A_QUAR_HISTORY]);
	struct smtp25_net *sn = smtp25_pernet(sock_net(skb->sk));
	struct smtp25_quar_dump d = { .skb = skb, .cb = cb };
	struct smtp25_quar_cursor c = {
		.bucket = cb->args[0], .skip = cb->args[1],
	};
	int err;

	mutex_lock(&sn->lock);
	err = smtp25_quar_walk(sn, &c, history, smtp25_quar_dump_one, &d);
	mutex_unlock(&sn->lock);
	cb->args[0] = c.bucket;
	cb->args[1] = c.skip;
	return smtp25_dump_result(skb, err);
}

/*
 * An event on the multicast group: the command that made the change, the
 * pool, the generation after it and, for quarantines, the host's record.
 */
static void smtp25_genl_event(struct net *net, u8 cmd, const char *pool,
			      u64 generation, const struct smtp25_quar_info *q)
{
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&smtp25_family, net, SMTP25_MCGRP_EVENTS_ID))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &smtp25_family, 0, cmd);
	if (!hdr ||
	    nla_put_string(skb, SMTP25_A_POOL_NAME, pool) ||
	    nla_put_u64_64bit(skb, SMTP25_A_GENERATION, generation,
			      SMTP25_A_PAD) ||
	    (q && smtp25_put_quar(skb, q))) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&smtp25_family, net, skb, 0,
				SMTP25_MCGRP_EVENTS_ID, GFP_KERNEL);
}

void smtp25_genl_pool_event(struct net *net, u8 cmd, const char *pool,
			    u64 generation)
{
	smtp25_genl_event(net, cmd, pool, generation, NULL);
}

void smtp25_genl_quar_event(struct net *net, u8 cmd, u64 generation,
			    const struct smtp25_quar_info *q)
{
	smtp25_genl_event(net, cmd, SMTP25_QUARANTINE_POOL, generation, q);
}

static const struct genl_small_ops smtp25_ops[] = {
	{
		.cmd = SMTP25_CMD_POOL_NEW,
		.doit = smtp25_pool_new_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_POOL_DEL,
		.doit = smtp25_pool_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_POOL_GET,
		.doit = smtp25_pool_get_doit,
		.dumpit = smtp25_pool_get_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_PREFIX_ADD,
		.doit = smtp25_prefix_change_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_PREFIX_DEL,
		.doit = smtp25_prefix_change_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_REPLACE_BEGIN,
		.doit = smtp25_replace_begin_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_REPLACE_ADD,
		.doit = smtp25_replace_add_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_REPLACE_COMMIT,
		.doit = smtp25_replace_end_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_REPLACE_ABORT,
		.doit = smtp25_replace_end_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_LOOKUP,
		.doit = smtp25_lookup_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_STATS,
		.doit = smtp25_stats_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_POOL_SET,
		.doit = smtp25_pool_set_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_HOST_GET,
		.doit = smtp25_host_get_doit,
		.dumpit = smtp25_host_get_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_HOST_DEL,
		.doit = smtp25_host_del_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_QUAR_ADD,
		.doit = smtp25_quar_change_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_QUAR_DEL,
		.doit = smtp25_quar_change_doit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd = SMTP25_CMD_QUAR_GET,
		.dumpit = smtp25_quar_get_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

/* The prefix dump needs a start callback, which only full ops have. */
static const struct genl_ops smtp25_full_ops[] = {
	{
		.cmd = SMTP25_CMD_PREFIX_GET,
		.start = smtp25_prefix_get_start,
		.dumpit = smtp25_prefix_get_dumpit,
		.flags = GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family smtp25_family __ro_after_init = {
	.name = SMTP25_GENL_NAME,
	.version = SMTP25_GENL_VERSION,
	.maxattr = SMTP25_A_MAX,
	.policy = smtp25_policy,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = smtp25_ops,
	.n_small_ops = ARRAY_SIZE(smtp25_ops),
	.ops = smtp25_full_ops,
	.n_ops = ARRAY_SIZE(smtp25_full_ops),
	.mcgrps = smtp25_mcgrps,
	.n_mcgrps = ARRAY_SIZE(smtp25_mcgrps),
};

int __init smtp25_genl_init(void)
{
	return genl_register_family(&smtp25_family);
}

void smtp25_genl_exit(void)
{
	genl_unregister_family(&smtp25_family);
}
