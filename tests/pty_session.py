#!/usr/bin/env python3
"""Runs the console in a pseudo-terminal like a user would, then ends it one way and reports.

Usage: pty_session.py BINARY ENDING   (ENDING: quit-key, sigterm, sighup, hangup, run-sigterm:
SIGTERM while the scale-out runbook runs, confirmed by typing its target)
Environment: OPSCONSOLE_PTY_ARGS replaces the console's arguments (default "--demo --seed 42",
with the demo's clock fixed by a config.toml in the session's config dir);
OPSCONSOLE_PTY_READY is the text that marks the first data on screen; OPSCONSOLE_PTY_SETTLE the
seconds to wait after it before the keys (default 0.5); OPSCONSOLE_PTY_KEYS the tab keys pressed,
each of which must change the screen (default "2345"); OPSCONSOLE_PTY_THEN other keys pressed after
them (overlays), a second apart and not timed; OPSCONSOLE_PTY_DUMP a file that gets every byte the
console wrote to the terminal.
Prints: first_frame_ms, slowest_key_ms (tab key to its redraw), exit_ms (from the ending to process exit), exit_status, whether
the output ends by leaving the alternate screen and showing the cursor again (terminal restored),
and whether the ready text was seen (data_seen).
"""
import os
import pty
import select
import signal
import struct
import sys
import tempfile
import termios
import fcntl
import time

LEAVE_ALTERNATE_SCREEN = b"\x1b[?1049l"
SHOW_CURSOR = b"\x1b[?25h"


def read_available(fd, sink, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            sink += chunk
    return True


def main():
    binary, ending = sys.argv[1], sys.argv[2]
    state = tempfile.mkdtemp(prefix="opsconsole-pty-")
    env = dict(os.environ, TERM="xterm-256color", OPSCONSOLE_STATE_DIR=state, OPSCONSOLE_CONFIG_DIR=state)
    # The simulated clock starts on a quiet Wednesday night (web at its minimum, so scale-out has
    # room), whatever the hour the session runs at.
    with open(os.path.join(state, "config.toml"), "w") as config:
        config.write('[demo]\nstart = "2026-11-18T03:00:00Z"\n')
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        args = os.environ.get("OPSCONSOLE_PTY_ARGS", "--demo --seed 42").split()
        os.execve(binary, [binary] + args, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    output = bytearray()
    first_frame = None
    while time.monotonic() - started < 10 and first_frame is None:
        read_available(fd, output, 0.05)
        if b"UTC" in output:
            first_frame = time.monotonic() - started
    # Wait for the first data (the simulator's history replay is the busy part of start-up).
    ready = os.environ.get("OPSCONSOLE_PTY_READY", "Auto scaling groups").encode()
    while time.monotonic() - started < 20 and ready not in output:
        read_available(fd, output, 0.05)
    read_available(fd, output, float(os.environ.get("OPSCONSOLE_PTY_SETTLE", "0.5")))
    # Key responsiveness: time from a tab key to the redraw of the tab bar it causes (the
    # key's tab label, " 3 ", is sent again only when the selected tab changes; other redraws
    # such as the clock's do not count).
    slowest_key = 0.0
    key_ms = []
    for key in os.environ.get("OPSCONSOLE_PTY_KEYS", "2345").encode():
        before, pressed = len(output), time.monotonic()
        os.write(fd, bytes([key]))
        label = b" " + bytes([key]) + b" "
        while label not in output[before:] and time.monotonic() - pressed < 3:
            read_available(fd, output, 0.002)
        slowest_key = max(slowest_key, time.monotonic() - pressed)
        key_ms.append(f"{chr(key)}:{(time.monotonic() - pressed) * 1000:.0f}")
        read_available(fd, output, 0.2)
    for key in os.environ.get("OPSCONSOLE_PTY_THEN", "").encode():
        os.write(fd, bytes([key]))
        read_available(fd, output, 1.0)
    if ending == "run-sigterm":
        start_scale_out(fd, output, state)
    ended = time.monotonic()
    if ending == "quit-key":
        os.write(fd, b"q")
    elif ending in ("sigterm", "run-sigterm"):
        os.kill(pid, signal.SIGTERM)
    elif ending == "sighup":
        os.kill(pid, signal.SIGHUP)
    elif ending == "hangup":
        os.close(fd)  # the terminal goes away, as when an SSH session drops
    status = None
    while time.monotonic() - ended < 5:
        if ending != "hangup":
            read_available(fd, output, 0.02)
        done, code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = code
            break
        # Not time.sleep: under libfaketime (scripts/clock-matrix.sh) Python's sleep fails with
        # EINVAL when the monotonic clock is left real.
        select.select([], [], [], 0.01)
    exit_ms = (time.monotonic() - ended) * 1000
    if status is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    tail = bytes(output[-200:])
    if os.environ.get("OPSCONSOLE_PTY_DUMP"):
        with open(os.environ["OPSCONSOLE_PTY_DUMP"], "wb") as dump:
            dump.write(bytes(output))
    print(f"first_frame_ms {first_frame * 1000:.0f}" if first_frame else "first_frame_ms none")
    print(f"slowest_key_ms {slowest_key * 1000:.0f}")
    print(f"key_ms {','.join(key_ms)}")
    print(f"exit_ms {exit_ms:.0f}" if status is not None else "exit_ms never")
    print(f"exit_status {os.waitstatus_to_exitcode(status) if status is not None else 'none'}")
    print(f"restored {LEAVE_ALTERNATE_SCREEN in tail and SHOW_CURSOR in tail}")
    print(f"data_seen {ready in output}")
    print(f"state_dir {state}")


def start_scale_out(fd, output, state):
    """Scaling tab, runbooks, scale-out's form, its plan, the typed target: a run in progress.
    The screen is sent as diffs, so progress is read from the audit rather than the bytes."""
    for keys in [b"1", b"x", b"\r", b"\r", b"\r", b"web\r"]:
        os.write(fd, keys)
        read_available(fd, output, 1.0)
    audit = os.path.join(state, "audit.jsonl")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if os.path.exists(audit) and b'"step_started"' in open(audit, "rb").read():
            return
        read_available(fd, output, 0.1)
    sys.exit("the run never started (no step_started in the audit)")


if __name__ == "__main__":
    main()
