// SPDX-License-Identifier: GPL-2.0-or-later
/* Batch files: commands and words, and quoting words for "save". */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *np;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	np = realloc(*p, n * size);
	if (!np)
		return -1;
	*p = np;
	*cap = n;
	return 0;
}

static int put_char(struct ctl_words *w, char c)
{
	if (grow((void **)&w->text, &w->text_cap, w->text_len + 1, 1))
		return -1;
	w->text[w->text_len++] = c;
	return 0;
}

static int start_word(struct ctl_words *w)
{
	if (grow((void **)&w->offs, &w->offs_cap, (size_t)w->argc + 1,
		 sizeof(*w->offs)))
		return -1;
	w->offs[w->argc++] = w->text_len;
	return 0;
}

/* Terminate the words and point argv at them (text is final now). */
static int finish(struct ctl_words *w)
{
	int i;

	free(w->argv);
	w->argv = malloc(((size_t)w->argc + 1) * sizeof(*w->argv));
	if (!w->argv)
		return -1;
	for (i = 0; i < w->argc; i++)
		w->argv[i] = w->text + w->offs[i];
	w->argv[w->argc] = NULL;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static int fail(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

int ctl_words_next(const char *buf, size_t len, size_t *pos,
		   unsigned long *line, unsigned long *cmd_line,
		   struct ctl_words *w, char *err, size_t errsz)
{
	size_t i = *pos;
	bool in_word = false;
	char c;

	w->argc = 0;
	w->text_len = 0;
	*cmd_line = *line;
	while (i < len) {
		c = buf[i];
		if (c == '\0')
			return fail(err, errsz, "NUL byte in the batch");
		if (!in_word && is_blank(c)) {
			i++;
			continue;
		}
		if (c == '\n') {
			i++;
			(*line)++;
			if (in_word && put_char(w, '\0'))
				goto nomem;
			in_word = false;
			if (w->argc)
				break;
			*cmd_line = *line;
			continue;
		}
		if (is_blank(c)) {	/* ends a word */
			if (put_char(w, '\0'))
				goto nomem;
			in_word = false;
			i++;
			continue;
		}
		if (!in_word && c == '#') {
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		if (c == '\\' && i + 1 < len && buf[i + 1] == '\n') {
			i += 2;		/* continuation: not even a blank */
			(*line)++;
			continue;
		}
		if (!in_word) {
			if (start_word(w))
				goto nomem;
			in_word = true;
		}
		if (c == '\\') {
			if (i + 1 >= len)
				return fail(err, errsz,
					    "backslash at the end of the batch");
			if (buf[i + 1] == '\0')
				return fail(err, errsz, "NUL byte in the batch");
			if (put_char(w, buf[i + 1]))
				goto nomem;
			i += 2;
		} else if (c == '\'') {
			for (i++; i < len && buf[i] != '\''; i++) {
				if (buf[i] == '\0')
					return fail(err, errsz,
						    "NUL byte in the batch");
				if (buf[i] == '\n')
					(*line)++;
				if (put_char(w, buf[i]))
					goto nomem;
			}
			if (i >= len)
				return fail(err, errsz,
					    "unterminated single quote");
			i++;
		} else if (c == '"') {
			for (i++; i < len && buf[i] != '"'; i++) {
				c = buf[i];
				if (c == '\0')
					return fail(err, errsz,
						    "NUL byte in the batch");
				if (c == '\\' && i + 1 < len &&
				    buf[i + 1] != '\0' &&
				    strchr("\"\\$`\n", buf[i + 1])) {
					c = buf[++i];
					if (c == '\n') {
						(*line)++;
						continue;
					}
				} else if (c == '\n') {
					(*line)++;
				}
				if (put_char(w, c))
					goto nomem;
			}
			if (i >= len)
				return fail(err, errsz,
					    "unterminated double quote");
			i++;
		} else {
			if (put_char(w, c))
				goto nomem;
			i++;
		}
	}
	if (in_word && put_char(w, '\0'))
		goto nomem;
	*pos = i;
	if (!w->argc)
		return 0;
	if (finish(w))
		goto nomem;
	return 1;
nomem:
	return fail(err, errsz, "out of memory");
}

void ctl_words_free(struct ctl_words *w)
{
	free(w->argv);
	free(w->text);
	free(w->offs);
	memset(w, 0, sizeof(*w));
}

/* Characters that never need quotes, in the shell or in a batch. */
static bool is_safe(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("._-/:@%+=,", c));
}

void ctl_quote_word(FILE *fp, const char *s)
{
	const char *p;

	for (p = s; *p && is_safe(*p); p++)
		;
	if (*s && !*p) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p; p++) {
		if (strchr("\"\\$`", *p))
			fputc('\\', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}
