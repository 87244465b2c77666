#!/usr/bin/env python3
"""Writes a synthetic per-invocation trace in the Azure Functions 2021 layout
(app,func,end_timestamp,duration; seconds), ordered by END time as the real trace is, to
measure trace replay (README "Trace replay", tools/bench.sh). Streams: memory stays flat in
the number of rows (a heap holds only the invocations still running at the current start).

  python3 tools/trace_gen.py --rows 2000000 --functions 100 --rate 200 -o trace.csv

Arrivals are Poisson at --rate per second in total, spread over the functions with Zipf weights
1/(i+1); durations are lognormal (median 200 ms, sigma 1.5), capped at 10 minutes so that
slsim's default reorder window (10 min) replays them exactly in start order. Same seed, same
file."""

import argparse
import hashlib
import heapq
import math
import random
import sys


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--functions", type=int, default=100)
    p.add_argument("--rate", type=float, default=200.0, help="invocations per second, in total")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("-o", "--output", default="-")
    a = p.parse_args()
    if a.rows < 0 or a.functions < 1 or a.rate <= 0:
        p.error("--rows >= 0, --functions >= 1 and --rate > 0")
    rng = random.Random(a.seed)
    names = []
    for i in range(a.functions):
        app = hashlib.sha256(f"app{i // 4}".encode()).hexdigest()
        func = hashlib.sha256(f"func{i}".encode()).hexdigest()
        names.append(f"{app},{func}")
    cumulative = []
    total = 0.0
    for i in range(a.functions):
        total += 1.0 / (i + 1)
        cumulative.append(total)
    out = sys.stdout if a.output == "-" else open(a.output, "w", buffering=1 << 20)
    out.write("app,func,end_timestamp,duration\n")
    running = []  # (end, duration, function): invocations not yet written
    t = 0.0
    for _ in range(a.rows):
        t += rng.expovariate(a.rate)
        # Every invocation that ended by now ends before any later one: write it.
        while running and running[0][0] <= t:
            end, d, f = heapq.heappop(running)
            out.write(f"{names[f]},{end:.6f},{d:.3f}\n")
        f = min(
            a.functions - 1,
            next_index(cumulative, rng.random() * total),
        )
        d = min(600.0, round(math.exp(math.log(0.2) + 1.5 * rng.gauss(0, 1)), 3))
        heapq.heappush(running, (t + d, d, f))
    while running:
        end, d, f = heapq.heappop(running)
        out.write(f"{names[f]},{end:.6f},{d:.3f}\n")
    if out is not sys.stdout:
        out.close()


def next_index(cumulative, u):
    lo, hi = 0, len(cumulative)
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < u:
            lo = mid + 1
        else:
            hi = mid
    return lo


if __name__ == "__main__":
    main()
