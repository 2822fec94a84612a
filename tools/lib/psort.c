// SPDX-License-Identifier: GPL-2.0
/*
 * Radix sort of prefixes, in place.  A million prefixes sorted by
 * comparisons cost some 20 million calls of s25_prefix_cmp(); a radix
 * sort that copies into a second array touches tens of MB of fresh
 * memory, which under emulation costs as much again.  This one permutes
 * within the array (American flag sort): the prefixes are counted by
 * their first digit (the family, then each address byte, then the
 * length), moved into their bucket by following cycles, and each bucket
 * is sorted the same way on the next digit; a digit all of a bucket
 * shares costs one counting pass and no moves, and small buckets are
 * finished by insertion.  A million random /24s: about three passes.
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "psort.h"

#define SMALL 24	/* buckets smaller than this: insertion sort */

/* The byte of a prefix that digit d (1 to 17) is: address bytes, length. */
static size_t digit_at(unsigned int d)
{
	return d <= 16 ? offsetof(struct s25_prefix, addr) + d - 1 :
			 offsetof(struct s25_prefix, plen);
}

static unsigned int digit(const struct s25_prefix *p, size_t at)
{
	return ((const unsigned char *)p)[at];
}

static inline uint64_t be64(const unsigned char *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	       (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	       (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	       (uint64_t)p[6] << 8 | p[7];
}

/* a after b, both of one family, in the order of s25_prefix_cmp()? */
static inline bool after(const struct s25_prefix *a,
			 const struct s25_prefix *b)
{
	uint64_t x = be64(a->addr), y = be64(b->addr);

	if (x == y) {
		x = be64(a->addr + 8);
		y = be64(b->addr + 8);
	}
	if (x != y)
		return x > y;
	return a->plen > b->plen;
}

static void insertion(struct s25_prefix *v, uint32_t *tag, size_t n)
{
	struct s25_prefix x;
	uint32_t xt = 0;
	size_t i, j;

	for (i = 1; i < n; i++) {
		if (!after(&v[i - 1], &v[i]))
			continue;
		x = v[i];
		if (tag)
			xt = tag[i];
		for (j = i; j > 0 && after(&v[j - 1], &x); j--) {
			v[j] = v[j - 1];
			if (tag)
				tag[j] = tag[j - 1];
		}
		v[j] = x;
		if (tag)
			tag[j] = xt;
	}
}

/* Sort v[0 .. n), all of one family, which agree on the digits before d. */
static void sort_from(struct s25_prefix *v, uint32_t *tag, size_t n,
		      unsigned int d)
{
	size_t count[256], start[256], next[256], i, b, at, pos, sum;
	struct s25_prefix x, y;
	uint32_t xt = 0, yt;
	unsigned int c;

	for (;; d++) {
		if (n < SMALL) {
			insertion(v, tag, n);
			return;
		}
		if (d > 17)
			return;		/* all equal */
		at = digit_at(d);
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[digit(&v[i], at)]++;
		if (count[digit(&v[0], at)] != n)
			break;
	}
	for (b = 0, sum = 0; b < 256; b++) {
		start[b] = next[b] = sum;
		sum += count[b];
	}
	/* fill each bucket: whatever sits in its next place goes home */
	for (b = 0; b < 256; b++) {
		while (next[b] < start[b] + count[b]) {
			x = v[next[b]];
			if (tag)
				xt = tag[next[b]];
			while ((c = digit(&x, at)) != b) {
				pos = next[c]++;
				y = v[pos];
				v[pos] = x;
				x = y;
				if (tag) {
					yt = tag[pos];
					tag[pos] = xt;
					xt = yt;
				}
			}
			v[next[b]] = x;
			if (tag)
				tag[next[b]] = xt;
			next[b]++;
		}
	}
	for (b = 0; b < 256; b++)
		if (count[b] > 1)
			sort_from(v + start[b], tag ? tag + start[b] : NULL,
				  count[b], d + 1);
}

static void swap(struct s25_prefix *v, uint32_t *tag, size_t i, size_t j)
{
	struct s25_prefix x = v[i];
	uint32_t t;

	v[i] = v[j];
	v[j] = x;
	if (tag) {
		t = tag[i];
		tag[i] = tag[j];
		tag[j] = t;
	}
}

void s25_prefix_sort(struct s25_prefix *v, uint32_t *tag, size_t n)
{
	size_t i = 0, j = n;

	/* IPv4 first */
	for (;;) {
		while (i < j && v[i].family == AF_INET)
			i++;
		while (i < j && v[j - 1].family != AF_INET)
			j--;
		if (i >= j)
			break;
		swap(v, tag, i++, --j);
	}
	sort_from(v, tag, i, 1);
	sort_from(v + i, tag ? tag + i : NULL, n - i, 1);
}
