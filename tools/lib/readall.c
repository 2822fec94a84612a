// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file or pipe.  The loader wants the entire input before
 * it sends anything (all or nothing), and a regular file's size lets us
 * allocate once; pipes grow the buffer by doubling.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bigmem.h"
#include "readall.h"

int s25_read_all(int fd, size_t max, char **bufp, size_t *lenp)
{
	size_t cap = 64 * 1024, len = 0;
	struct stat st;
	char *buf, *nb;
	ssize_t r;
	int e;

	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		if ((unsigned long long)st.st_size > max) {
			errno = EFBIG;
			return -1;
		}
		cap = (size_t)st.st_size + 1;	/* +1 sees EOF at once */
	}
	buf = malloc(cap + 1);
	if (!buf)
		return -1;
	s25_hugepage_hint(buf, cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				free(buf);
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			nb = realloc(buf, cap + 1);
			if (!nb) {
				free(buf);
				errno = ENOMEM;
				return -1;
			}
			buf = nb;
			s25_hugepage_hint(buf, cap + 1);
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			free(buf);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > max) {
		free(buf);
		errno = EFBIG;
		return -1;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}
