# SPDX-License-Identifier: GPL-2.0
"""A flood of port-25 SYNs from a million distinct spoofed sources, run
in namespace smtp25-b whose INPUT chain records them (52-flood.sh): the
host table stays at its bound (module parameter max_hosts), a quarantined
host's entry survives, and once the flood is over and idle entries time
out, the memory in use is back where it was before."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ktest import check, finish  # noqa: E402
from smtp25_genl import (A, HA, Genl, addr, parse_attrs, prefixes,  # noqa: E402
                         string, u8, u32v, u64v)

FLOOD, MAX_HOSTS, COUNT = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
g = Genl()


def stats():
    s = g.cmd("STATS")[0]
    return {k: (u64v(s[A[k]][0]) if len(s[A[k]][0]) == 8 else u32v(s[A[k]][0]))
            for k in ("HOSTS", "MAX_HOSTS", "HOSTS_EVICTED", "HOSTS_DROPPED",
                      "MEMORY", "QUARANTINED")}


def flood(*args):
    out = subprocess.run(["ip", "netns", "exec", "smtp25-a", FLOOD, *args],
                         check=True, capture_output=True, text=True).stdout
    print("#", out.strip(), flush=True)
    return int(out.split()[1])


def host(a):
    try:
        return parse_attrs(g.cmd("HOST_GET", addr(a))[0][A["HOST"]][0])
    except Exception:  # noqa: BLE001 - no entry
        return None


g.cmd("POOL_NEW", string(A["POOL_NAME"], "dyn"), u8(A["POOL_TYPE"], 1))
g.cmd("PREFIX_ADD", string(A["POOL_NAME"], "dyn"), prefixes("10.0.0.0/8"))
g.cmd("QUAR_ADD", addr("10.99.0.1"))
flood("-n", "3", "-h", "1", "-b", "10.99.0.1", "-d", "192.0.2.1")
h = host("10.99.0.1")
check("the quarantined host's attempts are on record, as quarantined",
      h is not None and HA["QUARANTINED"] in h and
      u64v(h[HA["BLOCKED"]][0]) == 3, h)
base = stats()
check("before: one host on record", base["HOSTS"] == 1 and
      base["MAX_HOSTS"] == MAX_HOSTS, base)

sent = flood("-n", str(COUNT), "-h", str(COUNT), "-d", "192.0.2.1")
after = stats()
print("#", after, flush=True)
check(f"{COUNT} SYNs from {COUNT} sources sent", sent == COUNT)
check(f"the table stays at its bound of {MAX_HOSTS}",
      after["HOSTS"] == MAX_HOSTS, after["HOSTS"])
check("every other source pushed an older one out",
      after["HOSTS_EVICTED"] + after["HOSTS_DROPPED"] + MAX_HOSTS - 1 >=
      0.99 * COUNT and after["HOSTS_EVICTED"] >= 0.9 * COUNT, after)
h = host("10.99.0.1")
check("the quarantined host was never evicted",
      h is not None and HA["QUARANTINED"] in h and after["QUARANTINED"] == 1)
check("memory grew by the entries", after["MEMORY"] > base["MEMORY"])

with open("/sys/module/smtp25/parameters/host_timeout", "w") as f:
    f.write("1\n")
end = time.time() + 30
while time.time() < end and stats()["HOSTS"] > 1:
    time.sleep(0.5)
final = stats()
print("#", final, flush=True)
check("idle entries time out: only the quarantined host is left",
      final["HOSTS"] == 1 and host("10.99.0.1") is not None, final)
check("memory is back to its baseline", final["MEMORY"] == base["MEMORY"],
      (base["MEMORY"], final["MEMORY"]))
finish()
