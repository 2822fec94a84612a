/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Numbers on the command line: plain decimal, digits only (no sign, no
 * blanks, no "0x", no exponent), so that a typo is refused instead of
 * being read as something else.
 */
#ifndef CTL_NUM_H
#define CTL_NUM_H

#include <stdint.h>

/* s as a number 0..max.  Returns 0, or -1 if it is not one or too big. */
int ctl_num_parse(const char *s, uint64_t max, uint64_t *out);

#endif
