// SPDX-License-Identifier: GPL-2.0
/* The RFC 4180 field reader and the header column finder. */
#include "testutil.h"
#include "csv.h"

static struct s25_csv csv_at(const char *text, char delim)
{
	struct s25_csv c = { .p = text, .end = text + strlen(text),
			     .line = 1, .delim = delim };

	return c;
}

/* Read one field that must succeed; returns 1 (more) or 0 (last). */
static int field(struct s25_csv *c, const char *want)
{
	char buf[64], err[S25_ERRLEN] = "";
	size_t len;
	int rc = s25_csv_field(c, buf, sizeof(buf), &len, err, sizeof(err));

	if (rc < 0)
		fail_msg("field error: %s", err);
	assert_string_equal(buf, want);
	assert_int_equal(len, strlen(want));
	return rc;
}

static void test_plain_fields(void **state)
{
	struct s25_csv c = csv_at("a,b,,c\nd\n", ',');

	(void)state;
	assert_int_equal(field(&c, "a"), 1);
	assert_int_equal(field(&c, "b"), 1);
	assert_int_equal(field(&c, ""), 1);
	assert_int_equal(field(&c, "c"), 0);
	assert_int_equal(c.line, 2);
	assert_int_equal(field(&c, "d"), 0);
	assert_int_equal(c.line, 3);
	assert_true(c.p == c.end);
}

static void test_quoted_fields(void **state)
{
	struct s25_csv c = csv_at("\"a,b\",\"say \"\"hi\"\"\",\"\"\n", ',');

	(void)state;
	assert_int_equal(field(&c, "a,b"), 1);
	assert_int_equal(field(&c, "say \"hi\""), 1);
	assert_int_equal(field(&c, ""), 0);
	assert_int_equal(c.line, 2);
}

static void test_line_break_in_quotes(void **state)
{
	struct s25_csv c = csv_at("1,\"two\r\nlines\",x\r\n2,y,z", ',');

	(void)state;
	assert_int_equal(field(&c, "1"), 1);
	assert_int_equal(field(&c, "two\r\nlines"), 1);
	assert_int_equal(c.line, 2);
	/* CR of the CRLF stays in an unquoted field; callers trim it */
	assert_int_equal(field(&c, "x\r"), 0);
	assert_int_equal(c.line, 3);
	assert_int_equal(field(&c, "2"), 1);
	assert_int_equal(field(&c, "y"), 1);
	assert_int_equal(field(&c, "z"), 0);	/* no final newline */
	assert_int_equal(c.line, 3);
}

static void test_padding_and_crlf_after_quotes(void **state)
{
	struct s25_csv c = csv_at("  \"a\"  , \"b\"\r\n", ',');

	(void)state;
	assert_int_equal(field(&c, "a"), 1);
	assert_int_equal(field(&c, "b"), 0);
	assert_int_equal(c.line, 2);
}

static void test_other_delimiters(void **state)
{
	struct s25_csv c = csv_at("a;\"b;c\";d,e\n", ';');
	struct s25_csv t = csv_at("a\t\"b c\"\t\t\n", '\t');

	(void)state;
	assert_int_equal(field(&c, "a"), 1);
	assert_int_equal(field(&c, "b;c"), 1);
	assert_int_equal(field(&c, "d,e"), 0);
	/* a tab is the delimiter here, never padding */
	assert_int_equal(field(&t, "a"), 1);
	assert_int_equal(field(&t, "b c"), 1);
	assert_int_equal(field(&t, ""), 1);
	assert_int_equal(field(&t, ""), 0);
}

static void test_malformed(void **state)
{
	struct s25_csv c = csv_at("ab\"c,d\n\"x\"y,z\nok\n\"open,\nmore\n", ',');
	char buf[64], err[S25_ERRLEN];
	size_t len;

	(void)state;
	assert_int_equal(s25_csv_field(&c, buf, sizeof(buf), &len, err,
				       sizeof(err)), -1);
	assert_has(err, "quote inside an unquoted field");
	assert_int_equal(c.err_line, 1);
	/* resumed on the next line */
	assert_int_equal(c.line, 2);
	assert_int_equal(s25_csv_field(&c, buf, sizeof(buf), &len, err,
				       sizeof(err)), -1);
	assert_string_equal(err, "unexpected text after a closing quote");
	assert_int_equal(c.err_line, 2);
	assert_int_equal(field(&c, "ok"), 0);
	assert_int_equal(c.line, 4);
	assert_int_equal(s25_csv_field(&c, buf, sizeof(buf), &len, err,
				       sizeof(err)), -1);
	assert_string_equal(err, "unterminated quoted field");
	assert_int_equal(c.err_line, 4);
	assert_true(c.p == c.end);
}

static void test_truncation_and_null_buffer(void **state)
{
	struct s25_csv c = csv_at("abcdefghij,\"klmnop\"\n", ',');
	char small[4];
	size_t len;

	(void)state;
	assert_int_equal(s25_csv_field(&c, small, sizeof(small), &len, NULL, 0), 1);
	assert_string_equal(small, "abc");
	assert_int_equal(len, 10);	/* the full length, to detect cutting */
	assert_int_equal(s25_csv_field(&c, NULL, 0, &len, NULL, 0), 0);
	assert_int_equal(len, 6);
}

static void test_nonblank_tracking(void **state)
{
	struct s25_csv c = csv_at(" , ,\"\"\n,x\n", ',');
	size_t len;

	(void)state;
	while (s25_csv_field(&c, NULL, 0, &len, NULL, 0) == 1)
		;
	assert_false(c.nonblank);
	while (s25_csv_field(&c, NULL, 0, &len, NULL, 0) == 1)
		;
	assert_true(c.nonblank);
}

static int header(const char *text, char delim, size_t *col, char *err)
{
	struct s25_csv c = csv_at(text, delim);

	return s25_csv_header(&c, col, err, S25_ERRLEN);
}

static void test_header(void **state)
{
	char err[S25_ERRLEN];
	size_t col = 99;

	(void)state;
	assert_int_equal(header("Prefix,VRF,Status\n", ',', &col, err), 1);
	assert_int_equal(col, 0);
	assert_int_equal(header("id, description ,\"CIDR\"\r\n", ',', &col, err), 1);
	assert_int_equal(col, 2);
	assert_int_equal(header(" NETWORK \n", ',', &col, err), 1);
	assert_int_equal(col, 0);
	assert_int_equal(header("a;prefix\n", ';', &col, err), 1);
	assert_int_equal(col, 1);
	assert_int_equal(header("a;prefix\n", ',', &col, err), 0);
	assert_int_equal(header("address,mask\n", ',', &col, err), 0);
	assert_int_equal(header("prefixes,networks\n", ',', &col, err), 0);
	assert_int_equal(header("192.0.2.0/24\n", ',', &col, err), 0);
	/* a plain line with a quote in a comment is not a header, no error */
	assert_int_equal(header("10.0.0.1 # \"relay\"\n", ',', &col, err), 0);
	assert_int_equal(header("network,cidr\n", ',', &col, err), -1);
	assert_string_equal(err,
			    "CSV header has more than one address column: 'network' (column 1) and 'cidr' (column 2)");
	assert_int_equal(header("Prefix,x,prefix\n", ',', &col, err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fields),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_line_break_in_quotes),
		cmocka_unit_test(test_padding_and_crlf_after_quotes),
		cmocka_unit_test(test_other_delimiters),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncation_and_null_buffer),
		cmocka_unit_test(test_nonblank_tracking),
		cmocka_unit_test(test_header),
	};

	return cmocka_run_group_tests_name("csv", tests, NULL, NULL);
}
