#!/bin/bash
# Kernel code checks as test cases: a W=1 build without warnings, sparse
# without findings, checkpatch --strict without findings.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=${KDIR:?KDIR must name the kernel build tree}
cache=${SMTP25_CACHE:-/var/tmp/smtp25}
results=$top/build/results
mkdir -p "$results" "$top/build/static"
pass=0 fail=0

# checkpatch.pl and its data files come from Debian's kernel source.
cp_dir=$cache/checkpatch
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	mkdir -p "$cp_dir"
	tar xJf /usr/src/linux-source-6.1.tar.xz -C "$cp_dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl \
		linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch
fi

result() {
	if [ "$1" -eq 0 ]; then
		echo "PASS: $2"
		pass=$((pass + 1))
	else
		echo "FAIL: $2"
		sed 's/^/    /' "$3" | head -40
		fail=$((fail + 1))
	fi
}

# A fresh object tree per check, so that every file is really compiled.
build() {
	local out=$top/build/static/$1
	shift
	rm -rf "$out" && mkdir -p "$out"
	cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$out/"
	make -C "$kdir" M="$out" "$@" modules 2>&1
}

log=$top/build/static/w1.log
build w1 W=1 >"$log"
grep -E 'warning:|error:' "$log" >"$log.found"
rc=$?
[ -f "$top/build/static/w1/smtp25.ko" ] && [ $rc -ne 0 ]
result $? "module builds with W=1 and no warning" "$log.found"

log=$top/build/static/sparse.log
build sparse C=2 CHECK="sparse -Wbitwise -Wcast-to-as -Wdecl" >"$log"
grep -E '^/.*: (warning|error):' "$log" | grep -v '/usr/src/' >"$log.found"
rc=$?
grep -q 'CHECK.*smtp25_lpm.c' "$log" && [ $rc -ne 0 ]
result $? "sparse finds nothing in kmod/" "$log.found"

log=$top/build/static/checkpatch.log
(cd "$top" && "$cp_dir/scripts/checkpatch.pl" --no-tree --strict --terse \
	-f kmod/*.[ch]) >"$log" 2>&1
grep -E ': (ERROR|WARNING|CHECK):' "$log" >"$log.found"
[ $? -ne 0 ]
result $? "checkpatch --strict finds nothing in kmod/" "$log.found"

echo "passed=$pass failed=$fail skipped=0" >"$results/static.txt"
echo "static: $pass passed, $fail failed, 0 skipped"
[ $fail -eq 0 ]
