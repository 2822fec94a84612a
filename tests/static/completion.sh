#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# The bash completion of smtp25ctl (dist/smtp25ctl.bash-completion), run
# the way bash runs it: COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT
# set for a command line, the completion function called, COMPREPLY
# compared with what it must be.
# Pool names come from a stand-in smtp25ctl that prints "-j pool list".
#
# Also checks that every command and verb in smtp25ctl's grammar
# (tools/ctl/args.c) is offered. Prints PASS:/FAIL: lines; exits 1 on any
# failure.
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd -P)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nfail=0 npass=0

# Both ways the file can run: with bash-completion's helpers (installed
# systems), then, in a second run of this script, without them.
mode=${1:-helpers}
if [ "$mode" = helpers ] && [ -r /usr/share/bash-completion/bash_completion ]; then
	# shellcheck source=/dev/null
	. /usr/share/bash-completion/bash_completion
	echo "NOTE: with bash-completion's helpers"
else
	[ "$mode" = helpers ] && echo "NOTE: bash-completion is not installed"
	mode=fallback
	echo "NOTE: without bash-completion's helpers (the file's fallback)"
fi
# shellcheck source-path=SCRIPTDIR source=../../dist/smtp25ctl.bash-completion
. "$top/dist/smtp25ctl.bash-completion"

# The stand-in: two pools (one comment holding a quoted "name"), or, with
# $work/fail present, what smtp25ctl does without the module.
cat >"$work/smtp25ctl" <<'EOF'
#!/bin/sh
if [ -e "${0%/*}/fail" ]; then
	echo "smtp25: kernel module not loaded (modprobe smtp25)" >&2
	exit 3
fi
if [ "$*" = "-j quarantine list" ]; then
	echo '[{"address":"198.51.100.66","since":1,"expires":null,"offences":1,"reason":"blocked","pool":"dsl"},{"address":"2001:db8::7","since":1,"expires":9,"offences":2,"reason":"manual","pool":null},{"address":"2001:db8:25:1::/64","since":1,"expires":null,"offences":1,"reason":"manual","pool":null}]'
	exit 0
fi
if [ "$*" = "-j quarantine list --all" ]; then
	echo '[{"address":"198.51.100.66","since":1,"expires":null,"released":null,"offences":1,"reason":"blocked","pool":"dsl"},{"address":"198.51.100.70","since":null,"expires":null,"released":5,"offences":3,"reason":"expired","pool":null},{"address":"2001:db8:9::/64","since":1,"expires":null,"released":7,"offences":1,"reason":"manual","pool":"dsl6"}]'
	exit 0
fi
[ "$*" = "-j pool list" ] || exit 2
echo '[{"name":"dsl-fra","type":"dynamic","comment":"x \"name\":\"evil\"","prefixes4":1,"prefixes6":0,"packets":0},{"name":"relays.2","type":"relay","comment":null,"prefixes4":0,"prefixes6":0,"packets":0}]'
EOF
chmod +x "$work/smtp25ctl"
mkdir "$work/files"
touch "$work/files/pools.save" "$work/files/policy.conf"

