// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: the per-host accounting table of a network namespace.
 *
 *   sn->hosts --> struct smtp25_hosts
 *                 +-----------------------------------------+
 *                 | buckets[0]: lock, head --> host --> host |
 *                 | buckets[1]: lock, head --> host          |
 *                 | ...        (a power of two, fixed)       |
 *                 +-----------------------------------------+
 *
 * Rules of the game:
 * - The table is created by the first rule that needs it (in process
 *   context, under sn->lock) and freed with the namespace; sn->hosts never
 *   changes in between, so the packet path reads it with rcu_dereference().
 * - Each bucket has its own spinlock, taken with BH disabled: rules run in
 *   softirq (forward, input) and in process context (output through
 *   nf_tables). Everything in an entry is read and written under its
 *   bucket's lock; there is no lock for the whole table on the packet path.
 * - At most max_hosts entries (read on every insert, so it can change at
 *   run time). A new host in a full table replaces the least recently seen
 *   entry of its bucket, or of one of the next few buckets whose lock is
 *   free; entries in or about to enter quarantine are never replaced. If
 *   no entry can go, the attempt is counted as dropped, not recorded.
 * - Entries leave the table after a grace period (call_rcu), so that the
 *   module's exit can wait for them with rcu_barrier().
 * - A host is a prefix: an IPv4 /32, or an IPv6 source masked to its
 *   pool's account_plen6 (a /64 in a dynamic pool by default, the address
 *   in a relay pool). The key is the masked address
 *   and the length; plens6 notes every IPv6 length an entry ever had, so
 *   that the control path (and a source found in the quarantine pool) can
 *   find the entry covering an address by trying those lengths only.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/timekeeping.h>
#include <uapi/linux/netfilter/xt_smtp25.h>

#include "smtp25_host.h"
#include "smtp25_pool.h"
#include "smtp25_quar.h"
#include "smtp25_rate.h"

#define S25_DEST_BITS		128	/* bitmap per host for destinations */
#define S25_EVICT_SCAN		8	/* extra buckets searched for a victim */

enum {
	S25_HOST_QUARANTINED	= BIT(0),
	S25_HOST_PENDING	= BIT(1),	/* quarantine requested */
};

struct smtp25_host {
	struct hlist_node node;		/* in its bucket */
	struct rcu_head rcu;
	u8 family;
	u8 flags;			/* S25_HOST_* */
	u8 type;
	u8 plen;			/* addr is the host's prefix */
	u8 addr[16];
	u32 pool_id;
	u32 window;			/* seconds, as when last counted */
	u32 window_blocked;
	u32 offences;
	u64 blocked;
	u64 allowed;
	u64 over_limit;
	unsigned long first_seen;	/* jiffies */
	unsigned long last_seen;
	unsigned long window_start;
	struct smtp25_bucket bucket;	/* the per-host rate limit */
	DECLARE_BITMAP(dests, S25_DEST_BITS);
	DECLARE_BITMAP(window_dests, S25_DEST_BITS);
};

struct smtp25_host_bucket {
	struct hlist_head head;
	spinlock_t lock;		/* the bucket's entries and list */
};

struct smtp25_hosts {
	struct rcu_head rcu;
	u32 mask;			/* number of buckets - 1 */
	u32 seed;
	atomic_t count;
	atomic64_t evicted;
	atomic64_t dropped;
	DECLARE_BITMAP(plens6, 129);	/* IPv6 lengths entries have had */
	struct smtp25_host_bucket buckets[];
};

static struct kmem_cache *smtp25_host_cache __read_mostly;
static atomic_long_t smtp25_host_bytes = ATOMIC_LONG_INIT(0);

int __init smtp25_host_cache_init(void)
{
	smtp25_host_cache = KMEM_CACHE(smtp25_host, 0);
	return smtp25_host_cache ? 0 : -ENOMEM;
}

void smtp25_host_cache_exit(void)
{
	kmem_cache_destroy(smtp25_host_cache);
}

/* Bytes held by every namespace's table: zero once all are gone. */
long smtp25_host_allocated(void)
{
	return atomic_long_read(&smtp25_host_bytes);
}

