// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the smtp25 longest-prefix-match tree.
 *
 * Edge cases come from tables. The randomized cases compare the tree with
 * a deliberately naive reference: an array of prefixes sorted by length,
 * longest first, searched from the start; the first match wins. The
 * pseudo-random generator has a fixed seed, so a failure reproduces.
 *
 * Callers' rules are kept: the tree's mutex around every writer and
 * control-path call, rcu_read_lock() around lookups.
 */

#include <kunit/test.h>
#include <kunit/resource.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "smtp25_lpm.h"

/* --- per-test context ---------------------------------------------------- */

struct t25_ctx {
	struct mutex lock;	/* the tree's writer lock */
	struct s25_lpm t;
	bool live;
	long allocated;		/* s25_lpm_allocated() before the test */
};

static int t25_init(struct kunit *test)
{
	struct t25_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	mutex_init(&ctx->lock);
	ctx->allocated = s25_lpm_allocated();
	test->priv = ctx;
	return 0;
}

static void t25_exit(struct kunit *test)
{
	struct t25_ctx *ctx = test->priv;

	if (ctx->live) {
		mutex_lock(&ctx->lock);
		s25_lpm_destroy(&ctx->t);
		mutex_unlock(&ctx->lock);
		ctx->live = false;
	}
	rcu_barrier();
	/* Every tree and builder of the test is gone: nothing may remain. */
	KUNIT_EXPECT_EQ_MSG(test, s25_lpm_allocated(), ctx->allocated,
			    "bytes still held by trees and builders");
	mutex_destroy(&ctx->lock);
}

static struct s25_lpm *t25_tree(struct kunit *test, unsigned int bits)
{
	struct t25_ctx *ctx = test->priv;

	s25_lpm_init(&ctx->t, bits, &ctx->lock);
	ctx->live = true;
	return &ctx->t;
}

/* Destroys the tree and checks that nothing stays allocated. */
static void t25_destroy(struct kunit *test, struct s25_lpm *t)
{
	struct t25_ctx *ctx = test->priv;

	mutex_lock(t->lock);
	s25_lpm_destroy(t);
	mutex_unlock(t->lock);
	ctx->live = false;
	rcu_barrier();
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, 0);
}

/* kvmalloc() memory that KUnit frees when the test ends, even on failure. */
static int t25_kv_init(struct kunit_resource *res, void *context)
{
	res->data = kvzalloc(*(size_t *)context, GFP_KERNEL);
	return res->data ? 0 : -ENOMEM;
}

static void t25_kv_free(struct kunit_resource *res)
{
	kvfree(res->data);
}

static void *t25_kvzalloc(struct kunit *test, size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (check_mul_overflow(n, size, &bytes))
		return NULL;
	p = kunit_alloc_resource(test, t25_kv_init, t25_kv_free, GFP_KERNEL,
				 &bytes);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	return p;
}

/* --- locked wrappers, as real callers do it ------------------------------ */

static int t25_insert(struct s25_lpm *t, const u8 *addr, u8 plen, u32 value)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_insert(t, addr, plen, value);
	mutex_unlock(t->lock);
	return err;
}

static int t25_delete(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *old)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_delete(t, addr, plen, old);
	mutex_unlock(t->lock);
	return err;
}

static int t25_get(struct s25_lpm *t, const u8 *addr, u8 plen, u32 *value)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_get(t, addr, plen, value);
	mutex_unlock(t->lock);
	return err;
}

static int t25_match(struct s25_lpm *t, const u8 *addr,
		     struct s25_lpm_prefix *m)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_match(t, addr, m);
	mutex_unlock(t->lock);
	return err;
}

static bool t25_lookup(struct s25_lpm *t, const u8 *addr, u32 *value)
{
	bool found;

	rcu_read_lock();
	found = s25_lpm_lookup(t, addr, value);
	rcu_read_unlock();
	return found;
}

static unsigned int t25_lines(struct s25_lpm *t, const u8 *addr, bool layout)
{
	unsigned int lines;

	rcu_read_lock();
	lines = s25_lpm_lookup_lines(t, addr, layout);
	rcu_read_unlock();
	return lines;
}

static int t25_commit(struct s25_lpm *t, struct s25_lpm_builder *b,
		      size_t *bad)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_builder_commit(t, b, bad);
	mutex_unlock(t->lock);
	return err;
}

/* --- addresses ----------------------------------------------------------- */

/*
 * A prefix or key as two host-order halves; IPv4 uses the top 32 bits of
 * hi. mhi/mlo is the prefix mask.
 */
struct t25_ref {
	u64 hi, lo, mhi, mlo;
	u32 value;
	u8 plen;
};

static void t25_mask(u8 plen, u64 *mhi, u64 *mlo)
{
	*mhi = !plen ? 0 : plen >= 64 ? ~0ULL : ~0ULL << (64 - plen);
	*mlo = plen <= 64 ? 0 : plen >= 128 ? ~0ULL : ~0ULL << (128 - plen);
}

static void t25_bytes(u64 hi, u64 lo, u8 *addr)
{
	put_unaligned_be64(hi, addr);
	put_unaligned_be64(lo, addr + 8);
}

static void t25_halves(const u8 *addr, unsigned int bits, u64 *hi, u64 *lo)
{
	*hi = get_unaligned_be64(addr);
	*lo = get_unaligned_be64(addr + 8);
	if (bits == 32) {
		*hi &= 0xffffffff00000000ULL;
		*lo = 0;
	}
}

static void t25_ref_set(struct t25_ref *r, u64 hi, u64 lo, u8 plen, u32 value)
{
	t25_mask(plen, &r->mhi, &r->mlo);
	r->hi = hi & r->mhi;
	r->lo = lo & r->mlo;
	r->plen = plen;
	r->value = value;
}

/* Flips address bit @i, counted from the most significant. */
static void t25_flip(u64 *hi, u64 *lo, unsigned int i)
{
	if (i < 64)
		*hi ^= 1ULL << (63 - i);
	else
		*lo ^= 1ULL << (127 - i);
}

/* "10.0.0.0/8", "2001:db8::/32"; without "/len" the length is @bits. */
static int t25_parse(const char *s, unsigned int bits, u8 *addr, int *plen)
{
	const char *end;
	int ok;

	memset(addr, 0, S25_LPM_ADDR_MAX);
	if (bits == 32)
		ok = in4_pton(s, -1, addr, '/', &end);
	else
		ok = in6_pton(s, -1, addr, '/', &end);
	if (!ok)
		return -EINVAL;
	*plen = bits;
	if (*end == '/')
		return kstrtoint(end + 1, 10, plen);
	return *end ? -EINVAL : 0;
}

static void t25_parse_ok(struct kunit *test, const char *s, unsigned int bits,
			 u8 *addr, u8 *plen)
{
	int len;

	KUNIT_ASSERT_EQ_MSG(test, t25_parse(s, bits, addr, &len), 0,
			    "bad prefix %s in the test table", s);
	*plen = len;
}

#define T25_TEXT 64

/* A prefix as text, for failure messages. */
static const char *t25_fmt(char *buf, unsigned int bits,
			   const struct t25_ref *r)
{
	u8 addr[S25_LPM_ADDR_MAX];

	t25_bytes(r->hi, r->lo, addr);
	if (bits == 32)
		snprintf(buf, T25_TEXT, "%pI4/%u", addr, r->plen);
	else
		snprintf(buf, T25_TEXT, "%pI6c/%u", addr, r->plen);
	return buf;
}

/* --- naive reference ----------------------------------------------------- */

struct t25_set {
	struct t25_ref *ref;	/* longest first once sorted */
	size_t n, cap;
	unsigned int bits;
	/* Random prefixes crowd under these, if any: big, dense nodes. */
	struct t25_ref base[4];
	unsigned int nbase;
};

static int t25_cmp_len_desc(const void *a, const void *b)
{
	const struct t25_ref *x = a, *y = b;

	if (x->plen != y->plen)
		return x->plen > y->plen ? -1 : 1;
	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return 0;
}

/* The walk's order: address, then prefix length. */
static int t25_cmp_walk(const void *a, const void *b)
{
	const struct t25_ref *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	return 0;
}

static void t25_set_sort(struct t25_set *s)
{
	sort(s->ref, s->n, sizeof(*s->ref), t25_cmp_len_desc, NULL);
}

static const struct t25_ref *t25_ref_lookup(const struct t25_set *s,
					    u64 hi, u64 lo)
{
	const struct t25_ref *r = s->ref, *end = s->ref + s->n;

	for (; r < end; r++)
		if ((hi & r->mhi) == r->hi && (lo & r->mlo) == r->lo)
			return r;
	return NULL;
}

static struct t25_ref *t25_ref_find(const struct t25_set *s,
				    u64 hi, u64 lo, u8 plen)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->ref[i].plen == plen && s->ref[i].hi == hi &&
		    s->ref[i].lo == lo)
			return &s->ref[i];
	return NULL;
}

static void t25_set_remove(struct t25_set *s, struct t25_ref *r)
{
	size_t i = r - s->ref;

	memmove(r, r + 1, (s->n - i - 1) * sizeof(*r));
	s->n--;
}

/* --- checks shared by the cases ------------------------------------------ */

/* Compares one key: lookup and, when @deep, match and the line count. */
static bool t25_check_key(struct kunit *test, struct s25_lpm *t,
			  const struct t25_set *s, u64 hi, u64 lo, bool deep)
{
	const struct t25_ref *want = t25_ref_lookup(s, hi, lo);
	struct s25_lpm_prefix m;
	u8 addr[S25_LPM_ADDR_MAX];
	u32 value = 0;
	bool found;
	int err;

	t25_bytes(hi, lo, addr);
	found = t25_lookup(t, addr, &value);
	if (found != !!want || (want && value != want->value)) {
		u8 pa[S25_LPM_ADDR_MAX] = {};

		if (want)
			t25_bytes(want->hi, want->lo, pa);
		KUNIT_FAIL(test,
			   "lookup %s: tree says %s value %u, reference says %s",
			   s->bits == 32 ? "IPv4" : "IPv6",
			   found ? "found" : "missing", value,
			   want ? "found" : "missing");
		if (s->bits == 32)
			kunit_info(test, "key %pI4, reference match %pI4/%u value %u\n",
				   addr, pa, want ? want->plen : 0,
				   want ? want->value : 0);
		else
			kunit_info(test, "key %pI6c, reference match %pI6c/%u value %u\n",
				   addr, pa, want ? want->plen : 0,
				   want ? want->value : 0);
		return false;
	}
	if (!deep)
		return true;

	memset(&m, 0xa5, sizeof(m));
	err = t25_match(t, addr, &m);
	if (!want) {
		KUNIT_EXPECT_EQ(test, err, -ENOENT);
		return err == -ENOENT;
	}
	KUNIT_EXPECT_EQ(test, err, 0);
	if (!err) {
		u64 mhi, mlo;

		t25_halves(m.addr, s->bits, &mhi, &mlo);
		KUNIT_EXPECT_EQ(test, m.plen, want->plen);
		KUNIT_EXPECT_EQ(test, m.value, want->value);
		KUNIT_EXPECT_EQ(test, mhi, want->hi);
		KUNIT_EXPECT_EQ(test, mlo, want->lo);
		if (m.plen != want->plen || mhi != want->hi || mlo != want->lo)
			return false;
	}
	KUNIT_EXPECT_GE(test, t25_lines(t, addr, false), 1);
	return !err;
}

struct t25_walk {
	struct s25_lpm_prefix *out;
	size_t n, cap;
	size_t stop_every;	/* 0: never stop */
	size_t this_call;
};

static int t25_walk_fn(void *arg, const struct s25_lpm_prefix *p)
{
	struct t25_walk *w = arg;

	if (w->stop_every && w->this_call == w->stop_every)
		return 1;
	if (w->n == w->cap)
		return -ENOSPC;
	w->out[w->n++] = *p;
	w->this_call++;
	return 0;
}

/*
 * Walks the whole tree, stopping every @stop_every prefixes (0: never) and
 * resuming from the cursor. Returns the number of prefixes seen, or < 0.
 */
static long t25_walk_all(struct kunit *test, struct s25_lpm *t,
			 struct t25_walk *w, size_t stop_every)
{
	struct s25_lpm_cursor c = {};
	size_t calls = 0, max_calls;
	int err;

