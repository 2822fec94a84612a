/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_NET_H
#define _SMTP25_NET_H

#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "smtp25_lpm.h"

/* Everything smtp25 holds for one network namespace. */
struct smtp25_net {
	struct mutex lock;	/* serializes every writer of this netns */
	struct s25_lpm v4;
	struct s25_lpm v6;
};

extern unsigned int smtp25_net_id;

static inline struct smtp25_net *smtp25_pernet(const struct net *net)
{
	return net_generic(net, smtp25_net_id);
}

#endif /* _SMTP25_NET_H */
