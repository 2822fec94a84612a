// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the token bucket behind smtp25's rate limits
 * (smtp25_rate.h): bursts, refill, the cap, extreme values, jiffies
 * wrapping around and a lowered limit.
 */

#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/limits.h>

#include "smtp25_rate.h"

/* The uapi's SMTP25_PERIOD_MAX: the UML tree has only these files. */
#define T25R_PERIOD_MAX	86400

/* Events that fit at @now, taking each. */
static unsigned int t25r_drain(struct smtp25_bucket *b, struct smtp25_rate r,
			       unsigned long now, unsigned int most)
{
	unsigned int n = 0;

	while (n < most && smtp25_bucket_refill(b, r, now)) {
		smtp25_bucket_take(b, r);
		n++;
	}
	return n;
}

static void t25r_burst(struct kunit *test)
{
	struct smtp25_rate r = { .count = 5, .period = 60 };
	struct smtp25_bucket b;
	unsigned long now = 1000;

	smtp25_bucket_init(&b, now);
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now, 100), 5U);
	KUNIT_EXPECT_FALSE(test, smtp25_bucket_refill(&b, r, now));
}

static void t25r_refill(struct kunit *test)
{
	struct smtp25_rate r = { .count = 5, .period = 60 };
	struct smtp25_bucket b;
	unsigned long now = 1000;

	smtp25_bucket_init(&b, now);
	t25r_drain(&b, r, now, 5);
	/* One event every 12 s: not a jiffy earlier. */
	KUNIT_EXPECT_FALSE(test, smtp25_bucket_refill(&b, r, now + 12 * HZ - 1));
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now + 12 * HZ, 100), 1U);
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now + 36 * HZ, 100), 2U);
}

static void t25r_cap(struct kunit *test)
{
	struct smtp25_rate r = { .count = 3, .period = 10 };
	struct smtp25_bucket b;
	unsigned long now = 5;

	smtp25_bucket_init(&b, now);
	t25r_drain(&b, r, now, 3);
	/* Idle for ten periods: still no more than one burst. */
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now + 100 * HZ, 100), 3U);
	/* Idle for a little less than a period: refilled in part. */
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now + 100 * HZ + 7 * HZ, 100),
			2U);
}

static void t25r_extremes(struct kunit *test)
{
	struct smtp25_rate r = {
		.count = SMTP25_RATE_COUNT_MAX, .period = T25R_PERIOD_MAX,
	};
	struct smtp25_rate one = { .count = 1, .period = T25R_PERIOD_MAX };
	struct smtp25_bucket b;
	unsigned long now = 77;

	/* The largest bucket holds its count without overflowing. */
	KUNIT_EXPECT_LT(test, (u64)r.count * smtp25_rate_cost(r), U64_MAX / 2);
	smtp25_bucket_init(&b, now);
	KUNIT_EXPECT_TRUE(test, smtp25_bucket_refill(&b, r, now + ULONG_MAX / 2));
	KUNIT_EXPECT_EQ(test, b.credit, (u64)r.count * smtp25_rate_cost(r));
	/* The smallest rate: one event a day. */
	smtp25_bucket_init(&b, now);
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, one, now, 10), 1U);
	KUNIT_EXPECT_FALSE(test, smtp25_bucket_refill(&b, one,
						      now + 86399UL * HZ));
	KUNIT_EXPECT_TRUE(test, smtp25_bucket_refill(&b, one,
						     now + 86400UL * HZ));
}

static void t25r_wrap(struct kunit *test)
{
	struct smtp25_rate r = { .count = 2, .period = 1 };
	unsigned long now = ULONG_MAX - HZ / 4;
	struct smtp25_bucket b;

	smtp25_bucket_init(&b, now);
	t25r_drain(&b, r, now, 2);
	/* Half a second later jiffies has wrapped: one event is due. */
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, r, now + HZ / 2, 10), 1U);
}

static void t25r_lowered(struct kunit *test)
{
	struct smtp25_rate high = { .count = 100, .period = 60 };
	struct smtp25_rate low = { .count = 2, .period = 60 };
	struct smtp25_bucket b;

	smtp25_bucket_init(&b, 0);
	KUNIT_EXPECT_TRUE(test, smtp25_bucket_refill(&b, high, 0));
	/* A full bucket under a lower limit holds that limit's burst. */
	KUNIT_EXPECT_EQ(test, t25r_drain(&b, low, 1, 100), 2U);
}

static void t25r_pack(struct kunit *test)
{
	struct smtp25_rate r = { .count = 300, .period = 60 }, u;

	u = smtp25_rate_unpack(smtp25_rate_pack(r));
	KUNIT_EXPECT_EQ(test, u.count, 300U);
	KUNIT_EXPECT_EQ(test, u.period, 60U);
	u = smtp25_rate_unpack(0);
	KUNIT_EXPECT_EQ(test, u.count, 0U);
}

static struct kunit_case t25r_cases[] = {
	KUNIT_CASE(t25r_burst),
	KUNIT_CASE(t25r_refill),
	KUNIT_CASE(t25r_cap),
	KUNIT_CASE(t25r_extremes),
	KUNIT_CASE(t25r_wrap),
	KUNIT_CASE(t25r_lowered),
	KUNIT_CASE(t25r_pack),
	{}
};

static struct kunit_suite t25r_suite = {
	.name = "smtp25_rate",
	.test_cases = t25r_cases,
};

kunit_test_suite(t25r_suite);

MODULE_LICENSE("GPL");
