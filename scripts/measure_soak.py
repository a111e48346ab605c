#!/usr/bin/env python3
"""A bounded soak: the console in a 200x50 pseudo-terminal for --minutes, its resident memory
sampled every --every seconds, and the slope of the curve after the warm-up.

Two kinds of run:
- demo (default): the demo fleet (seed 42) with the simulated clock --speed times faster,
  so --minutes 10 at --speed 144 is 24 simulated hours; the --tabs (default 1-6) are cycled
  every 20 s so every tab's state is built and kept up to date.
- --churn S: a real Prometheus (Debian's, on 127.0.0.1) scraping `opsconsole simulate serve`,
  polled every --interval, and restarted every S seconds, so the console's source fails and
  recovers over and over.

Usage: scripts/measure_soak.py [--binary target/release/opsconsole] [--minutes 10]
                               [--speed 144] [--every 10] [--tabs 123456]
                               [--churn 60 --interval 250ms]
Prints one line per sample (seconds, RssAnon, RssFile, VmRSS in KiB, threads), then the
first, last and peak figures and the least-squares slope of VmRSS after the first quarter.
"""
import argparse
import os
import signal
import subprocess
import tempfile
import time

from measure_idle import drain, print_memory, quit_console, spawn, status
from measure_polling import free_port


def slope_kib_per_hour(samples):
    """Least-squares slope of (seconds, KiB) pairs, in KiB per wall-clock hour."""
    n = len(samples)
    if n < 2:
        return 0.0
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    cov = sum((t - mean_t) * (v - mean_v) for t, v in samples)
    return cov / var * 3600 if var else 0.0


class Prometheus:
    """Debian's prometheus scraping the simulator exporter every second, restartable."""

    def __init__(self, binary, work):
        self.work, self.port = work, free_port()
        self.serve = subprocess.Popen([binary, "simulate", "serve", "--listen", "127.0.0.1:0"],
                                      stdout=subprocess.PIPE, text=True)
        target = self.serve.stdout.readline().strip().removeprefix("listening on http://")
        with open(f"{work}/prometheus.yml", "w") as f:
            f.write(f"global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: sim\n"
                    f"    static_configs:\n      - targets: ['{target}']\n")
        self.process = None
        self.start()

    def start(self):
        self.process = subprocess.Popen(
            ["/usr/bin/prometheus", f"--config.file={self.work}/prometheus.yml",
             f"--storage.tsdb.path={self.work}/data", f"--web.listen-address=127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def restart(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.start()

    def stop(self):
        for process in (self.process, self.serve):
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default="target/release/opsconsole")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--speed", type=float, default=144)
    parser.add_argument("--every", type=float, default=10, help="seconds between samples")
    parser.add_argument("--tabs", default="123456", help="tab keys cycled every 20 s")
    parser.add_argument("--churn", type=float, help="restart Prometheus every S seconds")
    parser.add_argument("--interval", default="250ms", help="the console's polling interval")
    opts = parser.parse_args()

    prometheus = None
    if opts.churn:
        work = tempfile.mkdtemp(prefix="opsconsole-soak-")
        prometheus = Prometheus(opts.binary, work)
        time.sleep(8)  # ready and scraped a few times
        config = f"{work}/config.toml"
        with open(config, "w") as f:
            f.write(f'[environments.lab]\nprometheus = "http://127.0.0.1:{prometheus.port}"\n'
                    f'interval = "{opts.interval}"\ntimeout = "5s"\n')
        args = ["--config", config, "--env", "lab"]
        print(f"churn: Prometheus restarted every {opts.churn:.0f}s, polled every {opts.interval}")
    else:
        args = ["--demo", "--seed", "42", "--speed", str(opts.speed)]
        print(f"demo at speed {opts.speed:g}: {opts.minutes * opts.speed / 60:.1f} simulated hours")

    started = time.monotonic()
    pid, fd = spawn(opts.binary, args)
    written = bytearray()
    samples, next_sample, next_key, next_churn, key = [], 0.0, 20.0, opts.churn, 0
    print("seconds RssAnon RssFile VmRSS threads")
    try:
        while (elapsed := time.monotonic() - started) < opts.minutes * 60:
            if not drain(fd, written):
                raise SystemExit("the console exited early")
            written.clear()
            if elapsed >= next_key:
                os.write(fd, opts.tabs[key % len(opts.tabs)].encode())
                key, next_key = key + 1, next_key + 20
            if opts.churn and elapsed >= next_churn:
                prometheus.restart()
                next_churn += opts.churn
            if elapsed >= next_sample:
                figures = status(pid)
                samples.append((elapsed, figures))
                print(f"{elapsed:7.0f} {figures['RssAnon']:7} {figures['RssFile']:7} "
                      f"{figures['VmRSS']:7} {figures['Threads']:3}", flush=True)
                next_sample += opts.every
        print_memory(pid, opts.binary, time.monotonic() - started)
        quit_console(pid, fd)
    finally:
        if prometheus:
            prometheus.stop()

    rss = [(t, f["VmRSS"]) for t, f in samples]
    settled = [(t, v) for t, v in rss if t >= opts.minutes * 60 / 4]
    print(f"first_kib {rss[0][1]} last_kib {rss[-1][1]} peak_kib {max(v for _, v in rss)}")
    print(f"slope_after_first_quarter_kib_per_hour {slope_kib_per_hour(settled):.1f}")
    print(f"range_after_first_quarter_kib {min(v for _, v in settled)}..{max(v for _, v in settled)}")


if __name__ == "__main__":
    main()
