/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * "stats --prometheus": the namespace's figures in the Prometheus text
 * exposition format, for node_exporter's textfile collector.  Every
 * metric is named smtp25_*, with "# HELP" and "# TYPE" lines before its
 * samples; per-pool ones carry the labels pool and type.  No timestamps:
 * the collector refuses them.
 */
#ifndef CTL_PROM_H
#define CTL_PROM_H

#include <stddef.h>
#include <stdio.h>

#include "msg.h"

/* s as a label value, escaped ('\\' '"' and newline) but not quoted. */
void ctl_prom_label(FILE *fp, const char *s);

/* s as the text of a HELP line, escaped ('\\' and newline). */
void ctl_prom_help(FILE *fp, const char *s);

/* Every metric, from the stats and the pools.  What an older module does
 * not report is left out. */
void ctl_prom_write(FILE *fp, const struct ctl_stats *st,
		    const struct ctl_pool *pools, size_t npools);

#endif
