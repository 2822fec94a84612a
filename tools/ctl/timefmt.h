/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Times in text output.  The kernel reports UNIX seconds; tables show how
 * long ago (or until when) as a short duration, detailed views and event
 * lines a local time with its UTC offset, as journalctl -o short-iso
 * does.  JSON keeps the UNIX seconds.
 */
#ifndef CTL_TIMEFMT_H
#define CTL_TIMEFMT_H

#include <stddef.h>
#include <stdint.h>

#define CTL_TIME_STRLEN 32

/*
 * secs as its two largest units, the smaller left out when 0: "42s",
 * "5m3s", "5m", "3h12m", "2d4h".  Returns buf.
 */
const char *ctl_duration(uint64_t secs, char *buf, size_t bufsz);

/* t as "2026-11-29T01:33:00+0100" in the local time zone.  Returns buf. */
const char *ctl_localtime(uint64_t t, char *buf, size_t bufsz);

/* How long before now t was, 0 if it is not in the past. */
uint64_t ctl_age(uint64_t t, uint64_t now);

#endif
