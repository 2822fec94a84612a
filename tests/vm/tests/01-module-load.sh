#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module loads, shows up in /sys/module and lsmod, unloads, and does it
# all twice; every unload reports 0 bytes still allocated. (The runner also
# fails the test on any WARNING/BUG/Oops/RCU/leak line in the kernel log.)
#
# No network topology: module load and unload are global.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	smtp25_loaded && rmmod smtp25 2>/dev/null
	true
}
trap cleanup EXIT

check "module file exists ($SMTP25_KO)" test -f "$SMTP25_KO"
vermagic=$(modinfo -F vermagic "$SMTP25_KO" | cut -d' ' -f1)
check "vermagic $vermagic matches the running kernel $(uname -r)" \
	test "$vermagic" = "$(uname -r)"
if smtp25_loaded; then
	fail "smtp25 already loaded before the test"
	finish
fi

for round in 1 2; do
	# shellcheck disable=SC2119 # no module parameters here
	if ! smtp25_load; then
		fail "round $round: insmod"
		break
	fi
	pass "round $round: insmod"
	check "round $round: /sys/module/smtp25 exists" smtp25_loaded
	check "round $round: lsmod lists smtp25" \
		sh -c 'lsmod | grep -q "^smtp25 "'
	if msg=$(smtp25_unload); then
		pass "round $round: rmmod; $msg"
	else
		fail "round $round: rmmod; $msg"
	fi
	check "round $round: /sys/module/smtp25 gone" \
		test ! -e /sys/module/smtp25
done

finish
