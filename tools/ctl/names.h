/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names smtp25ctl shows for the protocol's numbers, and back. */
#ifndef CTL_NAMES_H
#define CTL_NAMES_H

#include <stddef.h>

/* "dynamic", "relay", "quarantine"; NULL for anything else. */
const char *ctl_pool_type_name(unsigned int type);

/* The enum smtp25_pool_type of a name, or -1. */
int ctl_pool_type_parse(const char *name);

/* The event name of a change command ("pool_new", ...), or NULL. */
const char *ctl_event_name(unsigned int cmd);

/* Why a host entered or left quarantine ("blocked", ...), or NULL. */
const char *ctl_quar_reason_name(unsigned int reason);

#endif
