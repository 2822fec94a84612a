// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-file loading: format detection, every format end to end, line
 * numbers in errors, all-or-nothing, duplicates, hostile input, files
 * and standard input, and how diagnostics are printed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "testutil.h"
#include "readall.h"

#ifndef S25_TEST_DATA
#define S25_TEST_DATA "tests/data"
#endif

/* The load must succeed; otherwise show what it said. */
static void load_ok(struct s25_load *ld, const char *text, unsigned int flags)
{
	if (load_text(ld, text, flags)) {
		s25_diag_print(&ld->errors, ld->name, "", stderr);
		fail_msg("load failed");
	}
	assert_int_equal(ld->errors.count, 0);
}

static void load_bad(struct s25_load *ld, const char *text, unsigned int flags)
{
	assert_int_equal(load_text(ld, text, flags), -1);
	assert_true(ld->errors.count > 0);
}

/* Everything printed for a diagnostic list, as one string. */
static char *printed(const struct s25_diag *d, const char *file,
		     const char *prefix)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	s25_diag_print(d, file, prefix, fp);
	fclose(fp);
	return buf;
}

/* ---- plain lists ---- */

static void test_plain_file(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld,
		"# pools\n"
		"\n"
		"192.0.2.0/24   # DSL\n"
		"   2001:db8::/32\t\n"
		"198.51.100.1-198.51.100.6\n"
		"203.0.113.9\n", 0);
	assert_int_equal(ld.format, S25_FMT_PLAIN);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "2001:db8::/32",
		   "198.51.100.1/32", "198.51.100.2/31", "198.51.100.4/31",
		   "198.51.100.6/32", "203.0.113.9/32", NULL);
	/* every prefix knows its line, ranges included */
	assert_int_equal(ld.line_of[0], 3);
	assert_int_equal(ld.line_of[1], 4);
	assert_int_equal(ld.line_of[2], 5);
	assert_int_equal(ld.line_of[5], 5);
	assert_int_equal(ld.line_of[6], 6);
	assert_int_equal(ld.lines, 6);
	assert_int_equal(s25_load_line_of(&ld, &ld.prefixes.v[4]), 5);
	{
		struct s25_prefix other;

		s25_cidr_parse("10.0.0.0/8", 10, &other, NULL, 0);
		assert_int_equal(s25_load_line_of(&ld, &other), 0);
	}
	assert_int_equal(ld.warnings.count, 0);
	assert_string_equal(ld.name, "t.txt");
	s25_load_free(&ld);
}

static void test_plain_crlf_and_no_final_newline(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld, "# x\r\n192.0.2.0/24\r\n\r\n2001:db8::/32", 0);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "2001:db8::/32", NULL);
	assert_int_equal(ld.line_of[1], 4);
	assert_int_equal(ld.lines, 4);
	s25_load_free(&ld);
	load_bad(&ld, "192.0.2.0/24\r\n\r\n192.0.2.1/24\r\n", 0);
	assert_diag(&ld.errors, 0, 3, "did you mean 192.0.2.0/24?");
	s25_load_free(&ld);
}

static void test_plain_errors_all_reported(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld,
		 "192.0.2.0/24\n"			/* 1 */
		 "# fine\n"				/* 2 */
		 "192.0.2.1/24\n"			/* 3 host bits */
		 "\n"					/* 4 */
		 "198.51.100.0/33\n"			/* 5 length */
		 "garbage\n"				/* 6 */
		 "10.0.0.0/8 10.1.0.0/16\n"		/* 7 two tokens */
		 "10.0.0.9-10.0.0.1\n"			/* 8 reversed */
		 "10.0.0.1-2001:db8::1  # mixed\n"	/* 9 */
		 "10.0.0.0/08\n"			/* 10 leading zero */
		 "2001:db8::/32\n", 0);			/* 11 */
	/* all or nothing: good lines do not make a partial result usable */
	assert_int_equal(ld.errors.count, 7);
	assert_diag(&ld.errors, 0, 3, "host bits set: did you mean 192.0.2.0/24?");
	assert_diag(&ld.errors, 1, 5, "prefix length 33 out of range for IPv4");
	assert_diag(&ld.errors, 2, 6, "not an IP address: 'garbage'");
	assert_diag(&ld.errors, 3, 7, "junk after '10.0.0.0/8': '10.1.0.0/16'");
	assert_diag(&ld.errors, 4, 8, "reversed range");
	assert_diag(&ld.errors, 5, 9, "range mixes IPv4 and IPv6");
	assert_diag(&ld.errors, 6, 10, "leading zero");
	s25_load_free(&ld);
}

