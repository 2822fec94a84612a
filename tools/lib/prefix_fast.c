// SPDX-License-Identifier: GPL-2.0
/*
 * The common prefix quickly.  A million-line file is mostly "A.B.C.D/N"
 * and plain IPv6 prefixes; s25_cidr_parse() handles each through copies,
 * inet_pton() and careful error reporting.  This reads the usual forms
 * straight from the text and leaves everything else (ranges, embedded
 * IPv4, anything odd, anything wrong) to the full parser, so that errors
 * and unusual input are still judged and reported in one place.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include "prefix.h"

/* The value of a decimal digit, or more than 9. */
static unsigned int dec(char c)
{
	return (unsigned int)(unsigned char)c - '0';
}

static int hexval(char c)
{
	if (dec(c) <= 9)
		return (int)dec(c);
	c |= 0x20;	/* lower case; no other character lands in a-f */
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * The parsers below work on a NUL-terminated copy of the text: the NUL
 * (or whatever ends the prefix) stops every loop, so they need no length
 * checks.  This is longer than any prefix they take.
 */
#define TEXT_MAX 48

/*
 * One decimal of 1 to 3 digits without a leading zero, at most max. The
 * text is padded (TEXT_MAX), so looking three characters ahead is safe.
 */
static inline const char *decimal(const char *s, unsigned int max,
				  unsigned int *out)
{
	unsigned int v = dec(s[0]), d;

	if (v > 9)
		return NULL;
	if ((d = dec(s[1])) > 9) {
		s += 1;
	} else if (!v) {
		return NULL;		/* a leading zero */
	} else {
		v = v * 10 + d;
		if ((d = dec(s[2])) > 9) {
			s += 2;
		} else {
			v = v * 10 + d;
			if (dec(s[3]) <= 9)
				return NULL;
			s += 3;
		}
	}
	if (v > max)
		return NULL;
	*out = v;
	return s;
}

/* Dotted quad, as inet_pton() reads it: 4 decimals 0-255, no leading 0. */
static const char *fast_v4(const char *s, unsigned char *addr)
{
	unsigned int i, v;

	for (i = 0; i < 4; i++) {
		if (i && *s++ != '.')
			return NULL;
		s = decimal(s, 255, &v);
		if (!s)
			return NULL;
		addr[i] = (unsigned char)v;
	}
	return s;
}

/*
 * Hex groups with at most one "::", as inet_pton() reads them; no
 * embedded IPv4 (the full parser takes those).
 */
static const char *fast_v6(const char *s, unsigned char *addr)
{
	unsigned int g[8], ng = 0, nd, v, i;
	int gap = -1, h;

	if (s[0] == ':' && s[1] == ':') {
		gap = 0;
		s += 2;
	}
	while (hexval(*s) >= 0) {
		for (v = 0, nd = 0; (h = hexval(*s)) >= 0 && nd < 5; nd++, s++)
			v = v * 16 + (unsigned int)h;
		if (nd > 4 || ng == 8)
			return NULL;
		g[ng++] = v;
		if (*s != ':')
			break;
		s++;
		if (*s == ':') {
			if (gap >= 0)
				return NULL;
			gap = (int)ng;
			s++;
		} else if (hexval(*s) < 0) {
			return NULL;	/* a single ':' must lead to a group */
		}
	}
	if (*s == '.' || *s == ':')
		return NULL;
	if (gap < 0 ? ng != 8 : ng == 8)
		return NULL;
	for (i = 0; i < ng; i++) {
		unsigned int at = gap >= 0 && i >= (unsigned int)gap ?
				  i + 8 - ng : i;

		addr[2 * at] = (unsigned char)(g[i] >> 8);
		addr[2 * at + 1] = (unsigned char)g[i];
	}
	return s;
}

static uint64_t load_be64(const unsigned char *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 |
	       (uint64_t)p[2] << 40 | (uint64_t)p[3] << 32 |
	       (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	       (uint64_t)p[6] << 8 | p[7];
}

/* Any bit of the 64 in w set after the first keep? */
static bool host_bits64(uint64_t w, unsigned int keep)
{
	return keep < 64 && (w << keep);
}

size_t s25_cidr_scan_fast(const char *s, size_t len, struct s25_prefix *out)
{
	char text[TEXT_MAX];
	const char *p;
	unsigned int plen, max = 32;

	if (len >= sizeof(text)) {
		memcpy(text, s, sizeof(text) - 1);
	} else {
		memcpy(text, s, len);
		memset(text + len, 0, sizeof(text) - 1 - len);
	}
	text[sizeof(text) - 1] = '\0';
	memset(out->addr, 0, 16);
	p = fast_v4(text, out->addr);
	if (p && (*p == ':' || hexval(*p) >= 0))
		p = NULL;	/* "1.2.3.4:..." is no dotted quad */
	if (p) {
		out->family = AF_INET;
	} else {
		memset(out->addr, 0, 16);
		p = fast_v6(text, out->addr);
		if (!p)
			return 0;
		out->family = AF_INET6;
		max = 128;
	}
	plen = max;
	if (*p == '/') {
		p = decimal(p + 1, max, &plen);
		if (!p)
			return 0;
	}
	/* it ends here, not inside a longer token (or the copy's end) */
	if (hexval(*p) >= 0 || *p == ':' || *p == '.' || *p == '/')
		return 0;
	if ((size_t)(p - text) >= len && len >= sizeof(text) - 1)
		return 0;
	if (host_bits64(load_be64(out->addr), plen) ||
	    host_bits64(load_be64(out->addr + 8), plen > 64 ? plen - 64 : 0))
		return 0;
	out->plen = (unsigned char)plen;
	return (size_t)(p - text);
}
