#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The xt match on real packets, through iptables-legacy, iptables-nft,
# ip6tables-legacy and ip6tables-nft in turn, with the rule
#   -p tcp --dport 25 -m smtp25 --src-type dynamic -j REJECT --reject-with tcp-reset
# in ns a's OUTPUT chain and the pools in ns a: a dynamic source cannot
# open tcp/25, a relay /32 (/128) inside the dynamic prefix can, 587 stays
# open, and the pools' lookup counters (POOL_GET SMTP25_A_PACKETS) count
# exactly the lookups the rule made.
#
#   +---------------------------------------+          +----------------------+
#   | ns smtp25-a: the rule, in OUTPUT      |          | ns smtp25-b          |
#   |  veth-a 10.25.0.10, 2001:db8:25::10   |<-------->| veth-b 10.25.0.200   |
#   |         10.25.0.5,  2001:db8:25::5    |          |   2001:db8:25::1:2   |
#   |  pool dyn (dynamic): 10.25.0.0/25,    |          | listens on 25, 587   |
#   |    2001:db8:25::/116                  |          | (no pool: "none")    |
#   |  pool relays (relay): 10.25.0.5/32,   |          +----------------------+
#   |    2001:db8:25::5/128                 |
#   +---------------------------------------+
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft \
	python3
vm=$(cd "$(dirname "$0")/.." && pwd -P)
use_build_plugin
s25net=(python3 "$vm/py/s25net.py")

a=smtp25-a
b=smtp25-b
trap ns_test_exit EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load

ns_new "$a"
ns_new "$b"
ip link add veth-a netns "$a" type veth peer name veth-b netns "$b"
ip -n "$a" addr add 10.25.0.10/24 dev veth-a
ip -n "$a" addr add 10.25.0.5/24 dev veth-a
ip -n "$a" addr add 2001:db8:25::10/64 dev veth-a nodad
ip -n "$a" addr add 2001:db8:25::5/64 dev veth-a nodad
ip -n "$b" addr add 10.25.0.200/24 dev veth-b
ip -n "$b" addr add 2001:db8:25::1:2/64 dev veth-b nodad
ip -n "$a" link set veth-a up
ip -n "$b" link set veth-b up
ip netns exec "$a" "${s25net[@]}" pool dyn dynamic 10.25.0.0/25 2001:db8:25::/116
ip netns exec "$a" "${s25net[@]}" pool relays relay 10.25.0.5/32 2001:db8:25::5/128
ip netns exec "$b" "${s25net[@]}" serve 10.25.0.200 25 587 &
ip netns exec "$b" "${s25net[@]}" serve 2001:db8:25::1:2 25 587 &

# One helper process in ns a answers every question (a python start per
# question is slow in the VM): ask CMD... sets $ans.
coproc NET { ip netns exec "$a" "${s25net[@]}" repl; }
bg_pid=$NET_PID
ask() {
	echo "$*" >&"${NET[1]}"
	IFS= read -r ans <&"${NET[0]}"
}
for _ in $(seq 50); do
	ask connect 10.25.0.10 10.25.0.200 25
	[ "$ans" = ok ] || { sleep 0.1; continue; }
	ask connect 2001:db8:25::10 2001:db8:25::1:2 25
	[ "$ans" = ok ] && break
	sleep 0.1
done
ask connect 10.25.0.10 10.25.0.200 25
check "without a rule, tcp/25 works over IPv4 ($ans)" test "$ans" = ok
ask connect 2001:db8:25::10 2001:db8:25::1:2 25
check "without a rule, tcp/25 works over IPv6 ($ans)" test "$ans" = ok

# expect WHAT GOT WANTED
expect() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got $2, expected $3"; fi
}
for ipt in iptables-legacy iptables-nft ip6tables-legacy ip6tables-nft; do
	case $ipt in
	ip6*) dyn=2001:db8:25::10 rel=2001:db8:25::5 srv=2001:db8:25::1:2 ;;
	*) dyn=10.25.0.10 rel=10.25.0.5 srv=10.25.0.200 ;;
	esac
	ip netns exec "$a" "$ipt" -A OUTPUT -p tcp --dport 25 -m smtp25 \
		--src-type dynamic -j REJECT --reject-with tcp-reset
	ask packets dyn; d0=$ans
	ask packets relays; r0=$ans
	ask connect $dyn $srv 25
	expect "$ipt: tcp/25 from dynamic $dyn" "$ans" refused
	ask packets dyn; d1=$ans
	expect "$ipt: the rejected SYN was one lookup in pool dyn" $((d1 - d0)) 1
	ask connect $rel $srv 25
	expect "$ipt: tcp/25 from relay $rel (inside dyn's prefix)" "$ans" ok
	ask packets relays; r1=$ans
	# SYN, ACK, FIN, ACK at least: every packet to port 25 is looked up.
	check "$ipt: the relay's packets were looked up in pool relays ($((r1 - r0)))" \
		test $((r1 - r0)) -ge 3
	ask connect $dyn $srv 587
	expect "$ipt: tcp/587 from dynamic $dyn" "$ans" ok
	ask packets dyn
	expect "$ipt: no lookup for 587 (the rule stops at --dport 25)" $((ans - d1)) 0
	ip netns exec "$a" "$ipt" -F OUTPUT
	ask connect $dyn $srv 25
	expect "$ipt: after -F, tcp/25 from dynamic $dyn" "$ans" ok
done

finish
