// SPDX-License-Identifier: GPL-2.0
/*
 * smtp25: pools, per network namespace. All functions here run with the
 * namespace's lock held.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "smtp25_pool.h"
#include "smtp25_quar.h"

bool smtp25_pool_name_valid(const char *name)
{
	size_t len = strlen(name), i;

	if (!len || len >= SMTP25_POOL_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum(name[i]) && !strchr("._-", name[i]))
			return false;
	return true;
}

struct smtp25_pool *smtp25_pool_find(struct smtp25_net *sn, const char *name)
{
	struct smtp25_pool *pool;
	int id;

	lockdep_assert_held(&sn->lock);
	idr_for_each_entry(&sn->pools, pool, id)
		if (!strcmp(pool->name, name))
			return pool;
	return NULL;
}

struct smtp25_pool *smtp25_pool_by_value(struct smtp25_net *sn, u32 value)
{
	lockdep_assert_held(&sn->lock);
	return idr_find(&sn->pools, smtp25_value_pool_id(value));
}

void smtp25_pool_counters(const struct smtp25_pool *pool,
			  struct smtp25_pool_stats *sum)
{
	const struct smtp25_pool_stats *st;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		st = per_cpu_ptr(pool->stats, cpu);
		sum->packets += READ_ONCE(st->packets);
		sum->blocked += READ_ONCE(st->blocked);
		sum->allowed += READ_ONCE(st->allowed);
		sum->over_limit += READ_ONCE(st->over_limit);
	}
}

/* The packet path may still read a removed pool until a grace period. */
static void smtp25_pool_free_rcu(struct rcu_head *head)
{
	struct smtp25_pool *pool = container_of(head, struct smtp25_pool, rcu);

	free_percpu(pool->stats);
	kfree(pool);
}

u64 smtp25_nr_prefixes(struct smtp25_net *sn)
{
	return sn->v4.nr_prefixes + sn->v6.nr_prefixes;
}

void smtp25_set_err_prefix(struct netlink_ext_ack *extack, int family,
			   const u8 *addr, u8 plen)
{
	struct smtp25_err_prefix ep = { .family = family, .plen = plen };

	if (!extack)
		return;
	BUILD_BUG_ON(sizeof(ep) > NETLINK_MAX_COOKIE_LEN);
	memcpy(ep.addr, addr, family == AF_INET ? 4 : 16);
	memcpy(extack->cookie, &ep, sizeof(ep));
	extack->cookie_len = sizeof(ep);
}

struct smtp25_pool *smtp25_pool_new(struct smtp25_net *sn, const char *name,
				    u8 type, const char *comment,
				    struct netlink_ext_ack *extack)
{
	struct smtp25_pool *pool;
	int id;

	lockdep_assert_held(&sn->lock);
	if (smtp25_pool_find(sn, name)) {
		NL_SET_ERR_MSG(extack, "a pool with this name exists already");
		return ERR_PTR(-EEXIST);
	}
	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return ERR_PTR(-ENOMEM);
	pool->stats = alloc_percpu(struct smtp25_pool_stats);
	if (!pool->stats) {
		kfree(pool);
		return ERR_PTR(-ENOMEM);
	}
	id = idr_alloc(&sn->pools, pool, 1, SMTP25_POOL_ID_MAX + 1, GFP_KERNEL);
	if (id < 0) {
		free_percpu(pool->stats);
		kfree(pool);
		NL_SET_ERR_MSG(extack, "no pool id left in this namespace");
		return ERR_PTR(id);
	}
	pool->id = id;
	pool->type = type;
	pool->quar_window = 60;
	pool->quar_expires = 3600;
	/* Residential lines get a /64 or more; relays are listed one by one. */
	pool->account_plen6 = type == SMTP25_POOL_DYNAMIC ?
			      SMTP25_ACCOUNT_PLEN6_DEFAULT :
			      SMTP25_ACCOUNT_PLEN6_LISTED;
	spin_lock_init(&pool->bucket_lock);
	smtp25_bucket_init(&pool->bucket, jiffies);
	strscpy(pool->name, name, sizeof(pool->name));
	if (comment)
		strscpy(pool->comment, comment, sizeof(pool->comment));
	sn->nr_pools++;
	sn->generation++;
	return pool;
}

/*
 * A builder with every prefix of the tree except @pool's, then @staged's
 * with @pool's value: they move over, @staged is left empty. *kept counts
 * the first part.
 */
