#!/usr/bin/env bash
# tests/testbed/instance.sh - the one builder of a private Postfix instance with PostTLS wired
# in, for demo.sh and bench/ (as root). The C# test bed (PostfixTestBed.cs) writes its richer
# instance from the same templates (base-main.cf, base-master.cf, postfix-snippets/), and like
# this script changes the machine only through tests/testbed/system.sh.
#
#   instance.sh up DIR [--publish | --binary PUBLISHED] [--mailbox NAME]... [--tls-domain DOMAIN]...
#                      [--main-cf FILE] [--master-cf FILE]
#       Builds the instance in the (existing, empty) directory DIR and starts it: Postfix with
#       postfix-snippets/ (only the binary, --config, /etc/postfix/ and the reinjection port
#       substituted), an smtpd with the submission snippet's content filter and one without,
#       smtp-sink as a remote that cannot do TLS for each --tls-domain (mandatory TLS: deferred),
#       a Maildir mailbox NAME@posttls.test for each --mailbox, and posttls.conf after posttls
#       init. --main-cf FILE sets the caller's own main.cf settings (name = value lines, which
#       replace the builder's); --master-cf FILE appends the caller's own master.cf entries.
#       posttls is copied from PUBLISHED (a dotnet publish output) or published now.
#       Writes DIR/instance.env (see "env"). On failure, run "down DIR": it undoes what was done.
#   instance.sh down DIR [--keep]
#       Stops what "up" started (by pid), removes its alternate_config_directories entry, and
#       DIR unless --keep.
#   instance.sh env DIR [PREFIX]
#       Prints PREFIX_* variable assignments (INSTANCE_* by default) for the shell to eval:
#       DIR, ETC, BIN (posttls), CONF (posttls.conf), STATE, SPOOL, LOG, MAILLOG, SINK, MAIL,
#       SUBMISSION_PORT (with the content filter), PLAIN_PORT (without), SINK_PORT, REINJECT_PORT.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd -P)
system=$repo/tests/testbed/system.sh

die() { echo "instance.sh: $*" >&2; exit 1; }

