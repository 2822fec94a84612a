#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The Debian packages, as an administrator meets them:
#   - dpkg-buildpackage -us -uc -b builds smtp25-dkms and smtp25-tools
#     (in a copy of the tree under build/pkg/, see build.sh);
#   - lintian finds no error in them;
#   - they hold what they must;
#   - they install on this machine (apt-get, from the .deb files): DKMS
#     adds, builds and installs smtp25.ko for Debian's kernel KVER (the
#     one whose headers are at $KDIR, which the VM tests boot);
#   - what got installed works: the module's file, its aliases known to
#     modprobe, smtp25ctl, the iptables plugin, the unit (systemd-analyze
#     verify), enabled at boot, the bash completion.
# When DKMS installed the module, build/pkg/installed-ko names it, for
# `make check` to run the VM tests with it (check-vm-packaged).
#
# Needs root for the installation. Leaves the packages installed; remove
# them with: apt-get purge smtp25-dkms smtp25-tools
#
# Writes build/results/pkg.txt ("passed=N failed=N skipped=N"). A step
# that cannot run because an earlier one failed counts as failed, never
# as passed or skipped.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd -P)
out=$top/build/pkg
results=$top/build/results
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
kdir=${KDIR:-$(find /lib/modules -mindepth 2 -maxdepth 2 -name build 2>/dev/null |
	sort -V | tail -n1)}
kver=$(basename "$(dirname "$kdir")")
npass=0 nfail=0
rm -f "$results/pkg.txt"
mkdir -p "$out" "$results"
rm -f "$out/installed-ko"

pass() { echo "PASS: $*"; npass=$((npass + 1)); }
fail() { echo "FAIL: $*"; nfail=$((nfail + 1)); }
# check DESC CMD...
check() {
	local what=$1
	shift
	if "$@"; then pass "$what"; else fail "$what"; fi
}
indent() { sed 's/^/    /'; }
finish() {
	echo "passed=$npass failed=$nfail skipped=0" >"$results/pkg.txt"
	echo "pkg: $npass passed, $nfail failed, 0 skipped"
	exit $((nfail > 0))
}
# not_run WHY: the steps left depend on one that failed.
not_run() {
	fail "the remaining steps did not run: $1"
	finish
}

[ -n "$version" ] || { fail "dkms.conf has no PACKAGE_VERSION"; finish; }
check "one version: dkms.conf's $version is debian/changelog's" \
	test "$version" = "$(cd "$top" && dpkg-parsechangelog -S Version)"
