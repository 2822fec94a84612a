// SPDX-License-Identifier: GPL-2.0-or-later
/* monitor: one line per change the kernel announces on "events". */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ctl.h"
#include "event.h"

struct monitor {
	uint16_t family;
	bool json;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct monitor *m = data;

	if (nlh->nlmsg_type != m->family ||
	    ctl_event_print(stdout, nlh, m->json))
		return MNL_CB_OK;	/* not an event we can read: skip */
	/* a reader (tail, a script) sees each event as it happens */
	if (fflush(stdout))
		return MNL_CB_ERROR;
	return MNL_CB_OK;
}

int ctl_monitor(struct ctl *c, const struct ctl_cmd *cmd)
{
	struct monitor m = { .family = c->nl.family, .json = c->json };
	struct ctl_nlerr e;
	ssize_t n;

	(void)cmd;
	if (ctl_nl_subscribe(&c->nl, &e)) {
		if (e.error == ENOENT) {
			ctl_err(c, "the smtp25 module has no \"events\" group");
			return CTL_EXIT_REFUSED;
		}
		return ctl_kernel_err(c, &e, "cannot join the events group");
	}
	for (;;) {
		n = mnl_socket_recvfrom(c->nl.sock, c->nl.rx, CTL_RX_SIZE);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* we were too slow: say so, keep going */
				ctl_err(c, "events were lost (receive buffer overflow)");
				continue;
			}
			ctl_err(c, "receiving events: %s", strerror(errno));
			return CTL_EXIT_REFUSED;
		}
		if (mnl_cb_run(c->nl.rx, (size_t)n, 0, 0, event_cb, &m) < 0) {
			if (errno == EPIPE || ferror(stdout))
				return CTL_EXIT_OK;	/* the reader went away */
			ctl_err(c, "reading events: %s", strerror(errno));
			return CTL_EXIT_REFUSED;
		}
	}
}
