// SPDX-License-Identifier: GPL-2.0
/* Large buffers: transparent huge page hints. */
#define _DEFAULT_SOURCE		/* madvise(MADV_HUGEPAGE) */
#include <stdint.h>
#include <sys/mman.h>

#include "bigmem.h"

#define HUGE_SZ ((uintptr_t)2 << 20)

void s25_hugepage_hint(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t start = ((uintptr_t)p + HUGE_SZ - 1) & ~(HUGE_SZ - 1);
	uintptr_t end = ((uintptr_t)p + len) & ~(HUGE_SZ - 1);

	if (end > start)
		madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}
