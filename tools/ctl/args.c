// SPDX-License-Identifier: GPL-2.0-or-later
/* The command grammar: words to a checked command. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smtp25.h>

#include "args.h"
#include "names.h"
#include "num.h"

static int usage(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int usage(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return CTL_EXIT_USAGE;
}

static int refused(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int refused(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return CTL_EXIT_REFUSED;
}

int ctl_pool_name_check(const char *name, char *err, size_t errsz)
{
	size_t len = strlen(name), i;

	for (i = 0; i < len; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= 'A' && name[i] <= 'Z') ||
		      (name[i] >= '0' && name[i] <= '9') ||
		      strchr("._-", name[i])))
			break;
	if (!len || len >= SMTP25_POOL_NAME_LEN || i < len)
		return refused(err, errsz,
			       "a pool name is 1 to 31 characters of A-Z a-z 0-9 . _ -");
	return CTL_EXIT_OK;
}

/* "pool add NAME type TYPE [comment TEXT]": keywords in any order. */
static int parse_pool_add(int argc, char *const argv[], struct ctl_cmd *cmd,
			  char *err, size_t errsz)
{
	bool have_type = false;
	int i;

	for (i = 0; i < argc; i += 2) {
		if (i + 1 >= argc)
			return usage(err, errsz, "pool add: '%s' needs a value",
				     argv[i]);
		if (strcmp(argv[i], "type") == 0 && !have_type) {
			cmd->type = ctl_pool_type_parse(argv[i + 1]);
			if (cmd->type < 0)
				return usage(err, errsz,
					     "pool add: unknown type '%s' (dynamic, relay or quarantine)",
					     argv[i + 1]);
			have_type = true;
		} else if (strcmp(argv[i], "comment") == 0 && !cmd->comment) {
			cmd->comment = argv[i + 1];
			if (strlen(cmd->comment) >= SMTP25_COMMENT_LEN)
				return refused(err, errsz,
					       "a comment is at most %d bytes",
					       SMTP25_COMMENT_LEN - 1);
		} else if (strcmp(argv[i], "type") == 0 ||
			   strcmp(argv[i], "comment") == 0) {
			return usage(err, errsz, "pool add: '%s' given twice",
				     argv[i]);
		} else {
			return usage(err, errsz,
				     "pool add: unexpected '%s' (type or comment)",
				     argv[i]);
		}
	}
	if (!have_type)
		return usage(err, errsz,
			     "pool add: missing 'type dynamic|relay|quarantine'");
	return CTL_EXIT_OK;
}

/* Every PREFIX word into cmd->prefixes, remembering where each came from. */
static int parse_prefixes(int argc, char *const argv[], struct ctl_cmd *cmd,
			  char *err, size_t errsz)
{
	char why[S25_ERRLEN];
	size_t before, i;
	int a;

	cmd->args = argv;
	cmd->nargs = (size_t)argc;
	for (a = 0; a < argc; a++) {
		before = cmd->prefixes.len;
		if (s25_prefix_arg_parse(argv[a], strlen(argv[a]),
					 &cmd->prefixes, why, sizeof(why)))
			return refused(err, errsz, "%s", why);
		if (cmd->prefixes.len > before) {
			size_t *n = realloc(cmd->arg_of, cmd->prefixes.cap *
					    sizeof(*cmd->arg_of));

			if (!n)
				return refused(err, errsz, "out of memory");
			cmd->arg_of = n;
			for (i = before; i < cmd->prefixes.len; i++)
				cmd->arg_of[i] = (size_t)a;
		}
	}
	return CTL_EXIT_OK;
}

static int parse_addrs(int argc, char *const argv[], struct ctl_cmd *cmd,
		       char *err, size_t errsz)
{
	char why[S25_ERRLEN];
	int a;

	cmd->args = argv;
	cmd->nargs = (size_t)argc;
	cmd->addrs = calloc((size_t)argc, sizeof(*cmd->addrs));
	if (!cmd->addrs)
		return refused(err, errsz, "out of memory");
	for (a = 0; a < argc; a++) {
		if (s25_addr_parse(argv[a], strlen(argv[a]),
				   &cmd->addrs[a].family, cmd->addrs[a].addr,
				   why, sizeof(why)))
			return refused(err, errsz, "%s", why);
	}
	cmd->naddrs = (size_t)argc;
	return CTL_EXIT_OK;
}

