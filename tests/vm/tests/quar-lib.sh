# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the quarantine tests that catch an offender on real
# connections (54, 56), sourced after ../lib.sh and ctl-lib.sh with $ns
# (the namespace) and $H (the offender, 10.25.0.10) set.
: "${ns:?set by the test}" "${H:?set by the test}"

qctl() { ip netns exec "$ns" "$CTL" "$@"; }
# py CODE JSON: CODE, with the parsed JSON as j, must not raise.
# shellcheck disable=SC2317 # these run through check, ok and run
py() { /usr/bin/python3 -c "import json, sys, time; j = json.loads(sys.argv[1]); $1" "$2"; }

# quar_setup: namespace $ns, the offender $H and the MX 10.25.1.1 on a
# dummy, and the rule that records their port-25 SYNs as blocked.
# shellcheck disable=SC2317
quar_setup() {
	ns_new "$ns"
	ip -n "$ns" link add d0 type dummy &&
		ip -n "$ns" addr add "$H/24" dev d0 &&
		ip -n "$ns" addr add 10.25.1.1/24 dev d0 &&
		ip -n "$ns" link set d0 up &&
		ip netns exec "$ns" iptables-legacy -A OUTPUT -p tcp --dport 25 --syn \
			-m smtp25 --src-type dynamic,quarantine --record blocked \
			-j REJECT --reject-with tcp-reset
}

# attempts N: N port-25 connections from the offender to the MX.
attempts() {
	ip netns exec "$ns" /usr/bin/python3 -c '
import socket, sys
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.settimeout(2)
    s.bind((sys.argv[2], 0))
    try:
        s.connect(("10.25.1.1", 25))
    except OSError:
        pass
    s.close()' "$1" "$H"
}

# pool_is ADDR POOL SECONDS: ADDR looks up in POOL within SECONDS.
# shellcheck disable=SC2317
pool_is() {
	local i
	for i in $(seq $(($3 * 5))); do
		[ "$(qctl -j lookup "$1" | jq -r '.[0].pool // "none"')" = "$2" ] && return 0
		sleep 0.2
		: "$i"
	done
	return 1
}