static void test_error_cap(void **state)
{
	struct s25_load ld;
	char text[4096] = "", *out;
	int i;

	(void)state;
	for (i = 1; i <= 25; i++)
		strcat(text, i == 13 ? "192.0.2.0/24\n" : "nope\n");
	load_bad(&ld, text, 0);
	assert_int_equal(ld.errors.count, 24);
	assert_int_equal(s25_diag_kept(&ld.errors), S25_DIAG_KEEP);
	assert_diag(&ld.errors, 11, 12, "not an IP address");
	assert_diag(&ld.errors, 12, 14, "not an IP address");
	assert_diag(&ld.errors, 19, 21, "not an IP address");
	out = printed(&ld.errors, ld.name, "");
	assert_has(out, "t.txt:1: not an IP address: 'nope'\n");
	assert_has(out, "t.txt:21: not an IP address: 'nope'\nt.txt: 4 more not shown\n");
	free(out);
	s25_load_free(&ld);
}

static void test_header_less_csv_hint(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld, "192.0.2.0/24,office\n198.51.100.0/24,lab\n", 0);
	assert_int_equal(ld.format, S25_FMT_PLAIN);
	assert_int_equal(ld.errors.count, 2);
	assert_diag(&ld.errors, 0, 1, "needs a header row naming a prefix, cidr or network column");
	/* said once, not on every line */
	assert_null(strstr(ld.errors.e[1].msg, "header"));
	s25_load_free(&ld);
}

/* ---- CSV ---- */

static void test_csv_ipam_export(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld,
		"\xef\xbb\xbf" "ID,Prefix,Status,Description\r\n"	/* 1 */
		"1,192.0.2.0/24,active,\"Frankfurt, DE\"\r\n"		/* 2 */
		"2, 198.51.100.0/24 ,active,\"two\r\n"			/* 3 */
		"lines\"\r\n"						/* 4 */
		"\r\n"							/* 5 */
		",,,\r\n"						/* 6 */
		"3,\"2001:db8::/32\",reserved,\"say \"\"hi\"\"\"\r\n"	/* 7 */
		"4,203.0.113.0-203.0.113.3,active,\r\n", 0);		/* 8 */
	assert_int_equal(ld.format, S25_FMT_CSV);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "198.51.100.0/24",
		   "2001:db8::/32", "203.0.113.0/30", NULL);
	assert_int_equal(ld.line_of[0], 2);
	assert_int_equal(ld.line_of[1], 3);
	assert_int_equal(ld.line_of[2], 7);
	assert_int_equal(ld.line_of[3], 8);
	assert_int_equal(ld.lines, 8);
	s25_load_free(&ld);
}