static size_t smtp25_hosts_size(u32 buckets)
{
	return struct_size_t(struct smtp25_hosts, buckets, buckets);
}

static struct smtp25_hosts *smtp25_hosts_deref(struct smtp25_net *sn)
{
	return rcu_dereference_check(sn->hosts, lockdep_is_held(&sn->lock));
}

/* Creates the table for the first rule that needs it. */
int smtp25_hosts_ensure(struct smtp25_net *sn)
{
	struct smtp25_hosts *h;
	u32 n, i;

	lockdep_assert_held(&sn->lock);
	if (rcu_access_pointer(sn->hosts))
		return 0;
	/* Two entries per bucket when full; at least 64 buckets. */
	n = roundup_pow_of_two(clamp_t(u32, READ_ONCE(smtp25_max_hosts) / 2,
				       64, 1U << 24));
	h = kvzalloc(smtp25_hosts_size(n), GFP_KERNEL_ACCOUNT);
	if (!h)
		return -ENOMEM;
	h->mask = n - 1;
	h->seed = get_random_u32();
	for (i = 0; i < n; i++) {
		INIT_HLIST_HEAD(&h->buckets[i].head);
		spin_lock_init(&h->buckets[i].lock);
	}
	atomic_long_add(smtp25_hosts_size(n), &smtp25_host_bytes);
	rcu_assign_pointer(sn->hosts, h);
	return 0;
}

static void smtp25_host_free_rcu(struct rcu_head *head)
{
	struct smtp25_host *e = container_of(head, struct smtp25_host, rcu);

	kmem_cache_free(smtp25_host_cache, e);
	atomic_long_sub(sizeof(*e), &smtp25_host_bytes);
}

static void smtp25_hosts_free_rcu(struct rcu_head *head)
{
	struct smtp25_hosts *h = container_of(head, struct smtp25_hosts, rcu);

	atomic_long_sub(smtp25_hosts_size(h->mask + 1), &smtp25_host_bytes);
	kvfree(h);
}

/* Bucket lock held: unlinks @e and frees it after a grace period. */
static void smtp25_host_unlink(struct smtp25_hosts *h, struct smtp25_host *e)
{
	hlist_del_rcu(&e->node);
	atomic_dec(&h->count);
	call_rcu(&e->rcu, smtp25_host_free_rcu);
}

/*
 * At namespace exit, sn->lock held: no rule and no request can reach the
 * table any more.
 */
void smtp25_hosts_destroy(struct smtp25_net *sn)
{
	struct smtp25_hosts *h;
	struct smtp25_host *e;
	struct hlist_node *tmp;
	u32 i;

	h = rcu_replace_pointer(sn->hosts, NULL, lockdep_is_held(&sn->lock));
	if (!h)
		return;
	for (i = 0; i <= h->mask; i++) {
		spin_lock_bh(&h->buckets[i].lock);
		hlist_for_each_entry_safe(e, tmp, &h->buckets[i].head, node)
			smtp25_host_unlink(h, e);
		spin_unlock_bh(&h->buckets[i].lock);
	}
	call_rcu(&h->rcu, smtp25_hosts_free_rcu);
}

static unsigned int smtp25_addr_words(int family)
{
	return family == AF_INET ? 1 : 4;
}

static u32 smtp25_addr_hash(const u8 *addr, int family, u32 seed)
{
	u32 w[4];

	memcpy(w, addr, smtp25_addr_words(family) * 4);
	return jhash2(w, smtp25_addr_words(family), seed ^ family);
}

/* @key: @addr with the bits past @plen cleared (16 bytes, zero padded). */
void smtp25_prefix_key(u8 *key, const u8 *addr, int family, u8 plen)
{
	unsigned int n = smtp25_addr_words(family) * 4;

	memset(key, 0, 16);
	memcpy(key, addr, n);
	if (plen >= n * 8)
		return;
	key[plen / 8] &= (u8)(0xff00 >> (plen % 8));
	memset(key + plen / 8 + 1, 0, n - plen / 8 - 1);
}

