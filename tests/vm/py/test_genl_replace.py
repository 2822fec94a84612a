# SPDX-License-Identifier: GPL-2.0
"""Atomic pool replacement: commit swaps the content in one step; abort,
a closed socket, an idle timeout and a failed commit all leave the old
content; another socket cannot take over a replace in progress; events
announce every change; dumps span many messages."""
import errno
import ipaddress
import struct
import time

from ktest import check, expect_error, finish
from smtp25_genl import A, PA, Genl, ntop, packed, parse_attrs, prefixes, string, u8


def pool_new(g, name, t):
    g.cmd("POOL_NEW", string(A["POOL_NAME"], name), u8(A["POOL_TYPE"], t))


def replace(g, name, chunks, commit=True):
    g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], name))
    for c in chunks:
        g.cmd("REPLACE_ADD", string(A["POOL_NAME"], name), prefixes(*c))
    if commit:
        g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], name))


def dump(g, name=None):
    out = []
    msgs = g.cmd("PREFIX_GET", *([string(A["POOL_NAME"], name)] if name else []),
                 dump=True)
    for m in msgs:
        for p in parse_attrs(m[A["PREFIXES"]][0]).get(A["PREFIX"], []):
            p = parse_attrs(p)
            out.append((ntop(p[PA["ADDR"]][0]), p[PA["PLEN"]][0][0],
                        p[PA["POOL"]][0].rstrip(b"\0").decode()))
    return out, len(msgs)


def count(g, name):
    for p in g.cmd("POOL_GET", dump=True):
        if p[A["POOL_NAME"]][0].rstrip(b"\0").decode() == name:
            return (struct.unpack("=Q", p[A["PREFIXES4"]][0])[0],
                    struct.unpack("=Q", p[A["PREFIXES6"]][0])[0])
    return None


g = Genl()
ev = Genl()
ev.subscribe()
pool_new(g, "dyn", 1)
pool_new(g, "relay", 2)
g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "relay"), prefixes("10.9.9.9/32"))

# 4096 /24s and 256 IPv6 /48s, in chunks of 512.
v4 = [f"10.{i >> 8}.{i & 255}.0/24" for i in range(4096)]
v6 = [f"2001:db8:{i:x}::/48" for i in range(256)]
allp = [str(ipaddress.ip_network(p)) for p in v4 + v6]
replace(g, "dyn", [allp[i:i + 512] for i in range(0, len(allp), 512)])
check("commit: pool counts 4096 IPv4 and 256 IPv6", count(g, "dyn") == (4096, 256))
got, nmsg = dump(g, "dyn")
check("dump of the pool returns every prefix in order",
      [f"{a}/{p}" for a, p, _ in got] == allp, f"{len(got)} prefixes")
check("the dump spans several messages", nmsg > 1, nmsg)
everything, _ = dump(g)
check("dump of all pools includes the relay, in address order",
      ("10.9.9.9", 32, "relay") in everything and
      everything.index(("10.9.9.0", 24, "dyn")) <
      everything.index(("10.9.9.9", 32, "relay")))

# The same content packed: in order, out of order, mixed with nests.
def replace_packed(g, name, chunks):
    g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], name))
    for c in chunks:
        g.cmd("REPLACE_ADD", string(A["POOL_NAME"], name), *c)
    g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], name))


replace_packed(g, "dyn", [[packed(*allp[i:i + 1000])] for i in range(0, len(allp), 1000)])
got, _ = dump(g, "dyn")
check("packed, in order: the same content",
      count(g, "dyn") == (4096, 256) and [f"{a}/{p}" for a, p, _ in got] == allp)
shuffled = allp[::-1]
replace_packed(g, "dyn", [[packed(*shuffled[i:i + 700]),
                           prefixes(*shuffled[i + 700:i + 1000])]
                          for i in range(0, len(shuffled), 1000)])
got, _ = dump(g, "dyn")
check("packed and nested, out of order: the same content",
      count(g, "dyn") == (4096, 256) and [f"{a}/{p}" for a, p, _ in got] == allp)
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), packed("192.0.2.0/24", "10.9.9.9/32"))
e = expect_error("packed: a prefix of another pool fails the commit", errno.EEXIST,
                 lambda: g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")),
                 "another pool")
