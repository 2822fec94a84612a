#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# IPv6 accounting per prefix (pool set account-prefix6) on real TCP
# connections through ip6tables-nft: addresses of one /64 are one host,
# its quarantine is the whole /64 and another /64 of the pool is not
# touched; at 128 every address is a host again; bad lengths are refused.
# The checks are in tests/vm/py/test_account6.py; this sets up:
#
#   ns smtp25-a (sources, rules in OUTPUT)       ns smtp25-b (destinations)
#   2001:db8:55:1::1-9,99  2001:db8:55:2::1-3   2001:db8:99::1-20
#   2001:db8:55:3::1-3        <--veth-->         listening on 25
#   pool dyn (dynamic): 2001:db8:55::/48
#
# The dynamic pool is in "monitor" mode: its attempts are recorded as
# blocked (they count towards quarantine) but let through, so that the
# quarantine shows as the only thing refusing them.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd ip6tables-nft python3
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
use_build_plugin
[ -x "$repo/build/tools/smtp25ctl" ] ||
	skip "$repo/build/tools/smtp25ctl missing: run 'make tools' first"

a=smtp25-a
b=smtp25-b
trap ns_test_exit EXIT

# shellcheck disable=SC2317 # called through check
rules() {
	local m="-p tcp --dport 25 --syn -m smtp25"

	# shellcheck disable=SC2086 # $m is words
	ip netns exec "$a" ip6tables-nft -A OUTPUT $m --src-type quarantine \
		--record blocked -j REJECT --reject-with tcp-reset &&
	ip netns exec "$a" ip6tables-nft -A OUTPUT $m --src-type dynamic \
		--record blocked -j ACCEPT
}

setup() {
	local n

	ns_new "$a"
	ns_new "$b"
	ip link add veth-a netns "$a" type veth peer name veth-b netns "$b"
	for n in 1 2 3 4 5 6 7 8 9 99; do
		ip -n "$a" addr add "2001:db8:55:1::$n/64" dev veth-a nodad
	done
	for n in 1 2 3; do
		ip -n "$a" addr add "2001:db8:55:2::$n/64" dev veth-a nodad
		ip -n "$a" addr add "2001:db8:55:3::$n/64" dev veth-a nodad
	done
	for n in $(seq 20); do
		ip -n "$b" addr add "2001:db8:99::$(printf %x "$n")/128" dev veth-b nodad
	done
	ip -n "$a" link set veth-a up
	ip -n "$b" link set veth-b up
	ip -n "$a" route add 2001:db8:99::/64 dev veth-a
	ip -n "$b" route add 2001:db8:55::/48 dev veth-b
	ip netns exec "$b" python3 "$vm/py/s25net.py" serve '*' 25 &
	bg_pid=$!
	sleep 1
}

# shellcheck disable=SC2119 # no module parameters
smtp25_load
setup
check "ip6tables-nft takes the rules" rules
SMTP25CTL=$repo/build/tools/smtp25ctl PYTHONPATH=$vm/py \
	ip netns exec "$a" python3 "$vm/py/test_account6.py" ||
	fail "IPv6 accounting per prefix (see above)"
finish
