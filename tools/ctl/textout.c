// SPDX-License-Identifier: GPL-2.0-or-later
/* Plain-text output helpers. */
#include <inttypes.h>
#include <string.h>

#include "textout.h"

void ctl_print_safe(FILE *fp, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s, fp);
}

void ctl_print_cell(FILE *fp, const char *s, int width)
{
	int n = (int)strlen(s);

	ctl_print_safe(fp, s);
	for (; n < width; n++)
		fputc(' ', fp);
	fputc(' ', fp);
}

int ctl_width(const char *s, int w)
{
	int n = (int)strlen(s);

	return n > w ? n : w;
}

int ctl_width_u64(uint64_t v, int w)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return ctl_width(buf, w);
}
