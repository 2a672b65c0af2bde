#!/usr/bin/env bash
# bench/steady.sh - steady-state sweeps of two builds of posttls against postqueue -j, in one
# run (as root): for checking a change to the sweep without waiting for real notices.
#
# Like bench/sweep.sh, but the database is seeded by a first sweep whose notices go to a
# sendmail that discards them (sendmail_path in posttls.conf), so 10,000 messages take a
# minute, not half an hour. Then, interleaved, RUNS times each:
#   postqueue -j                      the reference
#   posttls sweep                     this checkout, published
#   posttls sweep (baseline)          the posttls published in BASELINE (e.g. before a change)
# and checks that no steady-state sweep tracked or sent anything. The BASELINE build seeds the
# database and sweeps a copy of its own: a newer build may add schema steps, which an older
# one refuses; this build migrates its copy in one untimed sweep before the timed ones.
#
# usage: sudo BASELINE=DIR bench/steady.sh [SIZE ...]   (RUNS=5; sizes ascending)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 1000 10000)
runs=${RUNS:-5}
[ -x "${BASELINE:-}/posttls" ] || { echo "bench/steady.sh: set BASELINE to a directory with a published posttls" >&2; exit 1; }
source bench/lib.sh
bench_setup
cp -a "$BASELINE" "$BENCH_WORK/baseline"
chmod 755 "$BENCH_WORK/baseline"
printf '#!/bin/sh\nexec cat >/dev/null\n' > "$BENCH_WORK/bin/discard-sendmail"
chmod 755 "$BENCH_WORK/bin/discard-sendmail"
real_conf=$(cat "$BENCH_CONF")
log=$BENCH_WORK/posttls/posttls.log
baseline_data=$BENCH_WORK/posttls/lib-baseline
baseline_conf=$BENCH_WORK/posttls/baseline.conf
{ echo "$real_conf" | grep -v '^data_directory'; echo "data_directory = $baseline_data"; } > "$baseline_conf"
chmod 644 "$baseline_conf"

queued=0
echo "| queue | postqueue -j | steady sweep | ratio | steady sweep (baseline) | ratio |"
echo "|---|---|---|---|---|---|"
for size in "${sizes[@]}"; do
    bench_fill $((size - queued)) "$queued"
    bench_wait_deferred "$size"
    queued=$size
    rm -rf "$BENCH_WORK/posttls/lib/posttls.db"* "$baseline_data"
    { echo "$real_conf" | grep -v '^sendmail_path'; echo "sendmail_path = $BENCH_WORK/bin/discard-sendmail"; } > "$BENCH_CONF"
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$BENCH_WORK/baseline/posttls" --config "$BENCH_CONF" sweep
    grep -q "sweep done: queue=$size, tracked=$size, notices=$size," "$log" || bench_die "the seeding sweep of $size failed: $(grep 'sweep done' "$log" | tail -1)"
    echo "$real_conf" > "$BENCH_CONF"
    cp -a "$BENCH_WORK/posttls/lib" "$baseline_data"
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$BENCH_BIN" --config "$BENCH_CONF" sweep   # untimed: migrates this build's copy
    timed=$(python3 bench/queue.py time "$runs" "postqueue=postqueue -c $BENCH_ETC -j" \
        "steady=$BENCH_BIN --config $BENCH_CONF sweep" "baseline=$BENCH_WORK/baseline/posttls --config $baseline_conf sweep")
    done_lines=$(grep -c "sweep done: queue=$size, tracked=0, notices=0, actions=0, decisions=0, closed=0," "$log" || true)
    [ "$done_lines" -eq $((2 * runs + 1)) ] || bench_die "only $done_lines of $((2 * runs + 1)) steady-state sweeps of $size did nothing"
    awk -v n="$size" '{ t[$1] = $2 } END {
        printf "| %d | %.0f ms | %.0f ms | %.2fx | %.0f ms | %.2fx |\n", n, t["postqueue"], t["steady"], t["steady"] / t["postqueue"],
            t["baseline"], t["baseline"] / t["postqueue"] }' <<<"$timed"
done