static void test_csv_errors_have_record_lines(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld,
		 "network,comment\n"			/* 1 */
		 "192.0.2.0/24,\"multi\n"		/* 2 */
		 "line\"\n"				/* 3 */
		 "192.0.2.1/24,x\n"			/* 4 host bits */
		 ",no address\n"			/* 5 empty */
		 "2001:db8::/32,ok\n"			/* 6 */
		 "10.0.0.0/8,bad\"quote\n"		/* 7 */
		 "10.1.0.0/16,\"a\"b\n"			/* 8 */
		 "\"unterminated,\n"			/* 9 */
		 "more\n", 0);				/* 10 */
	assert_int_equal(ld.errors.count, 5);
	assert_diag(&ld.errors, 0, 4, "did you mean 192.0.2.0/24?");
	assert_diag(&ld.errors, 1, 5, "empty prefix");
	assert_diag(&ld.errors, 2, 7, "quote inside an unquoted field");
	assert_diag(&ld.errors, 3, 8, "unexpected text after a closing quote");
	assert_diag(&ld.errors, 4, 9, "unterminated quoted field");
	assert_int_equal(ld.lines, 10);
	s25_load_free(&ld);
}

static void test_csv_missing_column(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld, "name,site,cidr\nx,y,192.0.2.0/24\nshort,row\n", 0);
	assert_diag(&ld.errors, 0, 3,
		    "record has 2 fields, the address is in column 3");
	s25_load_free(&ld);
}

static void test_csv_detection_variants(void **state)
{
	struct s25_load ld;

	(void)state;
	/* semicolon CSV, as European spreadsheets write it */
	load_ok(&ld, "Prefix;Description\n192.0.2.0/24;\"a; b\"\n", 0);
	assert_int_equal(ld.format, S25_FMT_CSV);
	assert_vec(&ld.prefixes, "192.0.2.0/24", NULL);
	s25_load_free(&ld);
	/* tab separated */
	load_ok(&ld, "site\tnetwork\nfra\t2001:db8::/32\n", 0);
	assert_vec(&ld.prefixes, "2001:db8::/32", NULL);
	s25_load_free(&ld);
	/* a single column, and comments before the header */
	load_ok(&ld, "# export 2024-05-01\n\nCIDR\n192.0.2.0/24\n", 0);
	assert_int_equal(ld.format, S25_FMT_CSV);
	assert_int_equal(ld.line_of[0], 4);
	s25_load_free(&ld);
	/* after the header, '#' is data: no silently skipped rows */
	load_bad(&ld, "prefix,comment\n#192.0.2.0/24,x\n", 0);
	assert_diag(&ld.errors, 0, 2, "not an IP address");
	s25_load_free(&ld);
}

static void test_csv_ambiguous_header(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld, "# x\nnetwork,cidr\n192.0.2.0,24\n", 0);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 2, "more than one address column");
	assert_int_equal(ld.prefixes.len, 0);
	s25_load_free(&ld);
}

static void test_csv_long_field(void **state)
{
	struct s25_load ld;
	char text[1024];

	(void)state;
	snprintf(text, sizeof(text), "prefix,x\n192.0.2.0/24,\"%0600d\"\n%0300d,y\n",
		 0, 0);
	load_bad(&ld, text, 0);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 3, "address field too long");
	s25_load_free(&ld);
}

static void test_csv_hostile(void **state)
{
	static const char nul[] = "prefix,x\n192.0.2.0/24,a\0b\n198.51.100.0/24,c\n";
	struct s25_load ld;
	size_t n = S25_LINE_MAX + 10;
	char *text = xmalloc(n + 64);

	(void)state;
	assert_int_equal(s25_load_buffer(&ld, "n.csv", nul, sizeof(nul) - 1, 0), -1);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 2, "NUL byte");
	s25_load_free(&ld);
	/* one quoted field running over many lines is one huge record */
	strcpy(text, "prefix,x\n192.0.2.0/24,\"");
	memset(text + 23, '\n', n);
	strcpy(text + 23 + n, "\"\n198.51.100.0/24,y\n");
	assert_int_equal(load_text(&ld, text, 0), -1);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 2, "record too long");
	/* and the lines after it are still counted right */
	assert_int_equal(ld.line_of[0], 2 + n + 1);
	s25_load_free(&ld);
	free(text);
}

/* ---- Spamhaus DROP ---- */

