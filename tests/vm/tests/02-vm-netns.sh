#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks the test bench itself, without the module: named network namespaces,
# a veth pair, a TCP connection to port 25, and netfilter modules autoloaded
# by nft and iptables-legacy (proof that request_module works in the VM).
#
#   +------------------------+          +------------------------+
#   | ns smtp25-a            |          | ns smtp25-b            |
#   |   veth-a 10.25.0.1/24  |<-------->|   veth-b 10.25.0.2/24  |
#   |   client (socat)       |  tcp/25  |   "220" banner (socat) |
#   +------------------------+          +------------------------+
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd socat nft iptables-legacy

a=smtp25-a
b=smtp25-b
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	ns_cleanup
}
trap cleanup EXIT

ns_new "$a"
ns_new "$b"
ip link add veth-a netns "$a" type veth peer name veth-b netns "$b"
ip -n "$a" addr add 10.25.0.1/24 dev veth-a
ip -n "$b" addr add 10.25.0.2/24 dev veth-b
ip -n "$a" link set veth-a up
ip -n "$b" link set veth-b up
pass "ip netns add and a veth pair between two namespaces"

# A one-line SMTP banner on port 25, one connection per fork.
ip netns exec "$b" socat TCP-LISTEN:25,bind=10.25.0.2,reuseaddr,fork \
	SYSTEM:'echo 220 smtp25-vm ESMTP' &
server=$!
# banner: what the client in ns a reads from 10.25.0.2:25 (empty on failure).
banner() {
	ip netns exec "$a" timeout 5 socat -T 2 - TCP:10.25.0.2:25,connect-timeout=2 \
		</dev/null 2>/dev/null || true
}
for _ in $(seq 50); do
	[ -n "$(banner)" ] && break
	sleep 0.1
done
check "tcp/25 from $a to $b gets the banner" test "$(banner)" = "220 smtp25-vm ESMTP"

# nft autoloads nf_tables through request_module -> /sbin/modprobe.
ip netns exec "$a" nft add table inet t
ip netns exec "$a" nft add chain inet t out '{ type filter hook output priority 0; }'
ip netns exec "$a" nft add rule inet t out tcp dport 25 reject with tcp reset
check "nft rule dropping tcp/25 (nf_tables autoloaded)" test -z "$(banner)"
ip netns exec "$a" nft flush ruleset
check "nft flush ruleset restores tcp/25" test -n "$(banner)"

# iptables-legacy: x_tables, ip_tables, iptable_filter, xt_tcpudp autoloaded.
ip netns exec "$a" iptables-legacy -A OUTPUT -p tcp --dport 25 -j REJECT --reject-with tcp-reset
check "iptables-legacy rule dropping tcp/25 (x_tables autoloaded)" test -z "$(banner)"
ip netns exec "$a" iptables-legacy -F OUTPUT
check "iptables-legacy -F restores tcp/25" test -n "$(banner)"

kill "$server" 2>/dev/null || true
finish
