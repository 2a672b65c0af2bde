#!/usr/bin/env bash
# bench/filter.sh - posttls filter against a reference shell filter, in one run (as root).
#
# Both reinject into the same private Postfix instance (which discards everything), both
# run as user posttls with an empty environment, as pipe(8) runs them. For 4 KB, 1 MB and
# 50 MB messages it prints the median wall time and peak RSS of each, and the ratio to the
# reference:  exec sendmail -G -i "$@"
# posttls is measured twice: with sendmail_path set in posttls.conf, and with the default
# (empty: ask postconf for Postfix's sendmail_path on every message).
#
# usage: sudo bench/filter.sh [RUNS_4K] [RUNS_1M] [RUNS_50M]
set -euo pipefail
cd "$(dirname "$0")/.."
runs_small=${1:-21}
runs_medium=${2:-11}
runs_large=${3:-5}

[ "$(id -u)" -eq 0 ] || { echo "bench/filter.sh: run as root" >&2; exit 1; }
for program in postfix sendmail python3; do
    command -v "$program" >/dev/null || { echo "bench/filter.sh: $program missing; run sudo ./test.sh once (it installs what is needed)" >&2; exit 1; }
done
id posttls >/dev/null 2>&1 || useradd --system --user-group --home-dir /nonexistent --shell /usr/sbin/nologin posttls

work=$(mktemp -d /tmp/posttls-bench.XXXXXX)
chmod 755 "$work"
etc=$work/etc
mkdir -p "$etc" "$work/queue" "$work/data" "$work/bin" "$work/posttls" "$work/msg"
chown postfix "$work/data"

created_main_cf=no
if [ ! -e /etc/postfix/main.cf ]; then : > /etc/postfix/main.cf; created_main_cf=yes; fi
old_alternates=$(postconf -h alternate_config_directories)
cleanup() {
    postfix -c "$etc" stop >/dev/null 2>&1 || true
    if [ -n "$old_alternates" ]; then
        postconf -e "alternate_config_directories = $old_alternates"
    else
        postconf -X alternate_config_directories
    fi
    if [ "$created_main_cf" = yes ] && [ ! -s /etc/postfix/main.cf ]; then rm -f /etc/postfix/main.cf; fi
    rm -rf "$work"
}
trap cleanup EXIT
postconf -e "alternate_config_directories = ${old_alternates:+$old_alternates, }$etc"

cat > "$etc/main.cf" <<CF
compatibility_level = 3.6
queue_directory = $work/queue
data_directory = $work/data
maillog_file = $work/maillog
maillog_file_prefixes = /var, $work
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
myhostname = bench.posttls.test
default_transport = discard
local_transport = discard
relay_transport = discard
message_size_limit = 0
disable_dns_lookups = yes
alias_maps =
CF
cat > "$etc/master.cf" <<CF
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
discard   unix  -       -       n       -       -       discard
showq     unix  n       -       n       -       -       showq
proxymap  unix  -       -       n       -       -       proxymap
postlog   unix-dgram n  -       n       -       1       postlogd
CF
postfix -c "$etc" start >/dev/null

echo "publishing posttls (Release: self-contained, single file, ReadyToRun, trimmed)" >&2
dotnet publish src/PostTls -c Release -o "$work/bin" --nologo -v quiet >/dev/null
cat > "$work/posttls/default.conf" <<CF
postfix_config_directory = $etc
secret_key_file = $work/posttls/secret.key
data_directory = $work/posttls/lib
spool_directory = $work/posttls/spool
log_file = $work/posttls/posttls.log
CF
"$work/bin/posttls" init --config "$work/posttls/default.conf" >/dev/null
{ cat "$work/posttls/default.conf"; echo "sendmail_path = $(postconf -c "$etc" -h sendmail_path)"; } > "$work/posttls/set.conf"
cat > "$work/bin/reference-filter" <<SH
#!/bin/sh
exec $(postconf -c "$etc" -h sendmail_path) -C $etc -G -i "\$@"
SH
chmod 755 "$work/bin/reference-filter"

python3 - "$work/msg" <<'PY'
import random, sys
random.seed(1)
for name, size in (("4KB", 4096), ("1MB", 1 << 20), ("50MB", 50 << 20)):
    header = (b"From: alice@bench.posttls.test\nTo: bob@example.test\nSubject: benchmark\n"
              b"Date: Sun, 22 Nov 2026 10:00:00 +0000\nMessage-ID: <bench@posttls.test>\n\n")
    line = bytes(random.choice(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") for _ in range(76)) + b"\n"
    body = (line * (size // len(line) + 1))[: size - len(header)]
    open(f"{sys.argv[1]}/{name}", "wb").write(header + body)
PY

args="-f alice@bench.posttls.test -- bob@example.test"
echo "| message | filter | runs | median wall | ratio | peak RSS |"
echo "|---|---|---|---|---|---|"
for spec in "4KB $runs_small" "1MB $runs_medium" "50MB $runs_large"; do
    set -- $spec
    python3 bench/measure.py posttls "$2" "$work/msg/$1" \
        "reference=$work/bin/reference-filter $args" \
        "posttls=$work/bin/posttls filter --config $work/posttls/set.conf $args" \
        "posttls-postconf=$work/bin/posttls filter --config $work/posttls/default.conf $args"
done
echo >&2 "reinjected: $(grep -c 'reinjected' "$work/posttls/posttls.log") messages by posttls"
