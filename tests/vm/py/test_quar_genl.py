# SPDX-License-Identifier: GPL-2.0
"""Pool limits, quarantine and the host table over hand-built netlink:
settings are validated and shown, quarantine puts a /32 or /128 into the
pool "quarantine" (made on first use), expires, remembers offences,
announces every change, and refuses what it cannot do with a message."""
import errno
import time

from ktest import check, expect_error, finish
from smtp25_genl import (A, CMD, QA, RATE, REASON, Genl, addr, ntop,
                         parse_attrs, prefixes, quarantine_nests, quarantined,
                         rate, string, strv, u8, u32, u32v, u64v)


def name(n):
    return string(A["POOL_NAME"], n)


def stats(g):
    return g.cmd("STATS")[0]


def pool(g, n):
    return g.cmd("POOL_GET", name(n))[0]


def lookup(g, a):
    r = g.cmd("LOOKUP", addr(a))[0]
    if A["POOL_NAME"] not in r:
        return None
    return strv(r[A["POOL_NAME"]][0]), r[A["POOL_TYPE"]][0][0]


def quar_events(evs):
    out = []
    for cmd, q in quarantine_nests(evs):
        out.append((cmd, ntop(q[QA["ADDR"]][0]),
                    q[QA["REASON"]][0][0], u32v(q[QA["OFFENCES"]][0])))
    return out


g = Genl()
ev = Genl()
ev.subscribe()

s = stats(g)
check("stats: empty host table, none quarantined",
      u32v(s[A["HOSTS"]][0]) == 0 and u32v(s[A["QUARANTINED"]][0]) == 0 and
      u32v(s[A["MAX_HOSTS"]][0]) == 1000, s)

# --- pool set ---------------------------------------------------------------
g.cmd("POOL_NEW", name("dyn"), u8(A["POOL_TYPE"], 1))
p = pool(g, "dyn")
check("new pool: no limits, window 60 s, expiry 3600 s",
      u32v(parse_attrs(p[A["LIMIT_HOST"]][0])[RATE["COUNT"]][0]) == 0 and
      u32v(p[A["QUAR_WINDOW"]][0]) == 60 and
      u32v(p[A["QUAR_EXPIRES"]][0]) == 3600 and
      u32v(p[A["QUAR_AFTER"]][0]) == 0, p)
expect_error("pool set without a setting", errno.EINVAL,
             lambda: g.cmd("POOL_SET", name("dyn")), "nothing to set")
expect_error("pool set of a missing pool", errno.ENOENT,
             lambda: g.cmd("POOL_SET", name("nope"), u32(A["QUAR_AFTER"], 5)),
             "no pool of this name")
expect_error("rate without a count", errno.EINVAL,
             lambda: g.cmd("POOL_SET", name("dyn"),
                           rate(A["LIMIT_HOST"], 0, 60)[:4] +
                           u32(RATE["PERIOD"], 60)), None)
expect_error("rate without a period", errno.EINVAL,
             lambda: g.cmd("POOL_SET", name("dyn"), rate(A["LIMIT_HOST"], 5)),
             "period")
expect_error("rate with period 0", errno.ERANGE,
             lambda: g.cmd("POOL_SET", name("dyn"),
                           rate(A["LIMIT_HOST"], 5, 0)))
expect_error("rate with period over a day", errno.ERANGE,
             lambda: g.cmd("POOL_SET", name("dyn"),
                           rate(A["LIMIT_POOL"], 5, 86401)))