	w->n = 0;
	w->stop_every = stop_every;
	max_calls = stop_every ? w->cap / stop_every + 3 : 2;
	do {
		w->this_call = 0;
		mutex_lock(t->lock);
		err = s25_lpm_walk(t, &c, t25_walk_fn, w);
		mutex_unlock(t->lock);
		if (err == 1)
			KUNIT_EXPECT_FALSE(test, c.done);
	} while (err == 1 && ++calls < max_calls);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, c.done);
	if (err || !c.done)
		return err ? err : -EIO;

	/* A finished cursor stays finished. */
	w->this_call = 0;
	mutex_lock(t->lock);
	err = s25_lpm_walk(t, &c, t25_walk_fn, w);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, w->this_call, 0);
	return w->n;
}

/* The walk must give exactly the reference, in address-then-length order. */
static void t25_check_walk(struct kunit *test, struct s25_lpm *t,
			   const struct t25_set *s, size_t stop_every)
{
	struct t25_ref *sorted;
	struct t25_walk w = {};
	size_t i, bad = 0;
	long n;

	w.cap = s->n + 8;
	w.out = t25_kvzalloc(test, w.cap, sizeof(*w.out));
	sorted = t25_kvzalloc(test, s->n + 1, sizeof(*sorted));
	memcpy(sorted, s->ref, s->n * sizeof(*sorted));
	sort(sorted, s->n, sizeof(*sorted), t25_cmp_walk, NULL);

	n = t25_walk_all(test, t, &w, stop_every);
	KUNIT_ASSERT_EQ_MSG(test, n, (long)s->n, "walk stopping every %zu",
			    stop_every);
	for (i = 0; i < s->n; i++) {
		u64 hi, lo;

		t25_halves(w.out[i].addr, s->bits, &hi, &lo);
		if (hi == sorted[i].hi && lo == sorted[i].lo &&
		    w.out[i].plen == sorted[i].plen &&
		    w.out[i].value == sorted[i].value)
			continue;
		if (bad++ < 3)
			KUNIT_FAIL(test, "walk %zu/%zu (stop %zu): /%u=%u, want /%u=%u",
				   i, s->n, stop_every, w.out[i].plen,
				   w.out[i].value, sorted[i].plen,
				   sorted[i].value);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, s->n);
}

/* --- edge cases: small sets and probes with known answers --------------- */

#define T25_MAXP 6

struct t25_edge_case {
	const char *name;
	unsigned int bits;
	const char *pfx[T25_MAXP];	/* prefix i gets value i + 100 */
	struct {
		const char *key;
		int want;		/* index into pfx, -1 for no match */
	} probe[T25_MAXP];
};

static const struct t25_edge_case t25_edge_cases[] = {
	{ "v4 /0 matches all", 32, { "0.0.0.0/0" },
	  { { "0.0.0.0", 0 }, { "255.255.255.255", 0 }, { "10.1.2.3", 0 } } },
	{ "v4 /0 under /8", 32, { "0.0.0.0/0", "10.0.0.0/8" },
	  { { "10.255.255.255", 1 }, { "11.0.0.0", 0 }, { "9.255.255.255", 0 },
	    { "10.0.0.0", 1 } } },
	{ "v4 /32 alone", 32, { "192.0.2.1/32" },
	  { { "192.0.2.1", 0 }, { "192.0.2.0", -1 }, { "192.0.2.2", -1 },
	    { "193.0.2.1", -1 }, { "192.0.3.1", -1 } } },
	{ "v4 /1", 32, { "128.0.0.0/1" },
	  { { "128.0.0.0", 0 }, { "255.255.255.255", 0 },
	    { "127.255.255.255", -1 }, { "0.0.0.0", -1 } } },
	{ "v4 both /1", 32, { "0.0.0.0/1", "128.0.0.0/1" },
	  { { "127.255.255.255", 0 }, { "128.0.0.0", 1 }, { "0.0.0.0", 0 },
	    { "255.255.255.255", 1 } } },
	{ "v4 adjacent /24", 32, { "10.0.0.0/24", "10.0.1.0/24" },
	  { { "10.0.0.255", 0 }, { "10.0.1.0", 1 }, { "10.0.1.255", 1 },
	    { "10.0.2.0", -1 }, { "9.255.255.255", -1 } } },
	{ "v4 adjacent /32 at stride edge", 32,
	  { "10.0.255.255/32", "10.1.0.0/32" },
	  { { "10.0.255.255", 0 }, { "10.1.0.0", 1 }, { "10.0.255.254", -1 },
	    { "10.1.0.1", -1 } } },
	{ "v4 /32 inside /16", 32, { "10.1.0.0/16", "10.1.2.3/32" },
	  { { "10.1.2.3", 1 }, { "10.1.2.4", 0 }, { "10.1.255.255", 0 },
	    { "10.2.0.0", -1 }, { "10.1.0.0", 0 } } },
	{ "v4 /15 /16 /17 nested", 32,
	  { "10.0.0.0/15", "10.1.0.0/16", "10.1.0.0/17" },
	  { { "10.0.5.5", 0 }, { "10.1.128.0", 1 }, { "10.1.127.255", 2 },
	    { "10.2.0.0", -1 }, { "10.1.0.0", 2 } } },
	{ "v4 /16 and /17 siblings", 32,
	  { "172.16.0.0/16", "172.16.128.0/17" },
	  { { "172.16.127.255", 0 }, { "172.16.128.0", 1 },
	    { "172.16.255.255", 1 }, { "172.17.0.0", -1 } } },
	{ "v4 /7 /8 /9", 32, { "10.0.0.0/7", "10.0.0.0/8", "11.0.0.0/9" },
	  { { "11.128.0.0", 0 }, { "11.0.0.1", 2 }, { "10.200.0.0", 1 },
	    { "12.0.0.0", -1 } } },
	{ "v4 /31 and /32", 32, { "192.0.2.0/31", "192.0.2.1/32" },
	  { { "192.0.2.0", 0 }, { "192.0.2.1", 1 }, { "192.0.2.2", -1 } } },
	{ "v4 /17 between /8 and /32", 32,
	  { "10.0.0.0/8", "10.0.128.0/17", "10.0.0.0/32" },
	  { { "10.0.0.0", 2 }, { "10.0.0.1", 0 }, { "10.0.128.1", 1 },
	    { "10.1.0.0", 0 }, { "10.0.255.255", 1 } } },
	{ "v4 last address", 32, { "255.255.255.255/32", "255.255.255.0/24" },
	  { { "255.255.255.255", 0 }, { "255.255.255.254", 1 },
	    { "255.255.254.255", -1 } } },
	{ "v4 first address", 32, { "0.0.0.0/32", "0.0.0.0/8" },
	  { { "0.0.0.0", 0 }, { "0.0.0.1", 1 }, { "1.0.0.0", -1 } } },
	{ "v6 /0 matches all", 128, { "::/0" },
	  { { "::", 0 }, { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0 },
	    { "2001:db8::1", 0 } } },
	{ "v6 /128 alone", 128, { "2001:db8::1/128" },
	  { { "2001:db8::1", 0 }, { "2001:db8::", -1 }, { "2001:db8::2", -1 },
	    { "2001:db9::1", -1 }, { "2001:db8::1:1", -1 } } },
	{ "v6 /1", 128, { "8000::/1" },
	  { { "8000::", 0 }, { "7fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", -1 },
	    { "ffff::1", 0 } } },
	{ "v6 chain across strides", 128,
	  { "2001:db8::/32", "2001:db8::/48", "2001:db8:0:1::/64",
	    "2001:db8:0:1::1/128" },
	  { { "2001:db8:0:1::1", 3 }, { "2001:db8:0:1::2", 2 },
	    { "2001:db8:0:2::", 1 }, { "2001:db8:1::", 0 },
	    { "2001:db9::", -1 }, { "2001:db8::", 1 } } },
	{ "v6 adjacent /64", 128, { "2001:db8:0:1::/64", "2001:db8:0:2::/64" },
	  { { "2001:db8:0:1:ffff:ffff:ffff:ffff", 0 }, { "2001:db8:0:2::", 1 },
	    { "2001:db8:0:3::", -1 }, { "2001:db8::ffff:ffff:ffff:ffff", -1 } } },
	{ "v6 /127 and /128", 128, { "2001:db8::/127", "2001:db8::1/128" },
	  { { "2001:db8::", 0 }, { "2001:db8::1", 1 }, { "2001:db8::2", -1 } } },
	{ "v6 /128 inside /16", 128, { "2001::/16", "2001:db8::1/128" },
	  { { "2001:db8::1", 1 }, { "2001:db8::", 0 }, { "2001:ffff::", 0 },
	    { "2002::", -1 } } },
	{ "v6 /111 /112 /113", 128,
	  { "2001:db8::/111", "2001:db8::/112", "2001:db8::/113" },
	  { { "2001:db8::1:0", 0 }, { "2001:db8::8000", 1 },
	    { "2001:db8::7fff", 2 }, { "2001:db8::2:0", -1 } } },
	{ "v6 /16 and /17 at stride edge", 128,
	  { "2001::/16", "2001:8000::/17", "2001:ffff::/32" },
	  { { "2001:7fff::", 0 }, { "2001:8000::", 1 }, { "2001:ffff::1", 2 },
	    { "2000:ffff::", -1 } } },
	{ "v6 last address", 128,
	  { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "ffff::/16" },
	  { { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 0 },
	    { "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", 1 },
	    { "fffe::", -1 } } },
};

static void t25_edge_desc(const struct t25_edge_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(t25_edge, t25_edge_cases, t25_edge_desc);

static void t25_test_edge(struct kunit *test)
{
	const struct t25_edge_case *c = test->param_value;
	struct s25_lpm *t = t25_tree(test, c->bits);
	struct s25_lpm_prefix m;
	u8 addr[S25_LPM_ADDR_MAX], paddr[S25_LPM_ADDR_MAX], plen, mplen;
	unsigned int i, n = 0;
	u32 value;
	int err;

	for (i = 0; i < T25_MAXP && c->pfx[i]; i++, n++) {
		t25_parse_ok(test, c->pfx[i], c->bits, addr, &plen);
		KUNIT_ASSERT_EQ_MSG(test, t25_insert(t, addr, plen, i + 100), 0,
				    "insert %s", c->pfx[i]);
	}
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, n);

	for (i = 0; i < T25_MAXP && c->probe[i].key; i++) {
		int want = c->probe[i].want;
		bool found;

		t25_parse_ok(test, c->probe[i].key, c->bits, addr, &plen);
		value = 0;
		found = t25_lookup(t, addr, &value);
		KUNIT_EXPECT_EQ_MSG(test, found, want >= 0, "lookup %s",
				    c->probe[i].key);
		if (want >= 0)
			KUNIT_EXPECT_EQ_MSG(test, value, want + 100,
					    "lookup %s", c->probe[i].key);

		memset(&m, 0, sizeof(m));
		err = t25_match(t, addr, &m);
		if (want < 0) {
			KUNIT_EXPECT_EQ_MSG(test, err, -ENOENT, "match %s",
					    c->probe[i].key);
			continue;
		}
		KUNIT_EXPECT_EQ_MSG(test, err, 0, "match %s", c->probe[i].key);
		t25_parse_ok(test, c->pfx[want], c->bits, paddr, &mplen);
		KUNIT_EXPECT_EQ_MSG(test, m.plen, mplen, "match %s",
				    c->probe[i].key);
		KUNIT_EXPECT_EQ_MSG(test, m.value, want + 100, "match %s",
				    c->probe[i].key);
		KUNIT_EXPECT_EQ_MSG(test, memcmp(m.addr, paddr, c->bits / 8), 0,
				    "match %s", c->probe[i].key);
	}

	/* Exact get of each, then delete each and nothing matches. */
	for (i = 0; i < n; i++) {
		t25_parse_ok(test, c->pfx[i], c->bits, addr, &plen);
		value = 0;
		KUNIT_EXPECT_EQ(test, t25_get(t, addr, plen, &value), 0);
		KUNIT_EXPECT_EQ(test, value, i + 100);
	}
	for (i = 0; i < n; i++) {
		t25_parse_ok(test, c->pfx[i], c->bits, addr, &plen);
		value = 0;
		KUNIT_EXPECT_EQ(test, t25_delete(t, addr, plen, &value), 0);
		KUNIT_EXPECT_EQ(test, value, i + 100);
	}
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	for (i = 0; i < T25_MAXP && c->probe[i].key; i++) {
		t25_parse_ok(test, c->probe[i].key, c->bits, addr, &plen);
		KUNIT_EXPECT_FALSE(test, t25_lookup(t, addr, &value));
	}
	t25_destroy(test, t);
}

