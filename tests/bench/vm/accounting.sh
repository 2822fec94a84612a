#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packet-path cost of smtp25's accounting, in the VM (qemu TCG: absolute
# figures are many times native, the differences between rows are what
# counts). s25flood in ns smtp25-a sends port-25 SYNs over a veth into
# ns smtp25-b, where the rules under test sit in INPUT; delivery runs in
# softirq on the sending CPU, so the sender's time per packet includes the
# receiving side's rules. Each row: the same packets from N distinct
# sources in 10.0.0.0/8 (a dynamic pool), with:
#   drop         -p tcp --dport 25 --syn -j DROP (the baseline: the cost
#                of sending, receiving and dropping)
#   lookup       -m smtp25 --src-type dynamic -j DROP
#   record       ... --record blocked -j DROP
#   limit+record ... --over-limit --record blocked -j DROP, then
#                ... --record allowed -j DROP (limits never reached)
#   hashlimit    -m hashlimit --hashlimit-mode srcip --hashlimit-above
#                1000000/sec -j DROP, then -j DROP (per-source state too)
# Figures only: run by tests/bench/vm.sh through tests/vm/run.sh.
set -eu
# shellcheck source-path=SCRIPTDIR source=../../vm/lib.sh
. "$SMTP25_REPO/tests/vm/lib.sh"

repo=$SMTP25_REPO
flood=$repo/build/vm-tools/s25flood
use_build_plugin
packets=200000
out=$SMTP25_RESULTS/bench-accounting.txt

a=smtp25-a
b=smtp25-b
trap ns_test_exit EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
modprobe xt_hashlimit
flood_pair "$a" "$b"
PYTHONPATH=$repo/tests/vm/py ip netns exec "$b" \
	python3 "$repo/tests/vm/py/s25net.py" pool dyn dynamic 10.0.0.0/8
ipt() { ip netns exec "$b" iptables-legacy "$@"; }
m="-p tcp --dport 25 --syn -m smtp25 --src-type dynamic"

# shellcheck disable=SC2086 # $m is words
setrules() {
	ipt -F INPUT
	case $1 in
	drop) ipt -A INPUT -p tcp --dport 25 --syn -j DROP ;;
	lookup) ipt -A INPUT $m -j DROP ;;
	record) ipt -A INPUT $m --record blocked -j DROP ;;
	limit+record)
		ip netns exec "$b" "$repo/build/tools/smtp25ctl" pool set dyn \
			limit-host 1000000/s >/dev/null
		ipt -A INPUT $m --over-limit --record blocked -j DROP
		ipt -A INPUT $m --record allowed -j DROP ;;
	hashlimit)
		ipt -A INPUT -p tcp --dport 25 --syn -m hashlimit \
			--hashlimit-mode srcip --hashlimit-above 1000000/sec \
			--hashlimit-name s25bench -j DROP
		ipt -A INPUT -p tcp --dport 25 --syn -j DROP ;;
	esac
}

# one HOSTS: ns per packet of one run.
one() {
	ip netns exec "$a" "$flood" -n "$packets" -h "$1" -d 192.0.2.1 |
		awk '{print $6}'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

configs="drop lookup record limit+record hashlimit"
declare -A t1 t2
# Warm up (first runs after boot are slow), then three rounds through every
# configuration in turn, so that drift in the emulator's speed (other load
# on the host) spreads over all rows; each row keeps its best run.
setrules drop
one 1000 >/dev/null
for round in 1 2 3; do
	for r in $configs; do
		setrules "$r"
		t1[$r]=$(min "${t1[$r]:-}" "$(one 1000)")
		t2[$r]=$(min "${t2[$r]:-}" "$(one 100000)")
	done
	: "$round"
done

{
	echo "smtp25 accounting: packet-path cost in the VM (qemu TCG), $packets SYNs per run,"
	echo "ns per packet (best of 3 rounds) and the difference to a plain DROP rule"
	echo
	printf '%-14s %14s %10s %16s %10s\n' rules "1000 sources" "+ns" "100000 sources" "+ns"
	for r in $configs; do
		printf '%-14s %14.1f %10.1f %16.1f %10.1f\n' "$r" "${t1[$r]}" \
			"$(echo "${t1[$r]} - ${t1[drop]}" | bc -l)" "${t2[$r]}" \
			"$(echo "${t2[$r]} - ${t2[drop]}" | bc -l)"
	done
	echo
	echo "100000 sources exceed the host table (max_hosts 65536): every"
	echo "record then also evicts the least recently seen entry of a bucket."
	echo "Under TCG, timing noise is several hundred ns; compare rows of one run."
} | tee "$out"
