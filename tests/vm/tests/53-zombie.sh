#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Finding the zombie, end to end, as an admin runs it: the nft policy
# ("smtp25ctl policy apply", accounting and limits on), pool thresholds and
# limits set with "smtp25ctl pool set", real SMTP through the router, and
# what smtp25ctl shows: monitor, top, host show, quarantine list, stats
# --prometheus.
#
# The network is tests/vm/e2e/router.sh's: residential host, zombie and
# premium relay behind a router, a submission server, MXs on the Internet.
#
#  pools: dsl dynamic 198.51.100.0/24, quarantine after 10 blocked
#           attempts within 60 s, for 4 s the first time
#         relays relay 198.51.100.200/32 192.0.2.87/32, 5 per hour per host
set -eu
export LC_ALL=C
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd swaks python3 jq unshare nft
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=../e2e/router.sh
. "$vm/e2e/router.sh"
[ -x "$ctlbin" ] || skip "$ctlbin missing: run 'make -C tools' first"
# shellcheck disable=SC2317 # called through check
jqtrue() { jq -e "$@" >/dev/null; }	# jqtrue FILTER... FILE: holds

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null
	router_cleanup
}
trap cleanup EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
router_up
ask tcp $RES $MX 25
check "without a policy the residential host reaches the MX" [ "$ans" = ok ]
ask log mx

# --- the admin's setup ---------------------------------------------------------
ctl pool add dsl type dynamic comment "residential DSL"
ctl prefix add dsl 198.51.100.0/24
ctl pool add relays type relay comment "submission and premium"
ctl prefix add relays $PREM $SUB
ctl pool set dsl quarantine-after 10 window 60 expires 4
ctl pool set relays limit-host 5/hour
printf 'outside = up0\n' >"$TMPDIR/policy.conf"
check "policy apply" ctl policy apply "$TMPDIR/policy.conf"
ctl monitor >"$TMPDIR/monitor.txt" 2>&1 &
mon_pid=$!
sleep 1

# --- the residential host: blocked on 25, served on 587 -------------------------
ask tcp $RES $MX 25
check "residential -> MX:25 is refused" [ "$ans" = refused ]
for m in 1 2 3; do
	check "residential mail $m through submission on 587 is delivered" mailto "m$m" $SUB 587
done
ask log mx
check "the MX received the 3 messages from the submission server" \
	[ "$(grep -o "mail:$SUB:m[0-9]@res.example" <<<"$ans" | wc -l)" = 3 ]

# --- the premium relay: allowed up to its limit ----------------------------------
res=()
for _ in $(seq 7); do ask tcp $PREM $MX 25; res+=("$ans"); done
check "premium relay: 5 connections to the MX pass, the excess is refused" \
	[ "${res[*]}" = "ok ok ok ok ok refused refused" ]
ctl -j host show $PREM >"$TMPDIR/prem.json"
check "its entry: 5 allowed, 2 blocked, 2 over the limit" \
	jqtrue '.allowed == 5 and .blocked == 2 and .over_limit == 2' "$TMPDIR/prem.json"

# --- the zombie ------------------------------------------------------------------
zombie_attempts 101 109
sleep 1
check "9 attempts: below the threshold, still in dsl" [ "$(pool_of $ZOMBIE)" = dsl ]
zombie_attempts 110 110
check "the 10th attempt quarantines the zombie" wait_pool $ZOMBIE quarantine 3
check "monitor shows it: quar_add, reason blocked, first offence, caught in dsl" \
	grep -qE "^quar_add .*address $ZOMBIE reason blocked offences 1 caught-in dsl expires " \
	"$TMPDIR/monitor.txt"
ctl -j top -n 3 >"$TMPDIR/top.json"
# shellcheck disable=SC2016 # $z is jq's
check "top: the zombie comes first, quarantined" \
	jqtrue --arg z $ZOMBIE '.[0].address == $z and .[0].blocked >= 10 and .[0].quarantined' \
	"$TMPDIR/top.json"
ctl top -n 3
ask tcp $ZOMBIE $SUB 587
check "quarantined, it still reaches submission on 587 (to be told why)" [ "$ans" = ok ]
check "released after its 4 s" wait_pool $ZOMBIE dsl 8
check "monitor shows the release: quar_del, reason expired" \
	grep -qE "^quar_del .*address $ZOMBIE reason expired offences 1" "$TMPDIR/monitor.txt"

zombie_attempts 101 110
check "a second offence quarantines it again" wait_pool $ZOMBIE quarantine 3
ctl -j quarantine list >"$TMPDIR/quar.json"
# shellcheck disable=SC2016 # $z and $now are jq's
check "for twice as long (8 s), second offence" \
	jqtrue --arg z $ZOMBIE --argjson now "$(date +%s)" \
	'.[] | select(.address == $z) | .offences == 2 and .reason == "blocked" and
	 (.expires - $now) >= 6 and (.expires - $now) <= 9' "$TMPDIR/quar.json"
check "monitor shows the second offence" \
	grep -qE "^quar_add .*address $ZOMBIE reason blocked offences 2 " "$TMPDIR/monitor.txt"

# --- what a monitoring system scrapes, while the zombie is in quarantine ----
ctl stats --prometheus >"$TMPDIR/prom.txt"
check "prometheus: dsl counts 2 quarantines" \
	grep -qxE 'smtp25_pool_quarantines_total\{pool="dsl",type="dynamic"\} 2' "$TMPDIR/prom.txt"
check "prometheus: one host in quarantine" \
	grep -qx 'smtp25_quarantined_hosts 1' "$TMPDIR/prom.txt"
check "prometheus: relays over their limit twice" \
	grep -qxE 'smtp25_pool_over_limit_total\{pool="relays",type="relay"\} 2' "$TMPDIR/prom.txt"
# --- the residential host all along ------------------------------------------------
for m in 4 5; do
	check "residential mail $m on 587 still delivered" mailto "m$m" $SUB 587
done
check "the residential host was never quarantined" \
	sh -c "! grep -q 'address $RES ' '$TMPDIR/monitor.txt'"
ctl -j host show $RES >"$TMPDIR/res.json"
check "its entry: the one refused attempt on 25, no quarantine" \
	jqtrue '.blocked == 1 and .allowed == 0 and .quarantined == false and .offences == 0' \
	"$TMPDIR/res.json"

kill "$mon_pid"
mon_pid=
echo "# monitor saw:"
sed 's/^/#   /' "$TMPDIR/monitor.txt"
ctl policy remove
finish
