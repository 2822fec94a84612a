#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The match's checkentry in the kernel, revisions 0 and 1, fed raw match
# data that the iptables plugin would never send (through nft_compat in
# an inet table, by libnft-ext/s25_xt_check.c): unknown flags, negations
# of options not given, empty or unknown type sets, pool names empty,
# unterminated or with bad characters, wrong sizes, and for revision 1 a
# negated --record, a verdict to record that is none or unknown, reserved
# bytes not zero. Every one is refused with EINVAL, the good ones are
# accepted, a revision the kernel lacks is ENOENT (nft_compat's answer),
# nothing stays behind, and the module unloads cleanly afterwards.
#
# Revision 0 (68 bytes): flags, invert, src_types, dst_types (u8 each),
# src_pool[32], dst_pool[32]. Flags: 1 src-type, 2 dst-type, 4 src-pool,
# 8 dst-pool. Types: bit 0 none, 1 dynamic, 2 relay, 3 quarantine.
# Revision 1 (72 bytes): flags, invert (u16, host order), src_types,
# dst_types, record (1 blocked, 2 allowed), reserved (u8 each), the two
# pools. Flags as revision 0, plus 0x10 over-limit, 0x20 record; record
# is never negated and reserved is zero.
set -eu
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"

need_cmd nft
vm=$(cd "$(dirname "$0")/.." && pwd -P)
repo=$(cd "$vm/../.." && pwd -P)
tool=$repo/build/libnft-ext/s25-xt-check
[ -x "$tool" ] || skip "$tool missing: run 'make -C libnft-ext' first"

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	smtp25_loaded && smtp25_unload >/dev/null
	true
}
trap cleanup EXIT

# shellcheck disable=SC2119 # no module parameters
smtp25_load
need_modules nf_tables nft_compat

