/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every command gets: the options, where we are (for batch error
 * messages), the netlink socket (opened on first use, so a usage error
 * never needs the module), and the error reporting that maps failures to
 * smtp25ctl's exit codes.
 */
#ifndef CTL_CTL_H
#define CTL_CTL_H

#include <stdbool.h>

#include "args.h"
#include "msg.h"
#include "nl.h"

#define CTL_PROG "smtp25ctl"

/* Dumps raced by changes are redone, silently at first. */
#define CTL_DUMP_TRIES 10
#define CTL_DUMP_QUIET_TRIES 3

struct ctl {
	bool json;		/* -j */
	const char *where;	/* "FILE:LINE" of the batch command running */
	bool stdin_used;	/* the batch itself is read from "-" */
	bool connected;
	struct ctl_nl nl;
};

/* Open the socket if not yet done.  Returns an exit code (0: ready). */
int ctl_connect(struct ctl *c);
void ctl_disconnect(struct ctl *c);

/* "smtp25ctl: [FILE:LINE: ]message" on stderr. */
void ctl_err(const struct ctl *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Report a failed request: the kernel's message (or the errno text),
 * after "what: " when what is not NULL.  Returns the exit code: 4 for a
 * missing CAP_NET_ADMIN, else 1.
 */
int ctl_kernel_err(const struct ctl *c, const struct ctl_nlerr *e,
		   const char *what);

/* Run one parsed command; returns its exit code. */
int ctl_run(struct ctl *c, const struct ctl_cmd *cmd);

/* Run a batch file ("-": standard input); returns the exit code. */
int ctl_run_batch(struct ctl *c, const char *path);

/*
 * The pool called name (a do request) or every pool (a dump), in a
 * malloc()ed array.  Returns 0, or -1 with e filled.
 */
int ctl_pools_get(struct ctl *c, const char *name, struct ctl_pool **pools,
		  size_t *n, struct ctl_nlerr *e);

/*
 * Dump cmd (limited to pool, if not NULL; with the flag attribute flag,
 * if not 0) to cb, calling reset(data) before each try: a dump raced by a
 * change is redone, up to CTL_DUMP_TRIES times.  what names the table in
 * messages ("the host table").  Returns 0, or -1 with e filled.
 */
int ctl_dump_whole(struct ctl *c, uint8_t cmd, const char *pool,
		   uint16_t flag, mnl_cb_t cb, void (*reset)(void *data),
		   void *data, const char *what, struct ctl_nlerr *e);

struct ctl_topn;
struct ctl_host;
struct ctl_quar;

/*
 * The hosts of the accounting table (those last seen in pool, if not
 * NULL) into t, the dump redone when a change raced it.  Returns 0, or
 * -1 with e filled.
 */
int ctl_hosts_get(struct ctl *c, const char *pool, struct ctl_topn *t,
		  struct ctl_nlerr *e);

/*
 * The quarantine records of the hosts in quarantine and, if history, of
 * those released but remembered too, by address, in a malloc()ed array.
 * Returns 0, or -1 with e filled.
 */
int ctl_quars_get(struct ctl *c, bool history, struct ctl_quar **v,
		  size_t *n, struct ctl_nlerr *e);

/* Hosts as a table (top, host list) or, with -j, a JSON array. */
void ctl_print_hosts(const struct ctl *c, const struct ctl_host *v,
		     size_t n);

/* The namespace's counters.  Returns 0, or -1 with e filled. */
int ctl_stats_get(struct ctl *c, struct ctl_stats *st, struct ctl_nlerr *e);

/*
 * Which of the prefixes v[0 .. n), sent in request req, the kernel's
 * error e is about (its cookie, else its attribute offset); -1 if none.
 */
long ctl_refused_prefix(const struct ctl_nlerr *e,
			const struct nlmsghdr *req,
			const struct s25_prefix *v, size_t n);

/* The commands (cmd_*.c). */
int ctl_pool_add(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_pool_del(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_pool_set(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_pool_list(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_pool_load(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_prefix_change(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_prefix_list(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_lookup(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_stats(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_monitor(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_policy(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_save(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_top(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_host_show(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_host_list(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_host_flush(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_quar_add(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_quar_del(struct ctl *c, const struct ctl_cmd *cmd);
int ctl_quar_list(struct ctl *c, const struct ctl_cmd *cmd);

#endif
