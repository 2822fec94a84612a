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

#endif
