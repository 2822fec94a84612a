/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Quarantine records (SMTP25_A_QUARANTINE), from QUAR_GET and from the
 * QUAR_ADD and QUAR_DEL events: how they are decoded and shown.  A record
 * is of a host in quarantine, or (QUAR_GET with SMTP25_A_QUAR_HISTORY) of
 * one released but remembered: released is then its release's time.
 */
#ifndef CTL_QUAR_H
#define CTL_QUAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <libmnl/libmnl.h>
#include <linux/smtp25.h>

#include "addr.h"
#include "json.h"

/* A reason the kernel did not send (or one newer than us). */
#define CTL_QUAR_NO_REASON 0xffffffffu

struct ctl_quar {
	struct ctl_addr addr;
	unsigned int reason;		/* enum smtp25_quar_reason */
	char pool[SMTP25_POOL_NAME_LEN];	/* caught in; "" if none */
	uint64_t since;			/* UNIX seconds, 0 if not sent */
	uint64_t expires;		/* UNIX seconds, 0: never */
	uint32_t offences;		/* this one included */
	uint64_t released;		/* UNIX seconds; 0: in quarantine */
};

/* Decode an SMTP25_A_QUARANTINE nest.  Returns 0, or -1 if malformed. */
int ctl_quar_decode(const struct nlattr *nest, struct ctl_quar *q);

/* By address: IPv4 first, then numerically (for qsort and bsearch). */
int ctl_quar_cmp(const void *a, const void *b);

/* The reason's name, or "?". */
const char *ctl_quar_reason(const struct ctl_quar *q);

/* One record as a JSON object. */
void ctl_quar_json(struct ctl_json *j, const struct ctl_quar *q);

/*
 * The same with "released" (UNIX seconds, null for a host in quarantine)
 * after "expires": the objects of "quarantine list --all".
 */
void ctl_quar_json_all(struct ctl_json *j, const struct ctl_quar *q);

/*
 * ADDRESS SINCE EXPIRES OFFENCES REASON POOL, a header and a row per
 * record; SINCE is how long before now, EXPIRES how long after it.
 */
void ctl_quar_table(FILE *fp, const struct ctl_quar *v, size_t n,
		    uint64_t now);

/*
 * ADDRESS SINCE EXPIRES RELEASED OFFENCES REASON POOL: the same with how
 * long before now a remembered host was released ("-" for one in
 * quarantine, whose EXPIRES is "-" once released).  The REASON of a
 * released host says why it was released.
 */
void ctl_quar_table_all(FILE *fp, const struct ctl_quar *v, size_t n,
			uint64_t now);

#endif
