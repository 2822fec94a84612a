/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the cmocka unit tests. */
#ifndef S25_TESTUTIL_H
#define S25_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "loadfile.h"
#include "prefix.h"

/* malloc() for tests: no NULL paths for the compiler to worry about. */
static inline void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		abort();
	return p;
}

/* The message must contain the fragment. */
#define assert_has(msg, frag) \
	assert_non_null_msg(strstr((msg), (frag)), (msg), (frag))

static inline const char *assert_non_null_msg(const char *hit,
					      const char *msg,
					      const char *frag)
{
	if (!hit)
		fail_msg("expected \"%s\" in \"%s\"", frag, msg);
	return hit;
}

/* Parse one PREFIX argument that must be good; returns its prefix count. */
static inline size_t arg_ok(const char *s, struct s25_prefix_vec *v)
{
	char err[S25_ERRLEN] = "";

	if (s25_prefix_arg_parse(s, strlen(s), v, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", s, err);
	return v->len;
}

/* Parse one PREFIX argument that must fail; returns the reason. */
static inline const char *arg_bad(const char *s, size_t len)
{
	static char err[S25_ERRLEN];
	struct s25_prefix_vec v = { 0 };

	err[0] = '\0';
	if (!s25_prefix_arg_parse(s, len, &v, err, sizeof(err)))
		fail_msg("'%s' accepted", s);
	assert_int_equal(v.len, 0);
	s25_prefix_vec_free(&v);
	return err;
}

static inline const char *fmt_prefix(const struct s25_prefix *p)
{
	static char buf[4][S25_PREFIX_STRLEN];
	static int n;

	return s25_prefix_format(p, buf[n++ % 4]);
}

/* The vector must hold exactly these prefixes (NULL-terminated list). */
static inline void assert_vec(const struct s25_prefix_vec *v, ...)
{
	const char *want;
	size_t i = 0;
	va_list ap;

	va_start(ap, v);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= v->len)
			fail_msg("missing prefix %zu: %s", i, want);
		assert_string_equal(fmt_prefix(&v->v[i]), want);
		i++;
	}
	va_end(ap);
	assert_int_equal(v->len, i);
}

/* Load a text given as a C string under the name "t.txt". */
static inline int load_text(struct s25_load *ld, const char *text,
			    unsigned int flags)
{
	return s25_load_buffer(ld, "t.txt", text, strlen(text), flags);
}

/* Entry i of a diagnostic list must be on line with this text in it. */
static inline void assert_diag(const struct s25_diag *d, size_t i,
			       unsigned long line, const char *frag)
{
	if (i >= s25_diag_kept(d))
		fail_msg("no diagnostic %zu (want line %lu: %s)", i, line,
			 frag);
	assert_int_equal(d->e[i].line, line);
	assert_has(d->e[i].msg, frag);
}

#endif
