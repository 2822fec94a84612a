#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# smtp25ctl's side of accounting, limits and quarantine against the module,
# without traffic (the 5N tests send that): pool set and how pool list
# shows it, quarantine add/del/list and their events, the host table
# commands on an empty table, stats and stats --prometheus, and a save
# with settings and quarantined hosts restored into another namespace.
set -u
# shellcheck source-path=SCRIPTDIR source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source-path=SCRIPTDIR source=ctl-lib.sh
. "$(dirname "$0")/ctl-lib.sh"

ctl_setup

# shellcheck disable=SC2317 # py and pyfile are called through check
# py SCRIPT JSON: a python check of a JSON text, decoded as j.
py() {
	/usr/bin/python3 -c "import json, sys; j = json.loads(sys.argv[1]); $1" "$2"
}

# pyfile SCRIPT FILE: a python check of a file, named by sys.argv[1].
# shellcheck disable=SC2317
pyfile() {
	/usr/bin/python3 -c "import json, sys; $1" "$2"
}

# What a save restores of the pools (not their counters), from pool list -j
# on standard input.
settings_of() {
	/usr/bin/python3 -c '
import json, sys
keep = ("name", "type", "comment", "prefixes4", "prefixes6", "limit_host",
        "limit_pool", "quarantine_after", "quarantine_dests", "window",
        "expires")
print(json.dumps([{k: p[k] for k in keep} for p in json.load(sys.stdin)]))'
}

# --- pool set ----------------------------------------------------------------
ok "pool add relays" ctl pool add relays type relay
ok "pool add dsl" ctl pool add dsl type dynamic
ok "pool set relays: the limits" \
	ctl pool set relays limit-host 300/min limit-pool 20000/min
ok "pool set dsl: the thresholds" \
	ctl pool set dsl quarantine-after 20 quarantine-dests 50 expires 7200
run ctl pool show relays
same "pool show: the limits on a second line" \
"NAME   TYPE  PREFIXES4 PREFIXES6 BLOCKED ALLOWED OVER-LIMIT QUARANTINES COMMENT
relays relay         0         0       0       0          0           0
       limit-host 300/min limit-pool 20000/min" "$out"
run ctl -j pool show dsl
pools_same "pool show -j: thresholds, the default window, the expiry set" \
	'{"name":"dsl","type":"dynamic","comment":null,"prefixes4":0,"prefixes6":0,
	  "packets":0,"quarantine_after":20,"quarantine_dests":50,"expires":7200}' "$out"
ok "pool set: settings not named stay" ctl pool set dsl window 120
run ctl -j pool show dsl
check "... the window changed, the thresholds did not" py \
	'assert (j["window"], j["quarantine_after"], j["expires"]) == (120, 20, 7200), j' "$out"
ok "pool set: none turns a limit off" ctl pool set relays limit-pool none
run ctl -j pool show relays
check "... limit_pool null, limit_host kept" py \
	'assert j["limit_pool"] is None and j["limit_host"] == {"count": 300, "period": 60}, j' "$out"
refused "pool set of a missing pool: exit 1" 1 "smtp25ctl: " \
	ctl pool set nosuch window 60
refused "pool set, a rate without unit: exit 1" 1 "limit-host: '300': not a rate" \
	ctl pool set relays limit-host 300
refused "pool set, a window of 0: exit 1" 1 "the window is 1 to 86400 seconds" \
	ctl pool set dsl window 0
refused "pool set, nothing: exit 2" 2 "nothing to set" ctl pool set dsl

# --- quarantine by hand, and its events ----------------------------------------
monitor_pid=
"$CTL" -j monitor >"$TMPDIR/mon.json" 2>&1 &
monitor_pid=$!
# joined once its socket shows a group (as in 14-ctl-monitor.sh)
for _ in $(seq 100); do
	# shellcheck disable=SC2016 # awk's $2, not the shell's
	awk -v pid="$monitor_pid" '$2 == 16 && $3 == pid && $4 != "00000000" { f = 1 }
		END { exit !f }' /proc/net/netlink && break
	sleep 0.1
done
ok "quarantine add for an hour" ctl quarantine add 192.0.2.7 expires 3600
ok "quarantine add for good (IPv6)" ctl quarantine add 2001:db8::7
run ctl -j quarantine list
check "quarantine list -j: both, by hand, one offence" py '
assert [q["address"] for q in j] == ["192.0.2.7", "2001:db8::7"], j
assert all(q["reason"] == "manual" and q["offences"] == 1 and q["pool"] is None for q in j), j
assert abs(j[0]["expires"] - j[0]["since"] - 3600) <= 2, j
assert j[1]["expires"] is None, j' "$out"
run ctl quarantine list
check "quarantine list: a header and a row each" test "$(wc -l <<<"$out")" -eq 3
check "... 'never' for the one for good" grep -qE '^2001:db8::7 +[0-9a-z]+ +never +1 manual +-$' <<<"$out"
run ctl -j lookup 192.0.2.7
check "the host is in the quarantine pool, as a /32" py \
	'assert j[0]["pool"] == "quarantine" and j[0]["type"] == "quarantine" and j[0]["prefix"] == "192.0.2.7/32", j' "$out"
