# SPDX-License-Identifier: GPL-2.0
"""Accounting, rate limits and automatic quarantine on real connections.

Runs in network namespace smtp25-a, whose OUTPUT chain holds (see
51-account.sh):
  relay over its limits   -> recorded blocked, refused (tcp-reset)
  relay within its limits -> recorded allowed, accepted
  dynamic or quarantine   -> recorded blocked, refused
Destinations 10.25.1.1-40 (and 2001:db8:25:1::1-40) listen on 25 and 587
in smtp25-b. Every figure below is read back from the kernel.
"""
import errno
import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ktest import check, expect_error, finish, wait_for  # noqa: E402
from s25net import connect  # noqa: E402
from smtp25_genl import (A, CMD, HA, QA, REASON, Genl, addr,  # noqa: E402
                         ntop, parse_attrs, prefixes, quarantine_nests, rate,
                         string, strv, u8, u32, u32v, u64v)

FAMILY = sys.argv[1] if len(sys.argv) > 1 else "4"


def ip(n, net=0):
    """Address n of the test's source (net 0) or destination (net 1) range."""
    if FAMILY == "6":
        return f"2001:db8:25:{net or ''}:{':' if net else ''}{n:x}"
    return f"10.25.{net}.{n}"


g = Genl()
ev = Genl()
ev.subscribe()


def name(n):
    return string(A["POOL_NAME"], n)


def host(a):
    try:
        return parse_attrs(g.cmd("HOST_GET", addr(a))[0][A["HOST"]][0])
    except Exception:  # noqa: BLE001 - no entry
        return None


def hval(h, k):
    v = h[HA[k]][0]
    return u64v(v) if len(v) == 8 else u32v(v)


def pool_counter(n, k):
    return u64v(g.cmd("POOL_GET", name(n))[0][A[k]][0])


def lookup(a):
    r = g.cmd("LOOKUP", addr(a))[0]
    return strv(r[A["POOL_NAME"]][0]) if A["POOL_NAME"] in r else None


def attempts(src, dsts, port=25):
    return [connect(src, d, port) for d in dsts]


def quar_events(wait=0.3):
    out = []
    for cmd, q in quarantine_nests(ev.events(wait)):
        out.append((cmd, ntop(q[QA["ADDR"]][0]),
                    q[QA["REASON"]][0][0], u32v(q[QA["OFFENCES"]][0]),
                    u64v(q[QA["EXPIRES"]][0]) if QA["EXPIRES"] in q else 0))
    return out


plen = 64 if FAMILY == "6" else 24
relay_pfx = [f"{ip(n)}/{128 if FAMILY == '6' else 32}" for n in (5, 6, 7, 8)]
g.cmd("POOL_NEW", name("dyn"), u8(A["POOL_TYPE"], 1))
g.cmd("PREFIX_ADD", name("dyn"), prefixes(f"{ip(0)}/{plen}"))
g.cmd("POOL_NEW", name("relays"), u8(A["POOL_TYPE"], 2))
g.cmd("PREFIX_ADD", name("relays"), prefixes(*relay_pfx))
if FAMILY == "6":
    # One host per address, as this test counts them; a pool's default is
    # one per /64 (55-account6-prefix.sh tests that).
    for n in ("dyn", "relays"):
        g.cmd("POOL_SET", name(n), u8(A["POOL_ACCOUNT_PLEN6"], 128))
dst = [ip(n, 1) for n in range(1, 41)]

# The listeners (one python process in smtp25-b) may still be starting.
check("the destinations listen (587, no rule)",
      wait_for(lambda: connect(ip(10), dst[0], 587) == "ok", 30))

# --- accounting -----------------------------------------------------------
t0 = time.time()
res = attempts(ip(10), dst[:3] * 2)
check("dynamic host: every port-25 attempt refused", res == ["refused"] * 6, res)
check("dynamic host: submission on 587 still works",
      attempts(ip(10), dst[:2], 587) == ["ok", "ok"])
h = host(ip(10))
check("its entry: 6 blocked, 0 allowed, 3 destinations, pool dyn",
      h is not None and hval(h, "BLOCKED") == 6 and hval(h, "ALLOWED") == 0 and
      2 <= hval(h, "DESTS") <= 3 and strv(h[HA["POOL"]][0]) == "dyn" and
      h[HA["TYPE"]][0][0] == 1, h)
check("first and last seen are now",
      h is not None and abs(hval(h, "FIRST_SEEN") - t0) <= 3 and
      abs(hval(h, "LAST_SEEN") - time.time()) <= 3)
check("the dynamic pool counts 6 blocked", pool_counter("dyn", "BLOCKED") == 6)

# --- per-host limit ---------------------------------------------------------
g.cmd("POOL_SET", name("relays"), rate(A["LIMIT_HOST"], 5, 3600))
res = attempts(ip(5), dst[:12])
check("relay limited to 5/hour: the first 5 pass, the other 7 are refused",
      res == ["ok"] * 5 + ["refused"] * 7, res)
h = host(ip(5))
check("its entry: 5 allowed, 7 blocked, 7 over the limit",
      h is not None and (hval(h, "ALLOWED"), hval(h, "BLOCKED"),
                         hval(h, "OVER_LIMIT")) == (5, 7, 7), h)
check("another relay of the pool has its own 5",
      attempts(ip(6), dst[:6]) == ["ok"] * 5 + ["refused"])

# --- aggregate limit ----------------------------------------------------------
g.cmd("POOL_SET", name("relays"), rate(A["LIMIT_HOST"], 100, 3600),
      rate(A["LIMIT_POOL"], 8, 3600))
res7 = attempts(ip(7), dst[:5])
res8 = attempts(ip(8), dst[:5])
check("aggregate 8/hour: one relay gets 5, the next only the 3 left",
      res7 == ["ok"] * 5 and res8 == ["ok"] * 3 + ["refused"] * 2, (res7, res8))
