#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs the VM tests (tests/vm/tests/NN-name.sh) against a freshly built
# smtp25.ko inside qemu with Debian's stock kernel.
#
#   tests/vm/run.sh [TEST...]      TEST: a path, a name or a name prefix ("01")
#
#   host                                 guest (qemu -accel tcg, Debian kernel)
#   +---------------------------+        +------------------------------------+
#   | /  (whole host tree) -----|--9p ro-|-> overlay (tmpfs upper) = guest /  |
#   | build/vm/results ---------|--9p rw-|-> same path: logs, status, done    |
#   | build/vm/initramfs.cpio --|--------|-> /init: insmod virtio+9p+overlay, |
#   +---------------------------+        |   switch_root -> tests/vm/guest.sh |
#                                        |   each test: own netns, timeout,   |
#                                        |   dmesg checked afterwards         |
#                                        +------------------------------------+
#
# Environment:
#   SMTP25_KO           module to test (default: $repo/smtp25.ko, `make module`)
#   SMTP25_KVER         kernel to boot (default: the module's vermagic)
#   SMTP25_VM_TIMEOUT   whole-VM timeout in seconds (default 1500)
#   SMTP25_TEST_TIMEOUT per-test timeout in seconds (default 300)
#   SMTP25_MODPROBE     Debian modules the guest loads before any test
#   SMTP25_VM_APPEND    extra kernel command line words
#   SMTP25_VM_SMP       guest CPUs (default 2)
#   SMTP25_VM_TCG       extra -accel tcg options; "thread=single" runs both vCPUs
#                       in one host thread: less parallel, faster on a busy host
#   SMTP25_VM_TRACE=1   trace the guest runner (set -x, with times) on the console
#   SMTP25_PACKAGES=1   the Debian packages must be installed (make check: the
#                       packages' test fails instead of skipping without them)
#   V=1                 show the guest console while it runs
#   SMTP25_VM_LIVE=1    show what the tests write to the console, as it comes
#                       (the demonstration's narration)
#
# Output: each test's log, then build/results/vm.txt holding one line
# "passed=N failed=N skipped=N", and a line "vm: N passed, N failed, N skipped".
# Exits non-zero if a test failed or the VM did not complete its run (a crash
# or a timeout fails the tests it did not finish, never passes silently).
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)
vmdir=$repo/build/vm
results=$vmdir/results
summary=$repo/build/results/vm.txt

die() { echo "vm: error: $*" >&2; exit 2; }

# No stale summary: if this run stops early, there is none at all.
rm -f "$summary"

# Modules the initramfs needs to mount the host tree, in this order.
initrd_modules="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev
	virtio_pci 9pnet 9pnet_virtio netfs fscache 9p overlay"

ko=${SMTP25_KO:-$repo/smtp25.ko}
[ -f "$ko" ] || die "module $ko not found: run 'make module' first (or set SMTP25_KO)"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (apt-get install qemu-system-x86)"
busybox=$(command -v busybox) || die "busybox missing (apt-get install busybox-static)"
# The initramfs has no libc: busybox must be static.
if ldd "$busybox" >/dev/null 2>&1; then
	die "$busybox is dynamically linked: apt-get install busybox-static"
fi

# Boot the kernel the module was built for.
kver=${SMTP25_KVER:-$(modinfo -F vermagic "$ko" | cut -d' ' -f1)}
[ -n "$kver" ] || die "cannot read the vermagic of $ko"
kernel=/boot/vmlinuz-$kver
[ -r "$kernel" ] || die "$kernel not found: apt-get install linux-image-amd64 (module built for $kver)"
[ -d "/lib/modules/$kver" ] || die "/lib/modules/$kver missing"

