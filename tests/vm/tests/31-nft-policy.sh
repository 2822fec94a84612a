#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The nft policy (libnft-ext/policy.h, driven by s25-policy-test) on a
# router between customers and the Internet: table inet smtp25, whose
# rules use the xt match through nft_compat, checked with real packets
# over IPv4 and IPv6 (this is also the proof that an xt match works in an
# inet table). With the defaults (account, limits) every SYN to port 25
# from the ISP's space is recorded in the host table, a relay over its
# pool's limits is refused, and a SYN from outside with a customer's
# address is neither. Then: re-applying is idempotent and, under traffic,
# never lets a SYN through; a new config (account = no, limits = no: the
# revision-0 table) replaces the old one in one step, a broken config
# changes nothing, remove leaves nothing and can be repeated.
#
#  ns smtp25-c (customers)       ns smtp25-r (router, pools, policy)      ns smtp25-s
#  veth-c 10.25.1.10 dyn     <-> veth-r 10.25.1.1 (in dyn!)   up0 <->  veth-s 192.0.2.25
#         10.25.1.5  relay         2001:db8:1::1               192.0.2.1       2001:db8:ff::25
#         10.25.1.20 quarantine                                2001:db8:ff::1  listen on 25,
#         2001:db8:1::10 dyn     pools: dyn 10.25.1.0/24 2001:db8:1::/64        465, 587;
#         2001:db8:1::5  relay     relays 10.25.1.5/32 2001:db8:1::5/128        .26 and ::26
#  listens on 2525                 quar 10.25.1.20/32                           send from
#  (practice 6 target)           policy.conf: outside = up0                     port 25;
#                                                                               10.25.1.99
#                                                                               (spoofed)
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd nft python3
vm=$(cd "$(dirname "$0")/.." && pwd -P)
# nft needs the plugin to show the match (without it 1.0.6 prints
# "XT match smtp25 not found" in its place).
use_build_plugin
[ -x "$xt_plugdir/s25-policy-test" ] ||
	skip "$xt_plugdir/s25-policy-test missing: run 'make -C libnft-ext' first"
s25net=(python3 "$vm/py/s25net.py")

c=smtp25-c r=smtp25-r s=smtp25-s
trap ns_test_exit EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
need_modules nf_tables nft_compat nft_reject_inet

ns_new $c
ns_new $r
ns_new $s
ip link add veth-c netns $c type veth peer name veth-r netns $r
ip link add veth-s netns $s type veth peer name up0 netns $r
ip -n $c addr add 10.25.1.10/24 dev veth-c
ip -n $c addr add 10.25.1.5/24 dev veth-c
ip -n $c addr add 10.25.1.20/24 dev veth-c
ip -n $c addr add 2001:db8:1::10/64 dev veth-c nodad
ip -n $c addr add 2001:db8:1::5/64 dev veth-c nodad
ip -n $r addr add 10.25.1.1/24 dev veth-r
ip -n $r addr add 2001:db8:1::1/64 dev veth-r nodad
ip -n $r addr add 192.0.2.1/24 dev up0
ip -n $r addr add 2001:db8:ff::1/64 dev up0 nodad
ip -n $s addr add 192.0.2.25/24 dev veth-s
ip -n $s addr add 192.0.2.26/24 dev veth-s
ip -n $s addr add 2001:db8:ff::25/64 dev veth-s nodad
ip -n $s addr add 2001:db8:ff::26/64 dev veth-s nodad
for l in "$c veth-c" "$r veth-r" "$r up0" "$s veth-s"; do
	# shellcheck disable=SC2086 # "ns dev"
	set -- $l
	ip -n "$1" link set "$2" up
