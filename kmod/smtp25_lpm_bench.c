// SPDX-License-Identifier: GPL-2.0
/*
 * Lookup benchmark: the smtp25 LPM tree against the kernel's BPF LPM trie
 * (kernel/bpf/lpm_trie.c), loaded with the same random prefixes and probed
 * with the same keys, side by side in one run.
 *
 * It is a KUnit suite of its own ("smtp25_lpm_bench") so that it runs in a
 * UML kernel and halts it afterwards; it prints figures and never fails.
 * It is only built with CONFIG_SMTP25_LPM_BENCH, never with the tests.
 *
 * For every family and size it prints one line per structure, prefixed
 * with "smtp25-bench:", that tests/bench/run.sh turns into a table:
 *   bulk_ms     smtp25: builder add + commit; BPF: no bulk load (-)
 *   replace_ms  smtp25: a pool replace's tree work: every prefix copied
 *               out of the tree (s25_lpm_builder_add_tree), the new tree
 *               built and published, the old one freed; BPF: -
 *   locked_ms   smtp25: the part of replace_ms with the writers' mutex
 *               held (the old tree is freed after it, by a work item)
 *   ins_ns      incremental insert, per prefix (smtp25_lpm_insert, or
 *               map_update_elem), into an empty structure
 *   indep_ns    per lookup, keys from a precomputed array (throughput)
 *   dep_ns      per lookup, each key chosen from the previous result
 *               (latency: lookups cannot overlap)
 *   base_ns     the dependent loop with no lookup, only the key fetch
 *               from a random place of the key array (a cache miss too)
 *   B/pfx       smtp25: t->mem_bytes / prefixes; BPF: its nodes counted by
 *               walking the trie, times ksize() of a node, plus the map
 *   lines       distinct cache lines one lookup reads, average and max;
 *               BPF: the lines of the nodes the lookup visits
 *   free_ms     time to free the structure (smtp25 waits a grace period)
 *
 * To count the BPF trie's nodes the bench mirrors lpm_trie.c's private
 * layout (6.1); it checks the mirror against the map's known fields and
 * prints "-" instead of a figure if they do not agree.
 */

#define pr_fmt(fmt) "smtp25-bench: " fmt

#include <kunit/test.h>
#include <linux/bpf.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "smtp25_lpm.h"

#define B25_KEYS	SZ_1M		/* precomputed keys, a power of two */
#define B25_LOOKUPS	SZ_2M		/* lookups per measurement */
#define B25_CHUNK	4096		/* lookups per rcu_read_lock() */
#define B25_LINE_KEYS	100000		/* keys sampled for line counts */
#define B25_REPEAT	3		/* lookup figures: best of these */

struct b25_case {
	unsigned int bits;
	unsigned int n;
	u8 minlen, maxlen;
};

static const struct b25_case b25_cases[] = {
	{ 32, 10000, 8, 32 },
	{ 32, 100000, 8, 32 },
	{ 32, 1000000, 8, 32 },
	{ 128, 10000, 32, 64 },
	{ 128, 100000, 32, 64 },
	{ 128, 1000000, 32, 64 },
};

static void b25_desc(const struct b25_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u %u prefixes /%u-/%u",
		 c->bits == 32 ? 4 : 6, c->n, c->minlen, c->maxlen);
}

KUNIT_ARRAY_PARAM(b25, b25_cases, b25_desc);

struct b25_pfx {
	u8 addr[S25_LPM_ADDR_MAX];
	u8 plen;
};

/* Mirror of kernel/bpf/lpm_trie.c's private structures (6.1). */
struct b25_trie_node {
	struct rcu_head rcu;
	struct b25_trie_node __rcu *child[2];
	u32 prefixlen;
	u32 flags;
	u8 data[];
};

struct b25_trie {
	struct bpf_map map;
	struct b25_trie_node __rcu *root;
	size_t n_entries;
	size_t max_prefixlen;
	size_t data_size;
	spinlock_t lock;	/* the map's writer lock */
};

#define B25_FLAG_IM	BIT(0)

struct b25_row {
	const char *name;
	u64 bulk_ns, replace_ns, locked_ns, ins_ns, indep_ns, dep_ns, free_ns;
	u64 base_ns;		/* the dependent loop without lookups */
	u64 bytes;		/* 0: unknown */
	unsigned long lines_sum, lines_max, lines_n;
	unsigned long ins_fail;
};