static void test_drop_text(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld,
		"; Spamhaus DROP List 2024/05/01 - (c) 2024 The Spamhaus Project SLU\n"
		"; Last-Modified: Wed, 01 May 2024 12:00:00 GMT\n"
		"192.0.2.0/24 ; SBL100001\n"
		"2001:db8::/32 ; SBL100002\n", 0);
	assert_int_equal(ld.format, S25_FMT_DROP);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "2001:db8::/32", NULL);
	assert_int_equal(ld.line_of[1], 4);
	s25_load_free(&ld);
	/* detected by the ';' after the first prefix too */
	load_ok(&ld, "192.0.2.0/24 ; SBL1\n", 0);
	assert_int_equal(ld.format, S25_FMT_DROP);
	s25_load_free(&ld);
}

static void test_drop_text_errors(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld,
		 "; header\n"
		 "192.0.2.0/24 ; SBL1\n"
		 "192.0.2.300/32 ; SBL2\n"
		 "# not a DROP comment\n"
		 "198.51.100.0/24 SBL3\n", 0);
	assert_int_equal(ld.errors.count, 3);
	assert_diag(&ld.errors, 0, 3, "not a valid IPv4 address: '192.0.2.300'");
	assert_diag(&ld.errors, 1, 4, "junk after '#'");
	assert_diag(&ld.errors, 2, 5, "junk after '198.51.100.0/24': 'SBL3'");
	s25_load_free(&ld);
}

static void test_drop_json(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld,
		"{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL100001\",\"rir\":\"arin\"}\n"
		"{\"cidr\":\"2001:db8::/32\",\"sblid\":\"SBL100002\",\"rir\":\"ripencc\"}\n"
		"\n"
		"{\"type\":\"metadata\",\"timestamp\":1714564800,\"size\":123,\"records\":2}\n",
		0);
	assert_int_equal(ld.format, S25_FMT_JSONL);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "2001:db8::/32", NULL);
	assert_int_equal(ld.lines, 4);
	s25_load_free(&ld);
}

static void test_drop_json_errors(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld,
		 "{\"cidr\":\"192.0.2.0/24\",\"sblid\":\"SBL1\"}\n"	/* 1 */
		 "{\"cidr\":\"192.0.3.0/23\",\"sblid\":\"SBL2\"}\n"	/* 2 */
		 "{\"sblid\":\"SBL3\"}\n"				/* 3 */
		 "{\"cidr\":\"198.51.100.0/24\"\n"			/* 4 */
		 "198.51.100.0/24\n"					/* 5 */
		 "{\"type\":\"metadata\",\"records\":5}\n", 0);		/* 6 */
	assert_int_equal(ld.errors.count, 4);
	assert_diag(&ld.errors, 0, 2, "did you mean 192.0.2.0/23?");
	assert_diag(&ld.errors, 1, 3, "no \"cidr\" key");
	assert_diag(&ld.errors, 2, 4, "invalid JSON");
	assert_diag(&ld.errors, 3, 5, "invalid JSON");
	s25_load_free(&ld);
	/* the ASN-DROP list is JSON lines too, but has no prefixes */
	load_bad(&ld, "{\"asn\":64496,\"rir\":\"arin\",\"domain\":\"example.com\"}\n", 0);
	assert_diag(&ld.errors, 0, 1, "ASN list");
	s25_load_free(&ld);
}

/* ---- encodings and hostile input ---- */

static void test_bom_and_utf16(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld, "\xef\xbb\xbf" "192.0.2.0/24\n", 0);
	assert_vec(&ld.prefixes, "192.0.2.0/24", NULL);
	assert_int_equal(ld.line_of[0], 1);
	s25_load_free(&ld);
	assert_int_equal(s25_load_buffer(&ld, "u16", "\xff\xfe" "1\0.\0", 6, 0), -1);
	assert_diag(&ld.errors, 0, 0, "UTF-16");
	s25_load_free(&ld);
	/* a BOM anywhere else is junk */
	load_bad(&ld, "192.0.2.0/24\n\xef\xbb\xbf" "198.51.100.0/24\n", 0);
	assert_diag(&ld.errors, 0, 2, "not an IP address");
	s25_load_free(&ld);
}

