#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the smtp25 KUnit suite on User-Mode Linux, built from Debian's
# linux-source-6.1 with lockdep, RCU lockdep, debug objects and KASAN.
#
#   tests/kunit/run.sh            configure, build (incremental), run
#
# Environment: SMTP25_CACHE (default /var/tmp/smtp25) holds the extracted
# kernel tree and the build directory; JOBS (default 2).
#
# Writes build/results/kunit.txt as "passed=N failed=N skipped=N", counting
# test cases, each parameter of a parametrized case as one. A kernel splat
# (lockdep, RCU, KASAN, WARN, BUG) or a crash with no failing case is
# counted as one failure. Exit status: 0 only if all passed and the kernel
# log is clean.

set -eu -o pipefail

S25_TOP=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=tests/kunit/uml-tree.sh
. "$S25_TOP/tests/kunit/uml-tree.sh"

build=$S25_UML/build
results=$S25_TOP/build/results
log=$results/kunit.log
json=$results/kunit.json
start=$(date +%s)

mkdir -p "$results"
rm -f "$results/kunit.txt" "$json"
s25_prepare_tree

s25_msg "kunit.py run in $S25_KTREE, build dir $build"
rc=0
(
	cd "$S25_KTREE" &&
	./tools/testing/kunit/kunit.py run \
		--kunitconfig="$S25_TOP/tests/kunit/.kunitconfig" \
		--build_dir="$build" --jobs="${JOBS:-2}" --timeout=1500 \
		--json="$json"
) 2>&1 | tee "$log" || rc=$?

splats=$results/kunit-splats.txt
if [ -f "$build/test.log" ] && [ -s "$json" ]; then
	cp "$build/test.log" "$results/kunit-kernel.log"
	s25_splats "$build/test.log" >"$splats"
else
	: >"$splats"
fi

counts=$(python3 - "$json" <<'EOF'
import json, sys

passed = failed = skipped = 0

def walk(g):
    global passed, failed, skipped
    for c in g.get("test_cases", []):
        s = c.get("status")
        if s == "PASS":
            passed += 1
        elif s == "SKIP":
            skipped += 1
        else:
            failed += 1
    for sub in g.get("sub_groups", []):
        walk(sub)

try:
    with open(sys.argv[1]) as f:
        walk(json.load(f))
except (OSError, ValueError):
    pass
print(passed, failed, skipped)
EOF
)
read -r passed failed skipped <<<"$counts"

problem=
if [ ! -s "$json" ]; then
	problem="no test results (configuration, build or boot failed)"
elif [ -s "$splats" ]; then
	problem="kernel log shows a splat:"
elif [ "$rc" -ne 0 ]; then
	problem="kunit.py failed (status $rc)"
elif [ "$passed" -eq 0 ]; then
	problem="no test ran"
fi
if [ -n "$problem" ] && [ "$failed" -eq 0 ]; then
	failed=1
fi

echo "passed=$passed failed=$failed skipped=$skipped" >"$results/kunit.txt"
if [ -n "$problem" ]; then
	echo "kunit: FAIL: $problem" >&2
	head -40 "$splats" >&2
fi
echo "kunit: $passed passed, $failed failed, $skipped skipped" \
	"($(($(date +%s) - start)) s; log $log)"
[ -z "$problem" ] && [ "$failed" -eq 0 ]
