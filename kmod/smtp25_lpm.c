// SPDX-License-Identifier: GPL-2.0
/*
 * Longest-prefix match over IPv4 and IPv6 addresses.
 *
 * The tree is a multibit radix tree with a fixed stride of 16 bits. The top
 * level (the root) is a direct-indexed table of 65536 slots for address bits
 * 0..15. Below it hang nodes, each resolving the next 16 bits:
 *
 *   addr: | bits 0..15 | bits 16..31 | bits 32..47 | ...
 *            |              |             |
 *   root:  slot[65536] -> node (depth 16) -> node (depth 32) -> ...
 *                         IPv4 ends here     IPv6 goes on to depth 112
 *
 * Prefixes of length 0..16 live in the root; a prefix of length L > 16
 * lives in the node at depth d with d < L <= d + 16.
 *
 * Inside a level, every prefix is expanded over the slots it covers and the
 * longest one wins ("leaf pushing" within the level only). The resulting
 * slot -> entry map is stored as runs: a run starts at a slot and lasts to
 * the next run's start. An entry is one word:
 *
 *   NULL          no prefix of this level covers the slot, no child
 *   value << 1|1  the longest prefix of this level covering the slot
 *   node pointer  a child node; node->dflt holds the value of the longest
 *                 prefix of this level covering its slot (or S25_NONE)
 *   solo | 2      a child subtree that holds exactly one prefix (the
 *                 address bytes below where it hangs, length, value) with
 *                 a dflt like a node: sparse space, IPv6 above all, costs
 *                 one 16-byte object per prefix instead of a chain of nodes
 *
 * A lookup reads one entry per level and remembers the last value seen, so
 * a change to a short prefix never has to touch the levels below it.
 *
 * A node without children (all of IPv4's, most of IPv6's deepest) stores
 * its entries as bare u32 values, S25_NONE for none: "narrow"; a node with
 * children stores them as words as above: "wide". The runs are laid out in
 * one of four forms, chosen by their number, so that a node costs at most
 * two cache lines per lookup (three for DENSE):
 *
 *   TINY   header, starts and entries all in the first line (<= 9 narrow
 *          runs, <= 5 wide)
 *   SMALL  (<= 28 runs) the first line: the header and the run starts,
 *          binary searched; the entries follow
 *   BLOCK  (<= 280 narrow, <= 168 wide runs) the first line: the header
 *          and the first start of each block; a block is one line holding
 *          the starts and the entries of 10 narrow or 6 wide runs:
 *
 *             line 0: | hdr | b0 b1 b2 ... b27 |
 *             line 1: | 10 starts | 10 values  |   (block 0)
 *             line 2: | 10 starts | 10 values  |   (block 1) ...
 *
 *   DENSE  (more) a bitmap of run starts with a rank per 64 slots: the
 *          header, one 16-byte group and a popcount, then the entry
 *
 * A node whose entries all cover a single slot (children, and prefixes as
 * long as its stride: host routes) is SPARSE: it keeps those runs only,
 * and a slot that starts none has no entry. So a random IPv6 node pays
 * for its children, not for the gaps between them.
 *
 * The writer-side prefix list of a node hangs off a pointer after the
 * entries; it shares the node's allocation when it fits in the slack that
 * kmalloc rounds up to anyway, and has its own allocation otherwise.
 *
 * Invariants: slot 0 of every level starts a run, except in a SPARSE
 * node; two neighbouring runs never hold the same entry; a child is always
 * a run of exactly one slot; a node holds at least one prefix or one
 * child; a solo's prefix is longer than the depth it hangs at and the solo
 * never moves; no node exists at a depth >= the address length.
 *
 * Locking: writers hold t->lock (a mutex owned by the caller). A node that
 * is visible to readers is never modified, except for two single-word
 * stores that each give readers an old or a new answer, never a mix: an
 * entry that swaps one child pointer for another, and a child's dflt (a
 * node's or a solo's).
 * Every other change builds a new node, publishes it with
 * rcu_assign_pointer() and frees the old one after a grace period. The
 * root's slots are updated in place the same way. Readers take nothing but
 * rcu_read_lock() (or _bh); the control-path readers (get, match, walk) run
 * under t->lock and may read the writer-side prefix lists. A bulk commit
 * swaps the whole root and hands the old one to t->retire, a work item that
 * frees it after a grace period outside t->lock; the next commit and
 * destroy wait for it first.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/kernel.h>
#include <linux/lockdep.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>
#include <asm/unaligned.h>

#include "smtp25_lpm.h"

#define S25_STRIDE	16
#define S25_SLOTS	BIT(S25_STRIDE)
#define S25_LINE	64	/* the cache line the node layouts are cut for */
#define S25_HEAD	28	/* u16 starts in a node's first line */
#define S25_GROUPS	(S25_SLOTS / 64)
#define S25_NONE	U32_MAX
#define S25_MAX_LEVELS	(128 / S25_STRIDE)

/* A node's kind: its form (kind & S25_FORM) and flags. */
enum {
	S25_TINY	= 0,
	S25_SMALL	= 1,
	S25_BLOCK	= 2,
	S25_DENSE	= 3,
	S25_FORM	= 3,
	S25_WIDE	= 4,	/* entries are words, not u32 values */
	S25_PFX		= 8,	/* a prefix list pointer follows the entries */
	S25_PFX_APART	= 16,	/* and the list has its own allocation */
	S25_SPARSE	= 32,	/* runs are single slots only: see below */
};

/* A prefix as one level stores it: its bits in this stride, left-aligned. */
struct s25_pfx {
	u16 bits;
	u8 len;		/* 1..16 in a node, 0..16 in the root */
	u32 value;
};

/* Writer-side list of a level's prefixes, sorted by (bits, len). */
struct s25_pfxlist {
	u32 n;
	struct s25_pfx p[];
};

/*
 * The first line of a node; what follows depends on the kind, see
 * s25_entry_off(). A TINY node is shorter than this struct.
 */
struct s25_node {
	u32 dflt;		/* READ_ONCE/WRITE_ONCE: may change in place */
	u16 last_run;		/* number of runs - 1 */
	u8 kind;
	u8 depth;		/* first address bit of this node's stride */
	u16 head[S25_HEAD];	/* run starts, or each BLOCK's first start */
};

/*
 * A subtree holding a single prefix. The address bytes above where it
 * hangs are those of the path to it: only the rest is stored, so that a
 * random IPv6 /64 hanging at depth 16 takes 16 bytes, not 32.
 */
struct s25_solo {
	u32 dflt;		/* as a node's: may change in place */
	u32 value;
	u8 plen;
	u8 from;		/* first address byte stored: its depth / 8 */
	u8 addr[];		/* bytes from .. (plen - 1) / 8 */
};

struct s25_group {
	u64 map;		/* bit i: a run starts at slot 64 * g + i */
	u32 base;		/* runs starting before this group */
	u32 unused;
};

struct s25_lpm_root {
	struct s25_pfxlist *pfx;	/* prefixes of length 0..16 */
	struct s25_node __rcu *slot[S25_SLOTS];
};

/* A prefix in a bulk build. */
struct s25_bentry {
	u8 addr[S25_LPM_ADDR_MAX];
	u32 value;
	u32 index;		/* order of addition, for error reports */
	u8 plen;
	u8 unused[7];		/* 32 bytes: a page holds a whole number */
};

/* Output of s25_compile(): the runs of one level. */
struct s25_runs {
	u32 n;
	u16 *start;
	struct s25_node **entry;
	u32 *cover;		/* for a child run: its new dflt */
};

/* A child of a level: its slot and its node (or solo). */
struct s25_child {
	u16 slot;
	struct s25_node *node;
};

/* Scratch space of one bulk build, reused from node to node. */
struct s25_build {
	struct s25_lpm *t;
	struct s25_runs r;			/* of the node being made */
	u32 rcap;
	struct s25_child *ch[S25_MAX_LEVELS];	/* children, per depth */
	u32 chcap[S25_MAX_LEVELS];
	struct s25_pfx *pfx;			/* of the node being made */
	u32 pfxcap;
};

/*
 * Where the lookup path read memory, for s25_lpm_lookup_lines(): cache
 * lines, or with @layout the 64-byte lines of each object counted from its
 * start (the same where kmalloc aligns objects, which debug builds do not).
 */
struct s25_trace {
	unsigned int n;
	bool layout;
	const void *obj;	/* the object being read */
	unsigned long line[64];
};

static atomic_long_t s25_lpm_bytes = ATOMIC_LONG_INIT(0);

/* Bytes held by every tree together; the module checks it at unload. */
long s25_lpm_allocated(void)
{
	return atomic_long_read(&s25_lpm_bytes);
}

#define s25_deref(t, p) \
	rcu_dereference_protected(p, lockdep_is_held((t)->lock))
#define s25_deref_rd(t, p) \
	rcu_dereference_check(p, rcu_read_lock_bh_held() || \
			      lockdep_is_held((t)->lock))

static inline struct s25_node *s25_leaf(u32 value)
{
	return (struct s25_node *)(((unsigned long)value << 1) | 1);
}

static inline struct s25_node *s25_leaf_or_null(u32 value)
{
	return value == S25_NONE ? NULL : s25_leaf(value);
}

static inline bool s25_is_leaf(const struct s25_node *e)
{
	return (unsigned long)e & 1;
}

#define S25_TAG_SOLO	2UL

/* A child entry: a node or a solo. */
static inline bool s25_is_child(const struct s25_node *e)
{
	return e && !s25_is_leaf(e);
}

static inline bool s25_is_solo(const struct s25_node *e)
{
	return ((unsigned long)e & 3) == S25_TAG_SOLO;
}

static inline bool s25_is_node(const struct s25_node *e)
{
	return e && !((unsigned long)e & 3);
}

static inline struct s25_solo *s25_solo(const struct s25_node *e)
{
	return (struct s25_solo *)((unsigned long)e & ~3UL);
}

static inline struct s25_node *s25_solo_entry(struct s25_solo *s)
{
	return (struct s25_node *)((unsigned long)s | S25_TAG_SOLO);
}

/* The dflt of a child entry, for in-place updates. */
static inline u32 *s25_child_dflt(struct s25_node *e)
{
	return s25_is_solo(e) ? &s25_solo(e)->dflt : &e->dflt;
}

static inline size_t s25_solo_size(u8 plen, u8 from)
{
	return struct_size((struct s25_solo *)NULL, addr,
			   DIV_ROUND_UP(plen, 8) - from);
}

/* Does the solo's prefix cover @key, which shares the path to it? */
static inline bool s25_solo_covers(const struct s25_solo *so, const u8 *key)
{
	unsigned int bytes = so->plen / 8 - so->from, rest = so->plen % 8;

	key += so->from;
	if (memcmp(so->addr, key, bytes))
		return false;
	return !rest || !((so->addr[bytes] ^ key[bytes]) & (0xff00 >> rest));
}

/* Is the solo's prefix (addr, plen), whose path to it @addr shares? */
static inline bool s25_solo_is(const struct s25_solo *so, const u8 *addr,
			       u8 plen)
{
	return so->plen == plen &&
	       !memcmp(so->addr, addr + so->from,
		       DIV_ROUND_UP(plen, 8) - so->from);
}