# complete LINE: the sorted candidates for LINE (completed at its end),
# one line, blank-separated.
complete_line() {
	local line=$1
	COMP_LINE=$line
	COMP_POINT=${#line}
	read -ra COMP_WORDS <<<"$line"
	# a line ending in a blank completes a new, empty word
	[ "${line: -1}" = " " ] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_WORDS[0]=$work/smtp25ctl
	COMP_LINE=$work/smtp25ctl${line#smtp25ctl}
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	(cd "$work/files" && _smtp25ctl "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" \
		"${COMP_WORDS[COMP_CWORD - 1]}" 2>"$work/stderr" &&
		printf '%s\n' "${COMPREPLY[@]}") | LC_ALL=C sort | paste -sd' ' -
}

# want LINE CANDIDATES
want() {
	local got
	got=$(complete_line "$1")
	if [ "$got" = "$2" ] && [ ! -s "$work/stderr" ]; then
		npass=$((npass + 1))
	else
		echo "FAIL: '$1': want '$2', got '$got'"
		[ ! -s "$work/stderr" ] || sed 's/^/    stderr: /' "$work/stderr"
		nfail=$((nfail + 1))
	fi
}

cmds="help host lookup monitor policy pool prefix quarantine save stats top"
opts="--batch --help --json --version -V -b -h -j"
pools="dsl-fra relays.2"

want "smtp25ctl " "$cmds"
want "smtp25ctl -" "$opts"
want "smtp25ctl --j" "--json"
want "smtp25ctl -j " "$cmds"
want "smtp25ctl -j p" "policy pool prefix"
want "smtp25ctl -b " "policy.conf pools.save"
want "smtp25ctl -b pools.save " ""
want "smtp25ctl --version " ""
want "smtp25ctl pool " "add del list load set show"
want "smtp25ctl pool del " "$pools"
want "smtp25ctl pool del d" "dsl-fra"
want "smtp25ctl quarantine del " "198.51.100.66 2001:db8:25:1:: 2001:db8::7"
want "smtp25ctl quarantine del 2" "2001:db8:25:1:: 2001:db8::7"
want "smtp25ctl quarantine del 198.51.100.66 " ""
# forget: the hosts in quarantine and those only remembered (--all)
want "smtp25ctl quarantine forget " "198.51.100.66 198.51.100.70 2001:db8:9::"
want "smtp25ctl quarantine forget 198.51.100.7" "198.51.100.70"
want "smtp25ctl quarantine forget 198.51.100.70 " ""
want "smtp25ctl pool show " "$pools"
want "smtp25ctl pool show dsl-fra " ""
want "smtp25ctl pool list " ""
want "smtp25ctl pool load " "$pools"
want "smtp25ctl pool load relays.2 " "policy.conf pools.save"
want "smtp25ctl pool load relays.2 pools.save " ""
want "smtp25ctl pool add " ""
want "smtp25ctl pool add new " "comment type"
want "smtp25ctl pool add new type " "dynamic quarantine relay"
want "smtp25ctl pool add new type r" "relay"
want "smtp25ctl pool add new type relay " "comment"
want "smtp25ctl pool add new comment x " "type"
want "smtp25ctl pool add new comment " ""
want "smtp25ctl pool add new type relay comment x " ""
want "smtp25ctl pool set " "$pools"
want "smtp25ctl pool set relays.2 " \
	"account-prefix6 expires limit-host limit-pool quarantine-after quarantine-dests window"
want "smtp25ctl pool set relays.2 limit-host " ""
want "smtp25ctl pool set relays.2 limit-host 300/min " \
	"account-prefix6 expires limit-pool quarantine-after quarantine-dests window"
want "smtp25ctl pool set relays.2 account-prefix6 " "128 48 56 64"
want "smtp25ctl pool set relays.2 account-prefix6 6" "64"
want "smtp25ctl pool set relays.2 limit-host 300/min window 60 q" \
	"quarantine-after quarantine-dests"
want "smtp25ctl prefix " "add del list"
want "smtp25ctl prefix add " "$pools"
want "smtp25ctl prefix del " "$pools"
want "smtp25ctl prefix list " "$pools"
want "smtp25ctl prefix add dsl-fra " ""
want "smtp25ctl prefix list dsl-fra " ""
want "smtp25ctl lookup " ""
want "smtp25ctl stats " "--prometheus"
want "smtp25ctl stats --prometheus " ""
want "smtp25ctl monitor " ""
want "smtp25ctl save " ""
want "smtp25ctl policy " "apply remove"
want "smtp25ctl policy apply " "policy.conf pools.save"
want "smtp25ctl policy remove " ""
want "smtp25ctl top " "-n pool"
want "smtp25ctl top -n " ""
want "smtp25ctl top -n 5 " "pool"
want "smtp25ctl top pool " "$pools"
want "smtp25ctl top pool dsl-fra " "-n"
want "smtp25ctl top -n 5 pool relays.2 " ""
want "smtp25ctl host " "flush list show"
want "smtp25ctl host show " ""
want "smtp25ctl host list " "pool"
want "smtp25ctl host list pool " "$pools"
want "smtp25ctl host flush " ""
want "smtp25ctl quarantine " "add del forget list remember"
want "smtp25ctl quarantine remember " ""
want "smtp25ctl quarantine remember 192.0.2.7 " "offences released"
want "smtp25ctl quarantine remember 192.0.2.7 offences " ""
want "smtp25ctl quarantine remember 192.0.2.7 offences 3 " "released"
want "smtp25ctl quarantine remember 192.0.2.7 released 60 " "offences"
want "smtp25ctl quarantine remember 192.0.2.7 offences 3 released 60 " ""
want "smtp25ctl quarantine add " ""
want "smtp25ctl quarantine add 192.0.2.7 " "expires offences"
want "smtp25ctl quarantine add 192.0.2.7 expires " ""
want "smtp25ctl quarantine add 192.0.2.7 expires 60 " "offences"
want "smtp25ctl quarantine add 192.0.2.7 offences " ""
want "smtp25ctl quarantine add 192.0.2.7 offences 3 " "expires"
want "smtp25ctl quarantine add 192.0.2.7 offences 3 expires 60 " ""
want "smtp25ctl quarantine list " "--all"
want "smtp25ctl quarantine list --" "--all"
want "smtp25ctl quarantine list --all " ""
want "smtp25ctl help " ""
# Without the module: no pool names, and nothing on the terminal.
touch "$work/fail"
want "smtp25ctl pool del " ""
want "smtp25ctl quarantine del " ""
want "smtp25ctl quarantine forget " ""
want "smtp25ctl pool " "add del list load set show"
rm "$work/fail"

# Every command of the grammar, from the synopses in args.c ("pool add
# NAME ...", "lookup ADDR...", "stats"): its first word, and its verb when
# the second word is one (lower case). The table of objects ({ "pool",
# pool_verbs, "add, del, ..." }) lists verbs for messages, not synopses.
nsyn=0
while read -r first second; do
	nsyn=$((nsyn + 1))
	case " $(complete_line "smtp25ctl ") " in
	*" $first "*) ;;
	*)
		echo "FAIL: command '$first' of tools/ctl/args.c is not completed"
		nfail=$((nfail + 1))
		continue
		;;
	esac
	[[ "$second" =~ ^[a-z][a-z-]*$ ]] || continue
	case " $(complete_line "smtp25ctl $first ") " in
	*" $second "*) ;;
	*)
		echo "FAIL: '$first $second' of tools/ctl/args.c is not completed"
		nfail=$((nfail + 1))
		;;
	esac
done < <(grep -vE '_verbs, "' "$top/tools/ctl/args.c" |
	grep -oE '"[a-z][^"]*" \},?$' | tr -d '"},' |
	awk '{ print $1, $2 }')
if [ "$nsyn" -lt 10 ]; then
	echo "FAIL: only $nsyn command synopses found in tools/ctl/args.c: the check is blind"
	nfail=$((nfail + 1))
else
	npass=$((npass + 1))
fi

echo "completion ($mode): $npass passed, $nfail failed ($nsyn commands of args.c checked)"
if [ "${1:-}" != fallback ] && [ "$mode" = helpers ]; then
	bash "$0" fallback || nfail=$((nfail + 1))
fi
[ "$nfail" -eq 0 ]
