// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: the xt match. One RCU lookup per address it tests, no lock, no
 * allocation; the netfilter hook already holds rcu_read_lock().
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/skbuff.h>
#include <uapi/linux/netfilter/xt_smtp25.h>

#include "smtp25_match.h"
#include "smtp25_pool.h"

/* Tests one side (source or destination) of the packet. */
static bool smtp25_mt_side(struct smtp25_net *sn, const struct s25_lpm *t,
			   const u8 *addr, const struct xt_smtp25_info *info,
			   u8 types, const char *name, u8 f_types, u8 f_pool)
{
	struct smtp25_pool *pool = NULL;
	u8 type = SMTP25_POOL_NONE;
	bool in;
	u32 value;

	if (!(info->flags & (f_types | f_pool)))
		return true;
	if (s25_lpm_lookup(t, addr, &value)) {
		type = smtp25_value_type(value);
		pool = idr_find(&sn->pools, smtp25_value_pool_id(value));
		if (pool)
			this_cpu_inc(pool->stats->packets);
	}
	if (info->flags & f_types) {
		in = types & BIT(type);
		if (in == !!(info->invert & f_types))
			return false;
	}
	if (info->flags & f_pool) {
		in = pool && !strcmp(pool->name, name);
		if (in == !!(info->invert & f_pool))
			return false;
	}
	return true;
}

static bool smtp25_mt(const struct sk_buff *skb, struct xt_action_param *par)
{
	const struct xt_smtp25_info *info = par->matchinfo;
	struct smtp25_net *sn = smtp25_pernet(xt_net(par));
	const u8 *saddr, *daddr;
	struct s25_lpm *t;

	switch (xt_family(par)) {
	case NFPROTO_IPV4:
		saddr = (const u8 *)&ip_hdr(skb)->saddr;
		daddr = (const u8 *)&ip_hdr(skb)->daddr;
		t = &sn->v4;
		break;
	case NFPROTO_IPV6:
		saddr = ipv6_hdr(skb)->saddr.s6_addr;
		daddr = ipv6_hdr(skb)->daddr.s6_addr;
		t = &sn->v6;
		break;
	default:
		return false;
	}
	return smtp25_mt_side(sn, t, saddr, info, info->src_types,
			      info->src_pool, XT_SMTP25_SRC,
			      XT_SMTP25_SRC_POOL) &&
	       smtp25_mt_side(sn, t, daddr, info, info->dst_types,
			      info->dst_pool, XT_SMTP25_DST,
			      XT_SMTP25_DST_POOL);
}

static bool smtp25_mt_pool_ok(const char *name, size_t size, bool given)
{
	if (!given)
		return true;
	return strnlen(name, size) < size && smtp25_pool_name_valid(name);
}

static int smtp25_mt_check(const struct xt_mtchk_param *par)
{
	const struct xt_smtp25_info *info = par->matchinfo;

	if (!info->flags || info->flags & ~XT_SMTP25_ALL ||
	    info->invert & ~info->flags) {
		pr_info_ratelimited("unknown or missing options\n");
		return -EINVAL;
	}
	if (((info->flags & XT_SMTP25_SRC) &&
	     (!info->src_types || info->src_types & ~XT_SMTP25_TYPES_ALL)) ||
	    ((info->flags & XT_SMTP25_DST) &&
	     (!info->dst_types || info->dst_types & ~XT_SMTP25_TYPES_ALL))) {
		pr_info_ratelimited("invalid pool type set\n");
		return -EINVAL;
	}
	if (!smtp25_mt_pool_ok(info->src_pool, sizeof(info->src_pool),
			       info->flags & XT_SMTP25_SRC_POOL) ||
	    !smtp25_mt_pool_ok(info->dst_pool, sizeof(info->dst_pool),
			       info->flags & XT_SMTP25_DST_POOL)) {
		pr_info_ratelimited("invalid pool name\n");
		return -EINVAL;
	}
	return 0;
}

/* NFPROTO_UNSPEC: iptables, ip6tables and nft (through nft_compat). */
static struct xt_match smtp25_mt_reg __read_mostly = {
	.name = "smtp25",
	.revision = 0,
	.family = NFPROTO_UNSPEC,
	.match = smtp25_mt,
	.checkentry = smtp25_mt_check,
	.matchsize = sizeof(struct xt_smtp25_info),
	.me = THIS_MODULE,
};

int __init smtp25_match_init(void)
{
	return xt_register_match(&smtp25_mt_reg);
}

void smtp25_match_exit(void)
{
	xt_unregister_match(&smtp25_mt_reg);
}

MODULE_ALIAS("ipt_smtp25");
MODULE_ALIAS("ip6t_smtp25");
