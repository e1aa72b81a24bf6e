"""What gradient noise costs (issue 21), each figure beside a baseline measured in the same run.

    python benchmarks/bench_noise.py [--repeats 5] [--starts 3]

The scenario: x² + 10·sin(x) from 3, 8 η (0.005 … 0.15), 10,000 steps, tol 0, plain SGD.

1. 8 runs × 64 trials × 10,000 steps with noise σ = 1 (``lrtui.teaching.scenario.compute``: every
   trial's statistics, the followed trial's records, the analysis and the floors), beside the
   same 8 runs without noise. Aim: ≤ 3 s.
2. One trial: the same 8 runs with noise, one trial, beside the same runs without noise — the
   descent alone (``lrtui.engine.descent.run``: the loop on floats that ≤ 8 runs take, and the
   loop over arrays for 64 runs), and ``compute`` whole. Aim: ≤ 1.2×.
3. Peak memory: ``lrtui run … --noise 1 --trials 64 --format summary`` in a fresh process (its
   ``ru_maxrss``, from ``os.wait4``), beside the same without noise and ``python -c "import
   numpy"``. Aim: ≤ 500 MB.
4. The app's first frame: ``lrtui`` with the noisy scenario in a pseudo-terminal at 120×40, from
   starting the process to its first frame (the fields' "sched") and to its first frame with the
   result (the runs panel's "at 10,000"), beside the same without noise. Aim: the
   first frame ≤ 1.5 s.

Times are the best of ``--repeats`` (the machine's load falls on both sides alike: they are
interleaved). Not a test: pytest skips it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from bench_ui import LRTUI, bytecode_env, start_in_a_terminal
from docs_page import writes_docs_section

from lrtui.engine.descent import run
from lrtui.engine.noise import Noise
from lrtui.expr.function import parse_function
from lrtui.teaching.scenario import Scenario, compute

LRS = (0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.15)
STEPS, TRIALS = 10_000, 64
FLAGS = ["-f", "x^2 + 10 sin(x)", "--x0", "3", "--lr", ",".join(map(str, LRS)), "--steps", str(STEPS), "--tol", "0"]
NOISY = [*FLAGS, "--noise", "1", "--trials", str(TRIALS)]


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def pair(noisy, plain, repeats: int) -> tuple[float, float]:
    """The best time of each, interleaved."""
    a, b = [], []
    for _ in range(repeats):
        a.append(best(noisy, 1))
        b.append(best(plain, 1))
    return min(a), min(b)


LAUNCHER = """import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
_, status, usage = os.wait4(proc.pid, 0)
print(status, usage.ru_maxrss)
"""


def peak_mb(command: list[str]) -> float:
    """The peak resident memory of ``command``, started from a bare interpreter (a child's peak
    counts what it inherits at fork: this benchmark's own NumPy and lrtui would be counted)."""
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, check=True)
    status, kb = out.stdout.split()
    if status != "0":
        raise SystemExit(f"{' '.join(command)} failed")
    return int(kb) / 1024


def line(name: str, figure: float, base: float, unit: str = "s", aim: str = "") -> None:
    fmt = (lambda v: f"{v:8.3f} s") if unit == "s" else (lambda v: f"{v:8.1f} MB")
    print(f"  {name:44} {fmt(figure)}  beside {fmt(base).strip():>10}: ×{figure / base:5.2f}{aim}")


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--starts", type=int, default=3)
    args = ap.parse_args()
    f = parse_function("x**2 + 10*sin(x)")
    scenario = Scenario.of("x**2 + 10*sin(x)", x0=3, lrs=LRS, steps=STEPS, tol=0)
    noisy = scenario.with_(noise=1.0, trials=TRIALS)
    compute(noisy.with_(steps=100))  # warm: imports, the function's code

    print(f"1. {len(LRS)} runs × {TRIALS} trials × {STEPS:,} steps, noise σ = 1 (compute: statistics, records, "
          "analysis, floors)")
    a, b = pair(lambda: compute(noisy), lambda: compute(scenario), args.repeats)
    line(f"{len(LRS)} × {TRIALS} trials, beside {len(LRS)} runs without noise", a, b, aim="   aim ≤ 3 s: "
         + ("met" if a <= 3 else "MISSED"))

    print("2. one trial with noise beside the same runs without noise")
    one = Noise(1.0)
    a, b = pair(lambda: run(f, [3.0], LRS, STEPS, tol=0), lambda: run(f, [3.0], LRS, STEPS, tol=0, noise=one),
                args.repeats)
    line("descent, 8 runs (the loop on floats)", b, a, aim="   aim ≤ ×1.2: " + ("met" if b <= 1.2 * a else "MISSED"))
    wide = [0.001 * (i + 1) for i in range(64)]
    a, b = pair(lambda: run(f, [3.0], wide, STEPS, tol=0), lambda: run(f, [3.0], wide, STEPS, tol=0, noise=one),
                args.repeats)
    line("descent, 64 runs (the loop over arrays)", b, a, aim="   aim ≤ ×1.2: " + ("met" if b <= 1.2 * a else "MISSED"))
    single = scenario.with_(noise=1.0)
    a, b = pair(lambda: compute(single), lambda: compute(scenario), args.repeats)
    line("compute, 8 runs (with the analysis and the floor)", a, b)

    print("3. peak memory of a fresh process (lrtui run … --format summary)")
    base = peak_mb([sys.executable, "-c", "import numpy"])
    plain_mb = peak_mb([*LRTUI, "run", *FLAGS, "--format", "summary"])
    noisy_mb = peak_mb([*LRTUI, "run", *NOISY, "--format", "summary"])
    line("python -c 'import numpy'", base, base, unit="MB")
    line(f"{len(LRS)} runs without noise", plain_mb, base, unit="MB")
    line(f"{len(LRS)} runs × {TRIALS} trials", noisy_mb, base, unit="MB",
         aim="   aim ≤ 500 MB: " + ("met" if noisy_mb <= 500 else "MISSED"))

    print("4. the app in a pseudo-terminal at 120×40: its first frame, and its first frame with the result")
    env = bytecode_env(True)
    marks = ("sched", f"at {STEPS:,}")
    start_in_a_terminal([*LRTUI, *FLAGS], marks, env, (120, 40))  # warm the file cache and the bytecode
    plain, noisy_times = [], []
    for _ in range(args.starts):
        plain.append(start_in_a_terminal([*LRTUI, *FLAGS], marks, env, (120, 40)))
        noisy_times.append(start_in_a_terminal([*LRTUI, *NOISY], marks, env, (120, 40)))
    first_plain, first_noisy = min(t[0] for t in plain), min(t[0] for t in noisy_times)
    result_plain, result_noisy = min(t[1] for t in plain), min(t[1] for t in noisy_times)
    line("first frame, noisy scenario", first_noisy, first_plain,
         aim="   aim ≤ 1.5 s: " + ("met" if first_noisy <= 1.5 else "MISSED"))
    line(f"first frame with the result ({TRIALS} trials)", result_noisy, result_plain)


if __name__ == "__main__":
    main()
