/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_QUAR_H
#define _SMTP25_QUAR_H

#include <linux/netlink.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <uapi/linux/smtp25.h>

#include "smtp25_net.h"

struct smtp25_pool;

/* A quarantined or remembered host, as reported. */
struct smtp25_quar_info {
	int family;
	u8 addr[16];
	u8 plen;			/* the host is addr/plen */
	u8 reason;			/* enum smtp25_quar_reason */
	u32 offences;
	char pool[SMTP25_POOL_NAME_LEN];	/* caught in; "" if by hand */
	time64_t since;			/* UNIX time */
	time64_t expires;		/* UNIX time; 0: never */
	time64_t released;		/* UNIX time; 0: in quarantine */
};

struct smtp25_quar_cursor {
	u32 bucket;
	u32 skip;
};

typedef int (*smtp25_quar_fn)(void *arg, const struct smtp25_quar_info *q);

void smtp25_quar_net_init(struct smtp25_net *sn, struct net *net);
void smtp25_quar_net_exit(struct smtp25_net *sn);
long smtp25_quar_allocated(void);

int smtp25_quar_request(struct smtp25_net *sn, int family, const u8 *addr,
			u8 plen, u32 pool_id, u8 reason);
void smtp25_housekeeping_kick(struct smtp25_net *sn);

/* @offences: 0 to count one more, else the count to set (restore). */
int smtp25_quar_add(struct smtp25_net *sn, int family, const u8 *addr,
		    u32 expires, u32 offences, struct netlink_ext_ack *extack);
/* Remembers a host as released @ago seconds ago, its count @offences. */
int smtp25_quar_remember(struct smtp25_net *sn, int family, const u8 *addr,
			 u32 offences, u32 ago, struct netlink_ext_ack *extack);
/* Releases a host; with @forget, drops its (remembered) record too. */
int smtp25_quar_del(struct smtp25_net *sn, int family, const u8 *addr,
		    bool forget, struct netlink_ext_ack *extack);
/* The hosts in quarantine and, if @history, those released too. */
int smtp25_quar_walk(struct smtp25_net *sn, struct smtp25_quar_cursor *c,
		     bool history, smtp25_quar_fn fn, void *arg);
void smtp25_quar_sync(struct smtp25_net *sn, struct smtp25_pool *pool);

#endif /* _SMTP25_QUAR_H */
