# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Helpers for tests/vm/tests/*.sh, sourced inside the VM.
# Environment from the runner: SMTP25_KO (module to test), SMTP25_REPO,
# SMTP25_RESULTS, TMPDIR (private to the test).

: "${SMTP25_KO:?run this inside the VM, through tests/vm/run.sh}"

# Exit codes, kernel selftest style.
ksft_pass=0
ksft_fail=1
ksft_skip=4

nfail=0

pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
skip() { echo "SKIP: $*"; exit "$ksft_skip"; }
# Ends a test: 0 if no fail() was called, 1 otherwise.
finish() {
	[ "$nfail" -eq 0 ] && exit "$ksft_pass"
	exit "$ksft_fail"
}

# check DESCRIPTION CMD...: PASS if CMD succeeds, FAIL otherwise.
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}

# need_cmd CMD...: skip the test unless every CMD exists.
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || skip "$c not installed"
	done
}

# need_modules MOD...: modprobe Debian modules a test depends on
# (x_tables, nfnetlink, nf_tables, ...); skip if one is missing.
need_modules() {
	local m
	for m in "$@"; do
		modprobe "$m" || skip "module $m not available"
	done
}

# prefer_build_plugin: iptables, ip6tables and nft look for plugins in the
# tree's build/libnft-ext (libxt_smtp25.so, once built) before the system's
# directory: exports XTABLES_LIBDIR=BUILD:SYSTEM. Sets xt_plugdir to the
# build's directory (s25-policy-test is there too) and xt_syslibdir to the
# system's alone (xtables' xtlibdir, from pkg-config).
prefer_build_plugin() {
	xt_plugdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)/build/libnft-ext
	need_cmd pkg-config
	xt_syslibdir=$(pkg-config --variable=xtlibdir xtables) || xt_syslibdir=
	[ -n "$xt_syslibdir" ] ||
		skip "pkg-config knows no xtlibdir of xtables: install libxtables-dev"
	export XTABLES_LIBDIR=$xt_plugdir:$xt_syslibdir
}

# use_build_plugin: prefer_build_plugin for a test that needs the plugin:
# skips the test if libxt_smtp25.so is not built.
use_build_plugin() {
	prefer_build_plugin
	[ -f "$xt_plugdir/libxt_smtp25.so" ] ||
		skip "$xt_plugdir/libxt_smtp25.so missing: run 'make -C libnft-ext' first"
}

# xt_t_check FILE.t IPTABLES...: tests/vm/run-xt-t.sh, FILE.t's rules
# (with a save | restore round trip), under each IPTABLES in turn
# (iptables-legacy, ip6tables-nft, ...): a PASS with its summary line, or
# its FAIL lines and a FAIL.
xt_t_check() {
	local t=$1 ipt out
	shift
	for ipt in "$@"; do
		if out=$("$(dirname "${BASH_SOURCE[0]}")/run-xt-t.sh" "$ipt" "$t" 2>&1); then
			pass "${t##*/}: ${out##*$'\n'}"
		else
			echo "$out" | grep '^FAIL' || true
			fail "${t##*/}: ${out##*$'\n'}"
		fi
	done
}

# Kernel log since a mark: kmsg_mark NAME, later kmsg_since NAME.
# Marks instead of dmesg -C: the runner reads the whole log after the test.
kmsg_mark() { echo "smtp25-test: mark $1" >/dev/kmsg; }
kmsg_since() { dmesg | sed -n "/smtp25-test: mark $1\$/,\$p"; }

smtp25_loaded() { [ -d /sys/module/smtp25 ]; }

# smtp25_load [PARAM=VALUE...]: insmod the module under test.
# insmod resolves no dependencies: load those (x_tables) from Debian first.
smtp25_load() {
	local dep
	for dep in $(modinfo -F depends "$SMTP25_KO" | tr ',' ' '); do
		modprobe "$dep" || return
	done
	insmod "$SMTP25_KO" "$@"
}

# smtp25_unload: rmmod the module and require its unload line reporting
# 0 bytes still allocated. Prints the line's number; fails otherwise.
smtp25_unload() {
	local mark=unload.$$.$RANDOM line n i
	# Rules in namespaces just deleted hold the module until the kernel's
	# netns cleanup (a work item) has run: give it up to 10 s.
	for i in $(seq 100); do
		[ "$(cat /sys/module/smtp25/refcnt 2>/dev/null)" = 0 ] && break
		sleep 0.1
		: "$i"
	done
	kmsg_mark "$mark"
	rmmod smtp25 || { echo "rmmod smtp25 failed"; return 1; }
	line=$(kmsg_since "$mark" |
		grep -oE 'smtp25: unloaded, [0-9]+ bytes still allocated' | tail -n1)
	if [ -z "$line" ]; then
		echo "no 'smtp25: unloaded, N bytes still allocated' line in the kernel log"
		return 1
	fi
	n=${line#smtp25: unloaded, }
	n=${n%% *}
	echo "$line"
	[ "$n" -eq 0 ]
}

# ns_new NAME: a named network namespace with lo up, removed at cleanup by
# ns_cleanup (call it from the test's EXIT trap).
ns_list=
ns_new() {
	ip netns add "$1"
	ip -n "$1" link set lo up
	ns_list="$ns_list $1"
}
ns_cleanup() {
	local n
	for n in $ns_list; do ip netns del "$n" 2>/dev/null; done
	ns_list=
}

# ns_test_exit: the EXIT trap of a test that loads the module and builds
# namespaces (trap ns_test_exit EXIT). Kills the background helper whose
# PID the test put in $bg_pid, if any, deletes the namespaces and unloads
# the module if it is still loaded; a test that stops early leaves the VM
# clean for the next one.
bg_pid=
# shellcheck disable=SC2317 # invoked by the EXIT trap
ns_test_exit() {
	# Gone already if the test stopped it: not an error under set -e.
	[ -z "$bg_pid" ] || kill "$bg_pid" 2>/dev/null || true
	ns_cleanup
	smtp25_loaded && smtp25_unload >/dev/null
	true
}

# flood_pair A B: namespaces A and B (ns_new) joined by a veth, veth-a
# 192.0.2.2/24 in A and veth-b 192.0.2.1/24 in B, both up, with B's
# reverse path filter off: B takes the packets s25flood sends from A with
# made-up sources.
flood_pair() {
	local c
	ns_new "$1"
	ns_new "$2"
	ip link add veth-a netns "$1" type veth peer name veth-b netns "$2"
	ip -n "$1" addr add 192.0.2.2/24 dev veth-a
	ip -n "$2" addr add 192.0.2.1/24 dev veth-b
	ip -n "$1" link set veth-a up
	ip -n "$2" link set veth-b up
	for c in all default veth-b; do
		ip netns exec "$2" sysctl -qw "net.ipv4.conf.$c.rp_filter=0"
	done
}
