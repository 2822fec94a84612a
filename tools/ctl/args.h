/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The command grammar, from words to a checked command; the same for the
 * command line and for each line of a batch.  Nothing here talks to the
 * kernel: a command that parses can still be refused by it.
 *
 *   pool add NAME type dynamic|relay|quarantine [comment TEXT]
 *   pool del NAME | pool list | pool show NAME | pool load NAME FILE|-
 *   pool set NAME SETTING VALUE...  (see settings.h)
 *   prefix add NAME PREFIX... | prefix del NAME PREFIX... | prefix list [NAME]
 *   lookup ADDR... | stats [--prometheus] | monitor | save
 *   top [-n N|all] [pool NAME]
 *   host show ADDR | host list [pool NAME] | host flush [ADDR]
 *   quarantine add ADDR [expires SECONDS] [offences N]
 *   quarantine remember ADDR offences N [released SECONDS]
 *   quarantine del ADDR | quarantine forget ADDR
 *   quarantine list [--all]
 */
#ifndef CTL_ARGS_H
#define CTL_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "prefix.h"
#include "settings.h"

enum ctl_op {
	CTL_POOL_ADD,
	CTL_POOL_DEL,
	CTL_POOL_LIST,
	CTL_POOL_SHOW,
	CTL_POOL_LOAD,
	CTL_POOL_SET,
	CTL_PREFIX_ADD,
	CTL_PREFIX_DEL,
	CTL_PREFIX_LIST,
	CTL_LOOKUP,
	CTL_STATS,
	CTL_MONITOR,
	CTL_SAVE,
	CTL_POLICY_APPLY,
	CTL_POLICY_REMOVE,
	CTL_TOP,
	CTL_HOST_SHOW,
	CTL_HOST_LIST,
	CTL_HOST_FLUSH,
	CTL_QUAR_ADD,
	CTL_QUAR_DEL,
	CTL_QUAR_LIST,
	CTL_QUAR_REMEMBER,
	CTL_QUAR_FORGET,
};

/* Rows top shows unless told otherwise. */
#define CTL_TOP_DEFAULT 10

struct ctl_cmd {
	enum ctl_op op;
	const char *pool;		/* NULL: prefix list, top, host list
					 * of every pool */
	int type;			/* pool add: enum smtp25_pool_type */
	const char *comment;		/* pool add: NULL if none given */
	const char *file;		/* pool load; policy apply (NULL: default) */
	struct ctl_settings settings;	/* pool set; quarantine add's
					 * expires */
	/* prefix add/del: the prefixes (ranges expanded), and for each the
	 * index in args of the PREFIX word it came from */
	struct s25_prefix_vec prefixes;
	size_t *arg_of;
	char *const *args;		/* prefix add/del, lookup: the words */
	size_t nargs;
	struct ctl_addr *addrs;		/* lookup, host, quarantine */
	size_t naddrs;
	size_t count;			/* top: rows, 0 for all */
	uint32_t offences;		/* quarantine add: 0 if not given;
					 * quarantine remember: given */
	uint32_t released;		/* quarantine remember: seconds ago */
	bool prometheus;		/* stats --prometheus */
	bool all;			/* quarantine list --all */
};

/* Exit codes (documented in smtp25ctl(8)). */
enum ctl_exit {
	CTL_EXIT_OK = 0,
	CTL_EXIT_REFUSED = 1,	/* the kernel or the input refused something */
	CTL_EXIT_USAGE = 2,
	CTL_EXIT_NOMODULE = 3,
	CTL_EXIT_PERM = 4,
};

/*
 * Parse argv[0 .. argc) (argv[0] is the object: "pool", "prefix", ...).
 * Returns CTL_EXIT_OK, or CTL_EXIT_USAGE (not the grammar) or
 * CTL_EXIT_REFUSED (a value that cannot be right: bad prefix, address,
 * pool name, comment) with a one-line reason in err.  The command points
 * into argv, which must outlive it; release it with ctl_cmd_free().
 */
int ctl_cmd_parse(int argc, char *const argv[], struct ctl_cmd *cmd,
		  char *err, size_t errsz);

void ctl_cmd_free(struct ctl_cmd *cmd);

/* The kernel's rule for pool names, checked before asking it. */
int ctl_pool_name_check(const char *name, char *err, size_t errsz);

#endif
