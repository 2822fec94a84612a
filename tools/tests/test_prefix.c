// SPDX-License-Identifier: GPL-2.0
/* Addresses, CIDR prefixes and the PREFIX argument. */
#include <sys/socket.h>

#include "testutil.h"

static void cidr_ok(const char *s, const char *want, int family)
{
	struct s25_prefix p;
	char err[S25_ERRLEN] = "";

	if (s25_cidr_parse(s, strlen(s), &p, err, sizeof(err)))
		fail_msg("'%s' rejected: %s", s, err);
	assert_int_equal(p.family, family);
	assert_string_equal(fmt_prefix(&p), want);
}

static const char *cidr_bad(const char *s)
{
	static char err[S25_ERRLEN];
	struct s25_prefix p;

	err[0] = '\0';
	if (!s25_cidr_parse(s, strlen(s), &p, err, sizeof(err)))
		fail_msg("'%s' accepted as %s", s, fmt_prefix(&p));
	assert_true(err[0] != '\0');
	return err;
}

static void test_addr_good(void **state)
{
	unsigned char a[16];
	int family;
	const unsigned char v4[16] = { 192, 0, 2, 1 };

	(void)state;
	assert_int_equal(s25_addr_parse("192.0.2.1", 9, &family, a, NULL, 0), 0);
	assert_int_equal(family, AF_INET);
	/* IPv4 sits in the first four bytes, the rest is zero */
	assert_memory_equal(a, v4, 16);
	assert_int_equal(s25_addr_parse("2001:db8::1", 11, &family, a, NULL, 0), 0);
	assert_int_equal(family, AF_INET6);
	assert_int_equal(a[0], 0x20);
	assert_int_equal(a[15], 1);
	/* the parser takes a slice: what follows it is not looked at */
	assert_int_equal(s25_addr_parse("10.0.0.1/8", 8, &family, a, NULL, 0), 0);
	assert_int_equal(a[3], 1);
}

static void test_addr_bad(void **state)
{
	char err[S25_ERRLEN];
	unsigned char a[16];
	int family;
	static const char *const bad[] = {
		"1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.04", "01.2.3.4",
		"1.2.3.-4", "0x7f.0.0.1", "1.2.3.4 ", " 1.2.3.4",
		"2001:db8::g", ":::", "1::2::3", "fe80::1%eth0", "2001:db8:::1",
		"12345::", "localhost", "::ffff:1.2.3", "1.2.3.4:80",
		"0000:0000:0000:0000:0000:0000:0000:0000:0000",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err[0] = '\0';
		if (!s25_addr_parse(bad[i], strlen(bad[i]), &family, a, err,
				    sizeof(err)))
			fail_msg("'%s' accepted", bad[i]);
		assert_true(err[0] != '\0');
	}
	s25_addr_parse("1.2.3", 5, &family, a, err, sizeof(err));
	assert_string_equal(err, "not a valid IPv4 address: '1.2.3'");
	s25_addr_parse("2001:db8::g", 11, &family, a, err, sizeof(err));
	assert_string_equal(err, "not a valid IPv6 address: '2001:db8::g'");
	s25_addr_parse("example.com", 11, &family, a, err, sizeof(err));
	assert_string_equal(err, "not an IP address: 'example.com'");
	s25_addr_parse("", 0, &family, a, err, sizeof(err));
	assert_string_equal(err, "missing address");
	s25_addr_parse("1.2.\0.4", 7, &family, a, err, sizeof(err));
	assert_string_equal(err, "NUL byte in address");
}

static void test_addr_quote_sanitized(void **state)
{
	char err[S25_ERRLEN];
	unsigned char a[16];
	int family;
	char longjunk[300];

	(void)state;
	/* terminal escapes from a file must not reach the terminal */
	s25_addr_parse("\x1b[31mred", 8, &family, a, err, sizeof(err));
	assert_string_equal(err, "not an IP address: '?[31mred'");
	/* huge garbage is cut, the message stays one short line */
	memset(longjunk, 'x', sizeof(longjunk));
	s25_addr_parse(longjunk, sizeof(longjunk), &family, a, err, sizeof(err));
	assert_has(err, "...'");
	assert_true(strlen(err) < 100);
}

