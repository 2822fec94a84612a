#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl and privileges, smtp25ctl and network namespaces: a user
# without CAP_NET_ADMIN is refused (exit 4, a message naming it) for
# every command; a user namespace's root manages its own namespace's
# pools; two network namespaces have pools of their own.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

ok "pool add p (as root)" ctl pool add p type dynamic
ok "prefix add p 10.0.0.0/8 (as root)" ctl prefix add p 10.0.0.0/8
printf 'pool list\n' >"$TMPDIR/batch"
chmod 644 "$TMPDIR/batch"
cp "$CTL_DATA/drop.txt" "$TMPDIR/drop.txt"
chmod 755 "$TMPDIR"
chmod 644 "$TMPDIR/drop.txt"

# shellcheck disable=SC2317 # called through refused and run
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$CTL" "$@"; }
msg="permission denied: smtp25 needs CAP_NET_ADMIN"
refused "nobody: pool list refused, exit 4" 4 "smtp25ctl: $msg" nobody pool list
same "nobody: nothing on stdout" "" "$out"
refused "nobody: pool show refused" 4 "$msg" nobody pool show p
refused "nobody: pool add refused" 4 "$msg" nobody pool add x type relay
refused "nobody: pool del refused" 4 "$msg" nobody pool del p
refused "nobody: prefix add refused" 4 "$msg" nobody prefix add p 192.0.2.0/24
refused "nobody: prefix del refused" 4 "$msg" nobody prefix del p 10.0.0.0/8
refused "nobody: prefix list refused" 4 "$msg" nobody prefix list
refused "nobody: lookup refused" 4 "$msg" nobody lookup 10.0.0.1
refused "nobody: stats refused" 4 "$msg" nobody stats
refused "nobody: save refused" 4 "$msg" nobody save
refused "nobody: pool load refused" 4 "$msg" nobody pool load p "$TMPDIR/drop.txt"
refused "nobody: pool set refused" 4 "$msg" nobody pool set p quarantine-after 5
refused "nobody: top refused" 4 "$msg" nobody top
refused "nobody: host list refused" 4 "$msg" nobody host list
refused "nobody: host show refused" 4 "$msg" nobody host show 10.0.0.1
refused "nobody: host flush refused" 4 "$msg" nobody host flush
refused "nobody: quarantine list refused" 4 "$msg" nobody quarantine list
refused "nobody: quarantine add refused" 4 "$msg" nobody quarantine add 10.0.0.1
refused "nobody: quarantine del refused" 4 "$msg" nobody quarantine del 10.0.0.1
refused "nobody: stats --prometheus refused" 4 "$msg" nobody stats --prometheus
refused "nobody: a batch stops at its first line, exit 4" 4 "$msg" \
	nobody -b "$TMPDIR/batch"
run ctl -j pool list
pools_same "nobody changed nothing" \
	'[{"name":"p","type":"dynamic","comment":null,"prefixes4":1,"prefixes6":0,"packets":0}]' "$out"

# The root of a new user namespace owns the network namespace it makes.
# It cannot raise its socket buffers past the sysctl limits (the FORCE
# options need CAP_NET_ADMIN in the first user namespace), so its pool
# load goes in small batches: 50000 prefixes make about 16 messages.
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "10.%d.%d.0/24\n", i / 256, i % 256 }' \
	>"$TMPDIR/50k.txt"
chmod 644 "$TMPDIR/50k.txt"
if setpriv --reuid=65534 --regid=65534 --clear-groups unshare -rn true 2>/dev/null; then
	run setpriv --reuid=65534 --regid=65534 --clear-groups unshare -rn sh -c "
		'$CTL' pool add mine type relay &&
		'$CTL' prefix add mine 10.0.0.0/8 &&
		'$CTL' -j lookup 10.0.0.1 &&
		'$CTL' pool add big type dynamic &&
		'$CTL' pool load big '$TMPDIR/50k.txt' &&
		'$CTL' -j lookup 10.195.79.1"
	same "nobody as root of a user namespace manages its own pools" \
'[{"address":"10.0.0.1","pool":"mine","type":"relay","prefix":"10.0.0.0/8"}]
pool big: 50000 prefixes loaded (was 0)
[{"address":"10.195.79.1","pool":"big","type":"dynamic","prefix":"10.195.79.0/24"}]' \
		"$out"
else
	echo "NOTE: unprivileged user namespaces are off; not tested"
fi

# --- two namespaces -------------------------------------------------------------
ns_new ctl-a
ns_new ctl-b
# shellcheck disable=SC2317 # called through ok, refused and run
a() { ip netns exec ctl-a "$CTL" "$@"; }
# shellcheck disable=SC2317
b() { ip netns exec ctl-b "$CTL" "$@"; }
run b pool list
same "a new namespace has no pools" \
	"NAME TYPE PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT" "$out"
ok "ns a: pool add p dynamic" a pool add p type dynamic
ok "ns a: prefix add p 10.0.0.0/8" a prefix add p 10.0.0.0/8
ok "ns b: pool add p relay (the same name)" b pool add p type relay
ok "ns b: prefix add p 10.0.0.0/8 (the same prefix)" b prefix add p 10.0.0.0/8
ok "ns b: pool add only-b" b pool add only-b type quarantine
run a -j lookup 10.1.2.3
json_same "ns a: 10.1.2.3 is dynamic there" \
	'[{"address":"10.1.2.3","pool":"p","type":"dynamic","prefix":"10.0.0.0/8"}]' "$out"
run b -j lookup 10.1.2.3
json_same "ns b: 10.1.2.3 is a relay there" \
	'[{"address":"10.1.2.3","pool":"p","type":"relay","prefix":"10.0.0.0/8"}]' "$out"
run a -j pool list
pools_same "ns a: its pool only" \
	'[{"name":"p","type":"dynamic","comment":null,"prefixes4":1,"prefixes6":0,"packets":0}]' "$out"
refused "ns a: only-b does not exist here" 1 "no pool of this name" a pool show only-b
ok "ns a: pool del p" a pool del p
run b -j pool show p
pools_same "ns b: its p is still there" \
	'{"name":"p","type":"relay","comment":null,"prefixes4":1,"prefixes6":0,"packets":0}' "$out"
run ctl -j pool list
pools_same "the test's own namespace: as it was" \
	'[{"name":"p","type":"dynamic","comment":null,"prefixes4":1,"prefixes6":0,"packets":0}]' "$out"
# a namespace that goes away takes its pools along (the unload checks
# that nothing leaked)
ok "ip netns del ctl-b with its pools" ip netns del ctl-b

finish
