/* SPDX-License-Identifier: GPL-2.0 */
/* Problems found in an input file, as "FILE:LINE: reason" lines. */
#ifndef S25_DIAG_H
#define S25_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "prefix.h"	/* S25_ERRLEN */

/* Diagnostics kept per list; the rest are only counted. */
#define S25_DIAG_KEEP 20

struct s25_diag_entry {
	unsigned long line;		/* 0: about the whole file */
	char msg[S25_ERRLEN];
};

struct s25_diag {
	unsigned long count;		/* all reported, kept or not */
	struct s25_diag_entry e[S25_DIAG_KEEP];	/* the first ones */
};

/* Record a problem; line 0 means the file as a whole. */
void s25_diag_add(struct s25_diag *d, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Entries kept in d (min(count, S25_DIAG_KEEP)). */
size_t s25_diag_kept(const struct s25_diag *d);

/*
 * Print the kept entries as "FILE:LINE: [PREFIX]reason" (PREFIX is e.g.
 * "warning: ", may be ""), then "FILE: N more not shown" if some were
 * only counted.
 */
void s25_diag_print(const struct s25_diag *d, const char *file,
		    const char *prefix, FILE *fp);

#endif
