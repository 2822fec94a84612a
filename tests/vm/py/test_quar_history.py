# SPDX-License-Identifier: GPL-2.0
"""Quarantine history over hand-built netlink, in a namespace of its own:
QUAR_GET lists released-but-remembered hosts only with the flag
SMTP25_A_QUAR_HISTORY, each with SMTP25_QUAR_A_RELEASED and no expiry;
QUAR_ADD with SMTP25_A_RELEASED remembers a host without quarantining it
(no prefix in the pool, no event, the generation bumped), replaces what
was remembered, and is refused, changing nothing, without offences, with
an expiry, with values out of range or of the wrong type, for a host in
quarantine now, and in QUAR_DEL. QUAR_DEL with SMTP25_A_FORGET drops a
remembered record (no event, the generation bumped; the host named as
QUAR_ADD names it, an IPv6 /64 by any of its addresses), releases a host
in quarantine (the usual event) and drops its record, also one put there
by PREFIX_ADD, and is refused, changing nothing, for a host with neither
(ENOENT), in QUAR_ADD and with a payload; QUAR_DEL without it keeps the
record."""
import errno
import struct
import time

from ktest import check, expect_error, finish, wait_for
from smtp25_genl import (A, CMD, OFFENCES_MAX, QA, REASON, Genl, addr, attr,
                         policy_bounds, flag,
                         quarantine_nests, quarantined, string, u8, u32, u32v,
                         u64v)
from smtp25_genl import prefixes as prefix_nest

g = Genl()
ev = Genl()
ev.subscribe()


def stats():
    return g.cmd("STATS")[0]


def generation():
    return u64v(stats()[A["GENERATION"]][0])


def prefixes():
    return [p for m in g.cmd("PREFIX_GET", dump=True)
            for p in m.get(A["PREFIXES"], [])]


def history():
    """address -> (offences, released or None, expires or None)"""
    return {a: (u32v(q[QA["OFFENCES"]][0]),
                u64v(q[QA["RELEASED"]][0]) if QA["RELEASED"] in q else None,
                u64v(q[QA["EXPIRES"]][0]) if QA["EXPIRES"] in q else None)
            for a, q in quarantined(g, history=True).items()}


def state():
    return (generation(), prefixes(), history(),
            u32v(stats()[A["QUARANTINED"]][0]))


def same_state(a, b):
    """Equal states: an expiry, shown as jiffies turned into UNIX time, may
    read one second apart from one dump to the next."""
    def near(x, y):
        return x == y or (x is not None and y is not None and abs(x - y) <= 1)
    return (a[0], a[1], a[3]) == (b[0], b[1], b[3]) and \
        a[2].keys() == b[2].keys() and \
        all(a[2][k][:2] == b[2][k][:2] and near(a[2][k][2], b[2][k][2])
            for k in a[2])


def events(wait=0.5):
    return [(cmd, q[QA["REASON"]][0][0]) for cmd, q in
            quarantine_nests(ev.events(wait))]


def remember(a, *extra):
    return g.cmd("QUAR_ADD", addr(a), *extra)


H, Q = "198.51.100.9", "198.51.100.10"
# nlmsghdr (16) + genlmsghdr (4) + the address attribute: the next one
OFFS = 16 + 4 + len(addr(H))

# --- a host quarantined twice and released: in the history dump only --------
g.cmd("QUAR_ADD", addr(H))
g.cmd("QUAR_DEL", addr(H))
g.cmd("QUAR_ADD", addr(H), u32(A["EXPIRES"], 600))
g.cmd("QUAR_DEL", addr(H))
g.cmd("QUAR_ADD", addr(Q), u32(A["EXPIRES"], 600), u32(A["OFFENCES"], 4))
events(0.3)
check("without the flag: the dump is the hosts in quarantine, as before",
      sorted(quarantined(g)) == [Q], sorted(quarantined(g)))
check("... and their nests carry no released",
      QA["RELEASED"] not in quarantined(g)[Q])
h = history()
now = time.time()
check("with SMTP25_A_QUAR_HISTORY: the released host too, offences 2",
      sorted(h) == sorted([H, Q]) and h[H][0] == 2, h)
check("... released just now, no expiry",
      h[H][1] is not None and abs(h[H][1] - now) <= 5 and h[H][2] is None, h)
q = quarantined(g, history=True)[H]
check("... its reason says why it was released (by hand)",
      q[QA["REASON"]][0][0] == REASON["manual"], q)
check("the host in quarantine has an expiry and no released",
      h[Q][1] is None and h[Q][2] is not None and h[Q][0] == 4, h)

# --- refused, nothing changed --------------------------------------------------
N = "192.0.2.77"
before = state()
e = expect_error("released without offences: EINVAL, a message",
                 errno.EINVAL, lambda: remember(N, u32(A["RELEASED"], 60)),
                 "remembered with its count of offences")
check("... naming the missing attribute (offences)",
      e and e.miss == A["OFFENCES"], e and e.miss)
