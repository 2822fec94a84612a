// SPDX-License-Identifier: GPL-2.0-or-later
/* One message of the "events" group as "monitor" prints it. */
#include <arpa/inet.h>
#include <inttypes.h>

#include <linux/genetlink.h>

#include "event.h"
#include "json.h"
#include "msg.h"
#include "names.h"
#include "quar.h"
#include "timefmt.h"

static bool is_quar(unsigned int cmd)
{
	return cmd == SMTP25_CMD_QUAR_ADD || cmd == SMTP25_CMD_QUAR_DEL;
}

static void quar_text(FILE *fp, unsigned int cmd, const struct ctl_quar *q)
{
	char addr[INET6_ADDRSTRLEN], when[CTL_TIME_STRLEN];

	fprintf(fp, " address %s reason %s offences %" PRIu32,
		ctl_addr_text(&q->addr, addr, sizeof(addr)),
		ctl_quar_reason(q), q->offences);
	if (q->pool[0])
		fprintf(fp, " caught-in %s", q->pool);
	if (cmd != SMTP25_CMD_QUAR_ADD)
		return;		/* a release has no future */
	fprintf(fp, " expires %s", q->expires ?
		ctl_localtime(q->expires, when, sizeof(when)) : "never");
}

int ctl_event_print(FILE *fp, const struct nlmsghdr *nlh, bool json)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[CTL_TB_SIZE];
	const char *event, *pool = NULL;
	bool have_gen = false, have_q;
	uint64_t generation = 0;
	struct ctl_quar q;
	char unknown[16];
	struct ctl_json j;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*genl) ||
	    ctl_msg_parse(nlh, tb))
		return -1;
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
	/* a record we cannot read still leaves an event worth a line */
	have_q = is_quar(genl->cmd) && tb[SMTP25_A_QUARANTINE] &&
		 ctl_quar_decode(tb[SMTP25_A_QUARANTINE], &q) == 0;
	if (json) {
		ctl_json_init(&j, fp);
		ctl_json_begin_object(&j);
		ctl_json_key(&j, "event");
		ctl_json_string(&j, event);
		ctl_json_key(&j, "pool");
		ctl_json_string_or_null(&j, pool);
		ctl_json_key(&j, "generation");
		ctl_json_u64_or_null(&j, have_gen, generation);
		if (is_quar(genl->cmd)) {
			ctl_json_key(&j, "quarantine");
			if (have_q)
				ctl_quar_json(&j, &q);
			else
				ctl_json_null(&j);
		}
		ctl_json_end_object(&j);
		ctl_json_end_line(&j);
		return 0;
	}
	fprintf(fp, "%s pool %s generation ", event, pool ? pool : "-");
	if (have_gen)
		fprintf(fp, "%" PRIu64, generation);
	else
		fputc('-', fp);
	if (have_q)
		quar_text(fp, genl->cmd, &q);
	fputc('\n', fp);
	return 0;
}
