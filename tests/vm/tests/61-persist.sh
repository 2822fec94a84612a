#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Persistence across reboots (dist/: smtp25.service, smtp25-restore,
# smtp25-save) with the build tree's smtp25ctl. The guest has no systemd:
# the unit's ExecStart command line runs here as the unit would run it, in
# one network namespace after another (each a router after boot), with
# /etc/smtp25 a fresh tmpfs.
#   - smtp25-save writes pools.save in one step and keeps pools.save.old;
#     a failed save leaves both as they were;
#   - the restore into a namespace without pools gives back exactly the
#     saved pools and prefixes and applies policy.conf; run again, it has
#     nothing to do; over other pools it exits 1 and leaves them alone;
#   - damaged files (a bad line, a cut at a line end, a cut inside a line,
#     two pools claiming one prefix, binary junk) make it exit 1 with the
#     reason, and the kernel keeps what it had, pools or none;
#   - a damaged policy.conf fails the unit too, the pools still come back;
#   - a host released but remembered comes back with its offences, and
#     does not stop a second restore from finding the pools in place.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

need_cmd unshare nft
conf=/etc/smtp25
unit=$ctl_repo/dist/smtp25.service
save=$ctl_repo/dist/smtp25-save
# smtp25-restore and smtp25-save run "smtp25ctl": the build tree's
export PATH=$ctl_repo/build/tools:$PATH

ctl_setup
# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local n
	for n in "" $ns_list; do
		${n:+ip netns exec "$n"} "$CTL" policy remove 2>/dev/null
	done
	umount "$conf" 2>/dev/null
	ctl_cleanup
}
trap cleanup EXIT
mkdir -p "$conf"
mount -t tmpfs -o mode=0755 tmpfs "$conf" || { fail "tmpfs on $conf"; finish; }

# The unit's command line, its installed paths mapped to the tree.
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
check "the unit has one ExecStart ($exec_start)" \
	test "$(grep -c '^ExecStart=' "$unit")" = 1
read -ra restore_cmd <<<"${exec_start//\/usr\/sbin\//$ctl_repo/dist/}"
check "... which is dist/smtp25-restore" test -x "${restore_cmd[0]}"

# restore NS: the unit's ExecStart in namespace NS; $rc, $err (its stderr:
# the journal).
restore() {
	rc=0
	ip netns exec "$1" "${restore_cmd[@]}" >"$TMPDIR/r.out" 2>"$TMPDIR/r.err" || rc=$?
	err=$(cat "$TMPDIR/r.err")
	[ ! -s "$TMPDIR/r.out" ] || fail "restore printed on stdout: $(cat "$TMPDIR/r.out")"
}
# state [NS]: the pools and prefixes of a namespace, to compare.
state() {
	${1:+ip netns exec "$1"} "$CTL" -j pool list | sed 's/"packets":[0-9]*//g'
	${1:+ip netns exec "$1"} "$CTL" prefix list
}
has_table() { ip netns exec "$1" nft list table inet smtp25 >/dev/null 2>&1; }

# --- the state of a router, saved -------------------------------------------------
ok "pool add dyn" ctl pool add dyn type dynamic comment "cable, Paris"
# shellcheck disable=SC2016 # no expansion: these are the comment's bytes
ok "pool add relays" ctl pool add relays type relay comment 'say "hi" \ $HOME'
ok "pool add q" ctl pool add q type quarantine
ok "pool add empty" ctl pool add empty type dynamic
ok "prefixes of dyn" ctl prefix add dyn 10.1.0.0/16 2001:db8::/32 192.0.2.10-192.0.2.20
ok "relays inside dyn" ctl prefix add relays 10.1.2.3 2001:db8::25
many=()
for i in $(seq 0 599); do many+=("172.16.$((i / 256)).$((i % 256))/32"); done
ok "600 prefixes in q" ctl prefix add q "${many[@]}"
ok "a host released but remembered" \
	ctl quarantine remember 10.1.7.7 offences 3 released 60
