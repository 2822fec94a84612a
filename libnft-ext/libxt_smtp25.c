// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libxt_smtp25: the iptables and ip6tables side of the "smtp25" match,
 * revisions 0 and 1 (include/uapi/linux/netfilter/xt_smtp25.h).
 *
 *   [!] --src-type TYPE[,TYPE...]   TYPE: none, dynamic, relay, quarantine
 *   [!] --dst-type TYPE[,TYPE...]
 *   [!] --src-pool NAME
 *   [!] --dst-pool NAME
 *   [!] --over-limit                revision 1
 *       --record blocked|allowed    revision 1
 *
 * libxtables uses the highest revision the kernel has for every smtp25
 * rule, so on a kernel with revision 1 even a rule of the first four
 * options is a revision-1 rule. Both revisions save those four alike:
 * a saved rule that uses only them restores on a kernel with either.
 * Everything works on revision 1's layout; revision 0 is converted to
 * and from it, and knows the two new option names only to say that the
 * kernel lacks them.
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
	O_OVER_LIMIT,
	O_RECORD,
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

static const char *const smtp25_record_names[] = {
	[XT_SMTP25_RECORD_BLOCKED] = "blocked",
	[XT_SMTP25_RECORD_ALLOWED] = "allowed",
};

/*
 * No XTOPT_PUT: the arguments are checked and stored by smtp25_parse,
 * which gives better messages than the generic length checks. Both
 * revisions take the same names (see smtp25_mt0_parse).
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
	{.name = "over-limit", .id = O_OVER_LIMIT, .type = XTTYPE_NONE,
	 .flags = XTOPT_INVERT},
	/* Not invertible: a rule records its own verdict, not the other. */
	{.name = "record", .id = O_RECORD, .type = XTTYPE_STRING},
	XTOPT_TABLEEND,
};

static void smtp25_help_common(void)
{
	printf(
"smtp25 match options (pools of the rule's network namespace):\n"
"[!] --src-type TYPE[,TYPE...]  the pool covering the source is of one of\n"
"                               these types\n"
"[!] --dst-type TYPE[,TYPE...]  the same for the destination\n"
"                               TYPE: dynamic, relay, quarantine, or none\n"
"                               (no pool covers the address)\n"
"[!] --src-pool NAME            the source is in pool NAME\n"
"[!] --dst-pool NAME            the destination is in pool NAME\n");
}

static void smtp25_mt0_help(void)
{
	smtp25_help_common();
	printf(
"The most specific prefix decides an address's pool. Every option given\n"
"must hold; at least one is required. (--over-limit and --record need\n"
"revision 1 of the match, which the kernel lacks.)\n");
}

