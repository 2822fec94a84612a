#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl with a million prefixes, timed: pool load into an empty pool
# and over a full one (atomic: lookups see the old set, then the new),
# prefix list and save.  (Restoring a save is tested in 13-ctl-save.sh: a
# million prefix adds take too long under emulation.)  Times are printed
# as "TIME:" lines; the checks are on the results, with a loose bound on
# the time that only catches something gone badly wrong.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

# Prefix k is j = k * 2654435761 mod 2^24 (a permutation of 0 .. 2^24 - 1,
# so a scattered order): an IPv6 /48 from j when k % 8 is 7, else an IPv4
# /24.  gen FIRST COUNT prints prefixes FIRST .. FIRST + COUNT - 1.
gen() {
	awk -v first="$1" -v n="$2" 'BEGIN {
		for (k = first; k < first + n; k++) {
			j = (k * 2654435761) % 16777216
			if (k % 8 == 7)
				printf "2001:%x:%x::/48\n", int(j / 65536), j % 65536
			else
				printf "%d.%d.%d.0/24\n", int(j / 65536), int(j / 256) % 256, j % 256
		}
	}'
}
# a: prefixes 0 .. 999999; b: 12345 .. 1012344
gen 0 1000000 >"$TMPDIR/1m-a.txt"
{ tail -n +12346 "$TMPDIR/1m-a.txt"; gen 1000000 12345; } >"$TMPDIR/1m-b.txt"
ok "pool add big (dynamic)" ctl pool add big type dynamic

t0=$EPOCHREALTIME
run ctl pool load big "$TMPDIR/1m-a.txt"
t_load=$(echo "$EPOCHREALTIME - $t0" | bc)
same "1M prefixes: loaded" "pool big: 1000000 prefixes loaded (was 0)" "$out"
run ctl -j pool show big
pools_same "1M prefixes: 875000 IPv4, 125000 IPv6" \
	'{"name":"big","type":"dynamic","comment":null,"prefixes4":875000,"prefixes6":125000,"packets":0}' "$out"
# k = 0: j = 0 -> 0.0.0.0/24; k = 1: j = 3635633 -> 55.121.177.0/24
run ctl -j lookup 0.0.0.1 55.121.177.9
json_same "1M prefixes: lookups find them" '[
 {"address":"0.0.0.1","pool":"big","type":"dynamic","prefix":"0.0.0.0/24"},
 {"address":"55.121.177.9","pool":"big","type":"dynamic","prefix":"55.121.177.0/24"}]' "$out"

# 0.0.0.0/24 (k = 0) is only in a, 212.135.241.0/24 (k = 1000001) only in
# b.  While b replaces a, look both up again and again: 0.0.0.1 is asked
# first, so once it is gone 212.135.241.1 must be there (a replace that
# emptied the pool before filling it would show neither).
lookups() {
	while [ ! -e "$TMPDIR/stop" ]; do
		ctl lookup 0.0.0.1 212.135.241.1 | awk 'NR > 1 { printf "%s ", $2 } END { print "" }'
	done >"$TMPDIR/lookups"
}
lookups &
looker=$!
t0=$EPOCHREALTIME
run ctl pool load big "$TMPDIR/1m-b.txt"
t_replace=$(echo "$EPOCHREALTIME - $t0" | bc)
sleep 0.5
touch "$TMPDIR/stop"
wait "$looker"
same "1M prefixes replaced by another 1M" \
	"pool big: 1000000 prefixes loaded (was 1000000)" "$out"
run ctl -j lookup 0.0.0.1 212.135.241.1
json_same "the old set is gone, the new one is there" '[
 {"address":"0.0.0.1","pool":null,"type":null,"prefix":null},
 {"address":"212.135.241.1","pool":"big","type":"dynamic","prefix":"212.135.241.0/24"}]' "$out"
n_old=$(grep -c '^big - $' "$TMPDIR/lookups")
n_new=$(grep -c '^- big $' "$TMPDIR/lookups")
n_all=$(wc -l <"$TMPDIR/lookups")
check "lookups during the replace: old set, then new set ($n_old, then $n_new of $n_all)" \
	test "$(grep -cv '^big - $\|^- big $\|^big big $' "$TMPDIR/lookups")" -eq 0 \
	-a "$(uniq "$TMPDIR/lookups" | grep -cv '^big big $')" -le 2 -a "$n_new" -gt 0

t0=$EPOCHREALTIME
n=$(ctl prefix list big | wc -l)
t_list=$(echo "$EPOCHREALTIME - $t0" | bc)
same "prefix list of 1M prefixes: 1M lines" 1000000 "$n"

# A change while a dump is under way: the kernel flags the rest of the
# dump NLM_F_DUMP_INTR and smtp25ctl must list again, printing only the
# new state.  The dump runs in the lister's recvmsg(), so stopping the
# lister once it has written part of the list (into its unlinked spool
# file) holds the dump still while the change is made.
# (the program itself in the background, not the ctl function: its pid)
"$CTL" prefix list >"$TMPDIR/race.out" 2>"$TMPDIR/race.err" &
lister=$!
spooled=0
for _ in $(seq 400); do
	for fd in /proc/"$lister"/fd/*; do
		case $(readlink "$fd") in
		*/smtp25ctl.*) spooled=$(stat -Lc %s "$fd" 2>/dev/null || echo 0) ;;
		esac
	done
	[ "$spooled" -gt 0 ] && break
	sleep 0.05
done
kill -STOP "$lister"
ok "while the dump is stopped: pool add race" ctl pool add race type relay
ok "while the dump is stopped: prefix add race 0.0.0.0/0" ctl prefix add race 0.0.0.0/0
kill -CONT "$lister"
rc=0
wait "$lister" || rc=$?
if [ "$spooled" -gt 0 ] && [ "$spooled" -lt 20000000 ]; then
	check "a dump raced by a change: listed again, exit 0" \
		test "$rc" -eq 0 -a ! -s "$TMPDIR/race.err"
	same "... it shows the state after the change" "0.0.0.0/0 race" \
		"$(head -n1 "$TMPDIR/race.out")"
	same "... whole, and nothing twice" "1000001 1000001" \
		"$(wc -l <"$TMPDIR/race.out") $(sort -u "$TMPDIR/race.out" | wc -l)"
else
	echo "NOTE: the lister was not caught in the middle of its dump ($spooled bytes); not tested"
fi
ok "pool del race" ctl pool del race

t0=$EPOCHREALTIME
ctl save >"$TMPDIR/save"
t_save=$(echo "$EPOCHREALTIME - $t0" | bc)
check "save of 1M prefixes: 3907 prefix lines of up to 256" \
	test "$(grep -c '^prefix add big ' "$TMPDIR/save")" -eq 3907

t0=$EPOCHREALTIME
run ctl pool del big
t_del=$(echo "$EPOCHREALTIME - $t0" | bc)
check "pool del of 1M prefixes" test "$rc" -eq 0

echo "TIME: pool load of 1M prefixes into an empty pool: ${t_load}s"
echo "TIME: pool load of 1M prefixes replacing 1M: ${t_replace}s"
echo "TIME: prefix list of 1M prefixes: ${t_list}s"
echo "TIME: save of 1M prefixes: ${t_save}s"
echo "TIME: pool del of 1M prefixes: ${t_del}s"
# software emulation is 10 to 30 times slower than the hardware: a bound
# that only catches something gone badly wrong
check "pool load of 1M prefixes under 60s even under emulation" \
	test "$(echo "$t_load < 60" | bc)" = 1

finish
