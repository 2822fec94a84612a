// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: quarantine. A quarantined host is its prefix (a /32, or an IPv6
 * prefix as long as its pool's account_plen6) in the pool named
 * "quarantine" plus a record here that says since when, until when and
 * how often. Records outlive the release by quarantine_memory
 * seconds, so that a repeat offender is known and stays away longer;
 * QUAR_GET with SMTP25_A_QUAR_HISTORY lists them, QUAR_ADD with
 * SMTP25_A_RELEASED makes one again (save and restore) and QUAR_DEL with
 * SMTP25_A_FORGET drops one (a customer's cleaned host starts afresh).
 *
 * Locking: records, the trees and the pools are changed under sn->lock
 * only. The packet path never takes it: a rule that finds a host over its
 * pool's thresholds queues a request (sn->quar_requests, lock-free) and
 * sn->quar_work carries it out. sn->housekeeping releases expired hosts,
 * forgets old records and drops idle host entries, once a second while
 * there is anything to look after.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "smtp25_genl.h"
#include "smtp25_host.h"
#include "smtp25_pool.h"
#include "smtp25_quar.h"

/* Longest quarantine of a repeat offender: the first one times 2^10. */
#define S25_QUAR_MAX_SHIFT	10
#define S25_HOST_GC_EVERY	10	/* seconds, at most */

struct smtp25_quar {
	struct hlist_node node;		/* in sn->quar */
	int family;
	u8 addr[16];
	u8 plen;
	bool active;			/* in quarantine now, else remembered */
	bool expiring;			/* has an expiry */
	u8 reason;
	u32 offences;
	char pool[SMTP25_POOL_NAME_LEN];
	time64_t since;			/* UNIX time */
	unsigned long expires;		/* jiffies, if expiring */
	unsigned long released;		/* jiffies, if !active */
	time64_t released_at;		/* UNIX time, if !active */
};

struct smtp25_quar_req {
	struct llist_node node;
	int family;
	u8 addr[16];
	u8 plen;
	u32 pool_id;
	u8 reason;
};

static atomic_long_t smtp25_quar_bytes = ATOMIC_LONG_INIT(0);

/* Bytes held by records and requests of every namespace. */
long smtp25_quar_allocated(void)
{
	return atomic_long_read(&smtp25_quar_bytes);
}

static unsigned int smtp25_quar_bytes_of(int family)
{
	return family == AF_INET ? 4 : 16;
}

static u32 smtp25_quar_key(int family, const u8 *addr, u8 plen)
{
	return jhash(addr, smtp25_quar_bytes_of(family), family | plen << 8);
}

static unsigned int smtp25_full_plen(int family)
{
	return family == AF_INET ? 32 : 128;
}

static struct smtp25_quar *smtp25_quar_find(struct smtp25_net *sn, int family,
					    const u8 *addr, u8 plen)
{
	struct smtp25_quar *q;

	lockdep_assert_held(&sn->lock);
	hash_for_each_possible(sn->quar, q, node,
			       smtp25_quar_key(family, addr, plen))
		if (q->family == family && q->plen == plen &&
		    !memcmp(q->addr, addr, smtp25_quar_bytes_of(family)))
			return q;
	return NULL;
}

/*
 * The record of the quarantined prefix that covers @addr: the longest
 * prefix of the tree covering it, if that is in quarantine with a record.
 */
static struct smtp25_quar *smtp25_quar_cover(struct smtp25_net *sn,
					     int family, const u8 *addr)
{
	struct s25_lpm *t = smtp25_tree(sn, family);
	struct s25_lpm_prefix m;

	if (s25_lpm_match(t, addr, &m))
		return NULL;
	return smtp25_quar_find(sn, family, m.addr, m.plen);
}

static void smtp25_quar_free(struct smtp25_quar *q)
{
	hash_del(&q->node);
	kfree(q);
	atomic_long_sub(sizeof(*q), &smtp25_quar_bytes);
}

/* A new, empty record of host @addr/@plen, hashed in; NULL without memory. */
static struct smtp25_quar *smtp25_quar_new(struct smtp25_net *sn, int family,
					   const u8 *addr, u8 plen, gfp_t gfp)
{
	struct smtp25_quar *q = kzalloc(sizeof(*q), gfp);

	lockdep_assert_held(&sn->lock);
	if (!q)
		return NULL;
	atomic_long_add(sizeof(*q), &smtp25_quar_bytes);
	q->family = family;
	q->plen = plen;
	memcpy(q->addr, addr, smtp25_quar_bytes_of(family));
	hash_add(sn->quar, &q->node, smtp25_quar_key(family, addr, plen));
	return q;
}

static void smtp25_quar_fill(const struct smtp25_quar *q,
			     struct smtp25_quar_info *info)
{
	unsigned long now = jiffies;

	memset(info, 0, sizeof(*info));
	info->family = q->family;
	memcpy(info->addr, q->addr, sizeof(info->addr));
	info->plen = q->plen;
	info->reason = q->reason;
	info->offences = q->offences;
	strscpy(info->pool, q->pool, sizeof(info->pool));
	info->since = q->since;
	if (q->expiring)
		info->expires = ktime_get_real_seconds() +
				(time_after(q->expires, now) ?
				 (q->expires - now + HZ - 1) / HZ : 0);
}

static void smtp25_quar_announce(struct smtp25_net *sn, u8 cmd,
				 const struct smtp25_quar *q)
{
	struct smtp25_quar_info info;

	smtp25_quar_fill(q, &info);
	smtp25_genl_quar_event(sn->net, cmd, sn->generation, &info);
}

/* The pool quarantined hosts go to, made on first use if @create. */
static struct smtp25_pool *smtp25_quar_pool(struct smtp25_net *sn, bool create,
					    struct netlink_ext_ack *extack)
{
	struct smtp25_pool *pool = smtp25_pool_find(sn, SMTP25_QUARANTINE_POOL);

	if (pool && pool->type != SMTP25_POOL_QUARANTINE) {
		NL_SET_ERR_MSG(extack,
			       "the pool named \"quarantine\" is not of type quarantine");
		return ERR_PTR(-EEXIST);
	}
	if (pool || !create)
		return pool ?: ERR_PTR(-ENOENT);
	pool = smtp25_pool_new(sn, SMTP25_QUARANTINE_POOL,
			       SMTP25_POOL_QUARANTINE,
			       "hosts quarantined by smtp25", extack);
	if (!IS_ERR(pool))
		smtp25_genl_pool_event(sn->net, SMTP25_CMD_POOL_NEW,
				       pool->name, sn->generation);
	return pool;
}

/*
 * Puts host @addr/@plen into quarantine. @expires: seconds, 0 for never;
 * for an automatic quarantine (@reason not MANUAL) it is the pool's base,
 * doubled for every earlier offence. @offences: the host's count of
 * offences, this one included, as a saved record had it; 0 counts this
 * one on top of the record's (if any). The count stops at
 * SMTP25_QUAR_OFFENCES_MAX, so that every count QUAR_GET shows can be
 * given back to QUAR_ADD.
 */
static int smtp25_quar_enter(struct smtp25_net *sn, int family,
			     const u8 *addr, u8 plen, u8 reason,
			     const char *caught, u64 expires, u32 offences,
			     struct netlink_ext_ack *extack)
{
	struct s25_lpm *t = smtp25_tree(sn, family);
	struct smtp25_quar *q;
	struct smtp25_pool *pool;
	bool fresh = false;
	int err;

	lockdep_assert_held(&sn->lock);
	q = smtp25_quar_find(sn, family, addr, plen);
	if (q && q->active) {
		NL_SET_ERR_MSG(extack, "this host is in quarantine already");
		return -EEXIST;
	}
	if (smtp25_nr_prefixes(sn) + 1 > smtp25_max_prefixes) {
		NL_SET_ERR_MSG(extack,
			       "this would exceed the namespace's prefix limit (module parameter max_prefixes)");
		return -ENOSPC;
	}
	pool = smtp25_quar_pool(sn, true, extack);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	if (!q) {
		q = smtp25_quar_new(sn, family, addr, plen, GFP_KERNEL);
		if (!q)
			return -ENOMEM;
		fresh = true;
	}
	err = s25_lpm_insert(t, addr, plen, smtp25_pool_value(pool));
	if (err) {
		if (err == -EEXIST && plen == t->bits)
			NL_SET_ERR_MSG(extack,
				       "this host's address is a prefix of a pool already (smtp25ctl lookup shows which)");
		else if (err == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "this host's accounting prefix is a prefix of a pool already (smtp25ctl lookup shows which)");
		if (fresh)
			smtp25_quar_free(q);
		return err;
	}
	pool->nr[smtp25_family_index(family)]++;
	sn->generation++;
	if (reason != SMTP25_QUAR_MANUAL && expires)
		expires <<= min_t(u32, q->offences, S25_QUAR_MAX_SHIFT);
	if (!offences)
		offences = min_t(u32, q->offences + 1,
				 SMTP25_QUAR_OFFENCES_MAX);
	q->offences = offences;
	q->active = true;
	q->reason = reason;
	strscpy(q->pool, caught ?: "", sizeof(q->pool));
	q->since = ktime_get_real_seconds();
	q->expiring = expires;
	q->expires = jiffies + min_t(u64, expires, MAX_JIFFY_OFFSET / HZ) * HZ;
	sn->nr_quarantined++;
	smtp25_host_mark(sn, family, addr, plen, true, q->offences);
	smtp25_quar_announce(sn, SMTP25_CMD_QUAR_ADD, q);
	smtp25_housekeeping_kick(sn);
	return 0;
}

/* Deletes a host's prefix from the quarantine pool, if it is there. */
static bool smtp25_quar_unlist(struct smtp25_net *sn, int family,
			       const u8 *addr, u8 plen)
{
	struct smtp25_pool *pool = smtp25_quar_pool(sn, false, NULL);
	struct s25_lpm *t = smtp25_tree(sn, family);
	u32 value;

	if (IS_ERR(pool) ||
	    s25_lpm_get(t, addr, plen, &value) ||
	    value != smtp25_pool_value(pool) ||
	    s25_lpm_delete(t, addr, plen, NULL))
		return false;
	pool->nr[smtp25_family_index(family)]--;
	sn->generation++;
	return true;
}

static void smtp25_quar_leave(struct smtp25_net *sn, struct smtp25_quar *q,
			      u8 reason)
{
	smtp25_quar_unlist(sn, q->family, q->addr, q->plen);
	q->active = false;
	q->reason = reason;
	q->released = jiffies;
	q->released_at = ktime_get_real_seconds();
	sn->nr_quarantined--;
	smtp25_host_mark(sn, q->family, q->addr, q->plen, false, q->offences);
	smtp25_quar_announce(sn, SMTP25_CMD_QUAR_DEL, q);
}

/*
 * The host a request names by @addr, into @key and @plen: the prefix that
 * accounting would make of @addr, its pool's length, but never shorter
 * than the pool's prefix that covers it (a relay listed as a /128 is
 * quarantined as that /128). True if that host, or a quarantined prefix
 * covering @addr, is in quarantine now with a record.
 */
static bool smtp25_quar_host(struct smtp25_net *sn, int family,
			     const u8 *addr, u8 *key, u8 *plen)
{
	struct s25_lpm *t = smtp25_tree(sn, family);
	struct smtp25_pool *pool;
	struct s25_lpm_prefix m;
	struct smtp25_quar *q;

	lockdep_assert_held(&sn->lock);
	*plen = smtp25_full_plen(family);
	if (!s25_lpm_match(t, addr, &m)) {
		q = smtp25_quar_find(sn, family, m.addr, m.plen);
		if (q && q->active)
			return true;
		pool = idr_find(&sn->pools, smtp25_value_pool_id(m.value));
		if (pool)
			*plen = max(smtp25_account_plen(pool, family), m.plen);
	}
	smtp25_prefix_key(key, addr, family, *plen);
	q = smtp25_quar_find(sn, family, key, *plen);
	return q && q->active;
}

int smtp25_quar_add(struct smtp25_net *sn, int family, const u8 *addr,
		    u32 expires, u32 offences, struct netlink_ext_ack *extack)
{
	u8 key[16], plen;

	lockdep_assert_held(&sn->lock);
	if (smtp25_quar_host(sn, family, addr, key, &plen)) {
		NL_SET_ERR_MSG(extack, "this host is in quarantine already");
		return -EEXIST;
	}
	return smtp25_quar_enter(sn, family, key, plen, SMTP25_QUAR_MANUAL,
				 NULL, expires, offences, extack);
}

/*
 * A saved record of a host released but remembered, restored: the host
 * @addr names (as for smtp25_quar_add()) is remembered with @offences as
 * released @ago seconds ago, replacing the record it had. It does not
 * enter the quarantine pool and no event is sent: nothing a rule sees
 * changed. Housekeeping forgets it quarantine_memory seconds after that
 * release, at its next run if that is past (@ago is clamped to it, so
 * that the jiffies stay comparable; the release's UNIX time, which
 * QUAR_GET shows, is as old). Records of a user namespace's
 * requests are charged to its memory cgroup.
 */
int smtp25_quar_remember(struct smtp25_net *sn, int family, const u8 *addr,
			 u32 offences, u32 ago, struct netlink_ext_ack *extack)
{
	unsigned long memory = READ_ONCE(smtp25_quarantine_memory);
	struct smtp25_quar *q;
	u8 key[16], plen;

	lockdep_assert_held(&sn->lock);
	if (smtp25_quar_host(sn, family, addr, key, &plen)) {
		NL_SET_ERR_MSG(extack,
			       "this host is in quarantine now: its record is the quarantine's");
		return -EBUSY;
	}
	q = smtp25_quar_find(sn, family, key, plen);
	if (!q)
		q = smtp25_quar_new(sn, family, key, plen, GFP_KERNEL_ACCOUNT);
	if (!q)
		return -ENOMEM;
	memory = min_t(unsigned long, memory, MAX_JIFFY_OFFSET / HZ);
	ago = min_t(unsigned long, ago, memory);
	q->offences = offences;
	q->reason = SMTP25_QUAR_MANUAL;
	q->pool[0] = '\0';
	q->since = 0;
	q->expiring = false;
	q->released = jiffies - (unsigned long)ago * HZ;
	q->released_at = max_t(time64_t, ktime_get_real_seconds() - ago, 1);
	sn->generation++;
	smtp25_housekeeping_kick(sn);
	return 0;
}

/*
 * Drops a released host's record: its next quarantine is a first offence.
 * Its host entry, which showed the count, forgets it too.
 */
static void smtp25_quar_drop(struct smtp25_net *sn, struct smtp25_quar *q)
{
	smtp25_host_set_offences(sn, q->family, q->addr, q->plen, 0);
	smtp25_quar_free(q);
}

/*
 * The remembered (released) record of the host @addr names as
 * smtp25_quar_add() would name it, if there is one.
 */
static struct smtp25_quar *smtp25_quar_remembered(struct smtp25_net *sn,
						  int family, const u8 *addr)
{
	struct smtp25_quar *q;
	u8 key[16], plen;

	smtp25_quar_host(sn, family, addr, key, &plen);
	q = smtp25_quar_find(sn, family, key, plen);
	return q && !q->active ? q : NULL;
}

/*
 * Releases the host whose quarantined prefix covers @addr. With @forget,
 * also drops its record; a host not in quarantine then loses the record
 * smtp25_quar_add() would count on (no event: nothing a rule sees
 * changed, but a new generation).
 */
int smtp25_quar_del(struct smtp25_net *sn, int family, const u8 *addr,
		    bool forget, struct netlink_ext_ack *extack)
{
	struct smtp25_quar *q = smtp25_quar_cover(sn, family, addr);
	struct smtp25_quar gone = {
		.family = family, .plen = smtp25_full_plen(family),
	};

	lockdep_assert_held(&sn->lock);
	if (q && q->active) {
		smtp25_quar_leave(sn, q, SMTP25_QUAR_MANUAL);
		if (forget)
			smtp25_quar_drop(sn, q);
		return 0;
	}
	/* Put there with "prefix add": no record, still a quarantine. */
	if (smtp25_quar_unlist(sn, family, addr, gone.plen)) {
		memcpy(gone.addr, addr, smtp25_quar_bytes_of(family));
		smtp25_quar_announce(sn, SMTP25_CMD_QUAR_DEL, &gone);
		q = forget ? smtp25_quar_remembered(sn, family, addr) : NULL;
		if (q)
			smtp25_quar_drop(sn, q);
		return 0;
	}
	if (!forget) {
		NL_SET_ERR_MSG(extack, "this host is not in quarantine");
		return -ENOENT;
	}
	q = smtp25_quar_remembered(sn, family, addr);
	if (!q) {
		NL_SET_ERR_MSG(extack,
			       "no quarantine or remembered offences for this host");
		return -ENOENT;
	}
	smtp25_quar_drop(sn, q);
	sn->generation++;
	return 0;
}

/*
 * After the quarantine pool's prefixes changed by other means (prefix
 * del, pool load, pool del): records whose prefix is gone are released.
 */
void smtp25_quar_sync(struct smtp25_net *sn, struct smtp25_pool *pool)
{
	struct smtp25_quar *q;
	struct hlist_node *tmp;
	u32 value;
	int bkt;

	lockdep_assert_held(&sn->lock);
	if (strcmp(pool->name, SMTP25_QUARANTINE_POOL) || !sn->nr_quarantined)
		return;
	hash_for_each_safe(sn->quar, bkt, tmp, q, node) {
		struct s25_lpm *t = smtp25_tree(sn, q->family);

		if (q->active &&
		    (s25_lpm_get(t, q->addr, q->plen, &value) ||
		     smtp25_value_pool_id(value) != pool->id))
			smtp25_quar_leave(sn, q, SMTP25_QUAR_GONE);
	}
}

int smtp25_quar_walk(struct smtp25_net *sn, struct smtp25_quar_cursor *c,
		     bool history, smtp25_quar_fn fn, void *arg)
{
	struct smtp25_quar_info info;
	struct smtp25_quar *q;
	u32 i;
	int err;

	lockdep_assert_held(&sn->lock);
	for (; c->bucket < HASH_SIZE(sn->quar); c->bucket++, c->skip = 0) {
		i = 0;
		hlist_for_each_entry(q, &sn->quar[c->bucket], node) {
			if ((!q->active && !history) || i++ < c->skip)
				continue;
			smtp25_quar_fill(q, &info);
			if (!q->active) {
				/* not leaving: no expiry, but a release */
				info.expires = 0;
				info.released = q->released_at;
			}
			err = fn(arg, &info);
			if (err)
				return err;
			c->skip++;
		}
	}
	return 0;
}

/* --- from the packet path ----------------------------------------------- */

/* Softirq or process context, a bucket lock held: no sleeping. */
int smtp25_quar_request(struct smtp25_net *sn, int family, const u8 *addr,
			u8 plen, u32 pool_id, u8 reason)
{
	struct smtp25_quar_req *req = kmalloc(sizeof(*req), GFP_ATOMIC);

	if (!req)
		return -ENOMEM;
	atomic_long_add(sizeof(*req), &smtp25_quar_bytes);
	req->family = family;
	memcpy(req->addr, addr, sizeof(req->addr));
	req->plen = plen;
	req->pool_id = pool_id;
	req->reason = reason;
	llist_add(&req->node, &sn->quar_requests);
	queue_work(system_power_efficient_wq, &sn->quar_work);
	return 0;
}

static void smtp25_quar_req_free(struct smtp25_quar_req *req)
{
	kfree(req);
	atomic_long_sub(sizeof(*req), &smtp25_quar_bytes);
}

static void smtp25_quar_serve(struct smtp25_net *sn,
			      const struct smtp25_quar_req *req)
{
	struct smtp25_pool *pool = idr_find(&sn->pools, req->pool_id);
	struct smtp25_quar *q;
	int err;

	lockdep_assert_held(&sn->lock);
	err = smtp25_quar_enter(sn, req->family, req->addr, req->plen,
				req->reason, pool ? pool->name : NULL,
				pool ? pool->quar_expires : 3600, 0, NULL);
	if (!err) {
		if (pool)
			pool->quarantines++;
		return;
	}
	q = smtp25_quar_find(sn, req->family, req->addr, req->plen);
	if (err != -EEXIST || !q)
		pr_warn_ratelimited("cannot quarantine %*phN/%u: error %d\n",
				    smtp25_quar_bytes_of(req->family),
				    req->addr, req->plen, err);
	/* Not quarantined: the host starts a new window. */
	smtp25_host_mark(sn, req->family, req->addr, req->plen,
			 q && q->active, q ? q->offences : 0);
}

static void smtp25_quar_work(struct work_struct *work)
{
	struct smtp25_net *sn = container_of(work, struct smtp25_net,
					     quar_work);
	struct smtp25_quar_req *req, *tmp;
	struct llist_node *list;

	list = llist_reverse_order(llist_del_all(&sn->quar_requests));
	llist_for_each_entry_safe(req, tmp, list, node) {
		mutex_lock(&sn->lock);
		smtp25_quar_serve(sn, req);
		mutex_unlock(&sn->lock);
		smtp25_quar_req_free(req);
	}
}

/* --- housekeeping ------------------------------------------------------- */

void smtp25_housekeeping_kick(struct smtp25_net *sn)
{
	queue_delayed_work(system_power_efficient_wq, &sn->housekeeping, HZ);
}

/* Releases due hosts, forgets old records; true if records remain. */
static bool smtp25_quar_expire(struct smtp25_net *sn)
{
	unsigned long now = jiffies;
	unsigned long memory = READ_ONCE(smtp25_quarantine_memory);
	struct smtp25_quar *q;
	struct hlist_node *tmp;
	bool any = false;
	int bkt;

	lockdep_assert_held(&sn->lock);
	memory = min_t(unsigned long, memory, MAX_JIFFY_OFFSET / HZ);
	hash_for_each_safe(sn->quar, bkt, tmp, q, node) {
		if (q->active && q->expiring && time_after_eq(now, q->expires))
			smtp25_quar_leave(sn, q, SMTP25_QUAR_EXPIRED);
		if (!q->active && time_after_eq(now, q->released + memory * HZ))
			smtp25_quar_free(q);
		else
			any = true;
	}
	return any;
}

static void smtp25_housekeeping(struct work_struct *work)
{
	struct smtp25_net *sn = container_of(to_delayed_work(work),
					     struct smtp25_net, housekeeping);
	unsigned int every;
	bool more;

	mutex_lock(&sn->lock);
	more = smtp25_quar_expire(sn);
	if (time_after_eq(jiffies, sn->host_gc_next)) {
		every = clamp_t(unsigned int, READ_ONCE(smtp25_host_timeout),
				1, S25_HOST_GC_EVERY);
		sn->host_gc_next = jiffies + every * HZ;
		smtp25_hosts_gc(sn);
	}
	if (smtp25_hosts_count(sn))
		more = true;
	mutex_unlock(&sn->lock);
	if (more)
		smtp25_housekeeping_kick(sn);
}

void smtp25_quar_net_init(struct smtp25_net *sn, struct net *net)
{
	sn->net = net;
	hash_init(sn->quar);
	sn->nr_quarantined = 0;
	init_llist_head(&sn->quar_requests);
	INIT_WORK(&sn->quar_work, smtp25_quar_work);
	INIT_DELAYED_WORK(&sn->housekeeping, smtp25_housekeeping);
	sn->host_gc_next = jiffies;
}

/* No packets and no requests reach a namespace this far in its exit. */
void smtp25_quar_net_exit(struct smtp25_net *sn)
{
	struct smtp25_quar_req *req, *rtmp;
	struct smtp25_quar *q;
	struct hlist_node *tmp;
	int bkt;

	cancel_work_sync(&sn->quar_work);
	cancel_delayed_work_sync(&sn->housekeeping);
	llist_for_each_entry_safe(req, rtmp,
				  llist_del_all(&sn->quar_requests), node)
		smtp25_quar_req_free(req);
	mutex_lock(&sn->lock);
	hash_for_each_safe(sn->quar, bkt, tmp, q, node)
		smtp25_quar_free(q);
	sn->nr_quarantined = 0;
	mutex_unlock(&sn->lock);
}