static struct smtp25_host_bucket *smtp25_bucket_of(struct smtp25_hosts *h,
						   int family, const u8 *key,
						   u8 plen)
{
	return &h->buckets[smtp25_addr_hash(key, family, h->seed ^ plen << 8) &
			   h->mask];
}

/* Bucket lock held: the entry of the host @key/@plen. */
static struct smtp25_host *smtp25_bucket_find(struct smtp25_host_bucket *b,
					      int family, const u8 *key,
					      u8 plen)
{
	struct smtp25_host *e;

	hlist_for_each_entry(e, &b->head, node)
		if (e->family == family && e->plen == plen &&
		    !memcmp(e->addr, key, smtp25_addr_words(family) * 4))
			return e;
	return NULL;
}

/*
 * The length of the host whose prefix covers @addr (the longest if several
 * do), 0 if there is none. Its entry may go before the caller takes its
 * bucket's lock again: the caller finds none then.
 */
static u8 smtp25_host_cover(struct smtp25_hosts *h, int family,
			    const u8 *addr)
{
	unsigned int plen = family == AF_INET ? 32 : 128;
	struct smtp25_host_bucket *b;
	bool found;
	u8 key[16];

	for (;;) {
		if (family == AF_INET || test_bit(plen, h->plens6)) {
			smtp25_prefix_key(key, addr, family, plen);
			b = smtp25_bucket_of(h, family, key, plen);
			spin_lock_bh(&b->lock);
			found = smtp25_bucket_find(b, family, key, plen);
			spin_unlock_bh(&b->lock);
			if (found)
				return plen;
		}
		if (family == AF_INET || plen <= SMTP25_ACCOUNT_PLEN6_MIN)
			return 0;
		plen--;
	}
}

/* Bucket lock held: the entry of @b that may go first, or NULL. */
static struct smtp25_host *smtp25_bucket_victim(struct smtp25_host_bucket *b)
{
	struct smtp25_host *e, *victim = NULL;

	hlist_for_each_entry(e, &b->head, node) {
		if (e->flags & (S25_HOST_QUARANTINED | S25_HOST_PENDING))
			continue;
		if (!victim || time_before(e->last_seen, victim->last_seen))
			victim = e;
	}
	return victim;
}

/*
 * @b's lock held, the table full: frees one entry, from @b or from one of
 * the next buckets whose lock can be had without waiting (waiting could
 * deadlock against a CPU doing the same from there).
 */
static bool smtp25_evict(struct smtp25_hosts *h, struct smtp25_host_bucket *b)
{
	struct smtp25_host_bucket *o;
	struct smtp25_host *victim;
	u32 i, first = b - h->buckets;

	victim = smtp25_bucket_victim(b);
	if (victim) {
		smtp25_host_unlink(h, victim);
		return true;
	}
	for (i = 1; i <= S25_EVICT_SCAN && i <= h->mask; i++) {
		o = &h->buckets[(first + i) & h->mask];
		if (!spin_trylock(&o->lock))
			continue;
		victim = smtp25_bucket_victim(o);
		if (victim)
			smtp25_host_unlink(h, victim);
		spin_unlock(&o->lock);
		if (victim)
			return true;
	}
	return false;
}

/* Bucket lock held: the entry of the attempt's source, made if need be. */
static struct smtp25_host *smtp25_host_lookup_or_add(struct smtp25_net *sn,
						     struct smtp25_hosts *h,
						     struct smtp25_host_bucket *b,
						     const struct smtp25_attempt *a,
						     const u8 *key, u8 plen,
						     unsigned long now)
{
	struct smtp25_host *e = smtp25_bucket_find(b, a->family, key, plen);

	if (e)
		return e;
	/*
	 * Full: the new entry takes the slot of an evicted one. The count is
	 * raised before the eviction lowers it again, so that no other CPU
	 * sees a free slot in between and the bound holds.
	 */
	if (atomic_inc_return(&h->count) > READ_ONCE(smtp25_max_hosts)) {
		if (!smtp25_evict(h, b)) {
			atomic_dec(&h->count);
			atomic64_inc(&h->dropped);
			return NULL;
		}
		atomic64_inc(&h->evicted);
	}
	e = kmem_cache_zalloc(smtp25_host_cache, GFP_ATOMIC);
	if (!e) {
		atomic_dec(&h->count);
		atomic64_inc(&h->dropped);
		return NULL;
	}
	atomic_long_add(sizeof(*e), &smtp25_host_bytes);
	e->family = a->family;
	e->plen = plen;
	memcpy(e->addr, key, smtp25_addr_words(a->family) * 4);
	if (a->family == AF_INET6 && !test_bit(plen, h->plens6))
		set_bit(plen, h->plens6);
	e->first_seen = now;
	e->window_start = now;
	/* Quarantined before it was seen: it must not be evicted either. */
	if (a->type == SMTP25_POOL_QUARANTINE)
		e->flags |= S25_HOST_QUARANTINED;
	smtp25_bucket_init(&e->bucket, now);
	hlist_add_head_rcu(&e->node, &b->head);
	smtp25_housekeeping_kick(sn);
	return e;
}