static void test_cidr_good(void **state)
{
	(void)state;
	cidr_ok("192.0.2.0/24", "192.0.2.0/24", AF_INET);
	cidr_ok("2001:db8::/32", "2001:db8::/32", AF_INET6);
	cidr_ok("2001:DB8:0:0::/64", "2001:db8::/64", AF_INET6);
	cidr_ok("192.0.2.7", "192.0.2.7/32", AF_INET);
	cidr_ok("2001:db8::1", "2001:db8::1/128", AF_INET6);
	cidr_ok("0.0.0.0/0", "0.0.0.0/0", AF_INET);
	cidr_ok("::/0", "::/0", AF_INET6);
	cidr_ok("255.255.255.255/32", "255.255.255.255/32", AF_INET);
	cidr_ok("10.0.0.0/7", "10.0.0.0/7", AF_INET);
	cidr_ok("::ffff:192.0.2.0/120", "::ffff:192.0.2.0/120", AF_INET6);
	cidr_ok("2001:db8::1/128", "2001:db8::1/128", AF_INET6);
}

static void test_cidr_host_bits(void **state)
{
	(void)state;
	assert_string_equal(cidr_bad("192.0.2.1/24"),
			    "host bits set: did you mean 192.0.2.0/24?");
	assert_string_equal(cidr_bad("11.0.0.0/7"),
			    "host bits set: did you mean 10.0.0.0/7?");
	assert_string_equal(cidr_bad("2001:db8::1/32"),
			    "host bits set: did you mean 2001:db8::/32?");
	assert_string_equal(cidr_bad("1.0.0.0/0"),
			    "host bits set: did you mean 0.0.0.0/0?");
	assert_string_equal(cidr_bad("2001:db8:0:1::/63"),
			    "host bits set: did you mean 2001:db8::/63?");
}

static void test_cidr_length_strict(void **state)
{
	(void)state;
	assert_string_equal(cidr_bad("192.0.2.0/33"),
			    "prefix length 33 out of range for IPv4 (0-32)");
	assert_string_equal(cidr_bad("2001:db8::/129"),
			    "prefix length 129 out of range for IPv6 (0-128)");
	assert_has(cidr_bad("192.0.2.0/1234"), "out of range for IPv4");
	/* would wrap a 32-bit int */
	assert_has(cidr_bad("0.0.0.0/4294967296"), "out of range");
	assert_string_equal(cidr_bad("192.0.2.0/"),
			    "missing prefix length after '/'");
	assert_string_equal(cidr_bad("/24"), "missing address before '/'");
	/* no octal, no "24 == 024" */
	assert_string_equal(cidr_bad("10.0.0.0/033"),
			    "prefix length has a leading zero: '033'");
	assert_has(cidr_bad("0.0.0.0/00"), "leading zero");
	assert_has(cidr_bad("192.0.2.0/024"), "leading zero");
	assert_string_equal(cidr_bad("192.0.2.0/+24"),
			    "prefix length must be a decimal number 0-32: '+24'");
	assert_has(cidr_bad("192.0.2.0/-1"), "decimal number 0-32");
	assert_has(cidr_bad("192.0.2.0/ 24"), "decimal number 0-32");
	assert_has(cidr_bad("192.0.2.0/24 "), "decimal number 0-32");
	assert_has(cidr_bad("192.0.2.0/2a"), "decimal number 0-32");
	assert_has(cidr_bad("2001:db8::/0x20"), "decimal number 0-128");
	assert_has(cidr_bad("192.0.2.0/24/24"), "decimal number 0-32");
	assert_has(cidr_bad("192.0.2.0/٢٤"), "decimal number");
	assert_string_equal(cidr_bad("192.0.2.0/255.255.255.0"),
			    "netmask notation is not accepted: write /24");
	/* not a netmask (holes): plain complaint */
	assert_has(cidr_bad("192.0.2.0/255.0.255.0"), "decimal number 0-32");
	assert_string_equal(cidr_bad(""), "empty prefix");
	assert_has(cidr_bad("192.0.2.0 /24"), "not an IP address");
}

static void test_arg_forms(void **state)
{
	struct s25_prefix_vec v = { 0 };

	(void)state;
	assert_int_equal(arg_ok("192.0.2.0/24", &v), 1);
	assert_int_equal(arg_ok("2001:db8::5", &v), 2);
	assert_int_equal(arg_ok("192.0.2.1-192.0.2.2", &v), 4);
	/* appends: earlier entries stay */
	assert_vec(&v, "192.0.2.0/24", "2001:db8::5/128", "192.0.2.1/32",
		   "192.0.2.2/32", NULL);
	s25_prefix_vec_free(&v);
	assert_null(v.v);
}

