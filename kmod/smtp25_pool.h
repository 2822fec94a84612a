/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_POOL_H
#define _SMTP25_POOL_H

#include <linux/netlink.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <uapi/linux/smtp25.h>

#include "smtp25_net.h"
#include "smtp25_rate.h"

/*
 * A pool. The trees map each prefix to a value that carries the pool's id
 * and type, so the packet path learns the type without touching the pool.
 */
struct smtp25_pool_stats {
	u64 packets;			/* lookups by rules that found the pool */
	u64 blocked;			/* --record blocked */
	u64 allowed;			/* --record allowed */
	u64 over_limit;			/* --over-limit found it over */
};

/*
 * Limits and thresholds are written under sn->lock and read by the packet
 * path with READ_ONCE(); a rate is one word (smtp25_rate_pack()).
 */
struct smtp25_pool {
	u32 id;
	u8 type;			/* enum smtp25_pool_type */
	u64 nr[2];			/* prefixes: [0] IPv4, [1] IPv6 */
	struct smtp25_pool_stats __percpu *stats;
	u64 limit_host;			/* per host */
	u64 limit_pool;			/* the whole pool: bucket below */
	u32 quar_after;			/* blocked attempts in the window */
	u32 quar_dests;			/* destinations in the window */
	u32 quar_window;		/* seconds */
	u32 quar_expires;		/* seconds, 0: never */
	u8 account_plen6;		/* IPv6 sources: one host per prefix */
	u64 quarantines;		/* hosts quarantined from here */
	spinlock_t bucket_lock;		/* guards bucket */
	struct smtp25_bucket bucket;
	char name[SMTP25_POOL_NAME_LEN];
	char comment[SMTP25_COMMENT_LEN];
	struct rcu_head rcu;
};

#define SMTP25_POOL_ID_MAX	(S25_LPM_VALUE_MAX >> 2)

static inline u32 smtp25_pool_value(const struct smtp25_pool *pool)
{
	return pool->id << 2 | pool->type;
}

static inline u32 smtp25_value_pool_id(u32 value)
{
	return value >> 2;
}

static inline u8 smtp25_value_type(u32 value)
{
	return value & 3;
}

static inline int smtp25_family_index(int family)
{
	return family == AF_INET ? 0 : 1;
}

/* The prefix length at which a source of @pool (NULL: none) is one host. */
static inline u8 smtp25_account_plen(const struct smtp25_pool *pool,
				     int family)
{
	if (family == AF_INET)
		return 32;
	return pool ? READ_ONCE(pool->account_plen6) : 128;
}

bool smtp25_pool_name_valid(const char *name);
struct smtp25_pool *smtp25_pool_find(struct smtp25_net *sn, const char *name);
struct smtp25_pool *smtp25_pool_by_value(struct smtp25_net *sn, u32 value);
struct smtp25_pool *smtp25_pool_new(struct smtp25_net *sn, const char *name,
				    u8 type, const char *comment,
				    struct netlink_ext_ack *extack);
int smtp25_pool_del(struct smtp25_net *sn, struct smtp25_pool *pool,
		    struct netlink_ext_ack *extack);
int smtp25_pool_set_prefixes(struct smtp25_net *sn, struct smtp25_pool *pool,
			     struct s25_lpm_builder *staged[2],
			     struct netlink_ext_ack *extack);
u64 smtp25_nr_prefixes(struct smtp25_net *sn);
void smtp25_pool_counters(const struct smtp25_pool *pool,
			  struct smtp25_pool_stats *sum);
void smtp25_pools_flush(struct smtp25_net *sn);
void smtp25_set_err_prefix(struct netlink_ext_ack *extack, int family,
			   const u8 *addr, u8 plen);

#endif /* _SMTP25_POOL_H */