/*
 * Linear counting: floor(128 * ln(128 / zeros)), saturated at 0 zeros.
 * Rounding down reads a few destinations that did not collide exactly
 * (12 set bits read 12, not 12.6); two that did collide read as one.
 */
static const u16 smtp25_dests_by_zeros[S25_DEST_BITS + 1] = {
	621, 621, 532, 480, 443, 415, 391, 371, 354, 339, 326, 314,
	302, 292, 283, 274, 266, 258, 251, 244, 237, 231, 225, 219,
	214, 209, 204, 199, 194, 190, 185, 181, 177, 173, 169, 165,
	162, 158, 155, 152, 148, 145, 142, 139, 136, 133, 130, 128,
	125, 122, 120, 117, 115, 112, 110, 108, 105, 103, 101, 99,
	96, 94, 92, 90, 88, 86, 84, 82, 80, 79, 77, 75,
	73, 71, 70, 68, 66, 65, 63, 61, 60, 58, 56, 55,
	53, 52, 50, 49, 47, 46, 45, 43, 42, 40, 39, 38,
	36, 35, 34, 32, 31, 30, 29, 27, 26, 25, 24, 22,
	21, 20, 19, 18, 17, 15, 14, 13, 12, 11, 10, 9,
	8, 7, 6, 5, 4, 3, 2, 1, 0,
};

/*
 * The number of distinct destinations whose hashes set @bits: within a few
 * percent up to a few hundred; n destinations share a bit with probability
 * about n^2 / 256, so a small count may read one low.
 */
u32 smtp25_dests_estimate(const unsigned long *bits)
{
	return smtp25_dests_by_zeros[S25_DEST_BITS -
				     bitmap_weight(bits, S25_DEST_BITS)];
}

/*
 * --over-limit: true if the host or its pool is out of credit; if neither
 * is, the attempt takes one event from both. Bucket lock held.
 */
static bool smtp25_host_over(struct smtp25_host *e,
			     const struct smtp25_attempt *a, unsigned long now)
{
	struct smtp25_pool *pool = a->pool;
	struct smtp25_rate host, all;
	bool over = false;

	if (!pool)
		return false;
	host = smtp25_rate_unpack(READ_ONCE(pool->limit_host));
	all = smtp25_rate_unpack(READ_ONCE(pool->limit_pool));
	if (host.count && !smtp25_bucket_refill(&e->bucket, host, now))
		return true;
	if (all.count) {
		spin_lock(&pool->bucket_lock);
		over = !smtp25_bucket_refill(&pool->bucket, all, now);
		if (!over)
			smtp25_bucket_take(&pool->bucket, all);
		spin_unlock(&pool->bucket_lock);
	}
	if (!over && host.count)
		smtp25_bucket_take(&e->bucket, host);
	return over;
}

