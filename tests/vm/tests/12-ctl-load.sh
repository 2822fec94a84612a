#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl pool load against the module: every file format of
# tools/tests/data, standard input, the summary line, a file with a bad
# line (the pool and the kernel untouched), a prefix the kernel refuses
# (named as FILE:LINE).  16-ctl-load-1m.sh loads a million.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

generation() { ctl -j stats | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["generation"])'; }

ok "pool add q (quarantine)" ctl pool add q type quarantine

# load FILE SUMMARY LIST: load it into q, check the summary and the result
load() {
	local file=$1 summary=$2 list=$3
	run ctl pool load q "$CTL_DATA/$file"
	if [ "$rc" -eq 0 ] && [ "$out" = "$summary" ]; then
		pass "pool load $file: '$summary'"
	else
		fail "pool load $file: exit $rc, stdout '$out', stderr '$err'"
	fi
	run ctl prefix list q
	same "pool load $file: the pool holds exactly the file's prefixes" "$list" "$out"
}

load drop.txt "pool q: 4 prefixes loaded (was 0)" \
"192.0.2.0/24 q
198.51.100.0/25 q
198.51.100.128/25 q
203.0.113.0/24 q"
load drop_v6.txt "pool q: 3 prefixes loaded (was 4)" \
"2001:db8:100::/40 q
2001:db8:ff00::/48 q
3fff:100::/24 q"
load drop_v4.json "pool q: 4 prefixes loaded (was 3)" \
"192.0.2.0/24 q
198.51.100.0/25 q
198.51.100.128/25 q
203.0.113.0/24 q"
load ipam-netbox.csv "pool q: 4 prefixes loaded (was 4)" \
"192.0.2.0/24 q
198.51.100.0/24 q
203.0.113.64/26 q
2001:db8:1000::/36 q"
load plain.txt "pool q: 5 prefixes loaded (was 4)" \
"192.0.2.0/24 q
198.51.100.0/25 q
198.51.100.128/25 q
203.0.113.7/32 q
2001:db8:ab00::/40 q"

run ctl pool load q - <"$CTL_DATA/drop.txt"
same "pool load from standard input" "pool q: 4 prefixes loaded (was 5)" "$out"
run ctl -j lookup 198.51.100.200
json_same "lookups see the loaded prefixes" \
	'[{"address":"198.51.100.200","pool":"q","type":"quarantine","prefix":"198.51.100.128/25"}]' "$out"

# --- a bad line: nothing happens -------------------------------------------------
before=$(ctl prefix list q)
gen=$(generation)
printf '# three good, one bad\n10.0.0.0/8\n10.1.0.1/16\n172.16.0.0/12\n2001:db8::/129\n' >"$TMPDIR/bad.txt"
refused "a file with bad lines: exit 1, FILE:LINE: reason" 1 \
	"$TMPDIR/bad.txt:3: host bits set" ctl pool load q "$TMPDIR/bad.txt"
check "... every bad line is reported" grep -q "^$TMPDIR/bad.txt:5: " <<<"$err"
check "... and the pool is said to be unchanged" \
	grep -qF "rejected with 2 errors; pool q is unchanged" <<<"$err"
same "... the pool kept its old prefixes" "$before" "$(ctl prefix list q)"
same "... the kernel was not even asked (same generation)" "$gen" "$(generation)"

: >"$TMPDIR/empty.txt"
refused "an empty file is refused" 1 "pool q is unchanged" \
	ctl pool load q "$TMPDIR/empty.txt"
refused "a missing file" 1 "No such file" ctl pool load q "$TMPDIR/nosuch.txt"
refused "a missing pool" 1 "smtp25ctl: no pool of this name" \
	ctl pool load nosuch "$CTL_DATA/drop.txt"
refused "pool load without a file: exit 2" 2 "usage: pool load" ctl pool load q

# --- repeats are loaded once, with a warning --------------------------------
printf '10.0.0.0/8\n10.0.0.0/8\n' >"$TMPDIR/dup.txt"
run ctl pool load q "$TMPDIR/dup.txt"
check "a repeated prefix: loaded once, a warning naming both lines" \
	test "$rc" -eq 0 -a "$out" = "pool q: 1 prefixes loaded (was 4)" \
	-a -n "$(grep "dup.txt:2: warning: " <<<"$err")"

# --- the kernel refuses a prefix: its FILE:LINE ---------------------------------
ok "pool add other (relay) with 10.9.9.0/24" ctl pool add other type relay
ok "prefix add other 10.9.9.0/24" ctl prefix add other 10.9.9.0/24
before=$(ctl prefix list q)
printf '# line 1\n192.0.2.0/24\n198.51.100.0/24\n10.9.9.0/24   # taken\n203.0.113.0/24\n' \
	>"$TMPDIR/taken.txt"
refused "a prefix of another pool: FILE:LINE: PREFIX: the kernel's message" 1 \
	"smtp25ctl: $TMPDIR/taken.txt:4: 10.9.9.0/24: a prefix is already in another pool" \
	ctl pool load q "$TMPDIR/taken.txt"
check "... and the pool is said to be unchanged" grep -qF "pool q is unchanged" <<<"$err"
same "... the pool kept its old prefixes" "$before" "$(ctl prefix list q)"
# a range in the file: the line of the range
printf '192.0.2.0/24\n10.9.9.0-10.9.10.255\n' >"$TMPDIR/range.txt"
refused "a refused prefix from a range: the range's line" 1 \
	"$TMPDIR/range.txt:2: 10.9.9.0/24: a prefix is already in another pool" \
	ctl pool load q "$TMPDIR/range.txt"

finish
