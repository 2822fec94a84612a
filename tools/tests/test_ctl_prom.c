// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stats --prometheus without a kernel: the escaping of label values and
 * HELP text, the exact layout, and that the output keeps the rules of the
 * text exposition format that node_exporter's textfile collector checks.
 */
#include <ctype.h>
#include <stdio.h>

#include "testutil.h"

#include <linux/smtp25.h>

#include "capture.h"
#include "prom.h"

static char *label(const char *s)
{
	struct capture c;

	ctl_prom_label(cap_start(&c), s);
	return cap_end(&c);
}

static char *help(const char *s)
{
	struct capture c;

	ctl_prom_help(cap_start(&c), s);
	return cap_end(&c);
}

#define ESCAPES(fn, in, want) do { \
	char *out_ = fn(in); \
	assert_string_equal(out_, want); \
	free(out_); \
} while (0)

static void test_escaping(void **state)
{
	(void)state;
	ESCAPES(label, "dsl-fra.1_x", "dsl-fra.1_x");
	ESCAPES(label, "a\\b", "a\\\\b");
	ESCAPES(label, "say \"hi\"", "say \\\"hi\\\"");
	ESCAPES(label, "two\nlines", "two\\nlines");
	ESCAPES(label, "", "");
	/* other bytes are the value's own: UTF-8 and tabs go as they are */
	ESCAPES(label, "Grüße\t", "Grüße\t");
	/* HELP escapes the backslash and the newline, not the quote */
	ESCAPES(help, "a \"b\" \\ c\nd", "a \"b\" \\\\ c\\nd");
}

static struct ctl_pool pool(const char *name, unsigned int type)
{
	struct ctl_pool p;

	memset(&p, 0, sizeof(p));
	snprintf(p.name, sizeof(p.name), "%s", name);
	p.type = type;
	p.has_counters = true;
	return p;
}

static struct ctl_stats stats(void)
{
	struct ctl_stats st = {
		.prefixes4 = 122, .prefixes6 = 4, .memory = 65536,
		.generation = 812, .max_prefixes = 4194304, .pools = 2,
		.has_hosts = true, .hosts = 1200, .max_hosts = 65536,
		.hosts_evicted = 7, .hosts_dropped = 0, .quarantined = 3,
	};

	return st;
}

static char *write_all(const struct ctl_stats *st, const struct ctl_pool *v,
		       size_t n)
{
	struct capture c;

	ctl_prom_write(cap_start(&c), st, v, n);
	return cap_end(&c);
}

