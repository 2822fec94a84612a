// SPDX-License-Identifier: GPL-2.0
/*
 * Address ranges "A-B" and their split into the fewest CIDRs.
 *
 * The split walks from the first address upwards, each time taking the
 * largest aligned block that starts there and does not pass the last
 * address: that greedy choice is optimal (at most 2*bits-2 blocks).
 * Addresses are handled as 128-bit numbers made of two uint64_t so that
 * IPv4 and IPv6 share one code path and ::/0 does not overflow.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "prefix.h"
#include "text.h"

struct u128 {
	uint64_t hi, lo;
};

static struct u128 to_u128(int family, const unsigned char a[16])
{
	struct u128 v = { 0, 0 };
	int i;

	if (family == AF_INET) {
		for (i = 0; i < 4; i++)
			v.lo = v.lo << 8 | a[i];
		return v;
	}
	for (i = 0; i < 8; i++)
		v.hi = v.hi << 8 | a[i];
	for (i = 8; i < 16; i++)
		v.lo = v.lo << 8 | a[i];
	return v;
}

static void from_u128(int family, struct u128 v, unsigned char a[16])
{
	int i;

	memset(a, 0, 16);
	if (family == AF_INET) {
		for (i = 3; i >= 0; i--, v.lo >>= 8)
			a[i] = (unsigned char)v.lo;
		return;
	}
	for (i = 15; i >= 8; i--, v.lo >>= 8)
		a[i] = (unsigned char)v.lo;
	for (i = 7; i >= 0; i--, v.hi >>= 8)
		a[i] = (unsigned char)v.hi;
}

static int cmp_u128(struct u128 a, struct u128 b)
{
	if (a.hi != b.hi)
		return a.hi < b.hi ? -1 : 1;
	return (a.lo > b.lo) - (a.lo < b.lo);
}

/* Number of trailing zero bits, 128 for zero. */
static unsigned int ctz_u128(struct u128 v)
{
	if (v.lo)
		return (unsigned int)__builtin_ctzll(v.lo);
	if (v.hi)
		return 64 + (unsigned int)__builtin_ctzll(v.hi);
	return 128;
}

/* The low k bits set (k <= 128). */
static struct u128 low_mask(unsigned int k)
{
	struct u128 m;

	m.lo = k >= 64 ? UINT64_MAX : (UINT64_C(1) << k) - 1;
	m.hi = k >= 128 ? UINT64_MAX : k > 64 ? (UINT64_C(1) << (k - 64)) - 1 : 0;
	return m;
}

int s25_range_split(int family, const unsigned char first[16],
		    const unsigned char last[16], struct s25_prefix_vec *out)
{
	unsigned int bits = s25_family_bits(family);
	size_t old_len = out->len;
	struct u128 cur, end;

	if (!bits)
		return -1;
	cur = to_u128(family, first);
	end = to_u128(family, last);
	if (cmp_u128(cur, end) > 0)
		return -1;
	for (;;) {
		unsigned int k = ctz_u128(cur);
		struct u128 m, top;
		struct s25_prefix p;

		if (k > bits)
			k = bits;
		/* shrink the block until it stays inside the range */
		for (;;) {
			m = low_mask(k);
			top.hi = cur.hi | m.hi;
			top.lo = cur.lo | m.lo;
			if (cmp_u128(top, end) <= 0)
				break;
			k--;
		}
		p.family = family;
		p.plen = (unsigned char)(bits - k);
		from_u128(family, cur, p.addr);
		if (s25_prefix_vec_push(out, &p)) {
			out->len = old_len;
			return -1;
		}
		if (cmp_u128(top, end) == 0)
			return 0;
		/* top < end, so top + 1 cannot wrap */
		cur.lo = top.lo + 1;
		cur.hi = top.hi + (cur.lo == 0);
	}
}

int s25_range_parse(const char *s, size_t len, int *family,
		    unsigned char first[16], unsigned char last[16],
		    char *err, size_t errsz)
{
	const char *dash = memchr(s, '-', len), *a = s, *b;
	size_t alen, blen;
	int fa, fb;
	char qa[S25_QUOTELEN], qb[S25_QUOTELEN];

	if (!dash)
		return s25_fail(err, errsz, "not a range (no '-')");
	alen = (size_t)(dash - s);
	b = dash + 1;
	blen = len - alen - 1;
	if (memchr(b, '-', blen))
		return s25_fail(err, errsz, "more than one '-' in range");
	/* whois writes "A - B": blanks next to the dash are fine */
	while (alen && s25_is_blank(a[alen - 1]))
		alen--;
	while (blen && s25_is_blank(*b)) {
		b++;
		blen--;
	}
	if (!alen)
		return s25_fail(err, errsz, "range has no first address");
	if (!blen)
		return s25_fail(err, errsz, "range has no last address");
	if (memchr(a, '/', alen) || memchr(b, '/', blen))
		return s25_fail(err, errsz,
				"range ends must be addresses, not prefixes");
	if (s25_addr_parse(a, alen, &fa, first, err, errsz) ||
	    s25_addr_parse(b, blen, &fb, last, err, errsz))
		return -1;
	if (fa != fb)
		return s25_fail(err, errsz, "range mixes IPv4 and IPv6");
	if (memcmp(first, last, 16) > 0)
		return s25_fail(err, errsz,
				"reversed range: %s is above %s",
				s25_quote(qa, sizeof(qa), a, alen),
				s25_quote(qb, sizeof(qb), b, blen));
	*family = fa;
	return 0;
}
