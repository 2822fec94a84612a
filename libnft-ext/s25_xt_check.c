// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * s25-xt-check: hands the kernel match data that iptables would never
 * send, to test the match's checkentry. For the VM tests; not installed.
 *
 *   s25-xt-check [REV:]HEX...
 *
 * Each HEX is the raw match info for revision REV of the match (default
 * 0: struct xt_smtp25_info, 68 bytes; 1: struct xt_smtp25_info_v1, 72),
 * sent as it is, whatever its length. For each, one nf_tables transaction adds
 * table inet s25xtcheck, a chain, a rule with the "smtp25" match carrying
 * those bytes, and deletes the table again: the kernel checks the match
 * when it adds the rule, and nothing is left whatever the outcome. Prints
 * one line per HEX: "ok" or the errno's name and message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netlink.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>

#include "policy_int.h"

#define TABLE	"s25xtcheck"
#define CHAIN	"c"
#define INFO_MAX 256

static int unhex(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;
	unsigned int b;

	while (s[0] && s[1] && n < max && sscanf(s, "%2x", &b) == 1) {
		out[n++] = b;
		s += 2;
	}
	return *s ? -1 : (int)n;
}

static struct nftnl_rule *rule_with(unsigned int rev,
				    const unsigned char *info, size_t len)
{
	struct nftnl_rule *r = nftnl_rule_alloc();
	struct nftnl_expr *e = nftnl_expr_alloc("match");
	void *copy = malloc(len ? len : 1);

	if (!r || !e || !copy) {
		free(copy);
		if (e)
			nftnl_expr_free(e);
		if (r)
			nftnl_rule_free(r);
		return NULL;
	}
	memcpy(copy, info, len);
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, NFPROTO_INET);
	nftnl_rule_set_str(r, NFTNL_RULE_TABLE, TABLE);
	nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, CHAIN);
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, "smtp25");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, rev);
	/* libnftnl keeps and frees the buffer. */
	nftnl_expr_set_data(e, NFTNL_EXPR_MT_INFO, copy, len);
	nftnl_rule_add_expr(r, e);
	return r;
}

static int check_one(unsigned int rev, const unsigned char *info, size_t len,
		     char *err, size_t errlen)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nftnl_chain *c = nftnl_chain_alloc();
	struct nftnl_rule *r = rule_with(rev, info, len);
	struct s25_batch *b = s25_batch_new();
	int ret = -ENOMEM;

	if (!t || !c || !r || !b)
		goto out;
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, NFPROTO_INET);
	nftnl_table_set_str(t, NFTNL_TABLE_NAME, TABLE);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, NFPROTO_INET);
	nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, TABLE);
	nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, CHAIN);
	ret = s25_batch_table(b, NFT_MSG_NEWTABLE, NLM_F_CREATE, t, "table");
	if (!ret)
		ret = s25_batch_chain(b, NLM_F_CREATE, c, "chain");
	if (!ret)
		ret = s25_batch_rule(b, NLM_F_CREATE | NLM_F_APPEND, r, "rule");
	if (!ret)
		ret = s25_batch_table(b, NFT_MSG_DELTABLE, 0, t, "delete");
	if (!ret)
		ret = s25_batch_send(b, err, errlen);
out:
	if (ret == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	s25_batch_free(b);
	if (r)
		nftnl_rule_free(r);
	if (c)
		nftnl_chain_free(c);
	if (t)
		nftnl_table_free(t);
	return ret;
}

int main(int argc, char **argv)
{
	unsigned char info[INFO_MAX];
	unsigned int rev;
	const char *hex;
	char err[512];
	int i, n, len, ret, rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: s25-xt-check [REV:]HEX...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		rev = 0;
		n = 0;
		hex = argv[i];
		/* n stays 0 unless the ':' is there: plain HEX is revision 0. */
		if (sscanf(hex, "%u:%n", &rev, &n) == 1 && n > 0 && rev <= 255)
			hex += n;
		else
			rev = 0;
		len = unhex(hex, info, sizeof(info));
		if (len < 0) {
			fprintf(stderr, "s25-xt-check: not [REV:]HEX: %s\n",
				argv[i]);
			return 2;
		}
		err[0] = '\0';
		ret = check_one(rev, info, len, err, sizeof(err));
		if (!ret)
			printf("ok\n");
		else
			printf("%s: %s\n", strerrorname_np(-ret), err);
		/* Refusals are answers; anything else is the tool failing. */
		if (ret && ret != -EINVAL && ret != -ENOENT && ret != -ERANGE)
			rc = 1;
	}
	return rc;
}
