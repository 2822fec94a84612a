/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hosts collected from a dump: all of them, or only the first n in an
 * order, kept in a heap so that "top" over a table of a million hosts
 * holds n of them, not a million.
 */
#ifndef CTL_TOPN_H
#define CTL_TOPN_H

#include <stddef.h>

#include "host.h"

typedef int (*ctl_host_cmp)(const struct ctl_host *, const struct ctl_host *);

struct ctl_topn {
	size_t limit;		/* keep the first limit hosts; 0: all */
	ctl_host_cmp cmp;	/* in this order */
	struct ctl_host *v;
	size_t len, cap;
};

void ctl_topn_init(struct ctl_topn *t, size_t limit, ctl_host_cmp cmp);

/* Offer a host.  Returns 0, or -1 when out of memory. */
int ctl_topn_add(struct ctl_topn *t, const struct ctl_host *h);

/* Sort what was kept into cmp's order: v[0 .. len). */
void ctl_topn_sort(struct ctl_topn *t);

/* Forget every host (to dump again). */
void ctl_topn_clear(struct ctl_topn *t);

void ctl_topn_free(struct ctl_topn *t);

#endif
