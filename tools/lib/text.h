/* SPDX-License-Identifier: GPL-2.0 */
/* Small text helpers shared by the parsers (internal). */
#ifndef S25_TEXT_H
#define S25_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Blanks we forgive around tokens: space, tab and stray CR/VT/FF. */
static inline bool s25_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Strip blanks from both ends of the slice (*p, *len). */
void s25_trim(const char **p, size_t *len);

/*
 * Write s/len into dst as 'text' for an error message: control bytes and
 * non-ASCII become '?' so file garbage cannot drive the terminal, and long
 * text is cut with "...".  Returns dst.
 */
char *s25_quote(char *dst, size_t dsz, const char *s, size_t len);
#define S25_QUOTELEN 72

/* snprintf into err (when err is not NULL) and return -1. */
int s25_fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ASCII case-insensitive equality of a slice and a C string. */
bool s25_ieq(const char *s, size_t len, const char *word);

#endif
