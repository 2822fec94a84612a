#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Pool replaces racing lookups on the packet path (two vCPUs): UDP to
# random addresses in 127.1.0.0/16 must always be accepted by
#   -A OUTPUT -p udp --dport 9 -m smtp25 --dst-pool dyn -j ACCEPT
#   -A OUTPUT -p udp --dport 9 -j DROP
# while the pool dyn is replaced back and forth between two prefix sets
# that both cover the /16. One drop means a lookup saw a half-loaded pool.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
need_cmd python3 iptables-legacy
use_build_plugin
[ "$(nproc)" -ge 2 ] || skip "needs two CPUs to race"

# shellcheck disable=SC2119 # no module parameters
smtp25_load
cleanup() {
	iptables-legacy -F OUTPUT 2>/dev/null
	smtp25_loaded && smtp25_unload >/dev/null
	true
}
trap cleanup EXIT
iptables-legacy -A OUTPUT -p udp --dport 9 -m smtp25 --dst-pool dyn -j ACCEPT
iptables-legacy -A OUTPUT -p udp --dport 9 -j DROP
PYTHONPATH=$(dirname "$0")/../py python3 "$(dirname "$0")/../py/test_replace_race.py"
