#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A repeat offender survives save and restore: hosts quarantined with
# "quarantine add ... offences N" are saved with their counts, the module
# is unloaded and loaded again, the save is restored, the counts are back,
# and the next automatic quarantine of the restored host (real port-25
# attempts through an iptables-legacy rule) is doubled by its count as it
# would have been without the restart. A save without counts (an older
# smtp25ctl) still restores, every host as a first offence. Then the
# offences attribute over hand-built netlink: out of range or of the wrong
# type refused with the extack, nothing changed (tests/vm/py/
# test_quar_offences.py).
#
#   ns smtp25-q: dummy d0 with 10.25.0.10/24 (the offender, pool dyn) and
#   10.25.1.1/24 (the MX it tries); OUTPUT: dynamic or quarantine sources
#   to port 25 are recorded blocked and refused.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

need_cmd iptables-legacy python3 jq
vm=$(cd "$(dirname "$0")/.." && pwd -P)
use_build_plugin

ns=smtp25-q
H=10.25.0.10
# shellcheck source-path=SCRIPTDIR source=quar-lib.sh
. "$(dirname "$0")/quar-lib.sh"

ctl_setup
check "namespace with the port-25 rule" quar_setup
ok "pool dyn" qctl pool add dyn type dynamic
ok "the offender's /24 in dyn" qctl prefix add dyn 10.25.0.0/24
ok "dyn: quarantine after 3 blocked attempts, for 2 s the first time" \
	qctl pool set dyn quarantine-after 3 window 60 expires 2

# --- quarantined with counts, saved -----------------------------------------------
ok "quarantine add the offender, 10 min, offences 3" \
	qctl quarantine add $H expires 600 offences 3
ok "quarantine add for good, offences 7 (keywords in the other order)" \
	qctl quarantine add 192.0.2.9 offences 7
ok "quarantine add IPv6 for an hour, offences 2" \
	qctl quarantine add 2001:db8::9 expires 3600 offences 2
ok "quarantine add without offences" qctl quarantine add 192.0.2.8
refused "offences 0 refused by smtp25ctl: exit 1" 1 \
	"offences: '0' is not a count from 1 to 65535" \
	qctl quarantine add 192.0.2.20 offences 0
refused "offences 65536 refused: exit 1" 1 "'65536' is not a count" \
	qctl quarantine add 192.0.2.20 offences 65536
run qctl -j quarantine list
check "quarantine list -j: the counts as given, by hand, expiry not doubled" py '
q = {e["address"]: e for e in j}
assert sorted(q) == ["10.25.0.10", "192.0.2.8", "192.0.2.9", "2001:db8::9"], q
assert [q[a]["offences"] for a in ("10.25.0.10", "192.0.2.9", "2001:db8::9", "192.0.2.8")] == [3, 7, 2, 1], q
assert all(e["reason"] == "manual" and e["pool"] is None for e in j), j
assert 599 <= q["10.25.0.10"]["expires"] - q["10.25.0.10"]["since"] <= 601, q' "$out"

run qctl save
check "save: exit 0" test "$rc" -eq 0 -a -z "$err"
printf '%s\n' "$out" >"$TMPDIR/save"
sed 's/^/#   /' "$TMPDIR/save"
check "save: the offender with the time it has left and offences 3" \
	grep -qE '^quarantine add 10\.25\.0\.10 expires (5[0-9][0-9]|600) offences 3$' "$TMPDIR/save"
check "save: for good, offences 7" grep -qx "quarantine add 192.0.2.9 offences 7" "$TMPDIR/save"
check "save: IPv6, offences 2" \
	grep -qE '^quarantine add 2001:db8::9 expires (3[5-9][0-9][0-9]|3600) offences 2$' "$TMPDIR/save"
check "save: offences 1 written too" grep -qx "quarantine add 192.0.2.8 offences 1" "$TMPDIR/save"

# --- restart: unload, load, restore -------------------------------------------------
ns_cleanup
if msg=$(smtp25_unload); then
	pass "unloaded with quarantine records: $msg"
else
	fail "unload: $msg"
	finish
fi
# shellcheck disable=SC2119 # no module parameters
smtp25_load || { fail "insmod smtp25 again"; finish; }
check "namespace and rule again" quar_setup
run qctl -j quarantine list
check "a fresh module: nobody in quarantine" test "$out" = "[]"
ok "restore: smtp25ctl -b SAVE" qctl -b "$TMPDIR/save"
run qctl -j quarantine list
check "restored: every host with its count" py '
q = {e["address"]: e["offences"] for e in j}
assert q == {"10.25.0.10": 3, "192.0.2.9": 7, "2001:db8::9": 2, "192.0.2.8": 1}, q' "$out"
qctl save >"$TMPDIR/save2"
same "a save of the restored state: the same counts" \
	"$(grep '^quarantine add' "$TMPDIR/save" | sed 's/ expires [0-9]*//')" \
	"$(grep '^quarantine add' "$TMPDIR/save2" | sed 's/ expires [0-9]*//')"

# --- the next automatic quarantine is doubled by the restored count ------------
# Released by hand rather than waited for (the emulated VM is slow): its
# record, and so its count, is remembered all the same.
ok "the restored offender released by hand" qctl quarantine del $H
check "... back in dyn" pool_is $H dyn 2
attempts 2
check "2 attempts: below the threshold, still in dyn" pool_is $H dyn 1
attempts 1
check "the 3rd attempt quarantines it again" pool_is $H quarantine 5
run qctl -j quarantine list
check "4th offence, caught in dyn: 2 s doubled 3 times, 16 s" py '
e = [e for e in j if e["address"] == "10.25.0.10"][0]
assert e["offences"] == 4 and e["reason"] == "blocked" and e["pool"] == "dyn", e
assert 15 <= e["expires"] - e["since"] <= 17, e' "$out"
run qctl -j host show $H
check "its host entry counts 4 offences, quarantined" py '
assert j["offences"] == 4 and j["quarantined"], j' "$out"

# --- a save of an older smtp25ctl: no counts ------------------------------------
sed 's/ offences [0-9]*$//' "$TMPDIR/save" >"$TMPDIR/old"
check "the old save has no offences" sh -c "! grep -q offences '$TMPDIR/old'"
ns_new smtp25-q2
ok "an old save restores" ip netns exec smtp25-q2 "$CTL" -b "$TMPDIR/old"
run ip netns exec smtp25-q2 "$CTL" -j quarantine list
check "... every host as a first offence" py '
assert sorted(e["address"] for e in j) == ["10.25.0.10", "192.0.2.8", "192.0.2.9", "2001:db8::9"], j
assert all(e["offences"] == 1 for e in j), j' "$out"

# --- malformed netlink --------------------------------------------------------------
ns_new smtp25-q3
if PYTHONPATH=$vm/py ip netns exec smtp25-q3 python3 "$vm/py/test_quar_offences.py"; then
	pass "offences over netlink (see above)"
else
	fail "offences over netlink (see above)"
fi
finish
