#!/usr/bin/env bash
# bench/apply.sh - posttls apply carrying out 100 senders' decisions, in one run (as root).
#
# In a private Postfix instance (bench/lib.sh): 100 TLS-deferred messages, one sweep that
# notifies their senders, and each sender's answer mailed to the action address in the notice
# the way a mail client sends it (sendmail -> Postfix -> pipe(8) -> posttls decide, as user
# posttls), half "send without encryption", half "delete". When all 100 decision files wait
# in the spool it times:
#   reference    one "postsuper -d ID" per message for 100 other TLS-deferred messages: the
#                least a decision costs (one Postfix command per message)
#   posttls      one "posttls apply" run carrying out the 100 decisions: a release holds the
#                message, reads it (postcat), submits a copy to the release listener over
#                SMTP, deletes the original; a delete checks the tag and deletes; each sends
#                the sender a confirmation
# and checks that every decision was carried out: the queue is empty, 50 released copies
# arrived at the remote (smtp-sink) through smtp-insecure, and all 100 messages are closed.
#
# usage: sudo bench/apply.sh [COUNT]     (100 by default; an even number)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100}
[ $((count % 2)) -eq 0 ] || { echo "bench/apply.sh: COUNT must be even" >&2; exit 1; }
source bench/lib.sh
bench_setup
as_cron=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin)
log=$BENCH_WORK/posttls/posttls.log
now_ms() { date +%s%3N; }

bench_fill "$count" 0
bench_wait_deferred "$count"
"${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" sweep
grep -q "sweep done: queue=$count, tracked=$count, notices=$count," "$log" || bench_die "the sweep did not notify $count senders: $(grep 'sweep done' "$log")"
bench_wait_deferred "$count"   # the notices are in the senders' mailboxes

echo "mailing $count decisions to the action addresses" >&2
python3 bench/queue.py actions "$BENCH_MAIL" > "$BENCH_WORK/actions"
[ "$(wc -l < "$BENCH_WORK/actions")" -eq "$count" ] || bench_die "expected $count notices in the mailboxes"
while read -r sender address; do
    printf 'From: %s\nTo: %s\nSubject: decision\n\nyes\n' "$sender" "$address" \
        | sendmail -C "$BENCH_ETC" -i -f "$sender" -- "$address"
done < "$BENCH_WORK/actions"
deadline=$(( $(date +%s) + 300 ))
until [ "$(find "$BENCH_SPOOL" -maxdepth 1 -name '*.decision' | wc -l)" -eq "$count" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || bench_die "only $(find "$BENCH_SPOOL" -maxdepth 1 -name '*.decision' | wc -l) of $count decisions arrived; see $BENCH_WORK/maillog"
    sleep 1
done
bench_wait_deferred "$count"   # the decision mails were delivered (none bounced)

echo "queueing $count other messages for the reference" >&2
bench_fill "$count" "$count"
bench_wait_deferred $((count * 2))
python3 bench/queue.py ids "$BENCH_ETC" > "$BENCH_WORK/all-ids"
"${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" list --json \
    | python3 -c 'import json, sys; [print(m["queue_id"]) for m in json.load(sys.stdin)["messages"]]' | sort > "$BENCH_WORK/tracked-ids"
sort "$BENCH_WORK/all-ids" | comm -23 - "$BENCH_WORK/tracked-ids" > "$BENCH_WORK/reference-ids"
[ "$(wc -l < "$BENCH_WORK/reference-ids")" -eq "$count" ] || bench_die "expected $count untracked messages for the reference"

echo "timing" >&2
start=$(now_ms)
while read -r id; do
    "${as_cron[@]}" postsuper -c "$BENCH_ETC" -d "$id" 2>/dev/null
done < "$BENCH_WORK/reference-ids"
reference_ms=$(( $(now_ms) - start ))

start=$(now_ms)
"${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" apply
apply_ms=$(( $(now_ms) - start ))

# Verify: every decision carried out.
grep -q "apply done: decisions=$count\$" "$log" || bench_die "apply did not carry out $count decisions: $(grep 'apply done' "$log")"
left=$(find "$BENCH_SPOOL" -maxdepth 1 -name '*.decision' | wc -l)
[ "$left" -eq 0 ] || bench_die "$left decision files left in the spool"
bench_wait_deferred 0 2>/dev/null || bench_die "the queue did not empty: $(postqueue -c "$BENCH_ETC" -j | wc -l) left"
released=$(grep -l '^Subject: benchmark message' "$BENCH_SINK"/* 2>/dev/null | wc -l)
[ "$released" -eq $((count / 2)) ] || bench_die "$released released copies reached the remote, expected $((count / 2))"
closed=$("${as_cron[@]}" "$BENCH_BIN" --config "$BENCH_CONF" list --all --json | python3 -c '
import json, sys
m = json.load(sys.stdin)["messages"]
print(sum(x["state"] == "closed" for x in m))')
[ "$closed" -eq "$count" ] || bench_die "$closed of $count messages closed"
echo "verified: $count decisions applied, queue empty, $released released copies at the remote, $closed closed" >&2

echo
echo "| what | items | wall | per item | per second | ratio |"
echo "|---|---|---|---|---|---|"
awk -v n="$count" -v r="$reference_ms" -v a="$apply_ms" 'BEGIN {
    printf "| reference: postsuper -d, one run per message | %d | %d ms | %.1f ms | %.1f | 1.00x |\n", n, r, r / n, n / (r / 1000)
    printf "| posttls apply (%d release, %d delete) | %d | %d ms | %.1f ms | %.1f | %.2fx |\n", n / 2, n / 2, n, a, a / n, n / (a / 1000), a / r }'
