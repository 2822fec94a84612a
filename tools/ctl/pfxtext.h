/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Prefixes as text, fast: a dump or a save prints millions of them. */
#ifndef CTL_PFXTEXT_H
#define CTL_PFXTEXT_H

#include <stddef.h>

#include "prefix.h"

/*
 * The same text as s25_prefix_format() ("192.0.2.0/24", "2001:db8::/32")
 * into buf (S25_PREFIX_STRLEN bytes); returns its length.  IPv4 is
 * written by hand, several times faster than inet_ntop() and printf.
 */
size_t ctl_prefix_text(const struct s25_prefix *p, char *buf);

#endif
