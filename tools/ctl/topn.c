// SPDX-License-Identifier: GPL-2.0-or-later
/* The first n hosts of a dump in an order, or all of them. */
#include <stdlib.h>
#include <string.h>

#include "topn.h"

void ctl_topn_init(struct ctl_topn *t, size_t limit, ctl_host_cmp cmp)
{
	memset(t, 0, sizeof(*t));
	t->limit = limit;
	t->cmp = cmp;
}

static int grow(struct ctl_topn *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	struct ctl_host *v;

	if (t->limit && cap > t->limit)
		cap = t->limit;
	v = realloc(t->v, cap * sizeof(*v));
	if (!v)
		return -1;
	t->v = v;
	t->cap = cap;
	return 0;
}

static void swap(struct ctl_host *a, struct ctl_host *b)
{
	struct ctl_host tmp = *a;

	*a = *b;
	*b = tmp;
}

/*
 * With a limit, v is a heap whose root is the host that comes last in
 * cmp's order: the one to drop when a host that goes before it comes.
 */
static void sift_up(struct ctl_topn *t, size_t i)
{
	while (i > 0 && t->cmp(&t->v[(i - 1) / 2], &t->v[i]) < 0) {
		swap(&t->v[(i - 1) / 2], &t->v[i]);
		i = (i - 1) / 2;
	}
}

static void sift_down(struct ctl_topn *t, size_t i)
{
	size_t last, c;

	for (;;) {
		last = i;
		for (c = 2 * i + 1; c <= 2 * i + 2 && c < t->len; c++)
			if (t->cmp(&t->v[last], &t->v[c]) < 0)
				last = c;
		if (last == i)
			return;
		swap(&t->v[i], &t->v[last]);
		i = last;
	}
}

int ctl_topn_add(struct ctl_topn *t, const struct ctl_host *h)
{
	if (t->limit && t->len == t->limit) {
		if (t->cmp(h, &t->v[0]) >= 0)
			return 0;	/* not among the first limit */
		t->v[0] = *h;
		sift_down(t, 0);
		return 0;
	}
	if (t->len == t->cap && grow(t))
		return -1;
	t->v[t->len++] = *h;
	if (t->limit)
		sift_up(t, t->len - 1);
	return 0;
}

/* qsort() takes no context; smtp25ctl sorts one list at a time */
static ctl_host_cmp sort_cmp;

static int qsort_cb(const void *a, const void *b)
{
	return sort_cmp(a, b);
}

void ctl_topn_sort(struct ctl_topn *t)
{
	sort_cmp = t->cmp;
	qsort(t->v, t->len, sizeof(*t->v), qsort_cb);
}

void ctl_topn_clear(struct ctl_topn *t)
{
	t->len = 0;
}

void ctl_topn_free(struct ctl_topn *t)
{
	free(t->v);
	t->v = NULL;
	t->len = t->cap = 0;
}
