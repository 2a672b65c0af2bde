#!/usr/bin/env python3
"""Times whole filter processes the way pipe(8) starts them: as an unprivileged user, with an
empty environment, the message on stdin. Prints the median wall time and peak RSS per case,
and the ratio of each command to the first (the reference) measured in the same run.

usage: measure.py [--settle POSTFIX_CONFIG_DIR] [--stdin pipe|file] USER RUNS MESSAGE NAME=COMMAND [NAME=COMMAND ...]

--stdin pipe (the default) gives each command its message as pipe(8) does: through a pipe that
a writer fills in blocks of 4096 bytes (pipe(8) writes from a 4 KiB VSTREAM buffer, each write
after a poll: strace of a pipe(8) delivery shows nothing else). The writer is dd, which costs
less per block than pipe(8) itself (no record parsing, no poll), so what the pipe adds here is
a lower bound. It is started first and the clock only when the command is, as pipe(8) forks
the command and then writes. --stdin file opens MESSAGE as stdin instead: a regular file,
which no filter under pipe(8) is given, and which a reader that takes 4 KiB per read (Postfix's
sendmail) drains without ever waiting.

--settle waits, before every timed run, until that instance's queue is empty: the reference's
sendmail ends when postdrop has dropped the file into maildrop, and its pickup and cleanup then
write the whole message again. Without the wait that work would run during the next case's
timed run and be charged to it.
"""
import os, pwd, statistics, subprocess, sys, time


def settle(config_dir):
    """Waits until the instance's queue is empty (bench/pipe8.py uses it too)."""
    deadline = time.monotonic() + 300
    while subprocess.run(["postqueue", "-c", config_dir, "-j"], capture_output=True, check=True).stdout.strip():
        if time.monotonic() > deadline:
            sys.exit(f"measure.py: the queue of {config_dir} did not empty within 300 s")
        time.sleep(0.01)


def run_once(user, argv, message, stdin_mode):
    entry = pwd.getpwnam(user)

    def drop():
        os.setgid(entry.pw_gid)
        os.setgroups([])
        os.setuid(entry.pw_uid)

    feeder = None
    if stdin_mode == "pipe":
        feeder = subprocess.Popen(["dd", "if=" + message, "bs=4096", "status=none"], stdout=subprocess.PIPE)
        stdin = feeder.stdout
    else:
        stdin = open(message, "rb")
    with stdin:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                   env={}, preexec_fn=drop, cwd="/")
    # Our copy of the read end is closed: a command that stops reading ends the writer (EPIPE).
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if feeder:
        feeder.wait()
    error = process.stderr.read().decode(errors="replace").strip()
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{argv[0]} failed: status {os.waitstatus_to_exitcode(status)}: {error}")
    return elapsed, usage.ru_maxrss  # ru_maxrss of the children: KiB on Linux


def main():
    args = sys.argv[1:]
    config_dir = None
    if args[:1] == ["--settle"]:
        config_dir, args = args[1], args[2:]
    stdin_mode = "pipe"
    if args[:1] == ["--stdin"]:
        stdin_mode, args = args[1], args[2:]
        if stdin_mode not in ("pipe", "file"):
            sys.exit(f"measure.py: --stdin pipe or --stdin file, not {stdin_mode}")
    user, runs, message = args[0], int(args[1]), args[2]
    cases = [arg.split("=", 1) for arg in args[3:]]
    def wait():
        if config_dir:
            settle(config_dir)

    results = {}
    for name, command in cases:
        wait()
        run_once(user, command.split(" "), message, stdin_mode)  # warm the page cache
    for _ in range(runs):  # interleave the cases so drift hits all alike
        for name, command in cases:
            wait()
            results.setdefault(name, []).append(run_once(user, command.split(" "), message, stdin_mode))
    wait()
    print_rows(message, runs, results)


def print_rows(message, runs, results):
    """One table row per case (results: name -> [(seconds, peak KiB)], the reference first), as
    bench/pipe8.py prints them too."""
    reference = None
    for name, runs_of_case in results.items():
        wall = statistics.median(r[0] for r in runs_of_case) * 1000
        rss = max(r[1] for r in runs_of_case) / 1024
        reference = reference or wall
        print(f"| {os.path.basename(message)} | {name} | {runs} | {wall:8.1f} ms | {wall / reference:5.2f}x | {rss:6.1f} MiB |")


if __name__ == "__main__":
    main()
