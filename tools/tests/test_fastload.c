// SPDX-License-Identifier: GPL-2.0
/*
 * The fast paths of pool load: the quick prefix scanner against the full
 * parser, the in-place radix sort against qsort(), and sorted loads
 * (S25_LOAD_SORTED) against the file-order ones.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "testutil.h"
#include "psort.h"

/* A small deterministic generator: failures reproduce. */
static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static unsigned int below(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static bool same(const struct s25_prefix *a, const struct s25_prefix *b)
{
	return a->family == b->family && a->plen == b->plen &&
	       memcmp(a->addr, b->addr, 16) == 0;
}

/*
 * What the scanner takes must be what the full parser reads there, and
 * it must not stop inside a longer token.
 */
static size_t check_scan(const char *s, size_t len)
{
	struct s25_prefix fast, full;
	char err[S25_ERRLEN];
	size_t used = s25_cidr_scan_fast(s, len, &fast);

	if (!used)
		return 0;
	if (used > len)
		fail_msg("'%.*s': took %zu of %zu bytes", (int)len, s, used, len);
	if (s25_cidr_parse(s, used, &full, err, sizeof(err)))
		fail_msg("'%.*s': scanner took '%.*s', the parser says: %s",
			 (int)len, s, (int)used, s, err);
	if (!same(&fast, &full))
		fail_msg("'%.*s': scanner read %s, the parser %s", (int)len, s,
			 fmt_prefix(&fast), fmt_prefix(&full));
	if (used < len && strchr("0123456789abcdefABCDEF:./", s[used]))
		fail_msg("'%.*s': scanner stopped inside a token at %zu",
			 (int)len, s, used);
	return used;
}

static void scan_all(const char *s)
{
	assert_int_equal(check_scan(s, strlen(s)), strlen(s));
}

/* Not taken whole (a prefix before a '-' may be: the caller judges). */
static void scan_none(const char *s)
{
	size_t used = check_scan(s, strlen(s));

	if (*s && used == strlen(s))
		fail_msg("'%s' taken", s);
}

static void test_scan_forms(void **state)
{
	static const char *const good[] = {
		"0.0.0.0/0", "192.0.2.0/24", "192.0.2.7", "255.255.255.255/32",
		"10.0.0.0/8", "1.2.3.4/32", "::/0", "::", "::1", "1::",
		"2001:db8::/32", "2001:DB8:AB00::/40", "2001:db8:0:0:0:0:0:1",
		"fe80::/10", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
		"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", "0:0::0/0",
		"2001:0db8:0000::/48",
	};
	static const char *const other[] = {
		"", "/24", "01.2.3.4", "1.2.3.04", "256.1.1.1", "1.2.3",
		"1.2.3.4.5", "1.2.3.4/33", "1.2.3.4/024", "1.2.3.4/", "1.2.3.4/8",
		"192.0.2.1/24", ":1", "1:", "1:::2", "1::2::3", "12345::",
		"1:2:3:4:5:6:7:8:9", "1:2:3:4::5:6:7:8", "::ffff:1.2.3.4",
		"2001:db8::1/64", "2001:db8::/129", "g::", "10.0.0.0-10.0.0.7",
		"::/00", "1.2.3.4/1000", "-1.2.3.4", " 1.2.3.4",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(*good); i++)
		scan_all(good[i]);
	for (i = 0; i < sizeof(other) / sizeof(*other); i++)
		scan_none(other[i]);
	/* the prefix ends where the token ends: the caller judges the rest */
	assert_int_equal(check_scan("10.0.0.0/8 # x", 14), 10);
	assert_int_equal(check_scan("10.0.0.0/8;SBL", 14), 10);
	assert_int_equal(check_scan("2001:db8::/32\r", 14), 13);
	/* a prefix cut off by the length given is not taken whole */
	assert_int_equal(check_scan("10.0.0.0/24", 10), 0);
	assert_int_equal(check_scan("10.0.0.0/24", 8), 8);
}

/* Random text of address characters: whatever is taken is right. */
static void test_scan_random_text(void **state)
{
	static const char chars[] = "0123456789abcdefABCDEF::::....///x ";
	char s[64];
	size_t i, len, taken = 0;

	(void)state;
	for (i = 0; i < 300000; i++) {
		len = below(48);
		for (size_t k = 0; k < len; k++)
			s[k] = chars[below(sizeof(chars) - 1)];
		s[len] = '\0';
		taken += check_scan(s, len) > 0;
	}
	assert_true(taken > 0);
}

/* Random prefixes in their usual spellings are all taken, and right. */
static void test_scan_random_prefixes(void **state)
{
	char a[INET6_ADDRSTRLEN], s[80];
	unsigned char addr[16];
	struct s25_prefix p;
	size_t i, k;
	int v6, plen;

	(void)state;
	for (i = 0; i < 200000; i++) {
		v6 = below(2);
		memset(addr, 0, sizeof(addr));
		for (k = 0; k < (v6 ? 16u : 4u); k++)
			addr[k] = below(4) ? (unsigned char)rnd() : 0;
		plen = (int)below(v6 ? 129 : 33);
		memset(&p, 0, sizeof(p));
		p.family = v6 ? AF_INET6 : AF_INET;
		memcpy(p.addr, addr, 16);
		p.plen = (unsigned char)plen;
		/* clear the host bits: those have the full parser's message */
		for (k = (size_t)plen; k < (v6 ? 128u : 32u); k++)
			p.addr[k / 8] &= (unsigned char)~(0x80 >> (k % 8));
		inet_ntop(p.family, p.addr, a, sizeof(a));
		if (below(3))
			snprintf(s, sizeof(s), "%s/%d", a, plen);
		else if (plen == (v6 ? 128 : 32))
			snprintf(s, sizeof(s), "%s", a);
		else
			continue;
		if (check_scan(s, strlen(s)) != strlen(s))
			fail_msg("'%s' not taken", s);
	}
}

/* qsort's order, with equal prefixes in any order. */
static int cmp_prefix(const void *a, const void *b)
{
	return s25_prefix_cmp(a, b);
}

static void random_prefix(struct s25_prefix *p, unsigned int spread)
{
	size_t k;

	memset(p, 0, sizeof(*p));
	p->family = below(4) ? AF_INET : AF_INET6;
	for (k = 0; k < (p->family == AF_INET ? 4u : 16u); k++)
		p->addr[k] = (unsigned char)below(spread);
	p->plen = (unsigned char)(p->family == AF_INET ? below(33) :
				  below(129));
}

static void check_sort(size_t n, unsigned int spread)
{
	struct s25_prefix *v = xmalloc((n + 1) * sizeof(*v));
	struct s25_prefix *want = xmalloc((n + 1) * sizeof(*v));
	struct s25_prefix *orig = xmalloc((n + 1) * sizeof(*v));
	uint32_t *tag = xmalloc((n + 1) * sizeof(*tag));
	char *seen = calloc(n + 1, 1);
	size_t i;

	assert_non_null(seen);
	for (i = 0; i < n; i++) {
		random_prefix(&v[i], spread);
		tag[i] = (uint32_t)i;
	}
	memcpy(orig, v, n * sizeof(*v));
	memcpy(want, v, n * sizeof(*v));
	qsort(want, n, sizeof(*want), cmp_prefix);
	s25_prefix_sort(v, tag, n);
	for (i = 0; i < n; i++) {
		if (!same(&v[i], &want[i]))
			fail_msg("n %zu: %s at %zu, want %s", n,
				 fmt_prefix(&v[i]), i, fmt_prefix(&want[i]));
		/* the tag came along: it names this prefix, and only once */
		assert_true(tag[i] < n && !seen[tag[i]]);
		seen[tag[i]] = 1;
		assert_true(same(&orig[tag[i]], &v[i]));
	}
	s25_prefix_sort(v, NULL, n);	/* no tags, already sorted */
	for (i = 0; i < n; i++)
		assert_true(same(&v[i], &want[i]));
	free(v);
	free(want);
	free(orig);
	free(tag);
	free(seen);
}

static void test_sort(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 3, 23, 24, 25, 100, 1000,
					20000, 200000 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		check_sort(sizes[i], 256);	/* spread out */
		check_sort(sizes[i], 2);	/* many equal ones, deep buckets */
	}
}