/* --record: counts the attempt, checks the quarantine thresholds. */
static void smtp25_host_count(struct smtp25_net *sn, struct smtp25_host *e,
			      const struct smtp25_attempt *a, bool blocked,
			      u32 seed, unsigned long now)
{
	struct smtp25_pool *pool = a->pool;
	u32 after = 0, dests = 0, window = 60, bit;
	u8 reason;

	if (pool) {
		after = READ_ONCE(pool->quar_after);
		dests = READ_ONCE(pool->quar_dests);
		window = READ_ONCE(pool->quar_window);
	}
	e->window = window;
	if (time_after_eq(now, e->window_start + window * HZ)) {
		e->window_start = now;
		e->window_blocked = 0;
		bitmap_zero(e->window_dests, S25_DEST_BITS);
	}
	bit = smtp25_addr_hash(a->daddr, a->family, seed) % S25_DEST_BITS;
	__set_bit(bit, e->dests);
	__set_bit(bit, e->window_dests);
	if (!blocked) {
		e->allowed++;
		return;
	}
	e->blocked++;
	e->window_blocked++;
	if (e->flags & (S25_HOST_QUARANTINED | S25_HOST_PENDING) || !pool)
		return;
	if (after && e->window_blocked >= after)
		reason = SMTP25_QUAR_BLOCKED;
	else if (dests && smtp25_dests_estimate(e->window_dests) >= dests)
		reason = SMTP25_QUAR_DESTS;
	else
		return;
	if (!smtp25_quar_request(sn, a->family, e->addr, e->plen, pool->id,
				 reason))
		e->flags |= S25_HOST_PENDING;
}

/*
 * The host part of a rule, after its pool and type tests held: first
 * --over-limit (if @limit; negated if @invert), then, if the rule still
 * holds, --record (@record). Returns whether the rule holds.
 */
bool smtp25_host_hit(struct smtp25_net *sn, const struct smtp25_attempt *a,
		     bool limit, bool invert, u8 record)
{
	struct smtp25_hosts *h = rcu_dereference(sn->hosts);
	struct smtp25_pool_stats *st;
	struct smtp25_host_bucket *b;
	unsigned long now = jiffies;
	struct smtp25_host *e;
	bool holds = true, over;
	u8 key[16], plen = 0;

	/* Rules with these options made the table; only a race with its
	 * creation in another rule's check can get here without one.
	 */
	if (unlikely(!h))
		return !limit || invert;
	/*
	 * A quarantined host is counted in the entry it was quarantined
	 * with, which its pool's length (maybe not the quarantine pool's)
	 * made.
	 */
	if (a->type == SMTP25_POOL_QUARANTINE)
		plen = smtp25_host_cover(h, a->family, a->saddr);
	if (!plen)
		plen = smtp25_account_plen(a->pool, a->family);
	smtp25_prefix_key(key, a->saddr, a->family, plen);
	b = smtp25_bucket_of(h, a->family, key, plen);
	spin_lock_bh(&b->lock);
	e = smtp25_host_lookup_or_add(sn, h, b, a, key, plen, now);
	if (!e) {
		spin_unlock_bh(&b->lock);
		return !limit || invert;
	}
	e->last_seen = now;
	e->type = a->type;
	e->pool_id = a->pool ? a->pool->id : 0;
	st = a->pool ? this_cpu_ptr(a->pool->stats) : NULL;
	if (limit) {
		over = smtp25_host_over(e, a, now);
		if (over) {
			e->over_limit++;
			if (st)
				st->over_limit++;
		}
		holds = over != invert;
	}
	if (holds && record != XT_SMTP25_RECORD_NONE) {
		smtp25_host_count(sn, e, a, record == XT_SMTP25_RECORD_BLOCKED,
				  h->seed, now);
		if (st && record == XT_SMTP25_RECORD_BLOCKED)
			st->blocked++;
		else if (st)
			st->allowed++;
	}
	spin_unlock_bh(&b->lock);
	return holds;
}

static time64_t smtp25_jiffies_to_real(unsigned long t, time64_t now_real,
				       unsigned long now)
{
	return now_real - (time64_t)((now - t) / HZ);
}

