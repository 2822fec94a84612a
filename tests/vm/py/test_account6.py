# SPDX-License-Identifier: GPL-2.0
"""IPv6 accounting per prefix (pool setting account-prefix6).

Runs in network namespace smtp25-a, whose OUTPUT chain holds (see
55-account6-prefix.sh):
  quarantine -> recorded blocked, refused (tcp-reset)
  dynamic    -> recorded blocked, accepted ("monitor mode")
Sources 2001:db8:55:1::1-9,99, 2001:db8:55:2::1-3, 2001:db8:55:3::1-3 are
in pool dyn (2001:db8:55::/48); destinations 2001:db8:99::1-20 listen on
25 in smtp25-b. Every figure is read back from the kernel, and the
smtp25ctl views ($SMTP25CTL) of the same state are checked too.
"""
import errno
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ktest import check, expect_error, finish, wait_for  # noqa: E402
from s25net import connect  # noqa: E402
from smtp25_genl import (A, CMD, HA, PA, QA, REASON, Genl, addr,  # noqa: E402
                         ntop, parse_attrs, prefixes, quarantine_nests, string,
                         strv, u8, u32, u32v, u64v)

CTL = os.environ.get("SMTP25CTL", "smtp25ctl")
g = Genl()
ev = Genl()
ev.subscribe()


def src(net, n):
    return f"2001:db8:55:{net}::{n}"


DST = [f"2001:db8:99::{n:x}" for n in range(1, 21)]


def name(n="dyn"):
    return string(A["POOL_NAME"], n)


def plen6(v):
    return u8(A["POOL_ACCOUNT_PLEN6"], v)


def pool_plen6():
    return g.cmd("POOL_GET", name())[0][A["POOL_ACCOUNT_PLEN6"]][0][0]


def host(a):
    """The host entry holding address a, as {attr: [values]}, or None."""
    try:
        return parse_attrs(g.cmd("HOST_GET", addr(a))[0][A["HOST"]][0])
    except Exception:  # noqa: BLE001 - no entry
        return None


def hprefix(h):
    return f"{ntop(h[HA['ADDR']][0])}/{h[HA['PLEN']][0][0]}"


def hval(h, k):
    v = h[HA[k]][0]
    return u64v(v) if len(v) == 8 else u32v(v)


def hosts():
    """Every entry of the table: {prefix: blocked}."""
    out = {}
    for m in g.cmd("HOST_GET", dump=True):
        h = parse_attrs(m[A["HOST"]][0])
        out[hprefix(h)] = hval(h, "BLOCKED")
    return out


def lookup(a):
    """(pool, matching prefix) of address a."""
    r = g.cmd("LOOKUP", addr(a))[0]
    if A["POOL_NAME"] not in r:
        return (None, None)
    p = parse_attrs(r[A["PREFIX"]][0])
    return (strv(r[A["POOL_NAME"]][0]),
            f"{ntop(p[PA['ADDR']][0])}/{p[PA['PLEN']][0][0]}")


def attempts(s, dsts):
    return [connect(s, d, 25) for d in dsts]


def quar_events(wait=0.5):
    """(cmd, prefix, reason, offences) of the quarantine events so far."""
    return [(cmd, f"{ntop(q[QA['ADDR']][0])}/{q[QA['PLEN']][0][0]}",
             q[QA["REASON"]][0][0], u32v(q[QA["OFFENCES"]][0]))
            for cmd, q in quarantine_nests(ev.events(wait))]


