/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entries of the kernel's per-host accounting table (SMTP25_A_HOST): how
 * they are decoded, ordered ("top": worst offenders first) and shown.
 */
#ifndef CTL_HOST_H
#define CTL_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/smtp25.h>

#include "addr.h"
#include "json.h"

struct ctl_host {
	struct ctl_addr addr;
	char pool[SMTP25_POOL_NAME_LEN];	/* when last seen; "" if none */
	unsigned int type;		/* of that pool; SMTP25_POOL_NONE */
	bool quarantined;
	uint64_t blocked, allowed, over_limit;
	uint32_t dests;			/* distinct destinations (estimate) */
	uint32_t window_blocked;	/* in the current window */
	uint32_t window_dests;		/* the same */
	uint32_t offences;		/* times quarantined */
	uint64_t first_seen, last_seen;	/* UNIX seconds, 0: not reported */
};

/* Decode an SMTP25_A_HOST nest.  Returns 0, or -1 if it is malformed. */
int ctl_host_decode(const struct nlattr *nest, struct ctl_host *h);

/*
 * The order of "top": more blocked attempts first, then more
 * destinations, then seen more recently, then by address.  <0 when a
 * goes before b.
 */
int ctl_host_cmp_top(const struct ctl_host *a, const struct ctl_host *b);

/* By address: IPv4 first, then numerically. */
int ctl_host_cmp_addr(const struct ctl_host *a, const struct ctl_host *b);

/* "quarantined", "released" (quarantined before) or "-". */
const char *ctl_host_state(const struct ctl_host *h);

/* One host as a JSON object (still open when open is true). */
void ctl_host_json(struct ctl_json *j, const struct ctl_host *h, bool open);

struct ctl_quar;

/*
 * host show: one "name value" line per field, times in local time and
 * how long ago; q, the host's quarantine record, adds its lines.
 */
void ctl_host_detail(FILE *fp, const struct ctl_host *h,
		     const struct ctl_quar *q, uint64_t now);

/*
 * ADDRESS POOL BLOCKED ALLOWED OVER-LIMIT DESTS LAST-SEEN STATE, a header
 * and a row per host, in the order given; LAST-SEEN is how long before
 * now.
 */
void ctl_host_table(FILE *fp, const struct ctl_host *v, size_t n,
		    uint64_t now);

#endif
