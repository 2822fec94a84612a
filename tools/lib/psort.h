/* SPDX-License-Identifier: GPL-2.0 */
/* Sorting a whole prefix array (internal). */
#ifndef S25_PSORT_H
#define S25_PSORT_H

#include <stddef.h>
#include <stdint.h>

#include "prefix.h"

/*
 * Sort v[0 .. n) into the order of s25_prefix_cmp() (IPv4 first, then by
 * address, then by length), in place; tag[i] (tag may be NULL) moves with
 * v[i].  Not stable: equal prefixes come in any order.
 */
void s25_prefix_sort(struct s25_prefix *v, uint32_t *tag, size_t n);

#endif
