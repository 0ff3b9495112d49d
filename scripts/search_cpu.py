#!/usr/bin/env python3
"""Search latency per query: wall-clock and CPU time of each `readout search` process.

usage: scripts/search_cpu.py BINARY STORE QUERIES.txt [extra search args...]

`cargo xtask bench-store` writes QUERIES.txt (target/bench/queries.txt). CPU time (user +
system, from wait4) is what a query costs; wall-clock time also counts waiting for a
core, which on a busy shared machine can be several times longer.
"""
import os
import subprocess
import sys
import time


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round((len(xs) - 1) * p))]


def main():
    binary, store, qfile, *extra = sys.argv[1:]
    queries = [q for q in open(qfile, encoding="utf-8").read().splitlines() if q]
    walls, cpus, slow = [], [], []
    for q in queries:
        t = time.perf_counter()
        p = subprocess.Popen([binary, "search", q, "--json", "--store", store, *extra],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t) * 1000
        if status != 0:
            sys.exit(f"search {q!r} failed: {p.stderr.read().decode()}")
        cpu = (ru.ru_utime + ru.ru_stime) * 1000
        walls.append(wall)
        cpus.append(cpu)
        slow.append((cpu, q))
    print(f"queries: {len(queries)}")
    for name, xs in (("wall", walls), ("cpu", cpus)):
        print(f"{name:4} ms  p50 {pct(xs, .5):6.1f}  p95 {pct(xs, .95):6.1f}  "
              f"p99 {pct(xs, .99):6.1f}  max {max(xs):6.1f}")
    print("slowest by CPU:", ", ".join(f"{q} ({c:.0f} ms)" for c, q in sorted(slow)[-5:]))


if __name__ == "__main__":
    main()
