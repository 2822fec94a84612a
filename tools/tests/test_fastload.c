// SPDX-License-Identifier: GPL-2.0
/*
 * The fast paths of pool load: the quick prefix scanner against the full
 * parser.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/socket.h>

#include "testutil.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_forms),
		cmocka_unit_test(test_scan_random_text),
		cmocka_unit_test(test_scan_random_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
