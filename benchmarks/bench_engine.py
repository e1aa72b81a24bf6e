"""Engine throughput: 1,000 η × 10,000 steps of x**2 + 10*sin(x), against the seed's way.

Prints run-steps per second for the vectorized engine and for a baseline measured in the
same process: the seed script's Python loop per η (floats and math.sin/cos, the fastest
form of that loop). The machines are shared and noisy: read the ratio, not the figure.

    python benchmarks/bench_engine.py [--runs 1000] [--steps 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from lrtui.engine import run
from lrtui.expr import parse_function
from lrtui.optimizers import parse_optimizer


def seed_loop(lrs, steps: int) -> float:
    """The seed script: for each η, a Python loop recording x, f(x) and f'(x)."""
    t = time.perf_counter()
    for lr in lrs:
        x = 3.0
        xs, fs, gs = [], [], []
        for _ in range(steps + 1):
            g = 2 * x + 10 * math.cos(x)
            xs.append(x)
            fs.append(x * x + 10 * math.sin(x))
            gs.append(g)
            x -= lr * g
    return time.perf_counter() - t


def engine(f, lrs, steps, optimizer=None) -> float:
    opts = [parse_optimizer(optimizer)] if optimizer else None
    t = time.perf_counter()
    res = run(f, [3.0], lrs, steps, tol=0, optimizers=opts)
    elapsed = time.perf_counter() - t
    assert res.x.shape == (len(lrs), steps + 1, 1)
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-runs", type=int, default=100, help="η values timed for the seed loop")
    a = ap.parse_args()
    f = parse_function("x**2 + 10*sin(x)")
    lrs = np.geomspace(1e-4, 0.2, a.runs)
    work = a.runs * a.steps

    base_t = min(seed_loop(lrs[: a.baseline_runs], a.steps) for _ in range(3))
    base_rate = a.baseline_runs * a.steps / base_t
    print(f"seed loop (Python per η)   : {base_rate / 1e6:8.2f} M run-steps/s  ({a.baseline_runs} η × {a.steps:,} steps)")

    for label, opt in [("engine, sgd", None), ("engine, adam", "adam")]:
        times = [engine(f, lrs, a.steps, opt) for _ in range(a.repeat)]
        cold, best = times[0], min(times)
        print(
            f"{label:<27}: {work / best / 1e6:8.2f} M run-steps/s best of {a.repeat}"
            f" ({work / cold / 1e6:.2f} first call)  {a.runs:,} η × {a.steps:,} steps"
            f"  ratio to seed loop: {work / best / base_rate:6.1f}×"
        )


if __name__ == "__main__":
    main()
