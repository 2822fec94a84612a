/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Prefixes in the packed form of REPLACE_ADD (SMTP25_A_PACKED4 and
 * SMTP25_A_PACKED6): 5 or 17 bytes a prefix instead of 20 or 32 as
 * nests, and no nest for the kernel to parse.  For pool load.
 */
#ifndef CTL_PACKED_H
#define CTL_PACKED_H

#include <stddef.h>

#include <libmnl/libmnl.h>

#include "prefix.h"

/*
 * Put as many of v[0 .. n) as fit into one packed attribute, all of the
 * family of v[0] (so it stops at the first prefix of the other family),
 * while the whole message stays within max bytes (at most CTL_MSG_MAX).
 * Returns how many were put; 0 (and nothing put) if n is 0 or not even
 * one fits.
 */
size_t ctl_msg_put_packed(struct nlmsghdr *nlh, size_t max,
			  const struct s25_prefix *v, size_t n);

#endif