e = expect_error("released with an expiry: EINVAL, a message", errno.EINVAL,
                 lambda: remember(N, u32(A["OFFENCES"], 2),
                                  u32(A["EXPIRES"], 60),
                                  u32(A["RELEASED"], 60)),
                 "a released host has no expiry")
check("... pointing at the expiry",
      e and e.offs == OFFS + len(u32(A["OFFENCES"], 2)), e and e.offs)
for bad in (0, OFFENCES_MAX + 1):
    e = expect_error(f"released with offences {bad}: ERANGE", errno.ERANGE,
                     lambda v=bad: remember(N, u32(A["OFFENCES"], v),
                                            u32(A["RELEASED"], 60)),
                     "integer out of range")
    check(f"... offences {bad}: bounds 1..65535 in the extack",
          policy_bounds(e) == (1, OFFENCES_MAX), e and e.policy)
e = expect_error("released as a u8: EINVAL, invalid attribute length",
                 errno.EINVAL,
                 lambda: remember(N, u8(A["RELEASED"], 3),
                                  u32(A["OFFENCES"], 2)),
                 "invalid attribute length")
check("... pointing at it", e and e.offs == OFFS, e and e.offs)
expect_error("released as a u64: EINVAL", errno.EINVAL,
             lambda: remember(N, attr(A["RELEASED"], struct.pack("=Q", 3)),
                              u32(A["OFFENCES"], 2)),
             "invalid attribute length")
expect_error("released as a string: EINVAL", errno.EINVAL,
             lambda: remember(N, string(A["RELEASED"], "3"),
                              u32(A["OFFENCES"], 2)))
expect_error("quarantine del with released: EINVAL, a message", errno.EINVAL,
             lambda: g.cmd("QUAR_DEL", addr(Q), u32(A["RELEASED"], 5)),
             "a time since release belongs to quarantine add")
e = expect_error("remembering a host in quarantine now: EBUSY, a message",
                 errno.EBUSY,
                 lambda: remember(Q, u32(A["OFFENCES"], 2),
                                  u32(A["RELEASED"], 60)),
                 "this host is in quarantine now")
expect_error("the history flag with a payload: ERANGE (the policy)",
             errno.ERANGE,
             lambda: g.cmd("QUAR_GET", attr(A["QUAR_HISTORY"], b"\1\0\0\0"),
                           dump=True),
             "Attribute failed policy validation")
check("the refusals changed nothing (generation, pool, records)",
      same_state(state(), before), (before, state()))
check("... and sent no event", events(0.3) == [])

# --- remembered: not quarantined, no event, the generation bumped -------------
gen = generation()
pfx = prefixes()
remember(N, u32(A["OFFENCES"], 3), u32(A["RELEASED"], 3600))
h = history()
check("remembered: offences 3, released an hour ago, no expiry",
      h.get(N, (0, 0, 0))[0] == 3 and h[N][2] is None and
      abs(h[N][1] - (time.time() - 3600)) <= 5, h.get(N))
check("... not in quarantine (plain dump, pool's prefixes, count)",
      N not in quarantined(g) and prefixes() == pfx and
      u32v(stats()[A["QUARANTINED"]][0]) == 1)
check("... no event", events(0.3) == [])
check("... the generation bumped (a save sees the change)", generation() > gen)
lk = g.cmd("LOOKUP", addr(N))[0]
check("... its address is in no pool", A["POOL_NAME"] not in lk, lk)
remember(N, u32(A["RELEASED"], 10), u32(A["OFFENCES"], 5))
h = history()
check("remembered again: the count and release replaced (5, 10 s ago)",
      h[N][0] == 5 and abs(h[N][1] - (time.time() - 10)) <= 5, h[N])
g.cmd("QUAR_ADD", addr(N), u32(A["EXPIRES"], 60))
check("its next quarantine by hand counts on: offence 6",
      u32v(quarantined(g)[N][QA["OFFENCES"]][0]) == 6)
check("... announced as a quarantine", (CMD["QUAR_ADD"], REASON["manual"])
      in events())
g.cmd("QUAR_DEL", addr(N))

# IPv6: the host is its /128 (no pool): same prefix as QUAR_ADD would make
remember("2001:db8::77", u32(A["OFFENCES"], OFFENCES_MAX),
         u32(A["RELEASED"], 0))
h = history().get("2001:db8::77", (0, None))
check("IPv6, offences 65535, released 0: remembered just now",
      h[0] == OFFENCES_MAX and h[1] is not None and
      abs(h[1] - time.time()) <= 5, h)

# Older than quarantine_memory (a week): forgotten by the next housekeeping
remember("192.0.2.78", u32(A["OFFENCES"], 2), u32(A["RELEASED"], 0xffffffff))
check("released 2^32-1 s ago: accepted, forgotten within a few seconds",
      wait_for(lambda: "192.0.2.78" not in history(), 5.0), history())
remember("192.0.2.79", u32(A["OFFENCES"], 2),
         u32(A["RELEASED"], 7 * 86400 - 3600))
