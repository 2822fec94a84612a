# SPDX-License-Identifier: GPL-2.0
"""Hand-built netlink requests: every malformed one is refused with an
extack message a person can read, and the state stays as it was."""
import errno
import socket
import struct

from ktest import check, expect_error, finish
from smtp25_genl import A, PA, Genl, attr, nest, prefixes, string, u8, u32, ntop

g = Genl()
check("family smtp25 resolves with an events group", "events" in g.groups)

g.cmd("POOL_NEW", string(A["POOL_NAME"], "dyn"), u8(A["POOL_TYPE"], 1))
g.cmd("POOL_NEW", string(A["POOL_NAME"], "relays"), u8(A["POOL_TYPE"], 2))
pools = g.cmd("POOL_GET", dump=True)
check("two pools listed", sorted(p[A["POOL_NAME"]][0] for p in pools) ==
      [b"dyn\0", b"relays\0"])

expect_error("pool name taken", errno.EEXIST,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "dyn"),
                           u8(A["POOL_TYPE"], 1)), "exists already")
expect_error("pool name with a space", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "a b"),
                           u8(A["POOL_TYPE"], 1)), "pool name")
expect_error("pool name of 32 characters", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x" * 32),
                           u8(A["POOL_TYPE"], 1)))
expect_error("empty pool name", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], ""),
                           u8(A["POOL_TYPE"], 1)))
e = expect_error("pool type missing", errno.EINVAL,
                 lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x")))
check("missing attribute is named", e and e.miss == A["POOL_TYPE"])
expect_error("pool type out of range", errno.ERANGE,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x"),
                           u8(A["POOL_TYPE"], 9)))
expect_error("pool type of the wrong size (u32)", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x"),
                           u32(A["POOL_TYPE"], 1)))
expect_error("unknown attribute", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x"),
                           u8(A["POOL_TYPE"], 1), u8(99, 1)))
expect_error("reply-only attribute in a request", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", string(A["POOL_NAME"], "x"),
                           u8(A["POOL_TYPE"], 1), u32(A["POOLS"], 1)))
expect_error("string without its NUL", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", attr(A["POOL_NAME"], b"abc"),
                           u8(A["POOL_TYPE"], 1)))
expect_error("attribute longer than the message", errno.EINVAL,
             lambda: g.cmd("POOL_NEW", raw=struct.pack("=HH", 200,
                                                       A["POOL_NAME"]) + b"x\0\0\0"))
expect_error("unknown pool", errno.ENOENT,
             lambda: g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "nope"),
                           prefixes("10.0.0.0/8")), "no pool")

def add(*p):
    return g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "dyn"), prefixes(*p))

expect_error("address of 5 bytes", errno.EINVAL, lambda: g.cmd(
    "PREFIX_ADD", string(A["POOL_NAME"], "dyn"),
    nest(A["PREFIXES"], nest(A["PREFIX"], attr(PA["ADDR"], b"\1\2\3\4\5"),
                             u8(PA["PLEN"], 8)))), "4 bytes")
expect_error("address of 20 bytes", errno.ERANGE, lambda: g.cmd(
    "PREFIX_ADD", string(A["POOL_NAME"], "dyn"),
    nest(A["PREFIXES"], nest(A["PREFIX"], attr(PA["ADDR"], b"\0" * 20),
                             u8(PA["PLEN"], 8)))))
expect_error("prefix without a length", errno.EINVAL, lambda: g.cmd(
    "PREFIX_ADD", string(A["POOL_NAME"], "dyn"),
    nest(A["PREFIXES"], nest(A["PREFIX"], attr(PA["ADDR"], b"\12\0\0\0")))),
    "address and a length")
expect_error("IPv4 /33", errno.EINVAL, lambda: add("10.0.0.0/33"), "longer")
e = expect_error("host bits set", errno.EINVAL, lambda: add("10.0.0.1/8"),
                 "host bits")
check("host bits error names the prefix in the cookie",
      e and e.cookie and e.cookie[1] == 8 and e.cookie[4:8] == bytes([10, 0, 0, 1]))
expect_error("pool name in a request prefix", errno.EINVAL, lambda: g.cmd(
    "PREFIX_ADD", string(A["POOL_NAME"], "dyn"),
    nest(A["PREFIXES"], nest(A["PREFIX"], attr(PA["ADDR"], b"\12\0\0\0"),
                             u8(PA["PLEN"], 8), string(PA["POOL"], "x")))))

add("10.0.0.0/8", "2001:db8::/32")
g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "relays"),
      prefixes("10.1.2.3/32", "2001:db8:1::25/128"))
e = expect_error("a prefix in another pool cannot be added", errno.EEXIST,
                 lambda: add("192.0.2.0/24", "10.1.2.3/32"), "already")
check("the error points at the second prefix", e and e.offs is not None)
expect_error("a prefix given twice", errno.EEXIST,
             lambda: add("192.0.2.0/24", "192.0.2.0/24"), "twice")


