// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The policy's table, chains and rules as libnftnl objects. Rules use
 * native expressions for what nft can show (ports, flags, interfaces,
 * counters, verdicts) and nft_compat's "match" expression for the pools,
 * carrying the same struct xt_smtp25_info that iptables sends. The cheap
 * tests come first: the pool lookup runs only for packets that reach it.
 */
#include <stdbool.h>
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

#define COMMENT_OUT	"MAAWG 5: no SMTP from dynamic or quarantined sources"
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

/* Register 1 == data. */
static struct nftnl_expr *cmp_eq(const void *data, uint32_t len)
{
	struct nftnl_expr *e = nftnl_expr_alloc("cmp");

	if (e) {
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_SREG, NFT_REG_1);
		nftnl_expr_set_u32(e, NFTNL_EXPR_CMP_OP, NFT_CMP_EQ);
		nftnl_expr_set_data(e, NFTNL_EXPR_CMP_DATA, data, len);
	}
	return e;
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

/* The xt match; libnftnl keeps (and frees) the info buffer it is given. */
static struct nftnl_expr *smtp25_match(const struct xt_smtp25_info *src)
{
	struct nftnl_expr *e = nftnl_expr_alloc("match");
	struct xt_smtp25_info *info;

	if (!e)
		return NULL;
	info = malloc(sizeof(*info));
	if (!info) {
		nftnl_expr_free(e);
		return NULL;
	}
	*info = *src;
	nftnl_expr_set_str(e, NFTNL_EXPR_MT_NAME, "smtp25");
	nftnl_expr_set_u32(e, NFTNL_EXPR_MT_REV, 0);
	nftnl_expr_set_data(e, NFTNL_EXPR_MT_INFO, info, sizeof(*info));
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
 * tcp dport 25, flags & (fin|syn|rst|ack) == syn, source dynamic or
 * quarantine: counter, refuse. SYN only: a connection needs one, and so
 * the rule needs no conntrack; connections open before the policy was
 * applied are left alone. Relays need no exception of their own: the
 * most specific prefix decides the type, so a relay /32 inside a dynamic
 * /16 is of type relay. Addresses in no pool (type none) are not the
 * ISP's customers (the Internet, transit) and pass: blocking them would
 * block mail to the ISP's own MX.
 */
struct nftnl_rule *s25_rule_no_smtp_out(uint32_t family, const char *chain,
					enum s25_reject reject)
{
	const struct xt_smtp25_info info = {
		.flags = XT_SMTP25_SRC,
		.src_types = 1 << SMTP25_POOL_DYNAMIC |
			     1 << SMTP25_POOL_QUARANTINE,
	};
	uint8_t syn = TCP_SYN;
	struct nftnl_rule *r = rule_new(family, chain);

	if (r && tcp_port(r, TCP_OFF_DPORT) &&
	    add(r, payload(NFT_PAYLOAD_TRANSPORT_HEADER, TCP_OFF_FLAGS, 1)) &&
	    add(r, and_mask(TCP_FIN | TCP_SYN | TCP_RST | TCP_ACK)) &&
	    add(r, cmp_eq(&syn, 1)) && add(r, smtp25_match(&info)) &&
	    add(r, counter()) && add(r, refuse(family, reject)) &&
	    set_comment(r, COMMENT_OUT))
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
	const struct xt_smtp25_info info = {
		.flags = XT_SMTP25_DST,
		.dst_types = 1 << SMTP25_POOL_DYNAMIC |
			     1 << SMTP25_POOL_QUARANTINE,
	};
	struct nftnl_rule *r = rule_new(family, chain);
	size_t len = strlen(ifname);
	char name[IFNAMSIZ] = { 0 };

	/* "ppp*" compares the prefix; a full name compares with its NULs. */
	if (len && ifname[len - 1] == '*')
		len--;
	else
		len = IFNAMSIZ;
	strncpy(name, ifname, sizeof(name) - 1);
	if (r && add(r, meta(NFT_META_IIFNAME)) && add(r, cmp_eq(name, len)) &&
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
