// SPDX-License-Identifier: GPL-2.0-or-later
/* Prefixes as text, fast. */
#include <string.h>
#include <sys/socket.h>

#include "pfxtext.h"

/* A number 0..255 in decimal; returns the digits written. */
static size_t put_u8(char *b, unsigned int v)
{
	size_t n = 0;

	if (v >= 100)
		b[n++] = (char)('0' + v / 100);
	if (v >= 10)
		b[n++] = (char)('0' + v / 10 % 10);
	b[n++] = (char)('0' + v % 10);
	return n;
}

size_t ctl_prefix_text(const struct s25_prefix *p, char *buf)
{
	size_t n = 0;
	int i;

	if (p->family != AF_INET) {
		s25_prefix_format(p, buf);
		return strlen(buf);
	}
	for (i = 0; i < 4; i++) {
		n += put_u8(buf + n, p->addr[i]);
		buf[n++] = i < 3 ? '.' : '/';
	}
	n += put_u8(buf + n, p->plen);
	buf[n] = '\0';
	return n;
}
