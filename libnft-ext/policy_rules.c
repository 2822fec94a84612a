// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy's table, chains and rules as libnftnl objects. Rules use
 * native expressions for what nft can show (ports, flags, interfaces,
 * counters, verdicts) and nft_compat's "match" expression for the pools,
 * carrying the same match data that iptables sends. The cheap tests come
 * first: the pool lookup runs only for packets that reach it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/xt_smtp25.h>
#include <libnftnl/chain.h>
#include <libnftnl/expr.h>
#include <libnftnl/rule.h>
#include <libnftnl/table.h>
#include <libnftnl/udata.h>

#include "policy_int.h"

/* TCP header: ports at 0 and 2, flags at 13. */
#define TCP_OFF_SPORT	0
#define TCP_OFF_DPORT	2
#define TCP_OFF_FLAGS	13
#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_RST		0x04
#define TCP_ACK		0x10

/* ICMP codes for "administratively prohibited". */
#define ICMP_CODE_ADMIN		13	/* ICMP_PKT_FILTERED */
#define ICMPV6_CODE_ADMIN	1	/* ICMPV6_ADM_PROHIBITED */

#define SMTP_PORT	25

#define COMMENT_IN	"MAAWG 6: no SMTP replies from outside into dynamic space"

/* Appends e to r; false if e is NULL (out of memory). */
static bool add(struct nftnl_rule *r, struct nftnl_expr *e)
{
	if (!e)
		return false;
	nftnl_rule_add_expr(r, e);
	return true;
}

static struct nftnl_expr *meta(uint32_t key)
{
	struct nftnl_expr *e = nftnl_expr_alloc("meta");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_KEY, key);
		nftnl_expr_set_u32(e, NFTNL_EXPR_META_DREG, NFT_REG_1);
	}
	return e;
}

static struct nftnl_expr *payload(uint32_t base, uint32_t off, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("payload");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_BASE, base);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_OFFSET, off);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_LEN, len);
		nftnl_expr_set_u32(e, NFTNL_EXPR_PAYLOAD_DREG, NFT_REG_1);
	}
	return e;
}

/* Register 1 op data (op: NFT_CMP_EQ, NFT_CMP_NEQ). */
static struct nftnl_expr *cmp(uint32_t op, const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, op);
		nftnl_expr_set_data(e, NFTNL_EXPR_CMP_DATA, data, len);
	}
	return e;
}

static struct nftnl_expr *cmp_eq(const void *data, uint32_t len)
{
	return cmp(NFT_CMP_EQ, data, len);
}

/* Register 1 &= mask (one byte). */
static struct nftnl_expr *and_mask(uint8_t mask)
{
	struct nftnl_expr *e = nftnl_expr_alloc("bitwise");
	uint8_t zero = 0;

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_DREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_BITWISE_LEN, 1);
		nftnl_expr_set_data(e, NFTNL_EXPR_BITWISE_MASK, &mask, 1);
		nftnl_expr_set_data(e, NFTNL_EXPR_BITWISE_XOR, &zero, 1);
	}
	return e;
}

/*
 * The xt match, written as revision 1's data: it goes to the kernel as
 * revision 0 unless it needs revision 1's options, so that a module
 * without revision 1 still takes the rules that do not need it.
 * libnftnl keeps (and frees) the info buffer it is given.
 */
static struct nftnl_expr *smtp25_match(const struct xt_smtp25_info_v1 *src)
{
	struct nftnl_expr *e = nftnl_expr_alloc("match");
	uint32_t rev = src->flags & ~XT_SMTP25_ALL ? 1 : 0;
	struct xt_smtp25_info *v0;
	size_t len = rev ? sizeof(*src) : sizeof(*v0);
	void *info;