static DEFINE_MUTEX(b25_lock);
static u32 b25_sink;

static u32 b25_below(struct rnd_state *rs, u32 n)
{
	return ((u64)prandom_u32_state(rs) * n) >> 32;
}

static void b25_rnd_bytes(struct rnd_state *rs, u8 *p, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i += 4) {
		u32 r = prandom_u32_state(rs);

		memcpy(p + i, &r, min(4U, len - i));
	}
}

static void b25_mask(u8 *addr, unsigned int plen, unsigned int bits)
{
	unsigned int i;

	for (i = plen; i < bits; i++)
		addr[i / 8] &= ~(0x80 >> (i % 8));
}

static int b25_pfx_cmp(const void *a, const void *b)
{
	const struct b25_pfx *x = a, *y = b;
	int c = memcmp(x->addr, y->addr, S25_LPM_ADDR_MAX);

	return c ? c : (int)x->plen - (int)y->plen;
}

static void b25_draw(struct rnd_state *rs, const struct b25_case *c,
		     struct b25_pfx *p)
{
	memset(p, 0, sizeof(*p));
	b25_rnd_bytes(rs, p->addr, c->bits / 8);
	p->plen = c->minlen + b25_below(rs, c->maxlen - c->minlen + 1);
	b25_mask(p->addr, p->plen, c->bits);
}

/*
 * @n unique random prefixes, lengths drawn uniformly (short lengths run
 * out of distinct prefixes and are topped up from the longer ones), in
 * random order. Returns NULL on allocation failure.
 */
static struct b25_pfx *b25_prefixes(struct rnd_state *rs,
				    const struct b25_case *c)
{
	size_t cap = c->n + c->n / 2 + 64, m = 0, i, u;
	struct b25_pfx *p = kvmalloc_array(cap, sizeof(*p), GFP_KERNEL);

	if (!p)
		return NULL;
	for (;;) {
		size_t want = m ? (c->n - m) * 3 / 2 + 64 : c->n;

		want = min(want, cap - m);
		for (i = 0; i < want; i++)
			b25_draw(rs, c, &p[m + i]);
		m += want;
		sort(p, m, sizeof(*p), b25_pfx_cmp, NULL);
		for (u = 1, i = 1; i < m; i++)
			if (b25_pfx_cmp(&p[u - 1], &p[i]))
				p[u++] = p[i];
		m = u;
		if (m >= c->n)
			break;
		cond_resched();
	}
	/* swap() evaluates its arguments twice: draw u first. */
	for (i = m - 1; i > 0; i--) {
		u = b25_below(rs, i + 1);
		swap(p[i], p[u]);
	}
	return p;
}

/*
 * Keys as BPF LPM keys (u32 prefixlen, then the address): half of them
 * inside a random prefix of the set, half random.
 */
static u8 *b25_keys(struct rnd_state *rs, const struct b25_case *c,
		    const struct b25_pfx *p, size_t stride)
{
	unsigned int alen = c->bits / 8, i, j;
	u8 *k = kvmalloc_array(B25_KEYS, stride, GFP_KERNEL);

	if (!k)
		return NULL;
	for (i = 0; i < B25_KEYS; i++) {
		u8 *key = k + (size_t)i * stride;
		u32 plen = c->bits;
		u8 *a = key + sizeof(u32);

		memcpy(key, &plen, sizeof(plen));
		b25_rnd_bytes(rs, a, alen);
		if (i & 1) {
			const struct b25_pfx *q = &p[b25_below(rs, c->n)];

			for (j = 0; j < q->plen; j++) {
				u8 bit = 0x80 >> (j % 8);

				a[j / 8] = (a[j / 8] & ~bit) | (q->addr[j / 8] & bit);
			}
		}
	}
	return k;
}

/* --- the smtp25 tree --------------------------------------------------- */

static bool b25_s25_lookup(const struct s25_lpm *t, const u8 *key, u32 *v)
{
	return s25_lpm_lookup(t, key + sizeof(u32), v);
}

