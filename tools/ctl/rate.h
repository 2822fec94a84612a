/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Rates of new port-25 connections, as "pool set" takes them and "pool
 * list" and "save" print them:
 *
 *   N/s  N/min  N/hour  N/day     (also sec, second, minute, h, d)
 *   N/Ms N/Mmin ...               a period of M units ("10/5min")
 *   none, 0 (or 0/UNIT)           no limit
 *
 * In the kernel a rate is a token bucket of N tokens refilled over the
 * period, so "300/min" and "5/s" differ: the first allows a burst of 300.
 * The period is 1 second to a day (SMTP25_PERIOD_MAX).
 */
#ifndef CTL_RATE_H
#define CTL_RATE_H

#include <stddef.h>
#include <stdint.h>

struct ctl_rate {
	uint32_t count;		/* 0: no limit */
	uint32_t period;	/* seconds */
};

/* "4294967295/86400s" and a NUL, with room to spare */
#define CTL_RATE_STRLEN 32

/* The period sent with a rate that is off: any valid one does. */
#define CTL_RATE_OFF_PERIOD 1

/*
 * Parse s into r; "none" gives { 0, CTL_RATE_OFF_PERIOD }.  Returns 0, or
 * -1 with a one-line reason in err.
 */
int ctl_rate_parse(const char *s, struct ctl_rate *r, char *err,
		   size_t errsz);

/*
 * r as text that ctl_rate_parse() reads back the same: "none" when the
 * count is 0, else the count over the largest unit that divides the
 * period ("300/min", "10/2hour", "7/90s").  Returns buf.
 */
const char *ctl_rate_format(const struct ctl_rate *r, char *buf,
			    size_t bufsz);

#endif
