// SPDX-License-Identifier: GPL-2.0-or-later
/* One IPv4 or IPv6 address. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

unsigned int ctl_addr_plen(const struct ctl_addr *a)
{
	unsigned int full = a->family == AF_INET ? 32 : 128;

	return a->plen && a->plen < full ? a->plen : full;
}

int ctl_addr_cmp(const struct ctl_addr *a, const struct ctl_addr *b)
{
	int d;

	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	d = memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
	if (d)
		return d;
	return (ctl_addr_plen(a) > ctl_addr_plen(b)) -
	       (ctl_addr_plen(a) < ctl_addr_plen(b));
}

const char *ctl_addr_base_text(const struct ctl_addr *a, char *buf,
			       size_t bufsz)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)bufsz))
		snprintf(buf, bufsz, "?");
	return buf;
}

const char *ctl_addr_text(const struct ctl_addr *a, char *buf, size_t bufsz)
{
	unsigned int plen = ctl_addr_plen(a);
	size_t n;

	ctl_addr_base_text(a, buf, bufsz);
	n = strlen(buf);
	if (plen != (a->family == AF_INET ? 32u : 128u) && n < bufsz)
		snprintf(buf + n, bufsz - n, "/%u", plen);
	return buf;
}
