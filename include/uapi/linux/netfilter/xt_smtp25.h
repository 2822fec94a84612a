/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * The xt match "smtp25", revision 0: tests the pools that cover a packet's
 * source and destination addresses, looked up in the rule's network
 * namespace. Every option given must hold; each can be negated.
 *
 *   --src-type TYPE[,TYPE...]  the source's pool type is one of these,
 *                              where SMTP25_POOL_NONE means no pool
 *                              covers it
 *   --dst-type TYPE[,TYPE...]  the same for the destination
 *   --src-pool NAME            the source is in the pool NAME
 *   --dst-pool NAME            the destination is in the pool NAME
 *
 * (Not --src/--dst: iptables takes those as -s/-d before a match sees
 * them.)
 *
 * A rule may name a pool that does not exist (yet): it does not match
 * until the pool exists, so rules and pools can be restored in any order.
 *
 * Revision 1 adds, for the source host of new port-25 connections (give
 * them after -p tcp --dport 25 --syn or -m conntrack --ctstate NEW):
 *
 *   --over-limit               the source host, or its pool as a whole, is
 *                              over the pool's rate limit; when it is not,
 *                              the attempt takes one unit from both (so one
 *                              rule per attempt should carry this test)
 *   --record blocked|allowed   counts the attempt in the host's entry of
 *                              the accounting table, as the rule's verdict
 *                              says; blocked attempts count towards the
 *                              pool's quarantine thresholds. It acts only
 *                              when every other option of the rule holds,
 *                              and always holds itself.
 *
 * Options are tested in this order: types and pools, then --over-limit,
 * then --record.
 */
#ifndef _UAPI_XT_SMTP25_H
#define _UAPI_XT_SMTP25_H

#include <linux/types.h>
#include <linux/smtp25.h>

enum {
	XT_SMTP25_SRC		= 1 << 0,	/* src_types holds */
	XT_SMTP25_DST		= 1 << 1,	/* dst_types holds */
	XT_SMTP25_SRC_POOL	= 1 << 2,	/* src_pool holds */
	XT_SMTP25_DST_POOL	= 1 << 3,	/* dst_pool holds */
	XT_SMTP25_ALL		= (1 << 4) - 1,
	/* revision 1 */
	XT_SMTP25_OVER_LIMIT	= 1 << 4,	/* --over-limit */
	XT_SMTP25_RECORD	= 1 << 5,	/* --record, never negated */
	XT_SMTP25_ALL_V1	= (1 << 6) - 1,
};

/* What --record counts the attempt as. */
enum xt_smtp25_record {
	XT_SMTP25_RECORD_NONE,
	XT_SMTP25_RECORD_BLOCKED,
	XT_SMTP25_RECORD_ALLOWED,
};

/* A set of pool types: bit (1 << enum smtp25_pool_type). */
#define XT_SMTP25_TYPES_ALL	((1 << (SMTP25_POOL_TYPE_MAX + 1)) - 1)

struct xt_smtp25_info {
	__u8 flags;				/* XT_SMTP25_*: options given */
	__u8 invert;				/* XT_SMTP25_*: options negated */
	__u8 src_types;
	__u8 dst_types;
	char src_pool[SMTP25_POOL_NAME_LEN];
	char dst_pool[SMTP25_POOL_NAME_LEN];
};

struct xt_smtp25_info_v1 {
	__u16 flags;				/* XT_SMTP25_*: options given */
	__u16 invert;				/* XT_SMTP25_*: options negated */
	__u8 src_types;
	__u8 dst_types;
	__u8 record;				/* enum xt_smtp25_record */
	__u8 reserved;				/* zero */
	char src_pool[SMTP25_POOL_NAME_LEN];
	char dst_pool[SMTP25_POOL_NAME_LEN];
};

#endif /* _UAPI_XT_SMTP25_H */
