// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s25_policy_apply and s25_policy_remove: the whole table in one
 * transaction. Replacing starts with "add table" (a no-op if it exists)
 * and "delete table", so the delete cannot fail for a missing table and
 * no packet ever sees a half-built or a missing policy.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <linux/netfilter/nf_tables.h>
#include <libnftnl/chain.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "policy_int.h"

#define TABLE_COMMENT	"MAAWG port 25 policy: smtp25ctl policy apply"

/* Any table named smtp25 goes: the name is smtp25's. */
static int batch_drop_table(struct s25_batch *b, uint32_t family)
{
	struct nftnl_table *t = s25_table_new(family, NULL);
	int ret;

	if (!t)
		return -ENOMEM;
	ret = s25_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE, t,
			      "table " S25_POLICY_TABLE);
	if (!ret)
		ret = s25_batch_table(b, NFT_MSG_DELTABLE, 0, t,
				      "deleting table " S25_POLICY_TABLE);
	nftnl_table_free(t);
	return ret;
}

static int batch_chain(struct s25_batch *b, uint32_t family, const char *name,
		       uint32_t hook, const char *what)
{
	struct nftnl_chain *c = s25_chain_new(family, name, hook);
	int ret;

	if (!c)
		return -ENOMEM;
	ret = s25_batch_chain(b, NLM_F_CREATE | NLM_F_EXCL, c, what);
	nftnl_chain_free(c);
	return ret;
}

static int batch_rule(struct s25_batch *b, struct nftnl_rule *r,
		      const char *what)
{
	int ret;

	if (!r)
		return -ENOMEM;
	ret = s25_batch_rule(b, NLM_F_CREATE | NLM_F_APPEND, r, what);
	nftnl_rule_free(r);
	return ret;
}

/* Error messages name a failing rule by these (strings that outlive b). */
struct chain_words {
	const char *name, *relays, *refuse, *refuse_rev1;
};

static const struct chain_words forward_words = {
	"forward",
	"forward: the MAAWG 5 rule for relays (xt match smtp25 revision 1, "
	"for account and limits)",
	"forward: the MAAWG 5 rule (xt match smtp25)",
	"forward: the MAAWG 5 rule (xt match smtp25 revision 1, for account "
	"and limits)",
};

static const struct chain_words output_words = {
	"output",
	"output: the MAAWG 5 rule for relays (xt match smtp25 revision 1, "
	"for account and limits)",
	"output: the MAAWG 5 rule (xt match smtp25)",
	"output: the MAAWG 5 rule (xt match smtp25 revision 1, for account "
	"and limits)",
};

/*
 * Practice 5 in one chain: at most two rules, so that an attempt costs
 * one pool lookup if it is a relay's within its limits (the bulk of the
 * ISP's legitimate mail) and two otherwise. Dynamic sources first would
 * cost them one lookup and relays two or three, with one rule more.
 */
static int batch_practice5(struct s25_batch *b,
			   const struct s25_policy_cfg *cfg, uint32_t family,
			   const struct chain_words *w, bool forward)
{
	bool rev1 = cfg->account || cfg->limits;
	int ret = 0;

	if (rev1)
		ret = batch_rule(b, s25_rule_relay_pass(family, w->name, cfg,
							forward), w->relays);
	if (!ret)
		ret = batch_rule(b, s25_rule_no_smtp_out(family, w->name, cfg,
							 forward),
				 rev1 ? w->refuse_rev1 : w->refuse);
	return ret;
}

int s25_batch_policy(struct s25_batch *b, const struct s25_policy_cfg *cfg,
		     uint32_t family)
{
	struct nftnl_table *t;
	unsigned int i;
	int ret;

	ret = batch_drop_table(b, family);
	if (ret)
		return ret;
	t = s25_table_new(family, TABLE_COMMENT);
	if (!t)
		return -ENOMEM;
	ret = s25_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE | NLM_F_EXCL,
			      t, "creating table " S25_POLICY_TABLE);
	nftnl_table_free(t);
	if (ret)
		return ret;
	ret = batch_chain(b, family, "forward", NF_INET_FORWARD,
			  "chain forward");
	if (!ret)
		ret = batch_practice5(b, cfg, family, &forward_words, true);
	for (i = 0; !ret && i < cfg->n_outside; i++)
		ret = batch_rule(b, s25_rule_no_smtp_in(family, "forward",
							cfg->outside[i]),
				 "forward: a MAAWG 6 rule (xt match smtp25)");
	if (!ret)
		ret = batch_chain(b, family, "output", NF_INET_LOCAL_OUT,
				  "chain output");
	if (!ret)
		ret = batch_practice5(b, cfg, family, &output_words, false);
	return ret;
}

/* A cfg filled in by hand, not by s25_policy_cfg_load, may be anything. */
static bool cfg_sane(const struct s25_policy_cfg *cfg)
{
	unsigned int i;

	if (cfg->n_outside > S25_POLICY_MAX_OUTSIDE ||
	    cfg->reject > S25_REJECT_DROP)
		return false;
	for (i = 0; i < cfg->n_outside; i++)
		if (!cfg->outside[i][0] ||
		    !memchr(cfg->outside[i], '\0', IFNAMSIZ))
			return false;
	return true;
}

static int send_or_say(struct s25_batch *b, int ret, char *err, size_t errlen)
{
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	else if (ret)
		snprintf(err, errlen, "building the nf_tables batch: %s",
			 strerror(-ret));
	else
		ret = s25_batch_send(b, err, errlen);
	s25_batch_free(b);
	return ret;
}

int s25_policy_apply(const struct s25_policy_cfg *cfg, char *err,
		     size_t errlen)
{
	struct s25_batch *b;

	if (!cfg_sane(cfg)) {
		snprintf(err, errlen, "invalid policy configuration");
		return -EINVAL;
	}
	s25_module_autoload();
	b = s25_batch_new();
	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return send_or_say(b, s25_batch_policy(b, cfg, S25_POLICY_FAMILY), err,
			   errlen);
}

int s25_policy_remove(char *err, size_t errlen)
{
	struct s25_batch *b = s25_batch_new();

	if (!b) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return send_or_say(b, batch_drop_table(b, S25_POLICY_FAMILY), err,
			   errlen);
}
