// SPDX-License-Identifier: GPL-2.0
/* One PREFIX token (CIDR, bare address or range) into prefixes. */
#include <errno.h>
#include <string.h>

#include "prefix.h"
#include "text.h"

int s25_prefix_arg_parse(const char *s, size_t len, struct s25_prefix_vec *out,
			 char *err, size_t errsz)
{
	unsigned char first[16], last[16];
	struct s25_prefix p;
	char q1[S25_QUOTELEN], q2[S25_QUOTELEN];
	int family;
	size_t i;

	if (!len)
		return s25_fail(err, errsz, "empty prefix");
	/* callers trim; blanks left here mean junk around the token */
	if (s25_is_blank(s[0]) || s25_is_blank(s[len - 1]))
		return s25_fail(err, errsz,
				"blank before or after the prefix");
	if (memchr(s, '-', len)) {
		if (s25_range_parse(s, len, &family, first, last, err, errsz))
			return -1;
		if (s25_range_split(family, first, last, out))
			return s25_fail(err, errsz, "out of memory");
		return 0;
	}
	/* two tokens on one line, or a stray comment marker */
	for (i = 0; i < len && !s25_is_blank(s[i]); i++)
		;
	if (i < len) {
		size_t j = i;

		while (s25_is_blank(s[j]))
			j++;
		return s25_fail(err, errsz, "junk after %s: %s",
				s25_quote(q1, sizeof(q1), s, i),
				s25_quote(q2, sizeof(q2), s + j, len - j));
	}
	if (s25_cidr_parse(s, len, &p, err, errsz))
		return -1;
	if (s25_prefix_vec_push(out, &p))
		return s25_fail(err, errsz, "out of memory");
	return 0;
}