/* The verbs of one object, with how many words follow each. */
struct verb {
	const char *name;
	enum ctl_op op;
	int min_args;		/* after the verb */
	int max_args;		/* -1: any number */
	const char *synopsis;
};

static const struct verb pool_verbs[] = {
	{ "add", CTL_POOL_ADD, 3, -1,
	  "pool add NAME type dynamic|relay|quarantine [comment TEXT]" },
	{ "del", CTL_POOL_DEL, 1, 1, "pool del NAME" },
	{ "list", CTL_POOL_LIST, 0, 0, "pool list" },
	{ "show", CTL_POOL_SHOW, 1, 1, "pool show NAME" },
	{ "load", CTL_POOL_LOAD, 2, 2, "pool load NAME FILE|-" },
	{ "set", CTL_POOL_SET, 1, -1,
	  "pool set NAME [limit-host RATE] [limit-pool RATE] [quarantine-after N] [quarantine-dests N] [window SECONDS] [expires SECONDS] [account-prefix6 LENGTH]" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct verb prefix_verbs[] = {
	{ "add", CTL_PREFIX_ADD, 2, -1, "prefix add NAME PREFIX..." },
	{ "del", CTL_PREFIX_DEL, 2, -1, "prefix del NAME PREFIX..." },
	{ "list", CTL_PREFIX_LIST, 0, 1, "prefix list [NAME]" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct verb policy_verbs[] = {
	{ "apply", CTL_POLICY_APPLY, 0, 1, "policy apply [FILE]" },
	{ "remove", CTL_POLICY_REMOVE, 0, 0, "policy remove" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct verb host_verbs[] = {
	{ "show", CTL_HOST_SHOW, 1, 1, "host show ADDR" },
	{ "list", CTL_HOST_LIST, 0, 2, "host list [pool NAME]" },
	{ "flush", CTL_HOST_FLUSH, 0, 1, "host flush [ADDR]" },
	{ NULL, 0, 0, 0, NULL },
};

static const struct verb quar_verbs[] = {
	{ "add", CTL_QUAR_ADD, 1, 5,
	  "quarantine add ADDR [expires SECONDS] [offences N]" },
	{ "remember", CTL_QUAR_REMEMBER, 3, 5,
	  "quarantine remember ADDR offences N [released SECONDS]" },
	{ "del", CTL_QUAR_DEL, 1, 1, "quarantine del ADDR" },
	{ "forget", CTL_QUAR_FORGET, 1, 1, "quarantine forget ADDR" },
	{ "list", CTL_QUAR_LIST, 0, 1, "quarantine list [--all]" },
	{ NULL, 0, 0, 0, NULL },
};

/* Objects without verbs: the word itself is the command. */
static const struct verb commands[] = {
	{ "lookup", CTL_LOOKUP, 1, -1, "lookup ADDR..." },
	{ "stats", CTL_STATS, 0, 1, "stats [--prometheus]" },
	{ "monitor", CTL_MONITOR, 0, 0, "monitor" },
	{ "save", CTL_SAVE, 0, 0, "save" },
	{ "top", CTL_TOP, 0, 4, "top [-n N|all] [pool NAME]" },
	{ NULL, 0, 0, 0, NULL },
};

/* Objects with verbs. */
static const struct object {
	const char *name;
	const struct verb *verbs;
	const char *verb_list;		/* for "missing ..." */
} objects[] = {
	{ "pool", pool_verbs, "add, del, list, show, load or set" },
	{ "prefix", prefix_verbs, "add, del or list" },
	{ "policy", policy_verbs, "apply or remove" },
	{ "host", host_verbs, "show, list or flush" },
	{ "quarantine", quar_verbs, "add, remember, del, forget or list" },
	{ NULL, NULL, NULL },
};

static const struct verb *find(const struct verb *v, const char *name)
{
	for (; v->name; v++)
		if (strcmp(v->name, name) == 0)
			return v;
	return NULL;
}

/* "pool NAME" (top, host list): the only words these take but -n. */
static int parse_pool_word(const char *word, const char *name,
			   const struct verb *v, struct ctl_cmd *cmd,
			   char *err, size_t errsz)
{
	if (strcmp(word, "pool") != 0)
		return usage(err, errsz, "usage: %s", v->synopsis);
	if (cmd->pool)
		return usage(err, errsz, "%s: 'pool' given twice", v->name);
	cmd->pool = name;
	return ctl_pool_name_check(name, err, errsz);
}

/* "top [-n N|all] [pool NAME]", in either order; "-n N" also as "-nN". */
static int parse_top(int argc, char *const argv[], const struct verb *v,
		     struct ctl_cmd *cmd, char *err, size_t errsz)
{
	bool have_n = false;
	const char *n;
	uint64_t rows;
	int i, rc;

	cmd->count = CTL_TOP_DEFAULT;
	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "-n", 2) != 0) {
			if (i + 1 >= argc)
				return usage(err, errsz, "usage: %s",
					     v->synopsis);
			rc = parse_pool_word(argv[i], argv[i + 1], v, cmd, err,
					     errsz);
			if (rc)
				return rc;
			i++;
			continue;
		}
		if (have_n)
			return usage(err, errsz, "top: '-n' given twice");
		have_n = true;
		if (argv[i][2]) {
			n = argv[i] + 2;
		} else if (i + 1 < argc) {
			n = argv[++i];
		} else {
			return usage(err, errsz, "top: '-n' needs a number");
		}
		if (strcmp(n, "all") == 0) {
			cmd->count = 0;
		} else if (ctl_num_parse(n, SIZE_MAX, &rows) || rows == 0) {
			return refused(err, errsz,
				       "top: -n takes a number of rows from 1, or all (not '%s')",
				       n);
		} else {
			cmd->count = (size_t)rows;
		}
	}
	return CTL_EXIT_OK;
}

/* "offences N" of quarantine add: 1..SMTP25_QUAR_OFFENCES_MAX. */
static int parse_offences(const char *word, uint32_t *v, char *err,
			  size_t errsz)
{
	uint64_t n;

	if (ctl_num_parse(word, SMTP25_QUAR_OFFENCES_MAX, &n) || n == 0)
		return refused(err, errsz,
			       "offences: '%s' is not a count from 1 to %u (this quarantine included)",
			       word, SMTP25_QUAR_OFFENCES_MAX);
	*v = (uint32_t)n;
	return CTL_EXIT_OK;
}

/* "quarantine add ADDR [expires SECONDS] [offences N]", in either order */
static int parse_quar_add(int argc, char *const argv[], const struct verb *v,
			  struct ctl_cmd *cmd, char *err, size_t errsz)
{
	int i, rc;

	if (argc % 2 == 0)
		return usage(err, errsz, "usage: %s", v->synopsis);
	rc = parse_addrs(1, argv, cmd, err, errsz);
	for (i = 1; rc == 0 && i < argc; i += 2) {
		if (strcmp(argv[i], "expires") == 0 &&
		    !(cmd->settings.given & CTL_SET_EXPIRES)) {
			if (ctl_expires_parse(argv[i + 1],
					      &cmd->settings.expires, err,
					      errsz))
				return CTL_EXIT_REFUSED;
			cmd->settings.given = CTL_SET_EXPIRES;
		} else if (strcmp(argv[i], "offences") == 0 &&
			   !cmd->offences) {
			rc = parse_offences(argv[i + 1], &cmd->offences, err,
					    errsz);
		} else {
			return usage(err, errsz, "usage: %s", v->synopsis);
		}
	}
	return rc;
}

/*
 * "quarantine remember ADDR offences N [released SECONDS]", in either
 * order: a host released SECONDS ago (default 0, just now) remembered
 * with its count of offences, as "save" writes it.
 */
static int parse_quar_remember(int argc, char *const argv[],
			       const struct verb *v, struct ctl_cmd *cmd,
			       char *err, size_t errsz)
{
	bool have_released = false;
	uint64_t n;
	int i, rc;

	if (argc % 2 == 0)
		return usage(err, errsz, "usage: %s", v->synopsis);
	rc = parse_addrs(1, argv, cmd, err, errsz);
	for (i = 1; rc == 0 && i < argc; i += 2) {
		if (strcmp(argv[i], "offences") == 0 && !cmd->offences) {
			rc = parse_offences(argv[i + 1], &cmd->offences, err,
					    errsz);
		} else if (strcmp(argv[i], "released") == 0 &&
			   !have_released) {
			if (ctl_num_parse(argv[i + 1], UINT32_MAX, &n))
				return refused(err, errsz,
					       "released: '%s' is not a number of seconds (how long ago)",
					       argv[i + 1]);
			cmd->released = (uint32_t)n;
			have_released = true;
		} else {
			return usage(err, errsz, "usage: %s", v->synopsis);
		}
	}
	if (rc == 0 && !cmd->offences)
		return usage(err, errsz,
			     "quarantine remember: missing 'offences N' (the host's count)");
	return rc;
}

int ctl_cmd_parse(int argc, char *const argv[], struct ctl_cmd *cmd,
		  char *err, size_t errsz)
{
	const struct object *o;
	const struct verb *v;
	int rc;

	memset(cmd, 0, sizeof(*cmd));
	if (argc < 1)
		return usage(err, errsz, "no command");
	for (o = objects; o->name; o++)
		if (strcmp(argv[0], o->name) == 0)
			break;
	if (o->name) {
		if (argc < 2)
			return usage(err, errsz, "%s: missing %s", o->name,
				     o->verb_list);
		v = find(o->verbs, argv[1]);
		if (!v)
			return usage(err, errsz, "%s: unknown command '%s'",
				     argv[0], argv[1]);
		argc -= 2;
		argv += 2;
	} else {
		v = find(commands, argv[0]);
		if (!v)
			return usage(err, errsz, "unknown command '%s'",
				     argv[0]);
		argc -= 1;
		argv += 1;
	}
	if (argc < v->min_args || (v->max_args >= 0 && argc > v->max_args))
		return usage(err, errsz, "usage: %s", v->synopsis);
	cmd->op = v->op;
	switch (v->op) {
	case CTL_POOL_ADD:
	case CTL_POOL_DEL:
	case CTL_POOL_SHOW:
	case CTL_POOL_LOAD:
	case CTL_POOL_SET:
	case CTL_PREFIX_ADD:
	case CTL_PREFIX_DEL:
	case CTL_PREFIX_LIST:
		if (argc == 0)
			break;	/* prefix list of every pool */
		cmd->pool = argv[0];
		rc = ctl_pool_name_check(cmd->pool, err, errsz);
		if (rc)
			return rc;
		break;
	default:
		break;
	}
	switch (v->op) {
	case CTL_POOL_ADD:
		return parse_pool_add(argc - 1, argv + 1, cmd, err, errsz);
	case CTL_POOL_LOAD:
		cmd->file = argv[1];
		if (!cmd->file[0])
			return usage(err, errsz, "pool load: empty file name");
		break;
	case CTL_POOL_SET:
		return ctl_settings_parse(argc - 1, argv + 1, &cmd->settings,
					  err, errsz);
	case CTL_POLICY_APPLY:
		cmd->file = argc ? argv[0] : NULL;
		break;
	case CTL_PREFIX_ADD:
	case CTL_PREFIX_DEL:
		return parse_prefixes(argc - 1, argv + 1, cmd, err, errsz);
	case CTL_LOOKUP:
	case CTL_HOST_SHOW:
	case CTL_HOST_FLUSH:
	case CTL_QUAR_DEL:
	case CTL_QUAR_FORGET:
		return parse_addrs(argc, argv, cmd, err, errsz);
	case CTL_QUAR_ADD:
		return parse_quar_add(argc, argv, v, cmd, err, errsz);
	case CTL_QUAR_REMEMBER:
		return parse_quar_remember(argc, argv, v, cmd, err, errsz);
	case CTL_QUAR_LIST:
		if (argc && strcmp(argv[0], "--all") != 0)
			return usage(err, errsz, "usage: %s", v->synopsis);
		cmd->all = argc == 1;
		break;
	case CTL_HOST_LIST:
		if (argc == 0)
			break;
		if (argc != 2)
			return usage(err, errsz, "usage: %s", v->synopsis);
		return parse_pool_word(argv[0], argv[1], v, cmd, err, errsz);
	case CTL_TOP:
		return parse_top(argc, argv, v, cmd, err, errsz);
	case CTL_STATS:
		if (argc && strcmp(argv[0], "--prometheus") != 0)
			return usage(err, errsz, "usage: %s", v->synopsis);
		cmd->prometheus = argc == 1;
		break;
	default:
		break;
	}
	return CTL_EXIT_OK;
}

void ctl_cmd_free(struct ctl_cmd *cmd)
{
	s25_prefix_vec_free(&cmd->prefixes);
	free(cmd->arg_of);
	free(cmd->addrs);
	memset(cmd, 0, sizeof(*cmd));
}
