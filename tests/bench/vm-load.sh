#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load benchmark: smtp25ctl pool load against ipset restore (hash:net)
# and nft -f (interval sets) on the same random prefixes, side by side in
# one VM run (Debian's kernel under qemu TCG, like the VM tests). Figures
# only: the exit status is non-zero only if the bench could not run.
#
#   tests/bench/vm-load.sh
#
# Environment: BENCH_SIZES (default "100000 1000000"), BENCH_RUNS (3),
# BENCH_NFT_TIMEOUT (seconds per nft -f, default 900); SMTP25_VM_* as for
# tests/vm/run.sh. Needs smtp25.ko and smtp25ctl built (make module
# tools). Writes build/results/bench-load.txt; the inputs are generated
# once into build/bench/load.

set -eu -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd -P)
results=$top/build/results
inputs=$top/build/bench/load
sizes=${BENCH_SIZES:-100000 1000000}
table=$results/bench-load.txt

mkdir -p "$results" "$inputs"
rm -f "$table"
for f in "$top/smtp25.ko" "$top/build/tools/smtp25ctl"; do
	[ -e "$f" ] || { echo "bench: $f missing: make module tools" >&2; exit 1; }
done

# The inputs, made once per generator version.
key=$(sha256sum "$top/tests/bench/load-inputs.py" | cut -d' ' -f1)
missing=
for n in $sizes; do
	for ext in txt ipset nft; do
		[ -f "$inputs/$n.$ext" ] || missing=1
	done
done
if [ -n "$missing" ] || [ "$(cat "$inputs/key" 2>/dev/null)" != "$key" ]; then
	echo "bench: generating the inputs ($sizes prefixes) in $inputs"
	# shellcheck disable=SC2086 # one argument per size
	python3 "$top/tests/bench/load-inputs.py" "$inputs" $sizes
	echo "$key" >"$inputs/key"
fi

# The guest sees no environment of ours: the settings go in a file.
printf 'BENCH_SIZES=%q\nBENCH_RUNS=%q\nBENCH_NFT_TIMEOUT=%q\n' "$sizes" \
	"${BENCH_RUNS:-3}" "${BENCH_NFT_TIMEOUT:-900}" >"$inputs/settings"

# The VM runner keeps the VM tests' summary in build/results/vm.txt: this
# run is no VM test, so leave that file as it was.
keep=$(mktemp)
trap 'rm -f "$keep"' EXIT
saved=0
[ -f "$results/vm.txt" ] && cp "$results/vm.txt" "$keep" && saved=1
rc=0
SMTP25_TEST_TIMEOUT=${SMTP25_TEST_TIMEOUT:-5400} \
	SMTP25_VM_TIMEOUT=${SMTP25_VM_TIMEOUT:-6000} \
	"$top/tests/vm/run.sh" "$top/tests/bench/vm-load-guest.sh" || rc=$?
if [ "$saved" = 1 ]; then cp "$keep" "$results/vm.txt"; else rm -f "$results/vm.txt"; fi

if [ ! -s "$top/build/vm/results/bench-load.txt" ]; then
	echo "bench: the load benchmark did not finish (status $rc); see build/vm/console.log" >&2
	exit 1
fi
cp "$top/build/vm/results/bench-load.txt" "$table"
echo
cat "$table"
echo "bench: table in $table"