static void test_nul_bytes(void **state)
{
	static const char text[] = "192.0.2.0/24\n198.51\0.100.0/24\n2001:db8::/32\n";
	struct s25_load ld;

	(void)state;
	assert_int_equal(s25_load_buffer(&ld, "bin", text, sizeof(text) - 1, 0), -1);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 2, "NUL byte");
	assert_int_equal(ld.lines, 3);
	s25_load_free(&ld);
	/* a binary file: many errors, a few shown, all counted */
	{
		char bin[4096];
		size_t i;

		for (i = 0; i < sizeof(bin); i++)
			bin[i] = (char)(i % 7 == 0 ? '\n' : i % 3 ? 0 : 0x90);
		assert_int_equal(s25_load_buffer(&ld, "bin", bin, sizeof(bin), 0), -1);
		assert_int_equal(s25_diag_kept(&ld.errors), S25_DIAG_KEEP);
		assert_true(ld.errors.count > 500);
		s25_load_free(&ld);
	}
}

static void test_huge_line(void **state)
{
	struct s25_load ld;
	size_t n = S25_LINE_MAX + 100;
	char *text = xmalloc(n + 64);

	(void)state;
	strcpy(text, "192.0.2.0/24\n");
	memset(text + 13, 'x', n);
	strcpy(text + 13 + n, "\n198.51.100.0/24\n");
	assert_int_equal(load_text(&ld, text, 0), -1);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 2, "line too long");
	assert_int_equal(ld.lines, 3);
	assert_int_equal(ld.prefixes.len, 2);
	s25_load_free(&ld);
	/* a line of exactly the limit is judged on its content */
	text[13 + S25_LINE_MAX] = '\n';
	text[14 + S25_LINE_MAX] = '\0';
	assert_int_equal(load_text(&ld, text, 0), -1);
	assert_diag(&ld.errors, 0, 2, "not an IP address");
	s25_load_free(&ld);
	free(text);
}

static void test_huge_first_line(void **state)
{
	struct s25_load ld;
	size_t n = S25_LINE_MAX + 1;
	char *text = xmalloc(n + 32);

	(void)state;
	memset(text, '#', n);
	strcpy(text + n, "\n192.0.2.0/24\n");
	assert_int_equal(load_text(&ld, text, 0), -1);
	assert_diag(&ld.errors, 0, 1, "line too long");
	assert_int_equal(ld.errors.count, 1);
	s25_load_free(&ld);
	free(text);
}

/* ---- empty input ---- */

static void test_empty(void **state)
{
	static const char *const empties[] = {
		"", "\n\n", "# only comments\n# here\n", "\xef\xbb\xbf",
		"; Spamhaus DROP\n", "prefix,comment\n", "prefix\r\n\r\n,\r\n",
		"{\"type\":\"metadata\",\"records\":0}\n",
	};
	struct s25_load ld;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(empties) / sizeof(*empties); i++) {
		load_bad(&ld, empties[i], 0);
		assert_int_equal(ld.errors.count, 1);
		assert_diag(&ld.errors, 0, 0, "no prefixes found");
		s25_load_free(&ld);
		load_ok(&ld, empties[i], S25_LOAD_ALLOW_EMPTY);
		assert_int_equal(ld.prefixes.len, 0);
		s25_load_free(&ld);
	}
	/* an empty list with errors reports the errors only */
	load_bad(&ld, "bad\n", 0);
	assert_int_equal(ld.errors.count, 1);
	assert_diag(&ld.errors, 0, 1, "not an IP address");
	s25_load_free(&ld);
}

