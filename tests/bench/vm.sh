#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The benchmarks that need netfilter and the module: every script in
# tests/bench/vm/, run in the VM bench (tests/vm/run.sh) in one boot. Each
# writes its table to the VM's results as bench-NAME.txt; this copies them
# to build/results and prints them. Figures only: the exit status says
# only whether the VM ran them.
#
#   tests/bench/vm.sh [SCRIPT...]
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd -P)
results=$top/build/results
vmres=$top/build/vm/results
if [ $# -eq 0 ]; then
	set -- "$top"/tests/bench/vm/*.sh
fi
mkdir -p "$results"
rm -f "$vmres"/bench-*.txt
rc=0
SMTP25_TEST_TIMEOUT=${SMTP25_TEST_TIMEOUT:-1200} "$top/tests/vm/run.sh" "$@" >"$results/bench-vm.log" 2>&1 || rc=$?
for f in "$vmres"/bench-*.txt; do
	[ -f "$f" ] || continue
	cp "$f" "$results/"
	echo
	cat "$f"
done
[ "$rc" -eq 0 ] || echo "bench: the VM run failed (status $rc), see $results/bench-vm.log" >&2
exit "$rc"
