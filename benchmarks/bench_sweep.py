"""Sweep throughput: 1,000 η in one vectorized engine call, against one engine call per η.

Two problems: x**2 + 10*sin(x) from 3 (1,000 steps, tol 1e-8) and the seed's regression
(100 points, full batch, 200 epochs). For each, prints η-points per second for
``lrtui.sweep.sweep`` and for a baseline measured in the same process — a Python loop of
single-η ``engine.run`` calls over an evenly spread subset of the same η, scaled to all of
them — and the ratio. The machines are shared and noisy: read the ratio, not the figure.

    python benchmarks/bench_sweep.py [--points 1000] [--baseline-points 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from lrtui.engine import run
from lrtui.expr import parse_function
from lrtui.models.linreg import build_linreg
from lrtui.sweep import log_spaced, sweep


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench(name: str, problem, x0, lr_min, lr_max, steps, points, baseline_points, repeat) -> None:
    lrs = log_spaced(lr_min, lr_max, points)
    subset = lrs[np.linspace(0, points - 1, baseline_points).round().astype(int)]

    def vectorized():
        s = sweep(problem, x0, lr_min, lr_max, points, steps)
        assert s.lrs.size == points

    def loop():
        for lr in subset:
            run(problem, x0, [lr], steps)

    vectorized()  # warm up (compiles the function's NumPy code once)
    t_vec = best_of(repeat, vectorized)
    t_loop = best_of(repeat, loop) * points / baseline_points
    print(f"{name}: {points:,} η × {steps:,} steps")
    print(f"  one engine call per η (baseline, {baseline_points} η scaled): {points / t_loop:10.0f} η/s  ({t_loop:.2f} s)")
    print(f"  lrtui sweep (one vectorized call, with critical/suggested):  {points / t_vec:10.0f} η/s  ({t_vec:.2f} s)")
    print(f"  ratio: {t_loop / t_vec:.1f}×")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--baseline-points", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    bench("x**2 + 10*sin(x) from 3", parse_function("x**2 + 10*sin(x)"), [3.0], 1e-3, 1.0, 1000,
          a.points, a.baseline_points, a.repeat)
    bench("linreg (seed 0, 100 points, full batch)", build_linreg(None, 0), [0.0, 0.0], 1e-3, 1.0, 200,
          a.points, a.baseline_points, a.repeat)


if __name__ == "__main__":
    main()
