#!/bin/bash
# Installs the Debian packages that building and testing smtp25 needs.
# Idempotent and quiet when everything is there: `make check` and
# `make demo` call it first, so a fresh machine needs nothing by hand.
set -eu

pkgs=(
	# the module: Debian's kernel, its headers (build) and source (UML)
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	bc flex bison libelf-dev libssl-dev kmod cpio xz-utils
	# the VM bench
	qemu-system-x86 busybox-static
	# kernel code checks
	sparse
	# userland
	build-essential pkg-config libmnl-dev libnftnl-dev libxtables-dev
	libcmocka-dev libjansson-dev
	# what the tests drive inside the VM
	nftables iptables ipset iproute2 swaks socat python3 jq
	# the Debian packages (tests/pkg): build, check, install through DKMS
	debhelper dh-dkms dkms lintian
	# man pages, bash completion, the systemd unit, shell scripts
	man-db bash-completion systemd shellcheck
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: not root; install these packages first: ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt or dpkg run instead of failing on its lock.
apt-get -o DPkg::Lock::Timeout=600 update -q >/dev/null
apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
	"${missing[@]}" >/dev/null