require() {
    [ "$(id -u)" -eq 0 ] || die "must run as root"
    local program
    for program in "$@"; do
        command -v "$program" >/dev/null || die "$program missing: run sudo ./test.sh once (it installs what is needed)"
    done
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# The master.cf entry named $1 in postfix-snippets/, with its continuation lines.
snippet_service() {
    awk -v name="$1" '
        started && /^[ \t]/ { print; next }
        started { exit }
        $1 == name { started = 1; print }' "$repo/postfix-snippets/master.cf"
}

# The name = value lines of a main.cf snippet, continuation lines joined.
snippet_settings() {
    awk '/^#/ || /^$/ { next } /^[ \t]/ { line = line " " $1; for (i = 2; i <= NF; i++) line = line " " $i; next }
         { if (line != "") print line; line = $0 } END { if (line != "") print line }' "$repo/postfix-snippets/$1"
}

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_listening() {
    local port deadline=$((SECONDS + 30))
    for port in "$@"; do
        until listening "$port"; do
            [ "$SECONDS" -lt "$deadline" ] || die "nothing listens on 127.0.0.1:$port; see $dir/maillog"
            sleep 0.1
        done
    done
}

write_env() {
    local name
    for name in DIR ETC BIN CONF STATE SPOOL LOG MAILLOG SINK MAIL SUBMISSION_PORT PLAIN_PORT SINK_PORT REINJECT_PORT; do
        printf 'INSTANCE_%s=%q\n' "$name" "${!name}"
    done > "$dir/instance.env"
}

up() {
    dir=${1:?usage: instance.sh up DIR [options]}
    shift
    local published="" publish="" main_extra="" master_extra="" mailboxes=() domains=()
    while [ $# -gt 0 ]; do
        case $1 in
            --publish) publish=1; shift ;;
            --binary) published=${2:?--binary needs a directory}; shift 2 ;;
            --mailbox) mailboxes+=("${2:?--mailbox needs a name}"); shift 2 ;;
            --tls-domain) domains+=("${2:?--tls-domain needs a domain}"); shift 2 ;;
            --main-cf) main_extra=${2:?--main-cf needs a file}; shift 2 ;;
            --master-cf) master_extra=${2:?--master-cf needs a file}; shift 2 ;;
            *) die "up: unknown option $1" ;;
        esac
    done
    [ -n "$publish" ] || [ -n "$published" ] || die "up: give --publish or --binary DIR"
    require postfix postconf postqueue smtp-sink python3
    [ -z "$publish" ] || require dotnet
    [ -d "$dir" ] || die "$dir is not a directory"
    mkdir -p "$dir/.instance"
    "$system" user >/dev/null

    DIR=$dir ETC=$dir/etc STATE=$dir/posttls SINK=$dir/sink MAIL=$dir/mail MAILLOG=$dir/maillog
    BIN=$dir/bin/posttls CONF=$STATE/posttls.conf SPOOL=$STATE/spool LOG=$STATE/posttls.log
    local directory
    for directory in "$dir" "$ETC" "$dir/queue" "$dir/data" "$dir/bin" "$STATE" "$SINK" "$MAIL"; do
        mkdir -p "$directory"
        chmod 755 "$directory"   # user posttls (filter, decide) must traverse them
    done
    chown postfix "$dir/data"
    chown nobody "$SINK" "$MAIL"

    if [ -n "$published" ]; then
        [ -x "$published/posttls" ] || die "$published: no executable posttls there"
        cp -a "$published"/. "$dir/bin/"
    elif ! dotnet publish "$repo/src/PostTls" -c Release -o "$dir/bin" --nologo -v quiet > "$dir/publish.log" 2>&1; then
        cat "$dir/publish.log" >&2
        die "dotnet publish failed"
    fi
    chmod 755 "$BIN"

    SUBMISSION_PORT=$(free_port) PLAIN_PORT=$(free_port) SINK_PORT=$(free_port) REINJECT_PORT=$(free_port)
    write_env

    local version snippets
    version=$(postconf -d -h mail_version)
    snippets=$(snippet_settings main.cf)
    if [ "$(printf '%s\n3.10\n' "$version" | sort -V | head -n 1)" = 3.10 ]; then
        snippets+=$'\n'$(snippet_settings main-3.10.cf)   # as the README says for 3.10 and later
    fi
    {
        cat "$repo/tests/testbed/base-main.cf"
        cat <<CF
queue_directory = $dir/queue
data_directory = $dir/data
maillog_file = $MAILLOG
maillog_file_prefixes = /var, /dev/stdout, $dir
transport_maps = texthash:$ETC/transport
virtual_mailbox_base = $MAIL
virtual_mailbox_maps = texthash:$ETC/vmailbox
virtual_uid_maps = static:$(id -u nobody)
virtual_gid_maps = static:$(id -g nobody)
# from postfix-snippets/:
${snippets//\/etc\/postfix\//$ETC/}
CF
    } > "$ETC/main.cf"
    if [ -n "$main_extra" ]; then
        # In place (postconf -e), not appended: Postfix warns about every setting given twice.
        local setting
        while IFS= read -r setting; do
            [[ $setting =~ ^[[:space:]]*(#|$) ]] || postconf -c "$ETC" -e "$setting"
        done < "$main_extra"
    fi

    {
        local domain
        for domain in ${domains[@]+"${domains[@]}"}; do echo "$domain smtp:[127.0.0.1]:$SINK_PORT"; done
        echo "mail.posttls.test posttls-decide:"
    } > "$ETC/transport"
    local mailbox
    for mailbox in ${mailboxes[@]+"${mailboxes[@]}"}; do echo "$mailbox@posttls.test $mailbox/"; done > "$ETC/vmailbox"
    local table
    for table in posttls-release.pcre posttls-strip.pcre posttls-actions.pcre posttls-loopback.cidr \
                 posttls-sender-login.pcre posttls-reinject-received.pcre; do
        cp "$repo/postfix-snippets/$table" "$ETC/"
    done

    local submission content_filter receive_override services="" name
    submission=$(snippet_service submission)
    content_filter=$(sed -n 's/.*-o content_filter=\([^[:space:]]*\).*/\1/p' <<<"$submission" | head -n 1)
    receive_override=$(sed -n 's/.*-o receive_override_options=\([^[:space:]]*\).*/\1/p' <<<"$submission" | head -n 1)
    [ -n "$content_filter" ] || die "no content_filter in the submission snippet"
    for name in posttls-filter 127.0.0.1:10026 posttls-reinject-cleanup posttls-notify posttls-decide \
                posttls-release posttls-release-cleanup smtp-insecure; do
        services+=$(snippet_service "$name")$'\n'
    done
    services=${services//127.0.0.1:10026 /127.0.0.1:$REINJECT_PORT }
    services=${services//argv=\/usr\/local\/bin\/posttls /argv=$BIN --config $CONF }
    {
        echo "# The submission port's stand-in: the snippet's content filter, no TLS or SASL."
        echo "127.0.0.1:$SUBMISSION_PORT inet n - n - - smtpd"
        echo "  -o syslog_name=postfix/submission"
        echo "  -o content_filter=$content_filter"
        [ -z "$receive_override" ] || echo "  -o receive_override_options=$receive_override"
        echo "# An smtpd without content filter, as port 25 of many servers."
        echo "127.0.0.1:$PLAIN_PORT inet n - n - - smtpd"
        awk -v options="$(snippet_service pickup | tail -n +2)" '{ print } $1 == "pickup" { print options }' \
            "$repo/tests/testbed/base-master.cf"
        echo "# --- from postfix-snippets/master.cf ---"
        printf '%s' "${services//\/etc\/postfix\//$ETC/}"
        [ -z "$master_extra" ] || { echo "# --- the caller's own ---"; cat "$master_extra"; }
    } > "$ETC/master.cf"

    cat > "$CONF" <<CF
# posttls.conf of a private instance (tests/testbed/instance.sh): everything under $dir.
postfix_config_directory = $ETC
secret_key_file = $STATE/secret.key
data_directory = $STATE/lib
spool_directory = $SPOOL
log_file = $LOG
reinject_address = 127.0.0.1:$REINJECT_PORT
# Given, so that posttls need not ask postconf for it each time it sends the old way.
sendmail_path = $(postconf -c "$ETC" -h sendmail_path)
CF
    chmod 644 "$CONF"   # posttls refuses a configuration that others can change
    "$BIN" --config "$CONF" init >/dev/null

    "$system" alternate add "$ETC"
    : > "$dir/.instance/alternate-added"
    postfix -c "$ETC" check || die "postfix check failed for $ETC"
    postfix -c "$ETC" start >/dev/null 2>&1 || die "postfix -c $ETC start failed; see $MAILLOG"
    : > "$dir/.instance/postfix-started"
    smtp-sink -u nobody -d "$SINK/%M." "127.0.0.1:$SINK_PORT" 1000 </dev/null >"$dir/sink.log" 2>&1 &
    echo $! > "$dir/.instance/sink.pid"
    wait_listening "$SUBMISSION_PORT" "$PLAIN_PORT" "$SINK_PORT" "$REINJECT_PORT"
}

down() {
    dir=${1:?usage: instance.sh down DIR [--keep]}
    local keep="" status=0
    case ${2:-} in
        "") ;;
        --keep) keep=1 ;;
        *) die "down: unknown option $2" ;;
    esac
    local state=$dir/.instance
    [ -d "$state" ] || { [ -n "$keep" ] || rm -rf "$dir"; return 0; }
    if [ -e "$state/postfix-started" ]; then
        postfix -c "$dir/etc" stop >/dev/null 2>&1 || echo "instance.sh: postfix -c $dir/etc stop failed" >&2
    fi
    if [ -s "$state/sink.pid" ]; then
        local pid
        pid=$(<"$state/sink.pid")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    if [ -e "$state/alternate-added" ]; then
        "$system" alternate remove "$dir/etc" || { echo "instance.sh: could not remove $dir/etc from alternate_config_directories" >&2; status=1; }
    fi
    if [ -n "$keep" ]; then
        rm -f "$state/postfix-started" "$state/sink.pid" "$state/alternate-added"
    else
        rm -rf "$dir"
    fi
    return "$status"
}

case ${1:-} in
    up) shift; up "$@" ;;
    down) shift; down "$@" ;;
    env)
        [ -f "${2:?usage: instance.sh env DIR [PREFIX]}/instance.env" ] || die "$2: no instance there"
        sed "s/^INSTANCE_/${3:-INSTANCE}_/" "$2/instance.env" ;;
    *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64 ;;
esac
