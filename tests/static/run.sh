#!/bin/bash
# Kernel code checks as test cases: a W=1 build without warnings, sparse
# without findings, checkpatch --strict without findings. Then the
# userland's: man pages without groff warnings, the bash completion, the
# systemd unit, shellcheck of the packaging scripts and the VM test scripts.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
kdir=${KDIR:?KDIR must name the kernel build tree}
cache=${SMTP25_CACHE:-/var/tmp/smtp25}
results=$top/build/results
mkdir -p "$results" "$top/build/static"
pass=0 fail=0 skip=0

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

# --- the userland around the code -----------------------------------------------

# Every man page renders without a groff warning (man --warnings: every
# warning class), at the width of a terminal.
for page in "$top"/Documentation/man/*.[1-8]; do
	log=$top/build/static/man-$(basename "$page").log
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l -Tutf8 "$page" 2>"$log" >/dev/null
	rc=$?
	[ $rc -eq 0 ] && [ ! -s "$log" ]
	result $? "man page $(basename "$page") renders without warnings" "$log"
done

log=$top/build/static/completion.log
"$top/tests/static/completion.sh" >"$log" 2>&1
result $? "bash completion of smtp25ctl ($(grep -h '^completion' "$log" | tr '\n' ' '))" "$log"

# The unit as systemd reads it, its ExecStart pointed at the tree's script
# (systemd-analyze checks that it exists) and its man page references at
# the tree's pages.
log=$top/build/static/unit.log
unitdir=$top/build/static/unit
rm -rf "$unitdir" && mkdir -p "$unitdir/man/man8" "$unitdir/man/man5"
sed "s|/usr/sbin/|$top/dist/|g" "$top/dist/smtp25.service" >"$unitdir/smtp25.service"
cp "$top"/Documentation/man/*.8 "$unitdir/man/man8/"
cp "$top"/Documentation/man/*.5 "$unitdir/man/man5/"
MANPATH=$unitdir/man systemd-analyze verify "$unitdir/smtp25.service" >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] && [ ! -s "$log" ]
result $? "systemd-analyze verify dist/smtp25.service" "$log"

# The shell scripts of the packaging, the persistence and their tests.
log=$top/build/static/shellcheck.log
if command -v shellcheck >/dev/null; then
	(cd "$top" && shellcheck -x dist/smtp25-restore dist/smtp25-save \
		dist/smtp25ctl.bash-completion tests/pkg/*.sh tests/static/completion.sh \
		tests/vm/run.sh tests/vm/guest.sh tests/vm/lib.sh tests/vm/tests/*.sh \
		tests/vm/e2e/*.sh tests/vm/demo/*.sh tests/bench/vm/*.sh) >"$log" 2>&1
	result $? "shellcheck: dist/, tests/pkg/, the completion, the VM tests and benches" "$log"
else
	echo "SKIP: shellcheck is not installed"
	skip=$((skip + 1))
fi

echo "passed=$pass failed=$fail skipped=$skip" >"$results/static.txt"
echo "static: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
