// SPDX-License-Identifier: GPL-2.0-or-later
/* monitor: one line per change the kernel announces on "events". */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <linux/genetlink.h>

#include "ctl.h"
#include "json.h"
#include "msg.h"
#include "names.h"

struct monitor {
	uint16_t family;
	bool json;
};

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[CTL_TB_SIZE];
	const struct monitor *m = data;
	const char *event, *pool = NULL;
	uint64_t generation = 0;
	bool have_gen = false;
	char unknown[16];
	struct ctl_json j;

	if (nlh->nlmsg_type != m->family ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    ctl_msg_parse(nlh, tb))
		return MNL_CB_OK;	/* not an event we can read: skip */
	event = ctl_event_name(genl->cmd);
	if (!event) {
		snprintf(unknown, sizeof(unknown), "cmd_%u", genl->cmd);
		event = unknown;
	}
	if (tb[SMTP25_A_POOL_NAME])
		pool = mnl_attr_get_str(tb[SMTP25_A_POOL_NAME]);
	if (tb[SMTP25_A_GENERATION]) {
		generation = mnl_attr_get_u64(tb[SMTP25_A_GENERATION]);
		have_gen = true;
	}
	if (m->json) {
		ctl_json_init(&j, stdout);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "event");
		ctl_json_string(&j, event);
		ctl_json_key(&j, "pool");
		ctl_json_string_or_null(&j, pool);
		ctl_json_key(&j, "generation");
		if (have_gen)
			ctl_json_u64(&j, generation);
		else
			ctl_json_null(&j);
		ctl_json_end_object(&j);
		ctl_json_end_line(&j);
	} else {
		printf("%s pool %s generation ", event, pool ? pool : "-");
		if (have_gen)
			printf("%" PRIu64 "\n", generation);
		else
			printf("-\n");
	}
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
