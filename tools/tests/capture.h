/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Output written to a FILE, captured in memory for the ctl tests. */
#ifndef CTL_TEST_CAPTURE_H
#define CTL_TEST_CAPTURE_H

#include <stdio.h>
#include <stdlib.h>

struct capture {
	char *buf;
	size_t len;
	FILE *fp;
};

static inline FILE *cap_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	if (!c->fp)
		abort();
	return c->fp;
}

/* The text written since cap_start(); free() it. */
static inline char *cap_end(struct capture *c)
{
	fclose(c->fp);
	return c->buf;
}

#endif
