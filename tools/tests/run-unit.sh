#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run cmocka test programs with TAP output and add up their results.
# Usage: run-unit.sh RESULT_FILE TEST...
# Writes "passed=N failed=N skipped=N" to RESULT_FILE, prints
# "unit: N passed, N failed, N skipped", exits 1 if anything failed.
# VALGRIND=1 runs each program under memcheck; a leak or memory error
# counts as one failure of that program.

out=$1
shift
passed=0 failed=0 skipped=0
tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT

for t in "$@"; do
	name=$(basename "$t")
	if [ -n "$VALGRIND" ] && [ "$VALGRIND" != 0 ]; then
		CMOCKA_MESSAGE_OUTPUT=tap valgrind -q --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=all \
			"$t" >"$tmp" 2>&1
	else
		CMOCKA_MESSAGE_OUTPUT=tap "$t" >"$tmp" 2>&1
	fi
	rc=$?
	p=$(grep -E '^ok [0-9]+' "$tmp" | grep -cv '# *SKIP')
	s=$(grep -E '^ok [0-9]+' "$tmp" | grep -c '# *SKIP')
	f=$(grep -cE '^not ok [0-9]+' "$tmp")
	# a crash, a valgrind error or a run with no results is a failure too
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
		echo "$name: exited with status $rc" >&2
	fi
	if [ "$f" -ne 0 ]; then
		cat "$tmp" >&2
	fi
	echo "$name: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
done

echo "passed=$passed failed=$failed skipped=$skipped" >"$out"
echo "unit: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
