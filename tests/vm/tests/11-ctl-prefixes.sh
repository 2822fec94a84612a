#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl prefix add/del/list and lookup against the module: ranges,
# bare addresses, IPv6, a relay /32 inside a dynamic /16, the kernel's
# order, all-or-nothing requests, the kernel's error messages naming the
# prefix, the JSON of lookup (exact keys, nulls), stats counts, and a
# command line too long for one request.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

ok "pool add dyn (dynamic)" ctl pool add dyn type dynamic
ok "pool add relay" ctl pool add relay type relay
ok "pool add bad (quarantine)" ctl pool add bad type quarantine

# --- add: CIDR, bare address, range, IPv6 -------------------------------------
ok "prefix add: CIDR, IPv6 CIDR, range" \
	ctl prefix add dyn 10.1.0.0/16 2001:db8::/32 192.0.2.10-192.0.2.20
ok "prefix add: a relay /32 inside the dynamic /16 (bare address)" \
	ctl prefix add relay 10.1.2.3
ok "prefix add: a relay /128 inside the dynamic /32" \
	ctl prefix add relay 2001:db8::25
ok "prefix add: quarantine /24 and an IPv6 range" \
	ctl prefix add bad 198.51.100.0/24 2001:db8:ffff::-2001:db8:ffff::7

run ctl prefix list
same "prefix list: PREFIX POOL, IPv4 first, by address then length" \
"10.1.0.0/16 dyn
10.1.2.3/32 relay
192.0.2.10/31 dyn
192.0.2.12/30 dyn
192.0.2.16/30 dyn
192.0.2.20/32 dyn
198.51.100.0/24 bad
2001:db8::/32 dyn
2001:db8::25/128 relay
2001:db8:ffff::/125 bad" "$out"

run ctl prefix list relay
same "prefix list NAME: that pool only" \
"10.1.2.3/32 relay
2001:db8::25/128 relay" "$out"
run ctl -j prefix list relay
json_same "prefix list -j NAME" \
	'[{"prefix":"10.1.2.3/32","pool":"relay"},{"prefix":"2001:db8::25/128","pool":"relay"}]' "$out"
ok "pool add empty" ctl pool add empty type relay
run ctl prefix list empty
same "prefix list of an empty pool: nothing" "" "$out"
run ctl -j prefix list empty
same "prefix list -j of an empty pool: []" "[]" "$out"
refused "prefix list of a missing pool: exit 1" 1 \
	"smtp25ctl: no pool of this name" ctl prefix list nosuch

# --- lookup ------------------------------------------------------------------------
run ctl lookup 10.1.2.3 10.1.2.4 192.0.2.21 2001:db8::25 2001:db8::26 2001:db8:ffff::7
same "lookup: the most specific match per address, '-' for none" \
"ADDRESS          POOL  TYPE       PREFIX
10.1.2.3         relay relay      10.1.2.3/32
10.1.2.4         dyn   dynamic    10.1.0.0/16
192.0.2.21       -     -          -
2001:db8::25     relay relay      2001:db8::25/128
2001:db8::26     dyn   dynamic    2001:db8::/32
2001:db8:ffff::7 bad   quarantine 2001:db8:ffff::/125" "$out"

run ctl -j lookup 10.1.2.3 10.1.2.4 8.8.8.8 2001:DB8::1
json_same "lookup -j: address/pool/type/prefix, null where nothing matches" '[
 {"address":"10.1.2.3","pool":"relay","type":"relay","prefix":"10.1.2.3/32"},
 {"address":"10.1.2.4","pool":"dyn","type":"dynamic","prefix":"10.1.0.0/16"},
 {"address":"8.8.8.8","pool":null,"type":null,"prefix":null},
 {"address":"2001:db8::1","pool":"dyn","type":"dynamic","prefix":"2001:db8::/32"}
]' "$out"
check "lookup -j: exactly the keys address, pool, type, prefix, in that order" \
	/usr/bin/python3 -c '
import json, sys
for o in json.loads(sys.argv[1]):
    assert list(o) == ["address", "pool", "type", "prefix"], list(o)
' "$out"
refused "lookup of a prefix (not an address): exit 1" 1 "" ctl lookup 10.1.0.0/16
refused "lookup of a name: exit 1" 1 "" ctl lookup localhost
refused "lookup without an address: exit 2" 2 "usage: lookup" ctl lookup

# --- the kernel refuses -----------------------------------------------------------
refused "prefix add of a prefix in another pool: its message, naming it" 1 \
	"smtp25ctl: 10.1.0.0/16: prefix is already in a pool" ctl prefix add relay 10.1.0.0/16
refused "prefix add of a prefix already in this pool" 1 \
	"smtp25ctl: 10.1.2.3/32 (from 10.1.2.3): prefix is already in a pool" \
	ctl prefix add relay 10.1.2.3
refused "the prefix at fault inside a range is named with the range" 1 \
	"192.0.2.16/30 (from 192.0.2.16-192.0.2.19): prefix is already in a pool" \
	ctl prefix add relay 203.0.113.1 192.0.2.16-192.0.2.19