/* The solo's whole address, from @path for the bytes above it. */
static void s25_solo_addr(const struct s25_solo *so, const u8 *path, u8 *out)
{
	memset(out, 0, S25_LPM_ADDR_MAX);
	memcpy(out, path, so->from);
	memcpy(out + so->from, so->addr, DIV_ROUND_UP(so->plen, 8) - so->from);
}

static inline u32 s25_leaf_value(const struct s25_node *e)
{
	return (unsigned long)e >> 1;
}

static inline u32 s25_nruns(const struct s25_node *n)
{
	return (u32)n->last_run + 1;
}

static inline bool s25_wide(unsigned int kind)
{
	return kind & S25_WIDE;
}

/* Bytes per entry. */
static inline size_t s25_ew(unsigned int kind)
{
	return s25_wide(kind) ? sizeof(void *) : sizeof(u32);
}

/* Runs per BLOCK line, and where their entries start in it. */
static inline u32 s25_bper(unsigned int kind)
{
	return s25_wide(kind) ? 6 : 10;
}

static inline size_t s25_boff(unsigned int kind)
{
	return s25_wide(kind) ? 16 : 20;
}

/* Offset of entry @i in a node: the layouts of the file's top comment. */
static __always_inline size_t s25_entry_off(unsigned int kind, u32 nruns,
					    u32 i)
{
	size_t w = s25_ew(kind);

	switch (kind & S25_FORM) {
	case S25_TINY:
		return ALIGN(offsetof(struct s25_node, head) +
			     nruns * sizeof(u16), w) + i * w;
	case S25_SMALL:
		return S25_LINE + i * w;
	case S25_BLOCK:
		return S25_LINE * (1 + i / s25_bper(kind)) + s25_boff(kind) +
		       i % s25_bper(kind) * w;
	default:
		return S25_LINE + S25_GROUPS * sizeof(struct s25_group) + i * w;
	}
}

/* Bytes of the node proper: up to its last entry. */
static inline size_t s25_node_size(unsigned int kind, u32 nruns)
{
	return s25_entry_off(kind, nruns, nruns - 1) + s25_ew(kind);
}

/* Where the prefix list pointer of an S25_PFX node is. */
static inline size_t s25_trailer_off(unsigned int kind, u32 nruns)
{
	return ALIGN(s25_node_size(kind, nruns), sizeof(void *));
}

static inline void *s25_entry(const struct s25_node *n, u32 i)
{
	return (void *)n + s25_entry_off(n->kind, s25_nruns(n), i);
}

/* The published word of run @i of a wide node. */
static inline struct s25_node __rcu **s25_node_ep(const struct s25_node *n,
						  u32 i)
{
	return s25_entry(n, i);
}

static inline u16 *s25_block(const struct s25_node *n, u32 b)
{
	return (void *)n + S25_LINE * (1 + b);
}

static inline struct s25_group *s25_groups(const struct s25_node *n)
{
	return (void *)n + S25_LINE;
}

/* The writer-side prefix list of a node (under t->lock), or NULL. */
static inline struct s25_pfxlist *s25_node_pfx(const struct s25_node *n)
{
	if (!(n->kind & S25_PFX))
		return NULL;
	return *(struct s25_pfxlist **)((void *)n +
					s25_trailer_off(n->kind, s25_nruns(n)));
}

static inline u16 s25_key(const u8 *addr, unsigned int depth)
{
	return get_unaligned_be16(addr + depth / 8);
}

static inline void s25_touch(struct s25_trace *tr, const void *p)
{
	unsigned long line = (unsigned long)p / L1_CACHE_BYTES;
	unsigned int i;

	if (!tr)
		return;
	if (tr->layout)
		line = (unsigned long)tr->obj +
		       rounddown(p - tr->obj, S25_LINE);
	for (i = 0; i < tr->n; i++)
		if (tr->line[i] == line)
			return;
	if (tr->n < ARRAY_SIZE(tr->line))
		tr->line[tr->n++] = line;
}

static inline void s25_enter(struct s25_trace *tr, const void *obj)
{
	if (tr)
		tr->obj = obj;
}

/* Index of the last element <= key, 0 if there is none. Branch free. */
static __always_inline u32 s25_search(const u16 *a, u32 n, u16 key,
				      struct s25_trace *tr)
{
	const u16 *base = a;

	s25_touch(tr, base);
	while (n > 1) {
		u32 half = n / 2;

		s25_touch(tr, base + half);
		base = base[half] <= key ? base + half : base;
		n -= half;
	}
	return base - a;
}

/* Start slot of run @i of a node that is not DENSE. */
static __always_inline u16 s25_start_at(const struct s25_node *n, u32 i)
{
	u32 per;

	if ((n->kind & S25_FORM) == S25_BLOCK) {
		per = s25_bper(n->kind);
		return s25_block(n, i / per)[i % per];
	}
	return n->head[i];
}

/* Has a SPARSE node @n no entry for slot @key, found in run @i? */
static __always_inline bool s25_sparse_miss(const struct s25_node *n,
					    u16 key, u32 i)
{
	if (!(n->kind & S25_SPARSE))
		return false;
	if ((n->kind & S25_FORM) == S25_DENSE)
		return !(s25_groups(n)[key / 64].map & BIT_ULL(key % 64));
	return s25_start_at(n, i) != key;
}

/*
 * The run of node @n that holds slot @key. In a SPARSE node, the run
 * before the slot (or the first) unless s25_sparse_miss() says otherwise.
 */
static __always_inline u32 s25_node_run(const struct s25_node *n, u16 key,
					struct s25_trace *tr)
{
	const struct s25_group *g;
	u32 nruns = s25_nruns(n), per, b, first;

	switch (n->kind & S25_FORM) {
	case S25_TINY:
	case S25_SMALL:
		return s25_search(n->head, nruns, key, tr);
	case S25_BLOCK:
		per = s25_bper(n->kind);
		b = s25_search(n->head, DIV_ROUND_UP(nruns, per), key, tr);
		first = b * per;
		return first + s25_search(s25_block(n, b),
					  min_t(u32, per, nruns - first), key, tr);
	default:
		g = s25_groups(n) + key / 64;
		s25_touch(tr, g);
		/* Runs before and at the slot; none only in a SPARSE node. */
		first = g->base + hweight64(g->map & (~0ULL >> (63 - key % 64)));
		return first ? first - 1 : 0;
	}
}

static __always_inline bool s25_lookup(const struct s25_lpm *t, const u8 *addr,
				       u32 *value, struct s25_trace *tr)
{
	struct s25_node __rcu **ep;
	const struct s25_lpm_root *root;
	const struct s25_node *e;
	u32 best = S25_NONE, d, i;
	unsigned int depth;
	u16 key;
	void *p;

	root = s25_deref_rd(t, t->root);
	if (!root)
		return false;
	ep = (struct s25_node __rcu **)&root->slot[s25_key(addr, 0)];
	s25_enter(tr, root);
	for (depth = S25_STRIDE;; depth += S25_STRIDE) {
		s25_touch(tr, ep);
		e = s25_deref_rd(t, *ep);
		if (!s25_is_child(e)) {
			if (e)
				best = s25_leaf_value(e);
			break;
		}
		if (s25_is_solo(e)) {
			const struct s25_solo *so = s25_solo(e);

			s25_enter(tr, so);
			s25_touch(tr, so);
			d = READ_ONCE(so->dflt);
			if (s25_solo_covers(so, addr))
				best = so->value;
			else if (d != S25_NONE)
				best = d;
			break;
		}
		s25_enter(tr, e);
		s25_touch(tr, e);
		d = READ_ONCE(e->dflt);
		if (d != S25_NONE)
			best = d;
		key = s25_key(addr, depth);
		i = s25_node_run(e, key, tr);
		if (s25_sparse_miss(e, key, i))
			break;
		p = s25_entry(e, i);
		if (!s25_wide(e->kind)) {
			/* No children: the value ends the lookup. */
			s25_touch(tr, p);
			d = *(u32 *)p;
			if (d != S25_NONE)
				best = d;
			break;
		}
		ep = p;
	}
	if (best == S25_NONE)
		return false;
	*value = best;
	return true;
}

bool s25_lpm_lookup(const struct s25_lpm *t, const u8 *addr, u32 *value)
{
	return s25_lookup(t, addr, value, NULL);
}

unsigned int s25_lpm_lookup_lines(const struct s25_lpm *t, const u8 *addr,
				  bool layout)
{
	struct s25_trace tr = { .n = 0, .layout = layout };
	u32 value;

	s25_lookup(t, addr, &value, &tr);
	return tr.n;
}

/* --- memory ------------------------------------------------------------ */

static size_t s25_bytes(size_t size)
{
	return size > KMALLOC_MAX_CACHE_SIZE ? PAGE_ALIGN(size) :
					       kmalloc_size_roundup(size);
}

static void *s25_alloc(struct s25_lpm *t, size_t size)
{
	void *p = kvmalloc(size, GFP_KERNEL);

	if (p) {
		t->mem_bytes += s25_bytes(size);
		atomic_long_add(s25_bytes(size), &s25_lpm_bytes);
	}
	return p;
}

static void s25_uncount(struct s25_lpm *t, size_t size)
{
	t->mem_bytes -= s25_bytes(size);
	atomic_long_sub(s25_bytes(size), &s25_lpm_bytes);
}

/* For memory no reader can see: never published, or writer-side only. */
static void s25_free_now(struct s25_lpm *t, void *p, size_t size)
{
	if (!p)
		return;
	s25_uncount(t, size);
	kvfree(p);
}

static size_t s25_pfxlist_size(u32 n)
{
	return struct_size((struct s25_pfxlist *)NULL, p, n);
}

static void s25_pfxlist_free(struct s25_lpm *t, struct s25_pfxlist *l)
{
	if (l)
		s25_free_now(t, l, s25_pfxlist_size(l->n));
}

/*
 * What to ask kmalloc for so that a node's first line is one cache line:
 * every kmalloc size class is aligned to a line except 96 bytes.
 */
static size_t s25_line_round(size_t size)
{
	size_t r = kmalloc_size_roundup(size);

	if (size > KMALLOC_MAX_CACHE_SIZE || !(r % S25_LINE) || r < S25_LINE)
		return size;
	return kmalloc_size_roundup(ALIGN(r, S25_LINE));
}

/* The size a node was allocated with: see s25_node_make(). */
static size_t s25_node_bytes(const struct s25_node *n)
{
	u32 nruns = s25_nruns(n);

	if (!(n->kind & S25_PFX))
		return s25_line_round(s25_node_size(n->kind, nruns));
	if (n->kind & S25_PFX_APART)
		return s25_line_round(s25_trailer_off(n->kind, nruns) +
				      sizeof(void *));
	return s25_line_round(s25_trailer_off(n->kind, nruns) +
			      sizeof(void *) +
			      s25_pfxlist_size(s25_node_pfx(n)->n));
}

/* A prefix list in its own allocation goes at once: readers never see it. */
static void s25_node_free_apart(struct s25_lpm *t, struct s25_node *n)
{
	if (n->kind & S25_PFX_APART)
		s25_pfxlist_free(t, s25_node_pfx(n));
}

/* Frees a node that was never published, with its prefix list. */
static void s25_node_free_now(struct s25_lpm *t, struct s25_node *n)
{
	s25_node_free_apart(t, n);
	s25_free_now(t, n, s25_node_bytes(n));
}

