/* SPDX-License-Identifier: GPL-2.0-or-later */
/* One IPv4 or IPv6 address: a host of the accounting table, a quarantine. */
#ifndef CTL_ADDR_H
#define CTL_ADDR_H

#include <stddef.h>

struct ctl_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char addr[16];	/* network order; IPv4 in the first 4 */
	unsigned char plen;	/* a host that is a prefix (IPv6 accounted
				 * per /64...); 0 or 32/128: one address */
};

/* IPv4 first, then numerically, then the longer prefix last. */
int ctl_addr_cmp(const struct ctl_addr *a, const struct ctl_addr *b);

/*
 * As text, "2001:db8:1:2::/64" for a host shorter than one address; buf
 * of INET6_ADDRSTRLEN.  Returns buf.
 */
const char *ctl_addr_text(const struct ctl_addr *a, char *buf, size_t bufsz);

/* The address alone, without the length. */
const char *ctl_addr_base_text(const struct ctl_addr *a, char *buf,
			       size_t bufsz);

/* The host's prefix length: plen, or the whole address when 0. */
unsigned int ctl_addr_plen(const struct ctl_addr *a);

#endif
