# bench/lib.sh - a private Postfix instance with PostTLS wired in, for bench/sweep.sh and
# bench/apply.sh (sourced, as root). Built by tests/testbed/instance.sh, the builder demo.sh
# uses too, from the templates the integration tests' test bed reads: postfix-snippets/ with
# only the binary, --config and /etc/postfix/ substituted; smtp-sink as a remote that cannot do
# TLS (example.test); local Maildir mailboxes alice..max@posttls.test for the senders, who
# receive the notices; and this benchmark's own main.cf settings on top.
#
#   bench_setup            builds and starts everything; sets the variables below
#   bench_fill N FIRST     submits N tagged messages, numbered from FIRST, to rN@example.test
#   bench_wait_deferred N  waits until the queue holds exactly N messages, all TLS-deferred
#   bench_cleanup          stops what bench_setup started (by pid) and removes the directory;
#                          installed as the EXIT trap, also run on INT and TERM
#
# Variables: BENCH_WORK, BENCH_ETC, BENCH_BIN (posttls), BENCH_CONF (posttls.conf),
# BENCH_SPOOL, BENCH_SINK, BENCH_MAIL, BENCH_PLAIN_PORT (smtpd without content filter).
# BENCH_PUBLISHED=DIR copies a posttls published there instead of publishing again.
# The one change to the system's Postfix is our own alternate_config_directories entry in
# /etc/postfix/main.cf, added and removed under the lock every test bed takes
# (tests/testbed/system.sh).

bench_instance=tests/testbed/instance.sh

bench_die() { echo "bench: $*" >&2; exit 1; }

bench_require() {
    [ "$(id -u)" -eq 0 ] || bench_die "run as root"
    local program
    for program in postfix postconf postqueue postsuper postcat sendmail smtp-sink python3 flock dotnet; do
        command -v "$program" >/dev/null || bench_die "$program missing; run sudo ./test.sh once (it installs what is needed)"
    done
}

bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        "$bench_instance" down "$BENCH_WORK" --keep || true
        echo "bench: kept $BENCH_WORK" >&2
    else
        "$bench_instance" down "$BENCH_WORK" || true
    fi
    exit "$status"
}

bench_setup() {
    bench_require
    BENCH_WORK=$(mktemp -d "/tmp/posttls-bench-$(basename "$0" .sh).XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    # The benchmark: fill the queue fast, and leave deferred mail alone while it is measured
    # (no retries for a day; every TLS-deferred message stays where it is).
    cat > "$BENCH_WORK/bench-main.cf" <<CF
default_process_limit = 200
smtp_destination_concurrency_limit = 50
default_destination_concurrency_limit = 50
initial_destination_concurrency = 50
virtual_destination_concurrency_limit = 50
qmgr_message_active_limit = 40000
qmgr_message_recipient_limit = 40000
minimal_backoff_time = 1d
maximal_backoff_time = 1d
queue_run_delay = 1d
smtpd_client_connection_count_limit = 0
CF
    local binary=(--publish) mailboxes=() mailbox
    if [ -n "${BENCH_PUBLISHED:-}" ]; then
        binary=(--binary "$BENCH_PUBLISHED")
    else
        echo "publishing posttls (Release: NativeAOT)" >&2
    fi
    for mailbox in alice bob carol dave erin frank gina hank ivy judy kim lea max; do
        mailboxes+=(--mailbox "$mailbox")
    done
    "$bench_instance" up "$BENCH_WORK" "${binary[@]}" "${mailboxes[@]}" --tls-domain example.test \
        --main-cf "$BENCH_WORK/bench-main.cf" || bench_die "could not build the instance; see $BENCH_WORK/maillog"
    eval "$("$bench_instance" env "$BENCH_WORK" BENCH)"   # BENCH_ETC, BENCH_BIN, BENCH_CONF, ...
}

bench_fill() {
    python3 bench/queue.py fill "$BENCH_PLAIN_PORT" "$BENCH_WORK/posttls/secret.key" "$1" "$2"
}

bench_wait_deferred() {
    python3 bench/queue.py wait "$BENCH_ETC" "$1"
}
