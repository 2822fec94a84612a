/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pools as "pool list" and "pool show" print them: a table, or JSON. */
#ifndef CTL_POOLOUT_H
#define CTL_POOLOUT_H

#include <stddef.h>
#include <stdio.h>

#include "json.h"
#include "msg.h"

/* "dynamic", "relay", "quarantine", or "?" for a type we do not know. */
const char *ctl_pool_type_text(unsigned int type);

/* One pool as a JSON object. */
void ctl_pool_json(struct ctl_json *j, const struct ctl_pool *p);

/*
 * A header line and one row per pool, columns aligned; under a pool with
 * settings, a line of its "pool set" words indented to the TYPE column.
 */
void ctl_pool_table(FILE *fp, const struct ctl_pool *v, size_t n);

#endif
