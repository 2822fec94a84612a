# SPDX-License-Identifier: GPL-2.0
"""Pools, listeners and connections for the packet tests (tests/vm/tests/3x).

    s25net.py pool NAME TYPE [PREFIX...]   create a pool (dynamic, relay,
                                          quarantine) holding PREFIXes
    s25net.py packets NAME                 print the pool's lookup counter
    s25net.py limit NAME HOST POOL [PERIOD]
                                          set the pool's limits: HOST per
                                          host and POOL for the pool, per
                                          PERIOD seconds (default 3600; 0:
                                          no limit)
    s25net.py host ADDR                    print the host's recorded
                                          attempts: blocked=N allowed=N
                                          over=N, or none
    s25net.py serve ADDR PORT...           accept forever, send a banner
                                          (ADDR: "a,b" for several, "*" for
                                          every address, v4 and v6)
    s25net.py connect SRC DST PORT [SPORT] print ok, refused or timeout
    s25net.py repl                         read such commands from stdin,
                                          one answer line each (saves a
                                          python start per command: slow
                                          in the emulated VM)
    netns NAME                             (repl only) later commands run
                                          in the named network namespace

Run it in the network namespace the pools or sockets belong to
(ip netns exec NS python3 s25net.py ...).
"""
import ctypes
import errno
import os
import select
import socket
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smtp25_genl import (A, TYPE, Error, Genl, attr, nest,  # noqa: E402
                         parse_attrs, prefixes, string, u8, u32)

# include/uapi/linux/smtp25.h
A_PACKETS = 14
CMD_POOL_SET, CMD_HOST_GET = 13, 14
A_LIMIT_HOST, A_LIMIT_POOL, A_HOST = 15, 16, 25
RATE_A_COUNT, RATE_A_PERIOD = 1, 2
HOST_A_BLOCKED, HOST_A_ALLOWED, HOST_A_OVER_LIMIT = 5, 6, 7
TIMEOUT = 2.0


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def pool(name, kind, *pfx):
    g = Genl()
    g.cmd("POOL_NEW", string(A["POOL_NAME"], name), u8(A["POOL_TYPE"], TYPE[kind]))
    if pfx:
        g.cmd("PREFIX_ADD", string(A["POOL_NAME"], name), prefixes(*pfx))


def packets(name):
    r = Genl().cmd("POOL_GET", string(A["POOL_NAME"], name))[0]
    return struct.unpack("=Q", r[A_PACKETS][0])[0]


def limit(name, host_count, pool_count, period="3600"):
    def rate(t, count):
        return nest(t, u32(RATE_A_COUNT, int(count)),
                    u32(RATE_A_PERIOD, int(period)))
    g = Genl()
    g.request(g.family, CMD_POOL_SET, string(A["POOL_NAME"], name),
              rate(A_LIMIT_HOST, host_count), rate(A_LIMIT_POOL, pool_count))


def host(addr):
    g = Genl()
    try:
        r = g.request(g.family, CMD_HOST_GET,
                      attr(A["ADDR"], socket.inet_pton(family(addr), addr)))
    except Error as e:
        if e.errno == errno.ENOENT:
            return "none"
        raise
    if not r or A_HOST not in r[0]:
        return "none"
    h = parse_attrs(r[0][A_HOST][0])

    def n(t):
        return struct.unpack("=Q", h[t][0])[0] if t in h else 0
    return (f"blocked={n(HOST_A_BLOCKED)} allowed={n(HOST_A_ALLOWED)} "
            f"over={n(HOST_A_OVER_LIMIT)}")


def netns(name):
    """Moves this process into /run/netns/NAME (python 3.11 has no os.setns)."""
    CLONE_NEWNET = 0x40000000
    libc = ctypes.CDLL(None, use_errno=True)
    with open(f"/run/netns/{name}") as f:
        if libc.setns(f.fileno(), CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), f"setns {name}")


def serve(addrs, *ports):
    socks = []
    for addr, p in ((a, p) for a in addrs.split(",") for p in ports):
        s = socket.socket(family(addr) if addr != "*" else socket.AF_INET6,
                          socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if addr == "*":
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::" if addr == "*" else addr, int(p)))
        s.listen(16)
        socks.append(s)
    while True:
        for s in select.select(socks, [], [])[0]:
            c, _ = s.accept()
            c.sendall(b"220 s25net ESMTP\r\n")
            c.close()


def connect(src, dst, port, sport=0):
    s = socket.socket(family(dst), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.settimeout(TIMEOUT)
    try:
        s.bind((src, int(sport)))
        s.connect((dst, int(port)))
        return "ok" if s.recv(64).startswith(b"220 ") else "nobanner"
    except socket.timeout:
        return "timeout"
    except OSError as e:
        if e.errno == errno.ECONNREFUSED:
            return "refused"
        return f"error:{errno.errorcode.get(e.errno, e.errno)}"
    finally:
        s.close()


def repl():
    for line in sys.stdin:
        words = line.split()
        try:
            out = CMDS[words[0]](*words[1:])
        except Exception as e:  # one bad command must not end the session
            out = f"error:{e}"
        print("" if out is None else out, flush=True)


CMDS = {"pool": pool, "packets": packets, "limit": limit, "host": host,
        "serve": serve, "connect": connect, "repl": repl, "netns": netns}


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CMDS:
        sys.exit(__doc__)
    out = CMDS[sys.argv[1]](*sys.argv[2:])
    if out is not None:
        print(out)