/* --- error codes --------------------------------------------------------- */

enum t25_op { T25_INSERT, T25_DELETE, T25_GET };

struct t25_err_case {
	const char *name;
	unsigned int bits;
	enum t25_op op;
	const char *pfx;
	u32 value;
	int want;
};

/* Present in the tree before each error case, with values 1, 2, 3. */
static const char * const t25_err_base4[] = {
	"10.0.0.0/8", "10.1.0.0/16", "192.0.2.1/32",
};

static const char * const t25_err_base6[] = {
	"2001:db8::/32", "2001:db8:1::/48", "2001:db8::1/128",
};

#define T25_VMAX S25_LPM_VALUE_MAX

static const struct t25_err_case t25_err_cases[] = {
	{ "v4 insert existing /8", 32, T25_INSERT, "10.0.0.0/8", 9, -EEXIST },
	{ "v4 insert existing /16", 32, T25_INSERT, "10.1.0.0/16", 9, -EEXIST },
	{ "v4 insert existing /32", 32, T25_INSERT, "192.0.2.1/32", 9, -EEXIST },
	{ "v4 insert host bits /8", 32, T25_INSERT, "10.0.0.1/8", 9, -EINVAL },
	{ "v4 insert host bits /15", 32, T25_INSERT, "10.1.0.0/15", 9, -EINVAL },
	{ "v4 insert host bits /31", 32, T25_INSERT, "192.0.2.1/31", 9, -EINVAL },
	{ "v4 insert host bits /0", 32, T25_INSERT, "0.0.0.1/0", 9, -EINVAL },
	{ "v4 insert plen 33", 32, T25_INSERT, "10.0.0.0/33", 9, -EINVAL },
	{ "v4 insert plen 255", 32, T25_INSERT, "10.0.0.0/255", 9, -EINVAL },
	{ "v4 insert value max+1", 32, T25_INSERT, "10.2.0.0/16", T25_VMAX + 1,
	  -ERANGE },
	{ "v4 insert value u32 max", 32, T25_INSERT, "10.2.0.0/16", U32_MAX,
	  -ERANGE },
	{ "v4 insert value max", 32, T25_INSERT, "10.2.0.0/16", T25_VMAX, 0 },
	{ "v4 insert value 0", 32, T25_INSERT, "10.2.0.0/16", 0, 0 },
	{ "v4 insert /0", 32, T25_INSERT, "0.0.0.0/0", 7, 0 },
	{ "v4 delete missing /16", 32, T25_DELETE, "10.2.0.0/16", 0, -ENOENT },
	{ "v4 delete missing /9 below /8", 32, T25_DELETE, "10.0.0.0/9", 0,
	  -ENOENT },
	{ "v4 delete missing /7 above /8", 32, T25_DELETE, "10.0.0.0/7", 0,
	  -ENOENT },
	{ "v4 delete missing /32 sibling", 32, T25_DELETE, "192.0.2.0/32", 0,
	  -ENOENT },
	{ "v4 delete missing /31 parent", 32, T25_DELETE, "192.0.2.0/31", 0,
	  -ENOENT },
	{ "v4 delete missing /0", 32, T25_DELETE, "0.0.0.0/0", 0, -ENOENT },
	{ "v4 delete host bits", 32, T25_DELETE, "10.0.0.1/8", 0, -EINVAL },
	{ "v4 delete plen 33", 32, T25_DELETE, "10.0.0.0/33", 0, -EINVAL },
	{ "v4 delete /16", 32, T25_DELETE, "10.1.0.0/16", 0, 0 },
	{ "v4 get missing", 32, T25_GET, "10.0.0.0/9", 0, -ENOENT },
	{ "v4 get missing /32", 32, T25_GET, "192.0.2.2/32", 0, -ENOENT },
	{ "v4 get host bits", 32, T25_GET, "10.0.0.1/8", 0, -EINVAL },
	{ "v4 get plen 33", 32, T25_GET, "10.0.0.0/33", 0, -EINVAL },
	{ "v4 get /32", 32, T25_GET, "192.0.2.1/32", 0, 0 },
	{ "v6 insert existing /32", 128, T25_INSERT, "2001:db8::/32", 9,
	  -EEXIST },
	{ "v6 insert existing /128", 128, T25_INSERT, "2001:db8::1/128", 9,
	  -EEXIST },
	{ "v6 insert host bits /127", 128, T25_INSERT, "2001:db8::1/127", 9,
	  -EINVAL },
	{ "v6 insert host bits /64", 128, T25_INSERT, "2001:db8::1:0:0:0/63",
	  9, -EINVAL },
	{ "v6 insert plen 129", 128, T25_INSERT, "2001:db8::/129", 9, -EINVAL },
	{ "v6 insert value max+1", 128, T25_INSERT, "2001:db8:2::/48",
	  T25_VMAX + 1, -ERANGE },
	{ "v6 insert value max", 128, T25_INSERT, "2001:db8:2::/48", T25_VMAX,
	  0 },
	{ "v6 insert /0", 128, T25_INSERT, "::/0", 7, 0 },
	{ "v6 delete missing /48", 128, T25_DELETE, "2001:db8:2::/48", 0,
	  -ENOENT },
	{ "v6 delete missing /33", 128, T25_DELETE, "2001:db8::/33", 0, -ENOENT },
	{ "v6 delete missing /128", 128, T25_DELETE, "2001:db8::/128", 0,
	  -ENOENT },
	{ "v6 delete missing /64 on path", 128, T25_DELETE, "2001:db8::/64", 0,
	  -ENOENT },
	{ "v6 delete host bits", 128, T25_DELETE, "2001:db8::1/64", 0, -EINVAL },
	{ "v6 delete plen 129", 128, T25_DELETE, "2001:db8::/129", 0, -EINVAL },
	{ "v6 delete /128", 128, T25_DELETE, "2001:db8::1/128", 0, 0 },
	{ "v6 get missing", 128, T25_GET, "2001:db8::/33", 0, -ENOENT },
	{ "v6 get plen 129", 128, T25_GET, "2001:db8::/129", 0, -EINVAL },
	{ "v6 get /48", 128, T25_GET, "2001:db8:1::/48", 0, 0 },
};

static void t25_err_desc(const struct t25_err_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(t25_err, t25_err_cases, t25_err_desc);

static void t25_fill_base(struct kunit *test, struct s25_lpm *t,
			  struct t25_set *s)
{
	const char * const *base = t->bits == 32 ? t25_err_base4 : t25_err_base6;
	u8 addr[S25_LPM_ADDR_MAX], plen;
	u64 hi, lo;
	int i;

	s->bits = t->bits;
	s->n = 0;
	for (i = 0; i < 3; i++) {
		t25_parse_ok(test, base[i], t->bits, addr, &plen);
		KUNIT_ASSERT_EQ(test, t25_insert(t, addr, plen, i + 1), 0);
		t25_halves(addr, t->bits, &hi, &lo);
		t25_ref_set(&s->ref[s->n++], hi, lo, plen, i + 1);
	}
	t25_set_sort(s);
}

static void t25_test_errors(struct kunit *test)
{
	const struct t25_err_case *c = test->param_value;
	struct s25_lpm *t = t25_tree(test, c->bits);
	struct t25_ref ref[4];
	struct t25_set s = { .ref = ref, .cap = 4 };
	u8 addr[S25_LPM_ADDR_MAX];
	u64 gen, hi, lo;
	u32 value = 12345;
	int len, err;
	size_t i;

	t25_fill_base(test, t, &s);
	KUNIT_ASSERT_EQ(test, t25_parse(c->pfx, c->bits, addr, &len), 0);
	gen = t->generation;

	switch (c->op) {
	case T25_INSERT:
		err = t25_insert(t, addr, len, c->value);
		break;
	case T25_DELETE:
		err = t25_delete(t, addr, len, &value);
		break;
	default:
		err = t25_get(t, addr, len, &value);
		break;
	}
	KUNIT_ASSERT_EQ(test, err, c->want);

	t25_halves(addr, c->bits, &hi, &lo);
	if (!err && c->op == T25_INSERT) {
		KUNIT_EXPECT_EQ(test, t->generation, gen + 1);
		KUNIT_ASSERT_EQ(test, t25_get(t, addr, len, &value), 0);
		KUNIT_EXPECT_EQ(test, value, c->value);
		t25_ref_set(&s.ref[s.n++], hi, lo, len, c->value);
		t25_set_sort(&s);
	} else if (!err && c->op == T25_DELETE) {
		struct t25_ref *r = t25_ref_find(&s, hi, lo, len);

		KUNIT_EXPECT_EQ(test, t->generation, gen + 1);
		KUNIT_ASSERT_NOT_NULL(test, r);
		KUNIT_EXPECT_EQ(test, value, r->value);
		t25_set_remove(&s, r);
		KUNIT_EXPECT_EQ(test, t25_delete(t, addr, len, NULL), -ENOENT);
	} else if (!err) {
		struct t25_ref *r = t25_ref_find(&s, hi, lo, len);

		KUNIT_ASSERT_NOT_NULL(test, r);
		KUNIT_EXPECT_EQ(test, value, r->value);
		KUNIT_EXPECT_EQ(test, t->generation, gen);
	} else {
		/* A failed call changes nothing. */
		KUNIT_EXPECT_EQ(test, t->generation, gen);
		if (c->op != T25_INSERT)
			KUNIT_EXPECT_EQ(test, value, 12345);
	}

	KUNIT_EXPECT_EQ(test, t->nr_prefixes, s.n);
	t25_check_walk(test, t, &s, 0);
	for (i = 0; i < s.n; i++) {
		t25_check_key(test, t, &s, s.ref[i].hi, s.ref[i].lo, true);
		t25_check_key(test, t, &s, s.ref[i].hi | ~s.ref[i].mhi,
			      s.ref[i].lo | ~s.ref[i].mlo, true);
	}
	t25_destroy(test, t);
}

/* --- nested chains ------------------------------------------------------- */

static u32 t25_below(struct rnd_state *rs, u32 n)
{
	return ((u64)prandom_u32_state(rs) * n) >> 32;
}

static u64 t25_rnd64(struct rnd_state *rs)
{
	return ((u64)prandom_u32_state(rs) << 32) | prandom_u32_state(rs);
}

static void t25_rnd_addr(struct rnd_state *rs, unsigned int bits,
			 u64 *hi, u64 *lo)
{
	*hi = t25_rnd64(rs);
	*lo = t25_rnd64(rs);
	if (bits == 32) {
		*hi &= 0xffffffff00000000ULL;
		*lo = 0;
	}
}

/*
 * Keys around every prefix of the set: its first and last address, the
 * first bit below it flipped, its last bit flipped (just outside).
 */
static bool t25_check_around(struct kunit *test, struct s25_lpm *t,
			     const struct t25_set *s, const struct t25_ref *p,
			     size_t np)
{
	size_t i;

	for (i = 0; i < np; i++) {
		u64 hi = p[i].hi, lo = p[i].lo;
		u8 plen = p[i].plen;

		if (!t25_check_key(test, t, s, hi, lo, true) ||
		    !t25_check_key(test, t, s, hi | ~p[i].mhi, lo | ~p[i].mlo,
				   true))
			return false;
		if (plen < s->bits) {
			t25_flip(&hi, &lo, plen);
			if (!t25_check_key(test, t, s, hi, lo, false))
				return false;
			t25_flip(&hi, &lo, plen);
		}
		if (plen > 0) {
			t25_flip(&hi, &lo, plen - 1);
			if (!t25_check_key(test, t, s, hi, lo, false))
				return false;
		}
	}
	return true;
}

/*
 * Every length from 0 to bits of one address, inserted and deleted in
 * several orders: ascending, descending, outside-in and random.
 */
static void t25_test_full_chain(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	unsigned int n = bits + 1, order, i, k;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits };
	struct t25_ref *all;
	struct rnd_state rs;
	unsigned int *perm;
	u8 addr[S25_LPM_ADDR_MAX];
	char text[T25_TEXT];
	u64 hi, lo;
	u32 value;

	prandom_seed_state(&rs, 0x5a17c4a1 + bits);
	all = t25_kvzalloc(test, n, sizeof(*all));
	s.ref = t25_kvzalloc(test, n, sizeof(*s.ref));
	s.cap = n;
	perm = t25_kvzalloc(test, n, sizeof(*perm));
	t25_rnd_addr(&rs, bits, &hi, &lo);
	for (i = 0; i < n; i++)
		t25_ref_set(&all[i], hi, lo, i, 1000 + i);

	for (order = 0; order < 4; order++) {
		for (i = 0; i < n; i++)
			perm[i] = order == 1 ? n - 1 - i :
				  order == 2 ? (i % 2 ? n - 1 - i / 2 : i / 2) : i;
		if (order == 3) {
			for (i = n - 1; i > 0; i--) {
				k = t25_below(&rs, i + 1);
				swap(perm[i], perm[k]);
			}
		}
		/* Insert in the reverse of the delete order. */
		s.n = 0;
		for (k = n; k-- > 0;) {
			const struct t25_ref *r = &all[perm[k]];

			t25_bytes(r->hi, r->lo, addr);
			KUNIT_ASSERT_EQ_MSG(test, t25_insert(t, addr, r->plen,
							     r->value), 0,
					    "order %u insert %s", order,
					    t25_fmt(text, bits, r));
			s.ref[s.n++] = *r;
		}
		t25_set_sort(&s);
		KUNIT_ASSERT_TRUE(test, t25_check_around(test, t, &s, all, n));
		t25_check_walk(test, t, &s, order + 1);

		for (k = 0; k < n; k++) {
			const struct t25_ref *r = &all[perm[k]];

			t25_bytes(r->hi, r->lo, addr);
			KUNIT_ASSERT_EQ_MSG(test, t25_delete(t, addr, r->plen,
							     &value), 0,
					    "order %u delete %s", order,
					    t25_fmt(text, bits, r));
			KUNIT_EXPECT_EQ(test, value, r->value);
			t25_set_remove(&s, t25_ref_find(&s, r->hi, r->lo,
							r->plen));
			KUNIT_ASSERT_TRUE_MSG(test,
					      t25_check_around(test, t, &s, all, n),
					      "order %u after deleting /%u",
					      order, r->plen);
		}
		KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	}
	t25_destroy(test, t);
}

