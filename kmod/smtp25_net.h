/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_NET_H
#define _SMTP25_NET_H

#include <linux/idr.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smtp25_lpm.h"

/*
 * Everything smtp25 holds for one network namespace. One mutex guards it
 * all for writers and control-path readers; the packet path reads the
 * trees (and the pools they point to) under RCU only.
 */
struct smtp25_net {
	struct mutex lock;		/* see above */
	struct s25_lpm v4;
	struct s25_lpm v6;
	struct idr pools;		/* id -> struct smtp25_pool */
	u32 nr_pools;
	u64 generation;			/* bumped by every change */
	struct list_head staging;	/* struct smtp25_staging */
	struct delayed_work staging_gc;
};

extern unsigned int smtp25_net_id;
extern unsigned long smtp25_max_prefixes;
extern unsigned int smtp25_replace_timeout;

static inline struct smtp25_net *smtp25_pernet(const struct net *net)
{
	return net_generic(net, smtp25_net_id);
}

static inline struct s25_lpm *smtp25_tree(struct smtp25_net *sn, int family)
{
	return family == AF_INET ? &sn->v4 : &sn->v6;
}

#endif /* _SMTP25_NET_H */