static void test_arg_junk(void **state)
{
	(void)state;
	assert_string_equal(arg_bad("", 0), "empty prefix");
	assert_string_equal(arg_bad(" 192.0.2.0/24", 13),
			    "blank before or after the prefix");
	assert_string_equal(arg_bad("192.0.2.0/24\t", 13),
			    "blank before or after the prefix");
	assert_string_equal(arg_bad("192.0.2.0/24 198.51.100.0/24", 28),
			    "junk after '192.0.2.0/24': '198.51.100.0/24'");
	assert_string_equal(arg_bad("192.0.2.1  ; SBL1", 17),
			    "junk after '192.0.2.1': '; SBL1'");
	assert_has(arg_bad("192.0.2.0/24#x", 14), "decimal number");
	assert_has(arg_bad("garbage", 7), "not an IP address: 'garbage'");
	assert_has(arg_bad("192.0.2.0/24,", 13), "decimal number");
	assert_has(arg_bad("192.0.2.1\0", 10), "NUL byte");
	assert_has(arg_bad("1.2.3.4-", 8), "range has no last address");
	assert_has(arg_bad("192.0.2.5-192.0.2.1", 19), "reversed range");
}

static void test_arg_failure_keeps_vec(void **state)
{
	struct s25_prefix_vec v = { 0 };
	char err[S25_ERRLEN];

	(void)state;
	arg_ok("192.0.2.0/24", &v);
	assert_int_equal(s25_prefix_arg_parse("10.0.0.1/8", 10, &v, err,
					      sizeof(err)), -1);
	assert_int_equal(s25_prefix_arg_parse("10.0.0.9-10.0.0.1", 17, &v,
					      err, sizeof(err)), -1);
	assert_vec(&v, "192.0.2.0/24", NULL);
	s25_prefix_vec_free(&v);
}

static void test_format_and_cmp(void **state)
{
	struct s25_prefix a, b;
	char buf[S25_PREFIX_STRLEN];

	(void)state;
	assert_int_equal(s25_cidr_parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
					39, &a, NULL, 0), 0);
	assert_string_equal(s25_prefix_format(&a, buf),
			    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");
	s25_cidr_parse("10.0.0.0/8", 10, &a, NULL, 0);
	s25_cidr_parse("10.0.0.0/16", 11, &b, NULL, 0);
	assert_true(s25_prefix_cmp(&a, &b) < 0);
	assert_true(s25_prefix_cmp(&b, &a) > 0);
	assert_int_equal(s25_prefix_cmp(&a, &a), 0);
	s25_cidr_parse("::/0", 4, &b, NULL, 0);
	assert_true(s25_prefix_cmp(&a, &b) < 0);	/* IPv4 first */
	s25_cidr_parse("9.0.0.0/8", 9, &b, NULL, 0);
	assert_true(s25_prefix_cmp(&a, &b) > 0);
	assert_int_equal(s25_family_bits(AF_INET), 32);
	assert_int_equal(s25_family_bits(AF_INET6), 128);
	assert_int_equal(s25_family_bits(AF_UNIX), 0);
}

static void test_vec_reserve(void **state)
{
	struct s25_prefix_vec v = { 0 };
	struct s25_prefix p = { .family = AF_INET, .plen = 32 };
	size_t i;

	(void)state;
	assert_int_equal(s25_prefix_vec_reserve(&v, 1000), 0);
	assert_true(v.cap >= 1000);
	for (i = 0; i < 5000; i++) {
		p.addr[3] = (unsigned char)i;
		assert_int_equal(s25_prefix_vec_push(&v, &p), 0);
	}
	assert_int_equal(v.len, 5000);
	assert_int_equal(v.v[4999].addr[3], (unsigned char)4999);
	assert_int_equal(s25_prefix_vec_reserve(&v, SIZE_MAX / 2), -1);
	assert_int_equal(v.len, 5000);
	s25_prefix_vec_free(&v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_good),
		cmocka_unit_test(test_addr_bad),
		cmocka_unit_test(test_addr_quote_sanitized),
		cmocka_unit_test(test_cidr_good),
		cmocka_unit_test(test_cidr_host_bits),
		cmocka_unit_test(test_cidr_length_strict),
		cmocka_unit_test(test_arg_forms),
		cmocka_unit_test(test_arg_junk),
		cmocka_unit_test(test_arg_failure_keeps_vec),
		cmocka_unit_test(test_format_and_cmp),
		cmocka_unit_test(test_vec_reserve),
	};

	return cmocka_run_group_tests_name("prefix", tests, NULL, NULL);
}
