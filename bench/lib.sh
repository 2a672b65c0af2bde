# bench/lib.sh - a private Postfix instance with PostTLS wired in, for bench/sweep.sh and
# bench/apply.sh (sourced, as root). The same wiring as the integration tests' test bed
# (tests/PostTls.IntegrationTests/TestBed/PostfixTestBed.cs): postfix-snippets/ with only the
# binary, --config and /etc/postfix/ substituted; smtp-sink as a remote that cannot do TLS;
# local Maildir mailboxes alice..max@posttls.test for the senders, who receive the notices.
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
# /etc/postfix/main.cf, added and removed under the lock the C# test bed takes as well.

BENCH_LOCK=/run/lock/posttls-testbed.lock
bench_sink_pid=
bench_started=no
bench_entry_added=no
bench_created_main_cf=no

bench_die() { echo "bench: $*" >&2; exit 1; }

bench_require() {
    [ "$(id -u)" -eq 0 ] || bench_die "run as root"
    local program
    for program in postfix postconf postqueue postsuper postcat sendmail smtp-sink python3 flock dotnet; do
        command -v "$program" >/dev/null || bench_die "$program missing; run sudo ./test.sh once (it installs what is needed)"
    done
    id posttls >/dev/null 2>&1 || useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin posttls
}

# Adds (add) or removes (remove) $BENCH_ETC in alternate_config_directories: one
# read-modify-write under the lock, touching no other entry.
bench_alternates() {
    flock -w 60 "$BENCH_LOCK" python3 - "$1" "$BENCH_ETC" <<'PY'
import subprocess, sys
what, directory = sys.argv[1], sys.argv[2]
current = subprocess.run(["postconf", "-h", "alternate_config_directories"], check=True,
                         capture_output=True, text=True).stdout.replace(",", " ").split()
entries = [e for e in current if e != directory] + ([directory] if what == "add" else [])
if entries:
    subprocess.run(["postconf", "-e", "alternate_config_directories = " + ", ".join(entries)], check=True)
else:
    subprocess.run(["postconf", "-X", "alternate_config_directories"], check=True)
PY
}

bench_cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ "$bench_started" = yes ]; then postfix -c "$BENCH_ETC" stop >/dev/null 2>&1 || true; fi
    if [ -n "$bench_sink_pid" ]; then kill "$bench_sink_pid" 2>/dev/null || true; wait "$bench_sink_pid" 2>/dev/null || true; fi
    if [ "$bench_entry_added" = yes ]; then bench_alternates remove || echo "bench: could not remove $BENCH_ETC from alternate_config_directories" >&2; fi
    if [ "$bench_created_main_cf" = yes ] && [ ! -s /etc/postfix/main.cf ]; then rm -f /etc/postfix/main.cf; fi
    if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: kept $BENCH_WORK" >&2; else rm -rf "$BENCH_WORK"; fi
    exit "$status"
}

bench_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The master.cf entry named $1 from postfix-snippets/, with its continuation lines.
bench_master_service() {
    awk -v name="$1" '
        started && /^[ \t]/ { print; next }
        started { exit }
        $1 == name { started = 1; print }' postfix-snippets/master.cf
}

