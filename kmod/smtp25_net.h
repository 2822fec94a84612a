/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_NET_H
#define _SMTP25_NET_H

#include <linux/hashtable.h>
#include <linux/idr.h>
#include <linux/list.h>
#include <linux/llist.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smtp25_lpm.h"

struct smtp25_hosts;

/*
 * Everything smtp25 holds for one network namespace. One mutex guards it
 * all for writers and control-path readers; the packet path reads the
 * trees (and the pools they point to) under RCU only, and the host table
 * under RCU and its bucket locks (see smtp25_host.c).
 */
struct smtp25_net {
	struct mutex lock;		/* see above */
	struct net *net;		/* the namespace this belongs to */
	struct s25_lpm v4;
	struct s25_lpm v6;
	struct idr pools;		/* id -> struct smtp25_pool */
	u32 nr_pools;
	u64 generation;			/* bumped by every change */
	struct list_head staging;	/* struct smtp25_staging */
	struct delayed_work staging_gc;
	struct smtp25_hosts __rcu *hosts; /* NULL until a rule needs it */
	DECLARE_HASHTABLE(quar, 8);	/* struct smtp25_quar, by address */
	u32 nr_quarantined;
	struct llist_head quar_requests; /* from the packet path */
	struct work_struct quar_work;	/* serves quar_requests */
	struct delayed_work housekeeping; /* expiry and idle hosts */
	unsigned long host_gc_next;	/* jiffies */
};

extern unsigned int smtp25_net_id;
extern unsigned long smtp25_max_prefixes;
extern unsigned int smtp25_replace_timeout;
extern unsigned int smtp25_max_hosts;
extern unsigned int smtp25_host_timeout;
extern unsigned int smtp25_quarantine_memory;

static inline struct smtp25_net *smtp25_pernet(const struct net *net)
{
	return net_generic(net, smtp25_net_id);
}

static inline struct s25_lpm *smtp25_tree(struct smtp25_net *sn, int family)
{
	return family == AF_INET ? &sn->v4 : &sn->v6;
}

#endif /* _SMTP25_NET_H */
