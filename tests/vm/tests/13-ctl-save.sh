#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl save and -b against the module: a save restored into an empty
# namespace (the same one flushed, another one, from standard input)
# reproduces the state exactly, comments that need quoting included; and
# batches stop at their first failing line with FILE:LINE, change nothing
# when a line does not parse, and take comments, quotes and continuations.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

# The whole state, in a form to compare.
state() {
	ctl -j pool list
	ctl prefix list
}

# Delete every pool.
flush() {
	local p
	for p in $(ctl -j pool list | /usr/bin/python3 -c '
import json, sys
for p in json.load(sys.stdin):
    print(p["name"])'); do
		ctl pool del "$p" || return
	done
}

# shellcheck disable=SC2016 # no expansion: these are the comment's bytes
weird='say "hi" \ $HOME `id` # not a comment'
ok "pool add dyn" ctl pool add dyn type dynamic comment "cable, Paris"
ok "pool add relays" ctl pool add relays type relay
ok "pool add weird (a comment with quotes, \\, \$, \`, #)" \
	ctl pool add weird type quarantine comment "$weird"
ok "pool add multi (a comment of two lines, UTF-8)" \
	ctl pool add multi type relay comment $'Grüße\n  second line\t'
ok "pool add empty" ctl pool add empty type dynamic
ok "prefixes of dyn" ctl prefix add dyn 10.1.0.0/16 2001:db8::/32 192.0.2.10-192.0.2.20
ok "prefixes of relays, inside dyn's" ctl prefix add relays 10.1.2.3 2001:db8::25
many=()
for i in $(seq 0 599); do many+=("172.16.$((i / 256)).$((i % 256))/32"); done
ok "600 prefixes in weird" ctl prefix add weird "${many[@]}"

run ctl save
check "save: exit 0" test "$rc" -eq 0 -a -z "$err"
printf '%s\n' "$out" >"$TMPDIR/s1"
same "save: the pool lines, types and comments quoted" \
"pool add dyn type dynamic comment \"cable, Paris\"
pool add relays type relay
pool add weird type quarantine comment \"say \\\"hi\\\" \\\\ \\\$HOME \\\`id\\\` # not a comment\"
pool add multi type relay comment \"Grüße
  second line	\"
pool add empty type dynamic" "$(grep -v '^#' "$TMPDIR/s1" | grep -v '^prefix ' )"
same "save: dyn's prefixes on one line" \
	"prefix add dyn 10.1.0.0/16 192.0.2.10/31 192.0.2.12/30 192.0.2.16/30 192.0.2.20/32 2001:db8::/32" \
	"$(grep '^prefix add dyn ' "$TMPDIR/s1")"
same "save: weird's 600 prefixes on 3 lines of at most 256" "256 256 88" \
	"$(grep '^prefix add weird ' "$TMPDIR/s1" | awk '{ printf "%s%d", (NR > 1 ? " " : ""), NF - 3 }')"
check "save: a comment line first" grep -q '^# smtp25ctl save: 5 pools, 608 prefixes' "$TMPDIR/s1"

before=$(state)
ok "flush: every pool deleted" flush
run ctl -j stats
check "flushed: no pool, no prefix" /usr/bin/python3 -c '
import json, sys
s = json.loads(sys.argv[1])
assert (s["pools"], s["prefixes4"], s["prefixes6"]) == (0, 0, 0), s' "$out"

ok "restore: smtp25ctl -b SAVE" ctl -b "$TMPDIR/s1"
same "restored: the same pools, comments, prefixes" "$before" "$(state)"
ctl save >"$TMPDIR/s2"
same "save after the restore: the same save (but the generation)" \
	"$(grep -v '^#' "$TMPDIR/s1")" "$(grep -v '^#' "$TMPDIR/s2")"
run ctl -j pool show weird
check "the quoted comment came back exactly" /usr/bin/python3 -c '
import json, sys
assert json.loads(sys.argv[1])["comment"] == sys.argv[2]' "$out" "$weird"

# into another namespace, and from standard input
ns_new ctl-b
ns_new ctl-c
ok "restore into another namespace" ip netns exec ctl-b "$CTL" -b "$TMPDIR/s1"
same "... the same state there" "$before" \
	"$(ip netns exec ctl-b "$CTL" -j pool list; ip netns exec ctl-b "$CTL" prefix list)"
run ip netns exec ctl-c "$CTL" -b - <"$TMPDIR/s1"
check "restore from standard input (-b -)" test "$rc" -eq 0
same "... the same state there" "$before" \
	"$(ip netns exec ctl-c "$CTL" -j pool list; ip netns exec ctl-c "$CTL" prefix list)"
refused "restore into a namespace that has the pools: the first line fails" 1 \
	"$TMPDIR/s1:2: a pool with this name exists already" ctl -b "$TMPDIR/s1"

# --- batches ---------------------------------------------------------------------
flush
cat >"$TMPDIR/b1" <<'EOB'
# comment line, then a blank one

pool add a type relay comment "two
lines"   # a comment after a command
prefix add a 10.0.0.1 \
	10.0.0.2
pool add a type relay
pool add never type relay
EOB
refused "a batch stops at its first failing line: FILE:LINE" 1 \
	"smtp25ctl: $TMPDIR/b1:7: a pool with this name exists already" ctl -b "$TMPDIR/b1"
same "... the lines before it ran, the ones after did not" \
"10.0.0.1/32 a
10.0.0.2/32 a" "$(ctl prefix list)"
run ctl -j pool list
pools_same "... multi-line quotes and comments were read right" \
	'[{"name":"a","type":"relay","comment":"two\nlines","prefixes4":2,"prefixes6":0,"packets":0}]' "$out"

flush
printf 'pool add x type relay\nprefix add x 10.0.0.0/8\npool add y type unknown\npool add z type relay\n' \
	>"$TMPDIR/b2"
refused "a batch with a line that does not parse: exit 2, FILE:LINE" 2 \
	"smtp25ctl: $TMPDIR/b2:3: pool add: unknown type 'unknown'" ctl -b "$TMPDIR/b2"
same "... and nothing of it ran" "[]" "$(ctl -j pool list)"
printf 'pool add x type relay\nprefix add x 10.0.0.1/8\n' >"$TMPDIR/b3"
refused "a batch with a bad prefix: exit 1, nothing ran" 1 \
	"$TMPDIR/b3:2: host bits set" ctl -b "$TMPDIR/b3"
same "... nothing ran" "[]" "$(ctl -j pool list)"
printf 'pool add x type relay comment "open\n' >"$TMPDIR/b4"
refused "an unterminated quote: exit 2" 2 "$TMPDIR/b4:1: unterminated double quote" \
	ctl -b "$TMPDIR/b4"
refused "-b and a command: exit 2" 2 "do not go together" ctl -b "$TMPDIR/b4" pool list
refused "-b of a missing file: exit 1" 1 "No such file" ctl -b "$TMPDIR/nosuch"
printf 'pool add j type relay\npool list\nlookup 10.9.9.9\n' >"$TMPDIR/b5"
run ctl -j -b "$TMPDIR/b5"
pools_same "-j applies to the listings of a batch (pool list)" \
	'[{"name":"j","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}]' \
	"$(head -n 1 <<<"$out")"
same "-j applies to the listings of a batch (lookup)" \
	'[{"address":"10.9.9.9","pool":null,"type":null,"prefix":null}]' \
	"$(tail -n +2 <<<"$out")"

finish