done
ip -n $c route add default via 10.25.1.1
ip -n $c -6 route add default via 2001:db8:1::1
ip -n $s route add default via 192.0.2.1
ip -n $s -6 route add default via 2001:db8:ff::1
ip netns exec $r sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
# The spoofed source from outside must reach the policy, not rp_filter.
ip netns exec $r sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.up0.rp_filter=0
ip -n $s addr add 10.25.1.99/32 dev veth-s
ip netns exec $r "${s25net[@]}" pool dyn dynamic 10.25.1.0/24 2001:db8:1::/64
ip netns exec $r "${s25net[@]}" pool relays relay 10.25.1.5/32 2001:db8:1::5/128
ip netns exec $r "${s25net[@]}" pool quar quarantine 10.25.1.20/32
# .25 listens; .26 sends from port 25 (a listener on port 25 would keep
# its own address from binding that port).
ip netns exec $s "${s25net[@]}" serve 192.0.2.25,2001:db8:ff::25 25 465 587 &
ip netns exec $c "${s25net[@]}" serve '*' 2525 &

# One helper answers everything, moving between namespaces: ask CMD...
# sets $ans.
coproc NET { "${s25net[@]}" repl; }
bg_pid=$NET_PID
ask() {
	echo "$*" >&"${NET[1]}"
	IFS= read -r ans <&"${NET[0]}"
}
# expect WHAT WANTED NS SRC DST PORT [SPORT]: a connection's outcome.
expect() {
	local what=$1 want=$2 ns=$3
	shift 3
	ask netns "$ns"
	ask connect "$@"
	if [ "$ans" = "$want" ]; then pass "$what: $ans"; else fail "$what: $ans, expected $want"; fi
}
policy() { ip netns exec $r "$xt_plugdir/s25-policy-test" "$@"; }
# nft's stderr notes (see the first listing) would only clutter the log.
listing() { ip netns exec $r nft list ruleset 2>/dev/null; }
# counter CHAIN COMMENT-START: the packets counted by that rule ("MAAWG 5:"
# the refusal, "MAAWG 5 exception" the relays' rule).
counter() {
	ip netns exec $r nft list chain inet smtp25 "$1" 2>/dev/null |
		sed -n "/comment \"$2/s/.* counter packets \([0-9]*\) .*/\1/p" | head -n1
}

for _ in $(seq 50); do
	ask netns $c
	ask connect 10.25.1.10 192.0.2.25 25
	[ "$ans" = ok ] && break
	sleep 0.1
done
expect "no policy: dynamic to tcp/25" ok $c 10.25.1.10 192.0.2.25 25

# --- apply --------------------------------------------------------------------
conf=$TMPDIR/policy.conf
cat >"$conf" <<'EOF'
# interfaces facing the Internet
outside = up0
reject = tcp-reset
EOF
check "apply" policy apply "$conf"
text=$(listing)
printf '    nft: %s\n' "${text//$'\n'/$'\n'    nft: }"
# What nft 1.0.6 says on stderr about such a table.
ip netns exec $r nft list ruleset 2>&1 >/dev/null | sort | uniq -c | sed 's/^/    nft stderr: /'
# shellcheck disable=SC2317 # called through check
has() { grep -qF -- "$1" <<<"$text"; }
check "one table: table inet smtp25" test "$(grep -c '^table ' <<<"$text")" = 1 -a \
	"$(grep '^table ' <<<"$text")" = "table inet smtp25 {"
check "the table says who owns it" has 'comment "MAAWG port 25 policy: smtp25ctl policy apply"'
check "chain forward hooks forward" has 'type filter hook forward priority filter; policy accept;'
check "chain output hooks output" has 'type filter hook output priority filter; policy accept;'
check "MAAWG 5 relays' rule, readable" \
	has 'tcp dport 25 tcp flags syn / fin,syn,rst,ack iifname != "up0" xt match smtp25 counter packets 0 bytes 0 accept comment "MAAWG 5 exception: relays within their limits pass, recorded allowed"'
check "MAAWG 5 rule, readable" \
	has 'tcp dport 25 tcp flags syn / fin,syn,rst,ack iifname != "up0" xt match smtp25 counter packets 0 bytes 0 reject with tcp reset comment "MAAWG 5: no SMTP from dynamic or quarantined sources, nor from relays over their limits; recorded blocked"'
check "chain output: the same without iifname" \
	has 'tcp dport 25 tcp flags syn / fin,syn,rst,ack xt match smtp25 counter packets 0 bytes 0 reject with tcp reset comment "MAAWG 5: no SMTP'
