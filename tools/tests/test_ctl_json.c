// SPDX-License-Identifier: GPL-2.0-or-later
/* JSON output: escaping, the streaming writer, and that jansson agrees. */
#include <stdio.h>

#include "testutil.h"

#include <jansson.h>

#include "json.h"

/* Output captured in memory. */
struct capture {
	char *buf;
	size_t len;
	FILE *fp;
};

static void cap_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

static char *cap_end(struct capture *c)
{
	fclose(c->fp);
	return c->buf;
}

static char *quoted(const char *s, size_t len)
{
	struct capture c;

	cap_start(&c);
	ctl_json_quote(c.fp, s, len);
	return cap_end(&c);
}

static void quote_is(const char *s, const char *want)
{
	char *out = quoted(s, strlen(s));

	assert_string_equal(out, want);
	free(out);
}

static void test_escapes(void **state)
{
	(void)state;
	quote_is("", "\"\"");
	quote_is("plain text", "\"plain text\"");
	quote_is("say \"hi\"", "\"say \\\"hi\\\"\"");
	quote_is("back\\slash", "\"back\\\\slash\"");
	quote_is("a\nb\rc\td\be\ff", "\"a\\nb\\rc\\td\\be\\ff\"");
	quote_is("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	/* '/' needs no escape; not escaping it keeps prefixes readable */
	quote_is("10.0.0.0/8", "\"10.0.0.0/8\"");
}

static void test_utf8(void **state)
{
	(void)state;
	/* valid UTF-8 goes through as it is */
	quote_is("Grüße 東京 \xf0\x9f\x93\xa7", "\"Grüße 東京 \xf0\x9f\x93\xa7\"");
	/* what is not UTF-8 becomes U+FFFD, byte by byte */
	quote_is("\xff", "\"\\ufffd\"");
	quote_is("a\xc3", "\"a\\ufffd\"");			/* cut short */
	quote_is("\xc3(", "\"\\ufffd(\"");			/* bad continuation */
	quote_is("\xc0\xaf", "\"\\ufffd\\ufffd\"");		/* overlong '/' */
	quote_is("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");	/* overlong */
	quote_is("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");	/* surrogate */
	quote_is("\xf4\x90\x80\x80",
		 "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");		/* > U+10FFFF */
	quote_is("\x80", "\"\\ufffd\"");
}

/* Whatever the bytes, the output is JSON that decodes to a string. */
static void test_random_bytes_are_valid_json(void **state)
{
	unsigned int seed = 25;
	char s[40], *out, *doc;
	json_error_t je;
	json_t *v;
	int i, j, n;

	(void)state;
	for (i = 0; i < 20000; i++) {
		n = (int)(rand_r(&seed) % 40);
		for (j = 0; j < n; j++)
			s[j] = (char)(rand_r(&seed) % 256);
		out = quoted(s, (size_t)n);
		doc = xmalloc(strlen(out) + 3);
		sprintf(doc, "[%s]", out);
		v = json_loads(doc, JSON_ALLOW_NUL, &je);
		if (!v)
			fail_msg("not JSON: %s (%s)", doc, je.text);
		assert_true(json_is_string(json_array_get(v, 0)));
		json_decref(v);
		free(doc);
		free(out);
	}
}

/* Printable ASCII and valid UTF-8 decode back to themselves. */
static void test_round_trip(void **state)
{
	static const char *const strs[] = {
		"", "a", "\"\\/", "line\nbreak", "tab\there", "\x01\x02\x7f",
		"Grüße", "東京", "\xf0\x9f\x93\xa7 mail",
	};
	json_error_t je;
	size_t i;
	json_t *v;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		out = quoted(strs[i], strlen(strs[i]));
		v = json_loads(out, JSON_DECODE_ANY, &je);
		assert_non_null(v);
		assert_string_equal(json_string_value(v), strs[i]);
		json_decref(v);
		free(out);
	}
}

static void test_writer(void **state)
{
	struct capture c;
	struct ctl_json j;
	char *out;

	(void)state;
	cap_start(&c);
	ctl_json_init(&j, c.fp);
	ctl_json_begin_array(&j);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "address");
	ctl_json_string(&j, "192.0.2.1");
	ctl_json_key(&j, "pool");
	ctl_json_string_or_null(&j, "relay1");
	ctl_json_key(&j, "n");
	ctl_json_u64(&j, UINT64_MAX);
	ctl_json_end_object(&j);
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "address");
	ctl_json_string(&j, "198.51.100.1");
	ctl_json_key(&j, "pool");
	ctl_json_string_or_null(&j, NULL);
	ctl_json_key(&j, "list");
	ctl_json_begin_array(&j);
	ctl_json_u64(&j, 1);
	ctl_json_null(&j);
	ctl_json_begin_array(&j);
	ctl_json_end_array(&j);
	ctl_json_begin_object(&j);
	ctl_json_end_object(&j);
	ctl_json_end_array(&j);
	ctl_json_end_object(&j);
	ctl_json_end_array(&j);
	ctl_json_end_line(&j);
	/* a second document on the next line (monitor -j) */
	ctl_json_begin_object(&j);
	ctl_json_key(&j, "k");
	ctl_json_u64(&j, 0);
	ctl_json_end_object(&j);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out,
		"[{\"address\":\"192.0.2.1\",\"pool\":\"relay1\","
		"\"n\":18446744073709551615},"
		"{\"address\":\"198.51.100.1\",\"pool\":null,"
		"\"list\":[1,null,[],{}]}]\n"
		"{\"k\":0}\n");
	free(out);
}

static void test_empty_array(void **state)
{
	struct capture c;
	struct ctl_json j;
	char *out;

	(void)state;
	cap_start(&c);
	ctl_json_init(&j, c.fp);
	ctl_json_begin_array(&j);
	ctl_json_end_array(&j);
	ctl_json_end_line(&j);
	out = cap_end(&c);
	assert_string_equal(out, "[]\n");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_random_bytes_are_valid_json),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_empty_array),
	};

	return cmocka_run_group_tests_name("ctl_json", tests, NULL, NULL);
}
