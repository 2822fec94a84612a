#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# End to end: the MAAWG recommendation "Managing Port 25 for Residential or
# Dynamic IP Space" (practices 3, 5 and 6) on an ISP's router, with real
# SMTP dialogues (swaks as the client, tests/vm/e2e/maawg.py as the servers),
# over IPv4 and IPv6, with the rules installed in turn by iptables-legacy
# (+ ip6tables-legacy), iptables-nft (+ ip6tables-nft) and the nft policy
# library ("policy apply" with outside = up0: smtp25ctl's once it has the
# command, the library's test driver s25-policy-test until then). Each mode
# starts from fresh pools and checks the same story:
#
#  phase 1  residential -> MX:25 refused (a TCP reset: swaks cannot connect)
#           residential -> submission:587 delivers; the submission server
#             (a relay) passes the message on to the MX over port 25
#           premium customer's server (a relay /32, /128 inside dynamic
#             space) -> MX:25 delivers
#           practice 6: a SYN-ACK from MX port 25 arriving on up0 for the
#             residential host is dropped; the same for the relay arrives
#  phase 2  no rule touched: the premium server is moved from the relay
#           pool into the quarantine pool (prefix del, prefix add), and the
#           dynamic pool is replaced (pool load) by a list without the
#           residential subnet (now a static line)
#           premium -> MX:25 refused, residential -> MX:25 delivers;
#           practice 6 now drops for the premium server, not the residential
#  then     the MX saw exactly the connections and messages it should; the
#           rule counters and the pools' packet counters equal the
#           connections and probes the test made (tallied as it goes)
#
#  residential host (ns m40-res)                     remote MX (ns m40-mx), "the Internet"
#  eth0 198.51.100.10/25, 2001:db8:100:1::10/64      eth0 203.0.113.25/24, 2001:db8:203::25/64
#    |                                               SMTP on 25, logs every connection and
#    |                                               message; sends the practice 6 probes
#    |    +--------------------------------------+     |
#    +----| cust0 198.51.100.1/25                |     |
#         |       2001:db8:100:1::1/64           |     |
#         |                                      |     |
#         |   router (ns m40-r): forwarding,     | up0 |
#         |   the pools, the rules on FORWARD    |-----+
#         |                                      | 203.0.113.1/24
#    +----| cust1 198.51.100.129/25              | 2001:db8:203::1/64
#    |    |       2001:db8:100:2::1/64           |
#    |    |            svc0 192.0.2.1/24         |
#    |    |                 2001:db8:192::1/64   |
#    |    +-----------------+--------------------+
#    |                      |
#  premium customer's       ISP submission server (ns m40-sub)
#  mail server              eth0 192.0.2.87/24, 2001:db8:192::87/64
#  (ns m40-prem)            SMTP on 587, relays each message to MX:25
#  eth0 198.51.100.200/25, 2001:db8:100:2::25/64
#
#  pools in m40-r:  dsl      dynamic     198.51.100.0/24  2001:db8:100::/48
#                   relays   relay       198.51.100.200/32 2001:db8:100:2::25/128
#                                        192.0.2.87/32     2001:db8:192::87/128
#                   infected quarantine  (empty until phase 2)
#
# The iptables rules (the same for ip6tables):
#   -A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
#   -A FORWARD -p tcp --dport 25 --syn -m smtp25 --src-type dynamic,quarantine
#              -j REJECT --reject-with tcp-reset                  (MAAWG 5)
#   -A FORWARD -i up0 -p tcp --sport 25 -m smtp25 --dst-type dynamic,quarantine
#              -j DROP                                            (MAAWG 6)
# Placed so that the smtp25 match sees only what it must: the SYN of each new
# connection to port 25 (one lookup of its source) and segments from port 25
# that belong to no connection (one lookup of their destination). The
# policy's MAAWG 6 rule is stateless: there the replies the MX sends to the
# relays are looked up too; an observer table (inet m40obs, before the
# policy's chain) counts them, and the relay pool's expected count adds them.
# The policy (account and limits on, the defaults) tests relays first, so a
# SYN it refuses is looked up twice, a relay's once.
set -eu
export LC_ALL=C
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd swaks python3 jq unshare
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
ctl=$repo/build/tools/smtp25ctl
[ -x "$ctl" ] || skip "$ctl missing: run 'make -C tools' first"
# Not use_build_plugin: without the plugin the iptables modes skip, the
# policy mode runs.
prefer_build_plugin

