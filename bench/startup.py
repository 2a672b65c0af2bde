#!/usr/bin/env python3
"""What a filter process loads and does before it reads the first byte of its input.

Runs COMMAND under strace the way pipe(8) runs a filter (as USER, empty environment, MESSAGE on
stdin) and prints, from the trace: the files opened before the first read of stdin (assemblies,
native libraries, the rest), and the phase times from execve: first read of stdin, start of
sendmail, exit. strace slows every system call down, so the times are longer than untraced; read
them as proportions.

usage: startup.py USER MESSAGE TRACEDIR COMMAND...
"""
import os, pwd, re, subprocess, sys

user, message, tracedir, command = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
entry = pwd.getpwnam(user)
trace = os.path.join(tracedir, "trace")


def drop():
    os.setgid(entry.pw_gid)
    os.setgroups([])
    os.setuid(entry.pw_uid)


with open(message, "rb") as stdin:
    subprocess.run(["strace", "-f", "-ttt", "-s", "200", "-o", trace,
                    "-e", "trace=execve,openat,open,read,dup,dup2,dup3,fcntl,clone,clone3,vfork,exit_group", *command],
                   stdin=stdin, stdout=subprocess.DEVNULL, env={}, preexec_fn=drop, cwd="/", check=True)

line_re = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
events = []
for line in open(trace, encoding="utf-8", errors="replace"):
    match = line_re.match(line.rstrip("\n"))
    if match:
        events.append((int(match[1]), float(match[2]), match[3]))

start_pid, start, _ = next(e for e in events if e[2].startswith("execve("))
first_read = sendmail = finish = None
opened, missing, threads = [], 0, 0
# Processes that exec another program (sendmail and what it runs) are not ours; everything
# else in the trace is the filter's own threads (or a forked child before its exec).
children = {pid for pid, _, call in events if call.startswith("execve(") and pid != start_pid}
stdin_fds = {"0"}  # .NET reads its input through a duplicate of fd 0
for pid, when, call in events:
    if pid in children:
        if call.startswith("execve(") and sendmail is None:
            sendmail = when
        continue
    if first_read is None and re.search(r"\bclone3?\b.*\)\s+=\s+\d+$", call):
        threads += 1
    duplicate = re.match(r"(?:dup|dup2|dup3|fcntl)\((\d+),.*\)\s+=\s+(\d+)", call) or re.match(r"dup\((\d+)\)\s+=\s+(\d+)", call)
    if duplicate and duplicate[1] in stdin_fds and "F_SETFD" not in call and "F_GETF" not in call:
        stdin_fds.add(duplicate[2])
    read = re.match(r"read\((\d+),", call)
    if first_read is None and read and read[1] in stdin_fds:
        first_read = when
    if first_read is None and call.startswith(("openat(", "open(")):
        name = re.search(r'"([^"]*)"', call)
        if name and "ENOENT" not in call:
            opened.append(name[1])
        elif name:
            missing += 1
    if call.startswith("exit_group(") and pid == start_pid:
        finish = when


def show(label, when):
    print(f"- {label}: {(when - start) * 1000:7.1f} ms" if when else f"- {label}: (not seen)")


def group(suffixes):
    return [n for n in opened if n.endswith(suffixes)]


assemblies = group((".dll",))
native = [n for n in opened if re.search(r"\.so(\.\d+)*$", n)]
other = [n for n in opened if n not in assemblies and n not in native]
print(f"### {os.path.basename(command[0])} {command[1] if len(command) > 1 else ''}".rstrip())
print()
show("first read of stdin", first_read)
show("sendmail started (execve)", sendmail)
show("exit", finish)
print(f"- before the first read: {len(assemblies)} assemblies, {len(native)} native libraries, "
      f"{len(other)} other files opened, {missing} failed probes (ENOENT), {threads} threads or processes started")
print()
for title, names in (("assemblies", assemblies), ("native libraries", native), ("other files", other)):
    if names:
        print(f"{title}: " + ", ".join(os.path.basename(n) if title == "assemblies" else n for n in names))
print()
