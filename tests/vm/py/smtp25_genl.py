# SPDX-License-Identifier: GPL-2.0
"""Hand-built generic netlink for tests: raw messages, no libraries.

Lets a test send exactly the bytes it wants (wrong types, lengths,
unknown attributes) and read the kernel's answer with its extack.
"""
import os
import socket
import struct

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_DUMP_INTR = 0x10
GENL_ID_CTRL, CTRL_CMD_GETFAMILY = 0x10, 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
NLMSGERR_ATTR_MSG, NLMSGERR_ATTR_OFFS, NLMSGERR_ATTR_COOKIE = 1, 2, 3
NLMSGERR_ATTR_POLICY, NLMSGERR_ATTR_MISS_TYPE = 4, 5
SOL_NETLINK, NETLINK_EXT_ACK, NETLINK_CAP_ACK = 270, 11, 10
NETLINK_ADD_MEMBERSHIP = 1
NLA_F_NESTED = 1 << 15

# include/uapi/linux/smtp25.h
CMD = dict(POOL_NEW=1, POOL_DEL=2, POOL_GET=3, PREFIX_ADD=4, PREFIX_DEL=5,
           PREFIX_GET=6, REPLACE_BEGIN=7, REPLACE_ADD=8, REPLACE_COMMIT=9,
           REPLACE_ABORT=10, LOOKUP=11, STATS=12, POOL_SET=13, HOST_GET=14,
           HOST_DEL=15, QUAR_ADD=16, QUAR_DEL=17, QUAR_GET=18)
A = dict(PAD=1, POOL_NAME=2, POOL_TYPE=3, POOL_COMMENT=4, PREFIXES=5,
         PREFIX=6, ADDR=7, PREFIXES4=8, PREFIXES6=9, POOLS=10, MEMORY=11,
         GENERATION=12, MAX_PREFIXES=13, PACKETS=14, LIMIT_HOST=15,
         LIMIT_POOL=16, QUAR_AFTER=17, QUAR_DESTS=18, QUAR_WINDOW=19,
         QUAR_EXPIRES=20, BLOCKED=21, ALLOWED=22, OVER_LIMIT=23,
         QUARANTINES=24, HOST=25, EXPIRES=26, QUARANTINE=27, HOSTS=28,
         MAX_HOSTS=29, HOSTS_EVICTED=30, HOSTS_DROPPED=31, QUARANTINED=32,
         PACKED4=33, PACKED6=34, OFFENCES=35, POOL_ACCOUNT_PLEN6=36,
         QUAR_HISTORY=37, RELEASED=38, FORGET=39)
PA = dict(ADDR=1, PLEN=2, POOL=3)
RATE = dict(COUNT=1, PERIOD=2)
HA = dict(PAD=1, ADDR=2, POOL=3, TYPE=4, BLOCKED=5, ALLOWED=6, OVER_LIMIT=7,
          DESTS=8, FIRST_SEEN=9, LAST_SEEN=10, WINDOW_BLOCKED=11,
          WINDOW_DESTS=12, OFFENCES=13, QUARANTINED=14, PLEN=15)
QA = dict(PAD=1, ADDR=2, REASON=3, POOL=4, SINCE=5, EXPIRES=6, OFFENCES=7,
          PLEN=8, RELEASED=9)
REASON = dict(manual=0, blocked=1, dests=2, expired=3, gone=4)
OFFENCES_MAX = 65535  # SMTP25_QUAR_OFFENCES_MAX
# linux/netlink.h: enum netlink_policy_type_attr
NL_POLICY_TYPE_ATTR_MIN_VALUE_U, NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 4, 5
TYPE = dict(dynamic=1, relay=2, quarantine=3)


def attr(t, data):
    hdr = struct.pack("=HH", 4 + len(data), t)
    return hdr + data + b"\0" * ((4 - len(data) % 4) % 4)