# Which tests: all by default, else each argument as a path or a name prefix.
tests=()
if [ $# -eq 0 ]; then
	for t in "$here"/tests/[0-9][0-9]-*.sh; do
		[ -e "$t" ] && tests+=("$t")
	done
else
	for a in "$@"; do
		if [ -f "$a" ]; then
			tests+=("$(cd "$(dirname "$a")" && pwd -P)/$(basename "$a")")
			continue
		fi
		# A name or prefix selects every test it starts ("0" runs 00..09).
		m=("$here"/tests/"${a%.sh}"*.sh)
		[ -e "${m[0]}" ] || die "no test matches '$a'"
		tests+=("${m[@]}")
	done
fi
[ ${#tests[@]} -gt 0 ] || die "no tests in $here/tests"
for t in "${tests[@]}"; do
	[ -x "$t" ] || die "$t is not executable"
done

mkdir -p "$vmdir" "$(dirname "$summary")"
# One run at a time: the results share and the initramfs are shared state.
exec 9>"$vmdir/lock"
flock -n 9 || { echo "vm: waiting for another run to finish" >&2; flock 9; }

# --- initramfs, rebuilt only when an input changes ---------------------------
mod_files=()
for m in $initrd_modules; do
	f=$(modprobe -S "$kver" --show-depends "$m" | awk '$1 == "insmod" { f = $2 } END { print f }')
	[ -n "$f" ] || die "modprobe -S $kver --show-depends $m found no module file"
	mod_files+=("$f")
done
initrd=$vmdir/initramfs-$kver.cpio
key=$(
	echo "$kver"
	sha256sum "$busybox" "$here/initramfs-init" "${mod_files[@]}"
)
key=$(echo "$key" | sha256sum | cut -d' ' -f1)
if [ ! -f "$initrd" ] || [ "$(cat "$initrd.key" 2>/dev/null)" != "$key" ]; then
	echo "vm: building initramfs for $kver"
	stage=$(mktemp -d "$vmdir/initramfs.XXXXXX")
	trap 'rm -rf "$stage"' EXIT
	mkdir -p "$stage"/{bin,dev,proc,sys,lib/modules}
	cp "$busybox" "$stage/bin/busybox"
	install -m 0755 "$here/initramfs-init" "$stage/init"
	: >"$stage/modules.order"
	for f in "${mod_files[@]}"; do
		b=$(basename "$f")
		# busybox insmod cannot read compressed modules: unpack them here.
		case "$f" in
		*.ko.xz) xz -dc "$f" >"$stage/lib/modules/${b%.xz}"; b=${b%.xz} ;;
		*.ko.zst) zstd -qdc "$f" >"$stage/lib/modules/${b%.zst}"; b=${b%.zst} ;;
		*.ko.gz) gzip -dc "$f" >"$stage/lib/modules/${b%.gz}"; b=${b%.gz} ;;
		*) cp "$f" "$stage/lib/modules/$b" ;;
		esac
		echo "$b" >>"$stage/modules.order"
	done
	# Uncompressed: the kernel unpacks it faster than it would gunzip it.
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0) >"$initrd.tmp"
	mv "$initrd.tmp" "$initrd"
	echo "$key" >"$initrd.key"
	rm -rf "$stage"
	trap - EXIT
fi

# --- kernel: boot the uncompressed vmlinux when possible ----------------------
# qemu loads an ELF vmlinux directly (PVH entry) and skips the in-guest xz
# decompression of bzImage, which costs seconds under TCG. Cached; falls back
# to bzImage if the kernel has no PVH entry or is not xz-compressed.
boot_kernel=$kernel
if grep -q '^CONFIG_PVH=y' "/boot/config-$kver" 2>/dev/null; then
	vmlinux=$vmdir/vmlinux-$kver
	vkey=$(sha256sum "$kernel" | cut -d' ' -f1)
	if [ ! -f "$vmlinux" ] || [ "$(cat "$vmlinux.key" 2>/dev/null)" != "$vkey" ]; then
		rm -f "$vmlinux" "$vmlinux.key"
		# The xz stream starts at one of the magic's matches (the first one
		# that decompresses to an ELF file).
		LC_ALL=C grep -abo $'\xfd7zXZ' "$kernel" | cut -d: -f1 | while read -r off; do
			if tail -c "+$((off + 1))" "$kernel" |
				xz -dc --single-stream >"$vmlinux.tmp" 2>/dev/null &&
				[ "$(head -c 4 "$vmlinux.tmp")" = $'\x7fELF' ]; then
				mv "$vmlinux.tmp" "$vmlinux"
				echo "$vkey" >"$vmlinux.key"
				break
			fi
		done || true
		rm -f "$vmlinux.tmp"
	fi
	[ -f "$vmlinux" ] && boot_kernel=$vmlinux
fi

# --- results share -----------------------------------------------------------
rm -rf "$results"
mkdir -p "$results"
# A snapshot of the module: the guest hides the host's /tmp and /run, and a
# rebuild during the run must not change what is tested.
cp "$ko" "$results/smtp25.ko"
{
	printf 'SMTP25_REPO=%q\n' "$repo"
	printf 'SMTP25_TESTS=%q\n' "${tests[*]}"
	printf 'SMTP25_TEST_TIMEOUT=%q\n' "${SMTP25_TEST_TIMEOUT:-300}"
	printf 'SMTP25_MODPROBE=%q\n' "${SMTP25_MODPROBE:-}"
	printf 'SMTP25_VM_TRACE=%q\n' "${SMTP25_VM_TRACE:-0}"
	# for the packages' test (60): which module file this is, and whether
	# the packages must be installed (make check) or may be missing
	printf 'SMTP25_KO_SRC=%q\n' "$(cd "$(dirname "$ko")" && pwd -P)/$(basename "$ko")"
	printf 'SMTP25_PACKAGES=%q\n' "${SMTP25_PACKAGES:-0}"
} >"$results/config.env"

