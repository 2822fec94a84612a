// SPDX-License-Identifier: GPL-2.0
/*
 * Problems found in an input file.  Only S25_DIAG_KEEP are stored (a
 * binary file would otherwise produce millions), all are counted so the
 * user learns how bad the file is.  The kept ones are those with the
 * lowest line numbers, in line order, whatever order they were found in
 * (duplicates are only found once the whole file is read).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "diag.h"

void s25_diag_add(struct s25_diag *d, unsigned long line, const char *fmt, ...)
{
	size_t kept = s25_diag_kept(d), at = kept;
	va_list ap;

	/* after entries of the same line: equal lines keep their order */
	while (at > 0 && d->e[at - 1].line > line)
		at--;
	d->count++;
	if (at == S25_DIAG_KEEP)
		return;
	if (kept == S25_DIAG_KEEP)
		kept--;		/* the last one falls off */
	memmove(&d->e[at + 1], &d->e[at], (kept - at) * sizeof(d->e[0]));
	d->e[at].line = line;
	va_start(ap, fmt);
	vsnprintf(d->e[at].msg, sizeof(d->e[at].msg), fmt, ap);
	va_end(ap);
}

size_t s25_diag_kept(const struct s25_diag *d)
{
	return d->count < S25_DIAG_KEEP ? d->count : S25_DIAG_KEEP;
}

void s25_diag_print(const struct s25_diag *d, const char *file,
		    const char *prefix, FILE *fp)
{
	size_t i, kept = s25_diag_kept(d);

	for (i = 0; i < kept; i++) {
		if (d->e[i].line)
			fprintf(fp, "%s:%lu: %s%s\n", file, d->e[i].line,
				prefix, d->e[i].msg);
		else
			fprintf(fp, "%s: %s%s\n", file, prefix, d->e[i].msg);
	}
	if (d->count > kept)
		fprintf(fp, "%s: %s%lu more not shown\n", file, prefix,
			d->count - kept);
}
