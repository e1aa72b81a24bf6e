"""Engine throughput, each figure beside a baseline measured in the same process.

1. Many runs: 1,000 η × 10,000 steps of x**2 + 10*sin(x) (the array loop), against a bare NumPy
   loop doing the same sin/cos work over every run at once and storing the same three arrays
   (x, f and f' of every record; aim: the engine ≥ 85 % of its speed), and against the seed
   script's Python loop per η (floats and math.sin/cos, recording x, f and f' in lists: the
   fastest form of that loop). The engine and the bare loop take turns, so load falls on both.
2. One long run: 1 η × 1,000,000 steps of the same function from 3, with sgd and with adam (the
   loop on floats, lrtui.engine.scalar), against that same Python ``math`` loop for the one η;
   and, for scale, the array loop on the same single run (100,000 steps).
3. The regression with a million rows and batches of one: µs per step with the whole-data loss
   from the data's statistics (today), against the loss over every row (the way before) and
   against a hundred rows.
4. The optimizer's states: the peak RSS of a child process running 19 η of (x − 2)² with adam
   and a budget of 600,000 steps that stops after a few hundred, beside the same with sgd
   (which keeps no state): the states' buffers are reserved, and only the pages written count.

The machines are shared and noisy: read the ratios, not the figures.

    python benchmarks/bench_engine.py [--runs 1000] [--steps 10000] [--repeat 5] [--long 1000000]
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import time

import numpy as np
from docs_page import writes_docs_section

from lrtui.engine.descent import run
from lrtui.expr import parse_function
from lrtui.models.linreg import LinearRegression
from lrtui.optim.registry import parse_optimizer


def seed_loop(lrs, steps: int, x0: float = 3.0) -> float:
    """The seed script: for each η, a Python loop recording x, f(x) and f'(x)."""
    t = time.perf_counter()
    for lr in lrs:
        x = x0
        xs, fs, gs = [], [], []
        for _ in range(steps + 1):
            g = 2 * x + 10 * math.cos(x)
            xs.append(x)
            fs.append(x * x + 10 * math.sin(x))
            gs.append(g)
            x -= lr * g
    return time.perf_counter() - t


def bare_loop(lrs, steps: int, x0: float = 3.0) -> float:
    """The engine's work with nothing else: every run at once on NumPy arrays, x, f and f' of
    every record stored step-major in arrays made for the whole budget (as the engine's)."""
    t = time.perf_counter()
    runs = len(lrs)
    X, L, G = np.empty((steps + 1, runs, 1)), np.empty((steps + 1, runs)), np.empty((steps + 1, runs, 1))
    lr = np.asarray(lrs, dtype=np.float64)[:, None]
    x = np.full((runs, 1), x0)
    for k in range(steps + 1):
        X[k] = x
        L[k] = (x * x + 10 * np.sin(x))[:, 0]
        g = 2 * x + 10 * np.cos(x)
        G[k] = g
        x = x - lr * g
    return time.perf_counter() - t


def engine(f, lrs, steps, optimizer=None) -> float:
    opts = [parse_optimizer(optimizer)] if optimizer else None
    t = time.perf_counter()
    res = run(f, [3.0], lrs, steps, tol=0, optimizers=opts)
    elapsed = time.perf_counter() - t
    assert res.x.shape == (len(lrs), steps + 1, 1)
    return elapsed


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--baseline-runs", type=int, default=100, help="η values timed for the seed loop")
    ap.add_argument("--long", type=int, default=1_000_000, help="steps of the one long run")
    a = ap.parse_args()
    f = parse_function("x**2 + 10*sin(x)")
    many_runs(f, a)
    one_long_run(f, a.long, a.repeat)
    regression_rows()
    state_memory()


def many_runs(f, a) -> None:
    lrs = np.geomspace(1e-4, 0.2, a.runs)
    work = a.runs * a.steps
    base_t = min(seed_loop(lrs[: a.baseline_runs], a.steps) for _ in range(3))
    base_rate = a.baseline_runs * a.steps / base_t
    bare, sgd, adam = [], [], []
    for _ in range(a.repeat):  # in turns: the same load on each
        bare.append(bare_loop(lrs, a.steps))
        sgd.append(engine(f, lrs, a.steps))
        adam.append(engine(f, lrs, a.steps, "adam"))
    bare_rate = work / min(bare)
    print(f"{a.runs:,} η × {a.steps:,} steps of x**2 + 10*sin(x), best of {a.repeat} (first call in brackets)")
    print(f"  seed loop (Python per η) : {base_rate / 1e6:8.2f} M run-steps/s  ({a.baseline_runs} η)")
    print(f"  bare NumPy loop          : {bare_rate / 1e6:8.2f} M run-steps/s  ({work / bare[0] / 1e6:.2f})")
    for label, times in (("engine, sgd", sgd), ("engine, adam", adam)):
        rate = work / min(times)
        print(f"  {label:<25}: {rate / 1e6:8.2f} M run-steps/s  ({work / times[0] / 1e6:.2f})"
              f"  ratio to the seed loop {rate / base_rate:5.1f}×", end="")
        print(f", to the bare loop {rate / bare_rate:5.2f}   (aim ≥ 0.85)" if label == "engine, sgd" else "")


