#!/bin/bash
# Sums the suites' result files (one line `passed=N failed=N skipped=N`
# each) into the closing line of `make check`. A suite that should have
# run but left no file counts as one failure: nothing is lost silently.
set -u
dir=$1
shift
p=0 f=0 s=0
for suite in "$@"; do
	file="$dir/$suite.txt"
	if [ ! -r "$file" ]; then
		echo "summary: suite $suite left no result" >&2
		f=$((f + 1))
		continue
	fi
	read -r line <"$file"
	for kv in $line; do
		case $kv in
		passed=*) p=$((p + ${kv#passed=})) ;;
		failed=*) f=$((f + ${kv#failed=})) ;;
		skipped=*) s=$((s + ${kv#skipped=})) ;;
		esac
	done
	echo "summary: $suite: $line"
done
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