check "MAAWG 5 rules in both chains" test "$(grep -c 'MAAWG 5: ' <<<"$text")" = 2 -a \
	"$(grep -c 'MAAWG 5 exception: ' <<<"$text")" = 2
check "MAAWG 6 rule, readable" \
	has 'iifname "up0" tcp sport 25 xt match smtp25 counter packets 0 bytes 0 drop comment "MAAWG 6: no SMTP replies from outside into dynamic space"'
if grep -qE '587|465' <<<"$text"; then fail "the policy mentions 587 or 465"; else pass "nothing about 587 or 465"; fi
# Revision 1 where the rule records or limits, revision 0 elsewhere.
debug=$(ip netns exec $r nft --debug=netlink list table inet smtp25 2>&1 || true)
check "4 practice 5 rules with the match's revision 1, practice 6 with 0" \
	test "$(grep -c '\[ match name smtp25 rev 1 \]' <<<"$debug")" = 4 -a \
	"$(grep -c '\[ match name smtp25 rev 0 \]' <<<"$debug")" = 1

# nft cannot read its own listing of an xt match back (documented).
listing >"$TMPDIR/listing.nft"
if out=$(ip netns exec $r nft -c -f "$TMPDIR/listing.nft" 2>&1); then
	fail "nft -f accepted the listing; update smtp25-policy.conf(5)"
else
	pass "nft -f refuses the listing, as documented: $(grep -m1 -i xt <<<"$out")"
fi

# --- packets through the inet table --------------------------------------------
expect "MAAWG 5: dynamic 10.25.1.10 to tcp/25" refused $c 10.25.1.10 192.0.2.25 25
expect "MAAWG 5: quarantined 10.25.1.20 to tcp/25" refused $c 10.25.1.20 192.0.2.25 25
expect "relay 10.25.1.5 (a /32 in dynamic space) to tcp/25" ok $c 10.25.1.5 192.0.2.25 25
expect "MAAWG 3: dynamic to tcp/587" ok $c 10.25.1.10 192.0.2.25 587
expect "dynamic to tcp/465" ok $c 10.25.1.10 192.0.2.25 465
expect "MAAWG 5: dynamic 2001:db8:1::10 to tcp/25" refused $c 2001:db8:1::10 2001:db8:ff::25 25
expect "relay 2001:db8:1::5 to tcp/25" ok $c 2001:db8:1::5 2001:db8:ff::25 25
expect "IPv6 dynamic to tcp/587" ok $c 2001:db8:1::10 2001:db8:ff::25 587
expect "output chain: the router's 10.25.1.1 (in dyn) to tcp/25" refused $r 10.25.1.1 192.0.2.25 25
expect "output chain: the router's 192.0.2.1 (no pool) to tcp/25" ok $r 192.0.2.1 192.0.2.25 25
expect "MAAWG 6: sport 25 on up0 into dynamic 10.25.1.10" timeout $s 192.0.2.26 10.25.1.10 2525 25
expect "the same from sport 2526" ok $s 192.0.2.26 10.25.1.10 2525 2526
expect "sport 25 on up0 to the relay 10.25.1.5" ok $s 192.0.2.26 10.25.1.5 2525 25
expect "MAAWG 6: sport 25 on up0 into dynamic 2001:db8:1::10" timeout $s 2001:db8:ff::26 2001:db8:1::10 2525 25
expect "sport 25 on up0 to the relay 2001:db8:1::5" ok $s 2001:db8:ff::26 2001:db8:1::5 2525 25
n5=$(counter forward "MAAWG 5:") n6=$(counter forward "MAAWG 6") no=$(counter output "MAAWG 5:")
nr=$(counter forward "MAAWG 5 exception") nro=$(counter output "MAAWG 5 exception")
check "forward MAAWG 5 counter counts the 3 refused SYNs ($n5)" test "${n5:-0}" -eq 3
check "forward relays' counter counts the 2 relays' SYNs ($nr)" test "${nr:-0}" -eq 2
check "output MAAWG 5 counter counts the router's refused SYN ($no)" test "${no:-0}" -eq 1
check "output relays' counter counts nothing ($nro)" test "${nro:-1}" -eq 0
# Each dropped SYN is sent again while the client waits.
check "MAAWG 6 counter counts the dropped segments ($n6)" test "${n6:-0}" -ge 2
ask netns $r
ask packets dyn
check "pool dyn counted lookups ($ans)" test "$ans" -ge 4

