// SPDX-License-Identifier: GPL-2.0-or-later
/* One IPv4 or IPv6 address. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"

int ctl_addr_cmp(const struct ctl_addr *a, const struct ctl_addr *b)
{
	if (a->family != b->family)
		return a->family == AF_INET ? -1 : 1;
	return memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16);
}

const char *ctl_addr_text(const struct ctl_addr *a, char *buf, size_t bufsz)
{
	if (!inet_ntop(a->family, a->addr, buf, (socklen_t)bufsz))
		snprintf(buf, bufsz, "?");
	return buf;
}
