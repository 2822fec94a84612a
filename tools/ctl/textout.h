/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Plain-text output helpers. */
#ifndef CTL_TEXTOUT_H
#define CTL_TEXTOUT_H

#include <stdint.h>
#include <stdio.h>

/*
 * s as it may be shown on a terminal: control characters (a comment may
 * hold any byte) become '?', so they cannot move the cursor or break the
 * one-line-per-row layout.
 */
void ctl_print_safe(FILE *fp, const char *s);

/* s padded with blanks to width columns (bytes), then one blank. */
void ctl_print_cell(FILE *fp, const char *s, int width);

/* Column widths: the larger of w and the length of s, or of v's digits. */
int ctl_width(const char *s, int w);
int ctl_width_u64(uint64_t v, int w);

#endif
