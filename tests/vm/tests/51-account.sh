#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Per-host accounting, rate limits and automatic quarantine on real TCP
# connections, IPv4 and IPv6, through iptables-legacy (IPv4) and
# ip6tables-nft (IPv6, nft_compat). The checks are in
# tests/vm/py/test_account.py; this sets up the namespaces and the rules:
#
#   ns smtp25-a (sources, the rules in OUTPUT)   ns smtp25-b (destinations)
#   10.25.0.0/24, 2001:db8:25::/64  <--veth-->   10.25.1.1-40, 2001:db8:25:1::1-28
#   pools: dyn (dynamic) the /24 and /64;        listening on 25 and 587
#          relays (relay) .5 .6 .7 .8 as /32 and /128
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd iptables-legacy ip6tables-nft python3
vm=$(cd "$(dirname "$0")/.." && pwd -P)
use_build_plugin

a=smtp25-a
b=smtp25-b
trap ns_test_exit EXIT

# shellcheck disable=SC2317 # called through check
rules() {
	local ipt=$1 m="-p tcp --dport 25 --syn -m smtp25"

	# shellcheck disable=SC2086 # $m is words
	ip netns exec "$a" "$ipt" -A OUTPUT $m --src-type relay --over-limit \
		--record blocked -j REJECT --reject-with tcp-reset &&
	ip netns exec "$a" "$ipt" -A OUTPUT $m --src-type relay \
		--record allowed -j ACCEPT &&
	ip netns exec "$a" "$ipt" -A OUTPUT $m --src-type dynamic,quarantine \
		--record blocked -j REJECT --reject-with tcp-reset
}

setup() {
	local n

	ns_new "$a"
	ns_new "$b"
	ip link add veth-a netns "$a" type veth peer name veth-b netns "$b"
	for n in 5 6 7 8 10 20 30 40; do
		ip -n "$a" addr add "10.25.0.$n/24" dev veth-a
		ip -n "$a" addr add "2001:db8:25::$(printf %x "$n")/64" dev veth-a nodad
	done
	for n in $(seq 40); do
		ip -n "$b" addr add "10.25.1.$n/32" dev veth-b
		ip -n "$b" addr add "2001:db8:25:1::$(printf %x "$n")/128" dev veth-b nodad
	done
	ip -n "$a" link set veth-a up
	ip -n "$b" link set veth-b up
	ip -n "$a" route add 10.25.1.0/24 dev veth-a
	ip -n "$a" route add 2001:db8:25:1::/64 dev veth-a
	ip -n "$b" addr add 10.25.0.200/24 dev veth-b
	ip -n "$b" addr add 2001:db8:25::c8/64 dev veth-b nodad
	ip netns exec "$b" python3 "$vm/py/s25net.py" serve '*' 25 587 &
	bg_pid=$!
	sleep 1
}

run() {
	PYTHONPATH=$vm/py ip netns exec "$a" python3 "$vm/py/test_account.py" "$@"
}

# shellcheck disable=SC2119 # no module parameters
smtp25_load
setup
check "iptables-legacy takes the revision-1 rules" rules iptables-legacy
echo "# IPv4, iptables-legacy"
run 4 || fail "IPv4 accounting (see above)"

kill "$bg_pid"
ns_cleanup
smtp25_unload >/dev/null || fail "unload after the IPv4 run"
# shellcheck disable=SC2119 # no module parameters
smtp25_load
setup
check "ip6tables-nft takes the revision-1 rules" rules ip6tables-nft
echo "# IPv6, ip6tables-nft"
run 6 || fail "IPv6 accounting (see above)"
finish
