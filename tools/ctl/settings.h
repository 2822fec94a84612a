/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A pool's limits and quarantine thresholds, in the words of
 *
 *   pool set NAME [limit-host RATE] [limit-pool RATE] [quarantine-after N]
 *                 [quarantine-dests N] [window SECONDS] [expires SECONDS]
 *                 [account-prefix6 LENGTH]
 *
 * which "pool set" reads and "pool list" and "save" write back.  "none"
 * (and 0) turns a limit or threshold off; "expires none" (or "never", or
 * 0) keeps a host in quarantine until it is released by hand.
 */
#ifndef CTL_SETTINGS_H
#define CTL_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/smtp25.h>

#include "rate.h"

/* The kernel's values for a new pool (see linux/smtp25.h). */
#define CTL_WINDOW_DEFAULT 60
#define CTL_EXPIRES_DEFAULT 3600
#define CTL_ACCOUNT6_DEFAULT SMTP25_ACCOUNT_PLEN6_DEFAULT

enum {
	CTL_SET_LIMIT_HOST = 1 << 0,
	CTL_SET_LIMIT_POOL = 1 << 1,
	CTL_SET_QUAR_AFTER = 1 << 2,
	CTL_SET_QUAR_DESTS = 1 << 3,
	CTL_SET_WINDOW = 1 << 4,
	CTL_SET_EXPIRES = 1 << 5,
	CTL_SET_ACCOUNT6 = 1 << 6,
};

struct ctl_settings {
	unsigned int given;	/* CTL_SET_*: set by the user, or sent by
				 * the kernel; the others mean nothing */
	struct ctl_rate limit_host, limit_pool;
	uint32_t quar_after;	/* 0: off */
	uint32_t quar_dests;	/* 0: off */
	uint32_t window;	/* seconds */
	uint32_t expires;	/* seconds, 0: never */
	uint8_t account6;	/* IPv6 hosts are prefixes this long */
	uint8_t account6_default; /* the kernel's for the pool's type; 0:
				   * CTL_ACCOUNT6_DEFAULT */
};

/* The account-prefix6 a new pool of @type gets from the kernel. */
uint8_t ctl_account6_default(unsigned int type);

/*
 * The words after "pool set NAME".  Returns CTL_EXIT_OK, CTL_EXIT_USAGE
 * (unknown or repeated keyword, missing value, nothing to set) or
 * CTL_EXIT_REFUSED (a value that cannot be right) with a reason in err.
 */
int ctl_settings_parse(int argc, char *const argv[], struct ctl_settings *s,
		       char *err, size_t errsz);

/*
 * "expires SECONDS" of pool set and quarantine add: a number of seconds,
 * or none/never (0).  Returns 0, or -1 with a reason in err.
 */
int ctl_expires_parse(const char *word, uint32_t *v, char *err,
		      size_t errsz);

/*
 * Whether a pool with these settings (as the kernel reports them) has
 * anything a new pool does not: limits, thresholds, or a window, expiry
 * or IPv6 accounting length changed from the defaults.
 */
bool ctl_settings_any(const struct ctl_settings *s);

/*
 * Write what ctl_settings_any() finds, as "pool set" words that restore
 * it ("limit-host 300/min quarantine-after 20 window 60 expires 3600"):
 * the limits and thresholds that are on, and the window and expiry
 * whenever a threshold is on (they are what it means) or they differ
 * from the defaults; account-prefix6 when it is not the default of the
 * pool's type (ctl_account6_default()). Nothing when ctl_settings_any()
 * is false.
 */
void ctl_settings_write(FILE *fp, const struct ctl_settings *s);

#endif
