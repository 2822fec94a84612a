# SPDX-License-Identifier: GPL-2.0
"""Pools, listeners and connections for the packet tests (tests/vm/tests/3x).

    s25net.py pool NAME TYPE [PREFIX...]   create a pool (dynamic, relay,
                                          quarantine) holding PREFIXes
    s25net.py packets NAME                 print the pool's lookup counter
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
from smtp25_genl import A, TYPE, Genl, prefixes, string, u8  # noqa: E402

A_PACKETS = 14  # SMTP25_A_PACKETS in include/uapi/linux/smtp25.h
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


CMDS = {"pool": pool, "packets": packets, "serve": serve, "connect": connect,
        "repl": repl, "netns": netns}


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CMDS:
        sys.exit(__doc__)
    out = CMDS[sys.argv[1]](*sys.argv[2:])
    if out is not None:
        print(out)