static void smtp25_mt1_help(void)
{
	smtp25_help_common();
	printf(
"For new connections to port 25 (after -p tcp --dport 25 --syn):\n"
"[!] --over-limit               the source host or its pool is over the\n"
"                               pool's rate limit; an attempt within it\n"
"                               takes one unit (test it once per attempt)\n"
"    --record blocked|allowed   count the attempt in the source host's\n"
"                               entry when the rest of the match holds\n"
"The most specific prefix decides an address's pool. Every option given\n"
"must hold; at least one is required. Tested in this order: types and\n"
"pools, --over-limit, --record.\n");
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

static __u8 smtp25_record_parse(const char *arg)
{
	unsigned int r;

	for (r = 0; r < ARRAY_SIZE(smtp25_record_names); r++)
		if (smtp25_record_names[r] && !strcmp(arg, smtp25_record_names[r]))
			return r;
	xtables_error(PARAMETER_PROBLEM,
		      "smtp25: --record: \"%s\" is neither blocked nor allowed",
		      arg);
}

static void smtp25_v0_to_v1(const struct xt_smtp25_info *v0,
			    struct xt_smtp25_info_v1 *v1)
{
	memset(v1, 0, sizeof(*v1));
	v1->flags = v0->flags;
	v1->invert = v0->invert;
	v1->src_types = v0->src_types;
	v1->dst_types = v0->dst_types;
	memcpy(v1->src_pool, v0->src_pool, sizeof(v1->src_pool));
	memcpy(v1->dst_pool, v0->dst_pool, sizeof(v1->dst_pool));
}

/* Only for what revision 0 has: smtp25_mt0_parse refuses the rest. */
static void smtp25_v1_to_v0(const struct xt_smtp25_info_v1 *v1,
			    struct xt_smtp25_info *v0)
{
	v0->flags = v1->flags;
	v0->invert = v1->invert;
	v0->src_types = v1->src_types;
	v0->dst_types = v1->dst_types;
	memcpy(v0->src_pool, v1->src_pool, sizeof(v0->src_pool));
	memcpy(v0->dst_pool, v1->dst_pool, sizeof(v0->dst_pool));
}

static void smtp25_parse(struct xt_option_call *cb,
			 struct xt_smtp25_info_v1 *info)
{
	const char *opt = cb->entry->name;
	__u16 flag = 0;

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
	case O_OVER_LIMIT:
		flag = XT_SMTP25_OVER_LIMIT;
		break;
	case O_RECORD:
		flag = XT_SMTP25_RECORD;
		info->record = smtp25_record_parse(cb->arg);
		break;
	}
	info->flags |= flag;
	if (cb->invert)
		info->invert |= flag;
}

static void smtp25_mt0_parse(struct xt_option_call *cb)
{
	struct xt_smtp25_info_v1 info;

	/* Repeats and a "!" where none may go are refused here. */
	xtables_option_parse(cb);
	if (cb->entry->id == O_OVER_LIMIT || cb->entry->id == O_RECORD)
		xtables_error(PARAMETER_PROBLEM,
			      "smtp25: --%s needs revision 1 of the match, "
			      "which the kernel lacks (smtp25 module too old, "
			      "or not loaded)", cb->entry->name);
	smtp25_v0_to_v1(cb->data, &info);
	smtp25_parse(cb, &info);
	smtp25_v1_to_v0(&info, cb->data);
}

static void smtp25_mt1_parse(struct xt_option_call *cb)
{
	xtables_option_parse(cb);
	smtp25_parse(cb, cb->data);
}

static void smtp25_mt0_check(struct xt_fcheck_call *cb)
{
	if (!cb->xflags)
		xtables_error(PARAMETER_PROBLEM,
			      "smtp25: give at least one of --src-type, "
			      "--dst-type, --src-pool, --dst-pool");
}

static void smtp25_mt1_check(struct xt_fcheck_call *cb)
{
	if (!cb->xflags)
		xtables_error(PARAMETER_PROBLEM,
			      "smtp25: give at least one of --src-type, "
			      "--dst-type, --src-pool, --dst-pool, "
			      "--over-limit, --record");
}

/*
 * The rule's data in revision 1's layout, whichever revision it is.
 * iptables-nft 1.8.9 passes a rule that the kernel holds as revision 0
 * to the highest revision's print and save (it does not look for the
 * rule's own revision), so both decode by the revision the rule says.
 * False for a revision or size this plugin does not know.
 */
static bool smtp25_info_get(const struct xt_entry_match *m,
			    struct xt_smtp25_info_v1 *info)
{
	size_t hdr = XT_ALIGN(sizeof(*m));
	size_t len = m->u.match_size > hdr ? m->u.match_size - hdr : 0;