	if (!e)
		return NULL;
	info = calloc(1, len);
	if (!info) {
		nftnl_expr_free(e);
		return NULL;
	}
	if (rev) {
		memcpy(info, src, len);
	} else {
		v0 = info;
		v0->flags = src->flags;
		v0->invert = src->invert;
		v0->src_types = src->src_types;
		v0->dst_types = src->dst_types;
		memcpy(v0->src_pool, src->src_pool, sizeof(v0->src_pool));
		memcpy(v0->dst_pool, src->dst_pool, sizeof(v0->dst_pool));
	}
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, "smtp25");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, rev);
	nftnl_expr_set_data(e, NFTNL_EXPR_MT_INFO, info, len);
	return e;
}

static struct nftnl_expr *counter(void)
{
	return nftnl_expr_alloc("counter");
}

static struct nftnl_expr *verdict(int v)
{
	struct nftnl_expr *e = nftnl_expr_alloc("immediate");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_DREG, NFT_REG_VERDICT);
		nftnl_expr_set_u32(e, NFTNL_EXPR_IMM_VERDICT, v);
	}
	return e;
}

/* The configured way of saying no, in the table's family. */
static struct nftnl_expr *refuse(uint32_t family, enum s25_reject how)
{
	struct nftnl_expr *e;
	uint32_t type, code;

	if (how == S25_REJECT_DROP)
		return verdict(NF_DROP);
	if (how == S25_REJECT_TCP_RESET) {
		type = NFT_REJECT_TCP_RST;
		code = 0;
	} else if (family == NFPROTO_INET) {
		type = NFT_REJECT_ICMPX_UNREACH;
		code = NFT_REJECT_ICMPX_ADMIN_PROHIBITED;
	} else {
		type = NFT_REJECT_ICMP_UNREACH;
		code = family == NFPROTO_IPV6 ? ICMPV6_CODE_ADMIN :
						ICMP_CODE_ADMIN;
	}
	e = nftnl_expr_alloc("reject");
	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_REJECT_TYPE, type);
		nftnl_expr_set_u8(e, NFTNL_EXPR_REJECT_CODE, code);
	}
	return e;
}

/* meta l4proto tcp, then the 16-bit port at off is 25. */
static bool tcp_port(struct nftnl_rule *r, uint32_t off)
{
	uint8_t proto = IPPROTO_TCP;
	uint16_t port = htons(SMTP_PORT);

	return add(r, meta(NFT_META_L4PROTO)) &&
	       add(r, cmp_eq(&proto, sizeof(proto))) &&
	       add(r, payload(NFT_PAYLOAD_TRANSPORT_HEADER, off,
			      sizeof(port))) &&
	       add(r, cmp_eq(&port, sizeof(port)));
}

/*
 * iifname op IFNAME. "ppp*" compares the prefix; a full name compares
 * with its NULs.
 */
static bool iifname(struct nftnl_rule *r, uint32_t op, const char *ifname)
{
	char name[IFNAMSIZ] = { 0 };
	size_t len = strlen(ifname);

	if (len && ifname[len - 1] == '*')
		len--;
	else
		len = IFNAMSIZ;
	strncpy(name, ifname, sizeof(name) - 1);
	return add(r, meta(NFT_META_IIFNAME)) && add(r, cmp(op, name, len));
}

/*
 * A new TCP connection to port 25 from the ISP's side: dport 25, flags &
 * (fin|syn|rst|ack) == syn, and in chain forward not arriving on an
 * outside interface. SYN only: a connection needs one, so the rules need
 * no conntrack, and connections open before the policy was applied are
 * left alone. Whatever comes in from the Internet is not the ISP's
 * space, whatever its source address says: recording it would let
 * anyone get a customer quarantined by spoofing the customer's address.
 */
static bool smtp_syn(struct nftnl_rule *r, const struct s25_policy_cfg *cfg,
		     bool forward)
{
	uint8_t syn = TCP_SYN;
	unsigned int i;

	if (!tcp_port(r, TCP_OFF_DPORT) ||
	    !add(r, payload(NFT_PAYLOAD_TRANSPORT_HEADER, TCP_OFF_FLAGS, 1)) ||
	    !add(r, and_mask(TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK)) ||
	    !add(r, cmp_eq(&syn, 1)))
		return false;
	for (i = 0; forward && i < cfg->n_outside; i++)
		if (!iifname(r, NFT_CMP_NEQ, cfg->outside[i]))
			return false;
	return true;
}

