// SPDX-License-Identifier: GPL-2.0
/* Growable prefix array: amortised doubling, no per-entry malloc. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "bigmem.h"
#include "prefix.h"

int s25_prefix_vec_reserve(struct s25_prefix_vec *vec, size_t n)
{
	size_t cap = vec->cap ? vec->cap : 64;
	struct s25_prefix *v;

	if (n <= vec->cap - vec->len)
		return 0;
	if (n > SIZE_MAX / sizeof(*v) - vec->len)
		goto nomem;
	while (cap - vec->len < n)
		cap = cap > SIZE_MAX / 2 / sizeof(*v) ? vec->len + n : cap * 2;
	v = realloc(vec->v, cap * sizeof(*v));
	if (!v)
		goto nomem;
	s25_hugepage_hint(v, cap * sizeof(*v));
	vec->v = v;
	vec->cap = cap;
	return 0;
nomem:
	errno = ENOMEM;
	return -1;
}

int s25_prefix_vec_push(struct s25_prefix_vec *vec, const struct s25_prefix *p)
{
	if (vec->len == vec->cap && s25_prefix_vec_reserve(vec, 1))
		return -1;
	vec->v[vec->len++] = *p;
	return 0;
}

void s25_prefix_vec_free(struct s25_prefix_vec *vec)
{
	free(vec->v);
	vec->v = NULL;
	vec->len = vec->cap = 0;
}
