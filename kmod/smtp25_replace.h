/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_REPLACE_H
#define _SMTP25_REPLACE_H

#include <linux/list.h>
#include <linux/netlink.h>

#include "smtp25_net.h"
#include "smtp25_pool.h"

/* Prefixes staged for one pool by one socket, until commit or abort. */
struct smtp25_staging {
	struct list_head list;
	u32 pool_id;
	u32 portid;
	unsigned long last_used;	/* jiffies */
	struct s25_lpm_builder *b[2];	/* [0] IPv4, [1] IPv6 */
};

struct smtp25_staging *smtp25_staging_find(struct smtp25_net *sn, u32 pool_id);
int smtp25_staging_begin(struct smtp25_net *sn, struct smtp25_pool *pool,
			 u32 portid, struct netlink_ext_ack *extack);
struct smtp25_staging *smtp25_staging_get(struct smtp25_net *sn,
					  struct smtp25_pool *pool, u32 portid,
					  struct netlink_ext_ack *extack);
void smtp25_staging_drop(struct smtp25_net *sn, struct smtp25_staging *st);
size_t smtp25_staging_count(const struct smtp25_staging *st);

void smtp25_staging_net_init(struct smtp25_net *sn);
void smtp25_staging_net_exit(struct smtp25_net *sn);
int smtp25_staging_init(void);
void smtp25_staging_exit(void);

#endif /* _SMTP25_REPLACE_H */
