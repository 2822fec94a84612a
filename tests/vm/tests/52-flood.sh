#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A million spoofed sources against the host table (checks in
# tests/vm/py/test_flood.py). The SYNs come from s25flood in ns smtp25-a
# over a veth into ns smtp25-b, whose INPUT chain records them in softirq
# context, as a router's forward path would:
#   -p tcp --dport 25 --syn -m smtp25 --src-type dynamic,quarantine
#       --record blocked -j DROP
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd iptables-legacy python3
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
flood=$repo/build/vm-tools/s25flood
use_build_plugin
[ -x "$flood" ] || skip "$flood missing: run 'make vm-tools' first"
max_hosts=20000
count=${SMTP25_FLOOD_COUNT:-1000000}

a=smtp25-a
b=smtp25-b
trap ns_test_exit EXIT

smtp25_load max_hosts=$max_hosts
flood_pair "$a" "$b"
# Made-up sources have no route back: answer nothing, drop in INPUT.
ip netns exec "$b" iptables-legacy -A INPUT -p tcp --dport 25 --syn \
	-m smtp25 --src-type dynamic,quarantine --record blocked -j DROP
PYTHONPATH=$vm/py ip netns exec "$b" python3 "$vm/py/test_flood.py" \
	"$flood" "$max_hosts" "$count" || fail "flood (see above)"
drops=$(ip netns exec "$b" iptables-legacy -nvxL INPUT | awk '/smtp25/ {print $1}')
echo "# rule saw $drops packets"
check "the rule saw every SYN" [ "$drops" -eq $((count + 3)) ]
finish