res=m40-res prem=m40-prem sub=m40-sub mx=m40-mx r=m40-r
RES4=198.51.100.10 RES6=2001:db8:100:1::10
PREM4=198.51.100.200 PREM6=2001:db8:100:2::25
SUB4=192.0.2.87 SUB6=2001:db8:192::87
MX4=203.0.113.25 MX6=2001:db8:203::25

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	[ -z "${H_PID:-}" ] || kill "$H_PID" 2>/dev/null
	wait 2>/dev/null
	ns_cleanup
	unload >/dev/null
	true
}
# unload: smtp25_unload, once rules in deleted namespaces (an early exit)
# have let go of the module: netns teardown runs in the background.
unload() {
	local n
	smtp25_loaded || return 0
	for n in $(seq 50); do
		[ "$(cat /sys/module/smtp25/refcnt 2>/dev/null)" = 0 ] && break
		sleep 0.1
	done
	smtp25_unload
}
trap cleanup EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load

# The servers, sniffers and the spoofer: one python process for the whole
# test (it starts while the namespaces are built). ask CMD... sets $ans.
coproc H { exec python3 "$vm/e2e/maawg.py"; }
ask() {
	echo "$*" >&"${H[1]}"
	IFS= read -r -t 60 ans <&"${H[0]}" || ans="error: no answer from maawg.py"
}

# --- topology --------------------------------------------------------------------
for n in $res $prem $sub $mx $r; do ns_new "$n"; done
ip -b - <<EOF
link add cust0 netns $r type veth peer name eth0 netns $res
link add cust1 netns $r type veth peer name eth0 netns $prem
link add svc0 netns $r type veth peer name eth0 netns $sub
link add up0 netns $r type veth peer name eth0 netns $mx
EOF
# hostnet NS ADDR4/LEN GW4 ADDR6/LEN GW6
hostnet() {
	ip -n "$1" -b - <<-EOF
	addr add $2 dev eth0
	addr add $4 dev eth0 nodad
	link set eth0 up
	route add default via $3
	route add ::/0 via $5
	EOF
}
hostnet $res $RES4/25 198.51.100.1 $RES6/64 2001:db8:100:1::1
hostnet $prem $PREM4/25 198.51.100.129 $PREM6/64 2001:db8:100:2::1
hostnet $sub $SUB4/24 192.0.2.1 $SUB6/64 2001:db8:192::1
hostnet $mx $MX4/24 203.0.113.1 $MX6/64 2001:db8:203::1
ip -n $r -b - <<EOF
addr add 198.51.100.1/25 dev cust0
addr add 2001:db8:100:1::1/64 dev cust0 nodad
addr add 198.51.100.129/25 dev cust1
addr add 2001:db8:100:2::1/64 dev cust1 nodad
addr add 192.0.2.1/24 dev svc0
addr add 2001:db8:192::1/64 dev svc0 nodad
addr add 203.0.113.1/24 dev up0
addr add 2001:db8:203::1/64 dev up0 nodad
link set cust0 up
link set cust1 up
link set svc0 up
link set up0 up
EOF
ip netns exec $r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1

IFS= read -r -t 60 ans <&"${H[0]}" || ans="no answer"
[ "$ans" = ready ] || { fail "maawg.py did not start: $ans"; finish; }
# setup CMD...: a helper command that must answer ok
setup() {
	ask "$@"
	[ "$ans" = ok ] || { fail "maawg.py $*: $ans"; finish; }
}
setup netns $mx
setup smtp mx $MX4 25
setup smtp mx $MX6 25
setup raw
setup netns $sub
setup smtp submit $SUB4 587 $MX4
setup smtp submit $SUB6 587 $MX6
setup netns $res
setup sniff res eth0
setup netns $prem
setup sniff prem eth0

