/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smtp25 requests built into a caller's buffer, and the parts of replies
 * every command decodes.  Nothing here talks to the kernel, so all of it
 * is unit-tested.
 */
#ifndef CTL_MSG_H
#define CTL_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libmnl/libmnl.h>
#include <linux/smtp25.h>

#include "prefix.h"
#include "settings.h"

/*
 * Largest request smtp25ctl builds.  An attribute's length is 16 bits, so
 * SMTP25_A_PREFIXES (and with it the message) must stay under 64 KiB.
 */
#define CTL_MSG_MAX 65532

/* Bytes one prefix takes inside SMTP25_A_PREFIXES. */
size_t ctl_prefix_attr_size(const struct s25_prefix *p);

/*
 * Start a request: nlmsghdr (type family, flags NLM_F_REQUEST | flags,
 * sequence seq) and the genetlink header for cmd, in buf: CTL_MSG_MAX
 * bytes, which are zeroed first.
 */
struct nlmsghdr *ctl_msg_start(void *buf, uint16_t family, uint8_t cmd,
			       uint16_t flags, uint32_t seq);

void ctl_msg_put_pool(struct nlmsghdr *nlh, const char *name);

/* SMTP25_A_ADDR: 4 bytes for AF_INET, else 16. */
void ctl_msg_put_addr(struct nlmsghdr *nlh, int family,
		      const unsigned char *addr);

/* One prefix as an SMTP25_A_PREFIX nest (ADDR and PLEN). */
void ctl_msg_put_prefix(struct nlmsghdr *nlh, uint16_t type,
			const struct s25_prefix *p);

/*
 * Put as many of v[0 .. n) as fit into one SMTP25_A_PREFIXES nest while
 * the whole message stays within max bytes (at most CTL_MSG_MAX).
 * Returns how many were put; 0 (and nothing put) if n is 0 or not even
 * one fits.
 */
size_t ctl_msg_put_prefixes(struct nlmsghdr *nlh, size_t max,
			    const struct s25_prefix *v, size_t n);

/*
 * Index, among the prefixes of the SMTP25_A_PREFIXES nest of the request
 * nlh, of the prefix nest that contains byte offset off (counted from the
 * start of nlh, as the kernel's NLMSGERR_ATTR_OFFS is).  -1 if off is not
 * inside one.
 */
long ctl_msg_prefix_at(const struct nlmsghdr *nlh, uint32_t off);

/*
 * Decode an SMTP25_A_PREFIX nest (from a reply): *pool is set to its
 * SMTP25_PREFIX_A_POOL, or NULL.  Returns 0, or -1 if it is malformed.
 */
int ctl_msg_get_prefix(const struct nlattr *nest, struct s25_prefix *p,
		       const char **pool);

/* Attributes of a reply (past its genetlink header) into tb, validated. */
#define CTL_TB_SIZE (SMTP25_A_MAX + 1)
int ctl_msg_parse(const struct nlmsghdr *nlh, const struct nlattr *tb[]);

/* A pool as SMTP25_CMD_POOL_GET replies describe it. */
struct ctl_pool {
	char name[SMTP25_POOL_NAME_LEN];
	unsigned int type;
	char comment[SMTP25_COMMENT_LEN];	/* "" if none */
	uint64_t prefixes4, prefixes6;
	uint64_t packets;	/* lookups by smtp25 rules that found it */
	struct ctl_settings settings;	/* .given: what the kernel sent */
	/* the accounting counters; a kernel without them sends none */
	bool has_counters;
	uint64_t blocked, allowed, over_limit, quarantines;
};

/* The settings s gives as POOL_SET attributes (rates as nests). */
void ctl_msg_put_settings(struct nlmsghdr *nlh, const struct ctl_settings *s);

/* Decode a POOL_GET reply.  Returns 0, or -1 if it is malformed. */
int ctl_msg_get_pool(const struct nlmsghdr *nlh, struct ctl_pool *pool);

struct ctl_stats {
	uint64_t prefixes4, prefixes6, memory, generation, max_prefixes;
	uint32_t pools;
	/* the host table and quarantine; a kernel without them sends none */
	bool has_hosts;
	uint32_t hosts, max_hosts, quarantined;
	uint64_t hosts_evicted, hosts_dropped;
};

/* Decode a STATS reply.  Returns 0, or -1 if it is malformed. */
int ctl_msg_get_stats(const struct nlmsghdr *nlh, struct ctl_stats *st);

/* An address (4 or 16 bytes) as text; buf of INET6_ADDRSTRLEN. */
const char *ctl_addr_format(const struct nlattr *attr, char *buf,
			    size_t bufsz);

#endif