def ctl(*args):
    r = subprocess.run([CTL, *args], capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def ctl_json(*args):
    rc, out, err = ctl("-j", *args)
    return json.loads(out) if rc == 0 else (rc, err)


P1, P2 = "2001:db8:55:1::/64", "2001:db8:55:2::/64"
g.cmd("POOL_NEW", name(), u8(A["POOL_TYPE"], 1))
g.cmd("PREFIX_ADD", name(), prefixes("2001:db8:55::/48"))

# --- the setting -------------------------------------------------------------
check("a new pool accounts IPv6 per /64", pool_plen6() == 64, pool_plen6())
rc, out, err = ctl("pool", "add", "rel", "type", "relay")
j = ctl_json("pool", "show", "rel")
check("a new relay pool accounts per address: account_prefix6 128",
      rc == 0 and isinstance(j, dict) and j.get("account_prefix6") == 128,
      (rc, err, j))
rc, out, err = ctl("save")
check("save says nothing of a relay pool's default 128",
      rc == 0 and "account-prefix6" not in out, out)
rc, out, err = ctl("pool", "del", "rel")
check("the relay pool goes", rc == 0, (rc, err))
for bad in (0, 31, 129, 255):
    expect_error(f"account-plen6 {bad} refused by the policy, with its extack",
                 errno.ERANGE, lambda b=bad: g.cmd("POOL_SET", name(), plen6(b)),
                 "out of range")
expect_error("account-plen6 as a u32 refused", errno.EINVAL,
             lambda: g.cmd("POOL_SET", name(), u32(A["POOL_ACCOUNT_PLEN6"], 64)))
check("a refused length changes nothing", pool_plen6() == 64)
for good in (32, 128, 56, 64):
    g.cmd("POOL_SET", name(), plen6(good))
    check(f"account-plen6 {good} accepted", pool_plen6() == good)
rc, out, err = ctl("pool", "set", "dyn", "account-prefix6", "31")
check("smtp25ctl refuses account-prefix6 31: exit 1, says why",
      rc == 1 and "account-prefix6: '31': the IPv6 accounting prefix is a length from 32 to 128" in err,
      (rc, err))
rc, out, err = ctl("pool", "set", "dyn", "account-prefix6", "/56")
check("smtp25ctl pool set account-prefix6 /56", rc == 0 and not err, (rc, err))
j = ctl_json("pool", "show", "dyn")
check("pool show -j: account_prefix6 56",
      isinstance(j, dict) and j.get("account_prefix6") == 56, j)
rc, out, err = ctl("pool", "show", "dyn")
check("pool show: the setting on the settings line",
      rc == 0 and "account-prefix6 56" in out, out)
rc, out, err = ctl("save")
check("save restores it", rc == 0 and "pool set dyn account-prefix6 56\n" in out, out)
rc, out, err = ctl("pool", "set", "dyn", "account-prefix6", "64")
j = ctl_json("pool", "list")
check("pool list -j: back at 64",
      isinstance(j, list) and [p["account_prefix6"] for p in j] == [64], j)
rc, out, err = ctl("save")
check("save says nothing of the default", rc == 0 and "account-prefix6" not in out, out)

# --- one /64, one host --------------------------------------------------------
check("the destinations listen",
      wait_for(lambda: connect(src(1, 1), DST[0], 25) == "ok", 30))
g.cmd("HOST_DEL")
res = attempts(src(1, 1), DST[:2]) + attempts(src(1, 2), DST[2:4]) + \
    attempts(src(1, 3), DST[4:6])
check("6 attempts from 3 addresses of one /64: let through (monitor mode)",
      res == ["ok"] * 6, res)
check("they are one host, 2001:db8:55:1::/64, with 6 blocked",
      hosts() == {P1: 6}, hosts())
h = host("2001:db8:55:1::abcd")
check("HOST_GET of an address of the /64 never seen finds it",
      h is not None and hprefix(h) == P1 and hval(h, "BLOCKED") == 6 and
      4 <= hval(h, "DESTS") <= 6, h)
check("... and not an address of another /64", host(src(2, 1)) is None)
j = ctl_json("host", "list")
check("smtp25ctl -j host list: the prefix as the address",
      isinstance(j, list) and [(x["address"], x["blocked"]) for x in j] == [(P1, 6)], j)
rc, out, err = ctl("host", "show", "2001:db8:55:1::beef")
check("smtp25ctl host show of an address inside: the /64",
      rc == 0 and "2001:db8:55:1::/64" in out and "blocked" in out, (rc, out, err))
rc, out, err = ctl("top")
check("smtp25ctl top: the /64 in the ADDRESS column",
      rc == 0 and out.splitlines()[1].startswith(P1 + " "), out)
res = attempts(src(2, 1), DST[:2])
check("another /64 of the pool is a host of its own",
      res == ["ok"] * 2 and hosts() == {P1: 6, P2: 2}, hosts())

# --- the quarantine of a /64 ---------------------------------------------------
quar_events(0.1)
g.cmd("POOL_SET", name(), u32(A["QUAR_AFTER"], 10), u32(A["QUAR_WINDOW"], 600),
      u32(A["QUAR_EXPIRES"], 600))
attempts(src(1, 4), DST[6:8])
attempts(src(1, 5), DST[8:9])
time.sleep(0.5)
check("9 blocked from the /64: not quarantined yet",
      lookup(src(1, 4)) == ("dyn", "2001:db8:55::/48"), lookup(src(1, 4)))
attempts(src(1, 6), DST[9:10])
check("the 10th, from yet another address of it, quarantines the /64",
      wait_for(lambda: lookup(src(1, 1))[0] == "quarantine", 10), lookup(src(1, 1)))
check("... as 2001:db8:55:1::/64 in pool quarantine",
      lookup(src(1, 9)) == ("quarantine", P1), lookup(src(1, 9)))
evs = quar_events()
check("event: quar_add of the /64, reason blocked, offence 1",
      evs == [(CMD["QUAR_ADD"], P1, REASON["blocked"], 1)], evs)
h = host(src(1, 1))
check("its entry: quarantined, offence 1",
      h is not None and HA["QUARANTINED"] in h and hval(h, "OFFENCES") == 1, h)
check("a new address of the /64, never seen before, is refused",
      attempts(src(1, 99), DST[:1]) == ["refused"])
check("... and counted in the quarantined /64's entry",
      hosts().get(P1) == 11 and len(hosts()) == 2, hosts())
check("another /64 of the pool is unaffected",
      attempts(src(2, 2), DST[:1]) == ["ok"] and lookup(src(2, 2))[0] == "dyn")
j = ctl_json("quarantine", "list")
check("smtp25ctl -j quarantine list: the /64",
      isinstance(j, list) and [(q["address"], q["offences"]) for q in j] == [(P1, 1)], j)
rc, out, err = ctl("save")
check("save: the /64 as its first address",
      rc == 0 and "quarantine add 2001:db8:55:1:: expires " in out, out)
expect_error("HOST_DEL of an address inside: the quarantined host stays",
             errno.EBUSY, lambda: g.cmd("HOST_DEL", addr(src(1, 77))))

# --- release, second offence ---------------------------------------------------
g.cmd("QUAR_DEL", addr("2001:db8:55:1::abcd"))
check("QUAR_DEL of any address inside releases the /64",
      lookup(src(1, 1)) == ("dyn", "2001:db8:55::/48"), lookup(src(1, 1)))
check("event: quar_del of the /64",
      quar_events() == [(CMD["QUAR_DEL"], P1, REASON["manual"], 1)])
check("its new address gets through again", attempts(src(1, 99), DST[:1]) == ["ok"])
g.cmd("POOL_SET", name(), u32(A["QUAR_AFTER"], 4))
attempts(src(1, 7), DST[:2])
attempts(src(1, 8), DST[2:4])
check("4 more from two other addresses: quarantined again",
      wait_for(lambda: lookup(src(1, 7))[0] == "quarantine", 10))
check("offences are counted per /64: the second one",
      quar_events() == [(CMD["QUAR_ADD"], P1, REASON["blocked"], 2)])
rc, out, err = ctl("quarantine", "del", "2001:db8:55:1::42")
check("smtp25ctl quarantine del of an address inside", rc == 0 and not err, (rc, err))
check("... released", lookup(src(1, 7))[0] == "dyn")
quar_events(0.1)

# --- by hand --------------------------------------------------------------------
rc, out, err = ctl("quarantine", "add", "2001:db8:55:3::3", "expires", "600")
check("smtp25ctl quarantine add of an address: its /64",
      rc == 0 and lookup("2001:db8:55:3::1") == ("quarantine", "2001:db8:55:3::/64"),
      (rc, err, lookup("2001:db8:55:3::1")))
expect_error("QUAR_ADD of another address of it: in quarantine already",
             errno.EEXIST, lambda: g.cmd("QUAR_ADD", addr("2001:db8:55:3::2")),
             "in quarantine already")
g.cmd("QUAR_DEL", addr("2001:db8:55:3::1"))
check("released", lookup("2001:db8:55:3::3")[0] == "dyn")
quar_events(0.1)

# --- 128: one host per address, as before -------------------------------------
g.cmd("POOL_SET", name(), plen6(128), u32(A["QUAR_AFTER"], 4))
g.cmd("HOST_DEL")
res = [r for n in (1, 2, 3) for r in attempts(src(3, n), DST[:2])]
check("account-plen6 128: 6 attempts from 3 addresses let through",
      res == ["ok"] * 6, res)
want = {f"{src(3, n)}/128": 2 for n in (1, 2, 3)}
check("three hosts of 2 blocked each, per /128", hosts() == want, hosts())
check("HOST_GET of an address never seen finds nothing",
      host("2001:db8:55:3::7") is None)
j = ctl_json("host", "list")
check("smtp25ctl -j host list: plain addresses",
      isinstance(j, list) and sorted(x["address"] for x in j) ==
      [src(3, n) for n in (1, 2, 3)], j)
attempts(src(3, 1), DST[2:4])
check("the fourth attempt of one address quarantines it alone, as a /128",
      wait_for(lambda: lookup(src(3, 1)) == ("quarantine", f"{src(3, 1)}/128"),
               10),
      lookup(src(3, 1)))
time.sleep(0.5)
check("its neighbours (3 attempts now) go on",
      attempts(src(3, 2), DST[:1]) == ["ok"] and lookup(src(3, 2))[0] == "dyn")
check("event: quar_add of the /128",
      quar_events() == [(CMD["QUAR_ADD"], f"{src(3, 1)}/128", REASON["blocked"], 1)])
finish()
