/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * smtp25: the generic netlink family "smtp25", version 1.
 *
 * State is per network namespace: named pools, each of one type, and the
 * prefixes (IPv4 and IPv6) that belong to them. Every prefix belongs to
 * exactly one pool; an address belongs to the pool of the most specific
 * prefix covering it. Every command needs CAP_NET_ADMIN in the user
 * namespace that owns the network namespace. Errors carry an extack
 * message.
 *
 * A prefix, wherever one appears, is a nest of:
 *
 *    SMTP25_PREFIX_A_ADDR: binary, 4 bytes (IPv4) or 16 (IPv6), network
 *                          order, host bits zero
 *    SMTP25_PREFIX_A_PLEN: u8, 0..32 or 0..128
 *    SMTP25_PREFIX_A_POOL: string, the owning pool (replies only)
 *
 * Commands and their attributes (request -> reply):
 *
 * SMTP25_CMD_POOL_NEW: creates a pool.
 *    SMTP25_A_POOL_NAME (required): 1..31 characters of [A-Za-z0-9._-]
 *    SMTP25_A_POOL_TYPE (required): u8, enum smtp25_pool_type
 *    SMTP25_A_POOL_COMMENT: string, at most 255 bytes
 *
 * SMTP25_CMD_POOL_DEL: deletes a pool with all its prefixes.
 *    SMTP25_A_POOL_NAME (required)
 *
 * SMTP25_CMD_POOL_GET: one pool (do, with SMTP25_A_POOL_NAME) or all (dump)
 *    -> SMTP25_A_POOL_NAME, SMTP25_A_POOL_TYPE, SMTP25_A_POOL_COMMENT (if
 *       set), SMTP25_A_PREFIXES4, SMTP25_A_PREFIXES6 (u64 counts),
 *       SMTP25_A_PACKETS (u64: lookups by smtp25 rules that found this
 *       pool, counted per CPU)
 *
 * SMTP25_CMD_PREFIX_ADD, SMTP25_CMD_PREFIX_DEL: all or nothing.
 *    SMTP25_A_POOL_NAME (required)
 *    SMTP25_A_PREFIXES (required): nest of SMTP25_A_PREFIX nests. A prefix
 *       that is already in any pool cannot be added; deleting one that is
 *       not in the named pool fails.
 *
 * SMTP25_CMD_PREFIX_GET (dump): prefixes in order of address, then length,
 *    IPv4 first. SMTP25_A_POOL_NAME limits it to one pool. Each reply
 *    carries SMTP25_A_PREFIXES with up to a few hundred SMTP25_A_PREFIX
 *    nests (with SMTP25_PREFIX_A_POOL). A dump that raced a change is
 *    flagged NLM_F_DUMP_INTR.
 *
 * Replacing a pool's prefixes atomically:
 *    SMTP25_CMD_REPLACE_BEGIN: SMTP25_A_POOL_NAME. Opens a staging area for
 *       the pool, owned by the sending socket.
 *    SMTP25_CMD_REPLACE_ADD: SMTP25_A_POOL_NAME, and SMTP25_A_PREFIXES or
 *       SMTP25_A_PACKED4 or SMTP25_A_PACKED6 (any of them, together too).
 *       Adds to the staging area; send as many as needed. The packed forms
 *       are for large loads: binary, prefixes one after the other, each
 *       the address (network order, 4 or 16 bytes) and then the prefix
 *       length (1 byte): SMTP25_PACKED4_LEN or SMTP25_PACKED6_LEN bytes.
 *       A packed attribute whose length is not a multiple of that, or with
 *       a prefix that is too long or has host bits set, refuses the whole
 *       message and stages nothing. Prefixes staged in increasing order
 *       (of address, then length; each family on its own, as PREFIX_GET
 *       lists them) make the commit faster: it need not sort them.
 *    SMTP25_CMD_REPLACE_COMMIT: SMTP25_A_POOL_NAME. The pool's prefixes
 *       become the staged ones in one step; until then lookups see the old
 *       ones. On any error nothing changes.
 *    SMTP25_CMD_REPLACE_ABORT: SMTP25_A_POOL_NAME. Drops the staging area.
 *    A staging area is also dropped when its socket closes and when it
 *    sees no message for the module parameter replace_timeout seconds.
 *
 * SMTP25_CMD_LOOKUP: SMTP25_A_ADDR (binary, 4 or 16 bytes)
 *    -> SMTP25_A_ADDR and, if a prefix covers it, SMTP25_A_POOL_NAME,
 *       SMTP25_A_POOL_TYPE and SMTP25_A_PREFIX (the matching prefix)
 *
 * SMTP25_CMD_STATS
 *    -> SMTP25_A_PREFIXES4, SMTP25_A_PREFIXES6, SMTP25_A_POOLS (u32),
 *       SMTP25_A_MEMORY (u64 bytes), SMTP25_A_GENERATION (u64),
 *       SMTP25_A_MAX_PREFIXES (u64: limit for this network namespace)
 *
 * SMTP25_CMD_POOL_SET: changes a pool's limits and quarantine thresholds.
 *    Only the attributes given change; a count of 0 turns a setting off.
 *    SMTP25_A_POOL_NAME (required)
 *    SMTP25_A_LIMIT_HOST: rate nest, new port-25 connections per host
 *    SMTP25_A_LIMIT_POOL: rate nest, the same for the whole pool
 *    SMTP25_A_QUAR_AFTER: u32, blocked attempts within the window that
 *       quarantine a host of this pool
 *    SMTP25_A_QUAR_DESTS: u32, 0..600 distinct destinations within the
 *       window that quarantine a host of this pool (an estimate)
 *    SMTP25_A_QUAR_WINDOW: u32, 1..86400 seconds (default 60)
 *    SMTP25_A_QUAR_EXPIRES: u32, seconds a first offence stays in
 *       quarantine, doubled for each further offence up to 1024 times
 *       the first; 0: until removed by hand (default 3600)
 *    SMTP25_A_POOL_ACCOUNT_PLEN6: u8, 32..128: the prefix length at
 *       which IPv6 sources of this pool are one host. Default 64 for a
 *       dynamic pool (a residential line's smallest delegation), 128 for
 *       a relay or quarantine pool (their hosts are listed one by one).
 *       At 64, every address of a source's /64 shares one entry of the
 *       host table, one per-host rate limit, one quarantine window; the
 *       quarantine of that host is the whole /64. 128 accounts per
 *       address. IPv4 sources are always accounted per /32. A change
 *       applies to hosts first seen after it: existing entries keep
 *       their length until they go idle or are forgotten.
 *    POOL_GET replies carry all of these, plus the pool's counters
 *    SMTP25_A_BLOCKED, SMTP25_A_ALLOWED, SMTP25_A_OVER_LIMIT and
 *    SMTP25_A_QUARANTINES (u64 each).
 *
 *    A rate nest (enum smtp25_rate_attr): SMTP25_RATE_A_COUNT (u32, 0: no
 *    limit) events per SMTP25_RATE_A_PERIOD (u32, 1..86400 seconds). It is
 *    a token bucket that holds at most COUNT events and refills at
 *    COUNT/PERIOD.
 *
 * Per-host accounting. Rules record port-25 attempts with the match's
 * --record and --over-limit options; each source host gets an entry in a
 * table per namespace of at most the module parameter max_hosts entries.
 * A host is an IPv4 address (/32) or the IPv6 prefix of its pool's
 * SMTP25_A_POOL_ACCOUNT_PLEN6 (by default a /64 in a dynamic pool, a /128
 * in a relay pool or in none); SMTP25_HOST_A_ADDR is the prefix's first address and
 * SMTP25_HOST_A_PLEN its length. HOST_GET and HOST_DEL of any address
 * inside a host's prefix find that host (the longest such entry). When the table is full, the least recently seen entry
 * near the new one goes; a quarantined host's entry never does. Entries
 * idle for host_timeout seconds are dropped.
 *
 * SMTP25_CMD_HOST_GET: one host (do, with SMTP25_A_ADDR) or all (dump,
 *    SMTP25_A_POOL_NAME limits it to the hosts last seen in that pool)
 *    -> SMTP25_A_HOST nest (enum smtp25_host_attr), one per host
 *
 * SMTP25_CMD_HOST_DEL: forgets one host (SMTP25_A_ADDR; EBUSY for a
 *    quarantined one) or, without it, every host that is not quarantined.
 *
 * Host and quarantine dumps send one host per message and are not flagged
 * NLM_F_DUMP_INTR: counters change with every packet. HOST_GET of an
 * address with no entry fails with ENOENT, QUAR_DEL of a host that is not
 * in quarantine too (with SMTP25_A_FORGET: not remembered either).
 * POOL_SET, QUAR_ADD and QUAR_DEL bump the generation.
 *
 * Quarantine. Hosts are quarantined as their prefixes (/32, or the IPv6
 * accounting prefix of their pool) in the pool named
 * SMTP25_QUARANTINE_POOL ("quarantine", of type quarantine), which is
 * created when first needed; SMTP25_QUAR_A_ADDR and SMTP25_QUAR_A_PLEN
 * name the prefix. A host whose prefix is exactly a prefix of its pool
 * cannot be quarantined (the tree holds a prefix once). smtp25 remembers
 * each quarantined host's offences for quarantine_memory seconds after its
 * release. The count stops at SMTP25_QUAR_OFFENCES_MAX; from the 11th
 * offence on, the expiry of an automatic quarantine no longer grows (1024
 * times the first).
 *
 * SMTP25_CMD_QUAR_ADD: SMTP25_A_ADDR (required), SMTP25_A_EXPIRES (u32
 *    seconds; absent or 0: never expires). Quarantines a host by hand:
 *    the address's prefix at the accounting length of the pool that
 *    covers it (an IPv6 address of a pool with the default length: its
 *    /64), the address alone if no pool covers it.
 *    SMTP25_A_OFFENCES (u32, 1..SMTP25_QUAR_OFFENCES_MAX): the host's
 *    count of offences, this one included, as SMTP25_QUAR_A_OFFENCES of
 *    a saved record had it; it replaces the count smtp25 remembers.
 *    Absent: one more than the remembered count (1 for a new host). The
 *    expiry given is not doubled, but the host's next automatic
 *    quarantine is, as for a count smtp25 reached itself. Out of range is
 *    ERANGE; the extack points at the attribute and carries the bounds
 *    (NLMSGERR_ATTR_POLICY). The reason of a quarantine by hand is
 *    SMTP25_QUAR_MANUAL and it has no pool, restored or not.
 *    SMTP25_A_RELEASED (u32 seconds): instead of quarantining the host,
 *    remember it as released that many seconds ago with the count of
 *    SMTP25_A_OFFENCES, which is then required (a saved record of a host
 *    released but remembered, restored). The host is the same prefix of
 *    the address as above; its remembered record, if any, is replaced.
 *    Nothing enters the quarantine pool and no event is sent; the
 *    generation is bumped. The record is forgotten quarantine_memory
 *    seconds after the release it states, at once if that is past
 *    already. A host in quarantine now is refused (EBUSY), as is
 *    SMTP25_A_EXPIRES beside SMTP25_A_RELEASED (EINVAL). The record has
 *    reason SMTP25_QUAR_MANUAL, no pool and no SMTP25_QUAR_A_SINCE.
 * SMTP25_CMD_QUAR_DEL: SMTP25_A_ADDR (required). Releases the host whose
 *    quarantined prefix covers the address; its record stays remembered.
 *    SMTP25_A_FORGET (flag): forget the host's offences as well, so that
 *    its next quarantine is a first offence. A host in quarantine is
 *    released as without the flag (same event) and its record dropped.
 *    A host not in quarantine loses its remembered record, the one of
 *    the host QUAR_ADD would name by the address (as with
 *    SMTP25_A_RELEASED); no event is sent, the generation is bumped.
 *    Neither in quarantine nor remembered: ENOENT. The host's entry in
 *    the host table, if any, shows 0 offences afterwards. The flag in
 *    QUAR_ADD is refused (EINVAL).
 * SMTP25_CMD_QUAR_GET (dump): the hosts in quarantine; with the flag
 *    SMTP25_A_QUAR_HISTORY also the hosts released but remembered, whose
 *    nests carry SMTP25_QUAR_A_RELEASED (UNIX time of the release) and
 *    no SMTP25_QUAR_A_EXPIRES, their SMTP25_QUAR_A_REASON saying why
 *    they were released and SMTP25_QUAR_A_OFFENCES what a next
 *    quarantine counts on.
 *    -> SMTP25_A_QUARANTINE nest (enum smtp25_quar_attr), one per host
 *
 * SMTP25_CMD_STATS also carries SMTP25_A_HOSTS (u32, entries in the host
 * table), SMTP25_A_MAX_HOSTS (u32), SMTP25_A_HOSTS_EVICTED (u64, entries
 * pushed out by newer ones), SMTP25_A_HOSTS_DROPPED (u64, attempts not
 * recorded because the table was full of quarantined hosts) and
 * SMTP25_A_QUARANTINED (u32, hosts in quarantine now).
 *
 * When a request fails because of one prefix, the error's extack cookie
 * (NLMSGERR_ATTR_COOKIE) holds a struct smtp25_err_prefix naming it, and
 * for an attribute of the request, the extack points at it as well.
 *
 * Multicast group "events": after every change a message whose command is
 * the one that made it (POOL_NEW, POOL_DEL, PREFIX_ADD, PREFIX_DEL,
 * REPLACE_COMMIT) with SMTP25_A_POOL_NAME and SMTP25_A_GENERATION (the
 * namespace's generation number after the change). A host entering
 * quarantine is announced as SMTP25_CMD_QUAR_ADD and its release as
 * SMTP25_CMD_QUAR_DEL, each with SMTP25_A_POOL_NAME ("quarantine"),
 * SMTP25_A_GENERATION and an SMTP25_A_QUARANTINE nest whose
 * SMTP25_QUAR_A_REASON says why.
 */
#ifndef _UAPI_LINUX_SMTP25_H
#define _UAPI_LINUX_SMTP25_H

#include <linux/types.h>

#define SMTP25_GENL_NAME	"smtp25"
#define SMTP25_GENL_VERSION	1
#define SMTP25_MCGRP_EVENTS	"events"

#define SMTP25_POOL_NAME_LEN	32	/* with the terminating NUL */
#define SMTP25_COMMENT_LEN	256	/* with the terminating NUL */
#define SMTP25_QUARANTINE_POOL	"quarantine"
#define SMTP25_PERIOD_MAX	86400	/* seconds: rates and windows */
#define SMTP25_QUAR_OFFENCES_MAX 65535	/* a host's count of offences */
#define SMTP25_ACCOUNT_PLEN6_MIN	32	/* SMTP25_A_POOL_ACCOUNT_PLEN6 */
#define SMTP25_ACCOUNT_PLEN6_MAX	128
#define SMTP25_ACCOUNT_PLEN6_DEFAULT	64	/* of a new dynamic pool */
#define SMTP25_ACCOUNT_PLEN6_LISTED	128	/* of a new relay or quarantine pool */

enum smtp25_pool_type {
	SMTP25_POOL_NONE,	/* no pool covers the address */
	SMTP25_POOL_DYNAMIC,	/* residential/dynamic space: no port 25 */
	SMTP25_POOL_RELAY,	/* authorized to send mail directly */
	SMTP25_POOL_QUARANTINE,	/* found infected */
	__SMTP25_POOL_TYPE_MAX
};
#define SMTP25_POOL_TYPE_MAX	(__SMTP25_POOL_TYPE_MAX - 1)

enum smtp25_cmd {
	SMTP25_CMD_UNSPEC,
	SMTP25_CMD_POOL_NEW,
	SMTP25_CMD_POOL_DEL,
	SMTP25_CMD_POOL_GET,
	SMTP25_CMD_PREFIX_ADD,
	SMTP25_CMD_PREFIX_DEL,
	SMTP25_CMD_PREFIX_GET,
	SMTP25_CMD_REPLACE_BEGIN,
	SMTP25_CMD_REPLACE_ADD,
	SMTP25_CMD_REPLACE_COMMIT,
	SMTP25_CMD_REPLACE_ABORT,
	SMTP25_CMD_LOOKUP,
	SMTP25_CMD_STATS,
	SMTP25_CMD_POOL_SET,
	SMTP25_CMD_HOST_GET,
	SMTP25_CMD_HOST_DEL,
	SMTP25_CMD_QUAR_ADD,
	SMTP25_CMD_QUAR_DEL,
	SMTP25_CMD_QUAR_GET,
	__SMTP25_CMD_MAX
};
#define SMTP25_CMD_MAX		(__SMTP25_CMD_MAX - 1)

enum smtp25_attr {
	SMTP25_A_UNSPEC,
	SMTP25_A_PAD,
	SMTP25_A_POOL_NAME,	/* string */
	SMTP25_A_POOL_TYPE,	/* u8: enum smtp25_pool_type */
	SMTP25_A_POOL_COMMENT,	/* string */
	SMTP25_A_PREFIXES,	/* nest of SMTP25_A_PREFIX */
	SMTP25_A_PREFIX,	/* nest: enum smtp25_prefix_attr */
	SMTP25_A_ADDR,		/* binary: 4 or 16 bytes */
	SMTP25_A_PREFIXES4,	/* u64 */
	SMTP25_A_PREFIXES6,	/* u64 */
	SMTP25_A_POOLS,		/* u32 */
	SMTP25_A_MEMORY,	/* u64 */
	SMTP25_A_GENERATION,	/* u64 */
	SMTP25_A_MAX_PREFIXES,	/* u64 */
	SMTP25_A_PACKETS,	/* u64 */
	SMTP25_A_LIMIT_HOST,	/* nest: enum smtp25_rate_attr */
	SMTP25_A_LIMIT_POOL,	/* nest: enum smtp25_rate_attr */
	SMTP25_A_QUAR_AFTER,	/* u32 */
	SMTP25_A_QUAR_DESTS,	/* u32 */
	SMTP25_A_QUAR_WINDOW,	/* u32: seconds */
	SMTP25_A_QUAR_EXPIRES,	/* u32: seconds */
	SMTP25_A_BLOCKED,	/* u64 */
	SMTP25_A_ALLOWED,	/* u64 */
	SMTP25_A_OVER_LIMIT,	/* u64 */
	SMTP25_A_QUARANTINES,	/* u64 */
	SMTP25_A_HOST,		/* nest: enum smtp25_host_attr */
	SMTP25_A_EXPIRES,	/* u32: seconds */
	SMTP25_A_QUARANTINE,	/* nest: enum smtp25_quar_attr */
	SMTP25_A_HOSTS,		/* u32 */
	SMTP25_A_MAX_HOSTS,	/* u32 */
	SMTP25_A_HOSTS_EVICTED,	/* u64 */
	SMTP25_A_HOSTS_DROPPED,	/* u64 */
	SMTP25_A_QUARANTINED,	/* u32 */
	SMTP25_A_PACKED4,	/* binary: IPv4 prefixes, 5 bytes each */
	SMTP25_A_PACKED6,	/* binary: IPv6 prefixes, 17 bytes each */
	SMTP25_A_OFFENCES,	/* u32: 1..SMTP25_QUAR_OFFENCES_MAX */
	SMTP25_A_POOL_ACCOUNT_PLEN6, /* u8: 32..128, IPv6 accounting prefix */
	SMTP25_A_QUAR_HISTORY,	/* flag: QUAR_GET, released hosts too */
	SMTP25_A_RELEASED,	/* u32: QUAR_ADD, released seconds ago */
	SMTP25_A_FORGET,	/* flag: QUAR_DEL, drop the record too */
	__SMTP25_A_MAX
};
#define SMTP25_A_MAX		(__SMTP25_A_MAX - 1)

/* One prefix in SMTP25_A_PACKED4 / SMTP25_A_PACKED6: address, then length. */
#define SMTP25_PACKED4_LEN	5
#define SMTP25_PACKED6_LEN	17

enum smtp25_prefix_attr {
	SMTP25_PREFIX_A_UNSPEC,
	SMTP25_PREFIX_A_ADDR,	/* binary: 4 or 16 bytes */
	SMTP25_PREFIX_A_PLEN,	/* u8 */
	SMTP25_PREFIX_A_POOL,	/* string */
	__SMTP25_PREFIX_A_MAX
};
#define SMTP25_PREFIX_A_MAX	(__SMTP25_PREFIX_A_MAX - 1)

enum smtp25_rate_attr {
	SMTP25_RATE_A_UNSPEC,
	SMTP25_RATE_A_COUNT,	/* u32: events, 0: no limit */
	SMTP25_RATE_A_PERIOD,	/* u32: seconds, 1..SMTP25_PERIOD_MAX */
	__SMTP25_RATE_A_MAX
};
#define SMTP25_RATE_A_MAX	(__SMTP25_RATE_A_MAX - 1)

/* One source host of the accounting table (replies only). */
enum smtp25_host_attr {
	SMTP25_HOST_A_UNSPEC,
	SMTP25_HOST_A_PAD,
	SMTP25_HOST_A_ADDR,	/* binary: 4 or 16 bytes */
	SMTP25_HOST_A_POOL,	/* string: pool when last seen (if any) */
	SMTP25_HOST_A_TYPE,	/* u8: its type, SMTP25_POOL_NONE if none */
	SMTP25_HOST_A_BLOCKED,	/* u64: attempts recorded as blocked */
	SMTP25_HOST_A_ALLOWED,	/* u64: attempts recorded as allowed */
	SMTP25_HOST_A_OVER_LIMIT, /* u64: attempts found over a rate limit */
	SMTP25_HOST_A_DESTS,	/* u32: distinct destinations (estimate) */
	SMTP25_HOST_A_FIRST_SEEN, /* u64: UNIX time, seconds */
	SMTP25_HOST_A_LAST_SEEN, /* u64: UNIX time, seconds */
	SMTP25_HOST_A_WINDOW_BLOCKED, /* u32: blocked in the current window */
	SMTP25_HOST_A_WINDOW_DESTS, /* u32: destinations in the window */
	SMTP25_HOST_A_OFFENCES,	/* u32: times quarantined */
	SMTP25_HOST_A_QUARANTINED, /* flag: in quarantine now */
	SMTP25_HOST_A_PLEN,	/* u8: the host is this prefix of ADDR */
	__SMTP25_HOST_A_MAX
};
#define SMTP25_HOST_A_MAX	(__SMTP25_HOST_A_MAX - 1)

/* Why a host entered or left quarantine. */
enum smtp25_quar_reason {
	SMTP25_QUAR_MANUAL,	/* quarantine add / del */
	SMTP25_QUAR_BLOCKED,	/* too many blocked attempts in the window */
	SMTP25_QUAR_DESTS,	/* too many destinations in the window */
	SMTP25_QUAR_EXPIRED,	/* released: its time was up */
	SMTP25_QUAR_GONE,	/* released: the quarantine pool was deleted */
	__SMTP25_QUAR_REASON_MAX
};

/* One quarantined or remembered host (replies and events only). */
enum smtp25_quar_attr {
	SMTP25_QUAR_A_UNSPEC,
	SMTP25_QUAR_A_PAD,
	SMTP25_QUAR_A_ADDR,	/* binary: 4 or 16 bytes */
	SMTP25_QUAR_A_REASON,	/* u8: enum smtp25_quar_reason */
	SMTP25_QUAR_A_POOL,	/* string: pool it was caught in (if any) */
	SMTP25_QUAR_A_SINCE,	/* u64: UNIX time, seconds */
	SMTP25_QUAR_A_EXPIRES,	/* u64: UNIX time, seconds; absent: never */
	SMTP25_QUAR_A_OFFENCES,	/* u32: this one included */
	SMTP25_QUAR_A_PLEN,	/* u8: the host is this prefix of ADDR */
	SMTP25_QUAR_A_RELEASED,	/* u64: UNIX time, seconds; released hosts */
	__SMTP25_QUAR_A_MAX
};
#define SMTP25_QUAR_A_MAX	(__SMTP25_QUAR_A_MAX - 1)

/* The prefix that made a request fail: the extack cookie. */
struct smtp25_err_prefix {
	__u8 family;		/* AF_INET or AF_INET6 */
	__u8 plen;
	__u8 reserved[2];
	__u8 addr[16];
};

#endif /* _UAPI_LINUX_SMTP25_H */