static u64 b25_s25_indep(const struct s25_lpm *t, const u8 *keys,
			 size_t stride, unsigned int nlookups)
{
	unsigned int i = 0, j;
	u32 sum = 0, v;
	u64 t0;

	t0 = ktime_get_ns();
	while (i < nlookups) {
		rcu_read_lock();
		for (j = 0; j < B25_CHUNK; j++, i++) {
			const u8 *key = keys + (size_t)(i & (B25_KEYS - 1)) * stride;

			if (b25_s25_lookup(t, key, &v))
				sum += v;
		}
		rcu_read_unlock();
		cond_resched();
	}
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(b25_sink, sum);
	return t0;
}

static u64 b25_s25_dep(const struct s25_lpm *t, const u8 *keys, size_t stride)
{
	unsigned int i = 0, j, idx = 0;
	u32 v;
	u64 t0;

	t0 = ktime_get_ns();
	while (i < B25_LOOKUPS) {
		rcu_read_lock();
		for (j = 0; j < B25_CHUNK; j++, i++) {
			const u8 *key = keys + (size_t)idx * stride;

			if (!b25_s25_lookup(t, key, &v))
				v = U32_MAX;
			idx = (idx * 2654435761U + v + i) & (B25_KEYS - 1);
		}
		rcu_read_unlock();
		cond_resched();
	}
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(b25_sink, idx);
	return t0;
}

/*
 * The dependent loop without a lookup: it fetches the same kind of keys at
 * random places of the key array, which costs a cache miss of its own.
 * Subtracted from the dependent figures, it leaves the lookup's latency.
 */
static u64 b25_dep_base(const u8 *keys, size_t stride)
{
	unsigned int i, idx = 0;
	u32 v;
	u64 t0;

	t0 = ktime_get_ns();
	for (i = 0; i < B25_LOOKUPS; i++) {
		memcpy(&v, keys + (size_t)idx * stride + sizeof(u32), sizeof(v));
		idx = (idx * 2654435761U + v + i) & (B25_KEYS - 1);
		if (!(i % B25_CHUNK))
			cond_resched();
	}
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(b25_sink, idx);
	return t0;
}

/* --- the BPF LPM trie ---------------------------------------------------- */

static void *b25_bpf_lookup(struct bpf_map *map, const u8 *key)
{
	return trie_map_ops.map_lookup_elem(map, (void *)key);
}

static u64 b25_bpf_indep(struct bpf_map *map, const u8 *keys, size_t stride,
			 unsigned int nlookups)
{
	unsigned int i = 0, j;
	u32 sum = 0;
	u32 *vp;
	u64 t0;

	t0 = ktime_get_ns();
	while (i < nlookups) {
		rcu_read_lock();
		for (j = 0; j < B25_CHUNK; j++, i++) {
			const u8 *key = keys + (size_t)(i & (B25_KEYS - 1)) * stride;

			vp = b25_bpf_lookup(map, key);
			if (vp)
				sum += *vp;
		}
		rcu_read_unlock();
		cond_resched();
	}
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(b25_sink, sum);
	return t0;
}

static u64 b25_bpf_dep(struct bpf_map *map, const u8 *keys, size_t stride)
{
	unsigned int i = 0, j, idx = 0;
	u32 *vp, v;
	u64 t0;

	t0 = ktime_get_ns();
	while (i < B25_LOOKUPS) {
		rcu_read_lock();
		for (j = 0; j < B25_CHUNK; j++, i++) {
			const u8 *key = keys + (size_t)idx * stride;

			vp = b25_bpf_lookup(map, key);
			v = vp ? *vp : U32_MAX;
			idx = (idx * 2654435761U + v + i) & (B25_KEYS - 1);
		}
		rcu_read_unlock();
		cond_resched();
	}
	t0 = ktime_get_ns() - t0;
	WRITE_ONCE(b25_sink, idx);
	return t0;
}

static bool b25_bpf_layout_ok(struct bpf_map *map, const struct b25_case *c)
{
	struct b25_trie *trie = container_of(map, struct b25_trie, map);

	return trie->n_entries == c->n && trie->data_size == c->bits / 8 &&
	       trie->max_prefixlen == c->bits;
}

static unsigned long b25_lines(const void *p, size_t len)
{
	unsigned long first = (unsigned long)p / L1_CACHE_BYTES;
	unsigned long last = ((unsigned long)p + len - 1) / L1_CACHE_BYTES;

	return last - first + 1;
}

