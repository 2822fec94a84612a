// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The iptables plugin without iptables or a kernel: libxtables loads
 * libxt_smtp25.so from the build directory as iptables does, asking a
 * stand-in for the kernel which revisions it has (KERNEL_REV: the
 * highest, 0 or 1; this file is built once for each). Options reach the
 * plugin as iptables passes them (getopt over the plugin's table, then
 * xtables_option_mpcall and mfcall); what save prints must parse back
 * to the same bytes. The VM tests (libxt_smtp25.t) do the same against
 * the real kernel.
 */
#include <getopt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <xtables.h>
#include <linux/netfilter/xt_smtp25.h>

#ifndef KERNEL_REV
#error "KERNEL_REV: the highest match revision the pretend kernel has"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static struct xtables_match *smtp25;
static struct option *smtp25_opts;
static jmp_buf on_error;
static char error_msg[512];

static void __attribute__((noreturn, format(printf, 2, 3)))
test_exit_err(enum xtables_exittype status, const char *fmt, ...)
{
	va_list ap;

	(void)status;
	va_start(ap, fmt);
	vsnprintf(error_msg, sizeof(error_msg), fmt, ap);
	va_end(ap);
	longjmp(on_error, 1);
}

/* The kernel's answer to "do you have this revision?" */
static int test_compat_rev(const char *name, uint8_t rev, int opt)
{
	(void)opt;
	return !strcmp(name, "smtp25") && rev <= KERNEL_REV;
}

static struct xtables_globals test_globals = {
	.program_name = "test_libxt_smtp25",
	.program_version = XTABLES_VERSION,
	.exit_err = test_exit_err,
	.compat_rev = test_compat_rev,
};

static struct xt_entry_match *entry_new(uint8_t revision, size_t datalen)
{
	size_t size = XT_ALIGN(sizeof(struct xt_entry_match)) + datalen;
	struct xt_entry_match *m = calloc(1, size);

	assert_non_null(m);
	m->u.match_size = size;
	m->u.user.revision = revision;
	strcpy(m->u.user.name, "smtp25");
	return m;
}

/* As iptables: "-" returns "!" in order, ":" reports a missing value. */
static void options(int argc, char **argv)
{
	bool invert = false;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "-:", smtp25_opts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (strcmp(optarg, "!") || invert)
				xtables_error(PARAMETER_PROBLEM,
					      "Bad argument \"%s\"", optarg);
			invert = true;
			break;
		case ':':
			xtables_error(PARAMETER_PROBLEM, "option \"%s\" "
				      "requires an argument", argv[optind - 1]);
		case '?':
			xtables_error(PARAMETER_PROBLEM, "unknown option "
				      "\"%s\"", argv[optind - 1]);
		default:
			xtables_option_mpcall(c, argv, invert, smtp25, NULL);
			invert = false;
		}
	}
	if (invert)
		xtables_error(PARAMETER_PROBLEM, "\"!\" ends the rule");
	xtables_option_mfcall(smtp25);
}

/* False if libxtables or the plugin refused (exit_err). */
static bool options_ok(int argc, char **argv)
{
	if (setjmp(on_error))
		return false;
	options(argc, argv);
	return true;
}

/*
 * The options of one "-m smtp25", words split at spaces ('' stands for
 * an empty word), into a new entry. NULL if refused: error_msg says why.
 */
static struct xt_entry_match *parse(const char *args)
{
	char buf[512], *argv[32], *w, *save = NULL;
	struct xt_entry_match *m;
	int argc = 1;

	assert_true(strlen(args) < sizeof(buf));
	strcpy(buf, args);
	argv[0] = "iptables";
	for (w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		assert_true(argc < (int)ARRAY_SIZE(argv) - 1);
		argv[argc++] = strcmp(w, "''") ? w : "";
	}
	argv[argc] = NULL;

