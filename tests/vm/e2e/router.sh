# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A small ISP for tests/vm/tests/53-zombie.sh and the demonstration
# (tests/vm/demo/maawg.sh), sourced after tests/vm/lib.sh:
#
#  customers (ns m53-c)              router (ns m53-r)            the Internet (ns m53-n)
#  198.51.100.10  residential  --cust0--  policy, pools  --up0--  203.0.113.25 MX
#  198.51.100.66  zombie                  forwarding              203.0.113.101-112 other MXs
#  198.51.100.200 premium relay     |                             (SMTP on 25)
#                                 svc0
#                                   |
#                     submission server (ns m53-s) 192.0.2.87:587, relays to the MX
#
# router_up builds it and starts the SMTP servers (tests/vm/e2e/maawg.py,
# one helper process: ask CMD... sets $ans); router_cleanup tears it down.
# Needs $vm (tests/vm) and $repo.
: "${vm:?}" "${repo:?}"

c=m53-c r=m53-r s=m53-s n=m53-n
RES=198.51.100.10 ZOMBIE=198.51.100.66 PREM=198.51.100.200
SUB=192.0.2.87 MX=203.0.113.25
ctlbin=$repo/build/tools/smtp25ctl
# the policy (smtp25ctl's) needs no plugin: no skip without it
prefer_build_plugin

ask() {
	echo "$*" >&"${H[1]}"
	IFS= read -r -t 60 ans <&"${H[0]}" || ans="error: no answer from maawg.py"
}
# setup CMD...: a maawg.py command that must answer ok
setup() {
	ask "$@"
	[ "$ans" = ok ] || { fail "maawg.py $*: $ans"; finish; }
}
# smtp25ctl on the router
ctl() { ip netns exec $r "$ctlbin" "$@"; }
# mailto ID SERVER PORT: a message from the residential host, with swaks
# (which looks its own host name up: "localhost" avoids a DNS timeout)
mailto() {
	ip netns exec $c unshare --uts -- sh -c 'hostname localhost && exec "$@"' sh \
		swaks --server "$2" --port "$3" --local-interface $RES \
		--from "$1@res.example" --to postmaster@mx.example \
		--timeout 30 >"$TMPDIR/$1.out" 2>&1
}
# pool_of ADDR: the pool the router finds for ADDR ("null": none)
pool_of() { ctl -j lookup "$1" | jq -r '.[0].pool'; }
# wait_pool ADDR POOL SECONDS: until ADDR is in POOL
wait_pool() {
	local i
	for i in $(seq $(($3 * 10))); do
		[ "$(pool_of "$1")" = "$2" ] && return 0
		sleep 0.1
		: "$i"
	done
	return 1
}

router_up() {
	local x i

	coproc H { exec python3 "$vm/e2e/maawg.py"; }
	for x in $c $r $s $n; do ns_new "$x"; done
	ip link add cust0 netns $r type veth peer name eth0 netns $c
	ip link add svc0 netns $r type veth peer name eth0 netns $s
	ip link add up0 netns $r type veth peer name eth0 netns $n
	for x in $RES $ZOMBIE $PREM; do ip -n $c addr add "$x/24" dev eth0; done
	ip -n $c link set eth0 up
	ip -n $c route add default via 198.51.100.1
	ip -n $s addr add $SUB/24 dev eth0
	ip -n $s link set eth0 up
	ip -n $s route add default via 192.0.2.1
	ip -n $n addr add $MX/24 dev eth0
	for i in $(seq 101 112); do ip -n $n addr add "203.0.113.$i/24" dev eth0; done
	ip -n $n link set eth0 up
	ip -n $n route add default via 203.0.113.1
	ip -n $r addr add 198.51.100.1/24 dev cust0
	ip -n $r addr add 192.0.2.1/24 dev svc0
	ip -n $r addr add 203.0.113.1/24 dev up0
	for x in cust0 svc0 up0; do ip -n $r link set $x up; done
	ip netns exec $r sysctl -qw net.ipv4.ip_forward=1

	IFS= read -r -t 60 ans <&"${H[0]}" || ans="no answer"
	[ "$ans" = ready ] || { fail "maawg.py did not start: $ans"; finish; }
	setup netns $n
	setup smtp mx $MX 25
	for i in $(seq 101 112); do setup smtp "mx$i" "203.0.113.$i" 25; done
	setup netns $s
	setup smtp submit $SUB 587 $MX
	setup netns $c
	for i in $(seq 50); do
		ask tcp $RES $MX 25
		[ "$ans" = ok ] && break
		sleep 0.1
	done
	ask log mx
}

router_cleanup() {
	[ -z "${H_PID:-}" ] || kill "$H_PID" 2>/dev/null
	wait 2>/dev/null
	ns_cleanup
	smtp25_loaded && smtp25_unload >/dev/null
	true
}

# zombie_attempts FROM TO: the zombie tries port 25 on 203.0.113.FROM..TO;
# each must be refused.
zombie_attempts() {
	local i
	for i in $(seq "$1" "$2"); do
		ask tcp $ZOMBIE "203.0.113.$i" 25
		[ "$ans" = refused ] || fail "zombie -> 203.0.113.$i:25: $ans"
	done
}
