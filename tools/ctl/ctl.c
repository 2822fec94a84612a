// SPDX-License-Identifier: GPL-2.0-or-later
/* The command context: connecting, error reporting, dispatch. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"

static void verr(const struct ctl *c, const char *fmt, va_list ap)
{
	fflush(stdout);		/* keep stdout and stderr in order on a tty */
	fputs(CTL_PROG ": ", stderr);
	if (c->where)
		fprintf(stderr, "%s: ", c->where);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void ctl_err(const struct ctl *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verr(c, fmt, ap);
	va_end(ap);
}

static bool is_perm(int error)
{
	return error == EPERM || error == EACCES;
}

static int perm_err(const struct ctl *c)
{
	ctl_err(c, "permission denied: smtp25 needs CAP_NET_ADMIN in the network namespace (run as root)");
	return CTL_EXIT_PERM;
}

int ctl_kernel_err(const struct ctl *c, const struct ctl_nlerr *e,
		   const char *what)
{
	const char *msg = e->msg[0] ? e->msg : strerror(e->error);

	if (is_perm(e->error) && !e->msg[0])
		return perm_err(c);
	if (what)
		ctl_err(c, "%s: %s", what, msg);
	else
		ctl_err(c, "%s", msg);
	return CTL_EXIT_REFUSED;
}

int ctl_connect(struct ctl *c)
{
	struct ctl_nlerr e;

	if (c->connected)
		return CTL_EXIT_OK;
	if (ctl_nl_open(&c->nl, &e)) {
		if (e.error == ENOENT) {
			fflush(stdout);
			fputs("smtp25: kernel module not loaded (modprobe smtp25)\n",
			      stderr);
			return CTL_EXIT_NOMODULE;
		}
		if (is_perm(e.error))
			return perm_err(c);
		return ctl_kernel_err(c, &e, "cannot talk to the kernel");
	}
	c->connected = true;
	return CTL_EXIT_OK;
}

void ctl_disconnect(struct ctl *c)
{
	if (c->connected)
		ctl_nl_close(&c->nl);
	c->connected = false;
}

int ctl_dump_whole(struct ctl *c, uint8_t cmd, const char *pool,
		   uint16_t flag, mnl_cb_t cb, void (*reset)(void *data),
		   void *data, const char *what, struct ctl_nlerr *e)
{
	struct nlmsghdr *nlh;
	int attempt, rc;

	for (attempt = 1;; attempt++) {
		reset(data);
		nlh = ctl_nl_request(&c->nl, cmd, 0);
		if (pool)
			ctl_msg_put_pool(nlh, pool);
		if (flag)
			mnl_attr_put(nlh, flag, 0, NULL);
		rc = ctl_nl_dump(&c->nl, nlh, cb, data, e);
		if (rc < 0) {
			/* Linux 6.1 has no extack while a dump starts */
			if (e->error == ENOENT && !e->msg[0] && pool)
				snprintf(e->msg, sizeof(e->msg),
					 "no pool of this name");
			return -1;
		}
		if (rc == 0)
			return 0;
		if (attempt == CTL_DUMP_TRIES)
			break;
		if (attempt >= CTL_DUMP_QUIET_TRIES)
			ctl_err(c, "%s changed during the dump; dumping again (try %d of %d)",
				what, attempt + 1, CTL_DUMP_TRIES);
	}
	memset(e, 0, sizeof(*e));
	e->error = EAGAIN;
	snprintf(e->msg, sizeof(e->msg), "%s kept changing during the dump",
		 what);
	return -1;
}

int ctl_run(struct ctl *c, const struct ctl_cmd *cmd)
{
	/* a load reads and checks its file before it touches the kernel;
	 * the policy speaks nfnetlink through its own library */
	int rc = cmd->op == CTL_POOL_LOAD || cmd->op == CTL_POLICY_APPLY ||
		 cmd->op == CTL_POLICY_REMOVE ? CTL_EXIT_OK : ctl_connect(c);

	if (rc)
		return rc;
	switch (cmd->op) {
	case CTL_POOL_ADD:
		return ctl_pool_add(c, cmd);
	case CTL_POOL_DEL:
		return ctl_pool_del(c, cmd);
	case CTL_POOL_SET:
		return ctl_pool_set(c, cmd);
	case CTL_POOL_LIST:
	case CTL_POOL_SHOW:
		return ctl_pool_list(c, cmd);
	case CTL_POOL_LOAD:
		return ctl_pool_load(c, cmd);
	case CTL_PREFIX_ADD:
	case CTL_PREFIX_DEL:
		return ctl_prefix_change(c, cmd);
	case CTL_PREFIX_LIST:
		return ctl_prefix_list(c, cmd);
	case CTL_LOOKUP:
		return ctl_lookup(c, cmd);
	case CTL_STATS:
		return ctl_stats(c, cmd);
	case CTL_MONITOR:
		return ctl_monitor(c, cmd);
	case CTL_SAVE:
		return ctl_save(c, cmd);
	case CTL_TOP:
		return ctl_top(c, cmd);
	case CTL_HOST_SHOW:
		return ctl_host_show(c, cmd);
	case CTL_HOST_LIST:
		return ctl_host_list(c, cmd);
	case CTL_HOST_FLUSH:
		return ctl_host_flush(c, cmd);
	case CTL_QUAR_ADD:
	case CTL_QUAR_REMEMBER:
		return ctl_quar_add(c, cmd);
	case CTL_QUAR_DEL:
	case CTL_QUAR_FORGET:
		return ctl_quar_del(c, cmd);
	case CTL_QUAR_LIST:
		return ctl_quar_list(c, cmd);
	case CTL_POLICY_APPLY:
	case CTL_POLICY_REMOVE:
		return ctl_policy(c, cmd);
	}
	return CTL_EXIT_USAGE;
}