	m = entry_new(smtp25->revision, smtp25->size);
	smtp25->m = m;
	smtp25->mflags = 0;
	error_msg[0] = '\0';
	if (!options_ok(argc, argv)) {
		free(m);
		m = NULL;
	}
	smtp25->m = NULL;
	return m;
}

/* What save (or print, for iptables -L) writes for m. */
static char *dump(const struct xt_entry_match *m, bool listing)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len), *out = stdout;

	assert_non_null(f);
	fflush(stdout);
	stdout = f;
	if (listing)
		smtp25->print(NULL, m, 0);
	else
		smtp25->save(NULL, m);
	stdout = out;
	fclose(f);
	return text;
}

static void expect_saved(const char *args, const char *want)
{
	struct xt_entry_match *m = parse(args), *again;
	char *text;

	if (!m)
		fail_msg("\"%s\" refused: %s", args, error_msg);
	text = dump(m, false);
	if (strcmp(text, want))
		fail_msg("\"%s\" saved as \"%s\", expected \"%s\"", args, text,
			 want);
	/* What was saved must restore to the same rule. */
	again = parse(text + 1);
	if (!again)
		fail_msg("\"%s\" does not parse back: %s", text, error_msg);
	assert_memory_equal(m->data, again->data, smtp25->userspacesize);
	free(again);
	free(text);
	free(m);
}

static void expect_refused(const char *args, const char *want)
{
	struct xt_entry_match *m = parse(args);

	if (m) {
		free(m);
		fail_msg("\"%s\" accepted, expected a refusal", args);
	}
	if (!strstr(error_msg, want))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", args,
			 error_msg, want);
}

/* Revision 0's options: the same text whichever revision carries them. */
static const struct {
	const char *args, *saved;
} rev0_rules[] = {
	{"--src-type dynamic", NULL},
	{"--dst-type relay", NULL},
	{"--src-type none", NULL},
	{"--src-type quarantine,dynamic", "--src-type dynamic,quarantine"},
	{"--dst-type relay,none,quarantine,dynamic",
	 "--dst-type none,dynamic,relay,quarantine"},
	{"! --src-type dynamic", NULL},
	{"--src-pool A.b_c-9", NULL},
	{"--src-pool abcdefghijklmnopqrstuvwxyz01234", NULL},
	{"--dst-pool b --src-pool a --dst-type relay --src-type dynamic",
	 "--src-type dynamic --dst-type relay --src-pool a --dst-pool b"},
	{"! --src-type dynamic ! --dst-type quarantine ! --src-pool a "
	 "! --dst-pool b", NULL},
};

static const struct {
	const char *args, *want;
} rev0_refused[] = {
	{"", "at least one of --src-type"},
	{"--src-type", "requires an argument"},
	{"--src-type dyn", "unknown pool type \"dyn\""},
	{"--src-type Dynamic", "unknown pool type"},
	{"--src-type dynamic,,relay", "empty pool type"},
	{"--src-type dynamic,", "empty pool type"},
	{"--src-type ,dynamic", "empty pool type"},
	{"--src-type dynamic,dynamic", "\"dynamic\" given twice"},
	{"--src-type dynamic --src-type relay", "can only be used once"},
	{"--src-pool a --src-pool b", "can only be used once"},
	{"--src-pool ''", "1 to 31 characters"},
	{"--src-pool abcdefghijklmnopqrstuvwxyz012345", "1 to 31 characters"},
	{"--src-pool a/b", "invalid character"},
	{"--dst-pool a:b", "invalid character"},
	{"--src dynamic", "unknown option"},
	{"--bogus", "unknown option"},
};

static void test_rev0_options(void **state)
{
	char want[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(rev0_rules); i++) {
		snprintf(want, sizeof(want), " %s", rev0_rules[i].saved ?
			 rev0_rules[i].saved : rev0_rules[i].args);
		expect_saved(rev0_rules[i].args, want);
	}
	for (i = 0; i < ARRAY_SIZE(rev0_refused); i++)
		expect_refused(rev0_refused[i].args, rev0_refused[i].want);
}