/* Nodes and cache lines the BPF lookup of @key visits, as lpm_trie.c. */
static unsigned long b25_bpf_lookup_lines(struct bpf_map *map, const u8 *key)
{
	struct b25_trie *trie = container_of(map, struct b25_trie, map);
	size_t size = sizeof(struct b25_trie_node) + trie->data_size;
	const u8 *data = key + sizeof(u32);
	struct b25_trie_node *node;
	unsigned long lines = 0;

	node = rcu_dereference(trie->root);
	while (node) {
		unsigned int plen = node->prefixlen, i, next;

		lines += b25_lines(node, size + (node->flags & B25_FLAG_IM ?
						 0 : map->value_size));
		for (i = 0; i < plen; i++)
			if ((node->data[i / 8] ^ data[i / 8]) & (0x80 >> (i % 8)))
				return lines;
		if (plen == trie->max_prefixlen)
			return lines;
		next = !!(data[plen / 8] & (0x80 >> (plen % 8)));
		node = rcu_dereference(node->child[next]);
	}
	return lines;
}

/* Bytes held by the trie: every node's slab object, plus the map. */
static u64 b25_bpf_bytes(struct bpf_map *map)
{
	struct b25_trie *trie = container_of(map, struct b25_trie, map);
	struct b25_trie_node *stack[130], *node;
	u64 bytes = sizeof(*trie);
	int sp = 0;

	node = rcu_dereference_protected(trie->root, 1);
	if (node)
		stack[sp++] = node;
	while (sp > 0) {
		node = stack[--sp];
		bytes += ksize(node);
		if (sp + 2 > ARRAY_SIZE(stack))
			return 0;
		if (rcu_access_pointer(node->child[0]))
			stack[sp++] = rcu_dereference_protected(node->child[0], 1);
		if (rcu_access_pointer(node->child[1]))
			stack[sp++] = rcu_dereference_protected(node->child[1], 1);
	}
	return bytes;
}

static struct bpf_map *b25_bpf_alloc(const struct b25_case *c)
{
	union bpf_attr attr = {};

	attr.map_type = BPF_MAP_TYPE_LPM_TRIE;
	attr.key_size = sizeof(u32) + c->bits / 8;
	attr.value_size = sizeof(u32);
	attr.max_entries = c->n;
	attr.map_flags = BPF_F_NO_PREALLOC;
	return trie_map_ops.map_alloc(&attr);
}

/* --- one case ------------------------------------------------------------ */

static void b25_print(const struct b25_case *c, const struct b25_row *r,
		      unsigned long mismatches)
{
	char bytes[24] = "-", lines[24] = "-", bulk[24] = "-", repl[24] = "-";
	char locked[24] = "-";

	if (r->bulk_ns)
		snprintf(bulk, sizeof(bulk), "%llu",
			 div_u64(r->bulk_ns, NSEC_PER_MSEC));
	if (r->replace_ns)
		snprintf(repl, sizeof(repl), "%llu",
			 div_u64(r->replace_ns, NSEC_PER_MSEC));
	if (r->locked_ns)
		snprintf(locked, sizeof(locked), "%llu",
			 div_u64(r->locked_ns, NSEC_PER_MSEC));
	if (r->bytes)
		snprintf(bytes, sizeof(bytes), "%llu.%llu",
			 div_u64(r->bytes, c->n),
			 div_u64(r->bytes * 10, c->n) % 10);
	if (r->lines_n)
		snprintf(lines, sizeof(lines), "%lu.%02lu/%lu",
			 r->lines_sum / r->lines_n,
			 r->lines_sum * 100 / r->lines_n % 100, r->lines_max);
	pr_info("row IPv%u %u %s bulk_ms=%s replace_ms=%s locked_ms=%s ins_ns=%llu indep_ns=%llu.%llu dep_ns=%llu.%llu base_ns=%llu.%llu bpfx=%s lines=%s free_ms=%llu ins_fail=%lu mismatch=%lu\n",
		c->bits == 32 ? 4 : 6, c->n, r->name, bulk, repl, locked,
		div_u64(r->ins_ns, c->n),
		div_u64(r->indep_ns, B25_LOOKUPS),
		div_u64(r->indep_ns * 10, B25_LOOKUPS) % 10,
		div_u64(r->dep_ns, B25_LOOKUPS),
		div_u64(r->dep_ns * 10, B25_LOOKUPS) % 10,
		div_u64(r->base_ns, B25_LOOKUPS),
		div_u64(r->base_ns * 10, B25_LOOKUPS) % 10,
		bytes, lines, div_u64(r->free_ns, NSEC_PER_MSEC), r->ins_fail,
		mismatches);
}