check("relay counters: 18 allowed, 10 over a limit",
      pool_counter("relays", "ALLOWED") == 18 and
      pool_counter("relays", "OVER_LIMIT") == 10)

# --- automatic quarantine: blocked attempts ------------------------------------
quar_events(0.1)
g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_AFTER"], 5), u32(A["QUAR_WINDOW"], 60),
      u32(A["QUAR_EXPIRES"], 2))
res = attempts(ip(20), dst[:4])
time.sleep(0.5)
check("4 blocked attempts: below the threshold, not quarantined",
      lookup(ip(20)) == "dyn" and res == ["refused"] * 4)
attempts(ip(20), dst[4:5])
check("the 5th quarantines the host", wait_for(lambda: lookup(ip(20)) == "quarantine"))
h = host(ip(20))
check("its entry says quarantined, first offence",
      h is not None and HA["QUARANTINED"] in h and hval(h, "OFFENCES") == 1, h)
check("the dynamic pool counts one quarantine",
      pool_counter("dyn", "QUARANTINES") == 1)
check("quarantined, it is still refused on 25",
      attempts(ip(20), dst[:1]) == ["refused"])
check("and is still served on 587", attempts(ip(20), dst[:1], 587) == ["ok"])
check("released when the expiry (2 s) passes",
      wait_for(lambda: lookup(ip(20)) == "dyn", 6))
evs = quar_events()
check("events: quarantined (blocked, offence 1, 2 s), then released",
      [(c, a, r, o) for c, a, r, o, _ in evs] ==
      [(CMD["QUAR_ADD"], ip(20), REASON["blocked"], 1),
       (CMD["QUAR_DEL"], ip(20), REASON["expired"], 1)], evs)
attempts(ip(20), dst[:5])
check("a second offence quarantines it again",
      wait_for(lambda: lookup(ip(20)) == "quarantine"))
t = time.time()
evs = quar_events(0.1)
check("for twice as long (4 s), offence 2",
      len(evs) == 1 and evs[0][3] == 2 and 2.5 <= evs[0][4] - t <= 5.5, evs)
wait_for(lambda: lookup(ip(20)) == "dyn", 8)
check("released after about 4 s", 2.5 <= time.time() - t <= 6.5,
      time.time() - t)

# --- automatic quarantine: destinations ----------------------------------------
# 14, not 20: destinations sharing a hash bit read as one (P(20 read < 14)
# is about 6e-5 over random per-table seeds).
g.cmd("POOL_SET", name("dyn"), u32(A["QUAR_AFTER"], 0), u32(A["QUAR_DESTS"], 14),
      u32(A["QUAR_EXPIRES"], 600))
quar_events(0.1)
attempts(ip(30), dst[:5] * 4)
time.sleep(0.5)
check("20 attempts to 5 destinations: not quarantined",
      lookup(ip(30)) == "dyn")
attempts(ip(30), dst[5:20])
check("20 destinations: quarantined",
      wait_for(lambda: lookup(ip(30)) == "quarantine"))
evs = quar_events()
check("reason: destinations",
      len(evs) == 1 and evs[0][2] == REASON["dests"], evs)
h = host(ip(30))
check("its entry estimates about 20 destinations",
      h is not None and 14 <= hval(h, "DESTS") <= 23, h and hval(h, "DESTS"))

# --- submission all day --------------------------------------------------------
res = attempts(ip(40), dst[:1] * 60 + dst[:40], 587)
check("100 submissions on 587 from one host all pass", res == ["ok"] * 100)
check("and leave no trace: no entry, not quarantined",
      host(ip(40)) is None and lookup(ip(40)) == "dyn")

# --- per-host data is for CAP_NET_ADMIN only ------------------------------------
def as_nobody(fn):
    """fn() in a child running as nobody: the errno it fails with, or 0."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            fn(Genl())
        except Exception as e:  # noqa: BLE001 - report its errno
            code = getattr(e, "errno", 99) or 99
        os._exit(code)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])


check("nobody cannot dump the host table",
      as_nobody(lambda n: n.cmd("HOST_GET", dump=True)) == errno.EPERM)
check("nobody cannot read one host",
      as_nobody(lambda n: n.cmd("HOST_GET", addr(ip(10)))) == errno.EPERM)
check("nobody cannot list the quarantine",
      as_nobody(lambda n: n.cmd("QUAR_GET", dump=True)) == errno.EPERM)

# --- the table ------------------------------------------------------------------
s = g.cmd("STATS")[0]
check("stats: 7 hosts on record, 1 quarantined",
      u32v(s[A["HOSTS"]][0]) == 7 and u32v(s[A["QUARANTINED"]][0]) == 1,
      (u32v(s[A["HOSTS"]][0]), u32v(s[A["QUARANTINED"]][0])))
check("a host dump lists all 7", len(g.cmd("HOST_GET", dump=True)) == 7)
check("a dump of pool relays lists its 4",
      len(g.cmd("HOST_GET", name("relays"), dump=True)) == 4)
expect_error("a quarantined host cannot be forgotten", errno.EBUSY,
             lambda: g.cmd("HOST_DEL", addr(ip(30))), "quarantine")
g.cmd("HOST_DEL", addr(ip(10)))
check("host del forgets one host", host(ip(10)) is None)
g.cmd("HOST_DEL")
check("host flush keeps only the quarantined host",
      [parse_attrs(m[A["HOST"]][0])[HA["ADDR"]][0]
       for m in g.cmd("HOST_GET", dump=True)] ==
      [socket.inet_pton(socket.AF_INET6 if FAMILY == "6" else socket.AF_INET,
                        ip(30))])
finish()
