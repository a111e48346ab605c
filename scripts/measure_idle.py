#!/usr/bin/env python3
"""Measures the console as a user runs it: start to first frame, idle CPU, resident memory and
bytes written to the terminal, on a 200x50 pseudo-terminal.

Usage: scripts/measure_idle.py [--seconds 600] [--binary target/release/opsconsole]
                               [--memory-at 10] [-- ARGS...]
Prints one line per figure; BENCHMARKS.md records them with the command used. With
--memory-at S it stops S seconds after start instead and prints where the resident memory is:
/proc/PID/status (anonymous, file-backed, shared; threads) and /proc/PID/smaps summed per
mapping (the binary's segments, heap, thread stacks and arenas, shared libraries).
scripts/measure_soak.py reuses these helpers for the long run.
"""
import argparse
import fcntl
import os
import pty
import re
import struct
import sys
import termios
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from pty_session import read_available  # noqa: E402  (the tests' reader of a pty)

HEADER_MARK = b"UTC"  # the header clock: present in the first full frame
MAPPING = re.compile(r"[0-9a-f]+-[0-9a-f]+ ")
STATUS_FIELDS = ("VmRSS", "RssAnon", "RssFile", "RssShmem", "VmHWM", "Threads")


def clock_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def status(pid):
    """The memory lines of /proc/PID/status, in KiB (Threads as a count)."""
    found = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            name, _, value = line.partition(":")
            if name in STATUS_FIELDS:
                found[name] = int(value.split()[0])
    return found


def rss_kib(pid):
    return status(pid)["VmRSS"]


def mapping_kind(line, binary, after_code):
    """A name for one smaps mapping: the binary's segments, heap, stacks, libraries, and
    anonymous mappings (thread stacks, glibc's per-thread malloc arenas, large blocks)."""
    fields = line.split()
    perms, path = fields[1], (fields[5] if len(fields) > 5 else "")
    if path == binary:
        if perms == "r--p":  # after the code: the part made read-only once relocated
            return "binary relro (pointers relocated at load)" if after_code else \
                "binary rodata (and relocation tables)"
        return {"r-xp": "binary code", "rw-p": "binary data"}.get(perms, f"binary {perms}")
    if path.startswith("["):
        return path
    if path:
        return "libraries" if ".so" in path else f"file {os.path.basename(path)}"
    return "anonymous (arenas, thread stacks, large blocks)"


def breakdown(pid, binary):
    """Rss and Private_Dirty in KiB per mapping kind from /proc/PID/smaps."""
    binary = os.path.realpath(binary)
    totals, kind, after_code = {}, None, False
    with open(f"/proc/{pid}/smaps") as f:
        for line in f:
            head = line.split(":", 1)[0]
            if MAPPING.match(line):  # "start-end perms offset dev inode path"
                kind = mapping_kind(line, binary, after_code)
                after_code = after_code or kind == "binary code"
                totals.setdefault(kind, {"Rss": 0, "Private_Dirty": 0, "mappings": 0})
                totals[kind]["mappings"] += 1
            elif head in ("Rss", "Private_Dirty"):
                totals[kind][head] += int(line.split()[1])
    return totals


def print_memory(pid, binary, at):
    figures = status(pid)
    print(f"memory_at_s {at:.0f}")
    for name in STATUS_FIELDS:
        unit = "" if name == "Threads" else " KiB"
        print(f"  {name:<9} {figures[name]:>7}{unit}")
    print("  smaps per mapping: Rss KiB, Private_Dirty KiB, mappings")
    for kind, sums in sorted(breakdown(pid, binary).items(), key=lambda kv: -kv[1]["Rss"]):
        print(f"  {sums['Rss']:>7} {sums['Private_Dirty']:>7} {sums['mappings']:>4}  {kind}")


def spawn(binary, args, env_extra=None):
    """The console in a 200x50 pseudo-terminal: the demo fleet unless ARGS name an environment."""
    env = dict(os.environ, TERM="xterm-256color", OPSCONSOLE_STATE_DIR="/tmp/opsconsole-measure")
    env.update(env_extra or {})
    pid, fd = pty.fork()
    if pid == 0:
        fleet = [] if ("--env" in args or "--demo" in args) else ["--demo", "--seed", "42"]
        os.execve(binary, [binary, *fleet, *args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    return pid, fd


def drain(fd, written):
    """Reads one chunk of what the console wrote, waiting up to 50 ms for it (the console
    blocks on a full pty otherwise); False once it is gone."""
    return read_available(fd, written, 0.001)


def quit_console(pid, fd):
    os.write(fd, b"q")
    time.sleep(0.5)
    os.waitpid(pid, 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--binary", default="target/release/opsconsole")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--memory-at", type=float, help="print where memory is at S s and stop")
    parser.add_argument("args", nargs="*")
    opts = parser.parse_args()

    started = time.monotonic()
    pid, fd = spawn(opts.binary, opts.args)
    if opts.memory_at is not None:
        written = bytearray()
        while time.monotonic() - started < opts.memory_at and drain(fd, written):
            pass
        print_memory(pid, opts.binary, time.monotonic() - started)
        quit_console(pid, fd)
        return

    first_frame = None
    written = bytearray()
    warm_bytes = warm_ticks = None
    warm_at = None
    deadline = started + opts.warmup + opts.seconds
    while time.monotonic() < deadline:
        if not drain(fd, written):
            break
        if first_frame is None and HEADER_MARK in written:
            first_frame = time.monotonic() - started
        if warm_at is None and time.monotonic() - started >= opts.warmup:
            warm_at, warm_bytes, warm_ticks = time.monotonic(), len(written), clock_ticks(pid)
    elapsed = time.monotonic() - warm_at
    ticks = clock_ticks(pid) - warm_ticks
    rss = rss_kib(pid)
    quit_console(pid, fd)
    hz = os.sysconf("SC_CLK_TCK")
    print(f"first_frame_ms {first_frame * 1000:.1f}" if first_frame else "first_frame_ms none")
    print(f"measured_s {elapsed:.0f}")
    print(f"cpu_percent_of_one_core {100.0 * ticks / hz / elapsed:.3f}")
    print(f"rss_mib {rss / 1024:.1f}")
    print(f"bytes_written_per_minute {(len(written) - warm_bytes) * 60 / elapsed:.0f}")


if __name__ == "__main__":
    main()