/* Everything printed for a diagnostic list, as one string. */
static char *printed(const struct s25_diag *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	s25_diag_print(d, "t.txt", "", fp);
	fclose(fp);
	return buf;
}

/*
 * The same file loaded in file order and sorted: the same prefixes, each
 * with its line, the same diagnostics.
 */
static void compare_loads(const char *text, unsigned int flags)
{
	struct s25_load a, b;
	char *pa, *pb;
	int ra, rb;
	size_t i, j;

	ra = load_text(&a, text, flags);
	rb = load_text(&b, text, flags | S25_LOAD_SORTED);
	assert_int_equal(ra, rb);
	assert_int_equal(a.prefixes.len, b.prefixes.len);
	assert_int_equal(a.duplicates, b.duplicates);
	assert_int_equal(a.lines, b.lines);
	for (i = 1; i < b.prefixes.len; i++)
		assert_true(s25_prefix_cmp(&b.prefixes.v[i - 1],
					   &b.prefixes.v[i]) < 0);
	for (i = 0; i < a.prefixes.len; i++) {
		for (j = 0; j < b.prefixes.len; j++)
			if (same(&a.prefixes.v[i], &b.prefixes.v[j]))
				break;
		assert_true(j < b.prefixes.len);
		assert_int_equal(a.line_of[i], b.line_of[j]);
	}
	pa = printed(&a.errors);
	pb = printed(&b.errors);
	assert_string_equal(pa, pb);
	free(pa);
	free(pb);
	pa = printed(&a.warnings);
	pb = printed(&b.warnings);
	assert_string_equal(pa, pb);
	free(pa);
	free(pb);
	s25_load_free(&a);
	s25_load_free(&b);
}