# --- accounting: each SYN to port 25 from the ISP's space, once ------------------
# recorded ADDR WANT: the host's entry in the namespace of the router.
recorded() {
	ask netns $r
	ask host "$1"
	if [ "$ans" = "$2" ]; then pass "recorded $1: $ans"; else fail "recorded $1: $ans, expected $2"; fi
}
recorded 10.25.1.10 "blocked=1 allowed=0 over=0"
recorded 10.25.1.20 "blocked=1 allowed=0 over=0"
recorded 10.25.1.5 "blocked=0 allowed=1 over=0"
recorded 2001:db8:1::10 "blocked=1 allowed=0 over=0"
recorded 2001:db8:1::5 "blocked=0 allowed=1 over=0"
recorded 10.25.1.1 "blocked=1 allowed=0 over=0"
recorded 192.0.2.1 none
# A SYN from the Internet with a customer's address: not the ISP's space.
# (The client times out either way: the answer goes to the customer side.)
expect "spoofed 10.25.1.99 (in dyn) from outside to tcp/25" timeout $s 10.25.1.99 10.25.1.10 25
recorded 10.25.1.99 none
n=$(counter forward "MAAWG 5:")
check "nor refused by the MAAWG 5 rule ($n)" test "${n:-0}" -eq "$n5"

# --- limits: a relay over them is refused and recorded blocked --------------------
# attempts NS SRC DST N: adds the outcomes of N connections to port 25, in
# order, to $got.
attempts() {
	ask netns "$1"
	for _ in $(seq "$4"); do
		ask connect "$2" "$3" 25
		got+="${got:+ }$ans"
	done
}
# within_then_over OUTCOMES MAX: at most MAX ok, then only refused, at least one.
# shellcheck disable=SC2317 # called through check
within_then_over() {
	[[ "$1 " =~ ^(ok\ ){0,$2}(refused\ )+$ ]]
}
ask netns $r
ask limit relays 2 0
got=
attempts $c 10.25.1.5 192.0.2.25 4
check "limit-host 2: relay 10.25.1.5 gets at most 2 through, then refused ($got)" \
	within_then_over "$got" 2
oks=$(grep -o ok <<<"$got" | wc -l) refused=$(grep -o refused <<<"$got" | wc -l)
ask netns $r
ask host 10.25.1.5
read -r b a o <<<"$ans"
check "the excess is recorded blocked, the rest allowed ($ans)" \
	test "$b" = "blocked=$refused" -a "$a" = "allowed=$((1 + oks))"
check "and found over the limit (${o#over=} >= $refused)" test "${o#over=}" -ge "$refused"
expect "another relay host of the pool has its own limit" ok $c 2001:db8:1::5 2001:db8:ff::25 25
ask netns $r
ask limit relays 0 1
got=
attempts $c 10.25.1.5 192.0.2.25 1
attempts $c 2001:db8:1::5 2001:db8:ff::25 2
check "limit-pool 1: the pool's relays together get at most 1 through ($got)" \
	within_then_over "$got" 1
ask netns $r
ask limit relays 0 0
expect "no limits: relay 10.25.1.5 passes again" ok $c 10.25.1.5 192.0.2.25 25

# --- apply again: same table, counters start over ------------------------------
strip() { sed 's/counter packets [0-9]* bytes [0-9]*/counter/'; }
check "apply again" policy apply "$conf"
check "re-applying gives the same ruleset" \
	test "$(listing | strip)" = "$(strip <<<"$text")"
expect "still refused after re-applying" refused $c 10.25.1.10 192.0.2.25 25

# --- re-applying under traffic: no SYN ever finds the table missing -------------
(for _ in $(seq 8); do policy apply "$conf" || echo "apply failed"; done) >"$TMPDIR/applies" 2>&1 &
applier=$!
leaks=0 tries=0
while kill -0 $applier 2>/dev/null; do
	ask netns $c
	ask connect 10.25.1.10 192.0.2.25 25
	tries=$((tries + 1))
	[ "$ans" = refused ] || leaks=$((leaks + 1))
