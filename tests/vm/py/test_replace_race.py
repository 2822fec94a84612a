# SPDX-License-Identifier: GPL-2.0
"""Pool replaces racing the packet path: while one process replaces the
pool over and over (between two different prefix sets that both cover
127.1.0.0/16), another sends UDP packets to random addresses in it. The
OUTPUT rules accept what the smtp25 match puts in the pool and drop the
rest, so a single dropped packet means a lookup saw the pool half loaded
or missing. The sender and the replacer run on different CPUs."""
import os
import random
import socket
import subprocess
import sys
import time

from ktest import check, finish
from smtp25_genl import A, Genl, prefixes, string, u8

SECONDS = float(os.environ.get("RACE_SECONDS", "6"))

# Set A: the /16 as 4096 /28s. Set B: two /17s, plus /24s elsewhere.
SET_A = [f"127.1.{i >> 4}.{(i & 15) << 4}/28" for i in range(4096)]
SET_B = ["127.1.0.0/17", "127.1.128.0/17"] + [f"127.2.{i}.0/24" for i in range(256)]


def load(g, name, pfx):
    g.cmd("REPLACE_BEGIN", string(A["POOL_NAME"], name))
    for i in range(0, len(pfx), 1000):
        g.cmd("REPLACE_ADD", string(A["POOL_NAME"], name),
              prefixes(*pfx[i:i + 1000]))
    g.cmd("REPLACE_COMMIT", string(A["POOL_NAME"], name))


def swap_by_hand(g, name, old, new):
    """The non-atomic way, for the control run: delete, then add."""
    for i in range(0, len(old), 1000):
        g.cmd("PREFIX_DEL", string(A["POOL_NAME"], name), prefixes(*old[i:i + 1000]))
    for i in range(0, len(new), 1000):
        g.cmd("PREFIX_ADD", string(A["POOL_NAME"], name), prefixes(*new[i:i + 1000]))


def sender(deadline):
    os.sched_setaffinity(0, {1})
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setblocking(False)
    n = 0
    rnd = random.Random(25)
    while time.monotonic() < deadline:
        for _ in range(200):
            try:
                s.sendto(b"x", (f"127.1.{rnd.randrange(256)}.{rnd.randrange(1, 255)}", 9))
            except (BlockingIOError, PermissionError, ConnectionRefusedError):
                pass
            n += 1
    return n


def counters():
    out = subprocess.run(["iptables-legacy", "-L", "OUTPUT", "-v", "-x", "-n"],
                         capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    return int(rows[0][0]), int(rows[1][0])


def run(g, atomic):
    subprocess.run(["iptables-legacy", "-Z", "OUTPUT"], check=True)
    deadline = time.monotonic() + SECONDS
    pid = os.fork()
    if pid == 0:
        sender(deadline)
        os._exit(0)
    os.sched_setaffinity(0, {0})
    loads = 0
    while time.monotonic() < deadline:
        old, new = (SET_A, SET_B) if loads % 2 == 0 else (SET_B, SET_A)
        if atomic:
            load(g, "dyn", new)
        else:
            swap_by_hand(g, "dyn", old, new)
        loads += 1
    os.waitpid(pid, 0)
    if loads % 2:
        load(g, "dyn", SET_A)
    return (loads,) + counters()


g = Genl()
# The rules were added before the pool existed: accepted, and they do
# not match until it exists (rules and pools restore in any order).
probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
try:
    probe.sendto(b"x", ("127.1.2.3", 9))
except PermissionError:
    pass
check("a rule naming a pool that does not exist yet matches nothing",
      counters() == (0, 1), counters())
g.cmd("POOL_NEW", string(A["POOL_NAME"], "dyn"), u8(A["POOL_TYPE"], 1))
load(g, "dyn", SET_A)
try:
    probe.sendto(b"x", ("127.1.2.3", 9))
except PermissionError:
    pass
check("once the pool exists, the same rule matches", counters() == (1, 1),
      counters())
loads, ok, missed = run(g, True)
print(f"atomic replaces: {loads}, packets accepted: {ok}, dropped: {missed}")
check("the pool was replaced many times during the run", loads >= 10, loads)
check("many packets crossed the match during the replaces", ok >= 1000, ok)
check("no packet saw the pool half loaded or empty", missed == 0, missed)
# Control: the same race with delete-then-add must show drops, or the
# test above could not have seen a half-loaded pool either.
loads, ok, missed = run(g, False)
print(f"delete-then-add swaps: {loads}, packets accepted: {ok}, dropped: {missed}")
check("control: delete-then-add swaps do drop packets", missed > 0, missed)
finish()