/* Frees a node that readers may still see, with its prefix list. */
static void s25_node_free_rcu(struct s25_lpm *t, struct s25_node *n)
{
	s25_node_free_apart(t, n);
	s25_uncount(t, s25_node_bytes(n));
	kvfree_rcu_mightsleep(n);
}

/* --- prefix lists ------------------------------------------------------ */

static int s25_pfx_cmp(u16 abits, u8 alen, u16 bbits, u8 blen)
{
	if (abits != bbits)
		return abits < bbits ? -1 : 1;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	return 0;
}

/* First index whose (bits, len) is not smaller than the key. */
static u32 s25_pfx_lower(const struct s25_pfxlist *l, u16 bits, u8 len)
{
	u32 lo = 0, hi = l ? l->n : 0;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (s25_pfx_cmp(l->p[mid].bits, l->p[mid].len, bits, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct s25_pfx *s25_pfx_find(const struct s25_pfxlist *l,
					  u16 bits, u8 len)
{
	u32 i = s25_pfx_lower(l, bits, len);

	if (l && i < l->n && l->p[i].bits == bits && l->p[i].len == len)
		return &l->p[i];
	return NULL;
}

static inline u16 s25_mask(u8 len)
{
	return len ? (u16)(0xffff << (S25_STRIDE - len)) : 0;
}

static inline u32 s25_span(u8 len)
{
	return S25_SLOTS >> len;
}

/* The longest prefix of the list with length < maxlen that covers slot. */
static const struct s25_pfx *s25_pfx_cover(const struct s25_pfxlist *l,
					   u16 slot, int maxlen)
{
	const struct s25_pfx *p;
	int len;

	for (len = maxlen - 1; len >= 0; len--) {
		p = s25_pfx_find(l, slot & s25_mask(len), len);
		if (p)
			return p;
	}
	return NULL;
}

/* A copy of @l with @p inserted (at its sorted place) or removed. */
static struct s25_pfxlist *s25_pfxlist_edit(struct s25_lpm *t,
					    const struct s25_pfxlist *l,
					    const struct s25_pfx *p, bool add)
{
	u32 n = l ? l->n : 0, at = s25_pfx_lower(l, p->bits, p->len);
	u32 newn = add ? n + 1 : n - 1;
	struct s25_pfxlist *nl;

	if (!newn)
		return NULL;
	nl = s25_alloc(t, s25_pfxlist_size(newn));
	if (!nl)
		return ERR_PTR(-ENOMEM);
	nl->n = newn;
	if (at)
		memcpy(nl->p, l->p, at * sizeof(*p));
	if (add) {
		nl->p[at] = *p;
		if (n > at)
			memcpy(nl->p + at + 1, l->p + at, (n - at) * sizeof(*p));
	} else if (n > at + 1) {
		memcpy(nl->p + at, l->p + at + 1, (n - at - 1) * sizeof(*p));
	}
	return nl;
}

/* --- compiling a level into runs -------------------------------------- */

/*
 * Appends a run at @pos to the @n runs of @r, merging it with the runs
 * before when it repeats them; returns the new number of runs.
 */
static __always_inline u32 s25_emit(u16 *start, struct s25_node **entry,
				    u32 *cover, u32 n, u32 pos,
				    struct s25_node *e, u32 cov)
{
	if (pos >= S25_SLOTS)
		return n;
	if (n && start[n - 1] == pos) {
		entry[n - 1] = e;
		cover[n - 1] = cov;
		if (n > 1 && entry[n - 2] == e && !s25_is_child(e))
			n--;
		return n;
	}
	if (n && entry[n - 1] == e && !s25_is_child(e))
		return n;
	start[n] = pos;
	entry[n] = e;
	cover[n] = cov;
	return n + 1;
}

/*
 * Expands the prefixes of a level (sorted) and its children (sorted) into
 * runs over slots [lo, lo + span): the longest prefix wins each slot, a
 * child takes its slot and records the value covering it. @base is the
 * value covering the whole range from outside the list. Prefixes nest, so
 * the open ones form a stack no deeper than the 17 prefix lengths.
 */
static void s25_compile(struct s25_runs *r, const struct s25_pfx *pfx, u32 np,
			const struct s25_child *ch, u32 nc, u32 lo, u32 span,
			u32 base)
{
	u32 end[S25_STRIDE + 2], val[S25_STRIDE + 2];
	u32 hi = lo + span, sp = 0, i = 0, j = 0, top, n;
	struct s25_node **entry = r->entry;
	u32 *cover = r->cover;
	u16 *start = r->start;

	n = s25_emit(start, entry, cover, 0, lo, s25_leaf_or_null(base),
		     S25_NONE);
	for (;;) {
		u32 np_at = i < np ? pfx[i].bits : hi;
		u32 nc_at = j < nc ? ch[j].slot : hi;
		u32 ne_at = sp ? end[sp - 1] : hi;

		top = sp ? val[sp - 1] : base;
		if (ne_at <= np_at && ne_at <= nc_at && sp) {
			sp--;
			n = s25_emit(start, entry, cover, n, ne_at,
				     s25_leaf_or_null(sp ? val[sp - 1] : base),
				     S25_NONE);
		} else if (i < np && np_at <= nc_at) {
			end[sp] = pfx[i].bits + s25_span(pfx[i].len);
			val[sp++] = pfx[i].value;
			n = s25_emit(start, entry, cover, n, pfx[i].bits,
				     s25_leaf(pfx[i].value), S25_NONE);
			i++;
		} else if (j < nc) {
			n = s25_emit(start, entry, cover, n, nc_at, ch[j].node,
				     top);
			n = s25_emit(start, entry, cover, n, nc_at + 1,
				     s25_leaf_or_null(top), S25_NONE);
			j++;
		} else {
			break;
		}
	}
	r->n = n;
}

/* Most runs a level of @np prefixes and @nc children can compile to. */
static u32 s25_runs_max(u32 np, u32 nc)
{
	return min_t(u32, 2 * np + 2 * nc + 1, S25_SLOTS);
}

static int s25_runs_alloc_cap(struct s25_runs *r, u32 cap)
{
	r->start = kvmalloc_array(cap, sizeof(*r->start), GFP_KERNEL);
	r->entry = kvmalloc_array(cap, sizeof(*r->entry), GFP_KERNEL);
	r->cover = kvmalloc_array(cap, sizeof(*r->cover), GFP_KERNEL);
	if (r->start && r->entry && r->cover)
		return 0;
	kvfree(r->start);
	kvfree(r->entry);
	kvfree(r->cover);
	return -ENOMEM;
}

static int s25_runs_alloc(struct s25_runs *r, u32 np, u32 nc)
{
	return s25_runs_alloc_cap(r, s25_runs_max(np, nc));
}

static void s25_runs_free(struct s25_runs *r)
{
	kvfree(r->start);
	kvfree(r->entry);
	kvfree(r->cover);
}

/* Gives each child of the compiled level its covering value. */
static void s25_runs_set_covers(const struct s25_runs *r)
{
	u32 i;

	for (i = 0; i < r->n; i++)
		if (s25_is_child(r->entry[i]))
			WRITE_ONCE(*s25_child_dflt(r->entry[i]), r->cover[i]);
}

/* --- nodes ------------------------------------------------------------- */

/* Start slot of run @i of a node: the i-th set bit for a DENSE one. */
static u16 s25_run_start(const struct s25_node *n, u32 i)
{
	const struct s25_group *g = s25_groups(n);
	u32 lo = 0, hi = S25_GROUPS - 1;
	unsigned long map;

	if ((n->kind & S25_FORM) != S25_DENSE)
		return s25_start_at(n, i);
	while (lo < hi) {
		u32 mid = lo + (hi - lo + 1) / 2;

		if (g[mid].base <= i)
			lo = mid;
		else
			hi = mid - 1;
	}
	map = g[lo].map;
	for (i -= g[lo].base; i; i--)
		map &= map - 1;
	return lo * 64 + __ffs(map);
}

/* Every run start of a node, in order, into @start (room for all runs). */
static void s25_node_starts(const struct s25_node *n, u16 *start)
{
	const struct s25_group *g = s25_groups(n);
	u32 nruns = s25_nruns(n), i, k = 0;
	unsigned long bit;

	if ((n->kind & S25_FORM) != S25_DENSE) {
		for (i = 0; i < nruns; i++)
			start[i] = s25_run_start(n, i);
		return;
	}
	for (i = 0; i < S25_GROUPS; i++) {
		unsigned long map = g[i].map;

		for_each_set_bit(bit, &map, 64)
			start[k++] = i * 64 + bit;
	}
}

/* Entry @i of a node as a word (leaf, NULL or child); control path. */
static struct s25_node *s25_node_get(const struct s25_lpm *t,
				     const struct s25_node *n, u32 i)
{
	if (s25_wide(n->kind))
		return s25_deref(t, *s25_node_ep(n, i));
	return s25_leaf_or_null(*(u32 *)s25_entry(n, i));
}

/* The entry of node @n for slot @key, and its run in *@run; control path. */
static struct s25_node *s25_node_find(const struct s25_lpm *t,
				      const struct s25_node *n, u16 key,
				      u32 *run)
{
	u32 i = s25_node_run(n, key, NULL);

	if (run)
		*run = i;
	return s25_sparse_miss(n, key, i) ? NULL : s25_node_get(t, n, i);
}

/* The children of a node as a sorted array (caller frees it). */
static int s25_node_children(struct s25_lpm *t, const struct s25_node *n,
			     struct s25_child **out, u32 *nc)
{
	u32 nruns = s25_nruns(n), i, k = 0;
	struct s25_child *ch;
	u16 *start;

	*nc = 0;
	if (!s25_wide(n->kind)) {
		*out = NULL;
		return 0;
	}
	start = kvmalloc_array(nruns, sizeof(*start), GFP_KERNEL);
	ch = kvmalloc_array(nruns, sizeof(*ch), GFP_KERNEL);
	if (!start || !ch) {
		kvfree(start);
		kvfree(ch);
		return -ENOMEM;
	}
	s25_node_starts(n, start);
	for (i = 0; i < nruns; i++) {
		struct s25_node *e = s25_node_get(t, n, i);

		if (s25_is_child(e)) {
			ch[k].slot = start[i];
			ch[k++].node = e;
		}
	}
	kvfree(start);
	*out = ch;
	*nc = k;
	return 0;
}

/* The kind of a node of @nruns runs: the most compact form that fits. */
static unsigned int s25_kind_for(u32 nruns, bool wide)
{
	unsigned int w = wide ? S25_WIDE : 0;

	if (s25_node_size(S25_TINY | w, nruns) <= S25_LINE)
		return S25_TINY | w;
	if (nruns <= S25_HEAD)
		return S25_SMALL | w;
	if (nruns <= S25_HEAD * s25_bper(w))
		return S25_BLOCK | w;
	return S25_DENSE | w;
}

static void s25_node_lay_starts(struct s25_node *n, const u16 *start, u32 nr)
{
	struct s25_group *g;
	u32 i, per;

	switch (n->kind & S25_FORM) {
	case S25_TINY:
	case S25_SMALL:
		memcpy(n->head, start, nr * sizeof(u16));
		break;
	case S25_BLOCK:
		per = s25_bper(n->kind);
		for (i = 0; i < nr; i += per) {
			n->head[i / per] = start[i];
			memcpy(s25_block(n, i / per), start + i,
			       min(per, nr - i) * sizeof(u16));
		}
		break;
	default:
		g = s25_groups(n);
		memset(g, 0, S25_GROUPS * sizeof(*g));
		for (i = 0; i < nr; i++)
			g[start[i] / 64].map |= 1ULL << (start[i] % 64);
		for (i = 1; i < S25_GROUPS; i++)
			g[i].base = g[i - 1].base + hweight64(g[i - 1].map);
		break;
	}
}

/*
 * Lays the compiled runs out as a node, not yet visible to anyone, with a
 * copy of its @np prefixes @pfx: in the node's own allocation when that
 * costs no more than two (a bulk build of a million prefixes makes tens
 * of thousands of nodes), else apart.
 */
static struct s25_node *s25_node_make(struct s25_lpm *t, struct s25_runs *r,
				      unsigned int depth,
				      const struct s25_pfx *pfx, u32 np)
{
	struct s25_pfxlist *l = NULL;
	unsigned int kind;
	size_t size, psize = np ? s25_pfxlist_size(np) : 0;
	bool wide = false, apart = false;
	struct s25_node *n;
	bool sparse = true;
	u32 i, k;

	for (i = 0; i < r->n; i++) {
		u32 end = i + 1 < r->n ? r->start[i + 1] : S25_SLOTS;

		wide |= s25_is_child(r->entry[i]);
		if (r->entry[i] && end != r->start[i] + 1)
			sparse = false;
	}
	if (sparse) {
		/* Single slots only: the empty runs between them go. */
		for (i = 0, k = 0; i < r->n; i++) {
			if (!r->entry[i])
				continue;
			r->start[k] = r->start[i];
			r->entry[k] = r->entry[i];
			r->cover[k++] = r->cover[i];
		}
		r->n = k;
	}
	kind = s25_kind_for(r->n, wide) | (sparse ? S25_SPARSE : 0);
	size = s25_node_size(kind, r->n);
	if (np) {
		kind |= S25_PFX;
		size = s25_trailer_off(kind, r->n) + sizeof(void *);
		apart = s25_bytes(s25_line_round(size + psize)) >
			s25_bytes(s25_line_round(size)) + s25_bytes(psize);
		if (apart) {
			kind |= S25_PFX_APART;
			l = s25_alloc(t, psize);
			if (!l)
				return NULL;
		} else {
			size += psize;
		}
	}
	n = s25_alloc(t, s25_line_round(size));
	if (!n) {
		if (l)
			s25_free_now(t, l, psize);
		return NULL;
	}
	n->dflt = S25_NONE;
	n->last_run = r->n - 1;
	n->kind = kind;
	n->depth = depth;
	if (np) {
		void *trailer = (void *)n + s25_trailer_off(kind, r->n);

		if (!apart)
			l = trailer + sizeof(void *);
		*(struct s25_pfxlist **)trailer = l;
		l->n = np;
		memcpy(l->p, pfx, np * sizeof(*pfx));
	}
	s25_node_lay_starts(n, r->start, r->n);
	for (i = 0; i < r->n; i++) {
		void *p = s25_entry(n, i);

		if (wide)
			RCU_INIT_POINTER(*(struct s25_node __rcu **)p,
					 r->entry[i]);
		else
			*(u32 *)p = r->entry[i] ? s25_leaf_value(r->entry[i]) :
						  S25_NONE;
	}
	return n;
}

/*
 * Builds a node from a prefix list (copied into it) and children. The
 * children's new dflt values are left in @r for s25_runs_set_covers()
 * once nothing can fail any more.
 */
static struct s25_node *s25_node_build(struct s25_lpm *t, unsigned int depth,
				       const struct s25_pfxlist *pfx,
				       const struct s25_child *ch, u32 nc,
				       struct s25_runs *r)
{
	u32 np = pfx ? pfx->n : 0;
	struct s25_node *n;

	if (s25_runs_alloc(r, np, nc))
		return NULL;
	s25_compile(r, pfx ? pfx->p : NULL, np, ch, nc, 0, S25_SLOTS, S25_NONE);
	n = s25_node_make(t, r, depth, pfx ? pfx->p : NULL, np);
	if (!n)
		s25_runs_free(r);
	return n;
}

/* A solo hanging at @depth (the first address bit it resolves). */
static struct s25_node *s25_solo_new(struct s25_lpm *t, const u8 *addr,
				     u8 plen, u32 value, u32 dflt,
				     unsigned int depth)
{
	u8 from = depth / 8;
	struct s25_solo *so = s25_alloc(t, s25_solo_size(plen, from));

	if (!so)
		return NULL;
	so->dflt = dflt;
	so->value = value;
	so->plen = plen;
	so->from = from;
	memcpy(so->addr, addr + from, DIV_ROUND_UP(plen, 8) - from);
	return s25_solo_entry(so);
}

static void s25_solo_free_now(struct s25_lpm *t, struct s25_solo *so)
{
	s25_free_now(t, so, s25_solo_size(so->plen, so->from));
}

/* Frees a subtree no reader can see, without recursion. */
static void s25_subtree_free_now(struct s25_lpm *t, struct s25_node *top)
{
	struct s25_node *stack[S25_MAX_LEVELS + 1];
	u32 idx[S25_MAX_LEVELS + 1];
	int sp = 0;

	if (s25_is_solo(top))
		s25_solo_free_now(t, s25_solo(top));
	if (!s25_is_node(top))
		return;
	stack[0] = top;
	idx[0] = 0;
	while (sp >= 0) {
		struct s25_node *n = stack[sp];

		if (s25_wide(n->kind) && idx[sp] < s25_nruns(n)) {
			struct s25_node *e;

			e = rcu_dereference_raw(*s25_node_ep(n, idx[sp]++));

			if (s25_is_solo(e))
				s25_solo_free_now(t, s25_solo(e));
			if (s25_is_node(e) && !WARN_ON(sp >= S25_MAX_LEVELS)) {
				stack[++sp] = e;
				idx[sp] = 0;
			}
			continue;
		}
		s25_node_free_now(t, n);
		sp--;
	}
}

/* Frees a node or solo that readers may still see. */
static void s25_child_free_rcu(struct s25_lpm *t, struct s25_node *e)
{
	if (s25_is_solo(e)) {
		s25_uncount(t, s25_solo_size(s25_solo(e)->plen,
					     s25_solo(e)->from));
		kvfree_rcu_mightsleep(s25_solo(e));
	} else {
		s25_node_free_rcu(t, e);
	}
}

/* --- root -------------------------------------------------------------- */

static struct s25_lpm_root *s25_root_alloc(struct s25_lpm *t)
{
	struct s25_lpm_root *root = s25_alloc(t, sizeof(*root));

	if (root) {
		root->pfx = NULL;
		memset(root->slot, 0, sizeof(root->slot));
	}
	return root;
}

/*
 * Rewrites the root slots [lo, lo + span) from its prefix list, in place:
 * a slot holding a node gets the node's dflt updated, others a new leaf.
 */
static int s25_root_refresh(struct s25_lpm *t, struct s25_lpm_root *root,
			    u16 lo, u8 len)
{
	const struct s25_pfxlist *l = root->pfx;
	const struct s25_pfx *cov = s25_pfx_cover(l, lo, len);
	u32 first = s25_pfx_lower(l, lo, len), last, span = s25_span(len);
	struct s25_runs r;
	u32 i, s;

	/* The range's own prefixes: from (lo, len) up to the range's end. */
	last = first;
	while (l && last < l->n && l->p[last].bits < lo + span)
		last++;
	if (s25_runs_alloc(&r, last - first, 0))
		return -ENOMEM;
	s25_compile(&r, l ? l->p + first : NULL, last - first, NULL, 0, lo, span,
		    cov ? cov->value : S25_NONE);
	for (i = 0; i < r.n; i++) {
		u32 end = i + 1 < r.n ? r.start[i + 1] : lo + span;
		u32 v = r.entry[i] ? s25_leaf_value(r.entry[i]) : S25_NONE;

		for (s = r.start[i]; s < end; s++) {
			struct s25_node *e = s25_deref(t, root->slot[s]);

			if (s25_is_child(e))
				WRITE_ONCE(*s25_child_dflt(e), v);
			else if (e != r.entry[i])
				rcu_assign_pointer(root->slot[s], r.entry[i]);
		}
	}
	s25_runs_free(&r);
	return 0;
}

/* --- checks ------------------------------------------------------------- */

/* True if @w, 64 address bits, has a bit set after its first @keep. */
static inline bool s25_host_bits(u64 w, unsigned int keep)
{
	return keep < 64 && (w << keep);
}

/* A prefix length the tree can hold, with no address bit set beyond it. */
static int s25_check(const struct s25_lpm *t, const u8 *addr, u8 plen)
{
	if (plen > t->bits)
		return -EINVAL;
	if (t->bits == 32)
		return s25_host_bits((u64)get_unaligned_be32(addr) << 32, plen) ?
		       -EINVAL : 0;
	if (s25_host_bits(get_unaligned_be64(addr), plen) ||
	    s25_host_bits(get_unaligned_be64(addr + 8),
			  plen > 64 ? plen - 64 : 0))
		return -EINVAL;
	return 0;
}

/* --- public writer API ------------------------------------------------ */

static void s25_root_free_now(struct s25_lpm *t, struct s25_lpm_root *root)
{
	u32 s;

	for (s = 0; s < S25_SLOTS; s++) {
		s25_subtree_free_now(t, rcu_dereference_raw(root->slot[s]));
		if (!(s % 1024))
			cond_resched();
	}
	s25_pfxlist_free(t, root->pfx);
	s25_free_now(t, root, sizeof(*root));
}

/*
 * Frees a root that a commit replaced, a grace period after the commit.
 * The frees are counted apart: t->mem_bytes belongs to the writers, and
 * the replaced root's bytes already left it at the commit.
 */
static void s25_retire_work(struct work_struct *work)
{
	struct s25_lpm *t = container_of(to_rcu_work(work), struct s25_lpm,
					 retire);
	struct s25_lpm gone = { .bits = t->bits,
				.mem_bytes = t->retired_bytes };

	s25_root_free_now(&gone, t->retired);
	WARN_ON_ONCE(gone.mem_bytes);
}

void s25_lpm_init(struct s25_lpm *t, unsigned int bits, struct mutex *lock)
{
	RCU_INIT_POINTER(t->root, NULL);
	t->lock = lock;
	t->generation = 0;
	t->nr_prefixes = 0;
	t->mem_bytes = 0;
	t->bits = bits;
	INIT_RCU_WORK(&t->retire, s25_retire_work);
	t->retired = NULL;
	t->retired_bytes = 0;
}

void s25_lpm_flush(struct s25_lpm *t)
{
	flush_rcu_work(&t->retire);
}

/*
 * Hands the unpublished root @old, which holds @bytes of t->mem_bytes, to
 * t->retire. Waits for the previous one first: the work item is reused,
 * and a script replacing pools in a loop must not pile up old trees.
 */
static void s25_root_retire(struct s25_lpm *t, struct s25_lpm_root *old,
			    size_t bytes)
{
	lockdep_assert_held(t->lock);
	if (!old)
		return;
	flush_rcu_work(&t->retire);
	t->retired = old;
	t->retired_bytes = bytes;
	t->mem_bytes -= bytes;
	queue_rcu_work(system_unbound_wq, &t->retire);
}

void s25_lpm_destroy(struct s25_lpm *t)
{
	struct s25_lpm_root *old = s25_deref(t, t->root);

	rcu_assign_pointer(t->root, NULL);
	flush_rcu_work(&t->retire);
	if (old) {
		synchronize_rcu();
		s25_root_free_now(t, old);
	}
	t->nr_prefixes = 0;
	t->generation++;
}

static int s25_insert_root(struct s25_lpm *t, struct s25_lpm_root *root,
			   const u8 *addr, u8 plen, u32 value)
{
	struct s25_pfx p = {
		.bits = plen ? s25_key(addr, 0) : 0, .len = plen, .value = value,
	};
	struct s25_pfxlist *old = root->pfx, *nl;
	int err;

	if (s25_pfx_find(old, p.bits, p.len))
		return -EEXIST;
	nl = s25_pfxlist_edit(t, old, &p, true);
	if (IS_ERR(nl))
		return PTR_ERR(nl);
	root->pfx = nl;
	err = s25_root_refresh(t, root, p.bits, p.len);
	if (err) {
		root->pfx = old;
		s25_pfxlist_free(t, nl);
		return err;
	}
	s25_pfxlist_free(t, old);
	return 0;
}

static int s25_delete_root(struct s25_lpm *t, struct s25_lpm_root *root,
			   const u8 *addr, u8 plen, u32 *oldval)
{
	struct s25_pfxlist *old = root->pfx, *nl;
	const struct s25_pfx *f;
	struct s25_pfx p;
	int err;

	f = s25_pfx_find(old, plen ? s25_key(addr, 0) : 0, plen);
	if (!f)
		return -ENOENT;
	p = *f;
	nl = s25_pfxlist_edit(t, old, &p, false);
	if (IS_ERR(nl))
		return PTR_ERR(nl);
	root->pfx = nl;
	err = s25_root_refresh(t, root, p.bits, p.len);
	if (err) {
		root->pfx = old;
		s25_pfxlist_free(t, nl);
		return err;
	}
	s25_pfxlist_free(t, old);
	if (oldval)
		*oldval = p.value;
	return 0;
}

/*
 * Replaces node @n, published at @ep, by one with prefix list @pl and
 * children @ch. On success the new node is visible and @n is retired;
 * @pl, unless it is @n's own, was copied and is freed.
 */
static int s25_node_replace(struct s25_lpm *t, struct s25_node __rcu **ep,
			    struct s25_node *n, struct s25_pfxlist *pl,
			    const struct s25_child *ch, u32 nc)
{
	struct s25_node *nn;
	struct s25_runs r;

	nn = s25_node_build(t, n->depth, pl, ch, nc, &r);
	if (!nn)
		return -ENOMEM;
	nn->dflt = n->dflt;
	s25_runs_set_covers(&r);
	s25_runs_free(&r);
	rcu_assign_pointer(*ep, nn);
	if (pl != s25_node_pfx(n))
		s25_pfxlist_free(t, pl);
	s25_node_free_rcu(t, n);
	return 0;
}

/* Children of @n, with @add inserted or the child at @del_slot removed. */
static int s25_children_edit(struct s25_lpm *t, const struct s25_node *n,
			     const struct s25_child *add, int del_slot,
			     struct s25_child **out, u32 *nc)
{
	struct s25_child *ch, *grown;
	u32 i, k;
	int err;

	err = s25_node_children(t, n, &ch, nc);
	if (err)
		return err;
	if (del_slot >= 0) {
		for (i = 0, k = 0; i < *nc; i++)
			if (ch[i].slot != del_slot)
				ch[k++] = ch[i];
		*nc = k;
	}
	if (add) {
		grown = kvmalloc_array(*nc + 1, sizeof(*ch), GFP_KERNEL);
		if (!grown) {
			kvfree(ch);
			return -ENOMEM;
		}
		for (i = 0, k = 0; i < *nc && ch[i].slot < add->slot; i++)
			grown[k++] = ch[i];
		grown[k++] = *add;
		for (; i < *nc; i++)
			grown[k++] = ch[i];
		kvfree(ch);
		ch = grown;
		*nc = k;
	}
	*out = ch;
	return 0;
}

static int s25_bentry_cmp(const void *a, const void *b);
static struct s25_node *s25_build_child(struct s25_build *bd,
					const struct s25_bentry *e, size_t n,
					unsigned int depth);
static struct s25_node *s25_build_node(struct s25_build *bd,
				       const struct s25_bentry *e, size_t n,
				       unsigned int depth);
static void s25_build_end(struct s25_build *bd);

/* A solo at @ep meets a second prefix: both go into a new subtree. */
static int s25_solo_split(struct s25_lpm *t, struct s25_node __rcu **ep,
			  struct s25_node *old, const u8 *addr, u8 plen,
			  u32 value, unsigned int depth)
{
	struct s25_solo *so = s25_solo(old);
	struct s25_build bd = { .t = t };
	struct s25_bentry e[2] = { };
	struct s25_node *nn;

	if (s25_solo_is(so, addr, plen))
		return -EEXIST;
	s25_solo_addr(so, addr, e[0].addr);
	e[0].plen = so->plen;
	e[0].value = so->value;
	memcpy(e[1].addr, addr, t->bits / 8);
	e[1].plen = plen;
	e[1].value = value;
	if (s25_bentry_cmp(&e[0], &e[1]) > 0)
		swap(e[0], e[1]);
	nn = s25_build_node(&bd, e, 2, depth);
	s25_build_end(&bd);
	if (!nn)
		return -ENOMEM;
	*s25_child_dflt(nn) = so->dflt;
	rcu_assign_pointer(*ep, nn);
	s25_child_free_rcu(t, old);
	return 0;
}

static int s25_insert_deep(struct s25_lpm *t, struct s25_lpm_root *root,
			   const u8 *addr, u8 plen, u32 value)
{
	struct s25_node __rcu **ep = &root->slot[s25_key(addr, 0)];
	unsigned int depth = S25_STRIDE;
	struct s25_child *ch, add;
	struct s25_pfxlist *pl;
	struct s25_node *n;
	struct s25_pfx p;
	u32 nc, i;
	int err;

	for (;; depth += S25_STRIDE) {
		n = s25_deref(t, *ep);
		if (!s25_is_child(n)) {
			/* Only in the root: a leaf or nothing gets a solo. */
			add.node = s25_solo_new(t, addr, plen, value,
						n ? s25_leaf_value(n) : S25_NONE,
						depth);
			if (!add.node)
				return -ENOMEM;
			rcu_assign_pointer(*ep, add.node);
			return 0;
		}
		if (s25_is_solo(n))
			return s25_solo_split(t, ep, n, addr, plen, value, depth);
		if (plen <= depth + S25_STRIDE)
			break;
		if (s25_is_child(s25_node_find(t, n, s25_key(addr, depth), &i))) {
			ep = s25_node_ep(n, i);
			continue;
		}
		/* n gains a solo child; its dflt comes with n's new covers. */
		add.slot = s25_key(addr, depth);
		add.node = s25_solo_new(t, addr, plen, value, S25_NONE,
					depth + S25_STRIDE);
		if (!add.node)
			return -ENOMEM;
		err = s25_children_edit(t, n, &add, -1, &ch, &nc);
		if (!err) {
			err = s25_node_replace(t, ep, n, s25_node_pfx(n), ch,
					       nc);
			kvfree(ch);
		}
		if (err)
			s25_subtree_free_now(t, add.node);
		return err;
	}

	p.bits = s25_key(addr, depth) & s25_mask(plen - depth);
	p.len = plen - depth;
	p.value = value;
	if (s25_pfx_find(s25_node_pfx(n), p.bits, p.len))
		return -EEXIST;
	pl = s25_pfxlist_edit(t, s25_node_pfx(n), &p, true);
	if (IS_ERR(pl))
		return PTR_ERR(pl);
	err = s25_node_children(t, n, &ch, &nc);
	if (!err) {
		err = s25_node_replace(t, ep, n, pl, ch, nc);
		kvfree(ch);
	}
	if (err)
		s25_pfxlist_free(t, pl);
	return err;
}

int s25_lpm_insert(struct s25_lpm *t, const u8 *addr, u8 plen, u32 value)
{
	struct s25_lpm_root *root;
	bool fresh = false;
	int err;

	lockdep_assert_held(t->lock);
	err = s25_check(t, addr, plen);
	if (err)
		return err;
	if (value > S25_LPM_VALUE_MAX)
		return -ERANGE;
	root = s25_deref(t, t->root);
	if (!root) {
		root = s25_root_alloc(t);
		if (!root)
			return -ENOMEM;
		fresh = true;
	}
	if (plen <= S25_STRIDE)
		err = s25_insert_root(t, root, addr, plen, value);
	else
		err = s25_insert_deep(t, root, addr, plen, value);
	if (err) {
		if (fresh)
			s25_free_now(t, root, sizeof(*root));
		return err;
	}
	if (fresh)
		rcu_assign_pointer(t->root, root);
	t->nr_prefixes++;
	t->generation++;
	return 0;
}

/* True if the node holds no prefix and exactly one child. */
static bool s25_node_only_child(struct s25_lpm *t, const struct s25_node *n)
{
	u32 i, k = 0;

	if (s25_node_pfx(n) || s25_nruns(n) > 3)
		return false;
	for (i = 0; i < s25_nruns(n); i++)
		k += s25_is_child(s25_node_get(t, n, i));
	return k == 1;
}

/*
 * Unlinks the child at eps[lvl] (an emptied node or a solo whose prefix
 * goes) with every ancestor it leaves empty; path[0..lvl-1] are the nodes
 * above it.
 */
static int s25_unlink(struct s25_lpm *t, struct s25_node __rcu **eps[],
		      struct s25_node *path[], int lvl, const u8 *addr)
{
	struct s25_node *gone = s25_deref(t, *eps[lvl]), *parent;
	struct s25_child *ch;
	int top, i, err;
	u32 nc;

	for (top = lvl; top > 0 && s25_node_only_child(t, path[top - 1]); top--)
		;
	if (top > 0) {
		parent = path[top - 1];
		err = s25_children_edit(t, parent, NULL,
					s25_key(addr, parent->depth), &ch, &nc);
		if (err)
			return err;
		err = s25_node_replace(t, eps[top - 1], parent,
				       s25_node_pfx(parent),
				       ch, nc);
		kvfree(ch);
		if (err)
			return err;
	} else {
		u32 d = *s25_child_dflt(s25_deref(t, *eps[0]));

		rcu_assign_pointer(*eps[0], s25_leaf_or_null(d));
	}
	for (i = top; i < lvl; i++)
		s25_child_free_rcu(t, path[i]);
	s25_child_free_rcu(t, gone);
	return 0;
}

static int s25_delete_deep(struct s25_lpm *t, struct s25_lpm_root *root,
			   const u8 *addr, u8 plen, u32 *oldval)
{
	struct s25_node __rcu **eps[S25_MAX_LEVELS];
	struct s25_node *path[S25_MAX_LEVELS], *e;
	unsigned int depth = S25_STRIDE;
	struct s25_pfxlist *pl;
	const struct s25_pfx *f;
	struct s25_child *ch;
	int lvl = 0, err;
	u32 nc, value, i;

	eps[0] = &root->slot[s25_key(addr, 0)];
	for (;; lvl++, depth += S25_STRIDE) {
		e = s25_deref(t, *eps[lvl]);
		if (s25_is_solo(e)) {
			struct s25_solo *so = s25_solo(e);

			if (!s25_solo_is(so, addr, plen))
				return -ENOENT;
			value = so->value;
			err = s25_unlink(t, eps, path, lvl, addr);
			goto out;
		}
		if (!s25_is_node(e))
			return -ENOENT;
		path[lvl] = e;
		if (plen <= depth + S25_STRIDE)
			break;
		if (!s25_is_child(s25_node_find(t, e, s25_key(addr, depth), &i)))
			return -ENOENT;
		eps[lvl + 1] = s25_node_ep(e, i);
	}
	f = s25_pfx_find(s25_node_pfx(path[lvl]),
			 s25_key(addr, depth) & s25_mask(plen - depth),
			 plen - depth);
	if (!f)
		return -ENOENT;
	value = f->value;
	pl = s25_pfxlist_edit(t, s25_node_pfx(path[lvl]), f, false);
	if (IS_ERR(pl))
		return PTR_ERR(pl);
	err = s25_node_children(t, path[lvl], &ch, &nc);
	if (!err && !pl && !nc) {
		/* The node empties. */
		kvfree(ch);
		err = s25_unlink(t, eps, path, lvl, addr);
		goto out;
	}
	if (!err) {
		err = s25_node_replace(t, eps[lvl], path[lvl], pl, ch, nc);
		kvfree(ch);
	}
	if (err)
		s25_pfxlist_free(t, pl);
out:
	if (!err && oldval)
		*oldval = value;
	return err;
}

static void s25_root_maybe_drop(struct s25_lpm *t)
{
	struct s25_lpm_root *root = s25_deref(t, t->root);

	if (root && !t->nr_prefixes) {
		rcu_assign_pointer(t->root, NULL);
		s25_uncount(t, sizeof(*root));
		kvfree_rcu_mightsleep(root);
	}
}

int s25_lpm_delete(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *old)
{
	struct s25_lpm_root *root;
	int err;

	lockdep_assert_held(t->lock);
	err = s25_check(t, addr, plen);
	if (err)
		return err;
	root = s25_deref(t, t->root);
	if (!root)
		return -ENOENT;
	if (plen <= S25_STRIDE)
		err = s25_delete_root(t, root, addr, plen, old);
	else
		err = s25_delete_deep(t, root, addr, plen, old);
	if (err)
		return err;
	t->nr_prefixes--;
	t->generation++;
	s25_root_maybe_drop(t);
	return 0;
}

/* --- control-path readers --------------------------------------------- */

static void s25_prefix_fill(struct s25_lpm_prefix *p, const u8 *path,
			    unsigned int depth, const struct s25_pfx *f,
			    unsigned int bits)
{
	memset(p->addr, 0, sizeof(p->addr));
	memcpy(p->addr, path, depth / 8);
	if (depth < bits)
		put_unaligned_be16(f->bits, p->addr + depth / 8);
	p->plen = depth + f->len;
	p->value = f->value;
}

static void s25_prefix_of_solo(struct s25_lpm_prefix *p,
			       const struct s25_solo *so, const u8 *path)
{
	s25_solo_addr(so, path, p->addr);
	p->plen = so->plen;
	p->value = so->value;
}

int s25_lpm_get(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *value)
{
	struct s25_lpm_root *root = s25_deref(t, t->root);
	const struct s25_pfxlist *l = NULL;
	const struct s25_pfx *f;
	unsigned int depth = 0;
	struct s25_node *e;
	int err;

	lockdep_assert_held(t->lock);
	err = s25_check(t, addr, plen);
	if (err)
		return err;
	if (!root)
		return -ENOENT;
	if (plen <= S25_STRIDE)
		l = root->pfx;
	e = s25_deref(t, root->slot[s25_key(addr, 0)]);
	for (depth = S25_STRIDE; !l && s25_is_child(e); depth += S25_STRIDE) {
		if (s25_is_solo(e)) {
			const struct s25_solo *so = s25_solo(e);

			if (!s25_solo_is(so, addr, plen))
				return -ENOENT;
			*value = so->value;
			return 0;
		}
		if (plen <= depth + S25_STRIDE) {
			l = s25_node_pfx(e);
			break;
		}
		e = s25_node_find(t, e, s25_key(addr, depth), NULL);
	}
	if (!l)
		return -ENOENT;
	if (plen <= S25_STRIDE)
		depth = 0;
	f = s25_pfx_find(l, s25_key(addr, depth) & s25_mask(plen - depth),
			 plen - depth);
	if (!f)
		return -ENOENT;
	*value = f->value;
	return 0;
}

int s25_lpm_match(struct s25_lpm *t, const u8 *addr,
		  struct s25_lpm_prefix *match)
{
	struct s25_lpm_root *root = s25_deref(t, t->root);
	const struct s25_pfx *f;
	struct s25_node *e;
	bool found = false;
	unsigned int d;

	lockdep_assert_held(t->lock);
	if (!root)
		return -ENOENT;
	f = s25_pfx_cover(root->pfx, s25_key(addr, 0), S25_STRIDE + 1);
	if (f) {
		s25_prefix_fill(match, addr, 0, f, t->bits);
		found = true;
	}
	e = s25_deref(t, root->slot[s25_key(addr, 0)]);
	for (d = S25_STRIDE; s25_is_child(e); d += S25_STRIDE) {
		if (s25_is_solo(e)) {
			if (s25_solo_covers(s25_solo(e), addr)) {
				s25_prefix_of_solo(match, s25_solo(e), addr);
				found = true;
			}
			break;
		}
		f = s25_pfx_cover(s25_node_pfx(e), s25_key(addr, d),
				  S25_STRIDE + 1);
		if (f) {
			s25_prefix_fill(match, addr, d, f, t->bits);
			found = true;
		}
		e = s25_node_find(t, e, s25_key(addr, d), NULL);
	}
	return found ? 0 : -ENOENT;
}

struct s25_walk_level {
	const struct s25_pfxlist *pfx;
	const struct s25_node *n;	/* NULL for the root */
	u32 pi;				/* next prefix */
	u32 ci;				/* next slot (root) or run (node) */
};

/* The next child of a level from l->ci on, or NULL. */
static struct s25_node *s25_walk_child(struct s25_lpm *t,
				       const struct s25_lpm_root *root,
				       struct s25_walk_level *l, u32 *slot)
{
	struct s25_node *e;

	if (!l->n) {
		for (; l->ci < S25_SLOTS; l->ci++) {
			e = s25_deref(t, root->slot[l->ci]);
			if (s25_is_child(e)) {
				*slot = l->ci;
				return e;
			}
		}
		return NULL;
	}
	if (!s25_wide(l->n->kind))
		return NULL;
	for (; l->ci < s25_nruns(l->n); l->ci++) {
		e = s25_node_get(t, l->n, l->ci);
		if (s25_is_child(e)) {
			*slot = s25_run_start(l->n, l->ci);
			return e;
		}
	}
	return NULL;
}

/* Where a level's walk starts: the first run or slot at or after @slot. */
static u32 s25_walk_first(const struct s25_walk_level *l, u32 slot)
{
	u32 r;

	if (!l->n)
		return slot;
	if (slot >= S25_SLOTS)
		return s25_nruns(l->n);
	r = s25_node_run(l->n, slot, NULL);
	return s25_run_start(l->n, r) < slot ? r + 1 : r;
}

/*
 * Rebuilds the walk stack from the cursor: every level on the cursor's
 * path starts after the cursor's own branch; returns the top index.
 */
static int s25_walk_seek(struct s25_lpm *t, const struct s25_lpm_root *root,
			 const struct s25_lpm_cursor *c,
			 struct s25_walk_level *lv, u8 *path)
{
	unsigned int depth = 0;
	struct s25_node *e;
	int sp = 0;
	u32 cs;

	lv[0].pfx = root->pfx;
	lv[0].n = NULL;
	for (;; sp++, depth += S25_STRIDE) {
		struct s25_walk_level *l = &lv[sp];

		cs = s25_key(c->addr, depth);
		if (c->plen <= depth + S25_STRIDE) {
			l->pi = s25_pfx_lower(l->pfx, cs, c->plen - depth);
			l->ci = s25_walk_first(l, cs);
			return sp;
		}
		l->pi = cs == U16_MAX ? (l->pfx ? l->pfx->n : 0) :
			s25_pfx_lower(l->pfx, cs + 1, 0);
		if (!l->n)
			e = s25_deref(t, root->slot[cs]);
		else
			e = s25_node_find(t, l->n, cs, NULL);
		if (s25_is_solo(e)) {
			/* Walk it again only if it does not come before. */
			const struct s25_solo *so = s25_solo(e);
			u8 full[S25_LPM_ADDR_MAX];
			int c2;

			s25_solo_addr(so, c->addr, full);
			c2 = memcmp(full, c->addr, sizeof(full));

			l->ci = s25_walk_first(l, c2 > 0 ||
					       (!c2 && so->plen >= c->plen) ?
					       cs : cs + 1);
			return sp;
		}
		l->ci = s25_walk_first(l, cs + 1);
		if (!s25_is_node(e))
			return sp;
		put_unaligned_be16(cs, path + depth / 8);
		lv[sp + 1].pfx = s25_node_pfx(e);
		lv[sp + 1].n = e;
	}
}

int s25_lpm_walk(struct s25_lpm *t, struct s25_lpm_cursor *cursor,
		 s25_lpm_walk_fn fn, void *arg)
{
	struct s25_walk_level lv[S25_MAX_LEVELS];
	struct s25_lpm_prefix p;
	const struct s25_pfx *f;
	struct s25_lpm_root *root;
	u8 path[S25_LPM_ADDR_MAX] = { 0 };
	struct s25_node *child;
	u32 cslot = 0;
	int sp, err;

	lockdep_assert_held(t->lock);
	if (cursor->done)
		return 0;
	if (!cursor->started) {
		memset(cursor->addr, 0, sizeof(cursor->addr));
		cursor->plen = 0;
		cursor->started = true;
	}
	root = s25_deref(t, t->root);
	sp = root ? s25_walk_seek(t, root, cursor, lv, path) : -1;
	while (sp >= 0) {
		struct s25_walk_level *l = &lv[sp];
		unsigned int depth = sp * S25_STRIDE;

		f = l->pfx && l->pi < l->pfx->n ? &l->pfx->p[l->pi] : NULL;
		child = s25_walk_child(t, root, l, &cslot);
		if (f && (!child || f->bits <= cslot)) {
			s25_prefix_fill(&p, path, depth, f, t->bits);
			memcpy(cursor->addr, p.addr, sizeof(cursor->addr));
			cursor->plen = p.plen;
			err = fn(arg, &p);
			if (err)
				return err;
			l->pi++;
		} else if (s25_is_solo(child)) {
			put_unaligned_be16(cslot, path + depth / 8);
			s25_prefix_of_solo(&p, s25_solo(child), path);
			memcpy(cursor->addr, p.addr, sizeof(cursor->addr));
			cursor->plen = p.plen;
			err = fn(arg, &p);
			if (err)
				return err;
			l->ci++;
		} else if (child) {
			l->ci++;
			put_unaligned_be16(cslot, path + depth / 8);
			sp++;
			lv[sp].pfx = s25_node_pfx(child);
			lv[sp].n = child;
			lv[sp].pi = 0;
			lv[sp].ci = 0;
		} else {
			sp--;
		}
	}
	cursor->done = true;
	return 0;
}

/* --- bulk build --------------------------------------------------------- */

/*
 * What a builder knows about the order of its entries. Writers that feed
 * prefixes in order (the walk of a tree, smtp25ctl) keep it STRICT, and
 * prepare then neither sorts nor looks for duplicates.
 */
enum s25_order {
	S25_ORDER_STRICT,	/* increasing: sorted, no two equal */
	S25_ORDER_SORTED,	/* never decreasing: equal ones may follow */
	S25_ORDER_NONE,		/* to be sorted */
};

/*
 * A builder's entries are written into pages as they come, one after the
 * other, and mapped into one array by prepare (vmap()): however many
 * arrive, none is copied and nothing is reallocated, which a million
 * entries in a doubling array cost several times over.
 */
struct s25_lpm_builder {
	struct page **pages;
	size_t npages;
	size_t pages_cap;
	struct s25_bentry *e;		/* the pages mapped, or NULL */
	size_t n;
	unsigned int bits;
	gfp_t gfp;
	u8 order;			/* enum s25_order */
	struct s25_lpm *owner;		/* tree it was prepared for */
	struct s25_lpm_root *prepared;	/* built, not yet published */
	size_t bytes;			/* of owner->mem_bytes, prepared's */
};

#define S25_PER_PAGE	(PAGE_SIZE / sizeof(struct s25_bentry))

struct s25_lpm_builder *s25_lpm_builder_new(unsigned int bits, gfp_t gfp)
{
	struct s25_lpm_builder *b = kzalloc(sizeof(*b), gfp);

	BUILD_BUG_ON(PAGE_SIZE % sizeof(struct s25_bentry));
	if (b) {
		b->bits = bits;
		b->gfp = gfp;
		b->order = S25_ORDER_STRICT;
	}
	return b;
}

static size_t s25_pages_bytes(size_t cap)
{
	return cap ? s25_bytes(cap * sizeof(struct page *)) : 0;
}

/* Entry i, in the mapping or straight in its page. */
static struct s25_bentry *s25_builder_at(const struct s25_lpm_builder *b,
					 size_t i)
{
	if (b->e)
		return &b->e[i];
	return (struct s25_bentry *)page_address(b->pages[i / S25_PER_PAGE]) +
	       i % S25_PER_PAGE;
}

static void s25_builder_unmap(struct s25_lpm_builder *b)
{
	if (b->e)
		vunmap(b->e);
	b->e = NULL;
}

/* All entries as one array at b->e. */
static int s25_builder_map(struct s25_lpm_builder *b)
{
	if (b->e || !b->npages)
		return 0;
	b->e = vmap(b->pages, b->npages, VM_MAP, PAGE_KERNEL);
	return b->e ? 0 : -ENOMEM;
}

/* Frees every entry: the builder is empty (and unsorted state reset). */
static void s25_builder_clear(struct s25_lpm_builder *b)
{
	size_t i;

	s25_builder_unmap(b);
	for (i = 0; i < b->npages; i++)
		__free_page(b->pages[i]);
	atomic_long_sub(b->npages * PAGE_SIZE + s25_pages_bytes(b->pages_cap),
			&s25_lpm_bytes);
	kvfree(b->pages);
	b->pages = NULL;
	b->npages = 0;
	b->pages_cap = 0;
	b->n = 0;
	b->order = S25_ORDER_STRICT;
}

/* Where the next entry goes: a new page when the last one is full. */
static struct s25_bentry *s25_builder_slot(struct s25_lpm_builder *b)
{
	struct page **pages;
	size_t cap;

	/* an entry past the mapping: map again when needed */
	s25_builder_unmap(b);
	if (b->n < b->npages * S25_PER_PAGE)
		return s25_builder_at(b, b->n);
	if (b->npages == b->pages_cap) {
		cap = max_t(size_t, 64, 2 * b->pages_cap);
		pages = kvmalloc_array(cap, sizeof(*pages), b->gfp);
		if (!pages)
			return NULL;
		if (b->npages)
			memcpy(pages, b->pages, b->npages * sizeof(*pages));
		kvfree(b->pages);
		atomic_long_add(s25_pages_bytes(cap) -
				s25_pages_bytes(b->pages_cap), &s25_lpm_bytes);
		b->pages = pages;
		b->pages_cap = cap;
	}
	b->pages[b->npages] = alloc_page(b->gfp);
	if (!b->pages[b->npages])
		return NULL;
	atomic_long_add(PAGE_SIZE, &s25_lpm_bytes);
	return page_address(b->pages[b->npages++]);
}

/* Order of address, then prefix length: the order of walks and of builds. */
static int s25_bentry_cmp(const void *a, const void *b)
{
	const struct s25_bentry *x = a, *y = b;
	u64 xw = get_unaligned_be64(x->addr), yw = get_unaligned_be64(y->addr);

	if (xw == yw) {
		xw = get_unaligned_be64(x->addr + 8);
		yw = get_unaligned_be64(y->addr + 8);
	}
	if (xw != yw)
		return xw < yw ? -1 : 1;
	return (int)x->plen - (int)y->plen;
}

/* The order of @b once @e follows @prev. */
static void s25_builder_follow(struct s25_lpm_builder *b,
			       const struct s25_bentry *prev,
			       const struct s25_bentry *e)
{
	int c = s25_bentry_cmp(prev, e);

	if (c > 0)
		b->order = S25_ORDER_NONE;
	else if (!c && b->order == S25_ORDER_STRICT)
		b->order = S25_ORDER_SORTED;
}

/* Appends a copy of @from (checked) with @value and order @index. */
static int s25_builder_append(struct s25_lpm_builder *b,
			      const struct s25_bentry *from, u32 value,
			      u32 index)
{
	struct s25_bentry *e = s25_builder_slot(b);

	if (!e)
		return -ENOMEM;
	*e = *from;
	e->value = value;
	e->index = index;
	if (b->n && b->order != S25_ORDER_NONE)
		s25_builder_follow(b, s25_builder_at(b, b->n - 1), e);
	b->n++;
	return 0;
}

int s25_lpm_builder_add(struct s25_lpm_builder *b, const u8 *addr, u8 plen,
			u32 value)
{
	struct s25_lpm probe = { .bits = b->bits };
	struct s25_bentry *e;
	int err;

	err = s25_check(&probe, addr, plen);
	if (err)
		return err;
	if (value > S25_LPM_VALUE_MAX)
		return -ERANGE;
	if (b->n == U32_MAX)
		return -E2BIG;
	if (b->prepared)
		return -EBUSY;
	e = s25_builder_slot(b);
	if (!e)
		return -ENOMEM;
	if (b->bits == 32) {
		memcpy(e->addr, addr, 4);
		memset(e->addr + 4, 0, S25_LPM_ADDR_MAX - 4);
	} else {
		memcpy(e->addr, addr, S25_LPM_ADDR_MAX);
	}
	e->plen = plen;
	e->value = value;
	e->index = b->n;
	if (b->n && b->order != S25_ORDER_NONE)
		s25_builder_follow(b, s25_builder_at(b, b->n - 1), e);
	b->n++;
	return 0;
}

size_t s25_lpm_builder_count(const struct s25_lpm_builder *b)
{
	return b->n;
}

void s25_lpm_builder_get(const struct s25_lpm_builder *b, size_t i,
			 struct s25_lpm_prefix *p)
{
	const struct s25_bentry *e = s25_builder_at(b, i);

	memcpy(p->addr, e->addr, sizeof(p->addr));
	p->plen = e->plen;
	p->value = e->value;
}

/*
 * The prefixes of @t whose value v has (v & @mask) != @skip, added to @b
 * in the order of a walk, so that @b stays in order. Unlike a walk it
 * keeps no cursor and calls nothing per prefix: a replace that keeps the
 * other pools' prefixes passes over all of its own for nothing.
 */
int s25_lpm_builder_add_tree(struct s25_lpm_builder *b, struct s25_lpm *t,
			     u32 mask, u32 skip)
{
	struct s25_lpm_root *root = s25_deref(t, t->root);
	struct s25_walk_level lv[S25_MAX_LEVELS];
	u8 path[S25_LPM_ADDR_MAX] = { 0 };
	struct s25_walk_level *l;
	const struct s25_pfx *f;
	struct s25_lpm_prefix p;
	struct s25_node *child;
	struct s25_solo *so;
	u32 cslot = 0;
	int sp = 0, err;

	lockdep_assert_held(t->lock);
	if (b->bits != t->bits)
		return -EINVAL;
	if (!root)
		return 0;
	memset(&lv[0], 0, sizeof(lv[0]));
	lv[0].pfx = root->pfx;
	while (sp >= 0) {
		l = &lv[sp];
		child = s25_walk_child(t, root, l, &cslot);
		/* the level's own prefixes come before the child they cover */
		for (; l->pfx && l->pi < l->pfx->n; l->pi++) {
			f = &l->pfx->p[l->pi];
			if (child && f->bits > cslot)
				break;
			if ((f->value & mask) == skip)
				continue;
			s25_prefix_fill(&p, path, sp * S25_STRIDE, f, t->bits);
			err = s25_lpm_builder_add(b, p.addr, p.plen, f->value);
			if (err)
				return err;
		}
		if (!child) {
			sp--;
			continue;
		}
		l->ci++;
		put_unaligned_be16(cslot, path + sp * S25_STRIDE / 8);
		if (s25_is_solo(child)) {
			so = s25_solo(child);
			if ((so->value & mask) == skip)
				continue;
			s25_solo_addr(so, path, p.addr);
			err = s25_lpm_builder_add(b, p.addr, so->plen, so->value);
			if (err)
				return err;
			continue;
		}
		sp++;
		lv[sp].pfx = s25_node_pfx(child);
		lv[sp].n = child;
		lv[sp].pi = 0;
		lv[sp].ci = 0;
	}
	return 0;
}

/* Takes @from's entries over, as they are; @from is left empty. */
static void s25_builder_take(struct s25_lpm_builder *b,
			     struct s25_lpm_builder *from)
{
	swap(b->pages, from->pages);
	swap(b->npages, from->npages);
	swap(b->pages_cap, from->pages_cap);
	swap(b->e, from->e);
	swap(b->n, from->n);
	swap(b->order, from->order);
	s25_builder_clear(from);
}

int s25_lpm_builder_splice(struct s25_lpm_builder *b,
			   struct s25_lpm_builder *from, u32 value)
{
	struct s25_lpm_builder m = { .bits = b->bits, .gfp = b->gfp };
	const struct s25_bentry *x, *y;
	size_t i = 0, j = 0;
	int c, err = 0;

	if (b->bits != from->bits || b->prepared || from->prepared)
		return -EINVAL;
	if (value > S25_LPM_VALUE_MAX)
		return -ERANGE;
	if (!from->n)
		return 0;
	if (b->n + from->n > U32_MAX)
		return -E2BIG;
	if (!b->n) {
		/* Nothing to merge with: the pages change hands. */
		s25_builder_take(b, from);
		for (i = 0; i < b->n; i++)
			s25_builder_at(b, i)->value = value;
		return 0;
	}
	/* Two sorted runs merge, @b's first among equal ones; else append. */
	m.order = b->order == S25_ORDER_NONE || from->order == S25_ORDER_NONE ?
		  S25_ORDER_NONE : S25_ORDER_STRICT;
	while (!err && (i < b->n || j < from->n)) {
		x = i < b->n ? s25_builder_at(b, i) : NULL;
		y = j < from->n ? s25_builder_at(from, j) : NULL;
		c = !y ? -1 : !x ? 1 :
		    m.order == S25_ORDER_NONE ? -1 : s25_bentry_cmp(x, y);
		/* the order of addition: @b's own, then @from's */
		if (c <= 0) {
			err = s25_builder_append(&m, x, x->value, x->index);
			i++;
		} else {
			err = s25_builder_append(&m, y, value, b->n + y->index);
			j++;
		}
	}
	if (err) {
		s25_builder_clear(&m);
		return err;
	}
	s25_builder_clear(b);
	s25_builder_take(b, &m);
	s25_builder_clear(from);
	return 0;
}

void s25_lpm_builder_free(struct s25_lpm_builder *b)
{
	if (!b)
		return;
	if (b->prepared)
		s25_root_free_now(b->owner, b->prepared);
	s25_builder_clear(b);
	kfree(b);
}

static void s25_build_end(struct s25_build *bd)
{
	unsigned int i;

	if (bd->rcap)
		s25_runs_free(&bd->r);
	for (i = 0; i < S25_MAX_LEVELS; i++)
		kvfree(bd->ch[i]);
	kvfree(bd->pfx);
}

/* Room in bd->r for the runs of a level of @np prefixes, @nc children. */
static int s25_build_runs(struct s25_build *bd, u32 np, u32 nc)
{
	u32 cap = s25_runs_max(np, nc);

	if (cap <= bd->rcap)
		return 0;
	if (bd->rcap)
		s25_runs_free(&bd->r);
	cap = max3(cap, min_t(u32, 2 * bd->rcap, S25_SLOTS), 64U);
	bd->rcap = s25_runs_alloc_cap(&bd->r, cap) ? 0 : cap;
	return bd->rcap ? 0 : -ENOMEM;
}

/* The array for the @nc children of a node at @depth. */
static struct s25_child *s25_build_children(struct s25_build *bd,
					    unsigned int depth, u32 nc)
{
	unsigned int lvl = depth / S25_STRIDE - 1;
	u32 cap;

	if (nc > bd->chcap[lvl]) {
		cap = max3(nc, 2 * bd->chcap[lvl], 64U);
		kvfree(bd->ch[lvl]);
		bd->ch[lvl] = kvmalloc_array(cap, sizeof(struct s25_child),
					     GFP_KERNEL);
		bd->chcap[lvl] = bd->ch[lvl] ? cap : 0;
	}
	return bd->ch[lvl];
}

static struct s25_pfxlist *s25_build_pfxlist(struct s25_lpm *t,
					     const struct s25_bentry *e,
					     size_t n, unsigned int depth,
					     u32 np)
{
	struct s25_pfxlist *l;
	size_t i;
	u32 k = 0;

	if (!np)
		return NULL;
	l = s25_alloc(t, s25_pfxlist_size(np));
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->n = np;
	for (i = 0; i < n; i++) {
		if (e[i].plen > depth + S25_STRIDE)
			continue;
		l->p[k].bits = s25_key(e[i].addr, depth) &
			       s25_mask(e[i].plen - depth);
		l->p[k].len = e[i].plen - depth;
		l->p[k++].value = e[i].value;
	}
	return l;
}

/* The @np prefixes of the level at @depth among @e, into bd->pfx. */
static int s25_build_prefixes(struct s25_build *bd,
			      const struct s25_bentry *e, size_t n,
			      unsigned int depth, u32 np)
{
	size_t i;
	u32 k = 0, cap;

	if (np > bd->pfxcap) {
		cap = max3(np, 2 * bd->pfxcap, 64U);
		kvfree(bd->pfx);
		bd->pfx = kvmalloc_array(cap, sizeof(*bd->pfx), GFP_KERNEL);
		bd->pfxcap = bd->pfx ? cap : 0;
		if (!bd->pfx)
			return -ENOMEM;
	}
	for (i = 0; i < n && k < np; i++) {
		if (e[i].plen > depth + S25_STRIDE)
			continue;
		bd->pfx[k].bits = s25_key(e[i].addr, depth) &
				  s25_mask(e[i].plen - depth);
		bd->pfx[k].len = e[i].plen - depth;
		bd->pfx[k++].value = e[i].value;
	}
	return 0;
}

/* Number of distinct child slots among the entries longer than the level. */
static u32 s25_build_count(const struct s25_bentry *e, size_t n,
			   unsigned int depth, u32 *np)
{
	u32 nc = 0, last = U32_MAX;
	size_t i;

	*np = 0;
	for (i = 0; i < n; i++) {
		if (e[i].plen <= depth + S25_STRIDE) {
			(*np)++;
		} else if (s25_key(e[i].addr, depth) != last) {
			last = s25_key(e[i].addr, depth);
			nc++;
		}
	}
	return nc;
}

/*
 * Builds the node at @depth for sorted entries that all share the address
 * bits above @depth and are longer than @depth. Recurses once per level:
 * at most seven deep for IPv6, whatever the number of prefixes. The node
 * is not visible to anyone yet: its children's covers are set at once.
 */
static struct s25_node *s25_build_node(struct s25_build *bd,
				       const struct s25_bentry *e, size_t n,
				       unsigned int depth)
{
	struct s25_lpm *t = bd->t;
	struct s25_child *ch = NULL;
	struct s25_node *node = NULL;
	size_t i, j;
	u32 np, nc, k = 0;

	nc = s25_build_count(e, n, depth, &np);
	if (nc) {
		/* The children below use the arrays of deeper levels. */
		ch = s25_build_children(bd, depth, nc);
		if (!ch)
			return NULL;
	}
	for (i = 0; i < n; i = j) {
		u16 slot = s25_key(e[i].addr, depth);

		if (e[i].plen <= depth + S25_STRIDE) {
			j = i + 1;
			continue;
		}
		/* The child's entries: same slot, longer than this level. */
		for (j = i + 1; j < n && s25_key(e[j].addr, depth) == slot; j++)
			;
		ch[k].slot = slot;
		ch[k].node = s25_build_child(bd, e + i, j - i,
					     depth + S25_STRIDE);
		if (!ch[k].node)
			goto out;
		k++;
	}
	/* The children are made: the scratch is this node's now. */
	if (s25_build_runs(bd, np, nc) || s25_build_prefixes(bd, e, n, depth, np))
		goto out;
	s25_compile(&bd->r, bd->pfx, np, ch, nc, 0, S25_SLOTS, S25_NONE);
	node = s25_node_make(t, &bd->r, depth, bd->pfx, np);
	if (node)
		s25_runs_set_covers(&bd->r);
out:
	if (!node)
		while (k--)
			s25_subtree_free_now(t, ch[k].node);
	return node;
}

/* A subtree: a solo for one prefix, else a node. */
static struct s25_node *s25_build_child(struct s25_build *bd,
					const struct s25_bentry *e, size_t n,
					unsigned int depth)
{
	if (n == 1)
		return s25_solo_new(bd->t, e->addr, e->plen, e->value,
				    S25_NONE, depth);
	return s25_build_node(bd, e, n, depth);
}

/* A complete new root for sorted, duplicate-free entries. */
static struct s25_lpm_root *s25_build_root(struct s25_build *bd,
					   const struct s25_bentry *e, size_t n)
{
	struct s25_lpm *t = bd->t;
	struct s25_lpm_root *root = s25_root_alloc(t);
	struct s25_node *node;
	size_t i, j;
	u32 np = 0;

	if (!root)
		return NULL;
	for (i = 0; i < n; i++)
		np += e[i].plen <= S25_STRIDE;
	root->pfx = s25_build_pfxlist(t, e, n, 0, np);
	if (IS_ERR(root->pfx)) {
		root->pfx = NULL;
		goto err;
	}
	for (i = 0; i < n; i = j) {
		u16 slot = s25_key(e[i].addr, 0);

		if (e[i].plen <= S25_STRIDE) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < n && s25_key(e[j].addr, 0) == slot; j++)
			;
		node = s25_build_child(bd, e + i, j - i, S25_STRIDE);
		if (!node)
			goto err;
		RCU_INIT_POINTER(root->slot[slot], node);
		cond_resched();
	}
	if (s25_root_refresh(t, root, 0, 0))
		goto err;
	return root;
err:
	s25_root_free_now(t, root);
	return NULL;
}

int s25_lpm_builder_prepare(struct s25_lpm *t, struct s25_lpm_builder *b,
			    struct s25_lpm_prefix *dup, size_t *dup_index)
{
	struct s25_build bd = { .t = t };
	const struct s25_bentry *x, *y;
	size_t i, before;

	lockdep_assert_held(t->lock);
	if (b->bits != t->bits || b->prepared)
		return -EINVAL;
	if (s25_builder_map(b))
		return -ENOMEM;
	if (b->order == S25_ORDER_NONE)
		sort(b->e, b->n, sizeof(*b->e), s25_bentry_cmp, NULL);
	for (i = 1; b->order != S25_ORDER_STRICT && i < b->n; i++) {
		if (s25_bentry_cmp(&b->e[i - 1], &b->e[i]))
			continue;
		/* Name the later addition; give the earlier one's value. */
		x = b->e[i - 1].index < b->e[i].index ? &b->e[i - 1] : &b->e[i];
		y = x == &b->e[i] ? &b->e[i - 1] : &b->e[i];
		if (dup) {
			memcpy(dup->addr, x->addr, sizeof(dup->addr));
			dup->plen = x->plen;
			dup->value = x->value;
		}
		if (dup_index)
			*dup_index = y->index;
		return -EEXIST;
	}
	b->owner = t;
	b->bytes = 0;
	if (!b->n)
		return 0;
	before = t->mem_bytes;
	b->prepared = s25_build_root(&bd, b->e, b->n);
	s25_build_end(&bd);
	if (!b->prepared)
		return -ENOMEM;
	b->bytes = t->mem_bytes - before;
	return 0;
}

void s25_lpm_builder_publish(struct s25_lpm *t, struct s25_lpm_builder *b)
{
	struct s25_lpm_root *old = s25_deref(t, t->root);

	lockdep_assert_held(t->lock);
	if (WARN_ON(b->owner != t))
		return;
	rcu_assign_pointer(t->root, b->prepared);
	b->prepared = NULL;
	b->owner = NULL;
	t->nr_prefixes = b->n;
	t->generation++;
	s25_root_retire(t, old, t->mem_bytes - b->bytes);
}

int s25_lpm_builder_commit(struct s25_lpm *t, struct s25_lpm_builder *b,
			   size_t *bad_index)
{
	int err = s25_lpm_builder_prepare(t, b, NULL, bad_index);

	if (!err)
		s25_lpm_builder_publish(t, b);
	return err;
}