/*
 * A comment in the rule's user data: nft shows it, and says which pool
 * types the "xt match smtp25" tests, which nft cannot show.
 */
static bool set_comment(struct nftnl_rule *r, const char *text)
{
	struct nftnl_udata_buf *ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
	bool ok;

	if (!ud)
		return false;
	ok = nftnl_udata_put_strz(ud, NFTNL_UDATA_RULE_COMMENT, text) &&
	     !nftnl_rule_set_data(r, NFTNL_RULE_USERDATA,
				  nftnl_udata_buf_data(ud),
				  nftnl_udata_buf_len(ud));
	nftnl_udata_buf_free(ud);
	return ok;
}

static struct nftnl_rule *rule_new(uint32_t family, const char *chain)
{
	struct nftnl_rule *r = nftnl_rule_alloc();

	if (!r)
		return NULL;
	nftnl_rule_set_u32(r, NFTNL_RULE_FAMILY, family);
	if (nftnl_rule_set_str(r, NFTNL_RULE_TABLE, S25_POLICY_TABLE) ||
	    nftnl_rule_set_str(r, NFTNL_RULE_CHAIN, chain)) {
		nftnl_rule_free(r);
		return NULL;
	}
	return r;
}

/*
 * The relays' exception: a relay within its pool's limits is recorded as
 * allowed and accepted, so that the refusal below never sees it. Only
 * with account or limits: without them, relays need no rule at all.
 * --over-limit is tested here and nowhere else, once per attempt, as an
 * attempt within the limits takes a unit from them; a relay over them
 * goes on to the refusal.
 */
struct nftnl_rule *s25_rule_relay_pass(uint32_t family, const char *chain,
				       const struct s25_policy_cfg *cfg,
				       bool forward)
{
	struct xt_smtp25_info_v1 info = {
		.flags = XT_SMTP25_SRC,
		.src_types = 1 << SMTP25_POOL_RELAY,
	};
	struct nftnl_rule *r = rule_new(family, chain);
	char comment[128];

	if (cfg->limits) {
		info.flags |= XT_SMTP25_OVER_LIMIT;
		info.invert |= XT_SMTP25_OVER_LIMIT;
	}
	if (cfg->account) {
		info.flags |= XT_SMTP25_RECORD;
		info.record = XT_SMTP25_RECORD_ALLOWED;
	}
	snprintf(comment, sizeof(comment), "MAAWG 5 exception: relays%s pass%s",
		 cfg->limits ? " within their limits" : "",
		 cfg->account ? ", recorded allowed" : "");
	if (r && smtp_syn(r, cfg, forward) && add(r, smtp25_match(&info)) &&
	    add(r, counter()) && add(r, verdict(NF_ACCEPT)) &&
	    set_comment(r, comment))
		return r;
	if (r)
		nftnl_rule_free(r);
	return NULL;
}

/*
 * The refusal: source dynamic or quarantine (with limits, relay too: a
 * relay gets here only when over its limits), recorded as blocked with
 * account. Addresses in no pool (type none) are not the ISP's customers
 * (the Internet, transit) and pass: blocking them would block mail to the
 * ISP's own MX. Relays need no exception without limits: the most
 * specific prefix decides the type, so a relay /32 inside a dynamic /16
 * is of type relay.
 */
