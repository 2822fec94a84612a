#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The demonstration (make demo): the MAAWG recommendation "Managing Port
# 25 for Residential or Dynamic IP Space" on a small ISP's router, told in
# plain words on the VM's console as it happens. The network is
# tests/vm/e2e/router.sh's. Every step is also checked: the run fails if
# smtp25 did not do what the narration says.
set -eu
export LC_ALL=C
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd swaks python3 jq unshare nft
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
# shellcheck source-path=SCRIPTDIR source=../e2e/router.sh
. "$vm/e2e/router.sh"
[ -x "$ctlbin" ] || skip "$ctlbin missing: run 'make tools' first"

# The console is the viewer's screen (make demo shows it live).
out=/dev/console
[ -w "$out" ] || out=/dev/stdout
say() { printf '%s\n' "$*" >"$out"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*" >"$out"; }
# show CMD...: what the admin types on the router, and what it prints
show() {
	local a line="  router# smtp25ctl"

	for a in "$@"; do
		case $a in
		*" "*) line+=" \"$a\"" ;;
		*) line+=" $a" ;;
		esac
	done
	printf '%s\n' "$line" >"$out"
	ctl "$@" 2>&1 | sed 's/^/    /' >"$out"
}
seen() { printf '  -> %s\n' "$*" >"$out"; }

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	[ -z "${mon_pid:-}" ] || kill "$mon_pid" 2>/dev/null
	router_cleanup
}
trap cleanup EXIT

# Kernel messages (module taint, links coming up) would interrupt the story.
dmesg -n 1
step "smtp25: port 25 policy for residential and dynamic IP space (MAAWG)"
say "This VM runs Debian's own kernel with smtp25.ko loaded. Network"
say "namespaces play a small ISP: a router; behind it a residential customer"
say "($RES), an infected one ($ZOMBIE) and a premium customer running"
say "its own mail server ($PREM); the ISP's submission server ($SUB,"
say "port 587); and mail servers on the Internet ($MX and 203.0.113.101-112)."
# shellcheck disable=SC2119 # no module parameters
smtp25_load
router_up

step "The admin sets up the router"
say "Residential space is a 'dynamic' pool: no direct mail on port 25."
say "Relays (the submission server, the premium server) may send directly,"
say "the premium one at most 5 new connections an hour (a low limit, to see it)."
say "A host of the dynamic pool that is refused 10 times within a minute is"
say "quarantined, for 6 seconds here (an hour would be usual), twice as long"
say "the second time."
show pool add dsl type dynamic comment "residential DSL"
show prefix add dsl 198.51.100.0/24
show pool add relays type relay comment "submission and premium"
show prefix add relays $PREM $SUB
show pool set dsl quarantine-after 10 window 60 expires 6
show pool set relays limit-host 5/hour
printf 'outside = up0\n' >"$TMPDIR/policy.conf"
say "  router# cat /etc/smtp25/policy.conf"
say "    outside = up0"
show policy apply "$TMPDIR/policy.conf"
ctl monitor >"$TMPDIR/monitor.txt" 2>&1 &
mon_pid=$!
sleep 1

step "1. A residential customer tries to send mail directly to port 25"
ask tcp $RES $MX 25
seen "connection to $MX:25: $ans (the router answered with a TCP reset)"
check "residential -> MX:25 refused" [ "$ans" = refused ]

step "2. The same customer sends through the ISP's submission server (587)"
if mailto demo1 $SUB 587; then
	seen "swaks: $(grep -m1 '^<-  250' "$TMPDIR/demo1.out" | sed 's/^<-  //')"
	pass "residential mail through 587 delivered"
else
	seen "swaks failed: $(tail -n1 "$TMPDIR/demo1.out")"
	fail "residential mail through 587 delivered"
fi
ask log mx
seen "the MX received it from the submission server: $ans"

step "3. The premium customer's own mail server sends directly"
res=()
for _ in $(seq 7); do ask tcp $PREM $MX 25; res+=("$ans"); done
seen "7 connections to $MX:25: ${res[*]}"
say "  The first 5 pass; beyond its limit of 5 an hour the router refuses."
check "premium relay: 5 pass, the excess is refused" \
	[ "${res[*]}" = "ok ok ok ok ok refused refused" ]

step "4. A zombie starts spamming: port 25 on one mail server after another"
zombie_attempts 101 112
seen "12 connection attempts to 203.0.113.101-112:25, all refused"
if wait_pool $ZOMBIE quarantine 3; then
	pass "the zombie is quarantined"
else
	fail "the zombie is quarantined"
fi
say "  After its 10th refused attempt the kernel moved it into quarantine."
say "  smtp25ctl monitor, running since the start, printed:"
grep '^quar_' "$TMPDIR/monitor.txt" | sed 's/^/    /' >"$out" || true
check "monitor reported the quarantine" \
	grep -qE "^quar_add .*address $ZOMBIE reason blocked offences 1" "$TMPDIR/monitor.txt"
show top -n 5
show quarantine list

step "5. The counters"
show pool list
show stats

step "6. Quarantine ends after its time; a second offence lasts twice as long"
if wait_pool $ZOMBIE dsl 10; then
	seen "released: $(grep '^quar_del' "$TMPDIR/monitor.txt" | tail -n1)"
	pass "the zombie is released at expiry"
else
	fail "the zombie is released at expiry"
fi
zombie_attempts 101 110
wait_pool $ZOMBIE quarantine 3 || true
sleep 0.5
seen "again: $(grep '^quar_add' "$TMPDIR/monitor.txt" | tail -n1)"
check "the second quarantine is offence 2" \
	grep -qE "^quar_add .*address $ZOMBIE reason blocked offences 2" "$TMPDIR/monitor.txt"

step "Done"
say "Residential: refused on 25, served on 587. Relays: allowed, within their"
say "limits. The zombie: found by the kernel as it happened, quarantined,"
say "released, and quarantined longer the second time."
ctl policy remove
finish
