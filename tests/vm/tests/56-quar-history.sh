#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Quarantine history survives save and restore: a host quarantined twice
# and released is remembered with offences 2 ("quarantine list --all"),
# "save" writes it as "quarantine remember", the module is unloaded and
# loaded again, the save is restored, and the record is back: offences 2,
# not in quarantine, its address passing the quarantine check. Its next
# automatic quarantine (real port-25 attempts through an iptables-legacy
# rule) is its 3rd offence, the expiry doubled twice. A remembered IPv6
# /64 comes back as the /64. Restoring a record of a host in quarantine
# now is refused and changes nothing. "quarantine forget" (a support
# desk's amnesty): "quarantine del" alone keeps the record; forgetting the
# released host drops it (no event), so its next automatic quarantine is
# offence 1 at the pool's base expiry; forgetting a host in quarantine
# releases it (quar_del event) and leaves no record, so "quarantine add"
# counts 1 again; an IPv6 /64 by another of its addresses; a batch line;
# an address with neither is refused. A save without history lines (an
# older smtp25ctl) still restores. Then the attributes over hand-built
# netlink: tests/vm/py/test_quar_history.py.
#
#   ns smtp25-h: dummy d0 with 10.25.0.10/24 (the offender, pool dyn) and
#   10.25.1.1/24 (the MX it tries); OUTPUT: dynamic or quarantine sources
#   to port 25 are recorded blocked and refused.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

need_cmd iptables-legacy python3 jq
vm=$(cd "$(dirname "$0")/.." && pwd -P)
use_build_plugin

ns=smtp25-h
H=10.25.0.10
H6=2001:db8:25:1::9
# shellcheck source-path=SCRIPTDIR source=quar-lib.sh
. "$(dirname "$0")/quar-lib.sh"

ctl_setup
check "namespace with the port-25 rule" quar_setup
ok "pool dyn, dyn6" qctl -b - <<'BATCH'
pool add dyn type dynamic
prefix add dyn 10.25.0.0/24
pool set dyn quarantine-after 3 window 60 expires 4
pool add dyn6 type dynamic
prefix add dyn6 2001:db8:25::/48
BATCH

# --- history: quarantined twice and released -------------------------------------
ok "quarantine add the offender (1st)" qctl quarantine add $H
ok "... released" qctl quarantine del $H
ok "quarantine add it again (2nd)" qctl quarantine add $H expires 600
ok "... released again" qctl quarantine del $H
ok "an IPv6 host of dyn6 quarantined (its /64)" qctl quarantine add $H6
ok "... released" qctl quarantine del $H6
ok "a host in quarantine now, offences 4" qctl quarantine add 192.0.2.9 expires 600 offences 4
run qctl -j quarantine list
check "quarantine list: only the host in quarantine, no released key" py '
assert [e["address"] for e in j] == ["192.0.2.9"] and "released" not in j[0], j' "$out"
run qctl -j quarantine list --all
printf '%s\n' "$out" >"$TMPDIR/hist1"
check "quarantine list --all: the offender, offences 2, released, no expiry" py '
q = {e["address"]: e for e in j}
assert sorted(q) == ["10.25.0.10", "192.0.2.9", "2001:db8:25:1::/64"], q
e = q["10.25.0.10"]
assert e["offences"] == 2 and e["expires"] is None and e["reason"] == "manual", e
assert abs(e["released"] - time.time()) <= 60, e
assert q["2001:db8:25:1::/64"]["offences"] == 1 and q["2001:db8:25:1::/64"]["released"], q
assert q["192.0.2.9"]["released"] is None and q["192.0.2.9"]["offences"] == 4, q' "$out"
run qctl quarantine list --all
if [[ $(printf '%s\n' "$out" | head -n1) == *" EXPIRES RELEASED OFFENCES "* ]]; then
	pass "the table of --all has a RELEASED column"
else
	fail "the table of --all has a RELEASED column: $out"
fi

run qctl save
check "save: exit 0" test "$rc" -eq 0 -a -z "$err"
printf '%s\n' "$out" >"$TMPDIR/save"
sed 's/^/#   /' "$TMPDIR/save"
check "save: the offender remembered with offences 2 and its age" \
	grep -qE '^quarantine remember 10\.25\.0\.10 offences 2 released [0-9]{1,2}$' "$TMPDIR/save"
check "save: the IPv6 /64 as its first address, offences 1" \
	grep -qE '^quarantine remember 2001:db8:25:1:: offences 1 released [0-9]{1,2}$' "$TMPDIR/save"
check "save: the host in quarantine as before" \
	grep -qE '^quarantine add 192\.0\.2\.9 expires [0-9]+ offences 4$' "$TMPDIR/save"
check "save: remember lines before the quarantine add ones" test \
	"$(grep -nE '^quarantine remember' "$TMPDIR/save" | tail -n1 | cut -d: -f1)" -lt \
	"$(grep -nE '^quarantine add' "$TMPDIR/save" | head -n1 | cut -d: -f1)"

