#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl monitor against the module: one line per change (pool add and
# del, prefix add and del, pool load), with the pool and the namespace's
# generation after the change as stats reports it, written as it happens;
# nothing for refused requests; -j; nothing from other namespaces.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

gen() { ctl -j stats | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'; }

# start_monitor FILE [NETNS] [-j]: a monitor in the background, returned
# once it has joined the group (its socket shows a group in
# /proc/net/netlink), so that no event is missed.
monitor_pid=
start_monitor() {
	local file=$1 ns=${2:-} opts=() in_ns=()
	[ -n "${3:-}" ] && opts=("$3")
	[ -n "$ns" ] && in_ns=(ip netns exec "$ns")
	"${in_ns[@]}" "$CTL" "${opts[@]}" monitor >"$file" 2>&1 &
	monitor_pid=$!
	for _ in $(seq 100); do
		# protocol 16 (generic), the monitor's pid as port, groups != 0
		# shellcheck disable=SC2016 # awk's $2, not the shell's
		if "${in_ns[@]}" awk -v pid="$monitor_pid" \
			'$2 == 16 && $3 == pid && $4 != "00000000" { found = 1 }
			 END { exit !found }' /proc/net/netlink; then
			return 0
		fi
		sleep 0.1
	done
	echo "NOTE: monitor $monitor_pid not seen joining a group; going on"
}

start_monitor "$TMPDIR/mon.txt"
expect=()
ok "pool add m" ctl pool add m type relay
expect+=("pool_new pool m generation $(gen)")
refused "pool add m again (refused: no event)" 1 "exists already" ctl pool add m type relay
ok "prefix add m" ctl prefix add m 10.0.0.0/8 2001:db8::/32
expect+=("prefix_add pool m generation $(gen)")
ok "prefix del m" ctl prefix del m 10.0.0.0/8
expect+=("prefix_del pool m generation $(gen)")
ok "pool load m" ctl pool load m "$CTL_DATA/drop.txt"
expect+=("replace_commit pool m generation $(gen)")
printf '10.0.0.1/8\n' >"$TMPDIR/bad.txt"
refused "pool load of a bad file (no event)" 1 "host bits" ctl pool load m "$TMPDIR/bad.txt"
ok "pool del m" ctl pool del m
expect+=("pool_del pool m generation $(gen)")
sleep 0.3
# read while the monitor still runs: each line was flushed as it came
same "monitor: one line per change, in order, with the generation" \
	"$(printf '%s\n' "${expect[@]}")" "$(cat "$TMPDIR/mon.txt")"
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null

start_monitor "$TMPDIR/mon.json" "" -j
ok "pool add j" ctl pool add j type quarantine
g1=$(gen)
ok "prefix add j" ctl prefix add j 192.0.2.0/24
g2=$(gen)
sleep 0.3
json_same "monitor -j: one object per line" \
	"[{\"event\":\"pool_new\",\"pool\":\"j\",\"generation\":$g1},
	  {\"event\":\"prefix_add\",\"pool\":\"j\",\"generation\":$g2}]" \
	"[$(paste -sd, "$TMPDIR/mon.json")]"
check "monitor -j: exactly two lines" test "$(wc -l <"$TMPDIR/mon.json")" -eq 2
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null

# another namespace: its own events only
ns_new ctl-mon
start_monitor "$TMPDIR/mon-other.txt" ctl-mon
ok "a change here" ctl pool add here type relay
ok "a change there" ip netns exec ctl-mon "$CTL" pool add there type dynamic
sleep 0.3
same "a monitor sees the changes of its own namespace only" \
	"pool_new pool there generation 1" "$(cat "$TMPDIR/mon-other.txt")"
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null

finish