# name32 TEXT: TEXT as 32 bytes of hex, NUL-padded (not terminated if 32).
name32() {
	local hex
	hex=$(printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n')
	while [ ${#hex} -lt 64 ]; do hex+=00; done
	echo "$hex"
}
# info FLAGS INVERT SRC_TYPES DST_TYPES SRC_POOL DST_POOL
info() {
	printf '%02x%02x%02x%02x%s%s' "$1" "$2" "$3" "$4" "$(name32 "$5")" "$(name32 "$6")"
}

# info1 FLAGS INVERT SRC_TYPES DST_TYPES RECORD RESERVED SRC_POOL DST_POOL:
# revision 1's data, "1:HEX" for s25-xt-check (the guest is little-endian).
u16() { printf '%02x%02x' $(($1 & 255)) $(($1 >> 8)); }
info1() {
	printf '1:%s%s%02x%02x%02x%02x%s%s' "$(u16 "$1")" "$(u16 "$2")" "$3" "$4" "$5" "$6" \
		"$(name32 "$7")" "$(name32 "$8")"
}

# case WANT WHAT HEX
cases=()
add() { cases+=("$1|$2|$3"); }
add ok "src-type dynamic" "$(info 1 0 0x02 0 '' '')"
add ok "all four options, all negated" "$(info 0xf 0xf 0x0f 0x01 a b)"
add ok "a pool name of 31 characters" "$(info 4 0 0 0 "$(printf 'p%.0s' {1..31})" '')"
add ok "bytes of options not given are not looked at" "$(info 1 0 0x02 0x80 'a b' zz)"
add ok "padded to XT_ALIGN (72 bytes)" "$(info 1 0 0x02 0 '' '')00000000"
add EINVAL "no option" "$(info 0 0 0 0 '' '')"
add EINVAL "an unknown flag" "$(info 0x11 0 0x02 0 '' '')"
add EINVAL "negating an option not given" "$(info 1 2 0x02 0 '' '')"
add EINVAL "an empty type set" "$(info 1 0 0 0 '' '')"
add EINVAL "an unknown type in src" "$(info 1 0 0x12 0 '' '')"
add EINVAL "an unknown type in dst" "$(info 2 0 0 0x80 '' '')"
add EINVAL "an empty pool name" "$(info 4 0 0 0 '' '')"
add EINVAL "a pool name without its NUL" "$(info 4 0 0 0 "$(printf 'p%.0s' {1..32})" '')"
add EINVAL "a pool name with a space" "$(info 8 0 0 0 '' 'a b')"
add EINVAL "a pool name with a slash" "$(info 4 0 0 0 'a/b' '')"
full=$(info 1 0 0x02 0 '' '')
add EINVAL "64 bytes: too short" "${full:0:128}"
add EINVAL "80 bytes: too long" "${full}000000000000000000000000"
# revision 1
add ok "rev 1: src-type dynamic" "$(info1 1 0 0x02 0 0 0 '' '')"
add ok "rev 1: src-type relay ! --over-limit --record allowed" "$(info1 0x31 0x10 0x04 0 2 0 '' '')"
add ok "rev 1: --record blocked alone" "$(info1 0x20 0 0 0 1 0 '' '')"
add ok "rev 1: --over-limit alone" "$(info1 0x10 0 0 0 0 0 '' '')"
add ok "rev 1: all six options, all but --record negated" "$(info1 0x3f 0x1f 0x0f 0x01 1 0 a b)"
add ok "rev 1: bytes of types and pools not given are not looked at" "$(info1 0x11 0 0x02 0x80 0 0 'a b' zz)"
add EINVAL "rev 1: no option" "$(info1 0 0 0 0 0 0 '' '')"
add EINVAL "rev 1: an unknown flag (0x40)" "$(info1 0x41 0 0x02 0 0 0 '' '')"
add EINVAL "rev 1: an unknown flag in the high byte" "$(info1 0x101 0 0x02 0 0 0 '' '')"
add EINVAL "rev 1: negating an option not given" "$(info1 1 0x10 0x02 0 0 0 '' '')"
add EINVAL "rev 1: --record negated" "$(info1 0x20 0x20 0 0 1 0 '' '')"
add EINVAL "rev 1: --record without a verdict" "$(info1 0x20 0 0 0 0 0 '' '')"
add EINVAL "rev 1: --record with an unknown verdict" "$(info1 0x20 0 0 0 3 0 '' '')"
add EINVAL "rev 1: reserved not zero" "$(info1 1 0 0x02 0 0 1 '' '')"
add EINVAL "rev 1: an empty type set" "$(info1 1 0 0 0 0 0 '' '')"
add EINVAL "rev 1: a pool name with a space" "$(info1 4 0 0 0 0 0 'a b' '')"
full1=$(info1 1 0 0x02 0 0 0 '' '')
add EINVAL "rev 1: 68 bytes (revision 0's size)" "${full1:0:138}"
add EINVAL "rev 1: 80 bytes" "${full1}0000000000000000"
add ENOENT "revision 2 does not exist" "2:${full1#1:}"

hexes=()
for c in "${cases[@]}"; do hexes+=("${c##*|}"); done
# (No process substitution: the guest has no /dev/fd.)
out=$("$tool" "${hexes[@]}")
mapfile -t answers <<<"$out"
for i in "${!cases[@]}"; do
	IFS='|' read -r want what _ <<<"${cases[$i]}"
	got=${answers[$i]:-none}
	if [ "${got%%:*}" = "$want" ]; then
		pass "$what: ${got%% (*}"
	else
		fail "$what: got '$got', expected $want"
	fi
done
check "no table left behind" test -z "$(nft list ruleset 2>/dev/null)"
# nf_tables releases expressions from a work queue after the commit.
for _ in $(seq 50); do
	[ "$(cat /sys/module/smtp25/refcnt)" = 0 ] && break
	sleep 0.1
done
check "no module reference left ($(cat /sys/module/smtp25/refcnt))" \
	test "$(cat /sys/module/smtp25/refcnt)" = 0
if msg=$(smtp25_unload); then pass "unload; $msg"; else fail "unload: $msg"; fi
finish