def lookup(a):
    fam = socket.AF_INET6 if ":" in a else socket.AF_INET
    r = g.cmd("LOOKUP", attr(A["ADDR"], socket.inet_pton(fam, a)))[0]
    if A["POOL_NAME"] not in r:
        return None
    p = {k: v[0] for k, v in __import__("smtp25_genl").parse_attrs(r[A["PREFIX"]][0]).items()}
    return (r[A["POOL_NAME"]][0].rstrip(b"\0").decode(),
            f"{ntop(p[PA['ADDR']])}/{p[PA['PLEN']][0]}")


check("failed adds left nothing behind", lookup("192.0.2.1") is None)
check("nested relay /32 wins in a dynamic /8",
      lookup("10.1.2.3") == ("relays", "10.1.2.3/32"))
check("the /8 covers its neighbour", lookup("10.1.2.4") == ("dyn", "10.0.0.0/8"))
check("IPv6 relay /128", lookup("2001:db8:1::25") == ("relays", "2001:db8:1::25/128"))
check("IPv6 dynamic /32", lookup("2001:db8:2::1") == ("dyn", "2001:db8::/32"))
check("nothing covers 192.0.2.1", lookup("192.0.2.1") is None)

expect_error("deleting a prefix of another pool", errno.ENOENT, lambda: g.cmd(
    "PREFIX_DEL", string(A["POOL_NAME"], "dyn"), prefixes("10.1.2.3/32")),
    "not in this pool")
expect_error("lookup of a 3-byte address", errno.ERANGE,
             lambda: g.cmd("LOOKUP", attr(A["ADDR"], b"\1\2\3")))
expect_error("replace add without begin", errno.ENOENT, lambda: g.cmd(
    "REPLACE_ADD", string(A["POOL_NAME"], "dyn"), prefixes("10.0.0.0/8")),
    "REPLACE_BEGIN")

# The packed prefixes of REPLACE_ADD: malformed ones refuse the message
# and stage nothing (the staging area stays as it was).
from smtp25_genl import packed  # noqa: E402


def replace_add(*attrs):
    return g.cmd("REPLACE_ADD", string(A["POOL_NAME"], "dyn"), *attrs)


g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
replace_add(packed("198.18.0.0/15", "2001:db8:f::/48"))
e = expect_error("packed IPv4 of 7 bytes", errno.EINVAL,
                 lambda: replace_add(attr(A["PACKED4"], b"\12\0\0\0\10\1\2")),
                 "5 bytes each")
check("... the error points at the attribute", e and e.offs is not None)
expect_error("packed IPv6 of 16 bytes", errno.EINVAL,
             lambda: replace_add(attr(A["PACKED6"], b"\0" * 16)),
             "17 bytes each")
expect_error("packed IPv4 /33", errno.EINVAL,
             lambda: replace_add(attr(A["PACKED4"], b"\12\0\0\0\41")),
             "longer than its address")
expect_error("packed IPv6 /129", errno.EINVAL,
             lambda: replace_add(attr(A["PACKED6"], b"\0" * 16 + b"\201")),
             "longer than its address")
e = expect_error("packed IPv4 with host bits", errno.EINVAL,
                 lambda: replace_add(packed("10.0.0.0/8", "10.0.0.1/8")),
                 "host bits")
check("... its cookie names 10.0.0.1/8",
      e and e.cookie and e.cookie[0] == socket.AF_INET and e.cookie[1] == 8 and
      e.cookie[4:8] == bytes([10, 0, 0, 1]))
e = expect_error("packed IPv6 with host bits", errno.EINVAL,
                 lambda: replace_add(packed("2001:db8::1/64")), "host bits")
check("... its cookie names 2001:db8::1/64",
      e and e.cookie and e.cookie[0] == socket.AF_INET6 and e.cookie[1] == 64)
expect_error("a nest of prefixes with a bad packed one: all refused",
             errno.EINVAL, lambda: replace_add(prefixes("192.0.2.0/24"),
                                               packed("10.0.0.1/8")))
e = expect_error("REPLACE_ADD with no prefixes at all", errno.EINVAL,
                 lambda: replace_add())
check("... names SMTP25_A_PREFIXES as missing", e and e.miss == A["PREFIXES"])
g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn"))
check("only the good message was staged",
      lookup("198.18.1.1") == ("dyn", "198.18.0.0/15") and
      lookup("2001:db8:f::1") == ("dyn", "2001:db8:f::/48") and
      lookup("192.0.2.1") is None and lookup("10.1.2.4") is None)
# and back to what the checks below expect, packed too
g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], "dyn"))
replace_add(packed("10.0.0.0/8", "2001:db8::/32"))
g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], "dyn"))

# Garbage of every length must not upset the kernel.
for n in range(0, 64, 3):
    try:
        g.cmd("POOL_NEW", raw=bytes((i * 37 + n) & 0xff for i in range(n)))
    except Exception:
        pass
check("random garbage requests leave the family answering",
      len(g.cmd("POOL_GET", dump=True)) == 2)
st = g.cmd("STATS")[0]
check("stats count 2 IPv4 and 2 IPv6 prefixes and 2 pools",
      struct.unpack("=Q", st[A["PREFIXES4"]][0])[0] == 2 and
      struct.unpack("=Q", st[A["PREFIXES6"]][0])[0] == 2 and
      struct.unpack("=I", st[A["POOLS"]][0])[0] == 2)
finish()
