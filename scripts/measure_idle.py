#!/usr/bin/env python3
"""Measures the console as a user runs it: start to first frame, idle CPU, resident memory and
bytes written to the terminal, on a 200x50 pseudo-terminal.

Usage: scripts/measure_idle.py [--seconds 600] [--binary target/release/opsconsole] [-- ARGS...]
Prints one line per figure; BENCHMARKS.md records them with the command used.
"""
import argparse
import fcntl
import os
import pty
import select
import struct
import termios
import time

HEADER_MARK = b"UTC"  # the header clock: present in the first full frame


def clock_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--binary", default="target/release/opsconsole")
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("args", nargs="*")
    opts = parser.parse_args()

    env = dict(os.environ, TERM="xterm-256color", OPSCONSOLE_STATE_DIR="/tmp/opsconsole-measure")
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        # The demo fleet unless the arguments name an environment of their own.
        fleet = [] if "--env" in opts.args else ["--demo", "--seed", "42"]
        os.execve(opts.binary, [opts.binary, *fleet, *opts.args], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))

    first_frame = None
    written = bytearray()
    warm_bytes = warm_ticks = None
    warm_at = None
    deadline = started + opts.warmup + opts.seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            written += chunk
            if first_frame is None and HEADER_MARK in written:
                first_frame = time.monotonic() - started
        if warm_at is None and time.monotonic() - started >= opts.warmup:
            warm_at, warm_bytes, warm_ticks = time.monotonic(), len(written), clock_ticks(pid)
    elapsed = time.monotonic() - warm_at
    ticks = clock_ticks(pid) - warm_ticks
    rss = rss_kib(pid)
    os.write(fd, b"q")
    time.sleep(0.5)
    os.waitpid(pid, 0)
    hz = os.sysconf("SC_CLK_TCK")
    print(f"first_frame_ms {first_frame * 1000:.1f}" if first_frame else "first_frame_ms none")
    print(f"measured_s {elapsed:.0f}")
    print(f"cpu_percent_of_one_core {100.0 * ticks / hz / elapsed:.3f}")
    print(f"rss_mib {rss / 1024:.1f}")
    print(f"bytes_written_per_minute {(len(written) - warm_bytes) * 60 / elapsed:.0f}")


if __name__ == "__main__":
    main()
