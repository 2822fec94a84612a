/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-format line handlers used by loadfile.c (internal).  Each one looks
 * at one line (CR LF already stripped) and says whether it holds a value
 * for s25_prefix_arg_parse(), nothing (comment, blank, metadata) or an
 * error.  CSV works on records, not lines: see csv.h.
 */
#ifndef S25_FORMATS_H
#define S25_FORMATS_H

#include <stddef.h>

enum {
	S25_LINE_ERROR = -1,
	S25_LINE_SKIP = 0,
	S25_LINE_VALUE = 1,
};

/* Plain list: PREFIX, '#' comments, blanks.  *val points into line. */
int s25_plain_line(const char *line, size_t len, const char **val,
		   size_t *vlen);

/* Spamhaus DROP text: "PREFIX ; SBLnnn", ';' comments. */
int s25_drop_line(const char *line, size_t len, const char **val,
		  size_t *vlen);

/*
 * Spamhaus DROP JSON lines: the "cidr" string of an object, copied to
 * val (NUL-terminated, valsz bytes at most); {"type":"metadata",...} and
 * blank lines are skipped.
 */
int s25_jsonl_line(const char *line, size_t len, char *val, size_t valsz,
		   size_t *vlen, char *err, size_t errsz);

#endif