static void test_layout(void **state)
{
	struct ctl_stats st = stats();
	struct ctl_pool v[2];
	char *out;

	(void)state;
	v[0] = pool("dsl-fra", SMTP25_POOL_DYNAMIC);
	v[0].prefixes4 = 120;
	v[0].prefixes6 = 4;
	v[0].packets = 5000;
	v[0].blocked = 1532;
	v[0].quarantines = 3;
	v[1] = pool("relays", SMTP25_POOL_RELAY);
	v[1].prefixes4 = 2;
	v[1].packets = 90000;
	v[1].allowed = 88231;
	v[1].over_limit = 112;
	out = write_all(&st, v, 2);
	assert_string_equal(out,
"# HELP smtp25_prefixes Prefixes in all pools, by address family.\n"
"# TYPE smtp25_prefixes gauge\n"
"smtp25_prefixes{family=\"ipv4\"} 122\n"
"smtp25_prefixes{family=\"ipv6\"} 4\n"
"# HELP smtp25_prefixes_max The most prefixes the namespace may hold (module parameter max_prefixes).\n"
"# TYPE smtp25_prefixes_max gauge\n"
"smtp25_prefixes_max 4194304\n"
"# HELP smtp25_pools Pools in the namespace.\n"
"# TYPE smtp25_pools gauge\n"
"smtp25_pools 2\n"
"# HELP smtp25_memory_bytes Bytes used by the prefix trees and pools.\n"
"# TYPE smtp25_memory_bytes gauge\n"
"smtp25_memory_bytes 65536\n"
"# HELP smtp25_generation A number that grows with every change of the pools.\n"
"# TYPE smtp25_generation gauge\n"
"smtp25_generation 812\n"
"# HELP smtp25_pool_prefixes Prefixes of the pool, by address family.\n"
"# TYPE smtp25_pool_prefixes gauge\n"
"smtp25_pool_prefixes{pool=\"dsl-fra\",type=\"dynamic\",family=\"ipv4\"} 120\n"
"smtp25_pool_prefixes{pool=\"dsl-fra\",type=\"dynamic\",family=\"ipv6\"} 4\n"
"smtp25_pool_prefixes{pool=\"relays\",type=\"relay\",family=\"ipv4\"} 2\n"
"smtp25_pool_prefixes{pool=\"relays\",type=\"relay\",family=\"ipv6\"} 0\n"
"# HELP smtp25_pool_packets_total Lookups by smtp25 rules that found an address in the pool.\n"
"# TYPE smtp25_pool_packets_total counter\n"
"smtp25_pool_packets_total{pool=\"dsl-fra\",type=\"dynamic\"} 5000\n"
"smtp25_pool_packets_total{pool=\"relays\",type=\"relay\"} 90000\n"
"# HELP smtp25_pool_blocked_total Port 25 attempts of the pool's hosts recorded as blocked.\n"
"# TYPE smtp25_pool_blocked_total counter\n"
"smtp25_pool_blocked_total{pool=\"dsl-fra\",type=\"dynamic\"} 1532\n"
"smtp25_pool_blocked_total{pool=\"relays\",type=\"relay\"} 0\n"
"# HELP smtp25_pool_allowed_total Port 25 attempts of the pool's hosts recorded as allowed.\n"
"# TYPE smtp25_pool_allowed_total counter\n"
"smtp25_pool_allowed_total{pool=\"dsl-fra\",type=\"dynamic\"} 0\n"
"smtp25_pool_allowed_total{pool=\"relays\",type=\"relay\"} 88231\n"
"# HELP smtp25_pool_over_limit_total Port 25 attempts of the pool's hosts found over a rate limit.\n"
"# TYPE smtp25_pool_over_limit_total counter\n"
"smtp25_pool_over_limit_total{pool=\"dsl-fra\",type=\"dynamic\"} 0\n"
"smtp25_pool_over_limit_total{pool=\"relays\",type=\"relay\"} 112\n"
"# HELP smtp25_pool_quarantines_total Hosts of the pool quarantined automatically.\n"
"# TYPE smtp25_pool_quarantines_total counter\n"
"smtp25_pool_quarantines_total{pool=\"dsl-fra\",type=\"dynamic\"} 3\n"
"smtp25_pool_quarantines_total{pool=\"relays\",type=\"relay\"} 0\n"
"# HELP smtp25_hosts Entries in the host table.\n"
"# TYPE smtp25_hosts gauge\n"
"smtp25_hosts 1200\n"
"# HELP smtp25_hosts_max The most entries the host table may hold (module parameter max_hosts).\n"
"# TYPE smtp25_hosts_max gauge\n"
"smtp25_hosts_max 65536\n"
"# HELP smtp25_hosts_evicted_total Host table entries pushed out by newer ones.\n"
"# TYPE smtp25_hosts_evicted_total counter\n"
"smtp25_hosts_evicted_total 7\n"
"# HELP smtp25_hosts_dropped_total Port 25 attempts not recorded because the host table was full of quarantined hosts.\n"
"# TYPE smtp25_hosts_dropped_total counter\n"
"smtp25_hosts_dropped_total 0\n"
"# HELP smtp25_quarantined_hosts Hosts in quarantine.\n"
"# TYPE smtp25_quarantined_hosts gauge\n"
"smtp25_quarantined_hosts 3\n");
	free(out);
}

/* No pools: no per-pool families, not even their HELP lines. */
static void test_no_pools(void **state)
{
	struct ctl_stats st = stats();
	char *out;

	(void)state;
	out = write_all(&st, NULL, 0);
	assert_null(strstr(out, "smtp25_pool_"));
	assert_non_null(strstr(out, "\nsmtp25_pools 2\n"));
	assert_non_null(strstr(out, "\nsmtp25_quarantined_hosts 3\n"));
	free(out);
}

/* A module before accounting: what it does not report is left out. */
static void test_old_kernel(void **state)
{
	struct ctl_stats st = stats();
	struct ctl_pool p = pool("dsl", SMTP25_POOL_DYNAMIC);
	char *out;

	(void)state;
	st.has_hosts = false;
	p.has_counters = false;
	p.packets = 9;
	out = write_all(&st, &p, 1);
	assert_non_null(strstr(out,
		"\nsmtp25_pool_packets_total{pool=\"dsl\",type=\"dynamic\"} 9\n"));
	assert_null(strstr(out, "blocked"));
	assert_null(strstr(out, "quarantine"));
	assert_null(strstr(out, "smtp25_hosts"));
	free(out);
}