# Without rules or pools every path works (and neighbours are resolved).
# reach NS SRC DST PORT
reach() {
	ask netns "$1"
	for _ in $(seq 50); do
		ask tcp "$2" "$3" "$4"
		[ "$ans" = ok ] && return 0
		sleep 0.1
	done
	fail "no policy yet: $2 -> $3:$4: $ans"
	finish
}
reach $res $RES4 $MX4 25
reach $res $RES6 $MX6 25
reach $res $RES4 $SUB4 587
reach $res $RES6 $SUB6 587
reach $prem $PREM4 $MX4 25
reach $prem $PREM6 $MX6 25
reach $sub $SUB4 $MX4 25
reach $sub $SUB6 $MX6 25
pass "without a policy, every host reaches the MX on 25 and the submission server on 587"
ask log mx
ask log submit

# --- what a mode does -----------------------------------------------------------

ctl() { ip netns exec $r "$ctl" "$@"; }
# expected counts: pool lookups, rule matches (per family)
declare -A want_pool want5 want6
# tally POOL FAMILY RULE: the lookups the router makes in POOL (- for none)
# for a packet of FAMILY that matches RULE (5, 6 or -): one, or
# $lookups5 for a SYN that rule 5 refuses.
tally() {
	local n=1
	[ "$3" != 5 ] || n=$lookups5
	[ "$1" = - ] || want_pool[$1]=$((${want_pool[$1]:-0} + n))
	case $3 in
	5) want5[$2]=$((${want5[$2]:-0} + 1)) ;;
	6) want6[$2]=$((${want6[$2]:-0} + 1)) ;;
	esac
}

# swaks in the background, several at once (each costs seconds of perl
# start under TCG): mail ID NS SERVER PORT; then settle checks them all.
# The address a message comes from names the check: ID@<ns>.example.
started=()
mail() {
	local id=$1 ns=$2 server=$3 port=$4
	(
		rc=0
		# swaks looks its host name up, always: "localhost" is in
		# /etc/hosts, the VM's name is not (a DNS timeout, 5 s)
		ip netns exec "$ns" unshare --uts -- \
			sh -c 'hostname localhost && exec "$@"' sh \
			swaks --server "$server" --port "$port" \
			--from "$id@$ns.example" --to postmaster@mx.example \
			--helo "$ns.example" --header "Subject: smtp25 e2e $id" \
			--timeout 30 >"$TMPDIR/$id.out" 2>&1 || rc=$?
		echo $rc >"$TMPDIR/$id.rc"
	) &
	started+=("$!")
}
# settle "ID WANT WHAT"...: wait for the swaks runs; WANT is delivered
# (swaks exit 0 after "250 queued") or refused (exit 2, connection refused:
# the router's TCP reset).
settle() {
	local c id want what rc out
	[ ${#started[@]} = 0 ] || wait "${started[@]}"
	started=()
	for c in "$@"; do
		read -r id want what <<<"$c"
		rc=$(cat "$TMPDIR/$id.rc" 2>/dev/null) || rc=none
		out=$(cat "$TMPDIR/$id.out" 2>/dev/null) || out=
		case $want in
		delivered)
			if [ "$rc" = 0 ] && grep -q '^<-  250 queued' <<<"$out"; then
				pass "$mode: $what: SMTP dialogue completed, 250 queued"
				continue
			fi
			;;
		refused)
			if [ "$rc" = 2 ] && grep -q 'connect: Connection refused' <<<"$out"; then
				pass "$mode: $what: refused (TCP reset), swaks exit 2"
				continue
			fi
			;;
		esac
		fail "$mode: $what: expected $want, swaks exit $rc"
		grep -E '^(<-|\*\*\*|===)' <<<"$out" | tail -n 8 | sed 's/^/    /'
	done
}
# probe SNIFFER SRC DST WANT WHAT: practice 6, see maawg.py probe (its raw
# sockets live in ns m40-mx, the sniffers in m40-res and m40-prem).
probe() {
	ask probe "$1" "$2" "$3"
	if [ "$ans" = "$4" ]; then
		pass "$mode: $5: $ans"
	else
		fail "$mode: $5: $ans, expected $4"
	fi
}
# saw SERVER WHAT EVENT...: the server's log since the last look is exactly
# these events (conn:PEER per connection, mail:PEER:FROM per message).
saw() {
	local server=$1 what=$2 want
	shift 2
	want=$(printf '%s\n' "$@" | sort | tr '\n' ' ')
	want=${want% }
	ask log "$server"
	if [ "$ans" = "${want:--}" ]; then
		pass "$mode: $what"
	else
		fail "$mode: $what: saw '$ans', expected '${want:--}'"
	fi
}