static void b25_run(struct kunit *test)
{
	const struct b25_case *c = test->param_value;
	size_t stride = sizeof(u32) + c->bits / 8;
	struct b25_row rs25 = { .name = "smtp25" }, rbpf = { .name = "bpf-lpm" };
	struct s25_lpm_builder *b = NULL;
	struct s25_lpm *t = NULL;
	struct bpf_map *map = NULL;
	struct b25_pfx *p = NULL;
	unsigned long mismatches = 0;
	struct rnd_state rs;
	u8 key[sizeof(u32) + S25_LPM_ADDR_MAX];
	u8 *keys = NULL;
	unsigned int i;
	u64 t0;
	int err;

	prandom_seed_state(&rs, 0x25be9c + c->n + c->bits);
	t0 = ktime_get_ns();
	p = b25_prefixes(&rs, c);
	keys = p ? b25_keys(&rs, c, p, stride) : NULL;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!p || !keys || !t) {
		kunit_info(test, "out of memory for the inputs\n");
		goto out;
	}
	kunit_info(test, "inputs ready in %llu ms\n",
		   div_u64(ktime_get_ns() - t0, NSEC_PER_MSEC));

	/* smtp25: incremental inserts, then free, then the bulk builder. */
	s25_lpm_init(t, c->bits, &b25_lock);
	mutex_lock(&b25_lock);
	t0 = ktime_get_ns();
	for (i = 0; i < c->n; i++) {
		if (s25_lpm_insert(t, p[i].addr, p[i].plen, i))
			rs25.ins_fail++;
		if (!(i % 1024)) {
			mutex_unlock(&b25_lock);
			cond_resched();
			mutex_lock(&b25_lock);
		}
	}
	rs25.ins_ns = ktime_get_ns() - t0;
	kunit_info(test, "smtp25 incremental: %zu prefixes, mem_bytes %zu\n",
		   t->nr_prefixes, t->mem_bytes);
	s25_lpm_destroy(t);
	mutex_unlock(&b25_lock);
	rcu_barrier();

	t0 = ktime_get_ns();
	b = s25_lpm_builder_new(c->bits, GFP_KERNEL);
	err = b ? 0 : -ENOMEM;
	for (i = 0; i < c->n && !err; i++)
		err = s25_lpm_builder_add(b, p[i].addr, p[i].plen, i);
	if (!err) {
		mutex_lock(&b25_lock);
		err = s25_lpm_builder_commit(t, b, NULL);
		mutex_unlock(&b25_lock);
	}
	rs25.bulk_ns = ktime_get_ns() - t0;
	s25_lpm_builder_free(b);
	if (err) {
		kunit_info(test, "smtp25 builder failed: %d\n", err);
		goto out;
	}
	rs25.bytes = t->mem_bytes;

	t0 = ktime_get_ns();
	b = s25_lpm_builder_new(c->bits, GFP_KERNEL);
	err = b ? 0 : -ENOMEM;
	mutex_lock(&b25_lock);
	if (!err)
		err = s25_lpm_builder_add_tree(b, t, 0, 1);
	if (!err)
		err = s25_lpm_builder_commit(t, b, NULL);
	mutex_unlock(&b25_lock);
	rs25.locked_ns = ktime_get_ns() - t0;
	/* The old root is freed by a work item: count that in. */
	s25_lpm_flush(t);
	rs25.replace_ns = ktime_get_ns() - t0;
	s25_lpm_builder_free(b);
	if (err) {
		kunit_info(test, "smtp25 replace failed: %d\n", err);
		goto out;
	}

	/* BPF LPM trie: map_update_elem() for each, as the syscall does. */
	map = b25_bpf_alloc(c);
	if (IS_ERR(map)) {
		kunit_info(test, "BPF LPM trie: map_alloc %ld\n", PTR_ERR(map));
		map = NULL;
	}
	t0 = ktime_get_ns();
	for (i = 0; map && i < c->n; i++) {
		u32 plen = p[i].plen;

		memcpy(key, &plen, sizeof(plen));
		memcpy(key + sizeof(u32), p[i].addr, c->bits / 8);
		rcu_read_lock();
		if (trie_map_ops.map_update_elem(map, key, &i, BPF_NOEXIST))
			rbpf.ins_fail++;
		rcu_read_unlock();
		if (!(i % 1024))
			cond_resched();
	}
	rbpf.ins_ns = ktime_get_ns() - t0;
	if (map && b25_bpf_layout_ok(map, c))
		rbpf.bytes = b25_bpf_bytes(map);

	/* Both must agree on every key before any figure means anything. */
	for (i = 0; i < B25_KEYS; i++) {
		const u8 *k = keys + (size_t)i * stride;
		u32 v1 = U32_MAX, *vp;
		bool f1;

		rcu_read_lock();
		f1 = b25_s25_lookup(t, k, &v1);
		vp = map ? b25_bpf_lookup(map, k) : NULL;
		if (map && (f1 != !!vp || (vp && *vp != v1)))
			mismatches++;
		if (i < B25_LINE_KEYS) {
			unsigned long l = s25_lpm_lookup_lines(t, k + sizeof(u32),
								 false);

			rs25.lines_sum += l;
			rs25.lines_max = max(rs25.lines_max, l);
			rs25.lines_n++;
			if (map && rbpf.bytes) {
				l = b25_bpf_lookup_lines(map, k);
				rbpf.lines_sum += l;
				rbpf.lines_max = max(rbpf.lines_max, l);
				rbpf.lines_n++;
			}
		}
		rcu_read_unlock();
		if (!(i % B25_CHUNK))
			cond_resched();
	}

	/*
	 * Throughput and latency, the best of a few rounds (the host may be
	 * busy); in each round one structure after the other.
	 */
	rs25.base_ns = U64_MAX;
	rs25.indep_ns = U64_MAX;
	rs25.dep_ns = U64_MAX;
	rbpf.indep_ns = U64_MAX;
	rbpf.dep_ns = U64_MAX;
	for (i = 0; i < B25_REPEAT; i++) {
		rs25.base_ns = min(rs25.base_ns, b25_dep_base(keys, stride));
		rs25.indep_ns = min(rs25.indep_ns,
				    b25_s25_indep(t, keys, stride, B25_LOOKUPS));
		rs25.dep_ns = min(rs25.dep_ns, b25_s25_dep(t, keys, stride));
		if (!map)
			continue;
		rbpf.indep_ns = min(rbpf.indep_ns,
				    b25_bpf_indep(map, keys, stride, B25_LOOKUPS));
		rbpf.dep_ns = min(rbpf.dep_ns, b25_bpf_dep(map, keys, stride));
	}
	rbpf.base_ns = rs25.base_ns;

	mutex_lock(&b25_lock);
	t0 = ktime_get_ns();
	s25_lpm_destroy(t);
	rs25.free_ns = ktime_get_ns() - t0;
	mutex_unlock(&b25_lock);
	if (map) {
		t0 = ktime_get_ns();
		trie_map_ops.map_free(map);
		rbpf.free_ns = ktime_get_ns() - t0;
		map = NULL;
	}

	b25_print(c, &rs25, mismatches);
	if (rbpf.ins_ns)
		b25_print(c, &rbpf, mismatches);
	if (mismatches)
		kunit_info(test, "WARNING: %lu of %u keys gave different answers\n",
			   mismatches, B25_KEYS);
out:
	if (map)
		trie_map_ops.map_free(map);
	if (t) {
		mutex_lock(&b25_lock);
		s25_lpm_destroy(t);
		mutex_unlock(&b25_lock);
	}
	rcu_barrier();
	kfree(t);
	kvfree(keys);
	kvfree(p);
}

static int b25_suite_init(struct kunit_suite *suite)
{
	pr_info("note: UML runs kernel code at native speed; figures only, never pass/fail\n");
	pr_info("keys: %u precomputed, half inside a random prefix, half random; %u lookups per figure, best of %u rounds\n",
		B25_KEYS, B25_LOOKUPS, B25_REPEAT);
	return 0;
}

static struct kunit_case b25_cases_list[] = {
	KUNIT_CASE_PARAM(b25_run, b25_gen_params),
	{}
};

static struct kunit_suite b25_suite = {
	.name = "smtp25_lpm_bench",
	.suite_init = b25_suite_init,
	.test_cases = b25_cases_list,
};

kunit_test_suite(b25_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Lookup benchmark: smtp25 LPM tree against the BPF LPM trie");
