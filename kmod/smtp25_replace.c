// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: staging areas for atomic pool replacement. A staging area
 * belongs to the netlink socket that opened it; it goes away at commit,
 * at abort, when that socket closes and when it has been idle for
 * replace_timeout seconds. All of it runs under the namespace's lock.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "smtp25_replace.h"

struct smtp25_staging *smtp25_staging_find(struct smtp25_net *sn, u32 pool_id)
{
	struct smtp25_staging *st;

	lockdep_assert_held(&sn->lock);
	list_for_each_entry(st, &sn->staging, list)
		if (st->pool_id == pool_id)
			return st;
	return NULL;
}

void smtp25_staging_drop(struct smtp25_net *sn, struct smtp25_staging *st)
{
	lockdep_assert_held(&sn->lock);
	list_del(&st->list);
	s25_lpm_builder_free(st->b[0]);
	s25_lpm_builder_free(st->b[1]);
	kfree(st);
}

size_t smtp25_staging_count(const struct smtp25_staging *st)
{
	return s25_lpm_builder_count(st->b[0]) + s25_lpm_builder_count(st->b[1]);
}

static void smtp25_staging_arm(struct smtp25_net *sn)
{
	mod_delayed_work(system_wq, &sn->staging_gc,
			 smtp25_replace_timeout * HZ);
}

int smtp25_staging_begin(struct smtp25_net *sn, struct smtp25_pool *pool,
			 u32 portid, struct netlink_ext_ack *extack)
{
	struct smtp25_staging *st = smtp25_staging_find(sn, pool->id);

	if (st && st->portid != portid) {
		NL_SET_ERR_MSG(extack,
			       "another socket is replacing this pool right now");
		return -EBUSY;
	}
	/* The same socket beginning again starts over. */
	if (st)
		smtp25_staging_drop(sn, st);
	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->b[0] = s25_lpm_builder_new(32, GFP_KERNEL);
	st->b[1] = s25_lpm_builder_new(128, GFP_KERNEL);
	if (!st->b[0] || !st->b[1]) {
		s25_lpm_builder_free(st->b[0]);
		s25_lpm_builder_free(st->b[1]);
		kfree(st);
		return -ENOMEM;
	}
	st->pool_id = pool->id;
	st->portid = portid;
	st->last_used = jiffies;
	list_add(&st->list, &sn->staging);
	smtp25_staging_arm(sn);
	return 0;
}

struct smtp25_staging *smtp25_staging_get(struct smtp25_net *sn,
					  struct smtp25_pool *pool, u32 portid,
					  struct netlink_ext_ack *extack)
{
	struct smtp25_staging *st = smtp25_staging_find(sn, pool->id);

	if (!st || st->portid != portid) {
		NL_SET_ERR_MSG(extack,
			       "no replace of this pool in progress on this socket (send REPLACE_BEGIN first; it may have timed out)");
		return ERR_PTR(-ENOENT);
	}
	st->last_used = jiffies;
	smtp25_staging_arm(sn);
	return st;
}

static void smtp25_staging_gc(struct work_struct *work)
{
	struct smtp25_net *sn = container_of(to_delayed_work(work),
					     struct smtp25_net, staging_gc);
	unsigned long timeout = smtp25_replace_timeout * HZ;
	struct smtp25_staging *st, *tmp;
	bool left = false;

	mutex_lock(&sn->lock);
	list_for_each_entry_safe(st, tmp, &sn->staging, list) {
		if (time_after_eq(jiffies, st->last_used + timeout))
			smtp25_staging_drop(sn, st);
		else
			left = true;
	}
	if (left)
		smtp25_staging_arm(sn);
	mutex_unlock(&sn->lock);
}

/* A netlink socket closed: drop what it staged in its namespace. */
static int smtp25_netlink_event(struct notifier_block *nb, unsigned long event,
				void *ptr)
{
	struct netlink_notify *n = ptr;
	struct smtp25_staging *st, *tmp;
	struct smtp25_net *sn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	sn = smtp25_pernet(n->net);
	mutex_lock(&sn->lock);
	list_for_each_entry_safe(st, tmp, &sn->staging, list)
		if (st->portid == n->portid)
			smtp25_staging_drop(sn, st);
	mutex_unlock(&sn->lock);
	return NOTIFY_DONE;
}

static struct notifier_block smtp25_netlink_notifier = {
	.notifier_call = smtp25_netlink_event,
};

void smtp25_staging_net_init(struct smtp25_net *sn)
{
	INIT_LIST_HEAD(&sn->staging);
	INIT_DELAYED_WORK(&sn->staging_gc, smtp25_staging_gc);
}

void smtp25_staging_net_exit(struct smtp25_net *sn)
{
	struct smtp25_staging *st, *tmp;

	cancel_delayed_work_sync(&sn->staging_gc);
	mutex_lock(&sn->lock);
	list_for_each_entry_safe(st, tmp, &sn->staging, list)
		smtp25_staging_drop(sn, st);
	mutex_unlock(&sn->lock);
}

int smtp25_staging_init(void)
{
	return netlink_register_notifier(&smtp25_netlink_notifier);
}

void smtp25_staging_exit(void)
{
	netlink_unregister_notifier(&smtp25_netlink_notifier);
}
