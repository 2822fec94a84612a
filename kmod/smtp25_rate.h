/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMTP25_RATE_H
#define _SMTP25_RATE_H

#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/types.h>

/*
 * Rate limits: a token bucket that holds at most @count events and
 * refills at @count per @period seconds.
 *
 * An event costs @period * HZ units of credit and every jiffy adds @count
 * units: exact integer arithmetic, no division on the packet path. The
 * largest values (count 10^9, period 86400 s, HZ 1000) stay below 2^57.
 * Callers serialize access to a bucket.
 */
#define SMTP25_RATE_COUNT_MAX	1000000000U

struct smtp25_rate {
	u32 count;		/* 0: no limit */
	u32 period;		/* seconds */
};

struct smtp25_bucket {
	u64 credit;
	unsigned long stamp;	/* jiffies of the last refill */
};

/* A rate in one word, so the packet path reads a consistent pair. */
static inline u64 smtp25_rate_pack(struct smtp25_rate r)
{
	return (u64)r.count << 32 | r.period;
}

static inline struct smtp25_rate smtp25_rate_unpack(u64 v)
{
	return (struct smtp25_rate){ .count = v >> 32, .period = (u32)v };
}

static inline u64 smtp25_rate_cost(struct smtp25_rate r)
{
	return (u64)r.period * HZ;
}

/* A new bucket is full: the first burst of up to @count events passes. */
static inline void smtp25_bucket_init(struct smtp25_bucket *b,
				      unsigned long now)
{
	b->credit = U64_MAX;
	b->stamp = now;
}

/* Refills @b up to @now; true if one event fits. */
static inline bool smtp25_bucket_refill(struct smtp25_bucket *b,
					struct smtp25_rate r, unsigned long now)
{
	u64 cost = smtp25_rate_cost(r), cap = (u64)r.count * cost;
	unsigned long elapsed = now - b->stamp;

	b->stamp = now;
	if (elapsed >= cost || b->credit >= cap)
		b->credit = cap;
	else
		b->credit = min(cap, b->credit + (u64)elapsed * r.count);
	return b->credit >= cost;
}

static inline void smtp25_bucket_take(struct smtp25_bucket *b,
				      struct smtp25_rate r)
{
	b->credit -= smtp25_rate_cost(r);
}

#endif /* _SMTP25_RATE_H */
