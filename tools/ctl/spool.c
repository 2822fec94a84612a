// SPDX-License-Identifier: GPL-2.0-or-later
/* Output of a dump that may have to be redone. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"

void ctl_spool_open(struct ctl_spool *s)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	memset(s, 0, sizeof(*s));
	if (!dir || !*dir)
		dir = "/tmp";
	if ((size_t)snprintf(path, sizeof(path), "%s/smtp25ctl.XXXXXX", dir) <
	    sizeof(path)) {
		fd = mkstemp(path);
		if (fd >= 0) {
			unlink(path);
			s->fp = fdopen(fd, "w+");
			if (s->fp) {
				/* a million short lines: fewer writes */
				setvbuf(s->fp, NULL, _IOFBF, 64 * 1024);
				return;
			}
			close(fd);
		}
	}
	s->fp = stdout;
	s->direct = true;
}

int ctl_spool_restart(struct ctl_spool *s)
{
	if (s->direct)
		return -1;
	rewind(s->fp);
	if (ftruncate(fileno(s->fp), 0) < 0)
		return -1;
	return 0;
}

int ctl_spool_finish(struct ctl_spool *s)
{
	char buf[64 * 1024];
	size_t n;
	int rc = 0;

	if (s->direct)
		return fflush(stdout) ? -1 : 0;
	if (fflush(s->fp) || ferror(s->fp))
		rc = -1;
	rewind(s->fp);
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), s->fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = -1;
	if (ferror(s->fp))
		rc = -1;
	fclose(s->fp);
	s->fp = NULL;
	if (fflush(stdout))
		rc = -1;
	return rc;
}

void ctl_spool_discard(struct ctl_spool *s)
{
	if (s->direct)
		fflush(stdout);
	else if (s->fp)
		fclose(s->fp);
	s->fp = NULL;
}
