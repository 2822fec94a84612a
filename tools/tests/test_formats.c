// SPDX-License-Identifier: GPL-2.0
/* Per-line handlers: plain lists, DROP text, DROP JSON lines. */
#include "testutil.h"
#include "formats.h"

static const char *plain(const char *line, int want_rc)
{
	static char out[256];
	const char *v = NULL;
	size_t vlen = 0;

	assert_int_equal(s25_plain_line(line, strlen(line), &v, &vlen), want_rc);
	out[0] = '\0';
	if (want_rc == S25_LINE_VALUE)
		snprintf(out, sizeof(out), "%.*s", (int)vlen, v);
	return out;
}

static const char *drop(const char *line, int want_rc)
{
	static char out[256];
	const char *v = NULL;
	size_t vlen = 0;

	assert_int_equal(s25_drop_line(line, strlen(line), &v, &vlen), want_rc);
	out[0] = '\0';
	if (want_rc == S25_LINE_VALUE)
		snprintf(out, sizeof(out), "%.*s", (int)vlen, v);
	return out;
}

/* Returns the value or the error text. */
static const char *jsonl(const char *line, int want_rc)
{
	static char val[128], err[S25_ERRLEN];
	size_t vlen = 0;
	int rc;

	val[0] = err[0] = '\0';
	rc = s25_jsonl_line(line, strlen(line), val, sizeof(val), &vlen, err,
			    sizeof(err));
	if (rc != want_rc)
		fail_msg("'%s': rc %d, want %d (%s)", line, rc, want_rc, err);
	if (rc == S25_LINE_VALUE) {
		assert_int_equal(vlen, strlen(val));
		return val;
	}
	return err;
}

static void test_plain_lines(void **state)
{
	(void)state;
	assert_string_equal(plain("192.0.2.0/24", S25_LINE_VALUE), "192.0.2.0/24");
	assert_string_equal(plain("  \t192.0.2.0/24 \t ", S25_LINE_VALUE),
			    "192.0.2.0/24");
	assert_string_equal(plain("192.0.2.0/24 # office", S25_LINE_VALUE),
			    "192.0.2.0/24");
	assert_string_equal(plain("192.0.2.0/24#x", S25_LINE_VALUE),
			    "192.0.2.0/24");
	assert_string_equal(plain("10.0.0.1 - 10.0.0.9", S25_LINE_VALUE),
			    "10.0.0.1 - 10.0.0.9");
	plain("# comment", S25_LINE_SKIP);
	plain("   # indented comment", S25_LINE_SKIP);
	plain("", S25_LINE_SKIP);
	plain(" \t \r", S25_LINE_SKIP);
	/* junk stays in the value for the prefix parser to reject */
	assert_string_equal(plain("192.0.2.0/24 junk", S25_LINE_VALUE),
			    "192.0.2.0/24 junk");
}

static void test_drop_lines(void **state)
{
	(void)state;
	assert_string_equal(drop("1.10.16.0/20 ; SBL256894", S25_LINE_VALUE),
			    "1.10.16.0/20");
	assert_string_equal(drop("2001:db8::/32;SBL1", S25_LINE_VALUE),
			    "2001:db8::/32");
	assert_string_equal(drop("192.0.2.0/24", S25_LINE_VALUE), "192.0.2.0/24");
	drop("; Spamhaus DROP List 2024/01/01", S25_LINE_SKIP);
	drop(";", S25_LINE_SKIP);
	drop("  ; Last-Modified: Mon, 01 Jan 2024", S25_LINE_SKIP);
	drop("", S25_LINE_SKIP);
	assert_string_equal(drop("# not a DROP comment", S25_LINE_VALUE),
			    "# not a DROP comment");
}

static void test_jsonl_values(void **state)
{
	(void)state;
	assert_string_equal(jsonl("{\"cidr\":\"1.10.16.0/20\",\"sblid\":\"SBL256894\",\"rir\":\"apnic\"}",
				  S25_LINE_VALUE), "1.10.16.0/20");
	assert_string_equal(jsonl(" { \"rir\" : \"ripencc\" , \"cidr\" : \"2001:db8::/32\" } ",
				  S25_LINE_VALUE), "2001:db8::/32");
	/* escapes are decoded by the JSON parser */
	assert_string_equal(jsonl("{\"cidr\":\"192.0.2.0\\/24\"}", S25_LINE_VALUE),
			    "192.0.2.0/24");
	assert_string_equal(jsonl("{\"cidr\":\"\\u0031\\u0039\\u0032.0.2.0/24\"}",
				  S25_LINE_VALUE), "192.0.2.0/24");
	/* other members can be anything */
	assert_string_equal(jsonl("{\"cidr\":\"192.0.2.0/24\",\"n\":1.5e3,\"x\":[1,{}],\"t\":true,\"z\":null}",
				  S25_LINE_VALUE), "192.0.2.0/24");
}