static const unsigned int t25_families[] = { 32, 128 };

static void t25_family_desc(const unsigned int *bits, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u", *bits == 32 ? 4 : 6);
}

KUNIT_ARRAY_PARAM(t25_family, t25_families, t25_family_desc);

/* Short chains around the stride boundaries, in every order. */
struct t25_chain_case {
	unsigned int bits;
	u8 len[4];
	unsigned int n;
};

static const struct t25_chain_case t25_chain_cases[] = {
	{ 32, { 15, 16, 17 }, 3 },
	{ 32, { 0, 15, 16, 17 }, 4 },
	{ 32, { 16, 17, 31, 32 }, 4 },
	{ 32, { 8, 16, 24, 32 }, 4 },
	{ 32, { 0, 1, 2, 32 }, 4 },
	{ 32, { 1, 16, 32 }, 3 },
	{ 128, { 31, 32, 33, 128 }, 4 },
	{ 128, { 47, 48, 49, 64 }, 4 },
	{ 128, { 0, 16, 64, 128 }, 4 },
	{ 128, { 111, 112, 113, 128 }, 4 },
	{ 128, { 17, 33, 49, 65 }, 4 },
	{ 128, { 64, 80, 96, 112 }, 4 },
	{ 128, { 15, 16, 17 }, 3 },
	{ 128, { 126, 127, 128 }, 3 },
};

static void t25_chain_desc(const struct t25_chain_case *c, char *desc)
{
	int i, off;

	off = snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u",
		       c->bits == 32 ? 4 : 6);
	for (i = 0; i < c->n; i++)
		off += snprintf(desc + off, KUNIT_PARAM_DESC_SIZE - off, " /%u",
				c->len[i]);
}

KUNIT_ARRAY_PARAM(t25_chain, t25_chain_cases, t25_chain_desc);

/* The next permutation in lexicographic order; false after the last. */
static bool t25_next_perm(unsigned int *a, unsigned int n)
{
	int i = n - 2, j;

	while (i >= 0 && a[i] >= a[i + 1])
		i--;
	if (i < 0)
		return false;
	j = n - 1;
	while (a[j] <= a[i])
		j--;
	swap(a[i], a[j]);
	for (i++, j = n - 1; i < j; i++, j--)
		swap(a[i], a[j]);
	return true;
}

static void t25_test_chain_orders(struct kunit *test)
{
	const struct t25_chain_case *c = test->param_value;
	unsigned int ins[4] = {}, del[4] = {}, i, runs = 0;
	struct s25_lpm *t = t25_tree(test, c->bits);
	struct t25_ref all[4], ref[4];
	struct t25_set s = { .ref = ref, .cap = 4, .bits = c->bits };
	struct rnd_state rs;
	u8 addr[S25_LPM_ADDR_MAX];
	u64 hi, lo;
	u32 value;

	prandom_seed_state(&rs, 0xc4a15 + c->len[0] * 131 + c->len[1]);
	t25_rnd_addr(&rs, c->bits, &hi, &lo);
	for (i = 0; i < c->n; i++)
		t25_ref_set(&all[i], hi, lo, c->len[i], 500 + c->len[i]);

	for (i = 0; i < c->n; i++)
		ins[i] = i;
	do {
		for (i = 0; i < c->n; i++)
			del[i] = i;
		do {
			s.n = 0;
			for (i = 0; i < c->n; i++) {
				const struct t25_ref *r = &all[ins[i]];

				t25_bytes(r->hi, r->lo, addr);
				KUNIT_ASSERT_EQ(test, t25_insert(t, addr, r->plen,
								 r->value), 0);
				s.ref[s.n++] = *r;
				t25_set_sort(&s);
				KUNIT_ASSERT_TRUE(test, t25_check_around(test, t, &s,
									 all, c->n));
			}
			for (i = 0; i < c->n; i++) {
				const struct t25_ref *r = &all[del[i]];

				t25_bytes(r->hi, r->lo, addr);
				KUNIT_ASSERT_EQ(test, t25_delete(t, addr, r->plen,
								 &value), 0);
				KUNIT_ASSERT_EQ(test, value, r->value);
				t25_set_remove(&s, t25_ref_find(&s, r->hi, r->lo,
								r->plen));
				KUNIT_ASSERT_TRUE_MSG(test,
						      t25_check_around(test, t, &s, all, c->n),
						      "insert order %u%u%u%u, delete order %u%u%u%u, step %u",
						      ins[0], ins[1], ins[2], ins[3],
						      del[0], del[1], del[2], del[3], i);
			}
			KUNIT_ASSERT_EQ(test, t->nr_prefixes, 0);
			runs++;
		} while (t25_next_perm(del, c->n));
	} while (t25_next_perm(ins, c->n));
	KUNIT_EXPECT_EQ(test, runs, c->n == 4 ? 576 : 36);
	t25_destroy(test, t);
}

/* --- walk ---------------------------------------------------------------- */

struct t25_walk_case {
	unsigned int bits;
	size_t stop_every;
};

static const struct t25_walk_case t25_walk_cases[] = {
	{ 32, 0 }, { 32, 1 }, { 32, 2 }, { 32, 3 }, { 32, 7 }, { 32, 64 },
	{ 128, 0 }, { 128, 1 }, { 128, 3 }, { 128, 50 },
};

static void t25_walk_desc(const struct t25_walk_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u stop every %zu",
		 c->bits == 32 ? 4 : 6, c->stop_every);
}

KUNIT_ARRAY_PARAM(t25_walk, t25_walk_cases, t25_walk_desc);

/* Some prefixes of every length, nested and side by side. */
static void t25_fill_mixed(struct kunit *test, struct s25_lpm *t,
			   struct t25_set *s, struct rnd_state *rs, size_t n)
{
	u8 addr[S25_LPM_ADDR_MAX];
	u64 hi, lo;

	s->n = 0;
	t25_rnd_addr(rs, t->bits, &hi, &lo);
	while (s->n < n) {
		struct t25_ref r;
		u8 plen = t25_below(rs, t->bits + 1);

		/* Mostly close to the last one, so that they nest. */
		if (t25_below(rs, 4))
			t25_flip(&hi, &lo, t25_below(rs, t->bits));
		else
			t25_rnd_addr(rs, t->bits, &hi, &lo);
		t25_ref_set(&r, hi, lo, plen, s->n + 1);
		if (t25_ref_find(s, r.hi, r.lo, r.plen))
			continue;
		t25_bytes(r.hi, r.lo, addr);
		KUNIT_ASSERT_EQ(test, t25_insert(t, addr, plen, r.value), 0);
		s->ref[s->n++] = r;
	}
	t25_set_sort(s);
}

static void t25_test_walk(struct kunit *test)
{
	const struct t25_walk_case *c = test->param_value;
	struct s25_lpm *t = t25_tree(test, c->bits);
	struct t25_set s = { .bits = c->bits, .cap = 300 };
	struct s25_lpm_cursor cur = {};
	struct t25_walk w = {};
	struct rnd_state rs;
	int err;

	/* An empty tree: done at once. */
	w.cap = 4;
	w.out = t25_kvzalloc(test, w.cap, sizeof(*w.out));
	mutex_lock(t->lock);
	err = s25_lpm_walk(t, &cur, t25_walk_fn, &w);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, cur.done);
	KUNIT_EXPECT_EQ(test, w.n, 0);

	prandom_seed_state(&rs, 0x3a1c + c->bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_fill_mixed(test, t, &s, &rs, 257);
	t25_check_walk(test, t, &s, c->stop_every);
	t25_destroy(test, t);
}

/*
 * A walk that stopped resumes at the first prefix not smaller than the
 * cursor, even when the tree changed meanwhile.
 */
static void t25_test_walk_resume_changed(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits, .cap = 64 };
	struct s25_lpm_cursor cur = {};
	struct t25_walk w = {};
	struct t25_ref *sorted;
	struct rnd_state rs;
	u8 addr[S25_LPM_ADDR_MAX];
	size_t i;
	int err;

	prandom_seed_state(&rs, 0x7e5 + bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	sorted = t25_kvzalloc(test, s.cap, sizeof(*sorted));
	t25_fill_mixed(test, t, &s, &rs, 40);
	memcpy(sorted, s.ref, s.n * sizeof(*sorted));
	sort(sorted, s.n, sizeof(*sorted), t25_cmp_walk, NULL);

	w.cap = 64;
	w.out = t25_kvzalloc(test, w.cap, sizeof(*w.out));
	w.stop_every = 10;
	mutex_lock(t->lock);
	err = s25_lpm_walk(t, &cur, t25_walk_fn, &w);
	mutex_unlock(t->lock);
	KUNIT_ASSERT_EQ(test, err, 1);
	KUNIT_ASSERT_EQ(test, w.n, 10);

	/* Delete the prefix the cursor rests on and the one after it. */
	for (i = 10; i < 12; i++) {
		t25_bytes(sorted[i].hi, sorted[i].lo, addr);
		KUNIT_ASSERT_EQ(test, t25_delete(t, addr, sorted[i].plen, NULL),
				0);
	}
	w.stop_every = 0;
	w.this_call = 0;
	mutex_lock(t->lock);
	err = s25_lpm_walk(t, &cur, t25_walk_fn, &w);
	mutex_unlock(t->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_TRUE(test, cur.done);
	KUNIT_ASSERT_EQ(test, w.n, s.n - 2);
	for (i = 10; i < w.n; i++) {
		u64 hi, lo;

		t25_halves(w.out[i].addr, bits, &hi, &lo);
		KUNIT_EXPECT_EQ(test, hi, sorted[i + 2].hi);
		KUNIT_EXPECT_EQ(test, lo, sorted[i + 2].lo);
		KUNIT_EXPECT_EQ(test, w.out[i].plen, sorted[i + 2].plen);
	}
	t25_destroy(test, t);
}

/* --- builder -------------------------------------------------------------- */

static struct s25_lpm_builder *t25_builder(struct kunit *test,
					   unsigned int bits,
					   const struct t25_ref *r, size_t n)
{
	struct s25_lpm_builder *b = s25_lpm_builder_new(bits, GFP_KERNEL);
	u8 addr[S25_LPM_ADDR_MAX];
	size_t i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	for (i = 0; i < n; i++) {
		t25_bytes(r[i].hi, r[i].lo, addr);
		KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, r[i].plen,
							  r[i].value), 0);
	}
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), n);
	return b;
}

