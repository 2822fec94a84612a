/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A streaming JSON writer for -j output: values are written as they come
 * (a dump of a million prefixes never sits in memory), commas between
 * members are placed by the writer.  Output is compact, one document per
 * ctl_json_end_line().
 */
#ifndef CTL_JSON_H
#define CTL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CTL_JSON_DEPTH 8

struct ctl_json {
	FILE *fp;
	int depth;
	bool need_comma[CTL_JSON_DEPTH];
	bool after_key;		/* a value completes a "key": pair */
};

void ctl_json_init(struct ctl_json *j, FILE *fp);

void ctl_json_begin_object(struct ctl_json *j);
void ctl_json_end_object(struct ctl_json *j);
void ctl_json_begin_array(struct ctl_json *j);
void ctl_json_end_array(struct ctl_json *j);

/* A member name inside an object; the next value is its value. */
void ctl_json_key(struct ctl_json *j, const char *key);

void ctl_json_string(struct ctl_json *j, const char *s);
void ctl_json_u64(struct ctl_json *j, uint64_t v);
void ctl_json_null(struct ctl_json *j);
void ctl_json_bool(struct ctl_json *j, bool v);
/* v, or null when have is false (the kernel did not say). */
void ctl_json_u64_or_null(struct ctl_json *j, bool have, uint64_t v);
/* A string, or null when s is NULL. */
void ctl_json_string_or_null(struct ctl_json *j, const char *s);

/* Ends a top-level document with a newline. */
void ctl_json_end_line(struct ctl_json *j);

/*
 * s (len bytes) as a quoted JSON string: '"', '\\' and control
 * characters escaped, bytes that are not valid UTF-8 replaced by U+FFFD
 * (comments are arbitrary bytes; JSON must be UTF-8).
 */
void ctl_json_quote(FILE *fp, const char *s, size_t len);

#endif