ok "quarantine del" ctl quarantine del 2001:db8::7
run ctl -j quarantine list
check "... it is gone" py 'assert [q["address"] for q in j] == ["192.0.2.7"], j' "$out"
refused "quarantine del of a host not in quarantine: exit 1" 1 "smtp25ctl: 2001:db8::7: " \
	ctl quarantine del 2001:db8::7
refused "quarantine add of a prefix: exit 1" 1 "192.0.2.0/24" ctl quarantine add 192.0.2.0/24
sleep 0.3
kill "$monitor_pid"
wait "$monitor_pid" 2>/dev/null
check "monitor -j: quar_add, quar_add, quar_del with their records" pyfile '
ev = [json.loads(l) for l in open(sys.argv[1])]
q = [e for e in ev if e["event"].startswith("quar_")]
assert [e["event"] for e in q] == ["quar_add", "quar_add", "quar_del"], ev
assert all(e["pool"] == "quarantine" and e["quarantine"]["reason"] == "manual" for e in q), q
assert [e["quarantine"]["address"] for e in q] == ["192.0.2.7", "2001:db8::7", "2001:db8::7"], q
' "$TMPDIR/mon.json"

# --- the host table, empty: no rule records anything here -------------------
run ctl top
same "top: only the header" \
	"ADDRESS POOL BLOCKED ALLOWED OVER-LIMIT DESTS LAST-SEEN STATE" "$out"
run ctl -j top -n 5 pool dsl
same "top -j: []" "[]" "$out"
run ctl -j host list
same "host list -j: []" "[]" "$out"
refused "host show of an unknown host: exit 1" 1 "smtp25ctl: 198.51.100.1: " \
	ctl host show 198.51.100.1
ok "host flush" ctl host flush

# --- stats -----------------------------------------------------------------------
run ctl -j stats
check "stats -j: the host table's figures" py '
assert j["hosts"] == 0 and j["max_hosts"] > 0 and j["quarantined"] == 1, j
assert j["hosts_evicted"] == 0 and j["hosts_dropped"] == 0, j' "$out"
run ctl stats --prometheus
check "stats --prometheus: exit 0" test "$rc" -eq 0 -a -z "$err"
printf '%s\n' "$out" >"$TMPDIR/smtp25.prom"
check "stats --prometheus: well-formed, with every pool's counters" pyfile '
import re
fam, seen, samples = None, set(), {}
for line in open(sys.argv[1]).read().splitlines():
    m = re.fullmatch(r"# HELP (smtp25_\w+) .+", line)
    if m:
        assert m[1] not in seen, line
        fam = m[1]
        seen.add(fam)
        continue
    if line.startswith("# TYPE "):
        assert line in ("# TYPE %s gauge" % fam, "# TYPE %s counter" % fam), line
        continue
    m = re.fullmatch(r"(smtp25_\w+)(\{[^}]*\})? (\d+)", line)
    assert m and m[1] == fam, line
    samples[m[1] + (m[2] or "")] = int(m[3])
assert samples["smtp25_quarantined_hosts"] == 1, samples
assert samples["smtp25_pools"] == 3, samples
for p, t in (("relays", "relay"), ("dsl", "dynamic"), ("quarantine", "quarantine")):
    for c in ("packets", "blocked", "allowed", "over_limit", "quarantines"):
        assert samples["smtp25_pool_%s_total{pool=\"%s\",type=\"%s\"}" % (c, p, t)] == 0, (p, c)
assert samples["smtp25_pool_prefixes{pool=\"quarantine\",type=\"quarantine\",family=\"ipv4\"}"] == 1
' "$TMPDIR/smtp25.prom"

# --- save and restore ------------------------------------------------------------
ok "a prefix added by hand to the quarantine pool" ctl prefix add quarantine 203.0.113.0/24
run ctl save
check "save: exit 0" test "$rc" -eq 0 -a -z "$err"
printf '%s\n' "$out" >"$TMPDIR/save"
same "save: pool set lines" \
"pool set relays limit-host 300/min
pool set dsl quarantine-after 20 quarantine-dests 50 window 120 expires 7200" \
	"$(grep '^pool set ' "$TMPDIR/save")"
same "save: the hand-made prefix as a prefix" \
	"prefix add quarantine 203.0.113.0/24" "$(grep '^prefix add quarantine' "$TMPDIR/save")"
check "save: the quarantined host with the time it has left and its offences" \
	grep -qE '^quarantine add 192\.0\.2\.7 expires (3[0-5][0-9][0-9]|3600) offences 1$' "$TMPDIR/save"
ns_new ctl-acct
ok "restore into another namespace" ip netns exec ctl-acct "$CTL" -b "$TMPDIR/save"
here=$(ctl -j pool list | settings_of)
there=$(ip netns exec ctl-acct "$CTL" -j pool list | settings_of)
json_same "restored: the same pools and settings" "$here" "$there"
same "restored: the same prefixes" "$(ctl prefix list)" \
	"$(ip netns exec ctl-acct "$CTL" prefix list)"
run ip netns exec ctl-acct "$CTL" -j quarantine list
check "restored: 192.0.2.7 quarantined, with about the time it had left" py '
assert [q["address"] for q in j] == ["192.0.2.7"], j
assert 3500 <= j[0]["expires"] - j[0]["since"] <= 3600, j' "$out"

finish