def nest(t, *parts):
    return attr(t | NLA_F_NESTED, b"".join(parts))


def string(t, s):
    return attr(t, s.encode() + b"\0")


def u8(t, v):
    return attr(t, struct.pack("=B", v))


def u32(t, v):
    return attr(t, struct.pack("=I", v))


def u64v(b):
    return struct.unpack("=Q", b)[0]


def u32v(b):
    return struct.unpack("=I", b)[0]


def strv(b):
    return b.rstrip(b"\0").decode()


def rate(t, count, period=None):
    parts = [u32(RATE["COUNT"], count)]
    if period is not None:
        parts.append(u32(RATE["PERIOD"], period))
    return nest(t, *parts)


def addr(text):
    fam = socket.AF_INET6 if ":" in text else socket.AF_INET
    return attr(A["ADDR"], socket.inet_pton(fam, text))


def prefix(text):
    """'192.0.2.0/24' -> the SMTP25_A_PREFIX nest."""
    addr, plen = text.split("/")
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    return nest(A["PREFIX"], attr(PA["ADDR"], socket.inet_pton(fam, addr)),
                u8(PA["PLEN"], int(plen)))


def prefixes(*texts):
    return nest(A["PREFIXES"], *(prefix(t) for t in texts))


def packed(*texts):
    """Prefixes as SMTP25_A_PACKED4 and SMTP25_A_PACKED6 (each if any),
    in the order given: address bytes, then the length byte."""
    recs = {socket.AF_INET: b"", socket.AF_INET6: b""}
    for t in texts:
        addr, plen = t.split("/")
        fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
        recs[fam] += socket.inet_pton(fam, addr) + bytes([int(plen)])
    out = b""
    if recs[socket.AF_INET]:
        out += attr(A["PACKED4"], recs[socket.AF_INET])
    if recs[socket.AF_INET6]:
        out += attr(A["PACKED6"], recs[socket.AF_INET6])
    return out


def parse_attrs(data):
    out = {}
    while len(data) >= 4:
        ln, t = struct.unpack("=HH", data[:4])
        if ln < 4:
            break
        out.setdefault(t & ~NLA_F_NESTED, []).append(data[4:ln])
        data = data[(ln + 3) & ~3:]
    return out


def ntop(b):
    return socket.inet_ntop(socket.AF_INET if len(b) == 4 else socket.AF_INET6, b)


class Error(Exception):
    def __init__(self, errno, msg, offs, cookie, miss, policy=None):
        super().__init__(f"{os.strerror(errno)}: {msg}")
        self.errno, self.msg, self.offs = errno, msg, offs
        self.cookie, self.miss = cookie, miss
        # NLMSGERR_ATTR_POLICY, parsed: NL_POLICY_TYPE_ATTR_* -> payloads
        self.policy = policy


