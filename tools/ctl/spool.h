/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Output of a dump that may have to be redone.  A dump the kernel flags
 * NLM_F_DUMP_INTR raced a change and must be read again from the start,
 * so what it printed must be taken back: the output goes to an unlinked
 * temporary file (in $TMPDIR, else /tmp) and is copied to stdout once a
 * dump went through whole.  Memory use stays flat however large the
 * dump.  Where no temporary file can be made the output goes straight to
 * stdout, and a raced dump can only be reported.
 */
#ifndef CTL_SPOOL_H
#define CTL_SPOOL_H

#include <stdbool.h>
#include <stdio.h>

struct ctl_spool {
	FILE *fp;		/* write the output here */
	bool direct;		/* fp is stdout */
};

void ctl_spool_open(struct ctl_spool *s);

/* Forget what was written (for the next try).  -1 if direct. */
int ctl_spool_restart(struct ctl_spool *s);

/* Copy what was written to stdout and close.  -1 on a write error. */
int ctl_spool_finish(struct ctl_spool *s);

/* Drop what was written (the command failed). */
void ctl_spool_discard(struct ctl_spool *s);

#endif
