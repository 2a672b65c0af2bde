#!/usr/bin/env python3
"""Times filters as Postfix's pipe(8) itself runs them, for bench/filter.sh pipe8.

Each case is an smtpd listener whose content_filter is a pipe(8) transport that starts the
filter through bench/timed.c, which appends "NAME MICROSECONDS PEAK-RSS-KIB STATUS" to the
timings file when the filter exits. For every run this submits MESSAGE to the listener over
SMTP, waits for the filter's line, then until the queue is empty (the reinjected copy
discarded), so no run pays for another's work. The cases are interleaved, as in measure.py.
Prints the median wall time and peak RSS per case, and each ratio to the first case.

usage: pipe8.py POSTFIX_CONFIG_DIR TIMINGS RUNS MESSAGE NAME=PORT [NAME=PORT ...]
"""
import smtplib, sys, time

from measure import print_rows, settle  # bench/measure.py, beside this script


def timing_lines(path):
    with open(path) as f:
        return f.read().splitlines()


def run_once(config_dir, timings, name, port, wire):
    settle(config_dir)
    seen = len(timing_lines(timings))
    with smtplib.SMTP("127.0.0.1", port, timeout=120) as client:
        client.sendmail("alice@bench.posttls.test", ["bob@example.test"], wire)
    deadline = time.monotonic() + 300
    while True:
        lines = timing_lines(timings)[seen:]
        if lines:
            break
        if time.monotonic() > deadline:
            sys.exit(f"pipe8.py: {name}: no timing within 300 s (see the instance's maillog)")
        time.sleep(0.005)
    logged, micros, rss, status = lines[0].split()
    if logged != name or len(lines) != 1:
        sys.exit(f"pipe8.py: expected one timing of {name}, got {lines}")
    if status != "0":
        sys.exit(f"pipe8.py: {name} exited with {status} under pipe(8) (see the instance's maillog)")
    settle(config_dir)
    return int(micros) / 1e6, int(rss)


def main():
    config_dir, timings, runs, message = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    cases = [(name, int(port)) for name, port in (arg.split("=", 1) for arg in sys.argv[5:])]
    with open(message, "rb") as f:
        # SMTP wants CRLF; smtplib dot-stuffs bytes but leaves their line ends alone.
        wire = f.read().replace(b"\n", b"\r\n")
    for name, port in cases:
        run_once(config_dir, timings, name, port, wire)  # warm the page cache and the processes
    results = {}
    for _ in range(runs):
        for name, port in cases:
            results.setdefault(name, []).append(run_once(config_dir, timings, name, port, wire))
    print_rows(message, runs, results)


main()
