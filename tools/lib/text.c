// SPDX-License-Identifier: GPL-2.0
/* Small text helpers shared by the parsers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

void s25_trim(const char **p, size_t *len)
{
	const char *s = *p;
	size_t n = *len;

	while (n && s25_is_blank(*s)) {
		s++;
		n--;
	}
	while (n && s25_is_blank(s[n - 1]))
		n--;
	*p = s;
	*len = n;
}

char *s25_quote(char *dst, size_t dsz, const char *s, size_t len)
{
	/* keep room for the quotes, "..." and the NUL */
	size_t room = dsz > 6 ? dsz - 6 : 0, i, o = 0;

	if (!dsz)
		return dst;
	if (dsz < 8) {
		dst[0] = '\0';
		return dst;
	}
	dst[o++] = '\'';
	for (i = 0; i < len && i < room; i++) {
		unsigned char c = (unsigned char)s[i];

		dst[o++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	if (i < len) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o++] = '\'';
	dst[o] = '\0';
	return dst;
}

int s25_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (err && errsz) {
		va_start(ap, fmt);
		vsnprintf(err, errsz, fmt, ap);
		va_end(ap);
	}
	return -1;
}

bool s25_ieq(const char *s, size_t len, const char *word)
{
	size_t i;

	for (i = 0; i < len; i++) {
		char a = s[i], b = word[i];

		if (b == '\0')
			return false;
		if (a >= 'A' && a <= 'Z')
			a = (char)(a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return word[len] == '\0';
}
