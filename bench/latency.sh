#!/usr/bin/env bash
# bench/latency.sh - from a sender's decision to the released copy at the remote (as root).
#
# In a private Postfix instance (bench/lib.sh): 2 x COUNT TLS-deferred messages, one sweep that
# notifies their senders; then, one sender after another, "send without encryption" mailed to
# the action address in the notice (sendmail -> Postfix -> pipe(8) -> posttls decide, as user
# posttls), with a pause of 0 to 3.8 seconds after each copy arrived, as senders answer at
# different times. What carries the decision out is posttls-apply.path and
# posttls-apply.service (postfix-snippets/) or, without a running systemd (CI machines,
# containers: `systemctl is-system-running` is not running/degraded), a stand-in that behaves
# like them: inotifywait (inotify-tools, installed with apt-get when missing) watches the spool;
# while a *.decision file exists (PathExistsGlob) it runs "posttls apply" as root, then pauses
# as ExecStopPost does, then looks again, as systemd does when the service has stopped.
#
# Each decision's latency runs from the moment decide accepted it (the time in the decision
# file's name, which decide takes when it accepts the mail, in milliseconds) to the moment the
# copy reached the remote through smtp-insecure (the smtp-sink dump file's mtime). Reference
# in the same run: the first COUNT decisions with the pause of the unit as it was shipped
# before (ExecStopPost=/bin/sleep 3); then COUNT with the pause of today's unit.
#
# Checked: every copy arrived once, the spool and the queue are empty at the end (the other
# messages' decisions are deletes), every message closed.
#
# usage: sudo bench/latency.sh [COUNT]     (20 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20}
old_pause=3
new_pause=$(sed -n 's|^ExecStopPost=/bin/sleep ||p' postfix-snippets/posttls-apply.service)
[ -n "$new_pause" ] || { echo "bench/latency.sh: no ExecStopPost pause in postfix-snippets/posttls-apply.service" >&2; exit 1; }
if ! command -v inotifywait >/dev/null; then
    echo "installing inotify-tools (inotifywait) for the stand-in of posttls-apply.path" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q inotify-tools >/dev/null
fi
source bench/lib.sh
bench_setup
as_cron=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
log=$BENCH_WORK/posttls/posttls.log
watchers=()

latency_cleanup() {
    local status=$?
    local pid
    for pid in ${watchers[@]+"${watchers[@]}"}; do kill "$pid" 2>/dev/null || true; done
    for pid in ${watchers[@]+"${watchers[@]}"}; do wait "$pid" 2>/dev/null || true; done
    (exit "$status")
    bench_cleanup
}
trap latency_cleanup EXIT

systemd_state=$(systemctl is-system-running 2>/dev/null || true)
echo "systemd: ${systemd_state:-absent}; using the stand-in of posttls-apply.path (inotifywait)" >&2

# The names of the decision files as decide moves them into place (they leave at once).
inotifywait -m -q -e moved_to --format '%f' "$BENCH_SPOOL" > "$BENCH_WORK/arrived" &
watchers+=($!)

# posttls-apply.path + posttls-apply.service with ExecStopPost=/bin/sleep PAUSE.
path_unit() {
    local pause=$1 events=$BENCH_WORK/events-$1
    mkfifo "$events"
    inotifywait -m -q -e create,moved_to,attrib --format '%f' "$BENCH_SPOOL" > "$events" &
    local watcher=$!
    trap 'kill $watcher 2>/dev/null; exit 0' TERM
    exec 3< "$events"
    while :; do
        if compgen -G "$BENCH_SPOOL/*.decision" > /dev/null; then
            "${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" apply || true
            sleep "$pause"
            continue
        fi
        read -r -t 10 -u 3 _ || true
        while read -r -t 0.001 -u 3 _; do :; done
    done
}

sink_count() { find "$BENCH_SINK" -maxdepth 1 -type f | wc -l; }

