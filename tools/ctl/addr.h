/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One IPv4 or IPv6 address: a host of the accounting table, a quarantine. */
#ifndef CTL_ADDR_H
#define CTL_ADDR_H

#include <stddef.h>

struct ctl_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* network order; IPv4 in the first 4 */
};

/* IPv4 first, then numerically. */
int ctl_addr_cmp(const struct ctl_addr *a, const struct ctl_addr *b);

/* As text; buf of INET6_ADDRSTRLEN.  Returns buf. */
const char *ctl_addr_text(const struct ctl_addr *a, char *buf, size_t bufsz);

#endif
