#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The installed Debian packages instead of the build tree:
#   - smtp25-dkms: the module DKMS built, /lib/modules/KVER/updates/dkms/
#     smtp25.ko, loaded by modprobe, and autoloaded by smtp25ctl's netlink
#     request and by an iptables rule (its aliases);
#   - smtp25-tools: /usr/sbin/smtp25ctl, the iptables plugin from xtables'
#     own directory (no XTABLES_LIBDIR) on real packets, smtp25-save and
#     smtp25-restore as installed.
# Under `make check` (SMTP25_PACKAGES=1) the packages must be installed and
# the module every VM test loads must be DKMS's; elsewhere the test skips
# when they are not installed.
#
#   one namespace, addresses on lo:  10.25.0.10 (pool dyn, dynamic)
#                                    10.25.0.5  (pool relays, inside dyn's /24)
#                                    198.51.100.25 (no pool) listens on 25
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# SMTP25_KO_SRC and SMTP25_PACKAGES (tests/vm/run.sh)
SMTP25_KO_SRC='' SMTP25_PACKAGES=0
# shellcheck source=/dev/null
. "$SMTP25_RESULTS/config.env"

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}
if ! installed smtp25-dkms || ! installed smtp25-tools; then
	if [ "$SMTP25_PACKAGES" = 1 ]; then
		fail "smtp25-dkms and smtp25-tools are not installed, yet make check installed them (check-pkg failed?)"
		finish
	fi
	skip "smtp25-dkms and smtp25-tools are not installed (make check-pkg installs them)"
fi
need_cmd iptables python3

kver=$(uname -r)
ko=/lib/modules/$kver/updates/dkms/smtp25.ko
CTL=/usr/sbin/smtp25ctl
plugin=$(dpkg -L smtp25-tools | grep '/libxt_smtp25\.so$')
unset XTABLES_LIBDIR
vm=$(cd "$(dirname "$0")/.." && pwd -P)
s25net=(python3 "$vm/py/s25net.py")
blacklist=/etc/modprobe.d/smtp25-vm.conf

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	[ -z "${srv:-}" ] || kill "$srv" 2>/dev/null
	iptables -F OUTPUT 2>/dev/null
	# the runner's autoload block, for the tests after this one
	[ -z "${saved_blacklist:-}" ] || printf '%s\n' "$saved_blacklist" >"$blacklist"
	smtp25_loaded && smtp25_unload >/dev/null
	true
}
trap cleanup EXIT

if smtp25_loaded; then
	fail "smtp25 already loaded before the test"
	finish
fi

# --- the module DKMS installed ---------------------------------------------------
check "DKMS installed $ko for the running kernel" \
	test "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)" = "$kver"
if [ "$SMTP25_PACKAGES" = 1 ]; then
	check "every VM test of this run loads DKMS's module (SMTP25_KO=$SMTP25_KO_SRC)" \
		test "$(readlink -f "$SMTP25_KO_SRC")" = "$(readlink -f "$ko")"
	check "... and the snapshot the tests insmod is that file" cmp -s "$SMTP25_KO" "$ko"
fi
out=$(modprobe -v smtp25 2>&1)
check "modprobe smtp25 loads $ko ($out)" grep -qF "insmod $ko" <<<"$out"
check "/sys/module/smtp25 exists" smtp25_loaded

# --- smtp25ctl and the plugin, as installed ------------------------------------------
check "smtp25ctl is $CTL (on PATH, from smtp25-tools)" \
	test "$(command -v smtp25ctl)" = "$CTL"
check "pool add dyn" $CTL pool add dyn type dynamic comment "residential"
check "pool add relays" $CTL pool add relays type relay
check "prefixes" $CTL prefix add dyn 10.25.0.0/24
check "a relay inside dyn" $CTL prefix add relays 10.25.0.5
out=$($CTL -j lookup 10.25.0.10 10.25.0.5 198.51.100.25 2>&1 | python3 -c '
import json, sys
print(" ".join("%s:%s" % (a["address"], a["type"]) for a in json.load(sys.stdin)))')
check "lookup: $out" \
	test "$out" = "10.25.0.10:dynamic 10.25.0.5:relay 198.51.100.25:None"

for a in 10.25.0.10 10.25.0.5 198.51.100.25; do ip addr add "$a/32" dev lo; done
"${s25net[@]}" serve 198.51.100.25 25 &
srv=$!
for _ in $(seq 50); do
	[ "$("${s25net[@]}" connect 10.25.0.10 198.51.100.25 25)" = ok ] && break
	sleep 0.2
done
check "iptables takes the rule with the installed plugin ($plugin)" \
	iptables -A OUTPUT -p tcp --dport 25 -m smtp25 --src-type dynamic \
	-j REJECT --reject-with tcp-reset
out=$(iptables -S OUTPUT 2>&1)
check "iptables -S prints it back through the plugin" \
	grep -q -- '-m smtp25 --src-type dynamic' <<<"$out"
ans=$("${s25net[@]}" connect 10.25.0.10 198.51.100.25 25)
check "tcp/25 from dynamic 10.25.0.10: refused ($ans)" test "$ans" = refused
ans=$("${s25net[@]}" connect 10.25.0.5 198.51.100.25 25)
check "tcp/25 from relay 10.25.0.5: ok ($ans)" test "$ans" = ok
n=$(iptables -L OUTPUT -v -x -n | awk '/smtp25/ { print $1 }')
check "the rule counted exactly the one refused SYN ($n)" test "$n" = 1
iptables -F OUTPUT
kill "$srv"
srv=

# --- save and restore, as installed ------------------------------------------------
export SMTP25_CONFDIR=$TMPDIR/etc
out=$(/usr/sbin/smtp25-save 2>&1)
check "smtp25-save ($out)" test -s "$SMTP25_CONFDIR/pools.save"
before=$($CTL save | grep -v '^#')
check "pool del dyn, relays" sh -c "$CTL pool del dyn && $CTL pool del relays"
rc=0
out=$(/usr/sbin/smtp25-restore 2>&1) || rc=$?
check "smtp25-restore: exit 0 ($rc: $out)" test "$rc" -eq 0
check "... the same pools and prefixes" test "$before" = "$($CTL save | grep -v '^#')"
unset SMTP25_CONFDIR

# --- autoload from /lib/modules, which the runner blocks for other tests -------
if msg=$(smtp25_unload); then pass "rmmod: $msg"; else fail "rmmod: $msg"; fi
saved_blacklist=$(cat "$blacklist" 2>/dev/null) || saved_blacklist=
rm -f "$blacklist"
rc=0
out=$($CTL pool list 2>&1) || rc=$?
check "smtp25ctl pool list autoloads the module (genl family alias; exit $rc)" \
	test "$rc" -eq 0
check "... it is loaded" smtp25_loaded
if msg=$(smtp25_unload); then pass "rmmod: $msg"; else fail "rmmod: $msg"; fi
check "an iptables rule with -m smtp25 autoloads it (ipt_smtp25 alias)" \
	iptables -A OUTPUT -p tcp --dport 25 -m smtp25 --src-type dynamic -j DROP
check "... it is loaded" smtp25_loaded
iptables -F OUTPUT
[ -z "$saved_blacklist" ] || printf '%s\n' "$saved_blacklist" >"$blacklist"
saved_blacklist=
if msg=$(smtp25_unload); then pass "rmmod: $msg"; else fail "rmmod: $msg"; fi

finish
