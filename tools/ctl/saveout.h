/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The lines of "save": batch commands that rebuild what the kernel has. */
#ifndef CTL_SAVEOUT_H
#define CTL_SAVEOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "msg.h"
#include "quar.h"

/*
 * The quarantine records (of hosts released but remembered too), and
 * which of them the quarantine pool holds.
 */
struct save_quars {
	struct ctl_quar *v;	/* by address */
	size_t n;
	bool *held;
};

/* "pool add NAME type TYPE [comment TEXT]" */
void ctl_save_pool(FILE *fp, const struct ctl_pool *p);

/* "pool set NAME SETTING VALUE...", if the pool has settings. */
void ctl_save_settings(FILE *fp, const struct ctl_pool *p);

/*
 * "quarantine add ADDR [expires SECONDS] [offences N]" for each held
 * record, with the seconds it has left at now (at least 1: one that is
 * due goes soon) and its count of offences (at most
 * SMTP25_QUAR_OFFENCES_MAX), so that a restored repeat offender's next
 * automatic quarantine is doubled.
 */
void ctl_save_quarantined(FILE *fp, const struct save_quars *sq,
			  uint64_t now);

/*
 * "quarantine remember ADDR offences N released SECONDS" for each record
 * of a host released but remembered, with how long before now it was
 * released (0 if its time is not in the past), so that the restored
 * record doubles the host's next quarantine and is forgotten when it
 * would have been.
 */
void ctl_save_remembered(FILE *fp, const struct save_quars *sq,
			 uint64_t now);
/* How many lines ctl_save_remembered() writes: the header gives it. */
size_t ctl_save_nremembered(const struct save_quars *sq);

#endif
