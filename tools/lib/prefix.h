/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP prefixes as smtp25ctl reads them from the command line and from files.
 *
 * PREFIX syntax (one token, no surrounding whitespace):
 *   192.0.2.0/24, 2001:db8::/32   CIDR; host bits must be zero
 *   192.0.2.7, 2001:db8::1         bare address = host prefix (/32, /128)
 *   192.0.2.10-192.0.2.20          range, split into the fewest CIDRs;
 *                                  blanks around '-' are allowed because
 *                                  whois prints "inetnum: A - B"
 *
 * Addresses go through inet_pton(); prefix lengths are plain decimal with
 * no sign, no blanks and no leading zeros ("/0" yes, "/00" and "/024" no),
 * so that "/033" can never be read as octal or as 33 by accident.
 *
 * Every parser takes (text, length) because the file loader hands out
 * slices of its buffer; NUL bytes inside the slice are rejected.  Errors
 * come back as -1 with a one-line reason in err (S25_ERRLEN is enough).
 */
#ifndef S25_PREFIX_H
#define S25_PREFIX_H

#include <stddef.h>

#define S25_ERRLEN 200
/* "ffff:...:ffff/128" and NUL */
#define S25_PREFIX_STRLEN 50

struct s25_prefix {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* network order; IPv4 in the first 4 bytes,
				 * the rest zero */
	unsigned char plen;
};

/* A growable array of prefixes: what gets sent to the kernel. */
struct s25_prefix_vec {
	struct s25_prefix *v;
	size_t len;
	size_t cap;
};

/* Maximum prefix length of a family: 32, 128, or 0 for anything else. */
unsigned int s25_family_bits(int family);

/* Parse a bare address. */
int s25_addr_parse(const char *s, size_t len, int *family,
		   unsigned char addr[16], char *err, size_t errsz);

/* Parse "ADDR/LEN" or a bare address (host prefix). */
int s25_cidr_parse(const char *s, size_t len, struct s25_prefix *out,
		   char *err, size_t errsz);

/*
 * The usual forms quickly: s[0 .. len) starts with a dotted quad or an
 * IPv6 address of hex groups (at most one "::", no embedded IPv4), with
 * or without "/LEN", host bits zero.  Returns the number of bytes that
 * prefix takes, with *out set; what follows is the caller's to judge
 * (s25_cidr_parse() would want nothing).  Returns 0 for anything else,
 * valid or not, which s25_cidr_parse() then judges: what this accepts,
 * s25_cidr_parse() reads the same way.  *out may be changed either way.
 */
size_t s25_cidr_scan_fast(const char *s, size_t len, struct s25_prefix *out);

/* Parse "A-B" into its two ends (same family, A <= B). */
int s25_range_parse(const char *s, size_t len, int *family,
		    unsigned char first[16], unsigned char last[16],
		    char *err, size_t errsz);

/*
 * Append the fewest CIDRs covering first..last (inclusive) to out.
 * Returns 0, or -1 on a bad family, reversed ends or out of memory;
 * on failure out is left as it was.
 */
int s25_range_split(int family, const unsigned char first[16],
		    const unsigned char last[16], struct s25_prefix_vec *out);

/*
 * Parse one PREFIX (CIDR, address or range) and append the resulting
 * prefixes to out (one, or several for a range).  On failure out is left
 * as it was.
 */
int s25_prefix_arg_parse(const char *s, size_t len, struct s25_prefix_vec *out,
			 char *err, size_t errsz);

/* "192.0.2.0/24"; buf must hold S25_PREFIX_STRLEN bytes.  Returns buf. */
char *s25_prefix_format(const struct s25_prefix *p, char *buf);

/* Total order: family, then address, then length.  For sorting/bsearch. */
int s25_prefix_cmp(const struct s25_prefix *a, const struct s25_prefix *b);

int s25_prefix_vec_push(struct s25_prefix_vec *vec, const struct s25_prefix *p);
/* Make room for n more entries (one allocation instead of n). */
int s25_prefix_vec_reserve(struct s25_prefix_vec *vec, size_t n);
void s25_prefix_vec_free(struct s25_prefix_vec *vec);

#endif
