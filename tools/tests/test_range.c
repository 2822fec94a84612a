// SPDX-License-Identifier: GPL-2.0
/*
 * Ranges: parsing "A-B" and splitting into CIDRs.  Besides fixed cases,
 * random ranges are checked against a deliberately naive reference that
 * walks the address trie top-down (a block inside the range is taken
 * whole, a block that straddles it is halved), which yields the unique
 * minimal cover by a different route than the greedy split.
 */
#include <stdlib.h>
#include <sys/socket.h>

#include "testutil.h"

static void split_ok(const char *range, ...)
{
	struct s25_prefix_vec v = { 0 };
	const char *want;
	size_t i = 0;
	va_list ap;

	arg_ok(range, &v);
	va_start(ap, range);
	while ((want = va_arg(ap, const char *)) != NULL) {
		if (i >= v.len)
			fail_msg("%s: missing %s", range, want);
		assert_string_equal(fmt_prefix(&v.v[i]), want);
		i++;
	}
	va_end(ap);
	assert_int_equal(v.len, i);
	s25_prefix_vec_free(&v);
}

static void test_split_fixed(void **state)
{
	(void)state;
	split_ok("192.0.2.7-192.0.2.7", "192.0.2.7/32", NULL);
	split_ok("2001:db8::1-2001:db8::1", "2001:db8::1/128", NULL);
	split_ok("0.0.0.0-255.255.255.255", "0.0.0.0/0", NULL);
	split_ok("::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "::/0", NULL);
	split_ok("192.0.2.0-192.0.2.255", "192.0.2.0/24", NULL);
	split_ok("192.0.2.1-192.0.2.6", "192.0.2.1/32", "192.0.2.2/31",
		 "192.0.2.4/31", "192.0.2.6/32", NULL);
	split_ok("10.0.0.0-10.0.0.11", "10.0.0.0/29", "10.0.0.8/30", NULL);
	split_ok("192.0.2.255-192.0.3.0", "192.0.2.255/32", "192.0.3.0/32",
		 NULL);
	/* crossing the 64-bit halves of an IPv6 address */
	split_ok("::ffff:ffff:ffff:ffff-0:0:0:1::", "::ffff:ffff:ffff:ffff/128",
		 "0:0:0:1::/128", NULL);
	split_ok("::-::ffff:ffff:ffff:ffff", "::/64", NULL);
	split_ok("8000::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "8000::/1",
		 NULL);
	split_ok("255.255.255.254-255.255.255.255", "255.255.255.254/31", NULL);
	/* whois style, blanks around the dash */
	split_ok("192.0.2.0 - 192.0.2.127", "192.0.2.0/25", NULL);
	split_ok("192.0.2.0\t-\t192.0.2.1", "192.0.2.0/31", NULL);
}

static void test_split_worst_case(void **state)
{
	struct s25_prefix_vec v = { 0 };

	(void)state;
	/* one short of everything at both ends: 2 * bits - 2 blocks */
	arg_ok("0.0.0.1-255.255.255.254", &v);
	assert_int_equal(v.len, 62);
	assert_string_equal(fmt_prefix(&v.v[0]), "0.0.0.1/32");
	assert_string_equal(fmt_prefix(&v.v[31]), "128.0.0.0/2");
	assert_string_equal(fmt_prefix(&v.v[61]), "255.255.255.254/32");
	s25_prefix_vec_free(&v);
	arg_ok("::1-ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe", &v);
	assert_int_equal(v.len, 254);
	s25_prefix_vec_free(&v);
}

static void test_range_parse_errors(void **state)
{
	(void)state;
	assert_string_equal(arg_bad("192.0.2.9-192.0.2.1", 19),
			    "reversed range: '192.0.2.9' is above '192.0.2.1'");
	assert_has(arg_bad("2001:db8::2-2001:db8::1", 23), "reversed range");
	assert_string_equal(arg_bad("192.0.2.1-2001:db8::1", 21),
			    "range mixes IPv4 and IPv6");
	assert_string_equal(arg_bad("-192.0.2.1", 10),
			    "range has no first address");
	assert_string_equal(arg_bad("192.0.2.1 -", 11),
			    "range has no last address");
	assert_string_equal(arg_bad("1.1.1.1-2.2.2.2-3.3.3.3", 23),
			    "more than one '-' in range");
	assert_string_equal(arg_bad("192.0.2.0/24-192.0.3.0/24", 25),
			    "range ends must be addresses, not prefixes");
	assert_has(arg_bad("192.0.2.1-192.0.2", 17),
		   "not a valid IPv4 address: '192.0.2'");
	assert_has(arg_bad("192.0.2.1-foo", 13), "not an IP address: 'foo'");
	assert_has(arg_bad("192.0.2.1--192.0.2.5", 20), "more than one '-'");
}

static void test_range_parse_api(void **state)
{
	unsigned char a[16], b[16];
	int family;
	char err[S25_ERRLEN];
	struct s25_prefix_vec v = { 0 };

	(void)state;
	assert_int_equal(s25_range_parse("10.0.0.1 - 10.0.0.3", 19, &family, a,
					 b, err, sizeof(err)), 0);
	assert_int_equal(family, AF_INET);
	assert_int_equal(a[3], 1);
	assert_int_equal(b[3], 3);
	assert_int_equal(s25_range_parse("10.0.0.1", 8, &family, a, b, err,
					 sizeof(err)), -1);
	assert_string_equal(err, "not a range (no '-')");
	/* split refuses what parse would have refused */
	assert_int_equal(s25_range_split(AF_INET, b, a, &v), -1);
	assert_int_equal(s25_range_split(AF_UNIX, a, b, &v), -1);
	assert_int_equal(v.len, 0);
	assert_int_equal(s25_range_split(AF_INET, a, b, &v), 0);
	assert_vec(&v, "10.0.0.1/32", "10.0.0.2/31", NULL);
	s25_prefix_vec_free(&v);
}

/* ---- the naive reference ---- */

static int cmp_addr(const unsigned char *a, const unsigned char *b,
		    unsigned int bytes)
{
	return memcmp(a, b, bytes);
}

/* Block net/plen against [lo, hi]: inside, outside or straddling. */
static void ref_walk(struct s25_prefix_vec *out, int family, unsigned int bits,
		     unsigned char *net, unsigned int plen,
		     const unsigned char *lo, const unsigned char *hi)
{
	unsigned char first[16], last[16];
	unsigned int i, bytes = bits / 8;
	struct s25_prefix p;

	memcpy(first, net, 16);
	memcpy(last, net, 16);
	for (i = plen; i < bits; i++)
		last[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	if (cmp_addr(last, lo, bytes) < 0 || cmp_addr(first, hi, bytes) > 0)
		return;
	if (cmp_addr(first, lo, bytes) >= 0 && cmp_addr(last, hi, bytes) <= 0) {
		p.family = family;
		p.plen = (unsigned char)plen;
		memcpy(p.addr, net, 16);
		s25_prefix_vec_push(out, &p);
		return;
	}
	ref_walk(out, family, bits, net, plen + 1, lo, hi);
	net[plen / 8] |= (unsigned char)(0x80 >> (plen % 8));
	ref_walk(out, family, bits, net, plen + 1, lo, hi);
	net[plen / 8] &= (unsigned char)~(0x80 >> (plen % 8));
}

/* Random address; runs of equal bits so ranges hit aligned edges often. */
static void random_addr(unsigned char *a, unsigned int bits)
{
	unsigned int i, run = 0;
	int b = 0;

	memset(a, 0, 16);
	for (i = 0; i < bits; i++) {
		if (!run) {
			run = 1 + (unsigned int)rand() % 24;
			b = rand() & 1;
		}
		run--;
		if (b)
			a[i / 8] |= (unsigned char)(0x80 >> (i % 8));
	}
}

static void check_random(int family, unsigned int rounds)
{
	unsigned int bits = s25_family_bits(family), r;
	unsigned char lo[16], hi[16], t[16], net[16] = { 0 };
	struct s25_prefix_vec got = { 0 }, want = { 0 };
	size_t i;

	for (r = 0; r < rounds; r++) {
		random_addr(lo, bits);
		if (r % 4 == 0)
			memcpy(hi, lo, 16);	/* single address */
		else
			random_addr(hi, bits);
		if (memcmp(lo, hi, 16) > 0) {
			memcpy(t, lo, 16);
			memcpy(lo, hi, 16);
			memcpy(hi, t, 16);
		}
		assert_int_equal(s25_range_split(family, lo, hi, &got), 0);
		ref_walk(&want, family, bits, net, 0, lo, hi);
		assert_int_equal(got.len, want.len);
		for (i = 0; i < got.len; i++)
			if (s25_prefix_cmp(&got.v[i], &want.v[i]))
				fail_msg("round %u: %s != %s", r,
					 fmt_prefix(&got.v[i]),
					 fmt_prefix(&want.v[i]));
		assert_true(got.len <= 2 * bits);
		got.len = want.len = 0;
	}
	s25_prefix_vec_free(&got);
	s25_prefix_vec_free(&want);
}

static void test_split_random_v4(void **state)
{
	(void)state;
	srand(25);
	check_random(AF_INET, 20000);
}

static void test_split_random_v6(void **state)
{
	(void)state;
	srand(2525);
	check_random(AF_INET6, 5000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_fixed),
		cmocka_unit_test(test_split_worst_case),
		cmocka_unit_test(test_range_parse_errors),
		cmocka_unit_test(test_range_parse_api),
		cmocka_unit_test(test_split_random_v4),
		cmocka_unit_test(test_split_random_v6),
	};

	return cmocka_run_group_tests_name("range", tests, NULL, NULL);
}
