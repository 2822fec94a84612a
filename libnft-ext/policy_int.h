/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Inside libs25policy: the rule builders (policy_rules.c) and the
 * nfnetlink batch they travel in (policy_nl.c). Not for smtp25ctl.
 */
#ifndef S25_POLICY_INT_H
#define S25_POLICY_INT_H

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

/* MAAWG 5: new TCP connections to port 25 from dynamic/quarantine. */
struct nftnl_rule *s25_rule_no_smtp_out(uint32_t family, const char *chain,
					enum s25_reject reject);

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

/* Asks generic netlink for the family "smtp25" so the module autoloads. */
void s25_module_autoload(void);

#endif /* S25_POLICY_INT_H */
