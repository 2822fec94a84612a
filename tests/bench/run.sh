#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lookup benchmark: the smtp25 LPM tree against the kernel's BPF LPM trie,
# same prefixes and keys, side by side in one User-Mode Linux kernel run.
# UML runs kernel code at native speed. Figures only: the exit status is
# non-zero only if the bench could not be built or run.
#
#   tests/bench/run.sh
#
# Environment: SMTP25_CACHE (default /var/tmp/smtp25), JOBS (default 2),
# BENCH_MEM (UML memory, default 3G), BENCH_TIMEOUT (seconds, default 900).
# Writes build/results/bench.txt (the table) and bench-kernel.log.

set -eu -o pipefail

S25_TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/kunit/uml-tree.sh
. "$S25_TOP/tests/kunit/uml-tree.sh"

build=$S25_UML/bench-build
results=$S25_TOP/build/results
klog=$results/bench-kernel.log
table=$results/bench.txt
start=$(date +%s)

mkdir -p "$results"
rm -f "$table"
s25_prepare_tree

s25_msg "building the bench kernel in $build"
(
	cd "$S25_KTREE" &&
	./tools/testing/kunit/kunit.py build \
		--kunitconfig="$S25_TOP/tests/bench/.kunitconfig" \
		--build_dir="$build" --jobs="${JOBS:-2}"
) >"$results/bench-build.log" 2>&1 || {
	tail -30 "$results/bench-build.log" >&2
	echo "bench: build failed, see $results/bench-build.log" >&2
	exit 1
}

# kunit.py would force mem=1G: run the UML binary directly.
s25_msg "running the bench (mem=${BENCH_MEM:-3G})"
rc=0
timeout "${BENCH_TIMEOUT:-900}" "$build/linux" mem="${BENCH_MEM:-3G}" \
	console=tty kunit_shutdown=halt kunit.enable=1 \
	kunit.filter_glob='smtp25_lpm_bench*' </dev/null >"$klog" 2>&1 || rc=$?
if [ -t 0 ]; then stty sane 2>/dev/null || true; fi

prc=0
python3 - "$klog" "$table" <<'EOF' || prc=$?
import re, sys

rows, notes, done = [], [], False
for line in open(sys.argv[1], errors="replace"):
    if re.search(r"(?<!not )\bok \d+ smtp25_lpm_bench\s*$", line):
        done = True
    m = re.search(r"smtp25-bench: (.*)", line)
    if not m:
        continue
    text = m.group(1).strip()
    if text.startswith("row "):
        f = text.split()
        d = dict(x.split("=", 1) for x in f[4:])
        d.update(fam=f[1], n=f[2], name=f[3])
        try:
            d["dep_net"] = "%.1f" % (float(d["dep_ns"]) - float(d["base_ns"]))
        except (KeyError, ValueError):
            pass
        rows.append(d)
    else:
        notes.append(text)

cols = [("family", "fam"), ("prefixes", "n"), ("structure", "name"),
        ("bulk ms", "bulk_ms"), ("replace ms", "replace_ms"),
        ("locked ms", "locked_ms"),
        ("insert ns/pfx", "ins_ns"),
        ("indep ns", "indep_ns"), ("dep ns", "dep_ns"),
        ("dep-base ns", "dep_net"),
        ("B/prefix", "bpfx"), ("lines avg/max", "lines"),
        ("free ms", "free_ms"), ("mismatch", "mismatch")]
out = ["smtp25 LPM lookup benchmark (User-Mode Linux: kernel code at "
       "native speed)"]
out += notes
out.append("")
w = [max(len(h), *(len(r.get(k, "")) for r in rows)) if rows else len(h)
     for h, k in cols]
out.append("  ".join(h.rjust(x) for (h, _), x in zip(cols, w)))
for r in rows:
    out.append("  ".join(r.get(k, "-").rjust(x) for (_, k), x in zip(cols, w)))
out += ["",
        "bulk: smtp25 builder add+commit (BPF has no bulk load); replace: "
        "every prefix copied out of the tree into a builder, committed, the "
        "old tree freed; locked: the part of it under the writers' mutex "
        "(the old tree is freed after, by a work item);",
        "insert: one by one into an empty structure;",
        "indep: independent keys from an array (throughput); dep: next key "
        "from the previous result (latency);",
        "dep-base: dep minus the same dependent loop without lookups (its "
        "random key fetch misses the cache too);",
        "B/prefix: smtp25 t->mem_bytes, BPF trie nodes counted by a walk "
        "times ksize() plus the map struct;",
        "lines: distinct cache lines read per lookup (smtp25 "
        "s25_lpm_lookup_lines; BPF: lines of the nodes visited).",
        "IPv4 lengths /8-/32 drawn uniformly, IPv6 /32-/64; short lengths "
        "saturate, so they are under-represented."]
bad = [r for r in rows if r.get("mismatch", "0") != "0"]
if bad:
    out.append("WARNING: the two structures disagreed on some keys: "
               "the smtp25 tree or the bench is wrong")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
print("\n".join(out))
sys.exit(0 if done and len(rows) >= 12 else 3 if done else 4)
EOF
if [ "$prc" -eq 4 ] || [ "$prc" -eq 1 ]; then
	echo "bench: the bench suite did not finish (status $rc); see $klog" >&2
	s25_splats "$klog" | head -20 >&2
	exit 1
fi
[ "$prc" -eq 0 ] || echo "bench: some rows are missing, see $klog" >&2
echo "bench: done in $(($(date +%s) - start)) s; table in $table"