check("... its cookie names 10.9.9.9/32",
      e and e.cookie and e.cookie[1] == 32 and e.cookie[4:8] == bytes([10, 9, 9, 9]))
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), packed("192.0.2.0/24", "198.51.100.0/24"))
g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), packed("192.0.2.0/24"))
e = expect_error("packed: a prefix given twice fails the commit", errno.EEXIST,
                 lambda: g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")),
                 "given twice")
check("... its cookie names 192.0.2.0/24",
      e and e.cookie and e.cookie[1] == 24 and e.cookie[4:8] == bytes([192, 0, 2, 0]))
check("failed packed commits keep the old content", count(g, "dyn") == (4096, 256))
# The namespace's limit counts packed prefixes too (module parameter).
limit = "/sys/module/smtp25/parameters/max_prefixes"
old_limit = open(limit).read().strip()
with open(limit, "w") as f:
    f.write("4100")
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), packed(*allp[:4000]))
expect_error("packed: staging past max_prefixes is refused", errno.ENOSPC,
             lambda: g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"),
                           packed(*allp[4000:])), "limit")
g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn"))
check("... what was staged before commits", count(g, "dyn") == (4000, 0))
with open(limit, "w") as f:
    f.write(old_limit)
replace_packed(g, "dyn", [[packed(*allp)]])
check("all back, in one message", count(g, "dyn") == (4096, 256))

# Abort, a failed commit and a conflict keep the old content.
replace(g, "dyn", [["192.0.2.0/24"]], commit=False)
g.cmd("REPLACE_ABORT", string(A["POOL_NAME"], "dyn"))
check("abort keeps the old content", count(g, "dyn") == (4096, 256))
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), prefixes("10.9.9.9/32"))
e = expect_error("commit with a prefix of another pool fails", errno.EEXIST,
                 lambda: g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")),
                 "another pool")
check("its cookie names 10.9.9.9/32",
      e and e.cookie and e.cookie[1] == 32 and e.cookie[4:8] == bytes([10, 9, 9, 9]))
check("failed commit keeps the old content", count(g, "dyn") == (4096, 256))
expect_error("the staging area is gone after a failed commit", errno.ENOENT,
             lambda: g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")))

# Another socket cannot commit or take over; closing the owner frees it.
other = Genl()
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
expect_error("a second socket cannot begin the same replace", errno.EBUSY,
             lambda: other.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn")),
             "another socket")
expect_error("a second socket cannot commit it", errno.ENOENT,
             lambda: other.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")))
g.close()
other.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
check("closing the owner's socket dropped its staging area", True)
other.cmd("REPLACE_ABORT", string(A["POOL_NAME"], "dyn"))
check("content unchanged by all of this", count(other, "dyn") == (4096, 256))

# Idle timeout (module parameter set to 2 s by the shell part).
other.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
other.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), prefixes("192.0.2.0/24"))
time.sleep(4.5)
expect_error("an idle replace times out", errno.ENOENT,
             lambda: other.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn")),
             "timed out")
check("the timed-out replace left the old content", count(other, "dyn") == (4096, 256))

# A replace with an empty set empties the pool; deleting a pool frees all.
replace(other, "dyn", [])
check("replace with nothing empties the pool", count(other, "dyn") == (0, 0))
other.cmd("POOL_DEL", string(A["POOL_NAME"], "relay"))
st = other.cmd("STATS")[0]
check("all prefixes gone with the relay pool",
      struct.unpack("=Q", st[A["PREFIXES4"]][0])[0] == 0)

# Events: one per change, with the command that made it.
events = [(cmd, a[A["POOL_NAME"]][0].rstrip(b"\0").decode())
          for cmd, a in ev.events(2)]
check("events: pool adds, prefix add, commits and the pool delete",
      events == [(1, "dyn"), (1, "relay"), (4, "relay")] + [(9, "dyn")] * 6 +
      [(2, "relay")], events)
finish()