origin=$(state)

run "$save"
check "smtp25-save: exit 0, says what it saved ($err)" \
	test "$rc" -eq 0 -a "$err" = "smtp25-save: saved 4 pools, 608 prefixes to $conf/pools.save"
# (a remembered host's age may have moved on by a second)
ages() { grep -v '^#' | sed 's/ released [0-9]*$/ released N/'; }
check "pools.save is the save, comments and all" \
	test "$(ages <"$conf/pools.save")" = "$(ctl save | ages)"
check "... with the remembered host" \
	grep -qE '^quarantine remember 10\.1\.7\.7 offences 3 released (60|61|62)$' \
	"$conf/pools.save"
check "pools.save: mode 0640" test "$(stat -c %a "$conf/pools.save")" = 640
check "no temporary file left" test "$(ls -A "$conf")" = pools.save
cp "$conf/pools.save" "$TMPDIR/save1"
ok "one more prefix" ctl prefix add dyn 10.2.0.0/16
run "$save"
check "a second save: exit 0" test "$rc" -eq 0
check "... the first is pools.save.old" cmp -s "$TMPDIR/save1" "$conf/pools.save.old"
check "... pools.save has the new prefix" grep -q ' 10.2.0.0/16' "$conf/pools.save"
ok "that prefix goes again" ctl prefix del dyn 10.2.0.0/16
cp "$TMPDIR/save1" "$conf/pools.save"
cp "$conf/pools.save.old" "$TMPDIR/old"

# A save that fails (here: smtp25ctl cannot reach the module) changes nothing.
mkdir "$TMPDIR/bin"
printf '#!/bin/sh\necho "smtp25: kernel module not loaded (modprobe smtp25)" >&2\nexit 3\n' \
	>"$TMPDIR/bin/smtp25ctl"
chmod +x "$TMPDIR/bin/smtp25ctl"
run env PATH="$TMPDIR/bin:$PATH" "$save"
check "a failing save: exit 1, '$err'" \
	test "$rc" -eq 1 -a -n "$(grep -F "nothing saved; $conf/pools.save is unchanged" <<<"$err")"
check "... pools.save unchanged" cmp -s "$TMPDIR/save1" "$conf/pools.save"
check "... pools.save.old unchanged" cmp -s "$TMPDIR/old" "$conf/pools.save.old"
check "... no temporary file" test "$(find "$conf" -mindepth 1 | wc -l)" = 2

printf '# interfaces that face the Internet\noutside = wan0\nreject = tcp-reset\n' \
	>"$conf/policy.conf"

# --- after a reboot -----------------------------------------------------------------
ns_new boot1
restore boot1
check "restore into a namespace without pools: exit 0" test "$rc" -eq 0
check "... the journal says what it did ($err)" test "$err" = \
"smtp25-restore: restored 4 pools, 608 prefixes from $conf/pools.save
smtp25-restore: applied the nft policy of $conf/policy.conf"
same "... exactly the saved pools, comments and prefixes" "$origin" "$(state boot1)"
check "... and the nft policy: table inet smtp25" has_table boot1
ip netns exec boot1 "$CTL" -j quarantine list --all >"$TMPDIR/q.json"
check "... and the remembered host, offences 3, released, not in quarantine" \
	python3 -c 'import json, sys
q = json.load(open(sys.argv[1]))
sys.exit(not (len(q) == 1 and q[0]["address"] == "10.1.7.7" and
              q[0]["offences"] == 3 and q[0]["released"] and
              q[0]["expires"] is None))' "$TMPDIR/q.json"
restore boot1
check "restore again: exit 0, nothing to do ($err)" \
	test "$rc" -eq 0 -a -n "$(grep -F 'are in place already' <<<"$err")"
same "... the pools as they were" "$origin" "$(state boot1)"

