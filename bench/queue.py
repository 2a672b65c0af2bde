#!/usr/bin/env python3
"""Helpers for bench/sweep.sh and bench/apply.sh (see bench/lib.sh).

  queue.py listening PORT...             wait until something listens on each loopback port
  queue.py fill PORT KEYFILE N FIRST      submit N messages, tagged as posttls filter tags them
  queue.py wait ETC N                     wait until the queue holds exactly N messages, all
                                          deferred because TLS was not offered
  queue.py ids ETC                        print the queue IDs of the deferred messages
  queue.py actions MAILDIR [send]         print "SENDER ACTION-ADDRESS" for each notice in the
                                          senders' mailboxes: send and delete alternately
                                          (with "send": the send address of every notice)
  queue.py time RUNS NAME=COMMAND...      run the commands RUNS times, interleaved; print
                                          "NAME MEDIAN_MS MIN_MS MAX_MS" per command

fill talks SMTP to an smtpd without content filter, on several connections at once. Each
message carries an X-PostTLS-ID made exactly as posttls filter makes it (src/PostTls/Tagging/
MessageTag.cs): ID.CREATED.MAC, 80 random bits in lower-case base32, the Unix time, and
HMAC-SHA256(key, "posttls-tag-v2:" + ID + ":" + CREATED + ":" + sender) truncated to 80 bits,
base32 (the senders here are plain ASCII with lower-case domains, already in canonical form). Running 10,000 messages through the real filter (a pipe(8)
process each, about 0.1 s) would take longer than the benchmark itself; the sweep verifies
every tag, and the scripts check that every message was tracked as tagged ("open").
"""
import base64, hashlib, hmac, json, os, re, smtplib, socket, statistics, subprocess, sys, threading, time

SENDERS = ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivy", "judy", "kim", "lea", "max"]
TLS_REASON = "TLS is required, but was not offered"


def b32(data):
    return base64.b32encode(data).decode().rstrip("=").lower()


def tag(key, sender):
    ident = b32(os.urandom(10))
    created = str(int(time.time()))
    mac = hmac.new(key, f"posttls-tag-v2:{ident}:{created}:{sender}".encode(), hashlib.sha256).digest()[:10]
    return f"{ident}.{created}.{b32(mac)}"


def listening(ports):
    deadline = time.time() + 30
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline:
                    sys.exit(f"nothing listens on 127.0.0.1:{port}")
                time.sleep(0.1)


def fill(port, key_file, count, first):
    key = open(key_file, "rb").read()
    connections = 8
    errors = []

    def worker(numbers):
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=120) as smtp:
                for n in numbers:
                    sender = f"{SENDERS[n % len(SENDERS)]}@posttls.test"
                    recipient = f"r{n}@example.test"
                    message = (f"X-PostTLS-ID: {tag(key, sender)}\r\nFrom: {sender}\r\nTo: {recipient}\r\n"
                               f"Subject: benchmark message {n}\r\nDate: Sun, 22 Nov 2026 10:00:00 +0000\r\n"
                               f"Message-ID: <bench-{n}@posttls.test>\r\n\r\n"
                               + "Sent by bench/queue.py fill. This line pads the body a little.\r\n" * 8)
                    smtp.sendmail(sender, [recipient], message.encode())
        except Exception as e:  # reported below
            errors.append(repr(e))

    numbers = list(range(first, first + count))
    threads = [threading.Thread(target=worker, args=(numbers[i::connections],)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        sys.exit("fill failed: " + errors[0])


def queue(etc):
    out = subprocess.run(["postqueue", "-c", etc, "-j"], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def tls_deferred(entry):
    return entry["queue_name"] == "deferred" and all(TLS_REASON in r.get("delay_reason", "") for r in entry["recipients"])


def wait(etc, count):
    start = time.time()
    deadline = start + 600 + count * 0.1
    while True:
        entries = queue(etc)
        deferred = sum(1 for e in entries if tls_deferred(e))
        if len(entries) == count and deferred == count:
            print(f"queue: {count} messages, all TLS-deferred ({time.time() - start:.0f} s)", file=sys.stderr)
            return
        if time.time() > deadline:
            names = {}
            for e in entries:
                names[e["queue_name"]] = names.get(e["queue_name"], 0) + 1
            sys.exit(f"queue never settled at {count} TLS-deferred messages: {len(entries)} queued {names}, {deferred} TLS-deferred")
        time.sleep(1)


def ids(etc):
    for e in queue(etc):
        if tls_deferred(e):
            print(e["queue_id"])


def actions(maildir, only=None):
    pattern = re.compile(r"posttls-(send|delete)-[a-z2-7]{16}-[0-9]+-[a-z2-7]{16}@[a-z0-9.-]+")
    notices = sorted(os.path.join(maildir, box, "new", name) for box in os.listdir(maildir)
                     for name in os.listdir(os.path.join(maildir, box, "new")))
    for i, path in enumerate(notices):
        # The text part is quoted-printable: undo soft line breaks before looking.
        text = open(path, encoding="utf-8", errors="replace").read().replace("=\r\n", "").replace("=\n", "")
        found = {m.group(1): m.group(0) for m in pattern.finditer(text)}
        want = only or ("send" if i % 2 == 0 else "delete")
        if want not in found:
            sys.exit(f"no {want} address in {path}")
        print(f"{os.path.basename(os.path.dirname(os.path.dirname(path)))}@posttls.test {found[want]}")


def timing(runs, cases):
    results = {name: [] for name, _ in cases}
    for _ in range(runs):  # interleaved, so drift hits all alike
        for name, command in cases:
            start = time.perf_counter()
            done = subprocess.run(command.split(" "), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin"}, cwd="/")
            elapsed = (time.perf_counter() - start) * 1000
            if done.returncode != 0:
                sys.exit(f"{name} failed: status {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
            results[name].append(elapsed)
    for name, _ in cases:
        r = results[name]
        print(f"{name} {statistics.median(r):.1f} {min(r):.1f} {max(r):.1f}")


def main():
    what, args = sys.argv[1], sys.argv[2:]
    if what == "listening":
        listening(args)
    elif what == "fill":
        fill(int(args[0]), args[1], int(args[2]), int(args[3]))
    elif what == "wait":
        wait(args[0], int(args[1]))
    elif what == "ids":
        ids(args[0])
    elif what == "actions":
        actions(args[0], args[1] if len(args) > 1 else None)
    elif what == "time":
        timing(int(args[0]), [a.split("=", 1) for a in args[1:]])
    else:
        sys.exit(__doc__)


main()