/* ---- duplicates ---- */

static void test_duplicates_merged(void **state)
{
	struct s25_load ld;
	char *out;

	(void)state;
	load_ok(&ld,
		"192.0.2.0/24\n"			/* 1 */
		"2001:db8::/32\n"			/* 2 */
		"192.0.2.0/24\n"			/* 3 */
		"198.51.100.0-198.51.100.255\n"		/* 4 */
		"198.51.100.0/24\n"			/* 5 */
		"2001:DB8:0::/32   # same, other spelling\n"	/* 6 */
		"192.0.2.0/25\n", 0);			/* 7: nested, fine */
	assert_vec(&ld.prefixes, "192.0.2.0/24", "2001:db8::/32",
		   "198.51.100.0/24", "192.0.2.0/25", NULL);
	assert_int_equal(ld.line_of[2], 4);
	assert_int_equal(ld.line_of[3], 7);
	assert_int_equal(ld.duplicates, 3);
	assert_int_equal(ld.warnings.count, 3);
	assert_diag(&ld.warnings, 0, 3, "duplicate 192.0.2.0/24 (first on line 1) ignored");
	assert_diag(&ld.warnings, 1, 5, "duplicate 198.51.100.0/24 (first on line 4)");
	assert_diag(&ld.warnings, 2, 6, "duplicate 2001:db8::/32 (first on line 2)");
	out = printed(&ld.warnings, ld.name, "warning: ");
	assert_has(out, "t.txt:3: warning: duplicate 192.0.2.0/24 (first on line 1) ignored\n");
	free(out);
	s25_load_free(&ld);
}

/* A repeat after others were dropped still names its first line. */
static void test_duplicates_first_line(void **state)
{
	struct s25_load ld;

	(void)state;
	load_ok(&ld,
		"10.0.0.0/8\n"
		"10.0.0.0/8\n"
		"192.0.2.0/24\n"
		"198.51.100.0/24\n"
		"192.0.2.0/24\n", 0);
	assert_int_equal(ld.prefixes.len, 3);
	assert_diag(&ld.warnings, 0, 2, "duplicate 10.0.0.0/8 (first on line 1)");
	assert_diag(&ld.warnings, 1, 5, "duplicate 192.0.2.0/24 (first on line 3)");
	s25_load_free(&ld);
}

static void test_duplicates_as_errors(void **state)
{
	struct s25_load ld;

	(void)state;
	load_bad(&ld,
		 "10.0.0.0-10.0.0.11\n"		/* 10.0.0.0/29 10.0.0.8/30 */
		 "bogus\n"
		 "10.0.0.8/30\n"
		 "10.0.0.0/29\n", S25_LOAD_DUP_ERROR);
	assert_int_equal(ld.errors.count, 3);
	assert_int_equal(ld.warnings.count, 0);
	/* in line order, though repeats are found after the parse errors */
	assert_diag(&ld.errors, 0, 2, "not an IP address");
	assert_diag(&ld.errors, 1, 3, "duplicate 10.0.0.8/30 (first on line 1)");
	assert_diag(&ld.errors, 2, 4, "duplicate 10.0.0.0/29 (first on line 1)");
	s25_load_free(&ld);
}

static void test_duplicates_many(void **state)
{
	struct s25_load ld;
	char *text = xmalloc(20 * 10000 + 1), *p;
	int i;

	(void)state;
	/* the same line ten thousand times, then distinct ones */
	for (p = text, i = 0; i < 10000; i++)
		p += sprintf(p, "%s\n", i < 5000 ? "192.0.2.0/24" : "");
	for (i = 0; i < 256; i++)
		p += sprintf(p, "10.0.%d.0/24\n", i);
	load_ok(&ld, text, 0);
	assert_int_equal(ld.prefixes.len, 257);
	assert_int_equal(ld.duplicates, 4999);
	assert_int_equal(ld.warnings.count, 4999);
	assert_diag(&ld.warnings, 0, 2, "first on line 1");
	assert_int_equal(ld.line_of[256], 10256);
	s25_load_free(&ld);
	free(text);
}

