/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loading a whole prefix file for "smtp25ctl pool load NAME FILE|-".
 *
 * The format is detected once per file from its first data line (after
 * a UTF-8 BOM, blank lines and '#' comment lines, which every format
 * may start with):
 *
 *   '{'                    JSON lines (Spamhaus drop_v4.json/drop_v6.json):
 *                          one object per line, the "cidr" string is the
 *                          prefix; objects with "type":"metadata" are
 *                          skipped; blank lines are skipped.
 *   a header row naming a  CSV (IPAM exports, RFC 4180): quoted fields,
 *   prefix, cidr or        "" escapes, line breaks inside quotes, CRLF;
 *   network column         delimiter ',' (or ';' or TAB if that is what
 *                          makes the header match); blank lines skipped;
 *                          other columns ignored.
 *   ';' first, or a ';'    Spamhaus DROP text (drop.txt, drop_v6.txt):
 *   after the prefix       "CIDR ; SBLnnn", ';' starts a comment.
 *   anything else          plain: one PREFIX per line, '#' comments
 *                          (whole line or trailing), blank lines.
 *
 * After the first data line, '#' is only special in plain lists: in CSV a
 * row starting with '#' is data (and so an error, not silently skipped);
 * rows whose fields are all empty (",,," from spreadsheets) are skipped.
 *
 * Each value goes through s25_prefix_arg_parse() (prefix.h), so ranges
 * are accepted everywhere and expanded into CIDRs.
 *
 * All or nothing: a file with any bad line is rejected as a whole, every
 * problem is counted, and the S25_DIAG_KEEP with the lowest line numbers
 * are kept as "FILE:LINE: reason".  Line numbers count every physical
 * line: comments, the CSV header, CRLF lines, line breaks inside quoted
 * CSV fields; an error in a CSV record names the line the record starts
 * on.  Lines over S25_LINE_MAX bytes, lines with NUL bytes, UTF-16 text
 * and files over S25_FILE_MAX are rejected.
 *
 * Duplicates: a prefix that appears twice (also via an overlapping
 * range) is kept once, and each repeat is counted and reported as a
 * warning naming both lines.  A pool is a set and an entry has nothing
 * but its prefix, so a repeat can never conflict with the first one;
 * IPAM exports legitimately list one network several times (per VRF,
 * per site), and refusing them would break a nightly sync for no safety
 * gain.  S25_LOAD_DUP_ERROR makes repeats errors instead.
 *
 * Order: the prefixes come in file order, or with S25_LOAD_SORTED in the
 * order of s25_prefix_cmp() (IPv4 first, by address, then length), which
 * is the order the kernel builds its tree in: sent that way, a million
 * prefixes commit without a sort.  line_of follows either way.
 *
 * Empty result: a file that yields no prefix is an error unless
 * S25_LOAD_ALLOW_EMPTY is given, because an empty or truncated download
 * silently emptying a blocklist is the classic failure of these tools.
 *
 * Typical use:
 *	struct s25_load ld;
 *	int rc = s25_load_file(&ld, path, 0);
 *
 *	s25_diag_print(&ld.warnings, ld.name, "warning: ", stderr);
 *	s25_diag_print(&ld.errors, ld.name, "", stderr);
 *	if (rc == 0)
 *		send ld.prefixes.v[0 .. ld.prefixes.len), and on a kernel
 *		refusal of entry i, name line ld.line_of[i];
 *	s25_load_free(&ld);
 */
#ifndef S25_LOADFILE_H
#define S25_LOADFILE_H

#include <stdint.h>

#include "diag.h"
#include "prefix.h"

/* Longest line (or CSV record) accepted. */
#define S25_LINE_MAX (64 * 1024)
/* Largest file accepted. */
#define S25_FILE_MAX ((size_t)512 * 1024 * 1024)

enum s25_format {
	S25_FMT_UNKNOWN = 0,	/* nothing read yet, or the file is unusable */
	S25_FMT_PLAIN,
	S25_FMT_CSV,
	S25_FMT_DROP,		/* Spamhaus DROP text */
	S25_FMT_JSONL,		/* Spamhaus DROP JSON lines */
};

/* Flags for s25_load_*(). */
#define S25_LOAD_DUP_ERROR	0x1	/* a repeated prefix is an error */
#define S25_LOAD_ALLOW_EMPTY	0x2	/* no prefixes at all is fine */
#define S25_LOAD_SORTED		0x4	/* prefixes in s25_prefix_cmp() order */

struct s25_load {
	char *name;			/* as shown in messages ("<stdin>") */
	enum s25_format format;
	struct s25_prefix_vec prefixes;	/* file order, ranges expanded,
					 * repeats dropped; sorted with
					 * S25_LOAD_SORTED */
	uint32_t *line_of;		/* line_of[i]: line of prefixes.v[i] */
	size_t line_of_cap;		/* (internal) */
	unsigned long lines;		/* physical lines in the file */
	unsigned long duplicates;	/* repeats dropped (or rejected) */
	struct s25_diag errors;
	struct s25_diag warnings;
};

/*
 * Load path ("-" for standard input).  Returns 0 when the file is good,
 * -1 when ld->errors holds at least one error.  Either way ld must be
 * released with s25_load_free().
 */
int s25_load_file(struct s25_load *ld, const char *path, unsigned int flags);

/* The same for a buffer already in memory; name is used in messages. */
int s25_load_buffer(struct s25_load *ld, const char *name, const char *buf,
		    size_t len, unsigned int flags);

void s25_load_free(struct s25_load *ld);

/*
 * The line a prefix came from, 0 if it is not in ld: for turning the
 * kernel's "this prefix" error (struct smtp25_err_prefix) into FILE:LINE.
 * A linear scan, meant for error paths.
 */
unsigned long s25_load_line_of(const struct s25_load *ld,
			       const struct s25_prefix *p);

const char *s25_format_name(enum s25_format f);

#endif