/* Checks every prefix of @s and keys around it. */
static void t25_check_all(struct kunit *test, struct s25_lpm *t,
			  const struct t25_set *s)
{
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, s->n);
	t25_check_walk(test, t, s, 0);
	KUNIT_EXPECT_TRUE(test, t25_check_around(test, t, s, s->ref, s->n));
}

static void t25_test_builder_replace(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set old = { .bits = bits, .cap = 64 };
	struct t25_set s = { .bits = bits, .cap = 64 };
	struct s25_lpm *scratch;
	struct s25_lpm_builder *b;
	struct rnd_state rs;
	size_t bad = 77, mem;
	long allocated;
	u64 gen;

	prandom_seed_state(&rs, 0xb1d + bits);
	old.ref = t25_kvzalloc(test, old.cap, sizeof(*old.ref));
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_fill_mixed(test, t, &old, &rs, 30);

	/* The new content, made in a scratch tree only to get unique ones. */
	scratch = kunit_kzalloc(test, sizeof(*scratch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	s25_lpm_init(scratch, bits, t->lock);
	t25_fill_mixed(test, scratch, &s, &rs, 50);
	mutex_lock(t->lock);
	s25_lpm_destroy(scratch);
	mutex_unlock(t->lock);

	/* The same content built into an empty tree: its size. */
	b = t25_builder(test, bits, s.ref, s.n);
	s25_lpm_init(scratch, bits, t->lock);
	KUNIT_EXPECT_EQ(test, t25_commit(scratch, b, NULL), 0);
	s25_lpm_builder_free(b);
	mem = scratch->mem_bytes;
	KUNIT_EXPECT_GT(test, mem, 0);
	mutex_lock(t->lock);
	s25_lpm_destroy(scratch);
	mutex_unlock(t->lock);

	/*
	 * The commit hands the old root to a work item: the tree counts only
	 * the new one at once, and once the work is done the old one's bytes
	 * are gone from the total too, no more and no less.
	 */
	allocated = s25_lpm_allocated() - (long)t->mem_bytes;
	b = t25_builder(test, bits, s.ref, s.n);
	gen = t->generation;
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, &bad), 0);
	s25_lpm_builder_free(b);
	KUNIT_EXPECT_NE(test, t->generation, gen);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, mem);
	t25_check_all(test, t, &s);
	s25_lpm_flush(t);
	KUNIT_EXPECT_EQ(test, s25_lpm_allocated(), allocated + (long)mem);

	/*
	 * A commit into an empty tree, then an empty commit empties it while
	 * the first one's old root may still be pending: it waits for it.
	 */
	t25_destroy(test, t);
	t = t25_tree(test, bits);
	b = t25_builder(test, bits, old.ref, old.n);
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &old);
	b = t25_builder(test, bits, s.ref, s.n);
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &s);

	b = t25_builder(test, bits, NULL, 0);
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_free(b);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, 0);
	old.n = 0;
	t25_check_all(test, t, &old);
	/* Destroyed with that root pending: t25_exit finds nothing left. */
	t25_destroy(test, t);
}

/* A builder with one bad entry at @bad_at: commit fails, tree untouched. */
struct t25_bad_case {
	const char *name;
	unsigned int bits;
	const char *pfx;	/* the bad one; or a duplicate of entry 1 */
	u32 value;
	int want;
};

static const struct t25_bad_case t25_bad_cases[] = {
	{ "v4 duplicate", 32, NULL, 0, -EEXIST },
	{ "v4 host bits", 32, "10.9.0.1/16", 1, -EINVAL },
	{ "v4 plen 33", 32, "10.9.0.0/33", 1, -EINVAL },
	{ "v4 value max+1", 32, "10.9.0.0/16", T25_VMAX + 1, -ERANGE },
	{ "v6 duplicate", 128, NULL, 0, -EEXIST },
	{ "v6 host bits", 128, "2001:db8::1/64", 1, -EINVAL },
	{ "v6 plen 129", 128, "2001:db8::/129", 1, -EINVAL },
	{ "v6 value max+1", 128, "2001:db8::/64", T25_VMAX + 1, -ERANGE },
};

static void t25_bad_desc(const struct t25_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(t25_bad, t25_bad_cases, t25_bad_desc);

static void t25_test_builder_bad(struct kunit *test)
{
	const struct t25_bad_case *c = test->param_value;
	struct s25_lpm *t = t25_tree(test, c->bits);
	struct t25_set old = { .bits = c->bits, .cap = 64 };
	struct t25_set s = { .bits = c->bits, .cap = 64 };
	struct s25_lpm *scratch;
	struct s25_lpm_builder *b;
	u8 addr[S25_LPM_ADDR_MAX];
	struct rnd_state rs;
	size_t bad = 77, at;
	u64 gen;
	int err, len;

	prandom_seed_state(&rs, 0xbad + c->bits);
	old.ref = t25_kvzalloc(test, old.cap, sizeof(*old.ref));
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_fill_mixed(test, t, &old, &rs, 20);

	scratch = kunit_kzalloc(test, sizeof(*scratch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	s25_lpm_init(scratch, c->bits, t->lock);
	t25_fill_mixed(test, scratch, &s, &rs, 20);
	mutex_lock(t->lock);
	s25_lpm_destroy(scratch);
	mutex_unlock(t->lock);

	b = t25_builder(test, c->bits, s.ref, 15);
	at = 15;
	if (c->pfx) {
		KUNIT_ASSERT_EQ(test, t25_parse(c->pfx, c->bits, addr, &len), 0);
	} else {
		/* Same prefix as entry 3, another value. */
		t25_bytes(s.ref[3].hi, s.ref[3].lo, addr);
		len = s.ref[3].plen;
	}
	err = s25_lpm_builder_add(b, addr, len, c->value);
	if (err) {
		/* Refused at once: as good, if it is the same error. */
		KUNIT_EXPECT_EQ(test, err, c->want);
		KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), 15);
		s25_lpm_builder_free(b);
		goto check;
	}
	/* More good ones after the bad one. */
	for (at = 15; at < 20; at++) {
		t25_bytes(s.ref[at].hi, s.ref[at].lo, addr);
		KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, s.ref[at].plen,
							  s.ref[at].value), 0);
	}
	gen = t->generation;
	err = t25_commit(t, b, &bad);
	KUNIT_EXPECT_EQ(test, err, c->want);
	/* The later of two equal prefixes is named. */
	KUNIT_EXPECT_EQ(test, bad, 15);
	KUNIT_EXPECT_EQ(test, t->generation, gen);
	/* NULL bad_index is allowed. */
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), c->want);
	s25_lpm_builder_free(b);
check:
	t25_check_all(test, t, &old);
	t25_destroy(test, t);
}

static void t25_expect_prefix(struct kunit *test, unsigned int bits,
			      const struct s25_lpm_prefix *p,
			      const struct t25_ref *r)
{
	u64 hi, lo;

	t25_halves(p->addr, bits, &hi, &lo);
	KUNIT_EXPECT_EQ(test, hi, r->hi);
	KUNIT_EXPECT_EQ(test, lo, r->lo);
	KUNIT_EXPECT_EQ(test, p->plen, r->plen);
	KUNIT_EXPECT_EQ(test, p->value, r->value);
}

/*
 * Two-step commit: prepare checks and builds without changing the tree,
 * a prepared builder freed instead of published leaves no trace, publish
 * swaps the content. builder_get gives the order of addition, then the
 * sorted order once prepared.
 */
static void t25_test_builder_prepare(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set old = { .bits = bits, .cap = 64 };
	struct t25_set s = { .bits = bits, .cap = 64 };
	struct s25_lpm_prefix p, dup;
	struct s25_lpm_builder *b;
	struct t25_ref *sorted;
	u8 addr[S25_LPM_ADDR_MAX];
	size_t mem, i, dup_index;
	struct s25_lpm *scratch;
	struct rnd_state rs;
	long allocated;
	u64 gen;
	int err;

	prandom_seed_state(&rs, 0x9e9 + bits);
	old.ref = t25_kvzalloc(test, old.cap, sizeof(*old.ref));
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	sorted = t25_kvzalloc(test, s.cap, sizeof(*sorted));
	t25_fill_mixed(test, t, &old, &rs, 30);

	scratch = kunit_kzalloc(test, sizeof(*scratch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	s25_lpm_init(scratch, bits, t->lock);
	t25_fill_mixed(test, scratch, &s, &rs, 40);
	mutex_lock(t->lock);
	s25_lpm_destroy(scratch);
	mutex_unlock(t->lock);
	rcu_barrier();
	memcpy(sorted, s.ref, s.n * sizeof(*sorted));
	sort(sorted, s.n, sizeof(*sorted), t25_cmp_walk, NULL);

	/* Prepared, then freed: the tree and all counters as before. */
	mem = t->mem_bytes;
	gen = t->generation;
	allocated = s25_lpm_allocated();
	b = t25_builder(test, bits, s.ref, s.n);
	for (i = 0; i < s.n; i++) {
		s25_lpm_builder_get(b, i, &p);
		t25_expect_prefix(test, bits, &p, &s.ref[i]);
	}
	mutex_lock(t->lock);
	err = s25_lpm_builder_prepare(t, b, NULL, NULL);
	mutex_unlock(t->lock);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, t->generation, gen);
	KUNIT_EXPECT_GT(test, t->mem_bytes, mem);
	t25_check_all(test, t, &old);
	for (i = 0; i < s.n; i++) {
		s25_lpm_builder_get(b, i, &p);
		t25_expect_prefix(test, bits, &p, &sorted[i]);
	}
	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_prepare(t, b, NULL, NULL),
			-EINVAL);
	s25_lpm_builder_free(b);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, mem);
	KUNIT_EXPECT_EQ(test, t->generation, gen);
	KUNIT_EXPECT_EQ(test, s25_lpm_allocated(), allocated);
	t25_check_all(test, t, &old);

	/* A duplicate: the earlier prefix and the later index are named. */
	b = t25_builder(test, bits, s.ref, 10);
	t25_bytes(s.ref[4].hi, s.ref[4].lo, addr);
	KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, s.ref[4].plen, 999),
			0);
	memset(&dup, 0, sizeof(dup));
	dup_index = 77;
	mutex_lock(t->lock);
	err = s25_lpm_builder_prepare(t, b, &dup, &dup_index);
	mutex_unlock(t->lock);
	KUNIT_EXPECT_EQ(test, err, -EEXIST);
	KUNIT_EXPECT_EQ(test, dup_index, 10);
	t25_expect_prefix(test, bits, &dup, &s.ref[4]);
	s25_lpm_builder_free(b);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, mem);
	t25_check_all(test, t, &old);

	/* A builder of the other family is refused. */
	b = s25_lpm_builder_new(bits == 32 ? 128 : 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	mutex_lock(t->lock);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_prepare(t, b, NULL, NULL),
			-EINVAL);
	mutex_unlock(t->lock);
	s25_lpm_builder_free(b);

	/* Prepared and published. */
	b = t25_builder(test, bits, s.ref, s.n);
	mutex_lock(t->lock);
	err = s25_lpm_builder_prepare(t, b, NULL, NULL);
	if (!err)
		s25_lpm_builder_publish(t, b);
	mutex_unlock(t->lock);
	s25_lpm_builder_free(b);
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, t->generation, gen + 1);
	t25_check_all(test, t, &s);

	/* An empty one empties the tree. */
	b = s25_lpm_builder_new(bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	mutex_lock(t->lock);
	err = s25_lpm_builder_prepare(t, b, NULL, NULL);
	if (!err)
		s25_lpm_builder_publish(t, b);
	mutex_unlock(t->lock);
	s25_lpm_builder_free(b);
	KUNIT_ASSERT_EQ(test, err, 0);
	s.n = 0;
	t25_check_all(test, t, &s);
	t25_destroy(test, t);
}

