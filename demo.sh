#!/usr/bin/env bash
# demo.sh - PostTLS in three minutes, with the real programs (sudo ./demo.sh).
#
# On a Debian or Ubuntu machine, as root: installs what it needs (postfix, postfix-pcre,
# swaks, python3), builds posttls, starts a PRIVATE Postfix instance in a temporary
# directory (loopback only, free ports) and an smtp-sink that plays a remote mail server
# without TLS, and then walks through the story step by step:
#
#   alice sends a mail -> Postfix defers it (TLS not offered) -> posttls sweep -> alice's
#   notice -> alice answers "send without encryption" -> posttls apply -> the mail arrives
#   at the remote, unencrypted -> a mail to a never-insecure domain is returned instead.
#
# Your system Postfix is not touched, apart from one alternate_config_directories entry in
# /etc/postfix/main.cf (Postfix requires it for "postfix -c DIR") that is removed again.
# Everything the demo starts is stopped, and its directory removed, when it ends.
#
#   sudo ./demo.sh                  build posttls and run the demo
#   sudo ./demo.sh --from DIR       use an already published build (the native posttls)
#   sudo KEEP=1 ./demo.sh           keep the demo directory afterwards, to look around
set -euo pipefail

usage() {
    cat <<'EOF'
Usage: sudo ./demo.sh [--from DIR]

Runs the PostTLS story end to end on a private Postfix instance and an smtp-sink,
then stops and removes everything it started.

  --from DIR   use the posttls binary published in DIR
               instead of running "dotnet publish"
  -h, --help   show this help

Environment: KEEP=1 keeps the demo directory (configuration, queue, mailboxes, logs).
EOF
}

