// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 4180 CSV fields: "..." quoting with "" for a quote, delimiters and
 * line breaks allowed inside quotes, CRLF or LF record ends.  Two common
 * deviations are accepted because spreadsheet exports make them: blanks
 * around a quoted field, and ';' or TAB as delimiter (chosen by the
 * loader).  A quote inside an unquoted field is an error, not guessed at.
 */
#include <string.h>

#include "csv.h"
#include "text.h"

/* Padding allowed around a quoted field; never the delimiter itself. */
static bool is_pad(char ch, char delim)
{
	return ch != delim && (ch == ' ' || ch == '\t' || ch == '\r');
}

/* After an error: resume at the next line. */
static void skip_line(struct s25_csv *c, const char *p)
{
	const char *nl = memchr(p, '\n', (size_t)(c->end - p));

	if (nl) {
		c->p = nl + 1;
		c->line++;
	} else {
		c->p = c->end;
	}
}

static void put(char *buf, size_t bufsz, size_t *n, char ch)
{
	if (buf && *n + 1 < bufsz)
		buf[*n] = ch;
	(*n)++;
}

/* Where the field ended: after a delimiter, a newline or at the end. */
static int field_end(struct s25_csv *c, const char *p)
{
	if (p == c->end) {
		c->p = p;
		return 0;
	}
	c->p = p + 1;
	if (*p == '\n') {
		c->line++;
		return 0;
	}
	return 1;	/* the delimiter */
}

int s25_csv_field(struct s25_csv *c, char *buf, size_t bufsz, size_t *flen,
		  char *err, size_t errsz)
{
	const char *p = c->p, *end = c->end, *q = p;
	size_t n = 0;
	int rc;

	c->err_line = c->line;
	while (q < end && is_pad(*q, c->delim))
		q++;
	if (q < end && *q == '"') {
		unsigned long start_line = c->line;

		for (p = q + 1;; p++) {
			if (p == end) {
				c->p = end;
				c->err_line = start_line;
				return s25_fail(err, errsz,
						"unterminated quoted field");
			}
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					put(buf, bufsz, &n, '"');
					p++;
					continue;
				}
				break;
			}
			if (*p == '\n')
				c->line++;
			if (!s25_is_blank(*p) && *p != '\n')
				c->nonblank = true;
			put(buf, bufsz, &n, *p);
		}
		for (p++; p < end && is_pad(*p, c->delim); p++)
			;
		if (p < end && *p != c->delim && *p != '\n') {
			c->err_line = c->line;
			skip_line(c, p);
			return s25_fail(err, errsz,
					"unexpected text after a closing quote");
		}
	} else {
		for (; p < end && *p != c->delim && *p != '\n'; p++) {
			if (*p == '"') {
				skip_line(c, p);
				return s25_fail(err, errsz,
						"quote inside an unquoted field (quote the whole field)");
			}
			if (!s25_is_blank(*p))
				c->nonblank = true;
			put(buf, bufsz, &n, *p);
		}
	}
	rc = field_end(c, p);
	if (buf && bufsz)
		buf[n < bufsz ? n : bufsz - 1] = '\0';
	*flen = n;
	return rc;
}

static const char *const addr_columns[] = { "prefix", "cidr", "network" };

int s25_csv_header(struct s25_csv *c, size_t *col, char *err, size_t errsz)
{
	char f[32], q1[S25_QUOTELEN], q2[S25_QUOTELEN];
	const char *name;
	size_t flen, i = 0, k, found_col = 0;
	int rc, found = 0;
	char found_name[sizeof(f)] = "";

	do {
		rc = s25_csv_field(c, f, sizeof(f), &flen, NULL, 0);
		if (rc < 0)
			return 0;
		name = f;
		if (flen >= sizeof(f))
			flen = 0;	/* too long to be one of ours */
		s25_trim(&name, &flen);
		for (k = 0; k < sizeof(addr_columns) / sizeof(*addr_columns); k++) {
			if (!s25_ieq(name, flen, addr_columns[k]))
				continue;
			if (found)
				return s25_fail(err, errsz,
						"CSV header has more than one address column: %s (column %zu) and %s (column %zu)",
						s25_quote(q1, sizeof(q1), found_name, strlen(found_name)),
						found_col + 1,
						s25_quote(q2, sizeof(q2), name, flen),
						i + 1);
			found = 1;
			found_col = i;
			memcpy(found_name, name, flen);
			found_name[flen] = '\0';
		}
		i++;
	} while (rc == 1);
	if (found)
		*col = found_col;
	return found;
}
