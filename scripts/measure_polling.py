#!/usr/bin/env python3
"""Measures how the console polls a real Prometheus: requests per minute (by API) and the real
refresh period of each query, at a given interval, with and without a slow backend.

It starts `opsconsole simulate serve` and Debian's prometheus on 127.0.0.1 (free ports), puts a
counting proxy in front (optionally adding a delay to every answer), runs the real console in
a pseudo-terminal against the proxy for --seconds, and reads the proxy's log.

Usage: scripts/measure_polling.py [--binary target/release/opsconsole] [--interval 2s]
                                  [--delay 0] [--seconds 60]
"""
import argparse
import os
import pty
import select
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    while len(body) < length:
        body += conn.recv(65536)
    return head, body


class Proxy:
    """Forwards each request to Prometheus (Connection: close), logging (time, path, query)."""

    def __init__(self, upstream_port, delay):
        self.upstream_port, self.delay, self.log = upstream_port, delay, []
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            conn, _ = self.server.accept()
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        with conn:
            request = read_request(conn)
            if request is None:
                return
            head, body = request
            line = head.split(b"\r\n")[0].decode()
            path = line.split()[1]
            form = urllib.parse.parse_qs(body.decode()) if body else {}
            query = form.get("query", [""])[0]
            self.log.append((time.monotonic(), path.split("?")[0], query))
            time.sleep(self.delay)
            lines = [l for l in head.split(b"\r\n") if not l.lower().startswith(b"connection:")]
            lines.append(b"Connection: close")
            with socket.create_connection(("127.0.0.1", self.upstream_port)) as up:
                up.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + body)
                reply = b""
                while True:
                    chunk = up.recv(65536)
                    if not chunk:
                        break
                    reply += chunk
            conn.sendall(reply)


def run_console(binary, config, seconds):
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, TERM="xterm-256color", OPSCONSOLE_STATE_DIR=tempfile.mkdtemp())
        os.execve(binary, [binary, "--config", config, "--env", "lab"], env)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                break
    os.write(fd, b"q")
    os.waitpid(pid, 0)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/opsconsole")
    parser.add_argument("--interval", default="2s")
    parser.add_argument("--delay", type=float, default=0.0, help="seconds added to every answer")
    parser.add_argument("--seconds", type=float, default=60)
    opts = parser.parse_args()

    work = tempfile.mkdtemp(prefix="opsconsole-polling-")
    serve = subprocess.Popen([opts.binary, "simulate", "serve", "--listen", "127.0.0.1:0"],
                             stdout=subprocess.PIPE, text=True)
    target = serve.stdout.readline().strip().removeprefix("listening on http://")
    prom_port = free_port()
    with open(f"{work}/prometheus.yml", "w") as f:
        f.write(f"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: sim\n"
                f"    static_configs:\n      - targets: ['{target}']\n")
    prometheus = subprocess.Popen(
        ["/usr/bin/prometheus", f"--config.file={work}/prometheus.yml", f"--storage.tsdb.path={work}/data",
         f"--web.listen-address=127.0.0.1:{prom_port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(8)  # ready and scraped once
        proxy = Proxy(prom_port, opts.delay)
        config = f"{work}/config.toml"
        with open(config, "w") as f:
            f.write(f'[environments.lab]\nprometheus = "http://127.0.0.1:{proxy.port}"\n'
                    f'interval = "{opts.interval}"\ntimeout = "10s"\n')
        warmup = 10
        run_console(opts.binary, config, warmup + opts.seconds)
        start = proxy.log[0][0] + warmup if proxy.log else 0
        window = [entry for entry in proxy.log if entry[0] >= start]
        minutes = opts.seconds / 60
        by_path = defaultdict(int)
        times = defaultdict(list)
        for at, path, query in window:
            by_path[path] += 1
            if path.endswith("/api/v1/query"):
                times[query].append(at)
        periods = [b - a for ts in times.values() for a, b in zip(ts, ts[1:])]
        fast = [p for q, ts in times.items() for p in [b - a for a, b in zip(ts, ts[1:])]
                if len(ts) > opts.seconds / 10]
        print(f"interval {opts.interval}, backend delay {opts.delay}s, {opts.seconds:.0f}s measured")
        print(f"requests/min total {len(window) / minutes:.1f}")
        for path, n in sorted(by_path.items()):
            print(f"  {path:<28} {n / minutes:.1f}/min")
        print(f"distinct instant queries {len(times)}")
        if fast:
            print(f"refresh period of per-refresh queries: median {statistics.median(fast):.2f}s "
                  f"p95 {sorted(fast)[int(len(fast) * 0.95) - 1]:.2f}s max {max(fast):.2f}s")
        elif periods:
            print(f"refresh period median {statistics.median(periods):.2f}s")
    finally:
        prometheus.send_signal(signal.SIGTERM)
        serve.send_signal(signal.SIGTERM)
        prometheus.wait()
        serve.wait()


if __name__ == "__main__":
    main()