struct nftnl_rule *s25_rule_no_smtp_out(uint32_t family, const char *chain,
					const struct s25_policy_cfg *cfg,
					bool forward)
{
	struct xt_smtp25_info_v1 info = {
		.flags = XT_SMTP25_SRC,
		.src_types = 1 << SMTP25_POOL_DYNAMIC |
			     1 << SMTP25_POOL_QUARANTINE,
	};
	struct nftnl_rule *r = rule_new(family, chain);
	char comment[128];

	if (cfg->limits)
		info.src_types |= 1 << SMTP25_POOL_RELAY;
	if (cfg->account) {
		info.flags |= XT_SMTP25_RECORD;
		info.record = XT_SMTP25_RECORD_BLOCKED;
	}
	snprintf(comment, sizeof(comment), "MAAWG 5: no SMTP from dynamic or "
		 "quarantined sources%s%s",
		 cfg->limits ? ", nor from relays over their limits" : "",
		 cfg->account ? "; recorded blocked" : "");
	if (r && smtp_syn(r, cfg, forward) && add(r, smtp25_match(&info)) &&
	    add(r, counter()) && add(r, refuse(family, cfg->reject)) &&
	    set_comment(r, comment))
		return r;
	if (r)
		nftnl_rule_free(r);
	return NULL;
}

/*
 * iifname IFNAME, tcp sport 25, destination dynamic or quarantine:
 * counter, drop. Every packet, not only SYNs: these are the replies and
 * spoofed segments practice 6 keeps out. Quarantine too: a quarantined
 * /32 inside dynamic space is of type quarantine, and must not lose the
 * protection its neighbours have.
 */
struct nftnl_rule *s25_rule_no_smtp_in(uint32_t family, const char *chain,
				       const char *ifname)
{
	const struct xt_smtp25_info_v1 info = {
		.flags = XT_SMTP25_DST,
		.dst_types = 1 << SMTP25_POOL_DYNAMIC |
			     1 << SMTP25_POOL_QUARANTINE,
	};
	struct nftnl_rule *r = rule_new(family, chain);

	if (r && iifname(r, NFT_CMP_EQ, ifname) &&
	    tcp_port(r, TCP_OFF_SPORT) && add(r, smtp25_match(&info)) &&
	    add(r, counter()) && add(r, verdict(NF_DROP)) &&
	    set_comment(r, COMMENT_IN))
		return r;
	if (r)
		nftnl_rule_free(r);
	return NULL;
}

struct nftnl_table *s25_table_new(uint32_t family, const char *comment)
{
	struct nftnl_table *t = nftnl_table_alloc();
	struct nftnl_udata_buf *ud = NULL;

	if (!t)
		return NULL;
	nftnl_table_set_u32(t, NFTNL_TABLE_FAMILY, family);
	if (nftnl_table_set_str(t, NFTNL_TABLE_NAME, S25_POLICY_TABLE))
		goto err;
	if (comment) {
		ud = nftnl_udata_buf_alloc(NFT_USERDATA_MAXLEN);
		if (!ud || !nftnl_udata_put_strz(ud, NFTNL_UDATA_TABLE_COMMENT,
						 comment) ||
		    nftnl_table_set_data(t, NFTNL_TABLE_USERDATA,
					 nftnl_udata_buf_data(ud),
					 nftnl_udata_buf_len(ud)))
			goto err;
		nftnl_udata_buf_free(ud);
	}
	return t;
err:
	if (ud)
		nftnl_udata_buf_free(ud);
	nftnl_table_free(t);
	return NULL;
}

/* A base chain of type filter at priority filter (0), policy accept. */
struct nftnl_chain *s25_chain_new(uint32_t family, const char *name,
				  uint32_t hooknum)
{
	struct nftnl_chain *c = nftnl_chain_alloc();

	if (!c)
		return NULL;
	nftnl_chain_set_u32(c, NFTNL_CHAIN_FAMILY, family);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_HOOKNUM, hooknum);
	nftnl_chain_set_s32(c, NFTNL_CHAIN_PRIO, 0);
	nftnl_chain_set_u32(c, NFTNL_CHAIN_POLICY, NF_ACCEPT);
	if (nftnl_chain_set_str(c, NFTNL_CHAIN_TABLE, S25_POLICY_TABLE) ||
	    nftnl_chain_set_str(c, NFTNL_CHAIN_NAME, name) ||
	    nftnl_chain_set_str(c, NFTNL_CHAIN_TYPE, "filter")) {
		nftnl_chain_free(c);
		return NULL;
	}
	return c;
}
