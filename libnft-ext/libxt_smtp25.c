// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libxt_smtp25: the iptables and ip6tables side of the "smtp25" match
 * (revision 0, include/uapi/linux/netfilter/xt_smtp25.h).
 *
 *   [!] --src-type TYPE[,TYPE...]   TYPE: none, dynamic, relay, quarantine
 *   [!] --dst-type TYPE[,TYPE...]
 *   [!] --src-pool NAME
 *   [!] --dst-pool NAME
 *
 * The type options are not called --src/--dst: iptables owns those two
 * names (synonyms of -s/-d) and getopt gives the first exact match to
 * them, so a plugin option of that name would never be seen. --src-type
 * follows the addrtype match.
 *
 * No xlate: the match has no native nft expression, so there is no
 * faithful translation; iptables-nft still runs it through nft_compat and
 * `nft list` shows it as "xt match smtp25".
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <xtables.h>
#include <linux/netfilter/xt_smtp25.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum {
	O_SRC_TYPE,
	O_DST_TYPE,
	O_SRC_POOL,
	O_DST_POOL,
};

/* Indexed by enum smtp25_pool_type: also the canonical print order. */
static const char *const smtp25_type_names[] = {
	[SMTP25_POOL_NONE]	 = "none",
	[SMTP25_POOL_DYNAMIC]	 = "dynamic",
	[SMTP25_POOL_RELAY]	 = "relay",
	[SMTP25_POOL_QUARANTINE] = "quarantine",
};

_Static_assert(ARRAY_SIZE(smtp25_type_names) == SMTP25_POOL_TYPE_MAX + 1,
	       "a name for every pool type");

/*
 * No XTOPT_PUT: the arguments are checked and stored by smtp25_mt_parse,
 * which gives better messages than the generic length checks.
 */
static const struct xt_option_entry smtp25_mt_opts[] = {
	{.name = "src-type", .id = O_SRC_TYPE, .type = XTTYPE_STRING,
	 .flags = XTOPT_INVERT},
	{.name = "dst-type", .id = O_DST_TYPE, .type = XTTYPE_STRING,
	 .flags = XTOPT_INVERT},
	{.name = "src-pool", .id = O_SRC_POOL, .type = XTTYPE_STRING,
	 .flags = XTOPT_INVERT},
	{.name = "dst-pool", .id = O_DST_POOL, .type = XTTYPE_STRING,
	 .flags = XTOPT_INVERT},
	XTOPT_TABLEEND,
};

static void smtp25_mt_help(void)
{
	printf(
"smtp25 match options (pools of the rule's network namespace):\n"
"[!] --src-type TYPE[,TYPE...]  the pool covering the source is of one of\n"
"                               these types\n"
"[!] --dst-type TYPE[,TYPE...]  the same for the destination\n"
"                               TYPE: dynamic, relay, quarantine, or none\n"
"                               (no pool covers the address)\n"
"[!] --src-pool NAME            the source is in pool NAME\n"
"[!] --dst-pool NAME            the destination is in pool NAME\n"
"The most specific prefix decides an address's pool. Every option given\n"
"must hold; at least one is required.\n");
}

static int smtp25_type_parse(const char *word, size_t len)
{
	unsigned int t;

	for (t = 0; t <= SMTP25_POOL_TYPE_MAX; t++)
		if (strlen(smtp25_type_names[t]) == len &&
		    !strncmp(smtp25_type_names[t], word, len))
			return t;
	return -1;
}

/* "dynamic,quarantine" -> a set of types; exits on any bad word. */
static __u8 smtp25_types_parse(const char *opt, const char *arg)
{
	const char *p = arg, *end;
	__u8 set = 0;
	size_t len;
	int t;

	for (;;) {
		end = strchr(p, ',');
		len = end ? (size_t)(end - p) : strlen(p);
		if (!len)
			xtables_error(PARAMETER_PROBLEM,
				      "smtp25: --%s: empty pool type in \"%s\"; "
				      "expected TYPE[,TYPE...]", opt, arg);
		t = smtp25_type_parse(p, len);
		if (t < 0)
			xtables_error(PARAMETER_PROBLEM,
				      "smtp25: --%s: unknown pool type \"%.*s\"; "
				      "known: none, dynamic, relay, quarantine",
				      opt, (int)len, p);
		if (set & (1 << t))
			xtables_error(PARAMETER_PROBLEM,
				      "smtp25: --%s: pool type \"%s\" given twice",
				      opt, smtp25_type_names[t]);
		set |= 1 << t;
		if (!end)
			return set;
		p = end + 1;
	}
}