/* Label values as the format wants them, whatever a name holds. */
static void test_odd_names(void **state)
{
	struct ctl_stats st = stats();
	struct ctl_pool p = pool("a\"b\\c\nd", 77);
	char *out;

	(void)state;
	out = write_all(&st, &p, 1);
	assert_non_null(strstr(out,
		"smtp25_pool_blocked_total{pool=\"a\\\"b\\\\c\\nd\",type=\"?\"} 0\n"));
	free(out);
}

/*
 * The rules of the format, checked line by line: every sample's family
 * has one HELP and then one TYPE line before its first sample, a family's
 * samples are not interleaved with another's, no series repeats, names
 * and label names are [a-zA-Z_:][a-zA-Z0-9_:]*, values are numbers, and
 * the text ends with a newline.
 */
static bool name_ok(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(isalpha((unsigned char)s[i]) || s[i] == '_' ||
		      s[i] == ':' || (i && isdigit((unsigned char)s[i]))))
			return false;
	return n > 0;
}

static void check_format(const char *text)
{
	char family[128] = "", seen[64][128], series[256][256];
	size_t nseen = 0, nseries = 0, i, n;
	const char *line = text, *end, *p, *q;
	int state = 0;		/* 0: want HELP, 1: want TYPE, 2: samples */

	assert_true(*text && text[strlen(text) - 1] == '\n');
	for (; *line; line = end + 1) {
		end = strchr(line, '\n');
		n = (size_t)(end - line);
		if (strncmp(line, "# HELP ", 7) == 0) {
			p = line + 7;
			q = strchr(p, ' ');
			assert_true(q && q < end && name_ok(p, (size_t)(q - p)));
			snprintf(family, sizeof(family), "%.*s", (int)(q - p), p);
			for (i = 0; i < nseen; i++)
				if (strcmp(seen[i], family) == 0)
					fail_msg("family %s twice", family);
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", family);
			assert_int_equal(state == 1, 0);
			state = 1;
			continue;
		}
		if (strncmp(line, "# TYPE ", 7) == 0) {
			assert_int_equal(state, 1);
			p = line + 7;
			assert_int_equal(strncmp(p, family, strlen(family)), 0);
			p += strlen(family);
			if (strncmp(p, " gauge\n", 7) && strncmp(p, " counter\n", 9))
				fail_msg("bad TYPE line: %.*s", (int)n, line);
			state = 2;
			continue;
		}
		assert_int_equal(state, 2);
		assert_true(line[0] != '#');
		/* the sample's name is its family's (no _bucket etc. here) */
		assert_int_equal(strncmp(line, family, strlen(family)), 0);
		p = line + strlen(family);
		assert_true(*p == ' ' || *p == '{');
		if (*p == '{') {
			for (p++; *p != '}'; p++) {
				q = strchr(p, '=');
				assert_true(q && q < end && name_ok(p, (size_t)(q - p)));
				assert_true(q[1] == '"');
				for (p = q + 2; *p != '"'; p++) {
					assert_true(p < end);
					if (*p == '\\') {
						p++;
						assert_true(*p == '\\' || *p == '"' || *p == 'n');
					}
				}
				p++;
				assert_true(*p == ',' || *p == '}');
				if (*p == '}')
					break;
			}
			p++;
		}
		assert_true(*p == ' ');
		for (q = p + 1; q < end; q++)
			assert_true(isdigit((unsigned char)*q));
		assert_true(q > p + 1);
		assert_true(nseries < 256);
		snprintf(series[nseries], sizeof(series[0]), "%.*s",
			 (int)(p - line), line);
		for (i = 0; i < nseries; i++)
			if (strcmp(series[i], series[nseries]) == 0)
				fail_msg("series twice: %s", series[i]);
		nseries++;
	}
	assert_int_equal(state, 2);
}

static void test_format_rules(void **state)
{
	struct ctl_stats st = stats();
	struct ctl_pool v[3];
	char *out;

	(void)state;
	v[0] = pool("dsl", SMTP25_POOL_DYNAMIC);
	v[1] = pool("q\"uo\\te", SMTP25_POOL_QUARANTINE);
	v[2] = pool("relays", SMTP25_POOL_RELAY);
	v[2].has_counters = false;
	out = write_all(&st, v, 3);
	check_format(out);
	free(out);
	st.has_hosts = false;
	out = write_all(&st, NULL, 0);
	check_format(out);
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_no_pools),
		cmocka_unit_test(test_old_kernel),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_format_rules),
	};

	return cmocka_run_group_tests_name("ctl_prom", tests, NULL, NULL);
}
