"""Sweep throughput and memory, each beside a baseline measured in the same run.

1. Throughput: 1,000 η in one vectorized engine call, against one engine call per η. Two
   problems: x**2 + 10*sin(x) from 3 (1,000 steps, tol 1e-8) and the seed's regression (100
   points, full batch, 200 epochs). For each, η-points per second for ``lrtui.analysis.sweep.sweep``
   and for a Python loop of single-η ``engine.run`` calls over an evenly spread subset of the
   same η, scaled to all of them.
2. Memory: the peak RSS of ``lrtui sweep --preset wiggly --points 200 --steps N`` in a child
   process (the sweep keeps each run's final record only), beside ``python -c "import numpy"``
   and, at a size that still fits, the same 200 runs kept record by record (``engine.run``, as
   the sweep did before). The runs that cycle go the whole million steps.

The machines are shared and noisy: read the ratio, not the figure.

    python benchmarks/bench_sweep.py [--points 1000] [--baseline-points 50] [--repeat 3] [--memory-steps 1000000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import numpy as np
from docs_page import writes_docs_section

from lrtui.analysis.sweep import log_spaced, sweep
from lrtui.engine.descent import run
from lrtui.expr import parse_function
from lrtui.models.linreg import build_linreg


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


PEAK = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
        "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
        "print(code, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


def peak(command: list[str]) -> tuple[int, float, float]:
    """(exit status, seconds, peak RSS in MB) of ``command`` run in a child of its own."""
    out = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=True)
    code, seconds, kb = out.stdout.split()
    return int(code), float(seconds), int(kb) / 1024


EVERY_RECORD = ("import numpy as np; from lrtui.engine.descent import run; from lrtui.teaching.presets import preset; "
                "from lrtui.analysis.sweep import log_spaced; "
                "s = preset('wiggly').scenario; p = s.problem(); "
                "run(p, s.x0, log_spaced(1e-4, 10.0, 200), {steps})")


def memory(steps: int) -> None:
    python = sys.executable
    base = peak([python, "-c", "import numpy"])
    print("sweep memory: 200 η of the wiggly preset (peak RSS of a child process)")
    print(f"  python -c 'import numpy'                 {base[2]:7.0f} MB")
    fits = 50_000  # 200 × 50,001 records: within the engine's record budget
    kept = peak([python, "-c", EVERY_RECORD.format(steps=fits)])
    final = peak([python, "-m", "lrtui", "sweep", "--preset", "wiggly", "--points", "200", "--steps", str(fits),
                  "--format", "json"])
    print(f"  every record, {fits:,} steps (engine.run)   {kept[2]:7.0f} MB  {kept[1]:6.1f} s")
    print(f"  lrtui sweep,  {fits:,} steps (final values) {final[2]:7.0f} MB  {final[1]:6.1f} s"
          f"   ratio to every record {final[2] / kept[2]:5.2f}, to numpy alone {final[2] / base[2]:5.2f}")
    big = peak([python, "-m", "lrtui", "sweep", "--preset", "wiggly", "--points", "200", "--steps", str(steps),
                "--format", "json"])
    records = 200 * (steps + 1) * 3 * 8 / 2**30
    print(f"  lrtui sweep, {steps:,} steps (final values) {big[2]:7.0f} MB  {big[1]:6.1f} s  exit {big[0]}"
          f"   ratio to numpy alone {big[2] / base[2]:5.2f}   (aim ≤ 400 MB; every record would be {records:.1f} GB)")


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--baseline-points", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--memory-steps", type=int, default=1_000_000)
    ap.add_argument("--only-memory", action="store_true")
    a = ap.parse_args()
    memory(a.memory_steps)
    if a.only_memory:
        return
    bench("x**2 + 10*sin(x) from 3", parse_function("x**2 + 10*sin(x)"), [3.0], 1e-3, 1.0, 1000,
          a.points, a.baseline_points, a.repeat)
    bench("linreg (seed 0, 100 points, full batch)", build_linreg(None, 0), [0.0, 0.0], 1e-3, 1.0, 200,
          a.points, a.baseline_points, a.repeat)


if __name__ == "__main__":
    main()
