/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside libs25policy: the rule builders (policy_rules.c), the nfnetlink
 * batch they travel in (policy_nl.c) and the policy's layout (policy.c).
 * Not for smtp25ctl; the unit tests use it.
 */
#ifndef S25_POLICY_INT_H
#define S25_POLICY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netfilter.h>

#include "policy.h"

struct nftnl_table;
struct nftnl_chain;
struct nftnl_rule;

/*
 * The family of the policy's table. inet: one table for IPv4 and IPv6;
 * nft_compat runs the xt match there with the packet's own family
 * (checked with real packets in tests/vm/tests/31-nft-policy.sh).
 */
#define S25_POLICY_FAMILY	NFPROTO_INET

/* --- policy_rules.c: the objects, NULL when out of memory ------------- */

struct nftnl_table *s25_table_new(uint32_t family, const char *comment);
struct nftnl_chain *s25_chain_new(uint32_t family, const char *name,
				  uint32_t hooknum);

/*
 * MAAWG 5, for new TCP connections to port 25 (not from an outside
 * interface if forward): relays within their limits pass (only with
 * cfg->account or cfg->limits), and dynamic and quarantined sources, and
 * relays over their limits, are refused.
 */
struct nftnl_rule *s25_rule_relay_pass(uint32_t family, const char *chain,
				       const struct s25_policy_cfg *cfg,
				       bool forward);
struct nftnl_rule *s25_rule_no_smtp_out(uint32_t family, const char *chain,
					const struct s25_policy_cfg *cfg,
					bool forward);

/* MAAWG 6: TCP from port 25 arriving on ifname, into dynamic space. */
struct nftnl_rule *s25_rule_no_smtp_in(uint32_t family, const char *chain,
				       const char *ifname);

/* --- policy_nl.c: one nfnetlink transaction --------------------------- */

struct s25_batch;

struct s25_batch *s25_batch_new(void);
void s25_batch_free(struct s25_batch *b);

/*
 * Appends one message (NFT_MSG_NEWTABLE, NFT_MSG_DELTABLE, ...) built from
 * the object; what names it in error messages (a string that outlives b).
 * Returns 0, or -ENOSPC when the batch is full.
 */
int s25_batch_table(struct s25_batch *b, uint16_t type, uint16_t flags,
		    const struct nftnl_table *t, const char *what);
int s25_batch_chain(struct s25_batch *b, uint16_t flags,
		    const struct nftnl_chain *c, const char *what);
int s25_batch_rule(struct s25_batch *b, uint16_t flags,
		   const struct nftnl_rule *r, const char *what);

/*
 * Sends the batch as one transaction and waits for every answer: all of
 * it is applied, or none. On error, err names the first failing message.
 */
int s25_batch_send(struct s25_batch *b, char *err, size_t errlen);

/* The messages so far, from BATCH_BEGIN on (for tests). */
const void *s25_batch_data(const struct s25_batch *b, size_t *len);

/* Asks generic netlink for the family "smtp25" so the module autoloads. */
void s25_module_autoload(void);

/* --- policy.c ---------------------------------------------------------- */

/* The whole replacement of the table: the messages s25_policy_apply sends. */
int s25_batch_policy(struct s25_batch *b, const struct s25_policy_cfg *cfg,
		     uint32_t family);

#endif /* S25_POLICY_INT_H */
