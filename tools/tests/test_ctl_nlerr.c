// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The kernel's ACKs and errors, built here the way netlink_ack() and
 * netlink_dump_done() lay them out, decoded by ctl_nlerr_parse().
 */
#include <errno.h>
#include <sys/socket.h>

#include "testutil.h"

#include <linux/netlink.h>
#include <linux/smtp25.h>

#include "msg.h"
#include "nlerr.h"

static char buf[8192];

struct tlvs {
	const char *msg;	/* NULL: none */
	bool offs;
	uint32_t off;
	const void *cookie;
	size_t cookie_len;
};

static void put_tlvs(struct nlmsghdr *nlh, const struct tlvs *t)
{
	if (!t)
		return;
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	if (t->msg)
		mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, t->msg);
	if (t->offs)
		mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, t->off);
	if (t->cookie)
		mnl_attr_put(nlh, NLMSGERR_ATTR_COOKIE, t->cookie_len,
			     t->cookie);
}

/*
 * An NLMSG_ERROR for request seq: capped (NETLINK_CAP_ACK: the request's
 * header only) or carrying request_len bytes of the request after it.
 */
static struct nlmsghdr *error_msg(int error, uint32_t seq, bool capped,
				  uint32_t request_len, const struct tlvs *t)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlmsgerr *err;
	char *echo;

	nlh->nlmsg_type = NLMSG_ERROR;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = -error;
	err->msg.nlmsg_len = request_len;
	err->msg.nlmsg_seq = seq;
	err->msg.nlmsg_type = 30;
	if (capped) {
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	} else {
		echo = mnl_nlmsg_put_extra_header(nlh, request_len -
						  sizeof(struct nlmsghdr));
		memset(echo, 0xee, request_len - sizeof(struct nlmsghdr));
	}
	put_tlvs(nlh, t);
	return nlh;
}

static void test_ack(void **state)
{
	struct ctl_nlerr e;

	(void)state;
	assert_int_equal(ctl_nlerr_parse(error_msg(0, 9, true, 64, NULL), &e), 0);
	assert_int_equal(e.error, 0);
	assert_int_equal(e.seq, 9);
	assert_string_equal(e.msg, "");
	assert_false(e.has_offset);
	assert_false(e.has_prefix);
}

static void test_plain_error(void **state)
{
	struct ctl_nlerr e;

	(void)state;
	assert_int_equal(ctl_nlerr_parse(error_msg(EPERM, 3, true, 32, NULL),
					 &e), 0);
	assert_int_equal(e.error, EPERM);
	assert_int_equal(e.seq, 3);
	assert_string_equal(e.msg, "");
}

static void test_extack(void **state)
{
	struct smtp25_err_prefix cookie = {
		.family = AF_INET, .plen = 24, .addr = { 192, 0, 2, 0 },
	};
	struct tlvs t = {
		.msg = "prefix is already in a pool", .offs = true, .off = 44,
		.cookie = &cookie, .cookie_len = sizeof(cookie),
	};
	char pb[S25_PREFIX_STRLEN];
	struct ctl_nlerr e;

	(void)state;
	assert_int_equal(ctl_nlerr_parse(error_msg(EEXIST, 5, true, 100, &t),
					 &e), 0);
	assert_int_equal(e.error, EEXIST);
	assert_string_equal(e.msg, "prefix is already in a pool");
	assert_true(e.has_offset);
	assert_int_equal(e.offset, 44);
	assert_true(e.has_prefix);
	assert_string_equal(s25_prefix_format(&e.prefix, pb), "192.0.2.0/24");
}

