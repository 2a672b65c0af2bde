#!/usr/bin/env bash
# bench/sweep.sh - posttls sweep against postqueue -j alone, in one run (as root).
#
# In a private Postfix instance (bench/lib.sh) the queue is filled with TLS-deferred
# messages, 100, then 1,000, then 10,000 by default (each size adds to the queue of the one
# before; the PostTLS database is emptied before each size, so every message is new again).
# For each size it measures, as cron runs them (root, PATH only):
#   postqueue -j         the reference: what every sweep has to read anyway (median of RUNS)
#   posttls --version    .NET start-up alone, for reading the figures (median of RUNS)
#   first sweep          all N messages new: postcat per batch of 100, N inserts, N notices
#   steady-state sweep   nothing new: the sweep every minute after that (median of RUNS)
# and checks that the first sweep tracked all N as tagged and sent each sender one notice,
# and that the steady-state sweeps tracked and sent nothing.
#
# usage: sudo bench/sweep.sh [SIZE ...]      (RUNS=5 by default; sizes ascending)
# The first sweep of 10,000 sends 10,000 notices, one sendmail run each: half an hour on a
# busy 2-core machine. "bench/sweep.sh 100 1000" takes minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
runs=${RUNS:-5}
source bench/lib.sh
bench_setup
as_cron=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
sweep="$BENCH_BIN --config $BENCH_CONF sweep"
db=$BENCH_WORK/posttls/lib/posttls.db

# posttls list --json: "tracked open notices" over all messages.
tracked() {
    "${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" list --json | python3 -c '
import json, sys
m = json.load(sys.stdin)["messages"]
print(len(m), sum(x["state"] == "open" for x in m), sum(x["notices_sent"] for x in m))'
}

last_summary() { grep 'sweep done' "$BENCH_WORK/posttls/posttls.log" | tail -1 | sed 's/.*sweep done: //'; }

queued=0
results=()
for size in "${sizes[@]}"; do
    [ "$size" -gt "$queued" ] || bench_die "sizes must grow: $size after $queued"
    echo "filling the queue to $size messages" >&2
    start=$(date +%s)
    bench_fill $((size - queued)) "$queued"
    bench_wait_deferred "$size"
    echo "filled in $(( $(date +%s) - start )) s" >&2
    queued=$size
    rm -f "$db" "$db-wal" "$db-shm"

    read -r _ pq_ms _ _ <<<"$(python3 bench/queue.py time "$runs" "postqueue=postqueue -c $BENCH_ETC -j" | tail -1)"
    echo "first sweep of $size messages" >&2
    read -r _ first_ms _ _ <<<"$(python3 bench/queue.py time 1 "first=$sweep")"
    summary=$(last_summary)
    read -r n open notices <<<"$(tracked)"
    [ "$n" -eq "$size" ] && [ "$open" -eq "$size" ] && [ "$notices" -eq "$size" ] \
        || bench_die "first sweep of $size: $n tracked, $open open, $notices notices (sweep: $summary)"
    echo "first sweep: $summary; list: $n tracked, $open open, $notices notices sent" >&2
    bench_wait_deferred "$size"   # the notices have been delivered to the senders' mailboxes

    timed=$(python3 bench/queue.py time "$runs" "postqueue=postqueue -c $BENCH_ETC -j" "steady=$sweep" \
        "version=$BENCH_BIN --version")
    summary=$(last_summary)
    case "$summary" in
        "queue=$size, tracked=0, notices=0, actions=0, decisions=0, closed=0,"*) ;;
        *) bench_die "a steady-state sweep of $size did something: $summary" ;;
    esac
    pq2_ms=$(awk '$1 == "postqueue" { print $2 }' <<<"$timed")
    steady_ms=$(awk '$1 == "steady" { print $2 }' <<<"$timed")
    version_ms=$(awk '$1 == "version" { print $2 }' <<<"$timed")
    results+=("$size $pq_ms $first_ms $pq2_ms $steady_ms $version_ms")
done

echo
echo "| queue | postqueue -j | first sweep | ratio | notices/s | postqueue -j | steady sweep | ratio | posttls --version |"
echo "|---|---|---|---|---|---|---|---|---|"
for row in "${results[@]}"; do
    read -r size pq first pq2 steady version <<<"$row"
    awk -v n="$size" -v pq="$pq" -v f="$first" -v pq2="$pq2" -v s="$steady" -v v="$version" 'BEGIN {
        printf "| %d | %.0f ms | %.0f ms | %.1fx | %.1f | %.0f ms | %.0f ms | %.2fx | %.0f ms |\n",
            n, pq, f, f / pq, n / (f / 1000), pq2, s, s / pq2, v }'
done
if [ ${#results[@]} -gt 1 ]; then
    echo
    echo "Growth: extra milliseconds per 1,000 more queued messages"
    echo
    echo "| from | to | postqueue -j | first sweep | steady sweep |"
    echo "|---|---|---|---|---|"
    previous=
    for row in "${results[@]}"; do
        if [ -n "$previous" ]; then
            awk -v a="$previous" -v b="$row" 'BEGIN {
                split(a, x, " "); split(b, y, " "); k = 1000 / (y[1] - x[1])
                printf "| %d | %d | %.0f ms | %.0f ms | %.0f ms |\n", x[1], y[1], (y[4] - x[4]) * k, (y[3] - x[3]) * k, (y[5] - x[5]) * k }'
        fi
        previous=$row
    done
fi
