/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_GENL_H
#define _SMTP25_GENL_H

#include <net/net_namespace.h>

struct smtp25_quar_info;

int smtp25_genl_init(void);
void smtp25_genl_exit(void);
void smtp25_genl_pool_event(struct net *net, u8 cmd, const char *pool,
			    u64 generation);
void smtp25_genl_quar_event(struct net *net, u8 cmd, u64 generation,
			    const struct smtp25_quar_info *q);

#endif /* _SMTP25_GENL_H */
