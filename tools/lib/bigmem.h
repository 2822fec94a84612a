/* SPDX-License-Identifier: GPL-2.0 */
/* Large buffers (internal). */
#ifndef S25_BIGMEM_H
#define S25_BIGMEM_H

#include <stddef.h>

/*
 * Ask for transparent huge pages on the whole 2 MiB pages inside
 * [p, p + len), before the memory is first touched.  A buffer of tens of
 * MB otherwise costs thousands of page faults, which under virtualisation
 * were most of the time of a million-line load.  Only a hint: ignored
 * where THP is off or for small buffers.
 */
void s25_hugepage_hint(void *p, size_t len);

#endif