bench_setup() {
    bench_require
    BENCH_WORK=$(mktemp -d "/tmp/posttls-bench-$(basename "$0" .sh).XXXXXX")
    trap bench_cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    chmod 755 "$BENCH_WORK"
    BENCH_ETC=$BENCH_WORK/etc
    BENCH_SINK=$BENCH_WORK/sink
    BENCH_MAIL=$BENCH_WORK/mail
    local posttls_dir=$BENCH_WORK/posttls
    mkdir -p "$BENCH_ETC" "$BENCH_WORK/queue" "$BENCH_WORK/data" "$BENCH_WORK/bin" "$posttls_dir" "$BENCH_SINK" "$BENCH_MAIL"
    chmod 755 "$BENCH_ETC" "$BENCH_WORK/bin" "$posttls_dir"
    chown postfix "$BENCH_WORK/data"
    chown nobody "$BENCH_SINK" "$BENCH_MAIL"

    if [ -n "${BENCH_PUBLISHED:-}" ]; then
        cp -a "$BENCH_PUBLISHED"/. "$BENCH_WORK/bin/"
    else
        echo "publishing posttls (Release: NativeAOT)" >&2
        dotnet publish src/PostTls -c Release -o "$BENCH_WORK/bin" --nologo -v quiet >/dev/null
    fi
    BENCH_BIN=$BENCH_WORK/bin/posttls
    BENCH_CONF=$posttls_dir/posttls.conf
    BENCH_SPOOL=$posttls_dir/spool
    BENCH_REINJECT_PORT=$(bench_free_port)
    cat > "$BENCH_CONF" <<CF
postfix_config_directory = $BENCH_ETC
secret_key_file = $posttls_dir/secret.key
data_directory = $posttls_dir/lib
spool_directory = $BENCH_SPOOL
log_file = $posttls_dir/posttls.log
sendmail_path = $(postconf -h sendmail_path)
reinject_address = 127.0.0.1:$BENCH_REINJECT_PORT
CF
    "$BENCH_BIN" init --config "$BENCH_CONF" >/dev/null

    BENCH_PLAIN_PORT=$(bench_free_port)
    BENCH_SINK_PORT=$(bench_free_port)
    local snippets nobody_uid nobody_gid
    # postfix-snippets/main.cf: name = value lines, continuation lines joined.
    snippets=$(awk '/^#/ || /^$/ { next } /^[ \t]/ { line = line " " $1; for (i = 2; i <= NF; i++) line = line " " $i; next }
                    { if (line != "") print line; line = $0 } END { if (line != "") print line }' postfix-snippets/main.cf)
    nobody_uid=$(id -u nobody)
    nobody_gid=$(id -g nobody)
    { cat tests/testbed/base-main.cf; cat <<CF
queue_directory = $BENCH_WORK/queue
data_directory = $BENCH_WORK/data
maillog_file = $BENCH_WORK/maillog
maillog_file_prefixes = /var, /dev/stdout, $BENCH_WORK
transport_maps = texthash:$BENCH_ETC/transport
virtual_mailbox_base = $BENCH_MAIL
virtual_mailbox_maps = texthash:$BENCH_ETC/vmailbox
virtual_uid_maps = static:$nobody_uid
virtual_gid_maps = static:$nobody_gid
# The benchmark: fill the queue fast, and leave deferred mail alone while it is measured
# (no retries for a day; every TLS-deferred message stays where it is).
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
# from postfix-snippets/main.cf:
${snippets//\/etc\/postfix\//$BENCH_ETC/}
CF
    } > "$BENCH_ETC/main.cf"
    cat > "$BENCH_ETC/transport" <<CF
example.test smtp:[127.0.0.1]:$BENCH_SINK_PORT
mail.posttls.test posttls-decide:
CF
    local mailbox
    : > "$BENCH_ETC/vmailbox"
    for mailbox in alice bob carol dave erin frank gina hank ivy judy kim lea max; do
        echo "$mailbox@posttls.test $mailbox/" >> "$BENCH_ETC/vmailbox"
    done
    cp postfix-snippets/posttls-release.pcre postfix-snippets/posttls-strip.pcre postfix-snippets/posttls-actions.pcre \
        postfix-snippets/posttls-loopback.cidr postfix-snippets/posttls-sender-login.pcre \
        postfix-snippets/posttls-reinject-received.pcre "$BENCH_ETC/"
    local services="" name
    for name in posttls-filter 127.0.0.1:10026 posttls-reinject-cleanup posttls-notify posttls-decide posttls-release posttls-release-cleanup smtp-insecure; do
        services+=$(bench_master_service "$name")$'\n'
    done
    services=${services//127.0.0.1:10026 /127.0.0.1:$BENCH_REINJECT_PORT }
    services=${services//argv=\/usr\/local\/bin\/posttls /argv=$BENCH_BIN --config $BENCH_CONF }
    services=${services//\/etc\/postfix\//$BENCH_ETC/}
    {
        echo "127.0.0.1:$BENCH_PLAIN_PORT inet n - n - - smtpd"
        awk -v options="$(bench_master_service pickup | tail -n +2)" '{ print } $1 == "pickup" { print options }' tests/testbed/base-master.cf
        printf '%s' "$services"
    } > "$BENCH_ETC/master.cf"

    if [ ! -e /etc/postfix/main.cf ]; then : > /etc/postfix/main.cf; bench_created_main_cf=yes; fi
    bench_alternates add
    bench_entry_added=yes
    postfix -c "$BENCH_ETC" check || bench_die "postfix check failed"
    postfix -c "$BENCH_ETC" start >/dev/null 2>&1 || bench_die "postfix start failed; see $BENCH_WORK/maillog"
    bench_started=yes
    smtp-sink -u nobody -d "$BENCH_SINK/%M." "127.0.0.1:$BENCH_SINK_PORT" 1000 &
    bench_sink_pid=$!
    python3 bench/queue.py listening "$BENCH_PLAIN_PORT" "$BENCH_SINK_PORT"
}

bench_fill() {
    python3 bench/queue.py fill "$BENCH_PLAIN_PORT" "$BENCH_WORK/posttls/secret.key" "$1" "$2"
}

bench_wait_deferred() {
    python3 bench/queue.py wait "$BENCH_ETC" "$1"
}
