#!/usr/bin/env bash
# bench/filter.sh - posttls filter against a reference shell filter, in one run (as root).
#
# The reference is the cheapest possible content filter:  exec sendmail -G -i "$@"
# posttls reinjects over SMTP into the reinjection listener (as installed). Both reinject into
# the same private Postfix instance (which discards everything), both
# run as user posttls with an empty environment and the message on a pipe, as pipe(8) runs them
# (bench/measure.py: a writer fills the pipe in 4096-byte blocks, as pipe(8) does).
#
# Modes (default: per-message pipe8 throughput):
#   per-message  4 KB, 1 MB and 50 MB messages: median wall time and peak RSS of each filter
#                process, and the ratio to the reference. posttls is measured twice: as
#                installed (SMTP into the reinjection listener of postfix-snippets/master.cf,
#                on a port of its own) and the old way (reinject_address empty: sendmail).
#                Before every timed run it waits until the instance's queue is empty, so that
#                no case pays for the pickup and cleanup of the one before it.
#   pipe8        the same three messages, each filter run by Postfix's pipe(8) itself: a listener
#                per filter whose content_filter is a pipe(8) transport that starts it through
#                bench/timed.c (the filter's wall time and peak RSS, appended to a file), one
#                message over SMTP at a time, waiting for an empty queue between runs
#                (bench/pipe8.py). What per-message models with a pipe, here for real.
#   throughput   MESSAGES messages (4 KB) submitted with smtp-source over SESSIONS parallel SMTP
#                connections to an smtpd listener whose content_filter is the filter's pipe(8)
#                transport (maxproc 10, as in postfix-snippets/master.cf); time until every one
#                was reinjected and discarded and the queue is empty. ROUNDS rounds, alternating
#                reference and posttls. Each round checks the maillog: MESSAGES deliveries
#                relay=FILTER status=sent, and MESSAGES reinjected copies discarded.
#   listener     the floor that the reinjection listener sets, 1 MB and 50 MB: bench/smtp-floor.c,
#                a C client that does nothing but EHLO, MAIL, RCPT and 64 KiB BDAT chunks of a
#                file already in wire form, into the reinjection listener over TCP loopback (as
#                installed), and into an smtpd with the same settings on a unix socket (private/,
#                which pipe(8) cannot give the filter), against the reference; and posttls filter
#                as installed, started through setpriv as user posttls. Runs as root: private/ is
#                root's and Postfix's only. The message is a regular file on stdin here (the
#                floors read their own wire file), so that its figures compare with each other.
#   profile      what posttls filter does before it reads the first byte of its input: strace
#                of the published native binary, with phase times; and the runtime's floor: an
#                empty .NET 10 Main published the same way (NativeAOT).
#
# Needs: postfix (sendmail, smtp-source: Debian package postfix), python3, the .NET 10 SDK,
# flock (util-linux); strace for profile (apt-get install strace); cc for listener (the C
# toolchain the native build needs).
#
# usage: sudo [RUNS_4K=21] [RUNS_1M=11] [RUNS_50M=5] [MESSAGES=1000] [SESSIONS=5] [ROUNDS=2] \
#             [STDIN=pipe|file] bench/filter.sh [per-message] [pipe8] [throughput] [listener] [profile]
# STDIN=file gives per-message and profile the message as a regular file on stdin instead of a
# pipe (what the figures before 2026-12-06 used; no filter under pipe(8) is given a file).
set -euo pipefail
cd "$(dirname "$0")/.."
runs_small=${RUNS_4K:-21}
runs_medium=${RUNS_1M:-11}
runs_large=${RUNS_50M:-5}
messages=${MESSAGES:-1000}
sessions=${SESSIONS:-5}
rounds=${ROUNDS:-2}
stdin_mode=${STDIN:-pipe}
case $stdin_mode in pipe|file) ;; *) echo "bench/filter.sh: STDIN=pipe or STDIN=file, not $stdin_mode" >&2; exit 2 ;; esac
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(per-message pipe8 throughput)
for mode in "${modes[@]}"; do
    case $mode in per-message|pipe8|throughput|listener|profile) ;; *) echo "usage: bench/filter.sh [per-message] [pipe8] [throughput] [listener] [profile]" >&2; exit 2 ;; esac
done
wants() { [[ " ${modes[*]} " == *" $1 "* ]]; }