# where the time goes: lap NAME after each step, the list at the end of a mode
lap() {
	local now=${EPOCHREALTIME/./} d
	d=$(((now - lap_t) / 100000))
	laps+=" $1 $((d / 10)).$((d % 10))s"
	lap_t=$now
}

# rules_install, rules_save, rules_remove, rule_count: by mode
iptables_rules() {
	cat <<-EOF
	*filter
	:INPUT ACCEPT [0:0]
	:FORWARD ACCEPT [0:0]
	:OUTPUT ACCEPT [0:0]
	-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
	-A FORWARD -p tcp --dport 25 --syn -m smtp25 --src-type dynamic,quarantine -m comment --comment "MAAWG 5" -j REJECT --reject-with tcp-reset
	-A FORWARD -i up0 -p tcp --sport 25 -m smtp25 --dst-type dynamic,quarantine -m comment --comment "MAAWG 6" -j DROP
	COMMIT
	EOF
}
rules_install() {
	case $mode in
	policy)
		# counts what reaches the policy's MAAWG 6 rule for the relays
		ip netns exec $r nft -f - <<-EOF || return
		table inet m40obs {
			chain observe {
				type filter hook forward priority -10; policy accept;
				iifname "up0" tcp sport 25 tcp dport != 2526 ip daddr { $PREM4, $SUB4 } counter
				iifname "up0" tcp sport 25 tcp dport != 2526 ip6 daddr { $PREM6, $SUB6 } counter
			}
		}
		EOF
		printf '# the router'"'"'s interface to the Internet\noutside = up0\n' >"$TMPDIR/policy.conf"
		ip netns exec $r "${policy[@]}" apply "$TMPDIR/policy.conf"
		;;
	*)
		iptables_rules | ip netns exec $r "$ipt-restore" || return
		iptables_rules | ip netns exec $r "$ip6t-restore"
		;;
	esac
}
# rules_save: the router's rules, with their counters
rules_save() {
	case $mode in
	policy) ip netns exec $r nft list table inet smtp25 2>/dev/null ;;
	*)
		# iptables-nft warns on stderr that legacy tables exist (mode 1)
		ip netns exec $r "$ipt-save" -c -t filter 2>/dev/null
		ip netns exec $r "$ip6t-save" -c -t filter 2>/dev/null
		;;
	esac
}
# strip: rules without counters and comments
strip() {
	sed -e '/^#/d' -e 's/\[[0-9]*:[0-9]*\] *//g' \
		-e 's/counter packets [0-9]* bytes [0-9]*/counter/'
}
# shellcheck disable=SC2317 # called through check
rules_remove() {
	case $mode in
	policy)
		ip netns exec "$r" "${policy[@]}" remove
		ip netns exec "$r" nft delete table inet m40obs
		;;
	*)
		ip netns exec "$r" "$ipt" -F FORWARD
		ip netns exec "$r" "$ip6t" -F FORWARD
		;;
	esac
}
# rule_count SAVED RULE [FAMILY|CHAIN]: the packets "MAAWG RULE" matched
# in SAVED (what rules_save printed): for iptables, in the IPv4 or IPv6
# table (FAMILY 4 or 6); for the policy's inet table, in CHAIN (default
# forward), both families together.
rule_count() {
	case $mode in
	policy)
		awk -v chain="${3:-forward}" -v rule="comment \"MAAWG $2:" '
			$1 == "chain" { c = $2 }
			c == chain && index($0, rule) {
				sub(/.* counter packets /, ""); print $1; exit
			}' <<<"$1"
		;;
	*)
		awk -v fam="$3" -v rule="--comment \"MAAWG $2\"" '
			/^\*filter/ { n++ }
			n == (fam == 4 ? 1 : 2) && index($0, rule) {
				gsub(/[][]/, " "); split($1, c, ":"); print c[1]; exit
			}' <<<"$1"
		;;
	esac
}
# expect WHAT GOT WANTED
expect() {
	if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1: got '$2', expected $3"; fi
}

