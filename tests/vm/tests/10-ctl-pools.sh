#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl against the module: the missing module, pools (add, list, show,
# del) with their table and JSON output, comments that need quoting, and
# the errors of the grammar and of the kernel with their exit codes.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

# --- before the module is there ----------------------------------------------
refused "no module: exit 3 and the modprobe hint" 3 \
	"smtp25: kernel module not loaded (modprobe smtp25)" ctl pool list
same "no module: nothing on stdout" "" "$out"
# grammar errors do not need the module at all
refused "usage error without the module: exit 2" 2 "unknown type 'static'" \
	ctl pool add p type static

ctl_setup

# --- help, version, usage ----------------------------------------------------
run ctl -h
check "-h: exit 0, usage on stdout" \
	test "$rc" -eq 0 -a -n "$(grep -F 'pool add NAME type dynamic|relay|quarantine' <<<"$out")"
run ctl --version
check "-V prints 'smtp25ctl VERSION'" test "$rc" -eq 0 -a "${out%% *}" = smtp25ctl
refused "no command: exit 2" 2 "Usage: smtp25ctl" ctl
refused "unknown option: exit 2" 2 "unknown option '-x'" ctl -x pool list
refused "unknown command: exit 2" 2 "unknown command 'frob'" ctl frob
refused "pool without a verb: exit 2" 2 "missing add, del" ctl pool
refused "pool add without type: exit 2" 2 "missing 'type" ctl pool add p comment x
refused "pool del with two names: exit 2" 2 "usage: pool del NAME" ctl pool del a b
refused "pool list with a word: exit 2" 2 "usage: pool list" ctl pool list x

# --- an empty namespace --------------------------------------------------------
run ctl pool list
same "pool list, no pools: only the header" \
	"NAME TYPE PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT" "$out"
run ctl -j pool list
same "pool list -j, no pools: []" "[]" "$out"

# --- add -------------------------------------------------------------------------
ok "pool add dynamic with a comment" ctl pool add dsl-fra type dynamic comment "DSL, Frankfurt"
ok "pool add relay" ctl pool add relays type relay
ok "pool add quarantine, keywords in the other order" \
	ctl pool add Q.1_x comment 'say "hi" \ there' type quarantine
ok "pool add, 31-character name" ctl pool add abcdefghijklmnopqrstuvwxyz01234 type relay

run ctl pool list
same "pool list: table in creation order" \
"NAME                            TYPE       PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT
dsl-fra                         dynamic            0         0       0       0          0           0 DSL, Frankfurt
relays                          relay              0         0       0       0          0           0
Q.1_x                           quarantine         0         0       0       0          0           0 say \"hi\" \\ there
abcdefghijklmnopqrstuvwxyz01234 relay              0         0       0       0          0           0" "$out"

run ctl -j pool list
pools_same "pool list -j: every pool, comment null when none" '[
 {"name":"dsl-fra","type":"dynamic","comment":"DSL, Frankfurt","prefixes4":0,"prefixes6":0,"packets":0},
 {"name":"relays","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0},
 {"name":"Q.1_x","type":"quarantine","comment":"say \"hi\" \\ there","prefixes4":0,"prefixes6":0,"packets":0},
 {"name":"abcdefghijklmnopqrstuvwxyz01234","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}
]' "$out"

run ctl pool show relays
same "pool show: header and one row" \
"NAME   TYPE  PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT
relays relay         0         0       0       0          0           0" "$out"
run ctl -j pool show Q.1_x
pools_same "pool show -j: one object" \
	'{"name":"Q.1_x","type":"quarantine","comment":"say \"hi\" \\ there","prefixes4":0,"prefixes6":0,"packets":0}' "$out"

# a comment with a newline and control bytes: the table stays one line per
# pool, JSON escapes them
ok "pool add with a newline and a tab in the comment" \
	ctl pool add odd type relay comment $'line one\nline\ttwo'
run ctl pool show odd
same "pool show: control characters shown as '?'" \
"NAME TYPE  PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT
odd  relay         0         0       0       0          0           0 line one?line?two" "$out"
run ctl -j pool show odd
pools_same "pool show -j: the comment exactly" \
	'{"name":"odd","type":"relay","comment":"line one\nline\ttwo","prefixes4":0,"prefixes6":0,"packets":0}' "$out"

# --- errors the kernel reports -------------------------------------------------
refused "pool add, name exists: exit 1 with the kernel's message" 1 \
	"smtp25ctl: a pool with this name exists already" ctl pool add relays type dynamic
refused "pool del, no such pool: exit 1 with the kernel's message" 1 \
	"smtp25ctl: no pool of this name" ctl pool del nosuch
refused "pool show, no such pool: exit 1" 1 "smtp25ctl: no pool of this name" \
	ctl pool show nosuch
same "pool show, no such pool: nothing on stdout" "" "$out"
refused "pool add, 32-character name: exit 1" 1 \
	"a pool name is 1 to 31 characters of A-Z a-z 0-9 . _ -" \
	ctl pool add abcdefghijklmnopqrstuvwxyz012345 type relay
refused "pool add, '/' in the name: exit 1" 1 "a pool name is 1 to 31" \
	ctl pool add a/b type relay
refused "pool add, unknown type: exit 2" 2 "unknown type 'Relay'" \
	ctl pool add r2 type Relay
refused "pool add, 256-byte comment: exit 1" 1 "at most 255 bytes" \
	ctl pool add long type relay comment "$(printf '%0256d' 0)"
ok "pool add, 255-byte comment" ctl pool add long type relay comment "$(printf '%0255d' 0)"
run ctl -j pool show long
check "the 255-byte comment is kept whole" \
	test "$(/usr/bin/python3 -c 'import json,sys; print(len(json.loads(sys.argv[1])["comment"]))' "$out")" = 255

run ctl stats
check "stats: 6 pools" grep -qxE 'pools +6' <<<"$out"

# --- del -------------------------------------------------------------------------
ok "pool del relays" ctl pool del relays
ok "pool del odd" ctl pool del odd
ok "pool del long" ctl pool del long
run ctl -j pool list
pools_same "pool list -j after the deletes" '[
 {"name":"dsl-fra","type":"dynamic","comment":"DSL, Frankfurt","prefixes4":0,"prefixes6":0,"packets":0},
 {"name":"Q.1_x","type":"quarantine","comment":"say \"hi\" \\ there","prefixes4":0,"prefixes6":0,"packets":0},
 {"name":"abcdefghijklmnopqrstuvwxyz01234","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}
]' "$out"
ok "a deleted name can be used again" ctl pool add relays type quarantine
run ctl -j pool show relays
pools_same "the new pool has the new type" \
	'{"name":"relays","type":"quarantine","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}' "$out"
refused "pool del twice: exit 1" 1 "no pool of this name" ctl pool del odd

finish
