/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Longest-prefix-match tree for IPv4 and IPv6: the API.
 *
 * Readers (s25_lpm_lookup) run lock-free under RCU, also from softirq.
 * Every other function is a writer or a control-path reader: it must be
 * called with the mutex passed to s25_lpm_init() held; lockdep checks it.
 */
#ifndef _SMTP25_LPM_H
#define _SMTP25_LPM_H

#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>

/* Values are opaque to the tree; they must not exceed S25_LPM_VALUE_MAX. */
#define S25_LPM_VALUE_MAX	0x7fffffffU

/* Longest address the tree handles, in bytes (IPv6). */
#define S25_LPM_ADDR_MAX	16

struct s25_lpm_root;

struct s25_lpm {
	struct s25_lpm_root __rcu *root;	/* NULL while empty */
	struct mutex *lock;			/* serializes writers */
	u64 generation;				/* bumped by every change */
	size_t nr_prefixes;
	size_t mem_bytes;			/* allocated for this tree */
	u8 bits;				/* 32 or 128 */
	/*
	 * The root a commit replaced, freed by @retire after a grace period;
	 * written under @lock only while @retire is idle.
	 */
	struct rcu_work retire;
	struct s25_lpm_root *retired;
	size_t retired_bytes;
};

/* One prefix: address in network byte order, host bits zero. */
struct s25_lpm_prefix {
	u8 addr[S25_LPM_ADDR_MAX];
	u8 plen;
	u32 value;
};

/*
 * Walk position: the walk restarts at the first prefix that is not
 * smaller than (addr, plen), in the order of address, then prefix length.
 */
struct s25_lpm_cursor {
	u8 addr[S25_LPM_ADDR_MAX];
	u8 plen;
	bool started;
	bool done;
};

/* A whole new tree, filled by s25_lpm_builder_add(), published at commit. */
struct s25_lpm_builder;

void s25_lpm_init(struct s25_lpm *t, unsigned int bits, struct mutex *lock);
/*
 * Frees everything after a grace period, waited for here, with any root
 * a commit replaced; the tree is empty again.
 */
void s25_lpm_destroy(struct s25_lpm *t);
/* Waits until the roots that commits replaced so far are freed; may sleep. */
void s25_lpm_flush(struct s25_lpm *t);

/*
 * Errors: -EINVAL (prefix length or host bits), -ERANGE (value too big),
 * -EEXIST (insert of a prefix that is there), -ENOENT (no such prefix),
 * -ENOMEM (nothing was changed).
 */
int s25_lpm_insert(struct s25_lpm *t, const u8 *addr, u8 plen, u32 value);
int s25_lpm_delete(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *old);
int s25_lpm_get(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *value);
/* Like lookup, also tells which prefix matched; control path only. */
int s25_lpm_match(struct s25_lpm *t, const u8 *addr,
		  struct s25_lpm_prefix *match);

/* The packet path: caller holds rcu_read_lock() or rcu_read_lock_bh(). */
bool s25_lpm_lookup(const struct s25_lpm *t, const u8 *addr, u32 *value);

/*
 * For benchmarks and tests: the number of distinct cache lines that
 * s25_lpm_lookup() reads for this address. With @layout, 64-byte lines
 * counted from the start of each object the lookup reads, which is what
 * the layout promises whatever the allocator's alignment (debug builds
 * move objects off line boundaries). Same locking as lookup.
 */
unsigned int s25_lpm_lookup_lines(const struct s25_lpm *t, const u8 *addr,
				  bool layout);

/* Bytes held by every tree and builder together, for leak checks. */
long s25_lpm_allocated(void);

/*
 * Calls fn for each prefix from the cursor on, in order. fn returns 0 to
 * go on; any other value stops the walk, is returned, and leaves the
 * cursor on that prefix so that the next walk starts with it again.
 * When all is walked, cursor->done is set and 0 returned.
 */
typedef int (*s25_lpm_walk_fn)(void *arg, const struct s25_lpm_prefix *p);
int s25_lpm_walk(struct s25_lpm *t, struct s25_lpm_cursor *cursor,
		 s25_lpm_walk_fn fn, void *arg);

/*
 * Bulk build: nothing is visible until commit, which is all or nothing.
 * add checks the prefix at once (-EINVAL, -ERANGE as for insert); it reads
 * only the address's own bytes (4 for IPv4). Prefixes added in increasing
 * order of address, then length (the order of s25_lpm_walk()) cost the
 * commit neither a sort nor a search for duplicates.
 */
struct s25_lpm_builder *s25_lpm_builder_new(unsigned int bits, gfp_t gfp);
int s25_lpm_builder_add(struct s25_lpm_builder *b, const u8 *addr, u8 plen,
			u32 value);
size_t s25_lpm_builder_count(const struct s25_lpm_builder *b);
/*
 * Moves every prefix of @from into @b, with @value, as if added one by
 * one after @b's own; @from is left empty. Into an empty @b the entries
 * move without a copy; two sorted builders are merged in one pass. On
 * error (-EINVAL: other family or prepared, -ERANGE, -E2BIG, -ENOMEM)
 * both are unchanged.
 */
int s25_lpm_builder_splice(struct s25_lpm_builder *b,
			   struct s25_lpm_builder *from, u32 value);
/*
 * Adds every prefix of @t whose value v has (v & @mask) != @skip, in the
 * order of s25_lpm_walk() (so @b stays in order), without a callback per
 * prefix. Errors as for add; -EINVAL for a tree of the other family.
 */
int s25_lpm_builder_add_tree(struct s25_lpm_builder *b, struct s25_lpm *t,
			     u32 mask, u32 skip);
/* Entry i: in order of addition until prepared, sorted after. */
void s25_lpm_builder_get(const struct s25_lpm_builder *b, size_t i,
			 struct s25_lpm_prefix *p);
/*
 * Checks for duplicates (-EEXIST, with *bad_index set to the order of
 * addition of the second one when not NULL), builds the new tree and
 * publishes it in one step. The old content is freed by a work item after
 * a grace period; commit does not wait for it, but waits for the previous
 * commit's (so at most one old root per tree is pending). Readers may
 * still see the old values when it returns: a caller about to give one of
 * them a new meaning waits for a grace period first. On error the tree is
 * unchanged. The builder is left sorted; free it afterwards either way.
 */
int s25_lpm_builder_commit(struct s25_lpm *t, struct s25_lpm_builder *b,
			   size_t *bad_index);

/*
 * Commit in two steps, for publishing several trees together: prepare
 * does all the checking and allocating (on -EEXIST, *dup is the earlier
 * of the two equal prefixes and *dup_index the order of addition of the
 * later); publish cannot fail. A prepared builder that is not published
 * must be freed with the tree's lock held.
 */
int s25_lpm_builder_prepare(struct s25_lpm *t, struct s25_lpm_builder *b,
			    struct s25_lpm_prefix *dup, size_t *dup_index);
void s25_lpm_builder_publish(struct s25_lpm *t, struct s25_lpm_builder *b);
void s25_lpm_builder_free(struct s25_lpm_builder *b);

#endif /* _SMTP25_LPM_H */