def one_long_run(f, steps: int, repeat: int) -> None:
    """One η, a long run: the loop on floats against the same run as a plain Python math loop."""
    lr, short = 0.01, min(steps, 100_000)
    base = min(seed_loop([lr], steps) for _ in range(repeat))
    print(f"one run of {steps:,} steps of x**2 + 10*sin(x) from 3, η = {lr} (best of {repeat})")
    print(f"  Python math loop, list records : {base:7.3f} s  ({1e6 * base / steps:5.2f} µs/step)")
    for label, opt in [("sgd", None), ("adam", "adam")]:
        opts = [parse_optimizer(opt)] if opt else None
        t = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            res = run(f, [3.0], [lr], steps, tol=0, optimizers=opts)
            t.append(time.perf_counter() - t0)
            assert res.x.shape == (1, steps + 1, 1)
        t0 = time.perf_counter()
        run(f, [3.0], [lr], short, tol=0, optimizers=opts, path="arrays")
        arrays = (time.perf_counter() - t0) / short * steps
        print(f"  lrtui, {label:<4} (loop on floats)  : {min(t):7.3f} s  ({1e6 * min(t) / steps:5.2f} µs/step)"
              f"  ratio {min(t) / base:5.1f}×   (aim ≤ {8 if label == 'sgd' else 16}×)")
        print(f"  lrtui, {label:<4} (array loop)      : {arrays:7.3f} s  ({1e6 * arrays / steps:5.2f} µs/step,"
              f" from {short:,} steps)  ratio {arrays / base:5.1f}×")


class RowByRow(LinearRegression):
    """The regression as it was: the whole-data loss summed over every row at every step."""

    def loss(self, X):
        X = np.asarray(X, dtype=np.float64)
        w, b = X[:, 0:1], X[:, 1:2]
        r = (w * self.x + b) - self.y
        return np.mean(r * r, axis=1)


def regression_rows(steps: int = 2000) -> None:
    rng = np.random.default_rng(0)
    print(f"the regression, batches of one, {steps:,} steps, 1 η (µs per step)")
    figures = {}
    for rows in (100, 1_000_000):
        x = rng.random(rows)
        y = 3 * x + 2 + rng.normal(0, 0.1, rows)
        state = dict(np.random.default_rng(1).bit_generator.state)
        for label, cls in (("statistics", LinearRegression), ("every row", RowByRow)):
            p = cls(x, y, batch_size=1, rng_state=state)
            p.permutation(0)  # the epoch's shuffle, drawn once per epoch, is not what is measured
            t0 = time.perf_counter()
            run(p, [0.0, 0.0], [0.01], steps, tol=0)
            figures[rows, label] = (time.perf_counter() - t0) / steps
    small = figures[100, "statistics"]
    for (rows, label), t in figures.items():
        print(f"  {rows:>9,} rows, loss from {label:<10}: {1e6 * t:9.1f} µs/step   ratio to 100 rows {t / small:7.1f}×")


BUDGET = 600_000  # steps: the most 19 runs of adam may record (lrtui.limits: x, ∇f, f, m̂ and v̂ a record)
STATE = ("import sys; from lrtui.engine.descent import run; from lrtui.expr import parse_function; "
         "from lrtui.optim.registry import parse_optimizer; "
         f"r = run(parse_function('(x-2)^2'), [10.0], [0.1 + 0.01 * i for i in range(19)], {BUDGET}, tol=1e-6, "
         "optimizers=[parse_optimizer(sys.argv[1])]); "
         "peak = next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')); "
         "print(int(r.stopped_at.max()), peak / 1024)")


def state_memory() -> None:
    """The child's own peak (VmHWM: ru_maxrss would count this process's memory, which the child
    shares until it runs Python)."""
    print(f"optimizer state: 19 η of (x-2)**2, a budget of {BUDGET:,} steps, tol 1e-6 (peak RSS of a child)")
    figures = {}
    for opt in ("sgd", "adam"):
        out = subprocess.run([sys.executable, "-c", STATE, opt], capture_output=True, text=True, check=True)
        stopped, mb = out.stdout.split()
        figures[opt] = float(mb)
        print(f"  {opt:<5} stops at {int(stopped):>7,}: {float(mb):6.0f} MB")
    print(f"  ratio adam/sgd {figures['adam'] / figures['sgd']:5.2f}   (every record of the budget would be"
          f" {19 * (BUDGET + 1) * 5 * 8 / 2**20:,.0f} MB for adam)")


if __name__ == "__main__":
    main()