/* ---- files ---- */

static void test_fixture_files(void **state)
{
	struct s25_load ld;

	(void)state;
	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA "/drop.txt", 0), 0);
	assert_int_equal(ld.format, S25_FMT_DROP);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "198.51.100.0/25",
		   "198.51.100.128/25", "203.0.113.0/24", NULL);
	assert_int_equal(ld.line_of[0], 6);
	assert_string_equal(ld.name, S25_TEST_DATA "/drop.txt");
	s25_load_free(&ld);

	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA "/drop_v6.txt", 0), 0);
	assert_int_equal(ld.format, S25_FMT_DROP);
	assert_vec(&ld.prefixes, "2001:db8:100::/40", "2001:db8:ff00::/48",
		   "3fff:100::/24", NULL);
	s25_load_free(&ld);

	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA "/drop_v4.json", 0), 0);
	assert_int_equal(ld.format, S25_FMT_JSONL);
	assert_int_equal(ld.prefixes.len, 4);
	assert_int_equal(ld.lines, 5);
	s25_load_free(&ld);

	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA "/ipam-netbox.csv", 0), 0);
	assert_int_equal(ld.format, S25_FMT_CSV);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "198.51.100.0/24",
		   "2001:db8:1000::/36", "203.0.113.64/26", NULL);
	assert_int_equal(ld.line_of[2], 5);
	assert_int_equal(ld.line_of[3], 6);
	assert_int_equal(ld.lines, 6);
	s25_load_free(&ld);

	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA "/plain.txt", 0), 0);
	assert_int_equal(ld.format, S25_FMT_PLAIN);
	assert_vec(&ld.prefixes, "192.0.2.0/24", "198.51.100.0/25",
		   "198.51.100.128/25", "2001:db8:ab00::/40", "203.0.113.7/32",
		   NULL);
	assert_int_equal(ld.line_of[4], 8);
	s25_load_free(&ld);
}

static void test_missing_file_and_directory(void **state)
{
	struct s25_load ld;
	char *out;

	(void)state;
	assert_int_equal(s25_load_file(&ld, "/nonexistent/list.txt", 0), -1);
	assert_diag(&ld.errors, 0, 0, strerror(ENOENT));
	out = printed(&ld.errors, ld.name, "");
	assert_string_equal(out, "/nonexistent/list.txt: No such file or directory\n");
	free(out);
	s25_load_free(&ld);
	assert_int_equal(s25_load_file(&ld, S25_TEST_DATA, 0), -1);
	assert_diag(&ld.errors, 0, 0, strerror(EISDIR));
	s25_load_free(&ld);
}

static void test_stdin(void **state)
{
	static const char text[] = "# from a pipe\n192.0.2.0/24\nbad\n";
	struct s25_load ld;
	int p[2], saved;

	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], text, sizeof(text) - 1), sizeof(text) - 1);
	close(p[1]);
	saved = dup(STDIN_FILENO);
	dup2(p[0], STDIN_FILENO);
	close(p[0]);
	assert_int_equal(s25_load_file(&ld, "-", 0), -1);
	dup2(saved, STDIN_FILENO);
	close(saved);
	assert_string_equal(ld.name, "<stdin>");
	assert_diag(&ld.errors, 0, 3, "not an IP address");
	s25_load_free(&ld);
}

