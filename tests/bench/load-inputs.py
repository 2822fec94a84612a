#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Inputs of the load benchmark: N distinct random prefixes (7 in 8 an
IPv4 /24, the others an IPv6 /48 under 2001::/16), in random order, seeded
so that every run loads the same ones, written three ways:

  DIR/N.txt     a plain list, for smtp25ctl pool load
  DIR/N.ipset   for ipset restore: two hash:net sets (IPv4, IPv6)
  DIR/N.nft     for nft -f: a table with two interval sets, one transaction

None of them overlap, so that an nft interval set takes them as they are.

usage: load-inputs.py DIR N..."""
import os
import random
import sys

CHUNK = 20000	# elements per nft "add element" statement


def prefixes(n):
    rng = random.Random(0x25 + n)
    n6 = n // 8
    v4 = rng.sample(range(1 << 24), n - n6)
    v6 = rng.sample(range(1 << 32), n6)
    out = [f"{j >> 16}.{(j >> 8) & 255}.{j & 255}.0/24" for j in v4]
    out += [f"2001:{j >> 16:x}:{j & 0xffff:x}::/48" for j in v6]
    rng.shuffle(out)
    return out


def write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for n in map(int, sys.argv[2:]):
        p = prefixes(n)
        v4 = [x for x in p if ":" not in x]
        v6 = [x for x in p if ":" in x]
        write(f"{out}/{n}.txt", "".join(x + "\n" for x in p))
        hs = 1 << max(10, (len(v4) - 1).bit_length())
        write(f"{out}/{n}.ipset",
              f"create b4 hash:net family inet hashsize {hs} maxelem {2 * n}\n"
              f"create b6 hash:net family inet6 hashsize {hs} maxelem {2 * n}\n" +
              "".join(f"add b4 {x}\n" for x in v4) +
              "".join(f"add b6 {x}\n" for x in v6))
        nft = ["add table inet bench",
               "add set inet bench b4 { type ipv4_addr; flags interval; }",
               "add set inet bench b6 { type ipv6_addr; flags interval; }"]
        for name, v in (("b4", v4), ("b6", v6)):
            for i in range(0, len(v), CHUNK):
                nft.append(f"add element inet bench {name} {{ " +
                           ", ".join(v[i:i + CHUNK]) + " }")
        write(f"{out}/{n}.nft", "\n".join(nft) + "\n")


if __name__ == "__main__":
    main()
