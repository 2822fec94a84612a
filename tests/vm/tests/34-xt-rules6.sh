#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-xt-rules.sh for IPv6: libnft-ext/libxt_smtp25.t (the match has no
# addresses, so one file serves both families, as upstream's libxt_*.t
# do) under ip6tables-legacy and ip6tables-nft, with the save | restore
# round trip, and stock nft's listing of ip6tables-nft rules, one of
# them with revision 1's options.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd ip6tables-legacy ip6tables-nft nft
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
use_build_plugin
tfile=$repo/libnft-ext/libxt_smtp25.t

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	for t in ip6tables-legacy ip6tables-nft; do
		"$t" -F 2>/dev/null
	done
	nft flush ruleset 2>/dev/null
	smtp25_loaded && smtp25_unload >/dev/null
	true
}
trap cleanup EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
need_modules ip6_tables nf_tables nft_compat

xt_t_check "$tfile" ip6tables-legacy ip6tables-nft

ip6tables-nft -A FORWARD -i up0 -p tcp --sport 25 -m smtp25 --dst-type dynamic,quarantine -j DROP
listing=$(nft list chain ip6 filter FORWARD 2>/dev/null)
printf '    nft: %s\n' "${listing//$'\n'/$'\n'    nft: }"
check "nft list shows the ip6tables-nft rule with xt match smtp25" \
	grep -qE 'iifname "up0" tcp sport 25 xt match "?smtp25"? counter packets 0 bytes 0 drop' <<<"$listing"
ip6tables-nft -F FORWARD

# Practice 5 with limits and accounting, as iptables-smtp25(8) has it.
ip6tables-nft -N port25
ip6tables-nft -A FORWARD -i cust0 -p tcp --dport 25 --syn -j port25
ip6tables-nft -A port25 -m smtp25 --src-type relay ! --over-limit --record allowed -j RETURN
ip6tables-nft -A port25 -p tcp -m smtp25 --src-type dynamic,relay,quarantine --record blocked \
	-j REJECT --reject-with tcp-reset
listing=$(nft list chain ip6 filter port25 2>/dev/null || true)
printf '    nft: %s\n' "${listing//$'\n'/$'\n'    nft: }"
check "nft lists the revision 1 rules with xt match smtp25" \
	test "$(grep -cE '^\s*(meta l4proto tcp )?xt match "?smtp25"? counter packets 0 bytes 0 ' <<<"$listing")" = 2
debug=$(nft --debug=netlink list chain ip6 filter port25 2>&1 || true)
check "both carry revision 1" \
	test "$(grep -c '\[ match name smtp25 rev 1 \]' <<<"$debug")" = 2
saved=$(ip6tables-nft-save -t filter 2>/dev/null | grep -- '-A port25' || true)
want='-A port25 -m smtp25 --src-type relay ! --over-limit --record allowed -j RETURN
-A port25 -p tcp -m smtp25 --src-type dynamic,relay,quarantine --record blocked -j REJECT --reject-with tcp-reset'
check "ip6tables-nft-save writes them as given" test "$saved" = "$want"
ip6tables-nft -F
ip6tables-nft -X port25

if msg=$(smtp25_unload); then pass "unload; $msg"; else fail "unload: $msg"; fi
finish