static void test_jsonl_skips(void **state)
{
	(void)state;
	jsonl("{\"type\":\"metadata\",\"timestamp\":1712345678,\"size\":123456,\"records\":1234,\"copyright\":\"(c) 2024 The Spamhaus Project SLU\",\"terms\":\"https://www.spamhaus.org/drop/terms/\"}",
	      S25_LINE_SKIP);
	jsonl("", S25_LINE_SKIP);
	jsonl("  \t", S25_LINE_SKIP);
}

static void test_jsonl_errors(void **state)
{
	(void)state;
	assert_string_equal(jsonl("{\"sblid\":\"SBL1\"}", S25_LINE_ERROR),
			    "no \"cidr\" key in object");
	assert_has(jsonl("{\"asn\":64496,\"rir\":\"arin\"}", S25_LINE_ERROR),
		   "ASN list");
	assert_string_equal(jsonl("{\"cidr\":42}", S25_LINE_ERROR),
			    "\"cidr\" is not a string");
	assert_string_equal(jsonl("{\"cidr\":null}", S25_LINE_ERROR),
			    "\"cidr\" is not a string");
	assert_string_equal(jsonl("[\"192.0.2.0/24\"]", S25_LINE_ERROR),
			    "JSON line is not an object");
	assert_has(jsonl("{\"cidr\":\"192.0.2.0/24\"", S25_LINE_ERROR),
		   "invalid JSON at column");
	assert_has(jsonl("{\"cidr\":\"192.0.2.0/24\"} x", S25_LINE_ERROR),
		   "invalid JSON");
	assert_has(jsonl("{\"cidr\":\"192.0.2.0/24\"}{}", S25_LINE_ERROR),
		   "invalid JSON");
	assert_has(jsonl("{'cidr':'192.0.2.0/24'}", S25_LINE_ERROR),
		   "invalid JSON");
	assert_has(jsonl("{\"cidr\":\"192.0.2.0/24\",\"cidr\":\"198.51.100.0/24\"}",
			 S25_LINE_ERROR), "invalid JSON");
	assert_has(jsonl("{\"cidr\":\"192.0.2.0\\u0000/24\"}", S25_LINE_ERROR),
		   "invalid JSON");
	assert_has(jsonl("{\"cidr\":\"\xff\"}", S25_LINE_ERROR), "invalid JSON");
	assert_has(jsonl("42", S25_LINE_ERROR), "invalid JSON");
	/* a "type" other than metadata is an ordinary object */
	assert_has(jsonl("{\"type\":\"entry\"}", S25_LINE_ERROR), "no \"cidr\"");
}

static void test_jsonl_too_long(void **state)
{
	char line[400], val[16], err[S25_ERRLEN];
	size_t vlen;

	(void)state;
	snprintf(line, sizeof(line), "{\"cidr\":\"%0200d\"}", 0);
	assert_int_equal(s25_jsonl_line(line, strlen(line), val, sizeof(val),
					&vlen, err, sizeof(err)),
			 S25_LINE_ERROR);
	assert_string_equal(err, "\"cidr\" value is too long");
}

static void test_jsonl_message_sanitized(void **state)
{
	const char *err;

	(void)state;
	err = jsonl("{\"cidr\":\"a\x1b[2Jb\"}", S25_LINE_ERROR);
	assert_null(strchr(err, '\x1b'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_lines),
		cmocka_unit_test(test_drop_lines),
		cmocka_unit_test(test_jsonl_values),
		cmocka_unit_test(test_jsonl_skips),
		cmocka_unit_test(test_jsonl_errors),
		cmocka_unit_test(test_jsonl_too_long),
		cmocka_unit_test(test_jsonl_message_sanitized),
	};

	return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