# --- restart: unload, load, restore -------------------------------------------------
ns_cleanup
if msg=$(smtp25_unload); then
	pass "unloaded with remembered records: $msg"
else
	fail "unload: $msg"
	finish
fi
# shellcheck disable=SC2119 # no module parameters
smtp25_load || { fail "insmod smtp25 again"; finish; }
check "namespace and rule again" quar_setup
run qctl -j quarantine list --all
check "a fresh module: nothing remembered" test "$out" = "[]"
ok "restore: smtp25ctl -b SAVE" qctl -b "$TMPDIR/save"
run qctl -j quarantine list --all
printf '%s\n' "$out" >"$TMPDIR/hist2"
check "restored: the offender remembered, offences 2, not in quarantine" py '
q = {e["address"]: e for e in j}
assert sorted(q) == ["10.25.0.10", "192.0.2.9", "2001:db8:25:1::/64"], q
e = q["10.25.0.10"]
assert e["offences"] == 2 and e["released"] and e["expires"] is None, e
assert e["since"] is None and e["pool"] is None and e["reason"] == "manual", e
assert q["2001:db8:25:1::/64"]["offences"] == 1, q
assert q["192.0.2.9"]["offences"] == 4 and q["192.0.2.9"]["released"] is None, q' "$out"
check "... released about when it was (the time down not counted)" /usr/bin/python3 -c '
import json, sys
a = {e["address"]: e for e in json.load(open(sys.argv[1]))}
b = {e["address"]: e for e in json.load(open(sys.argv[2]))}
d = b["10.25.0.10"]["released"] - a["10.25.0.10"]["released"]
assert 0 <= d <= 120, d' "$TMPDIR/hist1" "$TMPDIR/hist2"
run qctl -j quarantine list
check "... not among the hosts in quarantine" py '
assert [e["address"] for e in j] == ["192.0.2.9"], j' "$out"
check "... its address passes the quarantine check: in dyn" pool_is $H dyn 1
qctl save >"$TMPDIR/save2"
same "a save of the restored state: the same lines but for the times" \
	"$(grep '^quarantine' "$TMPDIR/save" | sed 's/ \(expires\|released\) [0-9]*//')" \
	"$(grep '^quarantine' "$TMPDIR/save2" | sed 's/ \(expires\|released\) [0-9]*//')"

# --- a host in quarantine now: refused, nothing changed ---------------------------
run qctl -j quarantine list --all
before=$out
refused "quarantine remember of a host in quarantine now: exit 1, why" 1 \
	"this host is in quarantine now" \
	qctl quarantine remember 192.0.2.9 offences 2 released 60
refused "quarantine remember without offences: usage" 2 "missing 'offences N'" \
	qctl quarantine remember 10.25.0.77 released 60
run qctl -j quarantine list --all
# the expiry, a time to come, is a rounded count of jiffies: left out
same "... nothing changed" "$(printf '%s' "$before" | jq -S 'map(del(.expires))')" \
	"$(printf '%s' "$out" | jq -S 'map(del(.expires))')"

# --- the next automatic quarantine is the 3rd offence, doubled twice --------------
attempts 2
check "2 attempts: below the threshold, still in dyn" pool_is $H dyn 1
attempts 1
check "the 3rd attempt quarantines it" pool_is $H quarantine 5
run qctl -j quarantine list
check "3rd offence, caught in dyn: 4 s doubled twice, 16 s" py '
e = [e for e in j if e["address"] == "10.25.0.10"][0]
assert e["offences"] == 3 and e["reason"] == "blocked" and e["pool"] == "dyn", e
assert 15 <= e["expires"] - e["since"] <= 17, e' "$out"
ok "the IPv6 /64 quarantined by hand, from another address of it" \
	qctl quarantine add 2001:db8:25:1::77 expires 60
run qctl -j quarantine list
check "... its 2nd offence: the restored /64 record counted on" py '
e = [e for e in j if e["address"] == "2001:db8:25:1::/64"][0]
assert e["offences"] == 2, e' "$out"

# --- quarantine forget: a cleaned host starts again at a first offence ----------
# the offender: in quarantine (3rd offence); the IPv6 /64 too (2nd)
# not through qctl: a function's subshell would be killed, not smtp25ctl
ip netns exec "$ns" "$CTL" monitor >"$TMPDIR/mon" 2>&1 &
mon_pid=$!
trap '[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null; ctl_cleanup' EXIT
sleep 1
# hist ADDR: "offences/released-or-q" of ADDR in quarantine list --all, or "none"
# shellcheck disable=SC2317 # called through check and same
hist() {
	qctl -j quarantine list --all |
		jq -r --arg a "$1" '[.[] | select(.address == $a)] | if length == 0 then "none"
			else .[0] | "\(.offences)/\(if .released then "released" else "q" end)" end'
}
# host_is ADDR OFFENCES STATE: host show of ADDR says so
# shellcheck disable=SC2317
host_is() {
	[ "$(qctl -j host show "$1" | jq -r '"\(.offences)/\(.quarantined)"')" = "$2/$3" ]
}
gen() { qctl -j stats | jq -r .generation; }