time.sleep(1.5)
check("released a week less an hour ago: still remembered",
      "192.0.2.79" in history())

# --- QUAR_DEL with SMTP25_A_FORGET -------------------------------------------
FORGET = flag(A["FORGET"])


def forget(a, *extra):
    return g.cmd("QUAR_DEL", addr(a), FORGET, *extra)


def in_quarantine():
    return u32v(stats()[A["QUARANTINED"]][0])


events(0.3)
check("before: the host released twice is remembered, offences 2",
      history().get(H, (0,))[0] == 2, history().get(H))
gen, pfx, nq = generation(), prefixes(), in_quarantine()
forget(H)
check("forget of a remembered host: its record is gone", H not in history(),
      history())
check("... no event", events(0.3) == [])
check("... the generation bumped", generation() > gen)
check("... the tree and the count in quarantine as they were",
      prefixes() == pfx and in_quarantine() == nq)
g.cmd("QUAR_ADD", addr(H), u32(A["EXPIRES"], 60))
check("its next quarantine counts 1 (not 3)",
      u32v(quarantined(g)[H][QA["OFFENCES"]][0]) == 1)
events(0.3)

# in quarantine: released as by QUAR_DEL (same event), no record left
nq = in_quarantine()
forget(H)
ev_got = events()
check("forget of a host in quarantine: a QUAR_DEL event, reason manual",
      ev_got == [(CMD["QUAR_DEL"], REASON["manual"])], ev_got)
check("... not in quarantine (dump, count, the pool's prefixes)",
      H not in quarantined(g) and in_quarantine() == nq - 1 and
      prefixes() == pfx)
check("... and not remembered", H not in history(), history())
lk = g.cmd("LOOKUP", addr(H))[0]
check("... its address is in no pool", A["POOL_NAME"] not in lk, lk)

# old-style QUAR_DEL: the record stays (regression)
g.cmd("QUAR_ADD", addr(H))
g.cmd("QUAR_DEL", addr(H))
check("QUAR_DEL without the flag keeps the record (offences 1)",
      history().get(H, (0,))[0] == 1, history().get(H))

# the flag with a value, in QUAR_ADD, or for a host with neither: refused
before = state()
events(0.3)
e = expect_error("forget of a host neither in quarantine nor remembered: "
                 "ENOENT, a message", errno.ENOENT,
                 lambda: forget("192.0.2.123"),
                 "no quarantine or remembered offences for this host")
expect_error("QUAR_DEL without the flag of such a host: ENOENT as before",
             errno.ENOENT, lambda: g.cmd("QUAR_DEL", addr("192.0.2.123")),
             "this host is not in quarantine")
e = expect_error("the flag in QUAR_ADD: EINVAL, a message", errno.EINVAL,
                 lambda: g.cmd("QUAR_ADD", addr("192.0.2.124"), FORGET),
                 "belongs to quarantine del")
check("... pointing at the flag", e and e.offs == OFFS, e and e.offs)
expect_error("the flag with a payload: ERANGE (the policy)", errno.ERANGE,
             lambda: g.cmd("QUAR_DEL", addr(H),
                           attr(A["FORGET"], b"\1\0\0\0")),
             "Attribute failed policy validation")
check("the refusals changed nothing (generation, pool, records)",
      same_state(state(), before), (before, state()))
check("... and sent no event", events(0.3) == [])

# the host QUAR_ADD would name: a dynamic pool's IPv6 /64, by any address
g.cmd("POOL_NEW", string(A["POOL_NAME"], "dyn6"), u8(A["POOL_TYPE"], 1))
g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "dyn6"),
      prefix_nest("2001:db8:9::/48"))
remember("2001:db8:9:1::1", u32(A["OFFENCES"], 7), u32(A["RELEASED"], 60))
h = history().get("2001:db8:9:1::", (0, None))
check("a remembered IPv6 host of a dynamic pool is its /64",
      h[0] == 7 and h[1] is not None, history())
forget("2001:db8:9:1:ffff::5")
check("... forgotten by another address of the /64",
      "2001:db8:9:1::" not in history(), history())
expect_error("... and once only: ENOENT", errno.ENOENT,
             lambda: forget("2001:db8:9:1::1"), "no quarantine or remembered")

# quarantined by PREFIX_ADD (no record of its own) but remembered: both go
P = "192.0.2.200"
remember(P, u32(A["OFFENCES"], 4), u32(A["RELEASED"], 60))
check("a remembered host, then its /32 added to the quarantine pool",
      history().get(P, (0, None))[1] is not None, history())
g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "quarantine"),
      prefix_nest(P + "/32"))
events(0.3)
forget(P)
check("a prefix added to the quarantine pool: released, with an event",
      A["POOL_NAME"] not in g.cmd("LOOKUP", addr(P))[0] and
      [c for c, _ in events()] == [CMD["QUAR_DEL"]])
check("... and the host's remembered record dropped", P not in history(),
      history())
finish()
