// SPDX-License-Identifier: GPL-2.0-or-later
/* A streaming JSON writer for -j output. */
#include <inttypes.h>
#include <string.h>

#include "json.h"

void ctl_json_init(struct ctl_json *j, FILE *fp)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
}

/* Before any value: the comma that separates it from the previous one. */
static void before_value(struct ctl_json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma[j->depth])
		fputc(',', j->fp);
	j->need_comma[j->depth] = true;
}

static void open_container(struct ctl_json *j, char c)
{
	before_value(j);
	fputc(c, j->fp);
	/* deeper than the table: commas are still right at every level we
	 * track; the writer is only ever used a few levels deep */
	if (j->depth < CTL_JSON_DEPTH - 1)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_container(struct ctl_json *j, char c)
{
	fputc(c, j->fp);
	if (j->depth > 0)
		j->depth--;
}

void ctl_json_begin_object(struct ctl_json *j)
{
	open_container(j, '{');
}

void ctl_json_end_object(struct ctl_json *j)
{
	close_container(j, '}');
}

void ctl_json_begin_array(struct ctl_json *j)
{
	open_container(j, '[');
}

void ctl_json_end_array(struct ctl_json *j)
{
	close_container(j, ']');
}

void ctl_json_key(struct ctl_json *j, const char *key)
{
	before_value(j);
	ctl_json_quote(j->fp, key, strlen(key));
	fputc(':', j->fp);
	j->after_key = true;
}

void ctl_json_string(struct ctl_json *j, const char *s)
{
	before_value(j);
	ctl_json_quote(j->fp, s, strlen(s));
}

void ctl_json_u64(struct ctl_json *j, uint64_t v)
{
	before_value(j);
	fprintf(j->fp, "%" PRIu64, v);
}

void ctl_json_null(struct ctl_json *j)
{
	before_value(j);
	fputs("null", j->fp);
}

void ctl_json_bool(struct ctl_json *j, bool v)
{
	before_value(j);
	fputs(v ? "true" : "false", j->fp);
}

void ctl_json_u64_or_null(struct ctl_json *j, bool have, uint64_t v)
{
	if (have)
		ctl_json_u64(j, v);
	else
		ctl_json_null(j);
}

void ctl_json_string_or_null(struct ctl_json *j, const char *s)
{
	if (s)
		ctl_json_string(j, s);
	else
		ctl_json_null(j);
}

void ctl_json_end_line(struct ctl_json *j)
{
	fputc('\n', j->fp);
	j->depth = 0;
	j->need_comma[0] = false;
	j->after_key = false;
}

/*
 * Length of the valid UTF-8 sequence at s (at most len bytes), 0 if the
 * bytes there are not one: overlong forms, surrogates and code points
 * past U+10FFFF are invalid too (RFC 3629).
 */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned int cp, min;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void ctl_json_quote(FILE *fp, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', fp);
	while (i < len) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\b':
			fputs("\\b", fp);
			break;
		case '\f':
			fputs("\\f", fp);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(fp, "\\u%04x", c);
				break;
			}
			n = utf8_seq(s + i, len - i);
			if (!n) {
				fputs("\\ufffd", fp);
				break;
			}
			fwrite(s + i, 1, n, fp);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', fp);
}
