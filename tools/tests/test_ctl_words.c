// SPDX-License-Identifier: GPL-2.0-or-later
/* Batch files: commands, words, quoting, and quoting for "save". */
#include <stdio.h>

#include "testutil.h"

#include "words.h"

struct split {
	struct ctl_words w;
	const char *buf;
	size_t len, pos;
	unsigned long line, cmd_line;
	char err[200];
};

static void start(struct split *s, const char *text, size_t len)
{
	memset(s, 0, sizeof(*s));
	s->buf = text;
	s->len = len;
	s->line = 1;
}

static int next(struct split *s)
{
	return ctl_words_next(s->buf, s->len, &s->pos, &s->line, &s->cmd_line,
			      &s->w, s->err, sizeof(s->err));
}

/* The next command must be these words (NULL-terminated), on line. */
static void want(struct split *s, unsigned long line, ...)
{
	const char *word;
	va_list ap;
	int i = 0;

	if (next(s) != 1)
		fail_msg("no command (want line %lu): %s", line, s->err);
	assert_int_equal(s->cmd_line, line);
	va_start(ap, line);
	while ((word = va_arg(ap, const char *)) != NULL) {
		if (i >= s->w.argc)
			fail_msg("missing word %d: '%s'", i, word);
		assert_string_equal(s->w.argv[i], word);
		i++;
	}
	va_end(ap);
	assert_int_equal(s->w.argc, i);
	assert_null(s->w.argv[i]);
}

static void want_end(struct split *s)
{
	assert_int_equal(next(s), 0);
	ctl_words_free(&s->w);
}

static const char *want_error(const char *text)
{
	static struct split s;

	start(&s, text, strlen(text));
	while (next(&s) == 1)
		;
	assert_int_equal(next(&s) < 0 || s.err[0], 1);
	ctl_words_free(&s.w);
	return s.err;
}

static void test_lines_and_comments(void **state)
{
	const char *t =
		"# a saved state\n"
		"\n"
		"pool add a type relay   \n"
		"   \t\n"
		"  prefix   add a\t10.0.0.0/8 # trailing comment\n"
		"#pool del a\n"
		"stats";	/* no newline at the end */
	struct split s;

	(void)state;
	start(&s, t, strlen(t));
	want(&s, 3, "pool", "add", "a", "type", "relay", NULL);
	want(&s, 5, "prefix", "add", "a", "10.0.0.0/8", NULL);
	want(&s, 7, "stats", NULL);
	want_end(&s);
}

static void test_empty(void **state)
{
	struct split s;

	(void)state;
	start(&s, "", 0);
	want_end(&s);
	start(&s, "\n\n# only comments\n  \n", 21);
	want_end(&s);
}

static void test_crlf(void **state)
{
	const char *t = "pool list\r\nprefix list a\r\n";
	struct split s;

	(void)state;
	start(&s, t, strlen(t));
	want(&s, 1, "pool", "list", NULL);
	want(&s, 2, "prefix", "list", "a", NULL);
	want_end(&s);
}

static void test_double_quotes(void **state)
{
	const char *t =
		"pool add a type relay comment \"two words\"\n"
		"x \"a \\\"quoted\\\" \\\\ back\" \"\" \"\\n stays\" \"\\$\\`\"\n"
		"x \"#not a comment\" a#b \"multi\nline\" after\n"
		"x \"joined\\\ncontinued\" pre\"mid\"post\n";
	struct split s;

	(void)state;
	start(&s, t, strlen(t));
	want(&s, 1, "pool", "add", "a", "type", "relay", "comment",
	     "two words", NULL);
	/* like sh: \" and \\ escape, other backslashes stay, "" is a word */
	want(&s, 2, "x", "a \"quoted\" \\ back", "", "\\n stays", "$`", NULL);
	want(&s, 3, "x", "#not a comment", "a#b", "multi\nline", "after", NULL);
	/* the quoted newline moved the line count on */
	want(&s, 5, "x", "joinedcontinued", "premidpost", NULL);
	want_end(&s);
}

static void test_single_quotes_and_backslash(void **state)
{
	const char *t =
		"x 'no \\escapes \"here\"' it\\'s a\\ b\n"
		"y one \\\n"
		"  two\n"
		"z\n";
	struct split s;

	(void)state;
	start(&s, t, strlen(t));
	want(&s, 1, "x", "no \\escapes \"here\"", "it's", "a b", NULL);
	want(&s, 2, "y", "one", "two", NULL);
	want(&s, 4, "z", NULL);
	want_end(&s);
}

static void test_errors(void **state)
{
	static const char nul[] = "pool list\nstats\0more\n";
	struct split s;

	(void)state;
	assert_has(want_error("x \"open\n"), "unterminated double quote");
	assert_has(want_error("x 'open\n"), "unterminated single quote");
	assert_has(want_error("x \\"), "backslash at the end");
	start(&s, nul, sizeof(nul) - 1);
	want(&s, 1, "pool", "list", NULL);
	assert_int_equal(next(&s), -1);
	assert_has(s.err, "NUL byte");
	/* the line of the failing command is known */
	assert_int_equal(s.cmd_line, 2);
	ctl_words_free(&s.w);
}

/* Quote s, read it back: the same string, one word. */
static void round_trip(const char *str)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&out, &len);
	struct split s;

	assert_non_null(fp);
	fputs("cmd ", fp);
	ctl_quote_word(fp, str);
	fputs(" end\n", fp);
	fclose(fp);
	start(&s, out, len);
	if (next(&s) != 1)
		fail_msg("'%s' quoted as '%s': %s", str, out, s.err);
	assert_int_equal(s.w.argc, 3);
	assert_string_equal(s.w.argv[1], str);
	assert_string_equal(s.w.argv[2], "end");
	want_end(&s);
	free(out);
}

static void test_quote_word(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *fp;

	(void)state;
	/* safe words stay bare, so a save reads like what one would type */
	fp = open_memstream(&out, &len);
	ctl_quote_word(fp, "cust-1.a_b");
	fputc(' ', fp);
	ctl_quote_word(fp, "10.0.0.0/8");
	fputc(' ', fp);
	ctl_quote_word(fp, "two words");
	fputc(' ', fp);
	ctl_quote_word(fp, "");
	fputc(' ', fp);
	ctl_quote_word(fp, "say \"hi\" \\o/ $HOME `x`");
	fclose(fp);
	assert_string_equal(out, "cust-1.a_b 10.0.0.0/8 \"two words\" \"\" "
			    "\"say \\\"hi\\\" \\\\o/ \\$HOME \\`x\\`\"");
	free(out);

	round_trip("plain");
	round_trip("");
	round_trip("#hash first");
	round_trip("a'b\"c\\d$e`f");
	round_trip("new\nline\r\n\ttab");
	round_trip("ends with backslash\\");
	round_trip("\\\n");
	round_trip("UTF-8: Grüße, 東京");
}

static void test_quote_random(void **state)
{
	char str[64];
	unsigned int seed = 25;
	int i, j, n;

	(void)state;
	for (i = 0; i < 5000; i++) {
		n = (int)(rand_r(&seed) % 63);
		for (j = 0; j < n; j++)
			str[j] = (char)(1 + rand_r(&seed) % 255);
		str[n] = '\0';
		round_trip(str);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines_and_comments),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_double_quotes),
		cmocka_unit_test(test_single_quotes_and_backslash),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_quote_word),
		cmocka_unit_test(test_quote_random),
	};

	return cmocka_run_group_tests_name("ctl_words", tests, NULL, NULL);
}
