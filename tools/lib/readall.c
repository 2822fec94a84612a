// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file or pipe.  The loader wants the entire input before
 * it sends anything (all or nothing), and a regular file's size lets us
 * allocate once; pipes grow the buffer by doubling.
 */
#define _DEFAULT_SOURCE		/* MAP_POPULATE */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
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

int s25_map_file(int fd, size_t max, const char **buf, size_t *len)
{
	struct stat st;
	void *p;

	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_size <= 0)
		return 1;
	if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		return -1;
	}
	/* populated: the pages are there at once, not fault by fault */
	p = mmap(NULL, (size_t)st.st_size, PROT_READ,
		 MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	*buf = p;
	*len = (size_t)st.st_size;
	return 0;
}

void s25_unmap(const char *buf, size_t len)
{
	munmap((void *)buf, len);
}
