// SPDX-License-Identifier: GPL-2.0
/*
 * Exact-duplicate detection by sorting hashes.
 *
 * A hash table would need one random memory access per prefix, and at a
 * million prefixes each of those misses the cache and the TLB: measured,
 * that was more than half of the load time.  Instead every prefix gets a
 * 64-bit hash, (hash, index) keys are radix-sorted on the top 32 hash
 * bits in four sequential passes, and equal prefixes then sit next
 * to each other.  The sort is stable, so within a run of equal hashes
 * the indexes ascend and the first one seen of each prefix is the
 * earliest in the file.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bigmem.h"
#include "dedup.h"

/* A sort key: the top 32 bits of the hash above the 32-bit index. */
#define KEY(h, i)	(((h) & 0xffffffff00000000ULL) | (uint64_t)(i))
#define KEY_HASH(k)	((uint32_t)((k) >> 32))
#define KEY_IDX(k)	((uint32_t)(k))

static uint64_t mix(uint64_t h)
{
	/* the murmur3 finaliser: every input bit moves every output bit */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	h *= UINT64_C(0xc4ceb9fe1a85ec53);
	h ^= h >> 33;
	return h;
}

static uint64_t hash(const struct s25_prefix *p)
{
	uint64_t a, b;

	memcpy(&a, p->addr, 8);
	memcpy(&b, p->addr + 8, 8);
	return mix(a ^ mix(b ^ ((uint64_t)p->plen << 8 | (uint64_t)p->family)));
}

static bool same(const struct s25_prefix *x, const struct s25_prefix *y)
{
	return x->family == y->family && x->plen == y->plen &&
	       memcmp(x->addr, y->addr, 16) == 0;
}

/* Stable counting sort of src into dst on the byte at bit shift. */
static void radix_pass(const uint64_t *src, uint64_t *dst, size_t n,
		       unsigned int shift)
{
	size_t count[256] = { 0 }, pos[256], i, sum = 0;

	for (i = 0; i < n; i++)
		count[(src[i] >> shift) & 0xff]++;
	for (i = 0; i < 256; i++) {
		pos[i] = sum;
		sum += count[i];
	}
	for (i = 0; i < n; i++)
		dst[pos[(src[i] >> shift) & 0xff]++] = src[i];
}

long s25_dedup(const struct s25_prefix *v, size_t n, uint32_t *first_of)
{
	uint64_t *a, *b, *t;
	uint32_t *reps;
	size_t i, s, e, j, k, nreps;
	unsigned int shift;
	long dups = 0;

	if (n >= UINT32_MAX)
		return -1;
	for (i = 0; i < n; i++)
		first_of[i] = (uint32_t)i;
	if (n < 2)
		return 0;
	a = malloc(n * sizeof(*a));
	b = malloc(n * sizeof(*b));
	if (!a || !b) {
		free(a);
		free(b);
		return -1;
	}
	s25_hugepage_hint(a, n * sizeof(*a));
	s25_hugepage_hint(b, n * sizeof(*b));
	for (i = 0; i < n; i++)
		a[i] = KEY(hash(&v[i]), i);
	for (shift = 32; shift < 64; shift += 8) {
		radix_pass(a, b, n, shift);
		t = a;
		a = b;
		b = t;
	}
	/* b is free now: it holds the distinct prefixes of the current run */
	reps = (uint32_t *)b;
	for (s = 0; s < n; s = e) {
		for (e = s + 1; e < n && KEY_HASH(a[e]) == KEY_HASH(a[s]); e++)
			;
		if (e - s == 1)
			continue;
		nreps = 0;
		for (j = s; j < e; j++) {
			uint32_t idx = KEY_IDX(a[j]);

			for (k = 0; k < nreps; k++) {
				if (same(&v[reps[k]], &v[idx])) {
					first_of[idx] = reps[k];
					dups++;
					break;
				}
			}
			if (k == nreps)
				reps[nreps++] = idx;
		}
	}
	free(a);
	free(b);
	return dups;
}