ok "quarantine del of the offender (old style)" qctl quarantine del $H
same "... still remembered with its 3 offences (regression)" "3/released" "$(hist $H)"
check "... host show: offences 3, not quarantined" host_is $H 3 false
g0=$(gen)
run qctl quarantine forget $H
check "quarantine forget of the released host: exit 0, prints nothing" \
	test "$rc" -eq 0 -a -z "$out" -a -z "$err"
same "... gone from quarantine list --all" "none" "$(hist $H)"
check "... host show agrees: offences 0, state -" host_is $H 0 false
run qctl host show $H
check "... its text state is - (not released)" grep -qE '^state +-$' <<<"$out"
check "... the generation bumped (a save sees it)" test "$(gen)" -gt "$g0"
ok "the pool's base expiry: 30 s" qctl pool set dyn expires 30
attempts 3
check "3 attempts quarantine it again" pool_is $H quarantine 5
run qctl -j quarantine list
check "... as a first offence, the base expiry (30 s, not 30 << 3)" py '
e = [e for e in j if e["address"] == "10.25.0.10"][0]
assert e["offences"] == 1 and e["reason"] == "blocked", e
assert 29 <= e["expires"] - e["since"] <= 31, e' "$out"
run qctl quarantine forget $H
check "quarantine forget of the host in quarantine: exit 0, prints nothing" \
	test "$rc" -eq 0 -a -z "$out" -a -z "$err"
check "... released: its address is in dyn again" pool_is $H dyn 1
same "... and no record left" "none" "$(hist $H)"
check "... host show: offences 0, not quarantined" host_is $H 0 false
ok "quarantine add of it by hand" qctl quarantine add $H expires 600
same "... offence 1 again, not 2" "1/q" "$(hist $H)"
ok "... released (old style)" qctl quarantine del $H
ok "the IPv6 /64 forgotten by another of its addresses" \
	qctl quarantine forget 2001:db8:25:1::5
same "... no record left of the /64" "none" "$(hist 2001:db8:25:1::/64)"
check "... released: lookup finds dyn6" pool_is 2001:db8:25:1::77 dyn6 1
ok "... quarantined by hand again" qctl quarantine add 2001:db8:25:1::77 expires 60
same "... offence 1, not 3" "1/q" "$(hist 2001:db8:25:1::/64)"
ok "a batch line forgets the offender" qctl -b - <<<"quarantine forget $H"
same "... gone" "none" "$(hist $H)"
run qctl -j quarantine list --all
before=$out
g0=$(gen)
refused "forget of an address neither quarantined nor remembered: exit 1, why" 1 \
	"no quarantine or remembered offences for this host" \
	qctl quarantine forget 10.25.0.99
refused "... of the offender, forgotten already: the same" 1 \
	"no quarantine or remembered offences for this host" \
	qctl quarantine forget $H
refused "quarantine del of it: the message as before" 1 \
	"this host is not in quarantine" qctl quarantine del 10.25.0.99
run qctl -j quarantine list --all
same "... nothing changed" "$(printf '%s' "$before" | jq -S 'map(del(.expires))')" \
	"$(printf '%s' "$out" | jq -S 'map(del(.expires))')"
check "... nor the generation" test "$(gen)" -eq "$g0"
sleep 0.5
kill "$mon_pid"
mon_pid=
sed 's/^/#   monitor: /' "$TMPDIR/mon"
check "monitor: the forget of the host in quarantine is a quar_del, offence 1" \
	grep -qE "^quar_del .*address $H reason manual offences 1 caught-in dyn" "$TMPDIR/mon"
check "... the /64 forgotten in quarantine too" \
	grep -qE "^quar_del .*address 2001:db8:25:1::/64 reason manual offences 2" "$TMPDIR/mon"
same "... and the forgets of remembered hosts sent none: 4 releases in all" 4 \
	"$(grep -c '^quar_del ' "$TMPDIR/mon")"

# --- a save of an older smtp25ctl: no history lines -------------------------------
sed -e '/^quarantine remember/d' -e '1s/, [0-9]* remembered$//' \
	"$TMPDIR/save" >"$TMPDIR/old"
check "the old save has no remember lines, nor their count" \
	sh -c "! grep -q remember '$TMPDIR/old'"
ns_new smtp25-h2
ok "an old save restores" ip netns exec smtp25-h2 "$CTL" -b "$TMPDIR/old"
run ip netns exec smtp25-h2 "$CTL" -j quarantine list --all
check "... only the host in quarantine, nothing remembered" py '
assert [(e["address"], e["released"]) for e in j] == [("192.0.2.9", None)], j' "$out"

# --- the attributes over netlink --------------------------------------------------
ns_new smtp25-h3
if PYTHONPATH=$vm/py ip netns exec smtp25-h3 python3 "$vm/py/test_quar_history.py"; then
	pass "quarantine history over netlink (see above)"
else
	fail "quarantine history over netlink (see above)"
fi
finish
