// SPDX-License-Identifier: GPL-2.0
/*
 * Spamhaus DROP JSON lines (drop_v4.json, drop_v6.json):
 *     {"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}
 *     {"type":"metadata","timestamp":1712345678,"size":...,"records":...}
 * Each line is parsed whole by jansson (strict JSON, duplicate keys and
 * \u0000 rejected), so quoting, escapes and key order are handled right.
 */
#include <jansson.h>
#include <string.h>

#include "formats.h"
#include "text.h"

/* jansson quotes input in its messages: keep control bytes out. */
static void sanitize(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			*s = '?';
}

int s25_jsonl_line(const char *line, size_t len, char *val, size_t valsz,
		   size_t *vlen, char *err, size_t errsz)
{
	const char *t = line;
	size_t tlen = len, n;
	json_error_t je;
	json_t *obj, *type, *cidr;
	int rc = S25_LINE_ERROR;

	s25_trim(&t, &tlen);
	if (!tlen)
		return S25_LINE_SKIP;
	obj = json_loadb(t, tlen, JSON_REJECT_DUPLICATES, &je);
	if (!obj) {
		sanitize(je.text);
		s25_fail(err, errsz, "invalid JSON at column %d: %s",
			 je.column, je.text);
		return S25_LINE_ERROR;
	}
	if (!json_is_object(obj)) {
		s25_fail(err, errsz, "JSON line is not an object");
		goto out;
	}
	type = json_object_get(obj, "type");
	if (json_is_string(type) &&
	    strcmp(json_string_value(type), "metadata") == 0) {
		rc = S25_LINE_SKIP;
		goto out;
	}
	cidr = json_object_get(obj, "cidr");
	if (!cidr) {
		s25_fail(err, errsz, "%s", json_object_get(obj, "asn") ?
			 "no \"cidr\" key (an ASN list cannot be loaded as prefixes)" :
			 "no \"cidr\" key in object");
		goto out;
	}
	if (!json_is_string(cidr)) {
		s25_fail(err, errsz, "\"cidr\" is not a string");
		goto out;
	}
	n = json_string_length(cidr);
	if (n >= valsz) {
		s25_fail(err, errsz, "\"cidr\" value is too long");
		goto out;
	}
	memcpy(val, json_string_value(cidr), n);
	val[n] = '\0';
	*vlen = n;
	rc = S25_LINE_VALUE;
out:
	json_decref(obj);
	return rc;
}
