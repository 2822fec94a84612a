// SPDX-License-Identifier: GPL-2.0-or-later
/* Names smtp25ctl shows for the protocol's numbers, and back. */
#include <string.h>

#include <linux/smtp25.h>

#include "names.h"

static const char *const pool_types[] = {
	[SMTP25_POOL_DYNAMIC] = "dynamic",
	[SMTP25_POOL_RELAY] = "relay",
	[SMTP25_POOL_QUARANTINE] = "quarantine",
};

/* Only the commands the kernel multicasts after a change (pool set is
 * not listed in linux/smtp25.h, but named should a kernel send it). */
static const char *const events[] = {
	[SMTP25_CMD_POOL_NEW] = "pool_new",
	[SMTP25_CMD_POOL_DEL] = "pool_del",
	[SMTP25_CMD_PREFIX_ADD] = "prefix_add",
	[SMTP25_CMD_PREFIX_DEL] = "prefix_del",
	[SMTP25_CMD_REPLACE_COMMIT] = "replace_commit",
	[SMTP25_CMD_POOL_SET] = "pool_set",
	[SMTP25_CMD_QUAR_ADD] = "quar_add",
	[SMTP25_CMD_QUAR_DEL] = "quar_del",
};

static const char *const reasons[] = {
	[SMTP25_QUAR_MANUAL] = "manual",
	[SMTP25_QUAR_BLOCKED] = "blocked",
	[SMTP25_QUAR_DESTS] = "dests",
	[SMTP25_QUAR_EXPIRED] = "expired",
	[SMTP25_QUAR_GONE] = "gone",
};

const char *ctl_pool_type_name(unsigned int type)
{
	if (type >= sizeof(pool_types) / sizeof(pool_types[0]))
		return NULL;
	return pool_types[type];
}

int ctl_pool_type_parse(const char *name)
{
	unsigned int t;

	for (t = SMTP25_POOL_DYNAMIC; t <= SMTP25_POOL_TYPE_MAX; t++)
		if (strcmp(name, pool_types[t]) == 0)
			return (int)t;
	return -1;
}

const char *ctl_event_name(unsigned int cmd)
{
	if (cmd >= sizeof(events) / sizeof(events[0]))
		return NULL;
	return events[cmd];
}

const char *ctl_quar_reason_name(unsigned int reason)
{
	if (reason >= sizeof(reasons) / sizeof(reasons[0]))
		return NULL;
	return reasons[reason];
}