/* Without NETLINK_CAP_ACK the request comes back before the TLVs. */
static void test_uncapped(void **state)
{
	struct smtp25_err_prefix cookie = {
		.family = AF_INET6, .plen = 32, .addr = { 0x20, 0x01, 0x0d, 0xb8 },
	};
	struct tlvs t = {
		.msg = "host bits set", .cookie = &cookie,
		.cookie_len = sizeof(cookie),
	};
	char pb[S25_PREFIX_STRLEN];
	struct ctl_nlerr e;

	(void)state;
	assert_int_equal(ctl_nlerr_parse(error_msg(EINVAL, 5, false, 1024, &t),
					 &e), 0);
	assert_int_equal(e.error, EINVAL);
	assert_string_equal(e.msg, "host bits set");
	assert_false(e.has_offset);
	assert_true(e.has_prefix);
	assert_string_equal(s25_prefix_format(&e.prefix, pb), "2001:db8::/32");
}

static void test_bad_cookies(void **state)
{
	struct smtp25_err_prefix bad_family = { .family = 99, .plen = 8 };
	struct smtp25_err_prefix bad_len = { .family = AF_INET, .plen = 33 };
	struct tlvs t = { .msg = "m" };
	struct ctl_nlerr e;

	(void)state;
	t.cookie = &bad_family;
	t.cookie_len = sizeof(bad_family);
	ctl_nlerr_parse(error_msg(EINVAL, 1, true, 32, &t), &e);
	assert_false(e.has_prefix);
	t.cookie = &bad_len;
	ctl_nlerr_parse(error_msg(EINVAL, 1, true, 32, &t), &e);
	assert_false(e.has_prefix);
	t.cookie_len = 3;	/* short: some other subsystem's cookie */
	ctl_nlerr_parse(error_msg(EINVAL, 1, true, 32, &t), &e);
	assert_false(e.has_prefix);
	assert_string_equal(e.msg, "m");
}

/* A message without its NUL is not trusted as a string. */
static void test_unterminated_message(void **state)
{
	struct nlmsghdr *nlh = error_msg(EINVAL, 1, true, 32, NULL);
	struct ctl_nlerr e;

	(void)state;
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 4, "abcd");
	assert_int_equal(ctl_nlerr_parse(nlh, &e), 0);
	assert_int_equal(e.error, EINVAL);
	assert_string_equal(e.msg, "");
}

static void test_long_message_is_cut(void **state)
{
	char msg[1000];
	struct tlvs t = { .msg = msg };
	struct ctl_nlerr e;

	(void)state;
	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	ctl_nlerr_parse(error_msg(EINVAL, 1, true, 32, &t), &e);
	assert_int_equal(strlen(e.msg), sizeof(e.msg) - 1);
}

static void test_truncated(void **state)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ctl_nlerr e;

	(void)state;
	nlh->nlmsg_type = NLMSG_ERROR;
	mnl_nlmsg_put_extra_header(nlh, 8);	/* shorter than nlmsgerr */
	assert_int_equal(ctl_nlerr_parse(nlh, &e), -1);
}

/* The end of a dump: NLMSG_DONE with a status and, since 6.x, TLVs. */
static void test_done(void **state)
{
	struct nlmsghdr *nlh;
	struct ctl_nlerr e;
	int *status;

	(void)state;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_seq = 12;
	status = mnl_nlmsg_put_extra_header(nlh, sizeof(int));
	*status = 0;
	assert_int_equal(ctl_nlerr_parse(nlh, &e), 0);
	assert_int_equal(e.error, 0);
	assert_int_equal(e.seq, 12);

	*status = -ENOENT;
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "no pool of this name");
	assert_int_equal(ctl_nlerr_parse(nlh, &e), 0);
	assert_int_equal(e.error, ENOENT);
	assert_string_equal(e.msg, "no pool of this name");

	/* a DONE with no status at all (very old kernels) ends cleanly */
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = NLMSG_DONE;
	assert_int_equal(ctl_nlerr_parse(nlh, &e), 0);
	assert_int_equal(e.error, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ack),
		cmocka_unit_test(test_plain_error),
		cmocka_unit_test(test_extack),
		cmocka_unit_test(test_uncapped),
		cmocka_unit_test(test_bad_cookies),
		cmocka_unit_test(test_unterminated_message),
		cmocka_unit_test(test_long_message_is_cut),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_done),
	};

	return cmocka_run_group_tests_name("ctl_nlerr", tests, NULL, NULL);
}
