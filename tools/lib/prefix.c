// SPDX-License-Identifier: GPL-2.0
/* Addresses and CIDR prefixes: parsing, formatting, ordering. */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "prefix.h"
#include "text.h"

unsigned int s25_family_bits(int family)
{
	return family == AF_INET ? 32 : family == AF_INET6 ? 128 : 0;
}

static bool only_digits_and_dots(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] == '.' || (s[i] >= '0' && s[i] <= '9')))
			return false;
	return true;
}

int s25_addr_parse(const char *s, size_t len, int *family,
		   unsigned char addr[16], char *err, size_t errsz)
{
	char buf[INET6_ADDRSTRLEN], q[S25_QUOTELEN];
	bool v6;

	if (!len)
		return s25_fail(err, errsz, "missing address");
	if (memchr(s, '\0', len))
		return s25_fail(err, errsz, "NUL byte in address");
	/* inet_pton() wants one family: a colon can only mean IPv6 */
	v6 = memchr(s, ':', len) != NULL;
	memset(addr, 0, 16);
	if (len < sizeof(buf)) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		if (inet_pton(v6 ? AF_INET6 : AF_INET, buf, addr) == 1) {
			*family = v6 ? AF_INET6 : AF_INET;
			return 0;
		}
	}
	memset(addr, 0, 16);
	s25_quote(q, sizeof(q), s, len);
	if (v6)
		return s25_fail(err, errsz, "not a valid IPv6 address: %s", q);
	if (only_digits_and_dots(s, len))
		return s25_fail(err, errsz, "not a valid IPv4 address: %s", q);
	return s25_fail(err, errsz, "not an IP address: %s", q);
}

/* A dotted netmask such as 255.255.255.0, as a length; -1 if not one. */
static int netmask_len(const char *s, size_t len)
{
	unsigned char m[16];
	int family;
	uint32_t v, inv;

	if (s25_addr_parse(s, len, &family, m, NULL, 0) || family != AF_INET)
		return -1;
	v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
	    (uint32_t)m[2] << 8 | m[3];
	inv = ~v;
	if (inv & (inv + 1))	/* ones must be contiguous from the top */
		return -1;
	return __builtin_popcount(v);
}

/* Strict decimal 0..max: digits only, no sign, no leading zero. */
static int parse_plen(const char *s, size_t len, int family,
		      unsigned int *plen, char *err, size_t errsz)
{
	unsigned int max = s25_family_bits(family), v = 0;
	char q[S25_QUOTELEN];
	size_t i;
	int mlen;

	if (!len)
		return s25_fail(err, errsz, "missing prefix length after '/'");
	s25_quote(q, sizeof(q), s, len);
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			mlen = netmask_len(s, len);
			if (mlen >= 0 && family == AF_INET)
				return s25_fail(err, errsz,
						"netmask notation is not accepted: write /%d",
						mlen);
			return s25_fail(err, errsz,
					"prefix length must be a decimal number 0-%u: %s",
					max, q);
		}
	}
	if (len > 1 && s[0] == '0')
		return s25_fail(err, errsz,
				"prefix length has a leading zero: %s", q);
	if (len > 3)
		return s25_fail(err, errsz,
				"prefix length %s out of range for %s (0-%u)",
				q, family == AF_INET ? "IPv4" : "IPv6", max);
	for (i = 0; i < len; i++)
		v = v * 10 + (unsigned int)(s[i] - '0');
	if (v > max)
		return s25_fail(err, errsz,
				"prefix length %u out of range for %s (0-%u)",
				v, family == AF_INET ? "IPv4" : "IPv6", max);
	*plen = v;
	return 0;
}

/* Clear the host bits of addr beyond plen; true if any were set. */
static bool clear_host_bits(unsigned char addr[16], unsigned int plen)
{
	unsigned int i;
	bool had = false;

	for (i = 0; i < 16; i++) {
		unsigned char keep;

		if (plen >= 8 * (i + 1))
			continue;
		keep = plen > 8 * i ? (unsigned char)(0xff << (8 - (plen - 8 * i))) : 0;
		if (addr[i] & ~keep)
			had = true;
		addr[i] &= keep;
	}
	return had;
}

int s25_cidr_parse(const char *s, size_t len, struct s25_prefix *out,
		   char *err, size_t errsz)
{
	const char *slash;
	size_t alen;
	unsigned int plen = 0;
	int family;
	unsigned char addr[16];
	struct s25_prefix net;
	char buf[S25_PREFIX_STRLEN];

	if (!len)
		return s25_fail(err, errsz, "empty prefix");
	slash = memchr(s, '/', len);
	alen = slash ? (size_t)(slash - s) : len;
	if (slash && !alen)
		return s25_fail(err, errsz, "missing address before '/'");
	if (s25_addr_parse(s, alen, &family, addr, err, errsz))
		return -1;
	if (!slash)
		plen = s25_family_bits(family);
	else if (parse_plen(slash + 1, len - alen - 1, family, &plen,
			    err, errsz))
		return -1;

	net.family = family;
	memcpy(net.addr, addr, 16);
	net.plen = (unsigned char)plen;
	/* never guess: 192.0.2.1/24 is a typo more often than not */
	if (clear_host_bits(net.addr, plen))
		return s25_fail(err, errsz, "host bits set: did you mean %s?",
				s25_prefix_format(&net, buf));
	*out = net;
	return 0;
}

char *s25_prefix_format(const struct s25_prefix *p, char *buf)
{
	char a[INET6_ADDRSTRLEN];

	if (!inet_ntop(p->family, p->addr, a, sizeof(a)))
		strcpy(a, "?");
	snprintf(buf, S25_PREFIX_STRLEN, "%s/%u", a, p->plen);
	return buf;
}

int s25_prefix_cmp(const struct s25_prefix *a, const struct s25_prefix *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c < 0 ? -1 : 1;
	return (a->plen > b->plen) - (a->plen < b->plen);
}