/* @n distinct random prefixes into @s (room for them), made in a scratch tree. */
static void t25_distinct(struct kunit *test, unsigned int bits,
			 struct t25_set *s, struct rnd_state *rs, size_t n)
{
	struct t25_ctx *ctx = test->priv;
	struct s25_lpm *scratch;

	scratch = kunit_kzalloc(test, sizeof(*scratch), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, scratch);
	s25_lpm_init(scratch, bits, &ctx->lock);
	t25_fill_mixed(test, scratch, s, rs, n);
	mutex_lock(&ctx->lock);
	s25_lpm_destroy(scratch);
	mutex_unlock(&ctx->lock);
}

/* The @n prefixes at @r in the order of a walk, in a new array. */
static struct t25_ref *t25_walk_order(struct kunit *test,
				      const struct t25_ref *r, size_t n)
{
	struct t25_ref *o = t25_kvzalloc(test, n ? n : 1, sizeof(*o));

	memcpy(o, r, n * sizeof(*o));
	sort(o, n, sizeof(*o), t25_cmp_walk, NULL);
	return o;
}

static int t25_prepare(struct s25_lpm *t, struct s25_lpm_builder *b,
		       struct s25_lpm_prefix *dup, size_t *dup_index)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_builder_prepare(t, b, dup, dup_index);
	mutex_unlock(t->lock);
	return err;
}

/*
 * Prefixes added in the order of a walk commit without a sort: they stay
 * where they were added. Equal neighbours are still found, and one out
 * of place anywhere makes prepare sort them all. 400 entries fill
 * several of the builder's pages.
 */
static void t25_test_builder_sorted(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits, .cap = 400 };
	struct s25_lpm_prefix p, dup;
	struct s25_lpm_builder *b;
	u8 addr[S25_LPM_ADDR_MAX];
	struct t25_ref *sorted;
	struct rnd_state rs;
	size_t i, dup_index;

	prandom_seed_state(&rs, 0x5047 + bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_distinct(test, bits, &s, &rs, 400);
	sorted = t25_walk_order(test, s.ref, s.n);

	b = t25_builder(test, bits, sorted, s.n);
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	for (i = 0; i < s.n; i++) {
		s25_lpm_builder_get(b, i, &p);
		t25_expect_prefix(test, bits, &p, &sorted[i]);
	}
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &s);

	/* Entry 200 repeats entry 199, in order otherwise. */
	b = t25_builder(test, bits, sorted, 200);
	t25_bytes(sorted[199].hi, sorted[199].lo, addr);
	KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, sorted[199].plen,
						  999), 0);
	for (i = 200; i < s.n; i++) {
		t25_bytes(sorted[i].hi, sorted[i].lo, addr);
		KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr,
							  sorted[i].plen,
							  sorted[i].value), 0);
	}
	dup_index = 77;
	KUNIT_EXPECT_EQ(test, t25_prepare(t, b, &dup, &dup_index), -EEXIST);
	KUNIT_EXPECT_EQ(test, dup_index, 200);
	t25_expect_prefix(test, bits, &dup, &sorted[199]);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &s);

	/* The first one last: sorted at prepare, the same content. */
	b = t25_builder(test, bits, sorted + 1, s.n - 1);
	t25_bytes(sorted[0].hi, sorted[0].lo, addr);
	KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, sorted[0].plen,
						  sorted[0].value), 0);
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_get(b, 0, &p);
	t25_expect_prefix(test, bits, &p, &sorted[0]);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &s);
	t25_destroy(test, t);
}

/* The union of @a (values kept) and @b (value @value) in @u, sorted. */
static void t25_union(struct t25_set *u, const struct t25_ref *a, size_t na,
		      const struct t25_ref *b, size_t nb, u32 value)
{
	size_t i;

	memcpy(u->ref, a, na * sizeof(*a));
	memcpy(u->ref + na, b, nb * sizeof(*b));
	for (i = na; i < na + nb; i++)
		u->ref[i].value = value;
	u->n = na + nb;
	t25_set_sort(u);
}

/* Splices @b into @a with @value, commits @a and checks the tree is @u. */
static void t25_splice_commit(struct kunit *test, struct s25_lpm *t,
			      struct s25_lpm_builder *a,
			      struct s25_lpm_builder *b, u32 value,
			      const struct t25_set *u)
{
	size_t na = s25_lpm_builder_count(a), nb = s25_lpm_builder_count(b);

	KUNIT_ASSERT_EQ(test, s25_lpm_builder_splice(a, b, value), 0);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(a), na + nb);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), 0);
	KUNIT_EXPECT_EQ(test, t25_commit(t, a, NULL), 0);
	t25_check_all(test, t, u);
}

/*
 * Splice: the entries of one builder move into another with a new value,
 * merged in one pass when both are in order, appended when not, taken
 * over whole by an empty builder. A prefix in both is a duplicate whose
 * earlier entry is the first builder's.
 */
static void t25_test_builder_splice(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits, .cap = 600 };
	struct t25_set u = { .bits = bits, .cap = 600 };
	struct s25_lpm_builder *a, *b, *other;
	struct t25_ref *sa, *sb, *plain;
	struct s25_lpm_prefix dup;
	u8 addr[S25_LPM_ADDR_MAX];
	struct rnd_state rs;
	size_t i, dup_index;

	prandom_seed_state(&rs, 0x591c + bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	u.ref = t25_kvzalloc(test, u.cap, sizeof(*u.ref));
	t25_distinct(test, bits, &s, &rs, 600);
	for (i = 0; i < 300; i++)
		s.ref[i].value = 100 + i;
	/* a: the first 300 in order; b: the others, in order or not */
	sa = t25_walk_order(test, s.ref, 300);
	sb = t25_walk_order(test, s.ref + 300, 300);
	plain = s.ref + 300;
	t25_union(&u, s.ref, 300, s.ref + 300, 300, 7);

	/* in order and in order: merged */
	a = t25_builder(test, bits, sa, 300);
	b = t25_builder(test, bits, sb, 300);
	t25_splice_commit(test, t, a, b, 7, &u);
	s25_lpm_builder_free(a);
	s25_lpm_builder_free(b);

	/* in order and not: appended, sorted at prepare */
	a = t25_builder(test, bits, sa, 300);
	b = t25_builder(test, bits, plain, 300);
	t25_splice_commit(test, t, a, b, 7, &u);
	s25_lpm_builder_free(a);
	s25_lpm_builder_free(b);

	/* into an empty builder: taken over, with the new value */
	t25_union(&u, NULL, 0, plain, 300, 9);
	a = s25_lpm_builder_new(bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, a);
	b = t25_builder(test, bits, plain, 300);
	t25_splice_commit(test, t, a, b, 9, &u);
	s25_lpm_builder_free(a);
	s25_lpm_builder_free(b);

	/* a prefix of a again in b: the entry of a is the earlier one */
	a = t25_builder(test, bits, sa, 300);
	b = t25_builder(test, bits, sb, 299);
	t25_bytes(sa[42].hi, sa[42].lo, addr);
	KUNIT_ASSERT_EQ(test, s25_lpm_builder_add(b, addr, sa[42].plen, 1), 0);
	KUNIT_ASSERT_EQ(test, s25_lpm_builder_splice(a, b, 7), 0);
	dup_index = 0;
	KUNIT_EXPECT_EQ(test, t25_prepare(t, a, &dup, &dup_index), -EEXIST);
	KUNIT_EXPECT_EQ(test, dup_index, 300 + 299);
	t25_expect_prefix(test, bits, &dup, &sa[42]);
	s25_lpm_builder_free(a);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &u);

	/* refused, and nothing moves: other family, value, prepared */
	a = t25_builder(test, bits, sa, 300);
	b = t25_builder(test, bits, sb, 300);
	other = s25_lpm_builder_new(bits == 32 ? 128 : 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_splice(other, b, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_splice(a, b, T25_VMAX + 1),
			-ERANGE);
	KUNIT_EXPECT_EQ(test, t25_prepare(t, a, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_splice(a, b, 7), -EINVAL);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(a), 300);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), 300);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(other), 0);
	/* a prepared builder that is not published: freed under the lock */
	mutex_lock(t->lock);
	s25_lpm_builder_free(a);
	mutex_unlock(t->lock);
	s25_lpm_builder_free(b);
	s25_lpm_builder_free(other);
	t25_check_all(test, t, &u);
	t25_destroy(test, t);
}

static int t25_add_tree(struct s25_lpm_builder *b, struct s25_lpm *t,
			u32 mask, u32 skip)
{
	int err;

	mutex_lock(t->lock);
	err = s25_lpm_builder_add_tree(b, t, mask, skip);
	mutex_unlock(t->lock);
	return err;
}

/*
 * add_tree takes a tree's prefixes but those whose value matches, in the
 * order of a walk: the builder gets them in order, as from a walk.
 */
static void t25_test_builder_add_tree(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits, .cap = 500 };
	struct t25_set odd = { .bits = bits, .cap = 500 };
	struct s25_lpm_builder *b;
	struct t25_ref *sorted;
	struct s25_lpm_prefix p;
	struct rnd_state rs;
	size_t i, k;

	prandom_seed_state(&rs, 0xadd + bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	odd.ref = t25_kvzalloc(test, odd.cap, sizeof(*odd.ref));

	/* an empty tree adds nothing */
	b = s25_lpm_builder_new(bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, t25_add_tree(b, t, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), 0);
	s25_lpm_builder_free(b);

	t25_fill_mixed(test, t, &s, &rs, 500);
	sorted = t25_walk_order(test, s.ref, s.n);

	/* leave out the even values: the odd ones, in walk order */
	b = s25_lpm_builder_new(bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, t25_add_tree(b, t, 1, 0), 0);
	for (i = 0, k = 0; i < s.n; i++) {
		if (!(sorted[i].value & 1))
			continue;
		KUNIT_ASSERT_LT(test, k, s25_lpm_builder_count(b));
		s25_lpm_builder_get(b, k++, &p);
		t25_expect_prefix(test, bits, &p, &sorted[i]);
		odd.ref[odd.n++] = sorted[i];
	}
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), k);
	t25_set_sort(&odd);
	/* committed to the tree it came from: only the odd ones are left */
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_free(b);
	t25_check_all(test, t, &odd);

	/* a mask of 0: all (skip 1) or none (skip 0) */
	b = s25_lpm_builder_new(bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, t25_add_tree(b, t, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), 0);
	KUNIT_EXPECT_EQ(test, t25_add_tree(b, t, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_count(b), odd.n);
	s25_lpm_builder_free(b);

	/* a builder of the other family is refused */
	b = s25_lpm_builder_new(bits == 32 ? 128 : 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_EQ(test, t25_add_tree(b, t, 0, 1), -EINVAL);
	s25_lpm_builder_free(b);
	t25_destroy(test, t);
}

/* --- node forms ------------------------------------------------------------ */

/*
 * One node on both sides of each form's limit, under a covering prefix:
 *
 *   RANGES  k prefixes of two slots each: 2k + 1 narrow runs
 *   HOSTS   k prefixes of one slot each: SPARSE, k narrow runs
 *   KIDS    k children and a one-slot prefix: SPARSE, k + 1 wide runs
 *   MIXED   k children and a two-slot prefix: 2k + 2 wide runs
 *
 * Every lookup must answer right and read the lines its form promises:
 * the root slot, then TINY 1, SMALL 2, BLOCK 2, DENSE 3, then 1 for a
 * child; a SPARSE node may know that a slot has no entry before it reads
 * one (the miss column). Lines are counted on the layout, so that KASAN's
 * shifted objects do not change the count.
 */
enum t25_form_kind { T25_RANGES, T25_HOSTS, T25_KIDS, T25_MIXED };

struct t25_form_case {
	const char *form;
	unsigned int bits;
	enum t25_form_kind kind;
	unsigned int k;
	unsigned int lines;	/* root slot and node, without a child */
	unsigned int miss;	/* the same for a slot without a run */
};

static const struct t25_form_case t25_form_cases[] = {
	{ "TINY", 32, T25_RANGES, 4, 2, 2 },
	{ "SMALL", 32, T25_RANGES, 5, 3, 3 },
	{ "SMALL", 32, T25_RANGES, 13, 3, 3 },
	{ "BLOCK", 32, T25_RANGES, 14, 3, 3 },
	{ "BLOCK", 32, T25_RANGES, 139, 3, 3 },
	{ "DENSE", 32, T25_RANGES, 140, 4, 4 },
	{ "TINY", 32, T25_HOSTS, 9, 2, 2 },
	{ "SMALL", 32, T25_HOSTS, 10, 3, 2 },
	{ "SMALL", 32, T25_HOSTS, 28, 3, 2 },
	{ "BLOCK", 32, T25_HOSTS, 29, 3, 3 },
	{ "BLOCK", 32, T25_HOSTS, 280, 3, 3 },
	{ "DENSE", 32, T25_HOSTS, 281, 4, 3 },
	{ "TINY", 128, T25_RANGES, 4, 2, 2 },
	{ "SMALL", 128, T25_RANGES, 5, 3, 3 },
	{ "BLOCK", 128, T25_RANGES, 139, 3, 3 },
	{ "DENSE", 128, T25_RANGES, 140, 4, 4 },
	{ "SMALL", 128, T25_HOSTS, 10, 3, 2 },
	{ "DENSE", 128, T25_HOSTS, 281, 4, 3 },
	{ "TINY", 128, T25_KIDS, 4, 2, 2 },
	{ "SMALL", 128, T25_KIDS, 5, 3, 2 },
	{ "SMALL", 128, T25_KIDS, 27, 3, 2 },
	{ "BLOCK", 128, T25_KIDS, 28, 3, 3 },
	{ "BLOCK", 128, T25_KIDS, 167, 3, 3 },
	{ "DENSE", 128, T25_KIDS, 168, 4, 3 },
	{ "TINY", 128, T25_MIXED, 1, 2, 2 },
	{ "SMALL", 128, T25_MIXED, 2, 3, 3 },
	{ "SMALL", 128, T25_MIXED, 13, 3, 3 },
	{ "BLOCK", 128, T25_MIXED, 14, 3, 3 },
	{ "BLOCK", 128, T25_MIXED, 83, 3, 3 },
	{ "DENSE", 128, T25_MIXED, 84, 4, 4 },
};

static unsigned int t25_form_runs(const struct t25_form_case *c)
{
	switch (c->kind) {
	case T25_RANGES:
		return 2 * c->k + 1;
	case T25_HOSTS:
		return c->k;
	case T25_KIDS:
		return c->k + 1;
	default:
		return 2 * c->k + 2;
	}
}

static void t25_form_desc(const struct t25_form_case *c, char *desc)
{
	static const char *const kinds[] = { "ranges", "hosts", "children",
					     "children and a range" };

	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u %s %s, %u runs",
		 c->bits == 32 ? 4 : 6, kinds[c->kind], c->form,
		 t25_form_runs(c));
}

