/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * One message of the "events" group as "monitor" prints it:
 *
 *   EVENT pool NAME generation N
 *   quar_add pool quarantine generation N address A reason R offences N
 *            [caught-in POOL] expires TIME|never
 *   quar_del pool quarantine generation N address A reason R offences N
 *            [caught-in POOL]
 *
 * (one line each) or, with -j, one JSON object per line; a quarantine
 * event carries its record in the member "quarantine".
 */
#ifndef CTL_EVENT_H
#define CTL_EVENT_H

#include <stdbool.h>
#include <stdio.h>

#include <libmnl/libmnl.h>

/* Print the event nlh to fp.  Returns 0, or -1 if it cannot be read. */
int ctl_event_print(FILE *fp, const struct nlmsghdr *nlh, bool json);

#endif