run_mode() {
	mode=$1
	local v4
	case $mode in
	policy)
		if "$ctl" -h 2>&1 | grep -q 'policy apply'; then
			policy=("$ctl" policy)
		elif [ -x "$xt_plugdir/s25-policy-test" ]; then
			policy=("$xt_plugdir/s25-policy-test")
		else
			echo "SKIP: $mode: neither smtp25ctl policy nor $xt_plugdir/s25-policy-test (make -C libnft-ext)"
			return 0
		fi
		echo "# $mode: ${policy[*]##*/} apply, remove"
		if ! command -v nft >/dev/null || ! modprobe nft_compat ||
			! modprobe nft_reject_inet; then
			echo "SKIP: $mode: nft or the nft_compat, nft_reject_inet modules missing"
			return 0
		fi
		;;
	*)
		ipt=iptables-$mode ip6t=ip6tables-$mode
		for v4 in $ipt $ip6t $ipt-restore $ip6t-restore $ipt-save $ip6t-save; do
			if ! command -v "$v4" >/dev/null; then
				echo "SKIP: $mode: $v4 not installed"
				return 0
			fi
		done
		if [ ! -f "$xt_plugdir/libxt_smtp25.so" ]; then
			echo "SKIP: $mode: $xt_plugdir/libxt_smtp25.so missing (make -C libnft-ext)"
			return 0
		fi
		mode=$ipt
		;;
	esac
	modes_run=$((modes_run + 1))
	want_pool=() want5=() want6=()
	lookups5=1
	[ "$mode" != policy ] || lookups5=2
	laps='' lap_t=${EPOCHREALTIME/./}

	# Fresh pools (fresh counters) for every mode, in one batch.
	cat >"$TMPDIR/pools" <<-EOF
	pool add dsl type dynamic comment "residential DSL, dynamic addresses"
	prefix add dsl 198.51.100.0/24 2001:db8:100::/48
	pool add relays type relay comment "the submission server, premium customers"
	prefix add relays $SUB4 $SUB6 $PREM4 $PREM6
	pool add infected type quarantine comment "infected hosts"
	EOF
	if ! out=$(ctl -b "$TMPDIR/pools" 2>&1); then
		fail "$mode: creating the pools: $out"
		return 0
	fi
	if ! out=$(rules_install 2>&1); then
		fail "$mode: installing the rules: $out"
		ctl pool del dsl; ctl pool del relays; ctl pool del infected
		return 0
	fi
	lap pools+rules
	local rules
	rules=$(rules_save | strip)
	echo "# $mode: the router's rules"
	printf '#   %s\n' "${rules//$'\n'/$'\n'#   }"
	lap show

	# --- phase 1 ---
	mail p1-res4-25 $res $MX4 25;       tally dsl 4 5
	mail p1-res6-25 $res $MX6 25;       tally dsl 6 5
	mail p1-res4-587 $res $SUB4 587;    tally relays 4 -  # the submission server's relaying
	mail p1-res6-587 $res $SUB6 587;    tally relays 6 -
	mail p1-prem4-25 $prem $MX4 25;     tally relays 4 -
	mail p1-prem6-25 $prem $MX6 25;     tally relays 6 -
	# practice 6 while the clients run (maawg.py does it in milliseconds)
	probe res $MX4 $RES4 dropped "MAAWG 6: SYN-ACK from $MX4 port 25 on up0 to residential $RES4"
	tally dsl 4 6
	probe res $MX6 $RES6 dropped "MAAWG 6: SYN-ACK from $MX6 port 25 on up0 to residential $RES6"
	tally dsl 6 6
	probe prem $MX4 $PREM4 arrived "MAAWG 6: SYN-ACK from $MX4 port 25 on up0 to relay $PREM4"
	tally relays 4 -
	probe prem $MX6 $PREM6 arrived "MAAWG 6: SYN-ACK from $MX6 port 25 on up0 to relay $PREM6"
	tally relays 6 -
	settle "p1-res4-25 refused MAAWG 5: residential $RES4 -> MX $MX4:25" \
		"p1-res6-25 refused MAAWG 5: residential $RES6 -> MX [$MX6]:25" \
		"p1-res4-587 delivered MAAWG 3: residential $RES4 -> submission $SUB4:587 (relayed to the MX)" \
		"p1-res6-587 delivered MAAWG 3: residential $RES6 -> submission [$SUB6]:587 (relayed to the MX)" \
		"p1-prem4-25 delivered MAAWG 5: relay $PREM4 (a /32 in dynamic space) -> MX $MX4:25" \
		"p1-prem6-25 delivered MAAWG 5: relay $PREM6 (a /128 in dynamic space) -> MX [$MX6]:25"
	lap "swaks+probes"
	saw mx "phase 1: the MX saw the relays' connections and messages, none from the residential host" \
		conn:$PREM4 conn:$PREM6 conn:$SUB4 conn:$SUB6 \
		mail:$PREM4:p1-prem4-25@$prem.example mail:$PREM6:p1-prem6-25@$prem.example \
		mail:$SUB4:p1-res4-587@$res.example mail:$SUB6:p1-res6-587@$res.example
	saw submit "phase 1: the submission server took the residential host's messages" \
		conn:$RES4 conn:$RES6 \
		mail:$RES4:p1-res4-587@$res.example mail:$RES6:p1-res6-587@$res.example

	# --- phase 2: pools change, rules do not ---
	check "$mode: premium server out of the relay pool (prefix del)" \
		ctl prefix del relays $PREM4/32 $PREM6/128
	check "$mode: premium server into the quarantine pool (prefix add)" \
		ctl prefix add infected $PREM4/32 $PREM6/128
	printf '# dynamic space without 198.51.100.0/25, 2001:db8:100:1::/64 (now static)\n198.51.100.128/25\n2001:db8:100:2::/64\n' \
		>"$TMPDIR/dsl.txt"
	out=$(ctl pool load dsl "$TMPDIR/dsl.txt" 2>&1) || true
	expect "$mode: pool load dsl without the residential subnet" "$out" \
		"pool dsl: 2 prefixes loaded (was 2)"
	out=$(ctl -j lookup $RES4 $RES6 $PREM4 $PREM6 | jq -r '[.[] | .type // "none"] | join(" ")')
	expect "$mode: lookup: residential, residential, premium, premium" "$out" \
		"none none quarantine quarantine"
	lap ctl
	mail p2-prem4-25 $prem $MX4 25;     tally infected 4 5
	mail p2-prem6-25 $prem $MX6 25;     tally infected 6 5
	mail p2-res4-25 $res $MX4 25;       tally - 4 -
	mail p2-res6-25 $res $MX6 25;       tally - 6 -
	probe prem $MX4 $PREM4 dropped "MAAWG 6: SYN-ACK from port 25 to quarantined $PREM4"
	tally infected 4 6
	probe prem $MX6 $PREM6 dropped "MAAWG 6: SYN-ACK from port 25 to quarantined $PREM6"
	tally infected 6 6
	probe res $MX4 $RES4 arrived "MAAWG 6: SYN-ACK from port 25 to $RES4 (no longer dynamic)"
	tally - 4 -
	probe res $MX6 $RES6 arrived "MAAWG 6: SYN-ACK from port 25 to $RES6 (no longer dynamic)"
	tally - 6 -
	settle "p2-prem4-25 refused MAAWG 5: quarantined $PREM4 -> MX $MX4:25" \
		"p2-prem6-25 refused MAAWG 5: quarantined $PREM6 -> MX [$MX6]:25" \
		"p2-res4-25 delivered after pool load: $RES4 (no longer dynamic) -> MX $MX4:25" \
		"p2-res6-25 delivered after pool load: $RES6 (no longer dynamic) -> MX [$MX6]:25"
	lap "swaks+probes"
	saw mx "phase 2: the MX saw the (now static) residential host, not the quarantined server" \
		conn:$RES4 conn:$RES6 \
		mail:$RES4:p2-res4-25@$res.example mail:$RES6:p2-res6-25@$res.example
	local saved
	saved=$(rules_save) || true
	check "$mode: the pool changes left the rules as they were" \
		test "$(strip <<<"$saved")" = "$rules"

	# --- counters: exactly the connections and probes above ---
	case $mode in
	policy)
		expect "$mode: rule MAAWG 5 (forward) counted the refused SYNs" \
			"$(rule_count "$saved" 5)" $((want5[4] + want5[6]))
		expect "$mode: rule MAAWG 6 counted the dropped probes" \
			"$(rule_count "$saved" 6)" $((want6[4] + want6[6]))
		expect "$mode: rule MAAWG 5 (output) counted nothing" \
			"$(rule_count "$saved" 5 output)" 0
		# the MX's replies to the relays, looked up by the stateless MAAWG 6 rule
		local replies
		replies=$(ip netns exec $r nft list table inet m40obs |
			sed -n 's/.* counter packets \([0-9]*\) .*/\1/p' | awk '{ n += $1 } END { print n + 0 }')
		echo "# $mode: $replies segments from MX port 25 to the relays went through the MAAWG 6 rule"
		want_pool[relays]=$((want_pool[relays] + replies))
		;;
	*)
		for v4 in 4 6; do
			expect "$mode: IPv$v4 rule MAAWG 5 counted the refused SYNs" \
				"$(rule_count "$saved" 5 $v4)" "${want5[$v4]}"
			expect "$mode: IPv$v4 rule MAAWG 6 counted the dropped probes" \
				"$(rule_count "$saved" 6 $v4)" "${want6[$v4]}"
		done
		;;
	esac
	local list pool got src=pool-list stats
	list=$(ctl -j pool list) || true
	if ! jq -e 'all(.[]; has("packets"))' <<<"$list" >/dev/null; then
		# not (yet) in smtp25ctl: read SMTP25_A_PACKETS directly
		src=genl
		[ -n "${noted:-}" ] ||
			echo "# smtp25ctl -j pool list has no packets member; reading SMTP25_A_PACKETS over genl"
		noted=1
	fi
	for pool in dsl relays infected; do
		if [ $src = genl ]; then
			ask netns $r
			ask packets $pool
			got=$ans
		else
			got=$(jq -r --arg p $pool '.[] | select(.name == $p) | .packets' <<<"$list")
		fi
		expect "$mode: pool $pool packets ($src)" "$got" "${want_pool[$pool]:-0}"
	done
	stats=$(ctl -j stats) || true
	for pool in dsl relays infected; do
		expect "$mode: smtp25ctl stats: pool $pool packets" \
			"$(jq -r --arg p $pool '.packets[$p]' <<<"$stats")" \
			"${want_pool[$pool]:-0}"
	done

	lap counters
	check "$mode: rules removed" rules_remove
	check "$mode: pools deleted" ctl -b - <<-EOF
	pool del dsl
	pool del relays
	pool del infected
	EOF
	lap teardown
	echo "# $mode:$laps"
}

modes_run=0
t0=$SECONDS
for m in legacy nft policy; do
	run_mode $m
done
echo "# setup ${t0}s, the three modes $((SECONDS - t0))s"

kill "$H_PID" 2>/dev/null || true
wait 2>/dev/null || true
H_PID=
ns_cleanup
if msg=$(unload); then pass "unload; $msg"; else fail "unload: $msg"; fi
[ "$modes_run" -gt 0 ] || skip "no mode could run"
finish