/* -L puts "!" after the option's name, except where there is no value. */
static void test_listing(void **state)
{
	struct xt_entry_match *m;
	char *text;

	(void)state;
	m = parse("--src-type quarantine,dynamic ! --dst-pool x");
	assert_non_null(m);
	text = dump(m, true);
	assert_string_equal(text, " smtp25 src-type dynamic,quarantine "
			    "dst-pool ! x");
	free(text);
	free(m);
#if KERNEL_REV >= 1
	m = parse("--record allowed ! --over-limit --src-type relay");
	assert_non_null(m);
	text = dump(m, true);
	assert_string_equal(text, " smtp25 src-type relay ! over-limit "
			    "record allowed");
	free(text);
	free(m);
#endif
}

#if KERNEL_REV == 0

/* Without revision 1 in the kernel, iptables sends revision 0. */
static void test_rev0_chosen(void **state)
{
	const struct xt_smtp25_info *info;
	struct xt_entry_match *m;

	(void)state;
	assert_int_equal(smtp25->revision, 0);
	assert_int_equal(smtp25->size, XT_ALIGN(sizeof(*info)));
	m = parse("! --src-type dynamic,quarantine --dst-pool relays");
	assert_non_null(m);
	info = (const void *)m->data;
	assert_int_equal(info->flags, XT_SMTP25_SRC | XT_SMTP25_DST_POOL);
	assert_int_equal(info->invert, XT_SMTP25_SRC);
	assert_int_equal(info->src_types, 1 << SMTP25_POOL_DYNAMIC |
			 1 << SMTP25_POOL_QUARANTINE);
	assert_int_equal(info->dst_types, 0);
	assert_string_equal(info->dst_pool, "relays");
	assert_int_equal(info->src_pool[0], 0);
	free(m);
}

/* The new options are refused with a reason, not as unknown. */
static void test_rev1_options_need_rev1(void **state)
{
	(void)state;
	expect_refused("--src-type relay --over-limit",
		       "--over-limit needs revision 1 of the match");
	expect_refused("! --over-limit", "--over-limit needs revision 1");
	expect_refused("--record blocked", "--record needs revision 1");
	expect_refused("! --record blocked", "cannot be inverted");
}

#else

static void test_rev1_chosen(void **state)
{
	struct xt_smtp25_info_v1 want = {
		.flags = XT_SMTP25_SRC | XT_SMTP25_OVER_LIMIT |
			 XT_SMTP25_RECORD,
		.invert = XT_SMTP25_OVER_LIMIT,
		.src_types = 1 << SMTP25_POOL_RELAY,
		.record = XT_SMTP25_RECORD_ALLOWED,
	};
	struct xt_entry_match *m;

	(void)state;
	assert_int_equal(smtp25->revision, 1);
	assert_int_equal(smtp25->size, XT_ALIGN(sizeof(want)));
	assert_int_equal(smtp25->userspacesize, sizeof(want));
	m = parse("--src-type relay ! --over-limit --record allowed");
	assert_non_null(m);
	/* Every other byte, reserved and the unused pool names, is zero. */
	assert_memory_equal(m->data, &want, sizeof(want));
	free(m);
	m = parse("--record blocked --dst-pool q");
	assert_non_null(m);
	assert_int_equal(((struct xt_smtp25_info_v1 *)m->data)->record,
			 XT_SMTP25_RECORD_BLOCKED);
	free(m);
}