[[ "$kdir" == /lib/modules/*/build && -d "$kdir" ]] ||
	{ fail "no kernel headers in /lib/modules/*/build (KDIR='$kdir')"; finish; }
echo "pkg: kernel $kver (headers in $kdir)"

# --- build --------------------------------------------------------------------
# nocheck: the unit tests that debian/rules would run are suites of their
# own in `make check`.
t0=$SECONDS
if DEB_BUILD_OPTIONS=nocheck "$top/tests/pkg/build.sh"; then
	pass "dpkg-buildpackage -us -uc -b ($((SECONDS - t0))s)"
else
	fail "dpkg-buildpackage -us -uc -b"
	not_run "the packages did not build"
fi
dkms_deb=$out/smtp25-dkms_${version}_all.deb
tools_deb=$(ls "$out"/smtp25-tools_"${version}"_*.deb)
check "both packages built" test -f "$dkms_deb" -a -f "$tools_deb"

# --- lintian ------------------------------------------------------------------
t0=$SECONDS
if lintian --fail-on error "$out"/smtp25_"${version}"_*.changes >"$out/lintian.log" 2>&1; then
	pass "lintian: no error ($(grep -c '^W: ' "$out/lintian.log") warnings, $((SECONDS - t0))s)"
else
	fail "lintian found errors:"
	grep -E '^[EW]: ' "$out/lintian.log" | indent
fi
grep -E '^W: ' "$out/lintian.log" | indent || true

# --- contents -----------------------------------------------------------------
dpkg-deb -c "$tools_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$out/tools.files"
dpkg-deb -c "$dkms_deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$out/dkms.files"
xtlibdir=$(pkg-config --variable=xtlibdir xtables)
missing=
for f in /usr/sbin/smtp25ctl /usr/sbin/smtp25-restore /usr/sbin/smtp25-save \
	"$xtlibdir/libxt_smtp25.so" /lib/systemd/system/smtp25.service \
	/usr/share/bash-completion/completions/smtp25ctl \
	/usr/share/man/man8/smtp25ctl.8.gz /usr/share/man/man8/iptables-smtp25.8.gz \
	/usr/share/man/man8/smtp25-restore.8.gz /usr/share/man/man8/smtp25-save.8.gz \
	/usr/share/man/man5/smtp25-policy.conf.5.gz; do
	grep -qxF "$f" "$out/tools.files" || missing+=" $f"
done
check "smtp25-tools holds smtp25ctl, the plugin in $xtlibdir, the unit, the scripts, completion, man pages${missing:+ (missing:$missing)}" \
	test -z "$missing"
missing=
src=/usr/src/smtp25-$version
for f in "$src/dkms.conf" "$src/Kbuild" "$src/kmod/smtp25_main.c" \
	"$src/include/uapi/linux/smtp25.h"; do
	grep -qxF "$f" "$out/dkms.files" || missing+=" $f"
done
check "smtp25-dkms holds the module source in $src${missing:+ (missing:$missing)}" \
	test -z "$missing"
# shellcheck disable=SC2317 # called through check
no_objects() { ! grep -E '\.(o|ko|cmd|mod|mod\.c)$' "$out/dkms.files"; }
check "smtp25-dkms holds no object files" no_objects
check "smtp25-dkms depends on dkms" grep -q dkms <<<"$(dpkg-deb -f "$dkms_deb" Depends)"

# --- install ------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
	fail "installing the packages needs root"
	not_run "the packages are not installed"
fi
# Purge first: a first installation is what builds for every kernel, and
# no earlier build may stand in for this one.
apt=(apt-get -o DPkg::Lock::Timeout=600 -y -q)
if dpkg-query -W -f='${db:Status-Abbrev}\n' smtp25-dkms smtp25-tools 2>/dev/null | grep -q '^[ih]'; then
	DEBIAN_FRONTEND=noninteractive "${apt[@]}" purge smtp25-dkms smtp25-tools \
		>"$out/purge.log" 2>&1 || { cat "$out/purge.log"; }
fi
t0=$SECONDS
if DEBIAN_FRONTEND=noninteractive "${apt[@]}" install --no-install-recommends \
	"$dkms_deb" "$tools_deb" >"$out/install.log" 2>&1; then
	pass "apt-get install smtp25-dkms smtp25-tools ($((SECONDS - t0))s)"
else
	fail "apt-get install smtp25-dkms smtp25-tools; the end of build/pkg/install.log:"
	tail -n 30 "$out/install.log" | indent
	not_run "the packages did not install"
fi
grep -E 'Building|Signing|Installing to|Error|error' "$out/install.log" | indent || true

# --- what DKMS installed ----------------------------------------------------------
ko=/lib/modules/$kver/updates/dkms/smtp25.ko
status=$(dkms status -m smtp25 -v "$version" -k "$kver" 2>&1)
check "dkms status: smtp25/$version installed for $kver ($status)" \
	grep -q "^smtp25/$version, $kver, .*: installed" <<<"$status"
if [ -f "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ]; then
	pass "$ko exists, built for $kver"
	# the module the VM tests of `make check` load
	echo "$ko" >"$out/installed-ko"
else
	fail "$ko exists, built for $kver"
fi
check "modprobe resolves smtp25 to $ko" \
	test "$(modprobe -S "$kver" --show-depends smtp25 2>/dev/null |
		awk '$1 == "insmod" { f = $2 } END { print f }')" = "$ko"
# shellcheck disable=SC2317 # called through check
aliases() {
	local a
	for a in net-pf-16-proto-16-family-smtp25 ipt_smtp25 ip6t_smtp25; do
		grep -q "^alias $a smtp25\$" "/lib/modules/$kver/modules.alias" || return
	done
}
check "depmod knows its autoload aliases (genl family, ipt_, ip6t_)" aliases

# --- what smtp25-tools installed --------------------------------------------------
v=$(/usr/sbin/smtp25ctl --version 2>&1) || true
check "/usr/sbin/smtp25ctl runs ($v)" test "$v" = "smtp25ctl $version"
v=$(iptables -m smtp25 -h 2>&1) || true
check "iptables finds the plugin in $xtlibdir (iptables -m smtp25 -h)" \
	grep -q -- '--src-type' <<<"$v"
v=$(systemd-analyze verify /lib/systemd/system/smtp25.service 2>&1) && [ -z "$v" ]
check "systemd-analyze verify smtp25.service${v:+: $v}" test -z "$v"
check "smtp25.service is enabled at boot" \
	test -L /etc/systemd/system/multi-user.target.wants/smtp25.service
# shellcheck disable=SC2016 # for the inner bash
# (the loader returns 124 when it loaded something: "try again")
v=$(bash -c '. /usr/share/bash-completion/bash_completion
	_completion_loader smtp25ctl; complete -p smtp25ctl' 2>&1) || true
check "bash-completion loads the completion of smtp25ctl ($v)" \
	test "$v" = "complete -F _smtp25ctl smtp25ctl"

finish
