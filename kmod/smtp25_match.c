// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: the xt match. One RCU lookup per address it tests, no lock, no
 * allocation; the netfilter hook already holds rcu_read_lock(). The host
 * options of revision 1 take the lock of one bucket of the host table
 * (see smtp25_host.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include <uapi/linux/netfilter/xt_smtp25.h>

#include "smtp25_host.h"
#include "smtp25_match.h"
#include "smtp25_pool.h"

/* A rule's options, whatever its revision. */
struct smtp25_mt_opts {
	u16 flags;
	u16 invert;
	u8 src_types;
	u8 dst_types;
	u8 record;
	const char *src_pool;
	const char *dst_pool;
};

/* Each revision's rule data, in the one form the code below reads. */
static struct smtp25_mt_opts smtp25_opts_v0(const struct xt_smtp25_info *info)
{
	return (struct smtp25_mt_opts){
		.flags = info->flags,
		.invert = info->invert,
		.src_types = info->src_types,
		.dst_types = info->dst_types,
		.src_pool = info->src_pool,
		.dst_pool = info->dst_pool,
	};
}

static struct smtp25_mt_opts
smtp25_opts_v1(const struct xt_smtp25_info_v1 *info)
{
	return (struct smtp25_mt_opts){
		.flags = info->flags,
		.invert = info->invert,
		.src_types = info->src_types,
		.dst_types = info->dst_types,
		.record = info->record,
		.src_pool = info->src_pool,
		.dst_pool = info->dst_pool,
	};
}

/* The pool covering @addr and its type; counts the lookup for the pool. */
static struct smtp25_pool *smtp25_mt_lookup(struct smtp25_net *sn,
					    const struct s25_lpm *t,
					    const u8 *addr, u8 *type)
{
	struct smtp25_pool *pool = NULL;
	u32 value;

	*type = SMTP25_POOL_NONE;
	if (s25_lpm_lookup(t, addr, &value)) {
		*type = smtp25_value_type(value);
		pool = idr_find(&sn->pools, smtp25_value_pool_id(value));
		if (pool)
			this_cpu_inc(pool->stats->packets);
	}
	return pool;
}

/* The type and pool tests of one side (source or destination). */
static bool smtp25_mt_side(const struct smtp25_mt_opts *o,
			   struct smtp25_pool *pool, u8 type, u8 types,
			   const char *name, u16 f_types, u16 f_pool)
{
	bool in;

	if (o->flags & f_types) {
		in = types & BIT(type);
		if (in == !!(o->invert & f_types))
			return false;
	}
	if (o->flags & f_pool) {
		in = pool && !strcmp(pool->name, name);
		if (in == !!(o->invert & f_pool))
			return false;
	}
	return true;
}

static bool smtp25_mt_eval(const struct sk_buff *skb,
			   struct xt_action_param *par,
			   const struct smtp25_mt_opts *o)
{
	struct smtp25_net *sn = smtp25_pernet(xt_net(par));
	struct smtp25_attempt a = { .family = AF_INET };
	struct smtp25_pool *dpool;
	struct s25_lpm *t;
	u8 dtype;

	switch (xt_family(par)) {
	case NFPROTO_IPV4:
		a.saddr = (const u8 *)&ip_hdr(skb)->saddr;
		a.daddr = (const u8 *)&ip_hdr(skb)->daddr;
		t = &sn->v4;
		break;
	case NFPROTO_IPV6:
		a.family = AF_INET6;
		a.saddr = ipv6_hdr(skb)->saddr.s6_addr;
		a.daddr = ipv6_hdr(skb)->daddr.s6_addr;
		t = &sn->v6;
		break;
	default:
		return false;
	}
	/* The host options need the source's pool even with no test on it. */
	if (o->flags & (XT_SMTP25_SRC | XT_SMTP25_SRC_POOL |
			XT_SMTP25_OVER_LIMIT | XT_SMTP25_RECORD)) {
		a.pool = smtp25_mt_lookup(sn, t, a.saddr, &a.type);
		if (!smtp25_mt_side(o, a.pool, a.type, o->src_types,
				    o->src_pool, XT_SMTP25_SRC,
				    XT_SMTP25_SRC_POOL))
			return false;
	}
	if (o->flags & (XT_SMTP25_DST | XT_SMTP25_DST_POOL)) {
		dpool = smtp25_mt_lookup(sn, t, a.daddr, &dtype);
		if (!smtp25_mt_side(o, dpool, dtype, o->dst_types,
				    o->dst_pool, XT_SMTP25_DST,
				    XT_SMTP25_DST_POOL))
			return false;
	}
	if (!(o->flags & (XT_SMTP25_OVER_LIMIT | XT_SMTP25_RECORD)))
		return true;
	return smtp25_host_hit(sn, &a, o->flags & XT_SMTP25_OVER_LIMIT,
			       o->invert & XT_SMTP25_OVER_LIMIT, o->record);
}

static bool smtp25_mt_v0(const struct sk_buff *skb,
			 struct xt_action_param *par)
{
	const struct smtp25_mt_opts o = smtp25_opts_v0(par->matchinfo);

	return smtp25_mt_eval(skb, par, &o);
}

static bool smtp25_mt_v1(const struct sk_buff *skb,
			 struct xt_action_param *par)
{
	const struct smtp25_mt_opts o = smtp25_opts_v1(par->matchinfo);

	return smtp25_mt_eval(skb, par, &o);
}

static bool smtp25_mt_pool_ok(const char *name, size_t size, bool given)
{
	if (!given)
		return true;
	return strnlen(name, size) < size && smtp25_pool_name_valid(name);
}

static int smtp25_mt_check_opts(const struct smtp25_mt_opts *o, u16 all)
{
	if (!o->flags || o->flags & ~all || o->invert & ~o->flags ||
	    o->invert & XT_SMTP25_RECORD) {
		pr_info_ratelimited("unknown or missing options\n");
		return -EINVAL;
	}
	if (((o->flags & XT_SMTP25_SRC) &&
	     (!o->src_types || o->src_types & ~XT_SMTP25_TYPES_ALL)) ||
	    ((o->flags & XT_SMTP25_DST) &&
	     (!o->dst_types || o->dst_types & ~XT_SMTP25_TYPES_ALL))) {
		pr_info_ratelimited("invalid pool type set\n");
		return -EINVAL;
	}
	if (!smtp25_mt_pool_ok(o->src_pool, SMTP25_POOL_NAME_LEN,
			       o->flags & XT_SMTP25_SRC_POOL) ||
	    !smtp25_mt_pool_ok(o->dst_pool, SMTP25_POOL_NAME_LEN,
			       o->flags & XT_SMTP25_DST_POOL)) {
		pr_info_ratelimited("invalid pool name\n");
		return -EINVAL;
	}
	if (!!(o->flags & XT_SMTP25_RECORD) !=
	    (o->record == XT_SMTP25_RECORD_BLOCKED ||
	     o->record == XT_SMTP25_RECORD_ALLOWED)) {
		pr_info_ratelimited("--record is blocked or allowed\n");
		return -EINVAL;
	}
	return 0;
}

static int smtp25_mt_check_v0(const struct xt_mtchk_param *par)
{
	const struct smtp25_mt_opts o = smtp25_opts_v0(par->matchinfo);

	return smtp25_mt_check_opts(&o, XT_SMTP25_ALL);
}

static int smtp25_mt_check_v1(const struct xt_mtchk_param *par)
{
	const struct xt_smtp25_info_v1 *info = par->matchinfo;
	const struct smtp25_mt_opts o = smtp25_opts_v1(info);
	struct smtp25_net *sn = smtp25_pernet(par->net);
	int err;

	err = smtp25_mt_check_opts(&o, XT_SMTP25_ALL_V1);
	if (err)
		return err;
	if (info->reserved) {
		pr_info_ratelimited("reserved field is not zero\n");
		return -EINVAL;
	}
	if (!(o.flags & (XT_SMTP25_OVER_LIMIT | XT_SMTP25_RECORD)))
		return 0;
	/* Process context: the host table can be made here, not later. */
	mutex_lock(&sn->lock);
	err = smtp25_hosts_ensure(sn);
	mutex_unlock(&sn->lock);
	return err;
}

/* NFPROTO_UNSPEC: iptables, ip6tables and nft (through nft_compat). */
static struct xt_match smtp25_mt_reg[] __read_mostly = {
	{
		.name = "smtp25",
		.revision = 0,
		.family = NFPROTO_UNSPEC,
		.match = smtp25_mt_v0,
		.checkentry = smtp25_mt_check_v0,
		.matchsize = sizeof(struct xt_smtp25_info),
		.me = THIS_MODULE,
	},
	{
		.name = "smtp25",
		.revision = 1,
		.family = NFPROTO_UNSPEC,
		.match = smtp25_mt_v1,
		.checkentry = smtp25_mt_check_v1,
		.matchsize = sizeof(struct xt_smtp25_info_v1),
		.me = THIS_MODULE,
	},
};

int __init smtp25_match_init(void)
{
	return xt_register_matches(smtp25_mt_reg, ARRAY_SIZE(smtp25_mt_reg));
}

void smtp25_match_exit(void)
{
	xt_unregister_matches(smtp25_mt_reg, ARRAY_SIZE(smtp25_mt_reg));
}

MODULE_ALIAS("ipt_smtp25");
MODULE_ALIAS("ip6t_smtp25");
