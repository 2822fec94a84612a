#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs iptables rule tests in upstream's .t format against one iptables
# binary, in the current network namespace (run it inside the VM, with
# smtp25.ko loaded: the host kernel cannot load modules).
#
#   tests/vm/run-xt-t.sh IPTABLES FILE.t...
#       IPTABLES: iptables-legacy, iptables-nft, ip6tables-legacy, ...
#
# File format (iptables' extensions/*.t):
#   :CHAIN[,CHAIN...]          the built-in filter chains the next lines use
#   RULE;EXPECTED;OK|FAIL      EXPECTED: how -S prints RULE ("=" for RULE)
#   # comment
# RULE is split like a shell command line (quotes work).
#
# For every chain: all OK lines go in with one IPTABLES-restore --noflush
# of -A lines (if that fails, line by line to name the culprit); -S and
# IPTABLES-save must then show exactly "-A CHAIN EXPECTED" for each, in
# order; one restore of -D lines deletes them all by specification (which
# compares the match data as -C does) and leaves the chain empty. Each
# FAIL line is tried alone with -A (on the first chain only, see
# run_chain) and must be refused, leaving the chain empty. Batching keeps
# a file to a few dozen commands: each iptables run costs about 0.2 s in
# the emulated VM. Last, all OK lines at once on the first chain must come
# back from IPTABLES-save | IPTABLES-restore byte for byte. Prints "FAIL: ..." per problem and a summary line;
# exits 1 if anything failed.
#
# The plugin is looked up in XTABLES_LIBDIR, by default the build
# directory and then the system's plugin directory. XT_T_VERBOSE=1 shows
# why each FAIL line was refused.
set -u

here=$(cd "$(dirname "$0")" && pwd -P)
repo=$(cd "$here/../.." && pwd -P)