class Genl:
    def __init__(self, name="smtp25"):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                                  NETLINK_GENERIC)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.sock.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.sock.bind((0, 0))
        self.seq = 1
        reply = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                             string(CTRL_ATTR_FAMILY_NAME, name))[0]
        self.family = struct.unpack("=H", reply[CTRL_ATTR_FAMILY_ID][0])[0]
        self.groups = {}
        for grp in parse_attrs(reply.get(CTRL_ATTR_MCAST_GROUPS, [b""])[0]).values():
            g = parse_attrs(grp[0])
            self.groups[g[1][0].rstrip(b"\0").decode()] = struct.unpack("=I", g[2][0])[0]

    def close(self):
        self.sock.close()

    def send_raw(self, msg_type, flags, payload):
        self.seq += 1
        hdr = struct.pack("=IHHII", 16 + len(payload), msg_type, flags,
                          self.seq, 0)
        self.sock.send(hdr + payload)
        return self.seq

    def request(self, family, cmd, *attrs, dump=False, raw=None):
        """Sends one request; returns the reply messages' attributes."""
        payload = struct.pack("=BBH", cmd, 1, 0) + (raw if raw is not None
                                                     else b"".join(attrs))
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        seq = self.send_raw(family, flags, payload)
        out = []
        self.intr = False
        while True:
            data = self.sock.recv(1 << 20)
            while data:
                ln, t, fl, s, _ = struct.unpack("=IHHII", data[:16])
                body = data[16:ln]
                data = data[(ln + 3) & ~3:]
                if s != seq:
                    continue
                if fl & NLM_F_DUMP_INTR:
                    self.intr = True
                if t == NLMSG_DONE:
                    # A dump that failed says why in its DONE message.
                    err = -struct.unpack("=i", body[:4])[0] if len(body) >= 4 else 0
                    if err > 0:
                        raise Error(err, "", None, None, None)
                    return out
                if t == NLMSG_ERROR:
                    err = -struct.unpack("=i", body[:4])[0]
                    if err == 0 and not dump:
                        return out
                    if err == 0:
                        continue
                    # NETLINK_CAP_ACK: only the request's header is echoed.
                    ext = parse_attrs(body[4 + 16:]) if fl & 0x200 else {}
                    msg = ext.get(NLMSGERR_ATTR_MSG, [b""])[0].rstrip(b"\0").decode()
                    offs = ext.get(NLMSGERR_ATTR_OFFS, [None])[0]
                    cookie = ext.get(NLMSGERR_ATTR_COOKIE, [None])[0]
                    miss = ext.get(NLMSGERR_ATTR_MISS_TYPE, [None])[0]
                    pol = ext.get(NLMSGERR_ATTR_POLICY, [None])[0]
                    raise Error(err, msg,
                                struct.unpack("=I", offs)[0] if offs else None,
                                cookie,
                                struct.unpack("=I", miss)[0] if miss else None,
                                parse_attrs(pol) if pol is not None else None)
                out.append(parse_attrs(body[4:]))

    def cmd(self, name, *attrs, dump=False, raw=None):
        return self.request(self.family, CMD[name], *attrs, dump=dump, raw=raw)

    def subscribe(self, group="events"):
        self.sock.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
                             self.groups[group])

    def events(self, wait):
        """(cmd, attrs) of every message that arrives within `wait`
        seconds of the last one (of a subscribed socket)."""
        out = []
        self.sock.settimeout(wait)
        try:
            while True:
                data = self.sock.recv(1 << 16)
                while data:
                    ln = struct.unpack("=I", data[:4])[0]
                    out.append((data[16], parse_attrs(data[20:ln])))
                    data = data[(ln + 3) & ~3:]
        except socket.timeout:
            pass
        return out


def flag(t):
    return attr(t, b"")


def policy_bounds(e):
    """The (min, max) an Error's NLMSGERR_ATTR_POLICY carries, or None."""
    if not e or not e.policy:
        return None
    p = e.policy
    try:
        return (struct.unpack("=Q", p[NL_POLICY_TYPE_ATTR_MIN_VALUE_U][0])[0],
                struct.unpack("=Q", p[NL_POLICY_TYPE_ATTR_MAX_VALUE_U][0])[0])
    except (KeyError, struct.error):
        return None


def quarantined(g, history=False):
    """The hosts in quarantine (and, with history, those released but
    remembered): their address as text -> their attrs."""
    out = {}
    for m in g.cmd("QUAR_GET", *([flag(A["QUAR_HISTORY"])] if history else []),
                   dump=True):
        q = parse_attrs(m[A["QUARANTINE"]][0])
        out[ntop(q[QA["ADDR"]][0])] = q
    return out


def quarantine_nests(evs):
    """(cmd, quarantine attrs) of the QUAR_ADD and QUAR_DEL events of evs."""
    return [(cmd, parse_attrs(a[A["QUARANTINE"]][0])) for cmd, a in evs
            if cmd in (CMD["QUAR_ADD"], CMD["QUAR_DEL"])]
