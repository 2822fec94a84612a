# SPDX-License-Identifier: GPL-2.0
"""QUAR_ADD's offences attribute over hand-built netlink, in a namespace of
its own: a count out of range (0, over 65535) or of the wrong type is
refused by the policy, pointing at the attribute with its bounds, and
changes nothing; QUAR_DEL refuses it with a message; a valid count is
taken as given (the expiry given is not doubled), replaces a remembered
one, and the kernel's own count stops at the maximum."""
import errno
import struct
import time

from ktest import check, expect_error, finish
from smtp25_genl import (A, CMD, OFFENCES_MAX, QA, REASON, Genl, addr, attr,
                         policy_bounds,
                         quarantine_nests, quarantined, string, u8, u32, u32v,
                         u64v)

g = Genl()
ev = Genl()
ev.subscribe()


def stats(g):
    return g.cmd("STATS")[0]


def generation():
    return u64v(stats(g)[A["GENERATION"]][0])


def offences(a):
    return u32v(quarantined(g)[a][QA["OFFENCES"]][0])


def pools():
    return sorted(m[A["POOL_NAME"]][0] for m in g.cmd("POOL_GET", dump=True))


def state():
    return (generation(), pools(), sorted(quarantined(g)),
            u32v(stats(g)[A["QUARANTINED"]][0]))


def events(wait=0.5):
    return [(cmd, q[QA["REASON"]][0][0], u32v(q[QA["OFFENCES"]][0]))
            for cmd, q in quarantine_nests(ev.events(wait))]


H = "198.51.100.9"
# nlmsghdr (16) + genlmsghdr (4) + the address attribute: offences next
OFFS = 16 + 4 + len(addr(H))

before = state()
check("a new namespace: no pool, nobody in quarantine",
      before[1] == [] and before[2] == [], before)

# --- refused by the policy, nothing changed ---------------------------------
for bad, what in ((0, "0 (not even this quarantine)"),
                  (OFFENCES_MAX + 1, "65536 (over the maximum)"),
                  (0xffffffff, "2^32-1")):
    e = expect_error(f"offences {what}: ERANGE, integer out of range",
                     errno.ERANGE,
                     lambda v=bad: g.cmd("QUAR_ADD", addr(H),
                                         u32(A["OFFENCES"], v),
                                         u32(A["EXPIRES"], 60)),
                     "integer out of range")
    check(f"offences {what}: the extack points at the attribute",
          e and e.offs == OFFS, e and e.offs)
    check(f"offences {what}: and carries its bounds 1..65535",
          policy_bounds(e) == (1, OFFENCES_MAX), e and e.policy)
e = expect_error("offences as a u8: EINVAL, invalid attribute length",
                 errno.EINVAL,
                 lambda: g.cmd("QUAR_ADD", addr(H), u8(A["OFFENCES"], 3)),
                 "invalid attribute length")
check("offences as a u8: the extack points at it", e and e.offs == OFFS,
      e and e.offs)
expect_error("offences as a u64: EINVAL, invalid attribute length",
             errno.EINVAL,
             lambda: g.cmd("QUAR_ADD", addr(H),
                           attr(A["OFFENCES"], struct.pack("=Q", 3))),
             "invalid attribute length")
expect_error("offences as a string: EINVAL", errno.EINVAL,
             lambda: g.cmd("QUAR_ADD", addr(H), string(A["OFFENCES"], "3")))
expect_error("offences empty: EINVAL", errno.EINVAL,
             lambda: g.cmd("QUAR_ADD", addr(H), attr(A["OFFENCES"], b"")))
check("the refusals changed nothing (generation, pools, quarantine)",
      state() == before, (before, state()))
check("no event for a refusal", events(0.3) == [])

# --- valid counts ------------------------------------------------------------
gen = generation()
g.cmd("QUAR_ADD", addr(H), u32(A["EXPIRES"], 600), u32(A["OFFENCES"], 5))
q = quarantined(g)[H]
check("offences 5: taken as given, reason manual, no pool",
      u32v(q[QA["OFFENCES"]][0]) == 5 and
      q[QA["REASON"]][0][0] == REASON["manual"] and QA["POOL"] not in q, q)
check("the expiry given is not doubled (600 s)",
      abs(u64v(q[QA["EXPIRES"]][0]) - u64v(q[QA["SINCE"]][0]) - 600) <= 1, q)
check("the add bumped the generation", generation() > gen)
check("the event carries the count",
      (CMD["QUAR_ADD"], REASON["manual"], 5) in events(), "")
expect_error("quarantine del refuses offences, with a message", errno.EINVAL,
             lambda: g.cmd("QUAR_DEL", addr(H), u32(A["OFFENCES"], 5)),
             "a count of offences belongs to quarantine add")
check("... and the host stays in quarantine", H in quarantined(g))
g.cmd("QUAR_DEL", addr(H))
g.cmd("QUAR_ADD", addr(H))
check("without offences: one more than remembered (6)", offences(H) == 6)
g.cmd("QUAR_DEL", addr(H))
g.cmd("QUAR_ADD", addr(H), u32(A["OFFENCES"], 2))
check("offences replaces a remembered count (6 -> 2)", offences(H) == 2)
g.cmd("QUAR_DEL", addr(H))

g.cmd("QUAR_ADD", addr("2001:db8::9"), u32(A["OFFENCES"], OFFENCES_MAX))
check("IPv6, offences 65535 (the maximum)",
      offences("2001:db8::9") == OFFENCES_MAX)
g.cmd("QUAR_DEL", addr("2001:db8::9"))
g.cmd("QUAR_ADD", addr("2001:db8::9"))
check("the kernel's count stops at 65535, so a save can give it back",
      offences("2001:db8::9") == OFFENCES_MAX)
g.cmd("QUAR_DEL", addr("2001:db8::9"))

g.cmd("QUAR_ADD", addr("192.0.2.77"), u32(A["OFFENCES"], 1))
check("offences 1 (the minimum)", offences("192.0.2.77") == 1)
g.cmd("QUAR_DEL", addr("192.0.2.77"))
time.sleep(0.1)
finish()