static void test_sorted_load(void **state)
{
	static const char plain[] =
		"# comment\n"
		"2001:db8:1::/48\n"
		"  192.0.2.0/24   # trailing\n"
		"10.0.0.0/8\r\n"
		"10.0.0.0/8\n"			/* a repeat */
		"192.0.2.128-192.0.2.255\n"	/* a range inside the /24 */
		"198.51.100.0/25#no blank\n"
		"\t2001:DB8:1::/48\t\n"		/* a repeat, other spelling */
		"203.0.113.7\n"
		"198.51.100.0/25\n";		/* a repeat */
	static const char drop[] =
		"; Spamhaus DROP List\n"
		"192.0.2.0/24 ; SBL1\n"
		"2001:db8::/32 ; SBL2\n"
		"10.0.0.0/8 ; SBL3\n"
		"192.0.2.0/24 ; SBL4\n";
	static const char bad[] =
		"10.0.0.0/8\n"
		"10.0.0.1/8\n"			/* host bits: the full parser */
		"10.0.0.0/8 10.1.0.0/16\n"	/* junk */
		"2001:db8::/32\n";
	static const char csv[] =
		"id,prefix\n"
		"1,192.0.2.0/24\n"
		"2,10.0.0.0/8\n"
		"3,192.0.2.0/24\n";

	(void)state;
	compare_loads(plain, 0);
	compare_loads(plain, S25_LOAD_DUP_ERROR);
	compare_loads(drop, 0);
	compare_loads(bad, 0);
	compare_loads(csv, 0);
}

/* A big random file: sorted and file order agree. */
static void test_sorted_load_big(void **state)
{
	size_t cap = 4000 * 48, o = 0, i;
	char *text = xmalloc(cap);
	struct s25_prefix p;
	char a[INET6_ADDRSTRLEN];

	(void)state;
	for (i = 0; i < 4000; i++) {
		random_prefix(&p, i % 3 ? 256 : 3);
		for (size_t k = p.plen; k < 128; k++)
			p.addr[k / 8] &= (unsigned char)~(0x80 >> (k % 8));
		inet_ntop(p.family, p.addr, a, sizeof(a));
		o += (size_t)snprintf(text + o, cap - o, "%s/%u\n", a, p.plen);
	}
	compare_loads(text, 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_forms),
		cmocka_unit_test(test_scan_random_text),
		cmocka_unit_test(test_scan_random_prefixes),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sorted_load),
		cmocka_unit_test(test_sorted_load_big),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
