/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The MAAWG port 25 policy as an nftables table that smtp25 owns:
 * "table inet smtp25", built with libnftnl and installed or removed in one
 * nfnetlink transaction, in the caller's network namespace. Link with
 * libs25policy.a and $(pkg-config --libs libnftnl libmnl).
 *
 *   chain forward (hook forward, priority filter):
 *     MAAWG practice 5, for TCP SYNs to port 25 that do not arrive on an
 *     outside interface:
 *       source of type relay (within its pool's limits)
 *           -> (record allowed), counter, accept     [account or limits]
 *       source of type dynamic or quarantine (or a relay over its limits)
 *           -> (record blocked), counter, reject
 *     for each outside interface: tcp sport 25 arriving there, destination
 *         of type dynamic or quarantine -> counter, drop  (practice 6)
 *   chain output (hook output, priority filter):
 *     the practice 5 rules again, for the router's own sockets
 *
 * Pool types come from the xt match "smtp25" (nft_compat), so the pools
 * of the namespace decide; the most specific prefix wins, so a relay /32
 * inside a dynamic /16 is a relay. Recording and limits need revision 1
 * of the match; without them the table uses revision 0 only. Ports 587
 * and 465 are never touched. Every rule has a counter and a comment.
 *
 * Every function returns 0 or a negative errno and, on error, writes a
 * sentence into err (errlen bytes, NUL-terminated).
 */
#ifndef S25_POLICY_H
#define S25_POLICY_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

#define S25_POLICY_CONF		"/etc/smtp25/policy.conf"
#define S25_POLICY_TABLE	"smtp25"
#define S25_POLICY_MAX_OUTSIDE	32

enum s25_reject {
	S25_REJECT_TCP_RESET,	/* "tcp-reset": the client fails at once */
	S25_REJECT_ICMP,	/* "icmp": administratively prohibited */
	S25_REJECT_DROP,	/* "drop": the client times out */
};

struct s25_policy_cfg {
	/* Interfaces facing the Internet; "name*" matches a prefix. */
	char outside[S25_POLICY_MAX_OUTSIDE][IFNAMSIZ];
	unsigned int n_outside;
	enum s25_reject reject;
	bool account;		/* record every attempt (--record) */
	bool limits;		/* refuse relays over their limits (--over-limit) */
};

/*
 * The defaults: no outside interface, reject with tcp-reset, account and
 * limits on.
 */
void s25_policy_cfg_init(struct s25_policy_cfg *cfg);

/*
 * Reads a config file (key = value lines, see smtp25-policy.conf(5)) over
 * the defaults. path NULL means S25_POLICY_CONF.
 */
int s25_policy_cfg_load(const char *path, struct s25_policy_cfg *cfg,
			char *err, size_t errlen);

/* The same from a string; name is used in messages ("FILE:LINE: ..."). */
int s25_policy_cfg_parse(const char *text, const char *name,
			 struct s25_policy_cfg *cfg, char *err, size_t errlen);

/* Replaces the smtp25 table (if any) by the policy, atomically. */
int s25_policy_apply(const struct s25_policy_cfg *cfg, char *err,
		     size_t errlen);

/* Deletes the smtp25 table; succeeds if there is none. */
int s25_policy_remove(char *err, size_t errlen);

#endif /* S25_POLICY_H */
