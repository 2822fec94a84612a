/* SPDX-License-Identifier: GPL-2.0 */
/* Reading a whole file descriptor into memory (internal). */
#ifndef S25_READALL_H
#define S25_READALL_H

#include <stddef.h>

/*
 * Read fd to its end into a malloc()ed buffer (NUL-terminated, the NUL
 * not counted in *len).  Returns 0, or -1 with errno set; EFBIG when
 * there are more than max bytes.
 */
int s25_read_all(int fd, size_t max, char **buf, size_t *len);

/*
 * The same for a regular file, mapped instead of copied (read only, not
 * NUL-terminated): tens of MB are not copied into fresh memory, which
 * under emulation costs more than parsing them.  Returns 0 (release with
 * s25_unmap()), -1 with errno set (EFBIG as above), or 1 when fd is not
 * a non-empty regular file or cannot be mapped: then read it.  A file
 * cut short while mapped kills the reader (SIGBUS) rather than loading
 * half of it.
 */
int s25_map_file(int fd, size_t max, const char **buf, size_t *len);
void s25_unmap(const char *buf, size_t len);

#endif
