// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * smtp25ctl -b FILE: one command per line (see words.h for the quoting).
 * The whole batch is parsed before anything runs, so a typo on line 500
 * changes nothing; then the commands run in order on one socket, and the
 * first one that fails stops the batch.  Messages name FILE:LINE.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl.h"
#include "loadfile.h"
#include "readall.h"
#include "words.h"

/* Largest batch accepted: a save of the largest namespace fits. */
#define BATCH_MAX S25_FILE_MAX

static int read_batch(struct ctl *c, const char *path, char **buf,
		      size_t *len)
{
	int fd = strcmp(path, "-") == 0 ? STDIN_FILENO :
					  open(path, O_RDONLY | O_CLOEXEC);
	int rc;

	if (fd < 0) {
		ctl_err(c, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = s25_read_all(fd, BATCH_MAX, buf, len);
	if (rc)
		ctl_err(c, "%s: %s", path, strerror(errno));
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* Parse (and, if run, execute) every command; stop at the first failure. */
static int pass(struct ctl *c, const char *name, const char *buf, size_t len,
		bool run)
{
	char where[4096 + 32], err[512];
	unsigned long line = 1, cmd_line;
	struct ctl_words w = { 0 };
	struct ctl_cmd cmd;
	size_t pos = 0;
	int rc = CTL_EXIT_OK, more;

	for (;;) {
		more = ctl_words_next(buf, len, &pos, &line, &cmd_line, &w, err,
				      sizeof(err));
		snprintf(where, sizeof(where), "%s:%lu", name, cmd_line);
		c->where = where;
		if (more < 0) {
			ctl_err(c, "%s", err);
			rc = CTL_EXIT_USAGE;
			break;
		}
		if (more == 0)
			break;
		rc = ctl_cmd_parse(w.argc, w.argv, &cmd, err, sizeof(err));
		if (rc == CTL_EXIT_OK && !run && cmd.op == CTL_POOL_LOAD &&
		    strcmp(cmd.file, "-") == 0 && c->stdin_used) {
			snprintf(err, sizeof(err),
				 "pool load: standard input is the batch itself");
			rc = CTL_EXIT_USAGE;
		}
		if (rc) {
			ctl_err(c, "%s", err);
		} else if (run) {
			rc = ctl_run(c, &cmd);
		}
		ctl_cmd_free(&cmd);
		if (rc)
			break;
	}
	c->where = NULL;
	ctl_words_free(&w);
	return rc;
}

int ctl_run_batch(struct ctl *c, const char *path)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	char *buf;
	size_t len;
	int rc;

	c->stdin_used = strcmp(path, "-") == 0;
	if (read_batch(c, path, &buf, &len))
		return CTL_EXIT_REFUSED;
	rc = pass(c, name, buf, len, false);
	if (rc == CTL_EXIT_OK)
		rc = pass(c, name, buf, len, true);
	free(buf);
	return rc;
}
