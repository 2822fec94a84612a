#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side test runner: pid 1 of the test VM (started by initramfs-init
# through switch_root). Never run this on a host.
#
# Reads $smtp25_results/config.env (written by run.sh), runs every test in a
# fresh network namespace with a timeout, checks the kernel log after each,
# and records one line per test in $smtp25_results/status:
#   NAME pass|fail|skip rc=N time=SECONDSs
# A "done" file marks a complete run; then the VM powers off.
#
# No set -e: one failing test must not stop the run (and pid 1 exiting
# panics the kernel).
set -u

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# LANG=C: no locale files to load at every exec (slow over 9p and TCG).
export HOME=/root LANG=C TERM=dumb

R=${smtp25_results:?smtp25_results not set}
# shellcheck source=/dev/null
. "$R/config.env"
: "${SMTP25_REPO:?}" "${SMTP25_TESTS:?}" "${SMTP25_TEST_TIMEOUT:=300}"
: "${SMTP25_MODPROBE:=}" "${SMTP25_VM_TRACE:=0}"
# Trace the runner on the console, with times, to see where a slow run goes.
if [ "$SMTP25_VM_TRACE" = 1 ]; then
	PS4='+ $EPOCHREALTIME '
	set -x
fi

say() { echo "vm: $*"; }

poweroff_now() {
	sync
	# sysrq 'o' works whatever the host's userland is (no init system here).
	echo o >/proc/sysrq-trigger
	sleep 30
}

# Mount a fresh tmpfs on DIR, unless the repo or the results live under it
# (they come from the host tree, which a tmpfs would hide; the overlay keeps
# DIR writable anyway).
mount_tmpfs() {
	local d=$1 mode=$2
	case "$SMTP25_REPO/ $R/" in
	"$d"/*) say "not hiding $d: the repo or the results live there"; return 0 ;;
	esac
	mount -t tmpfs -o "mode=$mode,nosuid,nodev" tmpfs "$d"
}

setup() {
	mkdir -p /dev/pts /dev/shm
	mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
	mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
	mount_tmpfs /tmp 1777
	mount_tmpfs /run 0755
	# ip netns keeps its namespace files here; it must not be the host's.
	mkdir -p /run/netns /var/run
	[ -L /var/run ] || mount --bind /run /var/run
	mount -t tmpfs -o mode=0755 tmpfs /run/netns
	mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null || true
	hostname smtp25-vm
	ip link set lo up
	# Boot messages are not any test's business.
	dmesg -C
	# Everything to the console log (build/vm/console.log on the host), so a
	# crash leaves the messages that led to it.
	echo 7 >/proc/sys/kernel/printk
	# The module under test is a snapshot copied into the results share.
	export SMTP25_KO=$R/smtp25.ko SMTP25_RESULTS=$R SMTP25_REPO
	# The module under test is the one the tests insmod. A copy installed
	# on the host (smtp25-dkms, in /lib/modules) must not be autoloaded in
	# its place by a netlink request or an iptables rule; an explicit
	# modprobe still loads it (60-packages, which also lifts this to test
	# autoloading). The overlay keeps the host's /etc untouched.
	mkdir -p /etc/modprobe.d
	echo "blacklist smtp25" >/etc/modprobe.d/smtp25-vm.conf
	# Process substitution <(...) needs /dev/fd, which devtmpfs lacks.
	[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
	local m
	for m in $SMTP25_MODPROBE; do
		modprobe "$m" || say "modprobe $m failed"
	done
}

# Kernel log lines that fail a test whatever its exit code.
SPLAT='WARNING:|BUG:|Oops|general protection|Kernel panic|Call Trace:'
SPLAT+='|rcu: INFO|detected stall|suspicious RCU usage|INFO: task .* blocked'
SPLAT+='|UBSAN|KASAN|kmemleak|refcount_t:|list_(add|del) corruption'
SPLAT+='|smtp25:.*[Ll]eak|smtp25: unloaded, [1-9][0-9]* bytes'

run_one() {
	local t=$1 name rc pid status out dm bad t0 secs
	name=${t##*/}
	name=${name%.sh}
	out=$R/$name.log
	dm=$R/$name.dmesg
	say "running $name"
	echo "smtp25-vm: start $name" >/dev/kmsg
	t0=$EPOCHREALTIME
	export TMPDIR=/tmp/$name
	mkdir -p "$TMPDIR"
	# A new netns with lo up. timeout makes its own process group: killing
	# that group afterwards ends whatever the test left running in the
	# background.
	# shellcheck disable=SC2016 # $0 is expanded by the inner shell
	timeout -k 5 "$SMTP25_TEST_TIMEOUT" \
		unshare --net -- /bin/bash -c 'ip link set lo up && exec "$0"' "$t" \
		</dev/null >"$out" 2>&1 &
	pid=$!
	wait "$pid"
	rc=$?
	kill -KILL -- "-$pid" 2>/dev/null
	case $rc in
	0) status=pass ;;
	# Only skip() says skip: a command failing with status 4 under set -e
	# (iptables does for a rule the kernel refuses) is a failure.
	4)
		if grep -q '^SKIP: ' "$out"; then
			status=skip
		else
			status=fail
			echo "FAIL: $name: exit status 4 without a SKIP line" >>"$out"
		fi
		;;
	124 | 137)
		status=fail
		echo "FAIL: $name: timed out after ${SMTP25_TEST_TIMEOUT}s" >>"$out"
		;;
	*) status=fail ;;
	esac
	# Namespaces made with ip netns add must not leak into the next test.
	ip -all netns delete 2>/dev/null
	# A test must leave the module unloaded; unload it here so the next test
	# starts clean and this unload's line is checked too.
	if [ -d /sys/module/smtp25 ]; then
		echo "NOTE: $name left smtp25 loaded; runner unloads it" >>"$out"
		rmmod smtp25 >>"$out" 2>&1 || {
			echo "FAIL: $name: rmmod smtp25 after the test failed" >>"$out"
			status=fail
		}
	fi
	# Let deferred work (netns cleanup, RCU callbacks) print before looking.
	sleep 0.2
	echo "smtp25-vm: end $name" >/dev/kmsg
	# Read and clear in one call: what arrives later goes to the next test.
	dmesg -c >"$dm"
	bad=$(grep -E "$SPLAT" "$dm")
	if [ -n "$bad" ]; then
		{
			echo "FAIL: $name: kernel log has errors:"
			printf '    %s\n' "${bad//$'\n'/$'\n'    }"
		} >>"$out"
		status=fail
	fi
	# Whole seconds and tenths, from microsecond timestamps, without a fork.
	secs=$(((${EPOCHREALTIME/./} - ${t0/./}) / 100000))
	secs=$((secs / 10)).$((secs % 10))
	echo "$name $status rc=$rc time=${secs}s" >>"$R/status"
	say "$name: $status (rc=$rc, ${secs}s)"
}

setup
for t in $SMTP25_TESTS; do
	run_one "$t"
done
echo ok >"$R/done"
poweroff_now
