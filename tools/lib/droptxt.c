// SPDX-License-Identifier: GPL-2.0
/*
 * Spamhaus DROP text (drop.txt, drop_v6.txt):
 *     ; Spamhaus DROP List 2024/01/01 - (c) 2024 The Spamhaus Project SLU
 *     1.10.16.0/20 ; SBL256894
 * ';' starts a comment; the SBL reference after it is not checked, it is
 * only an annotation for people.
 */
#include <string.h>

#include "formats.h"
#include "text.h"

int s25_drop_line(const char *line, size_t len, const char **val,
		  size_t *vlen)
{
	const char *semi = memchr(line, ';', len);

	if (semi)
		len = (size_t)(semi - line);
	s25_trim(&line, &len);
	if (!len)	/* a comment or a blank line */
		return S25_LINE_SKIP;
	*val = line;
	*vlen = len;
	return S25_LINE_VALUE;
}
