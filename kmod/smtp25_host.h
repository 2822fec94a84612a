/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_HOST_H
#define _SMTP25_HOST_H

#include <linux/time64.h>
#include <linux/types.h>

#include "smtp25_net.h"

struct smtp25_pool;

/* One new port-25 connection as a rule sees it. */
struct smtp25_attempt {
	int family;
	const u8 *saddr;
	const u8 *daddr;
	struct smtp25_pool *pool;	/* the source's pool, NULL if none */
	u8 type;			/* its type */
};

/* A copy of one host's entry, for the control path. */
struct smtp25_host_info {
	int family;
	u8 addr[16];			/* the host's prefix: address... */
	u8 plen;			/* ...and length */
	u32 pool_id;			/* 0: in no pool when last seen */
	u8 type;
	bool quarantined;
	u64 blocked;
	u64 allowed;
	u64 over_limit;
	u32 dests;
	u32 window_blocked;
	u32 window_dests;
	u32 offences;
	time64_t first_seen;		/* UNIX time */
	time64_t last_seen;
};

/* Where a walk over the table stands: the next bucket and entry. */
struct smtp25_host_cursor {
	u32 bucket;
	u32 skip;
};

struct smtp25_hosts_stats {
	u32 count;
	u32 max;
	u64 evicted;
	u64 dropped;
	size_t bytes;
};

typedef int (*smtp25_host_fn)(void *arg, const struct smtp25_host_info *h);

int smtp25_host_cache_init(void);
void smtp25_host_cache_exit(void);
long smtp25_host_allocated(void);

int smtp25_hosts_ensure(struct smtp25_net *sn);
void smtp25_hosts_destroy(struct smtp25_net *sn);

bool smtp25_host_hit(struct smtp25_net *sn, const struct smtp25_attempt *a,
		     bool limit, bool invert, u8 record);

bool smtp25_host_get(struct smtp25_net *sn, int family, const u8 *addr,
		     struct smtp25_host_info *info);
int smtp25_hosts_walk(struct smtp25_net *sn, struct smtp25_host_cursor *c,
		      smtp25_host_fn fn, void *arg);
int smtp25_host_forget(struct smtp25_net *sn, int family, const u8 *addr);
void smtp25_hosts_flush(struct smtp25_net *sn);
void smtp25_host_mark(struct smtp25_net *sn, int family, const u8 *addr,
		      u8 plen, bool quarantined, u32 offences);
void smtp25_host_set_offences(struct smtp25_net *sn, int family,
			      const u8 *addr, u8 plen, u32 offences);
void smtp25_prefix_key(u8 *key, const u8 *addr, int family, u8 plen);
void smtp25_hosts_gc(struct smtp25_net *sn);
u32 smtp25_hosts_count(struct smtp25_net *sn);
void smtp25_hosts_get_stats(struct smtp25_net *sn,
			    struct smtp25_hosts_stats *st);

u32 smtp25_dests_estimate(const unsigned long *bits);

#endif /* _SMTP25_HOST_H */