/* The kernel's rule for pool names (smtp25_pool_name_valid). */
static void smtp25_pool_parse(const char *opt, const char *arg, char *dst)
{
	size_t len = strlen(arg), i;

	if (!len || len >= SMTP25_POOL_NAME_LEN)
		xtables_error(PARAMETER_PROBLEM,
			      "smtp25: --%s: a pool name has 1 to %d characters, "
			      "\"%s\" has %zu", opt, SMTP25_POOL_NAME_LEN - 1,
			      arg, len);
	for (i = 0; i < len; i++) {
		char c = arg[i];

		if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') &&
		    !(c >= '0' && c <= '9') && !strchr("._-", c))
			xtables_error(PARAMETER_PROBLEM,
				      "smtp25: --%s: invalid character in pool "
				      "name \"%s\"; allowed: A-Z a-z 0-9 . _ -",
				      opt, arg);
	}
	memcpy(dst, arg, len + 1);
}

static void smtp25_mt_parse(struct xt_option_call *cb)
{
	struct xt_smtp25_info *info = cb->data;
	const char *opt = cb->entry->name;
	__u8 flag = 0;

	xtables_option_parse(cb);
	switch (cb->entry->id) {
	case O_SRC_TYPE:
		flag = XT_SMTP25_SRC;
		info->src_types = smtp25_types_parse(opt, cb->arg);
		break;
	case O_DST_TYPE:
		flag = XT_SMTP25_DST;
		info->dst_types = smtp25_types_parse(opt, cb->arg);
		break;
	case O_SRC_POOL:
		flag = XT_SMTP25_SRC_POOL;
		smtp25_pool_parse(opt, cb->arg, info->src_pool);
		break;
	case O_DST_POOL:
		flag = XT_SMTP25_DST_POOL;
		smtp25_pool_parse(opt, cb->arg, info->dst_pool);
		break;
	}
	info->flags |= flag;
	if (cb->invert)
		info->invert |= flag;
}

static void smtp25_mt_check(struct xt_fcheck_call *cb)
{
	if (!cb->xflags)
		xtables_error(PARAMETER_PROBLEM,
			      "smtp25: give at least one of --src-type, "
			      "--dst-type, --src-pool, --dst-pool");
}

static void smtp25_types_print(__u8 set)
{
	const char *sep = " ";
	unsigned int t;

	for (t = 0; t <= SMTP25_POOL_TYPE_MAX; t++) {
		if (!(set & (1 << t)))
			continue;
		printf("%s%s", sep, smtp25_type_names[t]);
		sep = ",";
	}
	/* Bits this plugin does not know: from a newer kernel header. */
	if (set & ~XT_SMTP25_TYPES_ALL)
		printf("%s0x%x", sep, set & ~XT_SMTP25_TYPES_ALL);
}

/*
 * One writer for both listings: `prefix` is "" for iptables -L and "--"
 * for iptables-save, where "!" goes before the option instead of after.
 */
static void smtp25_mt_dump(const struct xt_smtp25_info *info,
			   const char *prefix, bool save)
{
	static const struct {
		__u8 flag;
		const char *name;
	} opts[] = {
		{XT_SMTP25_SRC, "src-type"},
		{XT_SMTP25_DST, "dst-type"},
		{XT_SMTP25_SRC_POOL, "src-pool"},
		{XT_SMTP25_DST_POOL, "dst-pool"},
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		__u8 f = opts[i].flag;
		bool inv = info->invert & f;

		if (!(info->flags & f))
			continue;
		printf("%s %s%s%s", save && inv ? " !" : "", prefix,
		       opts[i].name, !save && inv ? " !" : "");
		switch (f) {
		case XT_SMTP25_SRC:
			smtp25_types_print(info->src_types);
			break;
		case XT_SMTP25_DST:
			smtp25_types_print(info->dst_types);
			break;
		case XT_SMTP25_SRC_POOL:
			printf(" %.*s", SMTP25_POOL_NAME_LEN, info->src_pool);
			break;
		case XT_SMTP25_DST_POOL:
			printf(" %.*s", SMTP25_POOL_NAME_LEN, info->dst_pool);
			break;
		}
	}
}

static void smtp25_mt_print(const void *ip, const struct xt_entry_match *m,
			    int numeric)
{
	(void)ip;
	(void)numeric;
	printf(" smtp25");
	smtp25_mt_dump((const void *)m->data, "", false);
}

static void smtp25_mt_save(const void *ip, const struct xt_entry_match *m)
{
	(void)ip;
	smtp25_mt_dump((const void *)m->data, "--", true);
}

static struct xtables_match smtp25_mt_reg = {
	.version	= XTABLES_VERSION,
	.name		= "smtp25",
	.revision	= 0,
	.family		= NFPROTO_UNSPEC,
	.size		= XT_ALIGN(sizeof(struct xt_smtp25_info)),
	/* All of it: unused names are zero, so -D and -C compare exactly. */
	.userspacesize	= sizeof(struct xt_smtp25_info),
	.help		= smtp25_mt_help,
	.x6_parse	= smtp25_mt_parse,
	.x6_fcheck	= smtp25_mt_check,
	.x6_options	= smtp25_mt_opts,
	.print		= smtp25_mt_print,
	.save		= smtp25_mt_save,
};

static void __attribute__((constructor)) smtp25_mt_ldr(void)
{
	xtables_register_match(&smtp25_mt_reg);
}
