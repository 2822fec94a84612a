/* SPDX-License-Identifier: GPL-2.0 */
/* Exact-duplicate detection over a whole prefix array (internal). */
#ifndef S25_DEDUP_H
#define S25_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "prefix.h"

/*
 * For each v[i] set first_of[i] to the index of the first prefix equal
 * to it: i itself when it is the first (or only) one.  Returns the
 * number of repeats, or -1 when out of memory (or n does not fit).
 */
long s25_dedup(const struct s25_prefix *v, size_t n, uint32_t *first_of);

#endif