KUNIT_ARRAY_PARAM(t25_form, t25_form_cases, t25_form_desc);

#define T25_FORM_COVER	7
#define T25_FORM_OWN	8	/* KIDS: 2001::/32, MIXED: 2001::/31 */

static bool t25_form_wide(const struct t25_form_case *c)
{
	return c->kind == T25_KIDS || c->kind == T25_MIXED;
}

/*
 * Prefix @i of a form case at the level's slot (i + 1) * step (even) under
 * 10/8 or 2000::/8: a two-slot range (/31), a host of the level (IPv4 /32,
 * IPv6 /32) or a child (IPv6 /48). Slots 0 and 1 stay free for the node's
 * own prefix, and two slots after each prefix for a key outside it.
 */
static void t25_form_prefix(const struct t25_form_case *c, unsigned int i,
			    u8 *addr, u8 *plen)
{
	unsigned int slot = (i + 1) * (65536 / (c->k + 2)) & ~1U;

	memset(addr, 0, S25_LPM_ADDR_MAX);
	addr[0] = c->bits == 32 ? 10 : 0x20;
	addr[1] = 1;
	put_unaligned_be16(slot, addr + 2);
	*plen = c->kind == T25_RANGES ? 31 : 32;
	if (t25_form_wide(c)) {
		addr[4] = 0xbe;
		addr[5] = 0xef;
		*plen = 48;
	}
}

/* One key: its value and, unless @lines is 0, the lines its lookup reads. */
static bool t25_form_key(struct kunit *test, struct s25_lpm *t, const u8 *key,
			 u32 want, unsigned int lines)
{
	unsigned int got = lines ? t25_lines(t, key, true) : 0;
	u32 value = 0;
	bool found = t25_lookup(t, key, &value);

	KUNIT_EXPECT_TRUE(test, found);
	KUNIT_EXPECT_EQ(test, value, want);
	KUNIT_EXPECT_EQ(test, got, lines);
	return found && value == want && got == lines;
}

/*
 * Keys of prefix @i: its first address (the prefix, or the cover once
 * deleted) and, for a child, one in its slot outside it; and two slots on
 * (the cover).
 */
static bool t25_form_check(struct kunit *test, struct s25_lpm *t,
			   const struct t25_form_case *c, unsigned int i,
			   bool present, bool lines)
{
	unsigned int own = lines ? c->lines + (t25_form_wide(c) && present) :
				   0;
	u8 key[S25_LPM_ADDR_MAX], plen;
	bool ok;

	t25_form_prefix(c, i, key, &plen);
	ok = t25_form_key(test, t, key, present ? 100 + i : T25_FORM_COVER,
			  present ? own : 0);
	if (t25_form_wide(c)) {
		key[4] ^= 0x80;
		ok &= t25_form_key(test, t, key, T25_FORM_COVER,
				   present ? own : 0);
		key[4] ^= 0x80;
	}
	put_unaligned_be16(get_unaligned_be16(key + 2) + 2, key + 2);
	ok &= t25_form_key(test, t, key, T25_FORM_COVER, lines ? c->miss : 0);
	return ok;
}

static void t25_form_check_all(struct kunit *test, struct s25_lpm *t,
			       const struct t25_form_case *c)
{
	unsigned int i;

	for (i = 0; i < c->k; i++)
		if (!t25_form_check(test, t, c, i, true, true))
			break;
	KUNIT_EXPECT_EQ(test, i, c->k);
}

static void t25_test_forms(struct kunit *test)
{
	const struct t25_form_case *c = test->param_value;
	struct s25_lpm *t = t25_tree(test, c->bits);
	u8 cover[S25_LPM_ADDR_MAX] = { c->bits == 32 ? 10 : 0x20 };
	u8 own[S25_LPM_ADDR_MAX] = { 0x20, 0x01 };
	u8 addr[S25_LPM_ADDR_MAX], plen, ownlen = 0;
	struct s25_lpm_builder *b;
	unsigned int i;
	u32 old;

	if (t25_form_wide(c))
		ownlen = c->kind == T25_KIDS ? 32 : 31;

	/* One by one: the node goes through every smaller form first. */
	KUNIT_ASSERT_EQ(test, t25_insert(t, cover, 8, T25_FORM_COVER), 0);
	if (ownlen)
		KUNIT_ASSERT_EQ(test, t25_insert(t, own, ownlen, T25_FORM_OWN),
				0);
	for (i = 0; i < c->k; i++) {
		t25_form_prefix(c, i, addr, &plen);
		KUNIT_ASSERT_EQ(test, t25_insert(t, addr, plen, 100 + i), 0);
	}
	t25_form_check_all(test, t, c);

	/* The bulk build lays the node out the same way. */
	b = s25_lpm_builder_new(c->bits, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_EQ(test, s25_lpm_builder_add(b, cover, 8, T25_FORM_COVER),
			0);
	if (ownlen)
		KUNIT_EXPECT_EQ(test, s25_lpm_builder_add(b, own, ownlen,
							  T25_FORM_OWN), 0);
	for (i = 0; i < c->k; i++) {
		t25_form_prefix(c, i, addr, &plen);
		KUNIT_EXPECT_EQ(test, s25_lpm_builder_add(b, addr, plen, 100 + i),
				0);
	}
	KUNIT_EXPECT_EQ(test, t25_commit(t, b, NULL), 0);
	s25_lpm_builder_free(b);
	t25_form_check_all(test, t, c);
	if (ownlen)
		KUNIT_EXPECT_TRUE(test, t25_form_key(test, t, own, T25_FORM_OWN,
						     c->lines));

	/* Deleting from the top down: each smaller form in turn. */
	for (i = c->k; i-- > 0;) {
		t25_form_prefix(c, i, addr, &plen);
		KUNIT_ASSERT_EQ(test, t25_delete(t, addr, plen, &old), 0);
		KUNIT_EXPECT_EQ(test, old, 100 + i);
		if (!t25_form_check(test, t, c, i, false, false) ||
		    (i && !t25_form_check(test, t, c, i - 1, true, false)))
			break;
	}
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 1 + !!ownlen);
	if (ownlen) {
		KUNIT_EXPECT_TRUE(test, t25_form_key(test, t, own, T25_FORM_OWN,
						     0));
		KUNIT_EXPECT_EQ(test, t25_delete(t, own, ownlen, &old), 0);
		KUNIT_EXPECT_EQ(test, old, T25_FORM_OWN);
	}
	t25_destroy(test, t);
}

/* --- accounting ------------------------------------------------------------ */

static void t25_test_accounting(struct kunit *test)
{
	const unsigned int *bitsp = test->param_value, bits = *bitsp;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .bits = bits, .cap = 128 };
	u8 addr[S25_LPM_ADDR_MAX];
	struct rnd_state rs;
	size_t i, mem;
	u64 gen;
	u32 value;

	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, 0);
	memset(addr, 0, sizeof(addr));
	KUNIT_EXPECT_FALSE(test, t25_lookup(t, addr, &value));
	KUNIT_EXPECT_EQ(test, t25_delete(t, addr, 0, NULL), -ENOENT);
	KUNIT_EXPECT_EQ(test, t25_get(t, addr, 0, &value), -ENOENT);

	prandom_seed_state(&rs, 0xacc + bits);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_fill_mixed(test, t, &s, &rs, 100);
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 100);
	KUNIT_EXPECT_GT(test, t->mem_bytes, 0);
	mem = t->mem_bytes;

	/* Failed calls change neither count nor generation nor memory. */
	gen = t->generation;
	t25_bytes(s.ref[0].hi, s.ref[0].lo, addr);
	KUNIT_EXPECT_EQ(test, t25_insert(t, addr, s.ref[0].plen, 1), -EEXIST);
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 100);
	KUNIT_EXPECT_EQ(test, t->generation, gen);
	KUNIT_EXPECT_EQ(test, t->mem_bytes, mem);

	for (i = 0; i < 100; i++) {
		gen = t->generation;
		t25_bytes(s.ref[i].hi, s.ref[i].lo, addr);
		KUNIT_ASSERT_EQ(test, t25_delete(t, addr, s.ref[i].plen, NULL), 0);
		KUNIT_EXPECT_EQ(test, t->nr_prefixes, 99 - i);
		KUNIT_EXPECT_EQ(test, t->generation, gen + 1);
	}
	kunit_info(test, "mem_bytes %zu with 100 prefixes, %zu when emptied\n",
		   mem, t->mem_bytes);

	/* Destroy with content in it: everything goes. */
	s.n = 0;
	t25_fill_mixed(test, t, &s, &rs, 100);
	t25_destroy(test, t);
	memset(addr, 0, sizeof(addr));
	KUNIT_EXPECT_FALSE(test, t25_lookup(t, addr, &value));
}

/* --- randomized, against the naive reference ---------------------------- */

#define T25_RANDOM_PREFIXES	2000
#define T25_RANDOM_LOOKUPS	200000
#define T25_STAGE_LOOKUPS	50000

/* A random prefix; half of them are near-duplicates of existing ones. */
static void t25_rand_prefix(struct rnd_state *rs, const struct t25_set *s,
			    struct t25_ref *out, u32 value)
{
	unsigned int bits = s->bits, kind = t25_below(rs, 8), i, n;
	int plen, delta;
	u64 hi, lo;