# One decision after another: mail it, wait for the copy, note the copy's arrival time.
decide_one_by_one() {
    local first=$1 n=$2 results=$3 i=0 sender address before gap
    while read -r sender address; do
        before=$(sink_count)
        printf 'From: %s\nTo: %s\nSubject: decision\n\nyes\n' "$sender" "$address" \
            | sendmail -C "$BENCH_ETC" -i -f "$sender" -- "$address"
        local deadline=$(( $(date +%s) + 60 ))
        until [ "$(sink_count)" -gt "$before" ]; do
            [ "$(date +%s)" -lt "$deadline" ] || bench_die "decision $((first + i)) ($sender): no copy within 60 s; see $log"
            sleep 0.02
        done
        python3 -c 'import os, sys
d = sys.argv[1]; files = sorted(os.listdir(d), key=lambda f: os.stat(os.path.join(d, f)).st_mtime_ns)
print(os.stat(os.path.join(d, files[-1])).st_mtime_ns // 1000000)' "$BENCH_SINK" >> "$results"
        i=$((i + 1))
        gap=$(( (i * 7) % 20 ))   # 0 .. 19 tenths of two seconds: 0 to 3.8 s, spread
        sleep "$(awk -v g="$gap" 'BEGIN { printf "%.1f", g / 5 }')"
    done < <(sed -n "$((first + 1)),$((first + n))p" "$BENCH_WORK/sends")
}

bench_fill $((count * 2)) 0
bench_wait_deferred $((count * 2))
"${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" sweep
grep -q "sweep done: queue=$((count * 2)), tracked=$((count * 2)), notices=$((count * 2))," "$log" \
    || bench_die "the sweep did not notify $((count * 2)) senders: $(grep 'sweep done' "$log")"
bench_wait_deferred $((count * 2))
python3 bench/queue.py actions "$BENCH_MAIL" send > "$BENCH_WORK/sends"
[ "$(wc -l < "$BENCH_WORK/sends")" -eq $((count * 2)) ] || bench_die "expected $((count * 2)) send addresses"

echo "load: $(uptime)" >&2
for round in old new; do
    pause=$([ $round = old ] && echo "$old_pause" || echo "$new_pause")
    first=$([ $round = old ] && echo 0 || echo "$count")
    seen=$(wc -l < "$BENCH_WORK/arrived")
    : > "$BENCH_WORK/copies-$round"
    path_unit "$pause" &
    unit=$!
    watchers+=("$unit")
    echo "$round unit (ExecStopPost=/bin/sleep $pause): $count decisions, one after another" >&2
    decide_one_by_one "$first" "$count" "$BENCH_WORK/copies-$round"
    kill "$unit"
    wait "$unit" 2>/dev/null || true
    # The decision files in the order they arrived; the time decide accepted each is in its name.
    tail -n +$((seen + 1)) "$BENCH_WORK/arrived" | grep '\.decision$' | cut -c1-14 > "$BENCH_WORK/accepted-$round"
    [ "$(wc -l < "$BENCH_WORK/accepted-$round")" -eq "$count" ] \
        || bench_die "$round: $(wc -l < "$BENCH_WORK/accepted-$round") decision files arrived, expected $count"
done
echo "load: $(uptime)" >&2

# Verify: every decision carried out once.
left=$(find "$BENCH_SPOOL" -maxdepth 1 -name '*.decision' | wc -l)
[ "$left" -eq 0 ] || bench_die "$left decision files left in the spool"
bench_wait_deferred 0 2>/dev/null || bench_die "the queue did not empty: $(postqueue -c "$BENCH_ETC" -j | wc -l) left"
released=$(grep -l '^Subject: benchmark message' "$BENCH_SINK"/* 2>/dev/null | wc -l)
[ "$released" -eq $((count * 2)) ] || bench_die "$released released copies reached the remote, expected $((count * 2))"
closed=$("${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" list --all --json | python3 -c '
import json, sys
m = json.load(sys.stdin)["messages"]
print(sum(x["state"] == "closed" for x in m))')
[ "$closed" -eq $((count * 2)) ] || bench_die "$closed of $((count * 2)) messages closed"
echo "verified: $((count * 2)) decisions applied, queue empty, $released released copies at the remote (one each), $closed closed" >&2

echo
echo "| unit | decisions | median | min | p25 | p75 | p90 | max |"
echo "|---|---|---|---|---|---|---|---|"
for round in old new; do
    pause=$([ $round = old ] && echo "$old_pause" || echo "$new_pause")
    paste -d' ' "$BENCH_WORK/accepted-$round" "$BENCH_WORK/copies-$round" | python3 -c '
import statistics, sys
label = sys.argv[1]
ms = sorted(int(copy) - int(accepted) for accepted, copy in (line.split() for line in sys.stdin))
q = lambda p: ms[min(len(ms) - 1, int(round(p * (len(ms) - 1))))]
print(f"| {label} | {len(ms)} | {statistics.median(ms):.0f} ms | {ms[0]} ms | {q(0.25)} ms | {q(0.75)} ms | {q(0.9)} ms | {ms[-1]} ms |")
print("  " + label + ": " + " ".join(str(x) for x in ms), file=sys.stderr)' "ExecStopPost=/bin/sleep $pause"
done