refused "prefix add of one prefix twice in a request" 1 \
	"prefix is given twice; nothing was added" ctl prefix add relay 203.0.113.5 203.0.113.5
run ctl prefix list relay
same "refused adds added nothing (all or nothing)" \
"10.1.2.3/32 relay
2001:db8::25/128 relay" "$out"
refused "prefix add to a missing pool" 1 "smtp25ctl: no pool of this name" \
	ctl prefix add nosuch 203.0.113.9
refused "host bits set: refused before the kernel, exit 1" 1 "host bits" \
	ctl prefix add relay 10.1.0.1/16
refused "a reversed range: exit 1" 1 "" ctl prefix add relay 10.0.0.9-10.0.0.1
refused "prefix add without a prefix: exit 2" 2 "usage: prefix add" ctl prefix add relay

# --- del ------------------------------------------------------------------------------
refused "prefix del of a prefix of another pool" 1 \
	"smtp25ctl: 10.1.0.0/16: prefix is not in this pool" ctl prefix del relay 10.1.0.0/16
refused "prefix del of an unknown prefix, with a known one: nothing deleted" 1 \
	"203.0.113.0/24: prefix is not in this pool" ctl prefix del relay 10.1.2.3 203.0.113.0/24
run ctl lookup 10.1.2.3
check "10.1.2.3 is still a relay" grep -q ' relay  *10.1.2.3/32$' <<<"$out"
ok "prefix del relay 10.1.2.3 (bare address)" ctl prefix del relay 10.1.2.3
run ctl -j lookup 10.1.2.3
json_same "without the /32, 10.1.2.3 falls back to the dynamic /16" \
	'[{"address":"10.1.2.3","pool":"dyn","type":"dynamic","prefix":"10.1.0.0/16"}]' "$out"
ok "prefix del of a range" ctl prefix del dyn 192.0.2.10-192.0.2.20
run ctl prefix list dyn
same "the range's prefixes are gone" \
"10.1.0.0/16 dyn
2001:db8::/32 dyn" "$out"

# --- counts ---------------------------------------------------------------------------
run ctl -j stats
check "stats -j: prefixes4 2, prefixes6 3, pools 4" /usr/bin/python3 -c '
import json, sys
s = json.loads(sys.argv[1])
assert (s["prefixes4"], s["prefixes6"], s["pools"]) == (2, 3, 4), s
assert sorted(s) == sorted(["prefixes4", "prefixes6", "pools", "memory",
                            "generation", "max_prefixes", "packets",
                            "hosts", "max_hosts", "hosts_evicted",
                            "hosts_dropped", "quarantined"]), s
assert s["memory"] > 0 and s["max_prefixes"] > 0
# per-pool lookup counters: every pool, none counted (no rules here)
assert len(s["packets"]) == 4 and set(s["packets"].values()) == {0}, s
' "$out"
run ctl stats
check "stats: 'prefixes4    2' and 'prefixes6    3'" \
	test "$(grep -E '^prefixes[46] ' <<<"$out" | tr -s ' ')" = "$(printf 'prefixes4 2\nprefixes6 3')"
run ctl -j pool list
pools_same "pool list -j counts per pool and family" '[
 {"name":"dyn","type":"dynamic","comment":null,"prefixes4":1,"prefixes6":1,"packets":0},
 {"name":"relay","type":"relay","comment":null,"prefixes4":0,"prefixes6":1,"packets":0},
 {"name":"bad","type":"quarantine","comment":null,"prefixes4":1,"prefixes6":1,"packets":0},
 {"name":"empty","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}
]' "$out"

# --- more prefixes than one request holds ----------------------------------------
many=()
for i in $(seq 0 4999); do many+=("172.16.$((i / 256)).$((i % 256))"); done
ok "prefix add of 5000 addresses in one command" ctl prefix add empty "${many[@]}"
run ctl -j pool show empty
check "all 5000 are in the pool" grep -q '"prefixes4":5000' <<<"$out"
ok "prefix del of the 5000" ctl prefix del empty "${many[@]}"
# 4000 new ones, then one that exists: the first request goes through,
# the second is refused, and smtp25ctl says so
more=()
for i in $(seq 0 3999); do more+=("172.17.$((i / 256)).$((i % 256))"); done
refused "a refused second request: the kernel's message" 1 \
	"10.1.0.0/16: prefix is already in a pool" ctl prefix add empty "${more[@]}" 10.1.0.0/16
check "... and how many the first request added" \
	grep -qE 'the first [0-9]+ of 4001 prefixes were added by earlier requests' <<<"$err"
n=$(grep -oE 'the first [0-9]+' <<<"$err" | grep -oE '[0-9]+')
run ctl -j pool show empty
check "the pool holds exactly those ($n)" grep -q "\"prefixes4\":$n," <<<"$out"

ok "pool del with prefixes" ctl pool del dyn
run ctl -j lookup 10.1.2.3
json_same "its prefixes are gone with it" \
	'[{"address":"10.1.2.3","pool":null,"type":null,"prefix":null}]' "$out"

finish