	switch (m->u.user.revision) {
	case 0:
		if (len < sizeof(struct xt_smtp25_info))
			return false;
		smtp25_v0_to_v1((const void *)m->data, info);
		return true;
	case 1:
		if (len < sizeof(*info))
			return false;
		memcpy(info, m->data, sizeof(*info));
		return true;
	}
	return false;
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

static void smtp25_record_print(__u8 record)
{
	if (record < ARRAY_SIZE(smtp25_record_names) &&
	    smtp25_record_names[record])
		printf(" %s", smtp25_record_names[record]);
	else
		printf(" %u", record);
}

/*
 * One writer for both listings: `prefix` is "" for iptables -L and "--"
 * for iptables-save, where "!" goes before the option instead of after
 * it (-L: "src-type ! dynamic"). The order is the one the kernel tests
 * them in.
 */
static void smtp25_mt_dump(const struct xt_entry_match *m, const char *prefix,
			   bool save)
{
	static const struct {
		__u16 flag;
		const char *name;
	} opts[] = {
		{XT_SMTP25_SRC, "src-type"},
		{XT_SMTP25_DST, "dst-type"},
		{XT_SMTP25_SRC_POOL, "src-pool"},
		{XT_SMTP25_DST_POOL, "dst-pool"},
		{XT_SMTP25_OVER_LIMIT, "over-limit"},
		{XT_SMTP25_RECORD, "record"},
	};
	struct xt_smtp25_info_v1 info;
	unsigned int i;

	if (!smtp25_info_get(m, &info)) {
		/* What iptables prints when it has no save for a revision. */
		printf(" [unsupported revision]");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(opts); i++) {
		__u16 f = opts[i].flag;
		bool inv = info.invert & f;

		if (!(info.flags & f))
			continue;
		/* Without an argument, "!" goes first in -L too. */
		if (f == XT_SMTP25_OVER_LIMIT) {
			printf("%s %s%s", inv ? " !" : "", prefix, opts[i].name);
			continue;
		}
		printf("%s %s%s%s", save && inv ? " !" : "", prefix,
		       opts[i].name, !save && inv ? " !" : "");
		switch (f) {
		case XT_SMTP25_SRC:
			smtp25_types_print(info.src_types);
			break;
		case XT_SMTP25_DST:
			smtp25_types_print(info.dst_types);
			break;
		case XT_SMTP25_SRC_POOL:
			printf(" %.*s", SMTP25_POOL_NAME_LEN, info.src_pool);
			break;
		case XT_SMTP25_DST_POOL:
			printf(" %.*s", SMTP25_POOL_NAME_LEN, info.dst_pool);
			break;
		case XT_SMTP25_RECORD:
			smtp25_record_print(info.record);
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
	smtp25_mt_dump(m, "", false);
}

static void smtp25_mt_save(const void *ip, const struct xt_entry_match *m)
{
	(void)ip;
	smtp25_mt_dump(m, "--", true);
}

/*
 * userspacesize is all of each: unused names and reserved bytes are
 * zero, so -D and -C compare exactly.
 */
static struct xtables_match smtp25_mt_reg[] = {
	{
		.version	= XTABLES_VERSION,
		.name		= "smtp25",
		.revision	= 0,
		.family		= NFPROTO_UNSPEC,
		.size		= XT_ALIGN(sizeof(struct xt_smtp25_info)),
		.userspacesize	= sizeof(struct xt_smtp25_info),
		.help		= smtp25_mt0_help,
		.x6_parse	= smtp25_mt0_parse,
		.x6_fcheck	= smtp25_mt0_check,
		.x6_options	= smtp25_mt_opts,
		.print		= smtp25_mt_print,
		.save		= smtp25_mt_save,
	},
	{
		.version	= XTABLES_VERSION,
		.name		= "smtp25",
		.revision	= 1,
		.family		= NFPROTO_UNSPEC,
		.size		= XT_ALIGN(sizeof(struct xt_smtp25_info_v1)),
		.userspacesize	= sizeof(struct xt_smtp25_info_v1),
		.help		= smtp25_mt1_help,
		.x6_parse	= smtp25_mt1_parse,
		.x6_fcheck	= smtp25_mt1_check,
		.x6_options	= smtp25_mt_opts,
		.print		= smtp25_mt_print,
		.save		= smtp25_mt_save,
	},
};

static void __attribute__((constructor)) smtp25_mt_ldr(void)
{
	xtables_register_matches(smtp25_mt_reg, ARRAY_SIZE(smtp25_mt_reg));
}