done
wait $applier
check "8 re-applies under traffic all succeeded" test ! -s "$TMPDIR/applies"
check "no tcp/25 from dynamic got through while re-applying ($tries tries)" \
	test "$leaks" = 0 -a "$tries" -gt 0

# --- another config replaces the policy in one step ------------------------------
printf 'outside = up0 ppp*\nreject = icmp\naccount = no\nlimits = no\n' >"$conf"
check "apply a new config" policy apply "$conf"
text=$(listing)
check "reject = icmp: admin-prohibited" grep -q 'reject with icmpx admin-prohibited comment "MAAWG 5' <<<"$text"
check "outside ppp*: a prefix match" grep -qF 'iifname "ppp*" tcp sport 25' <<<"$text"
check "practice 5 ignores both outside interfaces" \
	grep -qF 'tcp dport 25 tcp flags syn / fin,syn,rst,ack iifname != "up0" iifname != "ppp*" xt match smtp25' <<<"$text"
check "account = no, limits = no: one MAAWG 5 rule per chain, as before" \
	test "$(grep -c 'comment "MAAWG 5: no SMTP from dynamic or quarantined sources"$' <<<"$text")" = 2 -a \
	"$(grep -c 'MAAWG 5 exception' <<<"$text")" = 0
debug=$(ip netns exec $r nft --debug=netlink list table inet smtp25 2>&1 || true)
check "and revision 0 of the match only" \
	test "$(grep -c '\[ match name smtp25 rev 0 \]' <<<"$debug")" = 4 -a \
	"$(grep -c '\[ match name smtp25 rev 1 \]' <<<"$debug")" = 0
check "still one table" test "$(grep -c '^table ' <<<"$text")" = 1
ask netns $r
ask host 10.25.1.10
before=$ans
expect "reject = icmp: dynamic to tcp/25" error:EHOSTUNREACH $c 10.25.1.10 192.0.2.25 25
ask netns $r
ask host 10.25.1.10
check "account = no: nothing recorded ($ans)" test "$ans" = "$before"
printf 'outside = up0\nreject = drop\n' >"$conf"
check "apply reject = drop" policy apply "$conf"
expect "reject = drop: dynamic to tcp/25" timeout $c 10.25.1.10 192.0.2.25 25
ask netns $r
ask host 10.25.1.10
check "account back on: the dropped SYNs are recorded ($before -> $ans)" \
	test "${ans%% *}" != "${before%% *}"

# --- a broken config changes nothing --------------------------------------------
before=$(listing | strip)
printf 'outside = up0\nreject = maybe\n' >"$TMPDIR/bad.conf"
if out=$(policy apply "$TMPDIR/bad.conf" 2>&1); then
	fail "a bad config was applied"
else
	check "a bad config is refused with its line: $out" grep -q 'bad.conf:2: reject' <<<"$out"
fi
printf 'account = yes\nlimits = perhaps\n' >"$TMPDIR/bad.conf"
if out=$(policy apply "$TMPDIR/bad.conf" 2>&1); then
	fail "limits = perhaps was applied"
else
	check "limits = perhaps is refused: $out" grep -q 'bad.conf:2: limits' <<<"$out"
fi
check "the policy is unchanged" test "$(listing | strip)" = "$before"

# --- remove -----------------------------------------------------------------------
if rmmod smtp25 2>/dev/null; then
	fail "rmmod succeeded while the policy table used the match"
	# shellcheck disable=SC2119 # no module parameters
	smtp25_load
else
	pass "rmmod refused while the policy table uses the match"
fi
check "remove" policy remove
check "remove leaves an empty ruleset" test -z "$(listing)"
check "remove again succeeds" policy remove
expect "no policy: dynamic to tcp/25 again" ok $c 10.25.1.10 192.0.2.25 25

kill "$bg_pid" 2>/dev/null || true
ns_cleanup
if msg=$(smtp25_unload); then pass "unload; $msg"; else fail "unload: $msg"; fi
finish
