// SPDX-License-Identifier: GPL-2.0-or-later
/* Times in text output. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "timefmt.h"

const char *ctl_duration(uint64_t secs, char *buf, size_t bufsz)
{
	static const struct {
		uint64_t secs;
		char name;
	} units[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	size_t i;
	uint64_t big, small;

	for (i = 0; i < 3 && secs < units[i].secs; i++)
		;
	big = secs / units[i].secs;
	if (i == 3) {
		snprintf(buf, bufsz, "%" PRIu64 "s", big);
		return buf;
	}
	small = secs % units[i].secs / units[i + 1].secs;
	if (small)
		snprintf(buf, bufsz, "%" PRIu64 "%c%" PRIu64 "%c", big,
			 units[i].name, small, units[i + 1].name);
	else
		snprintf(buf, bufsz, "%" PRIu64 "%c", big, units[i].name);
	return buf;
}

const char *ctl_localtime(uint64_t t, char *buf, size_t bufsz)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if ((uint64_t)tt != t || !localtime_r(&tt, &tm) ||
	    !strftime(buf, bufsz, "%Y-%m-%dT%H:%M:%S%z", &tm))
		snprintf(buf, bufsz, "@%" PRIu64, t);
	return buf;
}

uint64_t ctl_age(uint64_t t, uint64_t now)
{
	return now > t ? now - t : 0;
}