/* Bucket lock held. */
static void smtp25_host_copy(const struct smtp25_host *e,
			     struct smtp25_host_info *info, time64_t now_real,
			     unsigned long now)
{
	memset(info, 0, sizeof(*info));
	info->family = e->family;
	info->plen = e->plen;
	memcpy(info->addr, e->addr, sizeof(info->addr));
	info->pool_id = e->pool_id;
	info->type = e->type;
	info->quarantined = e->flags & S25_HOST_QUARANTINED;
	info->blocked = e->blocked;
	info->allowed = e->allowed;
	info->over_limit = e->over_limit;
	info->dests = smtp25_dests_estimate(e->dests);
	/* A window that has passed holds nothing any more. */
	if (time_before(now, e->window_start + e->window * HZ)) {
		info->window_blocked = e->window_blocked;
		info->window_dests = smtp25_dests_estimate(e->window_dests);
	}
	info->offences = e->offences;
	info->first_seen = smtp25_jiffies_to_real(e->first_seen, now_real, now);
	info->last_seen = smtp25_jiffies_to_real(e->last_seen, now_real, now);
}

bool smtp25_host_get(struct smtp25_net *sn, int family, const u8 *addr,
		     struct smtp25_host_info *info)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	struct smtp25_host_bucket *b;
	struct smtp25_host *e;
	u8 key[16], plen;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return false;
	plen = smtp25_host_cover(h, family, addr);
	if (!plen)
		return false;
	smtp25_prefix_key(key, addr, family, plen);
	b = smtp25_bucket_of(h, family, key, plen);
	spin_lock_bh(&b->lock);
	e = smtp25_bucket_find(b, family, key, plen);
	if (e)
		smtp25_host_copy(e, info, ktime_get_real_seconds(), jiffies);
	spin_unlock_bh(&b->lock);
	return e;
}

#define S25_WALK_BATCH	16

/*
 * Calls @fn for every entry from @c on, copying a bucket's entries under
 * its lock and calling @fn without it. Stops, with @c on the entry, when
 * @fn fails. Entries added or removed meanwhile may be missed or seen
 * twice, as in any dump of changing data.
 */
int smtp25_hosts_walk(struct smtp25_net *sn, struct smtp25_host_cursor *c,
		      smtp25_host_fn fn, void *arg)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	time64_t now_real = ktime_get_real_seconds();
	struct smtp25_host_info *batch;
	struct smtp25_host_bucket *b;
	unsigned long now = jiffies;
	struct smtp25_host *e;
	u32 n, i;
	int err = 0;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return 0;
	batch = kmalloc_array(S25_WALK_BATCH, sizeof(*batch), GFP_KERNEL);
	if (!batch)
		return -ENOMEM;
	while (c->bucket <= h->mask) {
		b = &h->buckets[c->bucket];
		n = 0;
		i = 0;
		spin_lock_bh(&b->lock);
		hlist_for_each_entry(e, &b->head, node) {
			if (i++ < c->skip)
				continue;
			if (n == S25_WALK_BATCH)
				break;
			smtp25_host_copy(e, &batch[n++], now_real, now);
		}
		spin_unlock_bh(&b->lock);
		for (i = 0; i < n; i++) {
			err = fn(arg, &batch[i]);
			if (err)
				goto out;
			c->skip++;
		}
		if (n < S25_WALK_BATCH) {
			c->bucket++;
			c->skip = 0;
		}
		cond_resched();
	}
out:
	kfree(batch);
	return err;
}

/*
 * Forgets the host covering @addr; one in quarantine stays (it must never
 * be evicted).
 */
int smtp25_host_forget(struct smtp25_net *sn, int family, const u8 *addr)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	struct smtp25_host_bucket *b;
	struct smtp25_host *e;
	int err = -ENOENT;
	u8 key[16], plen;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return err;
	plen = smtp25_host_cover(h, family, addr);
	if (!plen)
		return err;
	smtp25_prefix_key(key, addr, family, plen);
	b = smtp25_bucket_of(h, family, key, plen);
	spin_lock_bh(&b->lock);
	e = smtp25_bucket_find(b, family, key, plen);
	if (e && e->flags & (S25_HOST_QUARANTINED | S25_HOST_PENDING)) {
		err = -EBUSY;
	} else if (e) {
		smtp25_host_unlink(h, e);
		err = 0;
	}
	spin_unlock_bh(&b->lock);
	return err;
}