ns_new other
ip netns exec other "$CTL" pool add mine type relay comment "set up by hand"
ip netns exec other "$CTL" prefix add mine 198.51.100.0/24
before_other=$(state other)
restore other
check "restore over other pools: exit 1 ($err)" \
	test "$rc" -eq 1 -a -n "$(grep -F "has 1 pools already, not the ones of $conf/pools.save" <<<"$err")"
same "... those pools untouched" "$before_other" "$(state other)"
check "... the policy applied all the same" has_table other
ip netns exec other "$CTL" policy remove

# --- damaged files -------------------------------------------------------------------
rm "$conf/policy.conf"
ns_new empty
good=$TMPDIR/save1
# damaged NAME REASON: restore $conf/pools.save into "empty" and "other":
# exit 1, "is damaged" and REASON in the message, nothing changed.
damaged() {
	local what=$1 why=$2 n
	for n in empty other; do
		local want=
		[ "$n" = other ] && want=$before_other
		restore "$n"
		if [ "$rc" -eq 1 ] && [[ "$err" == *"$conf/pools.save is damaged"* ]] &&
			[[ "$err" == *"$why"* ]]; then
			pass "$what, into $([ "$n" = other ] && echo "a namespace with pools" ||
				echo "one without"): exit 1, '${err//$'\n'/ | }'"
		else
			fail "$what, into $n: exit $rc, want 1; stderr '$err', want 'is damaged' and '$why'"
		fi
		if [ "$n" = other ]; then
			same "... the kernel keeps the pools it had" "$want" "$(state "$n")"
		else
			same "... the kernel keeps having none" "$(state "$n" | head -n1)" "[]"
		fi
	done
}
awk 'NR == 3 { print "pool add x type bogus"; next } { print }' "$good" >"$conf/pools.save"
damaged "a bad line" "pools.save:3: pool add: unknown type 'bogus'"
head -n -2 "$good" >"$conf/pools.save"
damaged "a save cut at a line end" "its header promises 4 pools and 608 prefixes, it holds 4 and 520;"
head -n -1 "$good" >"$conf/pools.save"
damaged "a save cut before its last remembered host" \
	"its header promises 1 hosts released but remembered, it holds 0;"
# (where the cut falls decides which check finds it; any will do)
head -c $(($(stat -c %s "$good") - 20)) "$good" >"$conf/pools.save"
damaged "a save cut inside a line" ""
{ grep -v '^#' "$good"; echo "prefix add relays 10.1.0.0/16"; } >"$conf/pools.save"
damaged "two pools claiming one prefix (no header)" "already in a pool"
head -c 4096 /bin/sh >"$conf/pools.save"
damaged "binary junk (the start of /bin/sh)" "pools.save:"
same "... and the namespace the state came from is as it was" "$origin" "$(state)"

# --- a damaged policy, missing files ---------------------------------------------------
cp "$good" "$conf/pools.save"
printf 'outside = wan0\nreject = maybe\n' >"$conf/policy.conf"
ns_new boot2
restore boot2
check "a damaged policy.conf: exit 1 ($err)" \
	test "$rc" -eq 1 -a -n "$(grep -F 'policy.conf:2' <<<"$err")" -a \
	-n "$(grep -F "the nft policy of $conf/policy.conf was not applied" <<<"$err")"
same "... the pools came back all the same" "$origin" "$(state boot2)"
if has_table boot2; then fail "... no policy table: there is one"; else pass "... no policy table"; fi
rm "$conf/pools.save" "$conf/policy.conf"
ns_new boot3
restore boot3
check "no files: exit 0, says so ($err)" test "$rc" -eq 0 -a "$err" = \
"smtp25-restore: no $conf/pools.save: no pools to restore
smtp25-restore: no $conf/policy.conf: no nft policy to apply"
same "... no pools" "[]" "$(state boot3 | head -n1)"

finish
