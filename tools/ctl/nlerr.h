/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A kernel answer to one request: an ACK or an error with its extended
 * ACK (NLMSGERR_ATTR_MSG, _OFFS and _COOKIE, which for smtp25 is a
 * struct smtp25_err_prefix naming the prefix at fault).
 */
#ifndef CTL_NLERR_H
#define CTL_NLERR_H

#include <stdbool.h>
#include <stdint.h>

#include <libmnl/libmnl.h>

#include "prefix.h"

struct ctl_nlerr {
	int error;		/* positive errno, 0 for an ACK */
	uint32_t seq;		/* of the request it answers */
	char msg[256];		/* the kernel's message, or "" */
	bool has_offset;
	uint32_t offset;	/* of the attribute at fault in the request */
	bool has_prefix;
	struct s25_prefix prefix;	/* from the cookie */
};

/*
 * Decode an NLMSG_ERROR message (or the status of an NLMSG_DONE that
 * ends a dump) into e.  Returns 0, or -1 if the message is malformed.
 */
int ctl_nlerr_parse(const struct nlmsghdr *nlh, struct ctl_nlerr *e);

#endif