from=""
while [ $# -gt 0 ]; do
    case "$1" in
        --from) [ $# -ge 2 ] || { usage >&2; exit 64; }; from=$2; shift 2 ;;
        --from=*) from=${1#--from=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "demo.sh: unknown argument: $1" >&2; usage >&2; exit 64 ;;
    esac
done

cd "$(dirname "$0")"
repo=$(pwd)
snippets="$repo/postfix-snippets"
started=$SECONDS

# ---------------------------------------------------------------------------------------
# Output helpers
# ---------------------------------------------------------------------------------------
if [ -t 1 ]; then bold=$'\e[1m'; dim=$'\e[2m'; plain=$'\e[0m'; else bold=""; dim=""; plain=""; fi

heading() { printf '\n%s== %s%s\n\n' "$bold" "$*" "$plain"; }
say() { printf '%s\n' "$*"; }
# show_command ARG...: print a command line as the reader would type it (root prompt)
show_command() {
    local word line="" plain_word='^[][A-Za-z0-9@%+=:,./_<-]+$'
    for word in "$@"; do
        if [[ $word =~ $plain_word ]]; then
            line+=" $word"
        else
            line+=" '${word//\'/\'\\\'\'}'"
        fi
    done
    printf '%s  #%s%s\n' "$dim" "$line" "$plain"
}
# indent: the real output of a program, set off from the narration
indent() { sed 's/^/    /'; }
fail() {
    printf '\ndemo.sh: %s\n' "$*" >&2
    if [ -n "${maillog:-}" ] && [ -f "$maillog" ]; then
        printf '\nlast lines of the Postfix log (%s):\n' "$maillog" >&2
        tail -n 15 "$maillog" >&2
    fi
    if [ -n "${posttls_log:-}" ] && [ -f "$posttls_log" ]; then
        printf '\nlast lines of the PostTLS log (%s):\n' "$posttls_log" >&2
        tail -n 10 "$posttls_log" >&2
    fi
    exit 1
}

# wait_until SECONDS WHAT COMMAND...: poll COMMAND every 0.2 s, give up after SECONDS
wait_until() {
    local limit=$1 what=$2
    shift 2
    local deadline=$((SECONDS + limit))
    until "$@"; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            fail "gave up after ${limit}s waiting for $what"
        fi
        sleep 0.2
    done
}

# ---------------------------------------------------------------------------------------
# Preconditions and packages
# ---------------------------------------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
    echo "demo.sh: must run as root (it installs packages and runs a private Postfix): sudo ./demo.sh" >&2
    exit 1
fi

# Fail before installing anything when posttls cannot be built.
if [ -z "$from" ]; then
    if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        echo "demo.sh: the .NET 10 SDK is needed to build posttls." >&2
        echo "  Debian 12: install Microsoft's package feed, then: apt-get install dotnet-sdk-10.0" >&2
        echo "  (see https://learn.microsoft.com/dotnet/core/install/linux-debian), or build elsewhere" >&2
        echo "  and run: sudo ./demo.sh --from DIR   (DIR = the dotnet publish output)" >&2
        exit 1
    fi
fi

heading "Preparing (packages, build, a private Postfix instance)"

packages=(postfix postfix-pcre swaks python3)
# The native build (NativeAOT) needs a C toolchain, zlib and SQLite's static library.
[ -n "$from" ] || packages+=(clang zlib1g-dev libsqlite3-dev)
missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || fail "missing packages (${missing[*]}) and no apt-get: install them by hand"
    say "installing ${missing[*]} (apt-get) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # "No configuration": the package must not set up or start the system's own Postfix.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get install -y -qq "${missing[@]}" >/dev/null
else
    say "packages: ${packages[*]} are installed"
fi
for program in postfix postconf postqueue postcat postsuper smtp-sink swaks python3 useradd; do
    command -v "$program" >/dev/null 2>&1 || fail "$program not found after installing the packages"
done


# Everything lives under one temporary directory, removed at the end. The private instance in
# it is built by tests/testbed/instance.sh, the builder that bench/ uses too; the system user
# posttls comes from tests/testbed/system.sh, as for every test bed.
instance="$repo/tests/testbed/instance.sh"
root=$(mktemp -d /tmp/posttls-demo.XXXXXX)
maillog="$root/maillog"
posttls_log="$root/posttls/posttls.log"
user_created=""

cleanup() {
    local status=$?
    set +e
    trap - EXIT INT TERM ERR
    if [ "$status" -eq 130 ] || [ "$status" -eq 143 ]; then
        printf '\ndemo.sh: interrupted; stopping what it started\n' >&2
    fi
    if [ "${KEEP:-0}" = 1 ]; then
        "$instance" down "$root" --keep
        printf '\nKEEP=1: the demo directory stays: %s\n' "$root"
    else
        "$instance" down "$root"
        if [ -n "$user_created" ]; then
            userdel posttls 2>/dev/null
        fi
    fi
    exit "$status"
}
trap cleanup EXIT
trap 'fail "unexpected failure (line $LINENO): $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

user=$("$repo/tests/testbed/system.sh" user)
if [ "$user" = created ]; then
    user_created=1
    say "created the system user posttls (removed again at the end)"
fi

# --- posttls (built, or taken) in a private Postfix instance with postfix-snippets/ -------
# alice has a mailbox; partner.example and bank.example are the remote without TLS. The one
# change to the system's Postfix is the instance's alternate_config_directories entry in
# /etc/postfix/main.cf, made under the lock every test bed takes and removed at the end.
if [ -n "$from" ]; then
    binary=(--binary "$from")
    say "posttls: taken from $from"
else
    binary=(--publish)
    say "building posttls (dotnet publish -c Release, native; a minute or two the first time) ..."
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
fi
"$instance" up "$root" "${binary[@]}" --mailbox alice --tls-domain partner.example --tls-domain bank.example \
    || fail "could not build and start the private Postfix instance"
eval "$("$instance" env "$root")"
etc=$INSTANCE_ETC
sink=$INSTANCE_SINK
mail=$INSTANCE_MAIL
spool=$INSTANCE_SPOOL
conf=$INSTANCE_CONF
posttls=$INSTANCE_BIN
submission_port=$INSTANCE_SUBMISSION_PORT
sink_port=$INSTANCE_SINK_PORT
content_filter=$(postconf -c "$etc" -P -h "127.0.0.1:$submission_port/inet/content_filter")

say "private Postfix:   postfix -c $etc  (log: $maillog)"
say "submission port:   127.0.0.1:$submission_port, with content_filter=$content_filter"
say "remote without TLS: smtp-sink on 127.0.0.1:$sink_port, for partner.example and bank.example"
say "Postfix policy:    smtp_tls_security_level = $(postconf -c "$etc" -h smtp_tls_security_level)  (mandatory TLS)"
say "posttls:           $posttls --config $conf"
say "                   (\"posttls\" below stands for this command line)"

# ---------------------------------------------------------------------------------------
# Helpers for the story
# ---------------------------------------------------------------------------------------
pt() { "$posttls" --config "$conf" "$@"; }

# queue_entry RCPT: print the postqueue -j entry whose recipient RCPT was deferred for TLS
queue_entry() {
    postqueue -c "$etc" -j | python3 -c '
import json, sys
want = sys.argv[1]
for line in sys.stdin:
    entry = json.loads(line)
    for r in entry.get("recipients", []):
        if r.get("address") == want and "TLS is required" in r.get("delay_reason", ""):
            print(json.dumps(entry, indent=2))
            sys.exit(0)
sys.exit(1)
' "$1"
}
deferred_for_tls() { queue_entry "$1" >/dev/null; }
# log_has FILE TEXT1 TEXT2: a line of FILE holds both texts (postlogd writes a moment later)
log_has() { [ -f "$1" ] && grep -F -- "$2" "$1" | grep -qF -- "$3"; }
# flush_queue: postqueue -f (deliver the deferred queue now), at most every 3 seconds
last_flush=-10
flush_queue() {
    if [ $((SECONDS - last_flush)) -ge 3 ]; then
        postqueue -c "$etc" -f
        last_flush=$SECONDS
    fi
}
not_queued() { ! postqueue -c "$etc" -j | grep -qF "\"address\":\"$1\""; }

# mailbox_file TEXT: the first message in alice's Maildir that contains TEXT
mailbox_file() {
    local file
    for file in "$mail/alice/new"/* "$mail/alice/cur"/*; do
        [ -f "$file" ] && grep -qF -- "$1" "$file" && { printf '%s\n' "$file"; return 0; }
    done
    return 1
}
mailbox_has() { mailbox_file "$1" >/dev/null; }

# read_mail FILE: the message as alice's mail program shows it (headers decoded, text part)
read_mail() {
    python3 - "$1" <<'PY'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    message = email.message_from_binary_file(f, policy=email.policy.default)
for name in ("From", "To", "Subject", "Date"):
    print(f"{name}: {message[name]}")
print()
body = message.get_body(("plain",))
print(body.get_content().rstrip() if body is not None else "(no text part)")
PY
}
subject_of() {
    python3 - "$1" <<'PY'
import email, email.policy, sys
with open(sys.argv[1], "rb") as f:
    print(email.message_from_binary_file(f, policy=email.policy.default)["Subject"])
PY
}

# send_mail FROM TO SUBJECT BODY: submit through the demo's port 587 stand-in; prints the
# server's "queued as" line
send_mail() {
    local output arguments=(--server "127.0.0.1:$submission_port" --helo client.posttls.test --from "$1" --to "$2"
        --header "Subject: $3")
    # swaks prompts for an empty --body; "-" reads it from /dev/null instead
    if [ -n "$4" ]; then arguments+=(--body "$4"); else arguments+=(--body -); fi
    if ! output=$(swaks "${arguments[@]}" </dev/null 2>&1); then
        printf '%s\n' "$output" >&2
        fail "swaks could not submit the mail"
    fi
    printf '%s\n' "$output" | grep -E '^<[-~] +250 .*queued as' | sed -E 's/^<[-~] +//'
}

# new_log_lines FILE OFFSET: lines appended to FILE after OFFSET bytes
log_size() { if [ -f "$1" ]; then stat -c %s "$1"; else echo 0; fi; }
new_log_lines() { [ -f "$1" ] && tail -c +"$(($2 + 1))" "$1"; }
# log lines without the date and host, which make them too wide to read here
short_log() { sed -E 's/^[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [^ ]+ //; s/^[0-9T:.+-]{19,}[^ ]* [^ ]+ //'; }

# ---------------------------------------------------------------------------------------
# The story
# ---------------------------------------------------------------------------------------
heading "1. alice sends a mail to bob@partner.example"
say "alice's mail program submits it on the submission port, whose content_filter runs"
say "\"posttls filter\": the mail is tagged with X-PostTLS-ID and handed back to Postfix."
say ""
show_command swaks --server "127.0.0.1:$submission_port" --from alice@posttls.test --to bob@partner.example --header "Subject: Quarterly report" ...
posttls_mark=$(log_size "$posttls_log")
send_mail alice@posttls.test bob@partner.example "Quarterly report" \
    "Hi Bob, the figures are attached. Regards, Alice" | indent

heading "2. Postfix defers it: partner.example offers no TLS"
wait_until 30 "the mail to bob@partner.example to be deferred for TLS" deferred_for_tls bob@partner.example
wait_until 10 "the deferral in Postfix's log" log_has "$maillog" 'to=<bob@partner.example>' 'status=deferred'
say "The posttls filter logged the tag:"
new_log_lines "$posttls_log" "$posttls_mark" | grep 'posttls/filter' | short_log | indent
say ""
say "The tagged copy is a new message in the queue. Postfix's log (smtp_tls_security_level = encrypt):"
grep -F 'to=<bob@partner.example>' "$maillog" | grep -F 'status=deferred' | head -n 1 | short_log | indent
say ""
show_command postqueue -c "$etc" -j
say "  (this message's line, pretty-printed)"
queue_entry bob@partner.example | indent
say ""
say "Without PostTLS the mail would wait here for days, and nobody would know."

heading "3. posttls sweep (root, every minute from cron or a systemd timer) notifies alice"
show_command posttls sweep
posttls_mark=$(log_size "$posttls_log")
pt sweep
wait_until 30 "the notice in alice's mailbox" mailbox_has "X-PostTLS-Notice: notice"
new_log_lines "$posttls_log" "$posttls_mark" | short_log | indent
notice=$(mailbox_file "X-PostTLS-Notice: notice")
say ""
say "alice's mailbox now holds this notice (text part; there is an HTML part with buttons too):"
say ""
read_mail "$notice" | indent

heading "4. alice clicks \"send without encryption\""
send_address=$(read_mail "$notice" | grep -oE 'posttls-send-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@mail\.posttls\.test' | head -n 1)
[ -n "$send_address" ] || fail "no send action address in the notice"
say "The button is a mailto: link: her mail program sends an empty mail to"
say "  $send_address"
say "Postfix delivers it to \"posttls decide\" (user posttls), which checks the HMAC token,"
say "the deadline and that alice is the original sender, and records the decision."
say ""
show_command swaks --from alice@posttls.test --to "$send_address" --header "Subject: Send without encryption" --body - "</dev/null"
posttls_mark=$(log_size "$posttls_log")
send_mail alice@posttls.test "$send_address" "Send without encryption" "" | indent
decision_recorded() { compgen -G "$spool/*.decision" >/dev/null; }
wait_until 30 "posttls decide to record alice's decision" decision_recorded
wait_until 10 "posttls decide's log line" log_has "$posttls_log" 'posttls/decide' 'accepted'
say ""
new_log_lines "$posttls_log" "$posttls_mark" | grep 'posttls/decide' | short_log | indent

heading "5. posttls apply carries it out: the mail leaves without encryption"
say "(Run by the posttls-apply.path systemd unit as soon as a decision arrives; every"
say "sweep does it too.) apply holds the message, hands a copy to the private release"
say "listener, which routes it through smtp-insecure to the next hop, and deletes the original."
say ""
show_command posttls apply
posttls_mark=$(log_size "$posttls_log")
pt apply
sink_file() { local f; for f in "$sink"/*; do [ -f "$f" ] && grep -qF "Quarterly report" "$f" && { printf '%s\n' "$f"; return 0; }; done; return 1; }
arrived() { flush_queue; sink_file >/dev/null; }
wait_until 60 "the released copy at the remote" arrived
wait_until 30 "the original to leave the queue" not_queued bob@partner.example
wait_until 30 "the confirmation to alice" mailbox_has "X-PostTLS-Notice: confirmation"
wait_until 10 "the delivery in Postfix's log" log_has "$maillog" 'postfix/smtp-insecure/' 'to=<bob@partner.example>'
new_log_lines "$posttls_log" "$posttls_mark" | short_log | indent
say ""
say "Postfix's log: the copy went out through smtp-insecure (smtp_tls_security_level=may);"
say "the remote offered no TLS, so it travelled in clear text, as alice chose:"
grep -F 'postfix/smtp-insecure/' "$maillog" | grep -F 'to=<bob@partner.example>' | short_log | indent
say ""
say "What the remote server (smtp-sink) received, as it wrote it to disk:"
say ""
sed 's/\r$//' "$(sink_file)" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' | indent
say ""
say "alice gets a short confirmation:"
say "  Subject: $(subject_of "$(mailbox_file "X-PostTLS-Notice: confirmation")")"
say ""
say "The audit trail (PostTLS's log file; the database keeps the same as audit rows):"
grep -E 'release|sender:|decide' "$posttls_log" | short_log | indent

heading "6. bank.example is never-insecure: its mail is returned, never sent in clear text"
show_command posttls domains add bank.example
pt domains add bank.example | indent
say ""
show_command swaks --from alice@posttls.test --to someone@bank.example --header "Subject: Account details" ...
send_mail alice@posttls.test someone@bank.example "Account details" \
    "Please find my account details below." | indent
wait_until 30 "the mail to someone@bank.example to be deferred for TLS" deferred_for_tls someone@bank.example
wait_until 10 "the deferral in Postfix's log" log_has "$maillog" 'to=<someone@bank.example>' 'status=deferred'
say ""
say "Postfix defers it, as before:"
grep -F 'to=<someone@bank.example>' "$maillog" | grep -F 'status=deferred' | head -n 1 | short_log | indent
say ""
say "This time the sweep offers alice no choice: the only recipient is in a never-insecure"
say "domain, so never_insecure_action (return, by default) applies at once."
say ""
show_command posttls sweep
posttls_mark=$(log_size "$posttls_log")
pt sweep
returned() { flush_queue; mailbox_has "Undelivered Mail Returned to Sender"; }
wait_until 30 "the never-insecure notice to alice" mailbox_has "X-PostTLS-Notice: never-insecure"
wait_until 60 "Postfix's bounce to alice" returned
new_log_lines "$posttls_log" "$posttls_mark" | short_log | indent
say ""
say "alice receives the notice and Postfix's own delivery failure report:"
say "  Subject: $(subject_of "$(mailbox_file "X-PostTLS-Notice: never-insecure")")"
say "  Subject: $(subject_of "$(mailbox_file "Undelivered Mail Returned to Sender")")"
say ""
say "The notice (text part):"
say ""
read_mail "$(mailbox_file "X-PostTLS-Notice: never-insecure")" | indent

heading "Done in $((SECONDS - started)) s"
say "Nothing left the server unencrypted without the sender's decision; nothing was lost."
say "Next: README.md (Install), sudo ./install.sh, and postfix-snippets/ for your Postfix."
say "Stopping the private Postfix and smtp-sink and removing $root ..."
