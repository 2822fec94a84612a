#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The iptables plugin libxt_smtp25.so with the module's xt match, rules
# only (IPv6: 34-xt-rules6.sh, packets: 32-xt-packets.sh):
#   1. libnft-ext/libxt_smtp25.t under iptables-legacy and iptables-nft
#      (tests/vm/run-xt-t.sh), including an IPTABLES-save | IPTABLES-restore
#      round trip of every accepted rule, revision 1's options included;
#   2. stock nft lists an iptables-nft rule as "xt match smtp25", iptables
#      sends every smtp25 rule as revision 1 (the highest the module has),
#      and iptables -L prints the match readably;
#   3. the module cannot be removed while a rule (legacy or nft) uses it,
#      and unloads cleanly once the rules are gone.
# No network topology: everything happens in the test's own namespace.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd iptables-legacy iptables-nft nft
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
use_build_plugin
tfile=$repo/libnft-ext/libxt_smtp25.t

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	for t in iptables-legacy iptables-nft; do
		"$t" -F 2>/dev/null
	done
	nft flush ruleset 2>/dev/null
	smtp25_loaded && smtp25_unload >/dev/null
	true
}
trap cleanup EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
need_modules ip_tables nf_tables nft_compat

# --- 1. the .t file (with a save | restore round trip) ------------------------
xt_t_check "$tfile" iptables-legacy iptables-nft

# --- 2. what stock nft shows for an iptables-nft rule -----------------------
iptables-nft -A OUTPUT -p tcp --dport 25 -m smtp25 --src-type dynamic,quarantine \
	-j REJECT --reject-with tcp-reset
listing=$(nft list chain ip filter OUTPUT 2>&1)
printf '    nft: %s\n' "${listing//$'\n'/$'\n'    nft: }"
check "nft list shows the match as xt match smtp25" \
	grep -qE 'xt match "?smtp25"?' <<<"$listing"
# What a host without the plugin shows (a known nft 1.0.6 weakness).
listing=$(XTABLES_LIBDIR=$xt_syslibdir nft list chain ip filter OUTPUT 2>&1 || true)
if grep -qE 'xt match "?smtp25"?' <<<"$listing"; then
	echo "NOTE: without the plugin, nft still lists the match"
else
	echo "NOTE: without the plugin, nft does not list the match:"
	printf '    nft: %s\n' "${listing//$'\n'/$'\n'    nft: }"
fi
iptables-nft -F OUTPUT

# libxtables takes the highest revision the kernel has, for every rule.
iptables-nft -A OUTPUT -p tcp --dport 25 -m smtp25 --src-type dynamic
iptables-nft -A OUTPUT -p tcp --dport 25 --syn -m smtp25 --src-type relay \
	! --over-limit --record allowed -j ACCEPT
debug=$(nft --debug=netlink list chain ip filter OUTPUT 2>&1 || true)
grep 'match name smtp25' <<<"$debug" | sed 's/^/    nft debug: /'
check "iptables-nft sends revision 1, for a rule of revision 0's options too" \
	test "$(grep -c '\[ match name smtp25 rev 1 \]' <<<"$debug")" = 2
iptables-nft -F OUTPUT

# iptables -L uses the plugin's print(), not save().
iptables-legacy -A OUTPUT -m smtp25 --src-type quarantine,dynamic ! --dst-pool relays
list=$(iptables-legacy -n -L OUTPUT)
check "iptables -L shows the match: $(tail -n1 <<<"$list" | tr -s ' ')" \
	grep -q 'smtp25 src-type dynamic,quarantine dst-pool ! relays *$' <<<"$list"
iptables-legacy -F OUTPUT
iptables-legacy -A OUTPUT -p tcp --dport 25 --syn -m smtp25 --record allowed \
	! --over-limit --src-type relay
list=$(iptables-legacy -n -L OUTPUT)
check "iptables -L shows revision 1's options: $(tail -n1 <<<"$list" | tr -s ' ')" \
	grep -q 'smtp25 src-type relay ! over-limit record allowed *$' <<<"$list"
iptables-legacy -F OUTPUT

# --- 3. a rule pins the module ----------------------------------------------
refcnt() { cat /sys/module/smtp25/refcnt; }
for ipt in iptables-legacy iptables-nft; do
	"$ipt" -A INPUT -m smtp25 --src-type dynamic
	check "$ipt: a rule holds a module reference ($(refcnt))" test "$(refcnt)" -ge 1
	if rmmod smtp25 2>/dev/null; then
		fail "$ipt: rmmod succeeded while a rule used the match"
		# shellcheck disable=SC2119 # no module parameters
		smtp25_load
	else
		pass "$ipt: rmmod refused while a rule uses the match"
	fi
	"$ipt" -F INPUT
	# nf_tables releases expressions from a work queue after the commit.
	for _ in $(seq 50); do
		[ "$(refcnt)" = 0 ] && break
		sleep 0.1
	done
	check "$ipt: -F drops the reference" test "$(refcnt)" = 0
done
if msg=$(smtp25_unload); then pass "rmmod after the rules are gone; $msg"; else fail "rmmod: $msg"; fi

finish