expect_error("window 0", errno.ERANGE,
             lambda: g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_WINDOW"], 0)))
expect_error("destinations beyond the estimate", errno.ERANGE,
             lambda: g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_DESTS"], 601)))
expect_error("counters are read-only", errno.EINVAL,
             lambda: g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_AFTER"], 1) +
                           b"\x0c\x00\x15\x00" + b"\0" * 8))
gen = u64v(stats(g)[A["GENERATION"]][0])
ev.events(0.2)
g.cmd("POOL_SET", name("dyn"), rate(A["LIMIT_HOST"], 300, 60),
      rate(A["LIMIT_POOL"], 20000, 60), u32(A["QUAR_AFTER"], 10),
      u32(A["QUAR_DESTS"], 20), u32(A["QUAR_WINDOW"], 120),
      u32(A["QUAR_EXPIRES"], 900))
p = pool(g, "dyn")
lh = parse_attrs(p[A["LIMIT_HOST"]][0])
lp = parse_attrs(p[A["LIMIT_POOL"]][0])
check("pool set: every setting shown by pool get",
      (u32v(lh[RATE["COUNT"]][0]), u32v(lh[RATE["PERIOD"]][0]),
       u32v(lp[RATE["COUNT"]][0]), u32v(lp[RATE["PERIOD"]][0]),
       u32v(p[A["QUAR_AFTER"]][0]), u32v(p[A["QUAR_DESTS"]][0]),
       u32v(p[A["QUAR_WINDOW"]][0]), u32v(p[A["QUAR_EXPIRES"]][0])) ==
      (300, 60, 20000, 60, 10, 20, 120, 900), p)
check("pool set: counters start at zero",
      all(u64v(p[A[k]][0]) == 0 for k in
          ("BLOCKED", "ALLOWED", "OVER_LIMIT", "QUARANTINES")))
g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_DESTS"], 0))
p = pool(g, "dyn")
check("pool set changes only what it names",
      u32v(p[A["QUAR_DESTS"]][0]) == 0 and u32v(p[A["QUAR_AFTER"]][0]) == 10)
evs = ev.events(0.5)
check("pool set is announced with the new generation",
      [c for c, _ in evs] == [CMD["POOL_SET"]] * 2 and
      u64v(evs[-1][1][A["GENERATION"]][0]) == gen + 2, evs)
g.cmd("POOL_SET", name("dyn"), rate(A["LIMIT_HOST"], 0))
p = pool(g, "dyn")
check("rate count 0 turns the limit off",
      u32v(parse_attrs(p[A["LIMIT_HOST"]][0])[RATE["COUNT"]][0]) == 0)

# --- quarantine by hand -----------------------------------------------------
check("no pool named quarantine yet",
      not any(strv(m[A["POOL_NAME"]][0]) == "quarantine"
              for m in g.cmd("POOL_GET", dump=True)))
g.cmd("QUAR_ADD", addr("192.0.2.7"), u32(A["EXPIRES"], 2))
check("quarantine add makes the quarantine pool",
      u32v(pool(g, "quarantine")[A["POOL_TYPE"]][0][:1] + b"\0\0\0") == 3)
check("the host looks up as quarantine", lookup(g, "192.0.2.7") ==
      ("quarantine", 3), lookup(g, "192.0.2.7"))
r = g.cmd("LOOKUP", addr("192.0.2.7"))[0]
check("as a /32", parse_attrs(r[A["PREFIX"]][0])[2][0][0] == 32)
q = quarantined(g)
now = time.time()
check("quarantine list: the host, by hand, first offence, expiry in 2 s",
      list(q) == ["192.0.2.7"] and
      q["192.0.2.7"][QA["REASON"]][0][0] == REASON["manual"] and
      u32v(q["192.0.2.7"][QA["OFFENCES"]][0]) == 1 and
      abs(u64v(q["192.0.2.7"][QA["EXPIRES"]][0]) - (now + 2)) <= 2 and
      abs(u64v(q["192.0.2.7"][QA["SINCE"]][0]) - now) <= 2, q)
check("stats count one quarantined host",
      u32v(stats(g)[A["QUARANTINED"]][0]) == 1)
expect_error("quarantine add twice", errno.EEXIST,
             lambda: g.cmd("QUAR_ADD", addr("192.0.2.7")),
             "in quarantine already")
time.sleep(3.5)
check("released when the expiry passed", lookup(g, "192.0.2.7") is None and
      quarantined(g) == {} and u32v(stats(g)[A["QUARANTINED"]][0]) == 0)
evs = quar_events(ev.events(0.5))
check("events: added by hand, released as expired",
      evs == [(CMD["QUAR_ADD"], "192.0.2.7", REASON["manual"], 1),
              (CMD["QUAR_DEL"], "192.0.2.7", REASON["expired"], 1)], evs)
g.cmd("QUAR_ADD", addr("192.0.2.7"))
q = quarantined(g)["192.0.2.7"]
check("a second offence is remembered; no expiry given: none",
      u32v(q[QA["OFFENCES"]][0]) == 2 and QA["EXPIRES"] not in q, q)
expect_error("quarantine del takes no expiry", errno.EINVAL,
             lambda: g.cmd("QUAR_DEL", addr("192.0.2.7"), u32(A["EXPIRES"], 1)),
             "expiry")
g.cmd("QUAR_DEL", addr("192.0.2.7"))
check("quarantine del releases", lookup(g, "192.0.2.7") is None)
expect_error("quarantine del of a free host", errno.ENOENT,
             lambda: g.cmd("QUAR_DEL", addr("192.0.2.7")), "not in quarantine")
expect_error("quarantine add of a bad address", errno.EINVAL,
             lambda: g.cmd("QUAR_ADD", b"\x09\x00\x07\x00\x01\x02\x03\x04\x05\0\0\0"),
             "4 bytes")
expect_error("quarantine add without an address", errno.EINVAL,
             lambda: g.cmd("QUAR_ADD"))

g.cmd("QUAR_ADD", addr("2001:db8::7"), u32(A["EXPIRES"], 600))
r = g.cmd("LOOKUP", addr("2001:db8::7"))[0]
check("IPv6: a /128 in the quarantine pool",
      strv(r[A["POOL_NAME"]][0]) == "quarantine" and
      parse_attrs(r[A["PREFIX"]][0])[2][0][0] == 128)

g.cmd("POOL_NEW", name("relays"), u8(A["POOL_TYPE"], 2))
g.cmd("PREFIX_ADD", name("relays"), prefixes("198.51.100.1/32"))
expect_error("a relay /32 cannot be quarantined over", errno.EEXIST,
             lambda: g.cmd("QUAR_ADD", addr("198.51.100.1")),
             "prefix of a pool already")
check("the relay stays a relay", lookup(g, "198.51.100.1") == ("relays", 2))

# Put there with prefix add: quarantine del still releases it.
g.cmd("PREFIX_ADD", name("quarantine"), prefixes("203.0.113.9/32"))
g.cmd("QUAR_DEL", addr("203.0.113.9"))
check("a hand-added quarantine prefix is released by quarantine del",
      lookup(g, "203.0.113.9") is None)

# Deleting the quarantine pool releases everyone in it.
ev.events(0.2)
g.cmd("POOL_DEL", name("quarantine"))
evs = quar_events(ev.events(0.5))
check("deleting the pool releases its hosts (reason gone)",
      evs == [(CMD["QUAR_DEL"], "2001:db8::7", REASON["gone"], 1)], evs)
check("nothing left in quarantine", quarantined(g) == {} and
      u32v(stats(g)[A["QUARANTINED"]][0]) == 0)
g.cmd("POOL_NEW", name("quarantine"), u8(A["POOL_TYPE"], 1))
expect_error("a pool named quarantine of another type", errno.EEXIST,
             lambda: g.cmd("QUAR_ADD", addr("192.0.2.8")),
             "not of type quarantine")
g.cmd("POOL_DEL", name("quarantine"))

# --- hosts ------------------------------------------------------------------
check("no host on record", g.cmd("HOST_GET", dump=True) == [])
expect_error("host get of an unknown host", errno.ENOENT,
             lambda: g.cmd("HOST_GET", addr("192.0.2.7")), "on record")
expect_error("host del of an unknown host", errno.ENOENT,
             lambda: g.cmd("HOST_DEL", addr("192.0.2.7")), "on record")
g.cmd("HOST_DEL")
check("host flush of an empty table", True)
expect_error("host get dump of a missing pool", errno.ENOENT,
             lambda: g.cmd("HOST_GET", name("nope"), dump=True))
finish()