	if (s->n && kind < 4) {
		const struct t25_ref *e = &s->ref[t25_below(rs, s->n)];

		hi = e->hi;
		lo = e->lo;
		plen = e->plen;
		if (kind != 1) {
			/* Change the length by -3..-1 or 1..3. */
			delta = 1 + t25_below(rs, 3);
			plen += t25_below(rs, 2) ? delta : -delta;
			plen = clamp(plen, 0, (int)bits);
		}
		if (kind != 0 && plen) {
			/* Mutate one to three bits of the prefix part. */
			n = 1 + t25_below(rs, 3);
			for (i = 0; i < n; i++)
				t25_flip(&hi, &lo, t25_below(rs, plen));
		}
	} else if (s->nbase && kind != 4) {
		/* Base 0 gets 9/16 of them, 1 4/16, 2 2/16, 3 1/16. */
		unsigned int w = t25_below(rs, 16);
		const struct t25_ref *b = &s->base[w < 9 ? 0 : w < 13 ? 1 :
						   w < 15 ? 2 : 3];
		unsigned int room = bits - b->plen;

		t25_rnd_addr(rs, bits, &hi, &lo);
		hi = b->hi | (hi & ~b->mhi);
		lo = b->lo | (lo & ~b->mlo);
		plen = b->plen + 1 + t25_below(rs, kind < 7 ? min(room, 16U) :
						   room);
	} else {
		t25_rnd_addr(rs, bits, &hi, &lo);
		if (kind == 4)
			plen = t25_below(rs, bits + 1);
		else if (bits == 32)
			plen = 8 + t25_below(rs, 25);
		else if (kind == 5)
			plen = 120 + t25_below(rs, 9);
		else
			plen = 16 + t25_below(rs, 49);
	}
	t25_ref_set(out, hi, lo, plen, value);
}

/* A key inside a prefix, at its edge, just outside of it, or random. */
static void t25_rand_key(struct rnd_state *rs, const struct t25_set *s,
			 u64 *hi, u64 *lo)
{
	unsigned int kind = t25_below(rs, 8);
	const struct t25_ref *e;

	t25_rnd_addr(rs, s->bits, hi, lo);
	if (!s->n || kind < 2)
		return;
	e = &s->ref[t25_below(rs, s->n)];
	if (kind < 6) {
		*hi = e->hi | (*hi & ~e->mhi);
		*lo = e->lo | (*lo & ~e->mlo);
	} else if (kind == 6) {
		*hi = e->hi | ~e->mhi;
		*lo = e->lo | ~e->mlo;
		if (s->bits == 32)
			*hi = (*hi + 0x100000000ULL) & 0xffffffff00000000ULL;
		else if (!++*lo)
			++*hi;
	} else {
		*hi = e->hi;
		*lo = e->lo;
		if (e->plen)
			t25_flip(hi, lo, e->plen - 1);
	}
	if (s->bits == 32) {
		*hi &= 0xffffffff00000000ULL;
		*lo = 0;
	}
}

/* Compares @n random keys; gives up after the first few differences. */
static void t25_check_lookups(struct kunit *test, struct s25_lpm *t,
			      const struct t25_set *s, struct rnd_state *rs,
			      size_t n)
{
	unsigned long lines = 0, max_lines = 0, sampled = 0;
	size_t i, bad = 0;
	u64 hi, lo;

	for (i = 0; i < n && bad < 3; i++) {
		bool deep = !(i % 251);

		t25_rand_key(rs, s, &hi, &lo);
		if (!t25_check_key(test, t, s, hi, lo, deep))
			bad++;
		if (deep) {
			u8 addr[S25_LPM_ADDR_MAX];
			unsigned int l;

			t25_bytes(hi, lo, addr);
			l = t25_lines(t, addr, false);
			lines += l;
			max_lines = max_t(unsigned long, max_lines, l);
			sampled++;
		}
		if (!(i % 4096))
			cond_resched();
	}
	KUNIT_ASSERT_EQ_MSG(test, bad, 0, "lookups differ from the reference");
	kunit_info(test, "%zu lookups with %zu prefixes agree; cache lines per lookup avg %lu.%02lu max %lu\n",
		   n, s->n, sampled ? lines / sampled : 0,
		   sampled ? lines * 100 / sampled % 100 : 0, max_lines);
}

/* Fills the reference with unique random prefixes, inserting them. */
static void t25_random_fill(struct kunit *test, struct s25_lpm *t,
			    struct t25_set *s, struct rnd_state *rs,
			    size_t n, bool insert)
{
	size_t dups = 0, tries = 0;
	u8 addr[S25_LPM_ADDR_MAX];

	while (s->n < n) {
		struct t25_ref r;
		u32 value = s->n;
		bool dup;
		int err;

		if (++tries > 20 * n)
			break;
		if (!(s->n % 97))
			value = S25_LPM_VALUE_MAX - s->n;
		t25_rand_prefix(rs, s, &r, value);
		dup = t25_ref_find(s, r.hi, r.lo, r.plen);
		dups += dup;
		if (insert) {
			t25_bytes(r.hi, r.lo, addr);
			err = t25_insert(t, addr, r.plen, r.value);
			KUNIT_ASSERT_EQ_MSG(test, err, dup ? -EEXIST : 0,
					    "insert #%zu /%u", s->n, r.plen);
		}
		if (!dup)
			s->ref[s->n++] = r;
	}
	KUNIT_ASSERT_EQ(test, s->n, n);
	if (n >= 1000)
		KUNIT_EXPECT_GT(test, dups, 0);
	kunit_info(test, "%zu random prefixes, %zu near-duplicates refused\n",
		   n, dups);
	t25_set_sort(s);
}

/* Deletes the reference's prefixes a quarter at a time, checking all. */
static void t25_random_drain(struct kunit *test, struct s25_lpm *t,
			     struct t25_set *s, struct rnd_state *rs)
{
	size_t i, quarter = DIV_ROUND_UP(s->n, 4);
	u8 addr[S25_LPM_ADDR_MAX];
	char text[T25_TEXT];
	u32 value;

	/* Shuffle, delete from the end, sort back for the reference. */
	while (s->n) {
		/* swap() evaluates its arguments twice: draw j first. */
		for (i = s->n - 1; i > 0; i--) {
			size_t j = t25_below(rs, i + 1);

			swap(s->ref[i], s->ref[j]);
		}
		for (i = 0; i < quarter && s->n; i++) {
			struct t25_ref *r = &s->ref[s->n - 1];

			t25_bytes(r->hi, r->lo, addr);
			value = ~0U;
			KUNIT_ASSERT_EQ_MSG(test, t25_delete(t, addr, r->plen,
							     &value), 0,
					    "delete %s, %zu left",
					    t25_fmt(text, s->bits, r), s->n);
			KUNIT_ASSERT_EQ(test, value, r->value);
			if (!(i % 16)) {
				KUNIT_ASSERT_EQ(test,
						t25_delete(t, addr, r->plen, NULL),
						-ENOENT);
				KUNIT_ASSERT_EQ(test,
						t25_get(t, addr, r->plen, &value),
						-ENOENT);
			}
			s->n--;
			if (!(i % 256))
				cond_resched();
		}
		t25_set_sort(s);
		KUNIT_ASSERT_EQ(test, t->nr_prefixes, s->n);
		t25_check_walk(test, t, s, s->n > 100 ? 37 : 0);
		t25_check_lookups(test, t, s, rs, T25_STAGE_LOOKUPS);
	}
}

struct t25_random_case {
	unsigned int bits;
	bool crowded;
};

static const struct t25_random_case t25_random_cases[] = {
	{ 32, false }, { 128, false }, { 32, true }, { 128, true },
};

static void t25_random_desc(const struct t25_random_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "IPv%u %s", c->bits == 32 ? 4 : 6,
		 c->crowded ? "crowded under 4 prefixes" : "spread");
}

KUNIT_ARRAY_PARAM(t25_random, t25_random_cases, t25_random_desc);

/*
 * Spread: random over the whole space, so mostly small nodes. Crowded:
 * most prefixes under four /16 (IPv4) or /48 (IPv6) prefixes, unevenly,
 * so that some nodes hold hundreds or thousands of runs.
 */
static void t25_random_setup(const struct t25_random_case *c,
			     struct t25_set *s, struct rnd_state *rs, u64 seed)
{
	unsigned int i;
	u64 hi, lo;

	prandom_seed_state(rs, seed + c->bits + c->crowded * 7);
	s->bits = c->bits;
	s->nbase = 0;
	if (!c->crowded)
		return;
	for (i = 0; i < ARRAY_SIZE(s->base); i++) {
		t25_rnd_addr(rs, c->bits, &hi, &lo);
		t25_ref_set(&s->base[i], hi, lo, c->bits == 32 ? 16 : 48, 0);
	}
	s->nbase = ARRAY_SIZE(s->base);
}

static void t25_test_random(struct kunit *test)
{
	const struct t25_random_case *c = test->param_value;
	unsigned int bits = c->bits;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .cap = T25_RANDOM_PREFIXES };
	struct rnd_state rs;

	t25_random_setup(c, &s, &rs, 0x25a5e);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	t25_random_fill(test, t, &s, &rs, T25_RANDOM_PREFIXES, true);
	KUNIT_ASSERT_EQ(test, t->nr_prefixes, s.n);
	kunit_info(test, "mem_bytes %zu for %zu prefixes\n", t->mem_bytes,
		   s.n);
	t25_check_walk(test, t, &s, 0);
	t25_check_walk(test, t, &s, 13);
	t25_check_lookups(test, t, &s, &rs, T25_RANDOM_LOOKUPS);
	t25_random_drain(test, t, &s, &rs);
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	t25_destroy(test, t);
}

/* The same with a tree made by the builder, then changed incrementally. */
static void t25_test_random_builder(struct kunit *test)
{
	const struct t25_random_case *c = test->param_value;
	unsigned int bits = c->bits;
	struct s25_lpm *t = t25_tree(test, bits);
	struct t25_set s = { .cap = T25_RANDOM_PREFIXES + 200 };
	struct t25_set old = { .bits = bits, .cap = 100 };
	struct s25_lpm_builder *b;
	struct rnd_state rs;
	size_t bad = 0;

	t25_random_setup(c, &s, &rs, 0xb25a5e);
	s.ref = t25_kvzalloc(test, s.cap, sizeof(*s.ref));
	old.ref = t25_kvzalloc(test, old.cap, sizeof(*old.ref));

	/* Some old content that the commit replaces. */
	t25_random_fill(test, t, &old, &rs, 100, true);
	t25_random_fill(test, t, &s, &rs, T25_RANDOM_PREFIXES, false);
	b = t25_builder(test, bits, s.ref, s.n);
	KUNIT_ASSERT_EQ(test, t25_commit(t, b, &bad), 0);
	s25_lpm_builder_free(b);
	KUNIT_ASSERT_EQ(test, t->nr_prefixes, s.n);
	kunit_info(test, "mem_bytes %zu for %zu prefixes from the builder\n",
		   t->mem_bytes, s.n);
	t25_check_walk(test, t, &s, 0);
	t25_check_lookups(test, t, &s, &rs, T25_RANDOM_LOOKUPS);

	/* Incremental changes on top of a built tree. */
	t25_random_fill(test, t, &s, &rs, T25_RANDOM_PREFIXES + 200, true);
	t25_check_lookups(test, t, &s, &rs, T25_STAGE_LOOKUPS);
	t25_random_drain(test, t, &s, &rs);
	KUNIT_EXPECT_EQ(test, t->nr_prefixes, 0);
	t25_destroy(test, t);
}

static struct kunit_case t25_cases[] = {
	KUNIT_CASE_PARAM(t25_test_edge, t25_edge_gen_params),
	KUNIT_CASE_PARAM(t25_test_errors, t25_err_gen_params),
	KUNIT_CASE_PARAM(t25_test_full_chain, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_chain_orders, t25_chain_gen_params),
	KUNIT_CASE_PARAM(t25_test_walk, t25_walk_gen_params),
	KUNIT_CASE_PARAM(t25_test_walk_resume_changed, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_replace, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_bad, t25_bad_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_prepare, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_sorted, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_splice, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_builder_add_tree, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_forms, t25_form_gen_params),
	KUNIT_CASE_PARAM(t25_test_accounting, t25_family_gen_params),
	KUNIT_CASE_PARAM(t25_test_random, t25_random_gen_params),
	KUNIT_CASE_PARAM(t25_test_random_builder, t25_random_gen_params),
	{}
};

static struct kunit_suite t25_suite = {
	.name = "smtp25_lpm",
	.init = t25_init,
	.exit = t25_exit,
	.test_cases = t25_cases,
};

kunit_test_suite(t25_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for the smtp25 longest-prefix-match tree");