static struct s25_lpm_builder *smtp25_merge(struct s25_lpm *t,
					    struct smtp25_pool *pool,
					    struct s25_lpm_builder *staged,
					    size_t *kept)
{
	struct s25_lpm_builder *b;
	int err;

	b = s25_lpm_builder_new(t->bits, GFP_KERNEL);
	if (!b)
		return ERR_PTR(-ENOMEM);
	/* a value is the pool's id above its type: leave out this pool's */
	err = s25_lpm_builder_add_tree(b, t, ~3U, smtp25_pool_value(pool) & ~3U);
	*kept = s25_lpm_builder_count(b);
	if (!err && staged)
		err = s25_lpm_builder_splice(b, staged, smtp25_pool_value(pool));
	if (err) {
		s25_lpm_builder_free(b);
		return ERR_PTR(err);
	}
	return b;
}

/*
 * Makes @staged (per family, NULL for none) the whole content of @pool,
 * in both trees in one step: everything is built first, then published.
 * The staged prefixes move out of @staged, which is left empty.
 */
int smtp25_pool_set_prefixes(struct smtp25_net *sn, struct smtp25_pool *pool,
			     struct s25_lpm_builder *staged[2],
			     struct netlink_ext_ack *extack)
{
	static const int families[2] = { AF_INET, AF_INET6 };
	struct s25_lpm_builder *nb[2] = { NULL, NULL };
	struct s25_lpm_prefix dup;
	size_t kept[2], total = 0, dup_index;
	int f, err = 0;

	lockdep_assert_held(&sn->lock);
	for (f = 0; f < 2; f++) {
		nb[f] = smtp25_merge(smtp25_tree(sn, families[f]), pool,
				     staged[f], &kept[f]);
		if (IS_ERR(nb[f])) {
			err = PTR_ERR(nb[f]);
			nb[f] = NULL;
			goto out;
		}
		total += s25_lpm_builder_count(nb[f]);
	}
	if (total > smtp25_max_prefixes) {
		NL_SET_ERR_MSG(extack,
			       "this would exceed the namespace's prefix limit (module parameter max_prefixes)");
		err = -ENOSPC;
		goto out;
	}
	for (f = 0; f < 2; f++) {
		err = s25_lpm_builder_prepare(smtp25_tree(sn, families[f]),
					      nb[f], &dup, &dup_index);
		if (err == -EEXIST) {
			smtp25_set_err_prefix(extack, families[f], dup.addr,
					      dup.plen);
			if (smtp25_value_pool_id(dup.value) != pool->id)
				NL_SET_ERR_MSG(extack,
					       "a prefix is already in another pool");
			else
				NL_SET_ERR_MSG(extack, "a prefix is given twice");
		}
		if (err)
			goto out;
	}
	for (f = 0; f < 2; f++) {
		s25_lpm_builder_publish(smtp25_tree(sn, families[f]), nb[f]);
		pool->nr[f] = s25_lpm_builder_count(nb[f]) - kept[f];
	}
	sn->generation++;
out:
	for (f = 0; f < 2; f++)
		s25_lpm_builder_free(nb[f]);
	return err;
}

int smtp25_pool_del(struct smtp25_net *sn, struct smtp25_pool *pool,
		    struct netlink_ext_ack *extack)
{
	struct s25_lpm_builder *none[2] = { NULL, NULL };
	int err;

	lockdep_assert_held(&sn->lock);
	if (pool->nr[0] || pool->nr[1]) {
		err = smtp25_pool_set_prefixes(sn, pool, none, extack);
		if (err)
			return err;
		smtp25_quar_sync(sn, pool);
	}
	/*
	 * The trees no longer hold the id, but a reader may still be in an
	 * old one (commits free them later): once the id is free, the next
	 * pool can get it, and such a reader must not find that pool.
	 */
	synchronize_rcu();
	idr_remove(&sn->pools, pool->id);
	sn->nr_pools--;
	sn->generation++;
	call_rcu(&pool->rcu, smtp25_pool_free_rcu);
	return 0;
}

/* At namespace exit, after the trees are gone. */
void smtp25_pools_flush(struct smtp25_net *sn)
{
	struct smtp25_pool *pool;
	int id;

	idr_for_each_entry(&sn->pools, pool, id) {
		idr_remove(&sn->pools, id);
		call_rcu(&pool->rcu, smtp25_pool_free_rcu);
	}
	sn->nr_pools = 0;
}
