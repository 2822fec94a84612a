/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 4180 CSV reading over a buffer (internal to the loader, exposed
 * for the unit tests).  Records may span lines when a quoted field holds
 * a line break, so the reader keeps the line count itself.
 */
#ifndef S25_CSV_H
#define S25_CSV_H

#include <stdbool.h>
#include <stddef.h>

struct s25_csv {
	const char *p;		/* next byte to read */
	const char *end;
	unsigned long line;	/* line number of p */
	unsigned long err_line;	/* line of the field that failed */
	char delim;		/* ',', ';' or '\t' */
	bool nonblank;		/* record so far has a non-blank byte */
};

/*
 * Read the next field.  Its unescaped text goes to buf (when not NULL),
 * cut to bufsz - 1 bytes and NUL-terminated; *flen gets the full length.
 * Returns 1 if more fields follow in this record, 0 if it was the last
 * one (the cursor is then at the next record), or -1 on malformed input
 * (err says why, err_line where; the cursor skips to the next line, or
 * to the end for an unterminated quote).
 */
int s25_csv_field(struct s25_csv *c, char *buf, size_t bufsz, size_t *flen,
		  char *err, size_t errsz);

/*
 * Read the header record and find the column named prefix, cidr or
 * network (any case, blanks ignored).  Returns 1 with *col set, 0 if no
 * column has such a name (or the record is malformed), -1 if more than
 * one does (err says which).
 */
int s25_csv_header(struct s25_csv *c, size_t *col, char *err, size_t errsz);

#endif