/*
 * Drops the entries that @drop selects, a bucket at a time. Entries in or
 * entering quarantine always stay.
 */
static void smtp25_hosts_sweep(struct smtp25_net *sn,
			       bool (*drop)(const struct smtp25_host *e,
					    unsigned long limit),
			       unsigned long limit)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	struct smtp25_host_bucket *b;
	struct hlist_node *tmp;
	struct smtp25_host *e;
	u32 i;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return;
	for (i = 0; i <= h->mask; i++) {
		b = &h->buckets[i];
		if (hlist_empty(&b->head))
			continue;
		spin_lock_bh(&b->lock);
		hlist_for_each_entry_safe(e, tmp, &b->head, node)
			if (!(e->flags &
			      (S25_HOST_QUARANTINED | S25_HOST_PENDING)) &&
			    drop(e, limit))
				smtp25_host_unlink(h, e);
		spin_unlock_bh(&b->lock);
		if (!(i & 1023))
			cond_resched();
	}
}

static bool smtp25_host_any(const struct smtp25_host *e, unsigned long limit)
{
	return true;
}

static bool smtp25_host_idle(const struct smtp25_host *e, unsigned long limit)
{
	return time_before(e->last_seen, limit);
}

void smtp25_hosts_flush(struct smtp25_net *sn)
{
	smtp25_hosts_sweep(sn, smtp25_host_any, 0);
}

/* Drops entries idle for host_timeout seconds. */
void smtp25_hosts_gc(struct smtp25_net *sn)
{
	smtp25_hosts_sweep(sn, smtp25_host_idle,
			   jiffies - READ_ONCE(smtp25_host_timeout) * HZ);
}

u32 smtp25_hosts_count(struct smtp25_net *sn)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);

	return h ? atomic_read(&h->count) : 0;
}

/* Records the quarantine state of host @addr/@plen, if the table knows it. */
void smtp25_host_mark(struct smtp25_net *sn, int family, const u8 *addr,
		      u8 plen, bool quarantined, u32 offences)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	struct smtp25_host_bucket *b;
	struct smtp25_host *e;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return;
	b = smtp25_bucket_of(h, family, addr, plen);
	spin_lock_bh(&b->lock);
	e = smtp25_bucket_find(b, family, addr, plen);
	if (e) {
		e->flags &= ~(S25_HOST_QUARANTINED | S25_HOST_PENDING);
		if (quarantined)
			e->flags |= S25_HOST_QUARANTINED;
		e->offences = offences;
	}
	/* Out of quarantine, or not let in: a new window starts. */
	if (e && !quarantined) {
		e->window_start = jiffies;
		e->window_blocked = 0;
		bitmap_zero(e->window_dests, S25_DEST_BITS);
	}
	spin_unlock_bh(&b->lock);
}

/*
 * Sets the count of offences host @addr/@plen shows, if the table knows
 * it; nothing else changes (its quarantine state and window stay).
 */
void smtp25_host_set_offences(struct smtp25_net *sn, int family,
			      const u8 *addr, u8 plen, u32 offences)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);
	struct smtp25_host_bucket *b;
	struct smtp25_host *e;

	lockdep_assert_held(&sn->lock);
	if (!h)
		return;
	b = smtp25_bucket_of(h, family, addr, plen);
	spin_lock_bh(&b->lock);
	e = smtp25_bucket_find(b, family, addr, plen);
	if (e)
		e->offences = offences;
	spin_unlock_bh(&b->lock);
}

void smtp25_hosts_get_stats(struct smtp25_net *sn,
			    struct smtp25_hosts_stats *st)
{
	struct smtp25_hosts *h = smtp25_hosts_deref(sn);

	lockdep_assert_held(&sn->lock);
	memset(st, 0, sizeof(*st));
	st->max = READ_ONCE(smtp25_max_hosts);
	if (!h)
		return;
	st->count = atomic_read(&h->count);
	st->evicted = atomic64_read(&h->evicted);
	st->dropped = atomic64_read(&h->dropped);
	st->bytes = smtp25_hosts_size(h->mask + 1) +
		    (size_t)st->count * sizeof(struct smtp25_host);
}
