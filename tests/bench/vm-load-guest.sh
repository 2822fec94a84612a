#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the load benchmark (tests/bench/vm-load.sh runs it in the
# VM through tests/vm/run.sh): wall time of loading the same prefixes with
# smtp25ctl pool load, ipset restore into hash:net sets and nft -f into
# interval sets, each into empty sets in a fresh network namespace, the
# inputs copied to tmpfs first. Figures only: it fails only when a
# load it times does not load everything.
set -u
# shellcheck source-path=SCRIPTDIR source=../vm/lib.sh
. "$SMTP25_REPO/tests/vm/lib.sh"

inputs=$SMTP25_REPO/build/bench/load
ctl=$SMTP25_REPO/build/tools/smtp25ctl
# BENCH_SIZES, BENCH_RUNS, BENCH_NFT_TIMEOUT from tests/bench/vm-load.sh
# shellcheck source=/dev/null
[ -f "$inputs/settings" ] && . "$inputs/settings"
sizes=${BENCH_SIZES:-100000 1000000}
runs=${BENCH_RUNS:-3}
nft_timeout=${BENCH_NFT_TIMEOUT:-900}
nft_memory=$((640 * 1024))	# KiB of address space for nft, of the VM's 1 GiB
out=$SMTP25_RESULTS/bench-load.txt

need_cmd ipset nft python3
need_modules ip_set ip_set_hash_net nf_tables
# shellcheck disable=SC2119 # no module parameters
smtp25_load || { fail "insmod smtp25"; finish; }
trap 'smtp25_loaded && smtp25_unload >/dev/null' EXIT

# t SETUP CMD CHECK: in a new network namespace, run SETUP, then CMD
# (timed), then CHECK (shell text each, $ctl set); prints CMD's wall
# seconds, "failed (exit N)", or the seconds and " (incomplete)" when
# CHECK fails. The namespace and what was loaded into it go away with it;
# the pause lets its teardown finish before the next run.
t() {
	local r
	# shellcheck disable=SC2016 # expanded by the inner shell
	r=$(SETUP=$1 CMD=$2 CHECK=$3 ctl=$ctl unshare --net -- /bin/bash -c '
		eval "$SETUP" >/dev/null 2>&1 || { echo "failed (setup)"; exit; }
		t0=$EPOCHREALTIME
		eval "$CMD" >/dev/null 2>"$TMPDIR/t.err" || {
			echo "failed (exit $?$(head -c 60 "$TMPDIR/t.err" | head -n1 | sed "s/^/: /"))"
			exit
		}
		t1=$EPOCHREALTIME
		echo "$t0 $t1" | awk "{ printf \"%.2f\", \$2 - \$1 }"
		eval "$CHECK" || echo " (incomplete)"
	')
	sleep 2
	echo "$r"
}

# best VALUE...: the smallest number, or the first failure.
best() {
	printf '%s\n' "$@" | awk '
		/^[0-9.]+$/ { if (b == "" || $1 < b) b = $1; next }
		{ if (f == "") f = $0 }
		END { print (f != "" ? f : b) }'
}

# How many prefixes each loaded, as shell text for t().
# shellcheck disable=SC2016 # expanded where t() runs it
smtp25_count='"$ctl" -j pool show b | python3 -c "import json, sys; p = json.load(sys.stdin); print(p[\"prefixes4\"] + p[\"prefixes6\"])"'
# shellcheck disable=SC2016
ipset_count='echo $(( $(ipset list -t b4 | sed -n "s/^Number of entries: //p") + $(ipset list -t b6 | sed -n "s/^Number of entries: //p") ))'

rows=()
for n in $sizes; do
	for ext in txt ipset nft; do
		cp "$inputs/$n.$ext" "$TMPDIR/$n.$ext" || { fail "no input $inputs/$n.$ext"; finish; }
	done
	s=() i=() f=()
	for _ in $(seq "$runs"); do
		# shellcheck disable=SC2016 # $ctl is t()'s
		s+=("$(t '"$ctl" pool add b type dynamic' \
			"\"\$ctl\" pool load b $TMPDIR/$n.txt" \
			"[ \$($smtp25_count) -eq $n ]")")
		i+=("$(t : "ipset restore -f $TMPDIR/$n.ipset" \
			"[ \$($ipset_count) -eq $n ]")")
	done
	echo "n=$n smtp25ctl: ${s[*]}; ipset: ${i[*]}"
	# nft takes minutes for large sets under emulation: fewer runs
	nr=$runs
	[ "$n" -gt 200000 ] && nr=1
	# nft keeps every element in its own memory first (850 MB did not do
	# for a million): a limit makes it fail by itself, before the VM's
	# OOM killer would have to step in
	for _ in $(seq "$nr"); do
		f+=("$(t : "ulimit -v $nft_memory; timeout $nft_timeout nft -f $TMPDIR/$n.nft" :)")
	done
	echo "n=$n nft: ${f[*]}"
	rows+=("$n|$(best "${s[@]}")|$(best "${i[@]}")|$(best "${f[@]}")")
	rm -f "$TMPDIR/$n".*
done

# A replace of a full pool: the same prefixes again (all of them rebuilt).
n=${sizes##* }
cp "$inputs/$n.txt" "$TMPDIR/$n.txt"
r=()
for _ in $(seq "$runs"); do
	r+=("$(t "\"\$ctl\" pool add b type dynamic && \"\$ctl\" pool load b $TMPDIR/$n.txt" \
		"\"\$ctl\" pool load b $TMPDIR/$n.txt" "[ \$($smtp25_count) -eq $n ]")")
done
echo "replace n=$n: ${r[*]}"

{
	echo "pool load benchmark: qemu TCG (software emulation), Debian $(uname -r), $(nproc) vCPUs"
	echo "wall seconds, best of $runs (nft: of 1 above 200000, at most $((nft_memory / 1024)) MiB); each load into empty sets"
	echo "in a fresh network namespace; the same random prefixes for all three:"
	echo "7 in 8 an IPv4 /24, the others an IPv6 /48, in random order, none overlapping"
	echo
	printf '%10s  %20s  %26s  %22s\n' prefixes "smtp25ctl pool load" \
		"ipset restore (hash:net)" "nft -f (interval set)"
	for row in "${rows[@]}"; do
		IFS='|' read -r a b c d <<<"$row"
		[ "${d#failed (exit 124)}" != "$d" ] && d="> $nft_timeout (timeout)"
		printf '%10s  %20s  %26s  %22s\n' "$a" "$b" "$c" "$d"
	done
	echo
	echo "smtp25ctl pool load over a full pool of $n (the same prefixes again,"
	echo "everything rebuilt and swapped in atomically): $(best "${r[@]}")"
} >"$out"
cat "$out"
finish
