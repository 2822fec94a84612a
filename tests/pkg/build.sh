#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Builds the Debian packages (smtp25-dkms, smtp25-tools) the way a fresh
# machine would: dpkg-buildpackage -us -uc -b in a copy of the source tree
# (what git tracks, plus new files it does not ignore) under build/pkg/,
# so nothing is written outside the checkout and no object of an in-place
# build ends up in a package.
#
#   tests/pkg/build.sh      -> build/pkg/*.deb, build/pkg/*.changes,
#                              build/pkg/build.log
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd -P)
out=$top/build/pkg
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
src=$out/src/smtp25-$version

[ -n "$version" ] || { echo "pkg: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
rm -rf "$out/src" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo
mkdir -p "$src"

# The source tree. In a git checkout: tracked files that still exist and
# untracked ones not ignored; else everything but build/.
if git -C "$top" rev-parse --show-toplevel >/dev/null 2>&1; then
	(cd "$top" && git ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			[ -e "$f" ] && printf '%s\0' "$f"
		done | tar --null -T - -cf -) | tar -xf - -C "$src"
else
	(cd "$top" && tar --exclude=./build -cf - .) | tar -xf - -C "$src"
fi

echo "pkg: dpkg-buildpackage -us -uc -b in ${src#"$top"/} (log: ${out#"$top"/}/build.log)"
# GIT_CEILING_DIRECTORIES: the copy lives inside this checkout; its build
# must not see the checkout's git repository.
if ! (cd "$src" && GIT_CEILING_DIRECTORIES=$out/src \
	dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1; then
	echo "pkg: dpkg-buildpackage failed; the end of build/pkg/build.log:" >&2
	tail -n 30 "$out/build.log" | sed 's/^/    /' >&2
	exit 1
fi
# dpkg-buildpackage leaves its output beside the source directory.
mv "$out/src"/*.deb "$out/src"/*.changes "$out/src"/*.buildinfo "$out/"
ls "$out"/*.deb