[ $# -ge 2 ] || { echo "usage: $0 IPTABLES FILE.t..." >&2; exit 2; }
ipt=$1
shift
command -v "$ipt" >/dev/null || { echo "$ipt: not found" >&2; exit 2; }
# iptables-nft -> iptables-nft-save, ip6tables-legacy -> ip6tables-legacy-restore
save=$ipt-save restore=$ipt-restore

if [ -z "${XTABLES_LIBDIR:-}" ]; then
	XTABLES_LIBDIR=$repo/build/libnft-ext:$(pkg-config --variable=xtlibdir xtables)
fi
export XTABLES_LIBDIR

tmp=$(mktemp) || exit 2
trap 'rm -f "$tmp" "$tmp.before" "$tmp.after"' EXIT

nfail=0 nok=0
bad() { echo "FAIL: $ipt: $*"; nfail=$((nfail + 1)); }

# Lines "-A CHAIN ..." of a listing.
rules_of() { grep -E -- "^-A $1( |\$)" || true; }

# restore_lines OP CHAIN RULE...: one restore transaction of "OP CHAIN RULE".
restore_lines() {
	local op=$1 chain=$2 r
	shift 2
	{
		echo "*filter"
		for r in "$@"; do echo "$op $chain $r"; done
		echo "COMMIT"
	} | "$restore" --noflush 2>&1
}

# split RULE: the words of RULE, as a shell would split them, in $words.
split() {
	# shellcheck disable=SC2034 # read by the caller
	eval "words=($1)"
}

# check_listed CHAIN: the OK rules, just added, are listed as expected
# and can be deleted by specification.
check_listed() {
	local chain=$1 out got want r
	want=$(for r in "${ok_want[@]}"; do echo "-A $chain $r"; done)
	got=$("$ipt" -S "$chain" | rules_of "$chain")
	cmp_listing "-S" "$chain" "$got" "$want"
	got=$("$save" -t filter | rules_of "$chain")
	cmp_listing "$save" "$chain" "$got" "$want"
	if ! out=$(restore_lines -D "$chain" "${ok_rules[@]}"); then
		bad "$chain: deleting the rules by specification failed: $out"
		return
	fi
	got=$("$ipt" -S "$chain" | rules_of "$chain")
	if [ -z "$got" ]; then
		nok=$((nok + ${#ok_rules[@]}))
	else
		bad "$chain: -D left: $got"
	fi
}

# run_chain CHAIN: the lines collected in ok_*/fail_*, on CHAIN.
run_chain() {
	local chain=$1 i out got
	local -a words
	if out=$(restore_lines -A "$chain" "${ok_rules[@]}"); then
		check_listed "$chain"
	else
		# Which one? Line by line.
		for i in "${!ok_rules[@]}"; do
			split "${ok_rules[$i]}"
			out=$("$ipt" -A "$chain" "${words[@]}" 2>&1) ||
				bad "${ok_where[$i]}: $chain: '${ok_rules[$i]}' refused: $out"
		done
	fi
	"$ipt" -F "$chain"
	# Refusals come from the parser, before any chain is involved: trying
	# them on every chain would only cost time (XT_T_ALL_CHAINS=1 does).
	[ "$chain" = "$first_chain" ] || [ -n "${XT_T_ALL_CHAINS:-}" ] || return 0
	for i in "${!fail_rules[@]}"; do
		split "${fail_rules[$i]}"
		if out=$("$ipt" -A "$chain" "${words[@]}" 2>&1); then
			bad "${fail_where[$i]}: $chain: '${fail_rules[$i]}' was accepted, expected a refusal"
			"$ipt" -F "$chain"
			continue
		fi
		if [ -n "${XT_T_VERBOSE:-}" ]; then
			echo "  refused: ${fail_rules[$i]}:"
			grep -v -e '^Try ' -e '^Warning: ' -e '^$' <<<"$out" | sed 's/^/      /'
		fi
		nok=$((nok + 1))
	done
	got=$("$ipt" -S "$chain" | rules_of "$chain")
	[ -z "$got" ] || { bad "$chain: refused rules left: $got"; "$ipt" -F "$chain"; }
}

# cmp_listing WHAT CHAIN GOT WANT: line by line, naming the .t line.
cmp_listing() {
	local what=$1 chain=$2 i
	local -a g w
	mapfile -t g <<<"$3"
	mapfile -t w <<<"$4"
	for i in "${!w[@]}"; do
		[ "${g[$i]:-}" = "${w[$i]}" ] && continue
		bad "${ok_where[$i]}: $chain: $what shows '${g[$i]:-}', expected '${w[$i]}'"
	done
	[ ${#g[@]} -le ${#w[@]} ] || bad "$chain: $what shows extra rules: ${g[*]:${#w[@]}}"
}

# round_trip CHAIN: all OK rules at once come back from IPTABLES-save |
# IPTABLES-restore byte for byte.
round_trip() {
	local chain=$1 before after out
	[ ${#ok_rules[@]} -gt 0 ] || return 0
	# A refusal here was reported by run_chain already.
	restore_lines -A "$chain" "${ok_rules[@]}" >/dev/null || return 0
	before=$("$save" -t filter 2>/dev/null | grep -v '^#')
	"$ipt" -F "$chain"
	if ! out=$("$restore" -T filter 2>&1 <<<"$before"); then
		bad "$chain: $restore refused what $save wrote: $out"
	else
		after=$("$save" -t filter 2>/dev/null | grep -v '^#')
		if [ "$before" = "$after" ]; then
			nok=$((nok + 1))
		else
			# (Files, not <(...): the VM has no /dev/fd.)
			echo "$before" >"$tmp.before"
			echo "$after" >"$tmp.after"
			bad "$chain: $save | $restore changed the rules:" \
				"$(diff "$tmp.before" "$tmp.after")"
		fi
	fi
	"$ipt" -F "$chain"
}

# run_section: the lines collected since the last :CHAIN line.
run_section() {
	local chain first_chain=${chains%%,*}
	for chain in ${chains//,/ }; do
		run_chain "$chain"
	done
	[ -z "$chains" ] || round_trip "$first_chain"
	ok_rules=() ok_want=() ok_where=() fail_rules=() fail_where=()
}

for file in "$@"; do
	chains=
	n=0
	ok_rules=() ok_want=() ok_where=() fail_rules=() fail_where=()
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in
		'' | '#'*) continue ;;
		:*)
			run_section
			chains=${line#:}
			continue
			;;
		esac
		[ -n "$chains" ] || { bad "$file:$n: no :CHAIN line before the first rule"; continue; }
		IFS=';' read -r rule expected result extra <<<"$line"
		[ "$expected" = "=" ] && expected=$rule
		case $result in
		OK) ok_rules+=("$rule") ok_want+=("$expected") ok_where+=("${file##*/}:$n") ;;
		FAIL) fail_rules+=("$rule") fail_where+=("${file##*/}:$n") ;;
		*) bad "$file:$n: malformed line: $line"; continue ;;
		esac
		[ -z "$extra" ] || bad "$file:$n: malformed line: $line"
	done <"$file"
	run_section
done

echo "$ipt: $nok checks passed, $nfail failed"
[ "$nfail" -eq 0 ]
