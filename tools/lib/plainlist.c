// SPDX-License-Identifier: GPL-2.0
/* Plain prefix lists: one PREFIX per line, '#' comments, blank lines. */
#include <string.h>

#include "formats.h"
#include "text.h"

int s25_plain_line(const char *line, size_t len, const char **val,
		   size_t *vlen)
{
	const char *hash = memchr(line, '#', len);

	if (hash)
		len = (size_t)(hash - line);
	s25_trim(&line, &len);
	if (!len)
		return S25_LINE_SKIP;
	*val = line;
	*vlen = len;
	return S25_LINE_VALUE;
}