# --- boot ----------------------------------------------------------------------
case "$repo$results" in
*[[:space:]]*) die "the repo path must not contain spaces (it goes on the kernel command line)" ;;
esac
append="console=ttyS0 quiet panic=-1 panic_on_warn=1"
append+=" smtp25_results=$results smtp25_runner=$here/guest.sh"
append+=" ${SMTP25_VM_APPEND:-}"

console=$vmdir/console.log
echo "vm: booting $kver with $ko (${#tests[@]} test(s))"
start=$EPOCHREALTIME
set +e
# TCG only: KVM does not work on these machines (environment.md).
# -no-reboot: a panic (panic=-1) ends qemu instead of rebooting.
timeout -k 10 "${SMTP25_VM_TIMEOUT:-1500}" qemu-system-x86_64 \
	-accel "tcg${SMTP25_VM_TCG:+,$SMTP25_VM_TCG}" -cpu max -m 1024 -smp "${SMTP25_VM_SMP:-2}" \
	-nographic -no-reboot -nic none -vga none \
	-kernel "$boot_kernel" -initrd "$initrd" -append "$append" \
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$results,mount_tag=results,security_model=none,multidevs=remap" \
	</dev/null 2>&1 | if [ "${V:-0}" = 1 ]; then
		tee "$console"
	elif [ "${SMTP25_VM_LIVE:-0}" = 1 ]; then
		# What the tests write to the console, from the first one on,
		# without firmware noise and timestamped kernel lines.
		tee "$console" | awk '/vm: running / { on = 1; next }
			on && !/^\[ *[0-9]+\.[0-9]+\]/ && !/^vm: / { print; fflush() }'
	else
		cat >"$console"
	fi
qrc=${PIPESTATUS[0]}
set -e
elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

# --- report --------------------------------------------------------------------
passed=0 failed=0 skipped=0
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	echo "=== $name"
	[ -f "$results/$name.log" ] && cat "$results/$name.log"
	line=$(awk -v n="$name" '$1 == n' "$results/status" 2>/dev/null | tail -n1)
	status=$(echo "$line" | awk '{ print $2 }')
	took=$(echo "$line" | sed -n 's/.* time=\([^ ]*\).*/ (\1)/p')
	case "$status" in
	pass) passed=$((passed + 1)) ;;
	skip) skipped=$((skipped + 1)) ;;
	fail) failed=$((failed + 1)) ;;
	*) failed=$((failed + 1)); status="fail (no result: the VM crashed or timed out)" ;;
	esac
	echo "--- $name: $status$took"
done

complete=1
if [ ! -f "$results/done" ]; then
	complete=0
	if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
		echo "vm: FAIL: the VM timed out after ${SMTP25_VM_TIMEOUT:-1500}s"
	else
		echo "vm: FAIL: the VM stopped before finishing (qemu exit $qrc)"
	fi
	# Show the first kernel splat since the last test started, if there is
	# one (earlier ones are in their tests' logs), else the console's end.
	from=$(grep -n '^vm: running ' "$console" | tail -n1 | cut -d: -f1)
	from=${from:-1}
	first=$(tail -n "+$from" "$console" |
		grep -nE 'WARNING:|BUG:|Oops|general protection|Kernel panic|Call Trace:' |
		head -n1 | cut -d: -f1)
	if [ -n "$first" ]; then
		first=$((from + first - 1))
		echo "vm: console from the first kernel error ($console):"
		tail -n "+$((first > 3 ? first - 3 : 1))" "$console" | head -n 60 | sed 's/^/    /'
	else
		echo "vm: last console lines ($console):"
		tail -n 40 "$console" | sed 's/^/    /'
	fi
	# Never report a clean run: if every test has a result, the crash came
	# after them and still counts once.
	[ "$failed" -gt 0 ] || failed=$((failed + 1))
fi

echo "passed=$passed failed=$failed skipped=$skipped" >"$summary"
echo "vm: boot and tests took ${elapsed}s"
echo "vm: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$complete" -eq 1 ]
