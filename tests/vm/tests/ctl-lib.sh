# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for the smtp25ctl tests (1N-ctl-*.sh), sourced after ../lib.sh.
# Every check looks at what smtp25ctl printed, not only at its exit code.

# shellcheck disable=SC2034 # CTL_DATA, out, err and rc are for the tests
# the repository: the runner's, or the one this test lives in
ctl_repo=${SMTP25_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)}
CTL=$ctl_repo/build/tools/smtp25ctl
CTL_DATA=$ctl_repo/tools/tests/data
if [ ! -x "$CTL" ]; then
	echo "FAIL: $CTL is not built (make tools)"
	exit 1
fi

ctl() { "$CTL" "$@"; }

# run CMD...: run it, leaving its stdout in $out, stderr in $err, status in $rc.
run() {
	rc=0
	"$@" >"$TMPDIR/run.out" 2>"$TMPDIR/run.err" || rc=$?
	out=$(cat "$TMPDIR/run.out")
	err=$(cat "$TMPDIR/run.err")
}

# ok DESC CMD...: CMD succeeds and prints nothing on stderr.
ok() {
	local what=$1
	shift
	run "$@"
	if [ "$rc" -eq 0 ] && [ -z "$err" ]; then
		pass "$what"
	else
		fail "$what: exit $rc, stderr: $err"
	fi
}

# refused DESC STATUS TEXT CMD...: CMD exits with STATUS and its stderr
# contains TEXT.
refused() {
	local what=$1 want=$2 text=$3
	shift 3
	run "$@"
	if [ "$rc" -eq "$want" ] && [[ "$err" == *"$text"* ]]; then
		pass "$what"
	else
		fail "$what: exit $rc (want $want), stderr '$err' (want '$text')"
	fi
}

# same DESC WANT GOT: the two texts are equal; shows the difference if not.
same() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		# files, not <(...): the guest has no /dev/fd
		printf '%s\n' "$2" >"$TMPDIR/same.want"
		printf '%s\n' "$3" >"$TMPDIR/same.got"
		diff "$TMPDIR/same.want" "$TMPDIR/same.got" | sed 's/^/    /'
	fi
}

# json_same DESC WANT GOT: equal as JSON values (objects: same keys, same
# values; arrays: same order).
json_same() {
	if /usr/bin/python3 -c '
import json, sys
sys.exit(0 if json.loads(sys.argv[1]) == json.loads(sys.argv[2]) else 1)
' "$2" "$3" 2>/dev/null; then
		pass "$1"
	else
		fail "$1: want $2, got $3"
	fi
}

# pools_same DESC WANT GOT: json_same for pool list and pool show output,
# where each WANT pool lacking them gets the members of a new pool: no
# limits or thresholds, the default window and expiry, IPv6 hosts per /64
# in a dynamic pool and per address in the others, no counts.
pools_same() {
	if /usr/bin/python3 -c '
import json, sys
fresh = {"limit_host": None, "limit_pool": None, "quarantine_after": None,
         "quarantine_dests": None, "window": 60, "expires": 3600,
         "account_prefix6": 64,
         "blocked": 0, "allowed": 0, "over_limit": 0, "quarantines": 0}
want = json.loads(sys.argv[1])
for p in want if isinstance(want, list) else [want]:
    fresh["account_prefix6"] = 64 if p.get("type") == "dynamic" else 128
    for k, v in fresh.items():
        p.setdefault(k, v)
sys.exit(0 if want == json.loads(sys.argv[2]) else 1)
' "$2" "$3" 2>/dev/null; then
		pass "$1"
	else
		fail "$1: want $2 (and a new pool's accounting), got $3"
	fi
}

# Start each test with the module loaded and end it unloaded, with nothing
# leaked (the runner checks the kernel log as well).
ctl_setup() {
	# shellcheck disable=SC2119 # no module parameters
	smtp25_load || { fail "insmod smtp25"; finish; }
	trap ctl_cleanup EXIT
}
# shellcheck disable=SC2317 # invoked by the EXIT trap
ctl_cleanup() {
	local msg
	ns_cleanup
	if smtp25_loaded; then
		if msg=$(smtp25_unload); then
			pass "rmmod: $msg"
		else
			fail "rmmod: $msg"
			exit 1
		fi
	fi
}
