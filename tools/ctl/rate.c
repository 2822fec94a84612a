// SPDX-License-Identifier: GPL-2.0-or-later
/* Rates: "300/min" and back. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <linux/smtp25.h>

#include "num.h"
#include "rate.h"

struct unit {
	const char *name;
	uint32_t seconds;
};

/* What the formatter writes: the largest that divides the period. */
static const struct unit units[] = {
	{ "day", 86400 }, { "hour", 3600 }, { "min", 60 }, { "s", 1 },
};

/* Also read, as hashlimit and people write them. */
static const struct unit aliases[] = {
	{ "d", 86400 }, { "h", 3600 }, { "minute", 60 }, { "sec", 1 },
	{ "second", 1 },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct unit *find_unit(const char *name)
{
	size_t i;

	for (i = 0; i < N(units); i++)
		if (strcmp(name, units[i].name) == 0)
			return &units[i];
	for (i = 0; i < N(aliases); i++)
		if (strcmp(name, aliases[i].name) == 0)
			return &aliases[i];
	return NULL;
}

static int fail(char *err, size_t errsz, const char *s, const char *why)
{
	snprintf(err, errsz, "'%s': %s", s, why);
	return -1;
}

static bool all_digits(const char *s, size_t len)
{
	return len && strspn(s, "0123456789") >= len;
}

/* The leading len bytes of s as a number 0..max; -1 if not or too big. */
static int num_prefix(const char *s, size_t len, uint64_t max, uint64_t *v)
{
	char buf[24];

	if (!all_digits(s, len) || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return ctl_num_parse(buf, max, v);
}

#define PERIOD_RANGE "the period is 1 second to a day (86400 seconds)"

int ctl_rate_parse(const char *s, struct ctl_rate *r, char *err,
		   size_t errsz)
{
	const char *slash = strchr(s, '/'), *u;
	const struct unit *unit;
	uint64_t n, m = 1;
	size_t len;

	if (strcmp(s, "none") == 0 || strcmp(s, "0") == 0) {
		r->count = 0;
		r->period = CTL_RATE_OFF_PERIOD;
		return 0;
	}
	if (!slash)
		return fail(err, errsz, s,
			    "not a rate (N/s, N/min, N/hour, N/day or none)");
	len = (size_t)(slash - s);
	if (!all_digits(s, len))
		return fail(err, errsz, s, "the count is not a number");
	if (num_prefix(s, len, UINT32_MAX, &n))
		return fail(err, errsz, s, "the count is at most 4294967295");
	/* an optional multiplier of the unit: "10/5min" */
	u = slash + 1;
	len = strspn(u, "0123456789");
	if (len) {
		if (num_prefix(u, len, SMTP25_PERIOD_MAX, &m) || m == 0)
			return fail(err, errsz, s, PERIOD_RANGE);
		u += len;
	}
	unit = find_unit(u);
	if (!unit)
		return fail(err, errsz, s, *u ?
			    "unknown unit (s, min, hour or day)" :
			    "missing unit (s, min, hour or day)");
	if (m * unit->seconds > SMTP25_PERIOD_MAX)
		return fail(err, errsz, s, PERIOD_RANGE);
	r->count = (uint32_t)n;
	r->period = n ? (uint32_t)(m * unit->seconds) : CTL_RATE_OFF_PERIOD;
	return 0;
}

const char *ctl_rate_format(const struct ctl_rate *r, char *buf,
			    size_t bufsz)
{
	const struct unit *u = units;

	if (!r->count || !r->period) {
		snprintf(buf, bufsz, "none");
		return buf;
	}
	while (r->period % u->seconds)	/* ends at "s" at the latest */
		u++;
	if (r->period == u->seconds)
		snprintf(buf, bufsz, "%" PRIu32 "/%s", r->count, u->name);
	else
		snprintf(buf, bufsz, "%" PRIu32 "/%" PRIu32 "%s", r->count,
			 r->period / u->seconds, u->name);
	return buf;
}