static void test_rev1_options(void **state)
{
	static const struct {
		const char *args, *saved;
	} ok[] = {
		{"--over-limit", NULL},
		{"! --over-limit", NULL},
		{"--record blocked", NULL},
		{"--record allowed", NULL},
		{"--src-type relay --over-limit --record blocked", NULL},
		{"--src-type relay ! --over-limit --record allowed", NULL},
		/* Printed in the order the kernel tests them. */
		{"--record blocked --over-limit --src-pool premium",
		 "--src-pool premium --over-limit --record blocked"},
		{"--record allowed ! --over-limit ! --dst-type none "
		 "! --src-type dynamic,quarantine",
		 "! --src-type dynamic,quarantine ! --dst-type none "
		 "! --over-limit --record allowed"},
	};
	static const struct {
		const char *args, *want;
	} bad[] = {
		{"--record", "requires an argument"},
		{"--record maybe", "\"maybe\" is neither blocked nor allowed"},
		{"--record Blocked", "neither blocked nor allowed"},
		{"--record ''", "neither blocked nor allowed"},
		{"--record blocked,allowed", "neither blocked nor allowed"},
		{"! --record blocked", "cannot be inverted"},
		{"--record blocked --record allowed", "can only be used once"},
		{"--record blocked --record blocked", "can only be used once"},
		{"--over-limit --over-limit", "can only be used once"},
		{"--over-limit ! --over-limit", "can only be used once"},
		{"--over-limit blocked", "Bad argument"},
	};
	char want[256];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(ok); i++) {
		snprintf(want, sizeof(want), " %s",
			 ok[i].saved ? ok[i].saved : ok[i].args);
		expect_saved(ok[i].args, want);
	}
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		expect_refused(bad[i].args, bad[i].want);
}

/*
 * iptables-nft 1.8.9 lists a rule the kernel holds as revision 0 (made
 * by an older plugin, or before revision 1 was there) through revision
 * 1's save: it must read revision 0's layout.
 */
static void test_rev0_rule_through_rev1(void **state)
{
	const struct xt_smtp25_info v0 = {
		.flags = XT_SMTP25_SRC | XT_SMTP25_DST_POOL,
		.invert = XT_SMTP25_DST_POOL,
		.src_types = 1 << SMTP25_POOL_DYNAMIC |
			     1 << SMTP25_POOL_QUARANTINE,
		.dst_pool = "relays",
	};
	struct xt_entry_match *m = entry_new(0, XT_ALIGN(sizeof(v0)));
	char *text;

	(void)state;
	memcpy(m->data, &v0, sizeof(v0));
	text = dump(m, false);
	assert_string_equal(text, " --src-type dynamic,quarantine "
			    "! --dst-pool relays");
	free(text);
	/* A revision it does not know, or data too short for its own. */
	m->u.user.revision = 2;
	text = dump(m, false);
	assert_string_equal(text, " [unsupported revision]");
	free(text);
	free(m);
	m = entry_new(1, sizeof(struct xt_smtp25_info));
	text = dump(m, true);
	assert_string_equal(text, " smtp25 [unsupported revision]");
	free(text);
	free(m);
}

#endif

static int setup(void **state)
{
	static struct option none[] = { {0} };

	(void)state;
	/* Only the plugin just built, never an installed one. */
	setenv("XTABLES_LIBDIR", PLUGIN_DIR, 1);
	if (xtables_init_all(&test_globals, KERNEL_REV ? NFPROTO_IPV4 :
							  NFPROTO_IPV6) < 0)
		return -1;
	if (setjmp(on_error)) {
		fprintf(stderr, "loading the plugin: %s\n", error_msg);
		return -1;
	}
	smtp25 = xtables_find_match("smtp25", XTF_LOAD_MUST_SUCCEED, NULL);
	smtp25_opts = xtables_options_xfrm(none, NULL, smtp25->x6_options,
					   &smtp25->option_offset);
	return smtp25_opts ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(smtp25_opts);
	xtables_fini();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rev0_options),
		cmocka_unit_test(test_listing),
#if KERNEL_REV == 0
		cmocka_unit_test(test_rev0_chosen),
		cmocka_unit_test(test_rev1_options_need_rev1),
#else
		cmocka_unit_test(test_rev1_chosen),
		cmocka_unit_test(test_rev1_options),
		cmocka_unit_test(test_rev0_rule_through_rev1),
#endif
	};

	return cmocka_run_group_tests_name(KERNEL_REV ? "libxt_smtp25 rev 1" :
					   "libxt_smtp25 rev 0", tests, setup,
					   teardown);
}