static void test_read_all(void **state)
{
	char path[] = "/tmp/s25testXXXXXX", *buf;
	size_t len;
	int fd, p[2];

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(s25_read_all(fd, 10, &buf, &len), 0);
	assert_int_equal(len, 10);
	assert_int_equal(buf[10], '\0');
	free(buf);
	lseek(fd, 0, SEEK_SET);
	assert_int_equal(s25_read_all(fd, 9, &buf, &len), -1);
	assert_int_equal(errno, EFBIG);
	close(fd);
	unlink(path);
	/* a pipe has no size up front: the limit holds while reading */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "0123456789", 10), 10);
	close(p[1]);
	assert_int_equal(s25_read_all(p[0], 9, &buf, &len), -1);
	assert_int_equal(errno, EFBIG);
	close(p[0]);
	assert_int_equal(pipe(p), 0);
	close(p[1]);
	assert_int_equal(s25_read_all(p[0], 9, &buf, &len), 0);
	assert_int_equal(len, 0);
	free(buf);
	close(p[0]);
}

/* ---- diagnostics ---- */

static void test_diag_order_and_format(void **state)
{
	struct s25_diag d = { 0 };
	char *out;
	unsigned long i;

	(void)state;
	s25_diag_add(&d, 0, "whole file");
	s25_diag_add(&d, 7, "seven");
	s25_diag_add(&d, 3, "three");
	s25_diag_add(&d, 7, "seven again");
	out = printed(&d, "f.csv", "");
	assert_string_equal(out,
			    "f.csv: whole file\n"
			    "f.csv:3: three\n"
			    "f.csv:7: seven\n"
			    "f.csv:7: seven again\n");
	free(out);
	/* when full, the lowest lines are kept */
	for (i = 100; i > 10; i--)
		s25_diag_add(&d, i, "n%lu", i);
	assert_int_equal(d.count, 94);
	assert_int_equal(s25_diag_kept(&d), S25_DIAG_KEEP);
	assert_int_equal(d.e[S25_DIAG_KEEP - 1].line, 26);
	out = printed(&d, "f.csv", "");
	assert_has(out, "f.csv:11: n11\n");
	assert_has(out, "f.csv: 74 more not shown\n");
	free(out);
}

static void test_format_names(void **state)
{
	(void)state;
	assert_string_equal(s25_format_name(S25_FMT_PLAIN), "plain list");
	assert_string_equal(s25_format_name(S25_FMT_CSV), "CSV");
	assert_string_equal(s25_format_name(S25_FMT_DROP), "Spamhaus DROP text");
	assert_string_equal(s25_format_name(S25_FMT_JSONL), "Spamhaus DROP JSON lines");
	assert_string_equal(s25_format_name(S25_FMT_UNKNOWN), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_file),
		cmocka_unit_test(test_plain_crlf_and_no_final_newline),
		cmocka_unit_test(test_plain_errors_all_reported),
		cmocka_unit_test(test_error_cap),
		cmocka_unit_test(test_header_less_csv_hint),
		cmocka_unit_test(test_csv_ipam_export),
		cmocka_unit_test(test_csv_errors_have_record_lines),
		cmocka_unit_test(test_csv_missing_column),
		cmocka_unit_test(test_csv_detection_variants),
		cmocka_unit_test(test_csv_ambiguous_header),
		cmocka_unit_test(test_csv_long_field),
		cmocka_unit_test(test_csv_hostile),
		cmocka_unit_test(test_drop_text),
		cmocka_unit_test(test_drop_text_errors),
		cmocka_unit_test(test_drop_json),
		cmocka_unit_test(test_drop_json_errors),
		cmocka_unit_test(test_bom_and_utf16),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_huge_line),
		cmocka_unit_test(test_huge_first_line),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_duplicates_merged),
		cmocka_unit_test(test_duplicates_first_line),
		cmocka_unit_test(test_duplicates_as_errors),
		cmocka_unit_test(test_duplicates_many),
		cmocka_unit_test(test_fixture_files),
		cmocka_unit_test(test_missing_file_and_directory),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_read_all),
		cmocka_unit_test(test_diag_order_and_format),
		cmocka_unit_test(test_format_names),
	};

	return cmocka_run_group_tests_name("loadfile", tests, NULL, NULL);
}