[ "$(id -u)" -eq 0 ] || { echo "bench/filter.sh: run as root" >&2; exit 1; }
needed="postfix sendmail postconf smtp-source python3 dotnet flock dd"
wants profile && needed="$needed strace"
wants listener && needed="$needed cc setpriv"
wants pipe8 && needed="$needed cc"
for program in $needed; do
    command -v "$program" >/dev/null || { echo "bench/filter.sh: $program missing (postfix: run sudo ./test.sh once; strace: apt-get install strace)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/posttls-bench.XXXXXX)
# The private instance comes from tests/testbed/instance.sh, the builder of demo.sh and
# bench/lib.sh: postfix-snippets/ as installed, and the one change to the system's Postfix,
# our own alternate_config_directories entry, made under the lock every test bed takes.
instance=tests/testbed/instance.sh
cleanup() { "$instance" down "$work" || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$work/msg"

# On top: every message is discarded once a filter has reinjected it, and the reference
# filter gets a listener and a pipe(8) transport of its own, as posttls-filter has.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
reference_port=$(free_port)
cat > "$work/filter-main.cf" <<CF
transport_maps =
default_transport = discard
local_transport = discard
relay_transport = discard
in_flow_delay = 0
CF
cat > "$work/filter-master.cf" <<CF
127.0.0.1:$reference_port inet n - n  -       -       smtpd
  -o content_filter=reference-filter:dummy
reference-filter unix - n       n       -       10      pipe
  flags=Rq user=posttls null_sender=
  argv=$work/bin/reference-filter -f \${sender} -- \${recipient}
CF
echo "publishing posttls (Release: NativeAOT)" >&2
"$instance" up "$work" --publish --main-cf "$work/filter-main.cf" --master-cf "$work/filter-master.cf"
eval "$("$instance" env "$work")"
etc=$INSTANCE_ETC
port=$INSTANCE_SUBMISSION_PORT   # the snippets' content_filter=posttls-filter:dummy
conf=$INSTANCE_CONF

publish() {  # PROJECT ARGS... (dotnet publish -c Release; its messages only when it fails)
    dotnet publish "$@" -c Release --nologo -v quiet > "$work/publish.log" 2>&1 || { cat "$work/publish.log" >&2; exit 1; }
}
# The old way, for comparison: reinjection with sendmail (reinject_address empty).
{ cat "$conf"; echo "reinject_address ="; echo "sendmail_path = $(postconf -c "$etc" -h sendmail_path)"; } > "$work/posttls/sendmail.conf"
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

if wants per-message; then
    echo "## per message"
    echo
    echo "| message | filter | runs | median wall | ratio | peak RSS |"
    echo "|---|---|---|---|---|---|"
    for spec in "4KB $runs_small" "1MB $runs_medium" "50MB $runs_large"; do
        set -- $spec
        python3 bench/measure.py --settle "$etc" --stdin "$stdin_mode" posttls "$2" "$work/msg/$1" \
            "reference=$work/bin/reference-filter $args" \
            "posttls=$work/bin/posttls filter --config $conf $args" \
            "posttls-sendmail=$work/bin/posttls filter --config $work/posttls/sendmail.conf $args"
    done
    echo
fi

if wants pipe8; then
    # Both filters once more behind pipe(8) transports of their own, started through timed:
    # the reference's argv as above, posttls's as installed (the snippets' posttls-filter).
    cc -O2 -o "$work/bin/timed" bench/timed.c
    install -o posttls -g posttls -m 0644 /dev/null "$work/timings"
    posttls_argv=$(postconf -c "$etc" -Fh posttls-filter/unix/command | sed -n 's/.* argv=//p')
    [ -n "$posttls_argv" ] || { echo "bench/filter.sh: no argv in posttls-filter of $etc/master.cf" >&2; exit 1; }
    declare -A pipe8_port=()
    for name in reference posttls; do
        pipe8_port[$name]=$(free_port)
    done
    cat >> "$etc/master.cf" <<CF
127.0.0.1:${pipe8_port[reference]} inet n - n - - smtpd
  -o content_filter=timed-reference:dummy
127.0.0.1:${pipe8_port[posttls]} inet n - n - - smtpd
  -o content_filter=timed-posttls:dummy
timed-reference unix - n n - 10 pipe
  flags=Rq user=posttls null_sender=
  argv=$work/bin/timed $work/timings reference $work/bin/reference-filter -f \${sender} -- \${recipient}
timed-posttls unix - n n - 10 pipe
  flags=Rq user=posttls null_sender=
  argv=$work/bin/timed $work/timings posttls $posttls_argv
CF
    postfix -c "$etc" reload >/dev/null 2>&1
    for name in reference posttls; do
        for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/${pipe8_port[$name]}") 2>/dev/null && break; sleep 0.1; done
    done
    echo "## per message, run by pipe(8)"
    echo
    echo "| message | filter | runs | median wall | ratio | peak RSS |"
    echo "|---|---|---|---|---|---|"
    for spec in "4KB $runs_small" "1MB $runs_medium" "50MB $runs_large"; do
        set -- $spec
        python3 bench/pipe8.py "$etc" "$work/timings" "$2" "$work/msg/$1" \
            "reference=${pipe8_port[reference]}" "posttls=${pipe8_port[posttls]}"
    done
    echo
fi

if wants throughput; then
    # One round: submit, then wait until the maillog shows every message delivered to the
    # filter and every reinjected copy discarded, and the queue is empty. Each round has its own
    # recipient, so that no log line of an earlier round (or of per-message) is counted.
    round() {  # FILTER PORT MESSAGES LABEL -> prints seconds
        local filter=$1 listener=$2 count=$3 rcpt="$4@example.test" offset start filtered discarded
        offset=$(stat -c %s "$work/maillog" 2>/dev/null || echo 0)
        start=$(date +%s.%N)
        smtp-source -d -s "$sessions" -m "$count" -l 4096 -f alice@bench.posttls.test -t "$rcpt" "127.0.0.1:$listener"
        while :; do
            filtered=$(tail -c +$((offset + 1)) "$work/maillog" | grep -c "to=<$rcpt>, relay=$filter, .*status=sent" || true)
            discarded=$(tail -c +$((offset + 1)) "$work/maillog" | grep -c "postfix/discard\[.*to=<$rcpt>, .*status=sent" || true)
            if [ "$filtered" -ge "$count" ] && [ "$discarded" -ge "$count" ] && [ -z "$(postqueue -c "$etc" -j)" ]; then
                break
            fi
            if tail -c +$((offset + 1)) "$work/maillog" | grep -q "relay=$filter, .*status=\(deferred\|bounced\)"; then
                echo "bench/filter.sh: $filter failed:" >&2
                tail -c +$((offset + 1)) "$work/maillog" | grep "relay=$filter, .*status=\(deferred\|bounced\)" | head -3 >&2
                exit 1
            fi
            sleep 0.05
        done
        python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$start" "$(date +%s.%N)"
        [ "$filtered" -eq "$count" ] && [ "$discarded" -eq "$count" ] \
            || { echo "bench/filter.sh: $filter: $filtered filtered, $discarded discarded, expected $count" >&2; exit 1; }
    }
    round reference-filter "$reference_port" 20 warm-reference >/dev/null  # warm-up: page cache, Postfix's processes
    round posttls-filter "$port" 20 warm-posttls >/dev/null
    declare -A seconds=()
    for ((i = 1; i <= rounds; i++)); do
        seconds[reference]+=" $(round reference-filter "$reference_port" "$messages" "reference-$i")"
        seconds[posttls]+=" $(round posttls-filter "$port" "$messages" "posttls-$i")"
    done
    echo "## throughput: $messages messages of 4 KB, $sessions SMTP sessions, pipe maxproc 10"
    echo
    python3 - "$messages" "${seconds[reference]}" "${seconds[posttls]}" <<'PY'
import statistics, sys
messages = int(sys.argv[1])
rounds = {"reference": [float(s) for s in sys.argv[2].split()], "posttls": [float(s) for s in sys.argv[3].split()]}
print("| filter | rounds | seconds (each) | median | msgs/s | time ratio |")
print("|---|---|---|---|---|---|")
reference = statistics.median(rounds["reference"])
for name, values in rounds.items():
    median = statistics.median(values)
    each = " ".join(f"{v:.1f}" for v in values)
    print(f"| {name} | {len(values)} | {each} | {median:.1f} s | {messages / median:.0f} | {median / reference:.2f}x |")
PY
    echo
    echo "checked: every round: $messages x to=<its own recipient> relay=FILTER status=sent, $messages reinjected copies discarded, queue empty" >&2
fi

if wants listener; then
    # The reinjection listener's entry as installed, once more on a private unix socket.
    awk -v name="127.0.0.1:$INSTANCE_REINJECT_PORT" '
        started && /^[ \t]/ { print; next }
        started { exit }
        $1 == name { started = 1; print "posttls-floor unix -  -  n  -  -  smtpd" }' "$etc/master.cf" > "$work/floor-master.cf"
    [ -s "$work/floor-master.cf" ] || { echo "bench/filter.sh: no reinjection listener on port $INSTANCE_REINJECT_PORT in $etc/master.cf" >&2; exit 1; }
    cat "$work/floor-master.cf" >> "$etc/master.cf"
    postfix -c "$etc" reload >/dev/null 2>&1
    socket=$(postconf -c "$etc" -h queue_directory)/private/posttls-floor
    for _ in $(seq 100); do [ -S "$socket" ] && break; sleep 0.1; done
    [ -S "$socket" ] || { echo "bench/filter.sh: $socket did not appear" >&2; exit 1; }
    cc -O2 -o "$work/bin/smtp-floor" bench/smtp-floor.c
    helo=$(awk '/^posttls-/ { print $1 }' "$etc/posttls-reinject-helo")
    echo "## the listener's floor: a C client that only sends (as root)"
    echo
    echo "| message | client | runs | median wall | ratio | peak RSS |"
    echo "|---|---|---|---|---|---|"
    for spec in "1MB $runs_medium" "50MB $runs_large"; do
        set -- $spec
        python3 -c 'import sys; open(sys.argv[2], "wb").write(open(sys.argv[1], "rb").read().replace(b"\n", b"\r\n"))' \
            "$work/msg/$1" "$work/msg/$1.wire"
        python3 bench/measure.py --settle "$etc" --stdin file root "$2" "$work/msg/$1" \
            "reference=$work/bin/reference-filter $args" \
            "floor-tcp=$work/bin/smtp-floor $INSTANCE_REINJECT_PORT $helo $work/msg/$1.wire" \
            "floor-unix=$work/bin/smtp-floor $socket $helo $work/msg/$1.wire" \
            "posttls=$(command -v setpriv) --reuid=posttls --regid=posttls --clear-groups $work/bin/posttls filter --config $conf $args"
    done
    echo
fi

if wants profile; then
    echo "publishing the two floors" >&2
    # The runtime's floor, published exactly like posttls (NativeAOT, invariant globalization,
    # the same runtime knobs):
    #   floor-empty: static void Main() {} - the cost of starting .NET at all;
    #   floor-copy:  starts sendmail with Process.Start, copies stdin into it, waits - the least
    #                any .NET filter does.
    floor() {  # NAME PROGRAM-TEXT
        mkdir -p "$work/floor/$1"
        cat > "$work/floor/$1/$1.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <InvariantGlobalization>true</InvariantGlobalization>
    <TieredPGO>false</TieredPGO>
    <AutoreleasePoolSupport>false</AutoreleasePoolSupport>
    <EventSourceSupport>false</EventSourceSupport>
    <RuntimeIdentifier>linux-x64</RuntimeIdentifier>
    <PublishAot>true</PublishAot>
  </PropertyGroup>
</Project>
XML
        printf '%s\n' "$2" > "$work/floor/$1/Program.cs"
        publish "$work/floor/$1" -o "$work/bin"
    }
    floor floor-empty 'static class Program { static void Main() { } }'
    floor floor-copy 'using System;
using System.Diagnostics;
static class Program
{
    static int Main(string[] args)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardInput = true };
        foreach (var argument in args[1..]) start.ArgumentList.Add(argument);
        using var sendmail = Process.Start(start)!;
        using (var input = Console.OpenStandardInput()) input.CopyTo(sendmail.StandardInput.BaseStream);
        sendmail.StandardInput.Close();
        sendmail.WaitForExit();
        return sendmail.ExitCode == 0 ? 0 : 75;
    }
}'
    sendmail=$(postconf -c "$etc" -h sendmail_path)
    echo "## start-up: the floor (4 KB message)"
    echo
    echo "| message | filter | runs | median wall | ratio | peak RSS |"
    echo "|---|---|---|---|---|---|"
    python3 bench/measure.py --settle "$etc" --stdin "$stdin_mode" posttls "$runs_small" "$work/msg/4KB" \
        "reference=$work/bin/reference-filter $args" \
        "floor-empty=$work/bin/floor-empty" \
        "floor-copy=$work/bin/floor-copy $sendmail -C $etc -G -i $args" \
        "posttls=$work/bin/posttls filter --config $conf $args"
    echo
    echo "## start-up: what is loaded before the first read of stdin (strace; 4 KB message)"
    echo
    # posttls is traced reinjecting over SMTP (strace does not touch the listener). floor-copy
    # is traced with sendmail: under strace its setgid postdrop loses its privilege and retries
    # for ever, so that run hands the message to a stand-in that only drains its input.
    mkdir -p "$work/trace" && chmod 777 "$work/trace"
    printf '#!/bin/sh\nexec cat >/dev/null\n' > "$work/bin/drain" && chmod 755 "$work/bin/drain"
    python3 bench/startup.py posttls "$work/msg/4KB" "$work/trace" \
        "$work/bin/posttls" filter --config "$conf" $args
    python3 bench/startup.py posttls "$work/msg/4KB" "$work/trace" \
        "$work/bin/floor-copy" "$work/bin/drain" -C "$etc" -G -i $args
fi
echo >&2 "reinjected: $(grep -c 'reinjected' "$work/posttls/posttls.log" || true) messages by posttls"
