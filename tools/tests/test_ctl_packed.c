// SPDX-License-Identifier: GPL-2.0-or-later
/* The packed prefix attributes of REPLACE_ADD, byte by byte. */
#include <sys/socket.h>

#include "testutil.h"

#include <linux/genetlink.h>

#include "msg.h"
#include "packed.h"

static char buf[2 * CTL_MSG_MAX];

static struct s25_prefix pfx(int family, unsigned int i, unsigned int plen)
{
	struct s25_prefix p = { .family = family, .plen = (unsigned char)plen };

	p.addr[0] = (unsigned char)(i >> 16);
	p.addr[1] = (unsigned char)(i >> 8);
	p.addr[2] = (unsigned char)i;
	if (family == AF_INET6)
		p.addr[15] = 0x77;
	return p;
}

/* The one attribute after the pool name, checked as the kernel parses. */
static const struct nlattr *packed_attr(const struct nlmsghdr *nlh)
{
	const struct nlattr *attr, *found = NULL;

	mnl_attr_for_each(attr, nlh, sizeof(struct genlmsghdr)) {
		if (mnl_attr_get_type(attr) == SMTP25_A_POOL_NAME)
			continue;
		assert_null(found);
		found = attr;
	}
	assert_non_null(found);
	return found;
}

static struct nlmsghdr *start(void)
{
	struct nlmsghdr *nlh;

	nlh = ctl_msg_start(buf, 0x20, SMTP25_CMD_REPLACE_ADD, NLM_F_ACK, 1);
	ctl_msg_put_pool(nlh, "dyn");
	return nlh;
}

static void test_packed_v4_then_v6(void **state)
{
	struct s25_prefix v[5] = {
		pfx(AF_INET, 1, 24), pfx(AF_INET, 2, 24), pfx(AF_INET, 3, 32),
		pfx(AF_INET6, 4, 48), pfx(AF_INET6, 5, 128),
	};
	const unsigned char *d;
	const struct nlattr *a;
	struct nlmsghdr *nlh;

	(void)state;
	/* IPv4 first: it stops before the first IPv6 prefix */
	nlh = start();
	assert_int_equal(ctl_msg_put_packed(nlh, CTL_MSG_MAX, v, 5), 3);
	a = packed_attr(nlh);
	assert_int_equal(mnl_attr_get_type(a), SMTP25_A_PACKED4);
	assert_int_equal(mnl_attr_get_payload_len(a), 3 * SMTP25_PACKED4_LEN);
	d = mnl_attr_get_payload(a);
	assert_memory_equal(d, v[0].addr, 4);
	assert_int_equal(d[4], 24);
	assert_memory_equal(d + 10, v[2].addr, 4);
	assert_int_equal(d[14], 32);
	/* the padding is zero, and the message ends with the attribute */
	assert_int_equal(d[15], 0);
	assert_int_equal(nlh->nlmsg_len,
			 (const char *)a - (const char *)nlh +
			 MNL_ALIGN(a->nla_len));

	nlh = start();
	assert_int_equal(ctl_msg_put_packed(nlh, CTL_MSG_MAX, v + 3, 2), 2);
	a = packed_attr(nlh);
	assert_int_equal(mnl_attr_get_type(a), SMTP25_A_PACKED6);
	assert_int_equal(mnl_attr_get_payload_len(a), 2 * SMTP25_PACKED6_LEN);
	d = mnl_attr_get_payload(a);
	assert_memory_equal(d, v[3].addr, 16);
	assert_int_equal(d[16], 48);
	assert_memory_equal(d + 17, v[4].addr, 16);
	assert_int_equal(d[33], 128);
	assert_int_equal(d[34], 0);
	assert_int_equal(d[35], 0);
}

/* Full messages: as many as fit, never over the limit or 64 KiB. */
static void test_packed_limits(void **state)
{
	static struct s25_prefix v[20000];
	struct nlmsghdr *nlh;
	size_t i, n, max, rec, head;
	int f;

	(void)state;
	for (f = 0; f < 2; f++) {
		for (i = 0; i < 20000; i++)
			v[i] = pfx(f ? AF_INET6 : AF_INET, (unsigned int)i, 24);
		for (max = 100; max <= CTL_MSG_MAX + 1000; max += 977) {
			nlh = start();
			n = ctl_msg_put_packed(nlh, max, v, 20000);
			assert_true(nlh->nlmsg_len <= max ||
				    (n == 0 && max < CTL_MSG_MAX));
			assert_true(nlh->nlmsg_len <= CTL_MSG_MAX);
			if (!n)
				continue;
			/* one more would not have fit, padding included */
			rec = f ? 17 : 5;
			head = nlh->nlmsg_len - MNL_ALIGN(MNL_ATTR_HDRLEN + n * rec);
			assert_true(head + MNL_ALIGN(MNL_ATTR_HDRLEN + (n + 1) * rec) >
				    (max < CTL_MSG_MAX ? max : CTL_MSG_MAX));
			assert_int_equal(mnl_attr_get_payload_len(packed_attr(nlh)),
					 n * (f ? 17 : 5));
		}
	}
	nlh = start();
	assert_int_equal(ctl_msg_put_packed(nlh, CTL_MSG_MAX, v, 0), 0);
	assert_int_equal(ctl_msg_put_packed(nlh, nlh->nlmsg_len + 8, v, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packed_v4_then_v6),
		cmocka_unit_test(test_packed_limits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
