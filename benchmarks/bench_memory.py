"""Peak memory of the largest computations lrtui allows, in every format and mode, beside
``python -c "import numpy"``.

    python benchmarks/bench_memory.py [--quick] [--only NAME]

Each case runs in a fresh process; its peak resident memory is the kernel's (``os.wait4``'s
``ru_maxrss`` of that child: the lrtui process itself; the symbolic worker, a process of its
own with its own memory limit, is not counted). Output goes to /dev/null, so the output
formats are measured writing every record. The largest allowed computations sit at the
record budget (lrtui.limits: 60,000,000 numbers kept, each record keeping x, ∇f, f, the
optimizer's state, η_k and the problem's extras):

- sgd, one parameter (3 numbers a record): 20 η × 999,999 steps, in every format of
  ``lrtui run`` and in the app (``lrtui shot`` at 120×40: the headless app, charts and all);
- adam, one parameter (5): 12 η × 999,999 steps; adam, two parameters (9): 6 η × 1,000,000;
- rmsprop centered with momentum and a schedule, two parameters (12): 5 η × 999,999 steps
  (in the app too, where the η_k chart shows the schedule);
- the regression (6: w, b, their gradient, the loss, the epoch): 10 η × 999,999 epochs;
- the sweep at its largest (10,000 η × 1,999 steps) and the range test (one run of 1,000,000).

The aim (issue 9): every peak at most 1 GB. ``--quick`` divides every step count by 20 (the
same code paths in a minute, not the figures of the largest cases). Not a test: pytest skips it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_page import writes_docs_section

SCRIPT = Path(sys.executable).with_name("lrtui")  # the console script a user runs
LRTUI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lrtui"]
AIM_MB = 1024.0
SHOT = os.path.join(tempfile.mkdtemp(prefix="lrtui-bench-memory-"), "shot.svg")


def lrs(n: int, step: float = 0.001) -> str:
    return ",".join(f"{step * (i + 1):g}" for i in range(n))


def cases(scale: int) -> dict[str, list[str]]:
    def steps(n: int) -> str:
        return str(max(n // scale, 1))

    wiggly = ["-f", "x^2 + 10 sin(x)", "--x0", "3", "--tol", "0"]
    bowl = ["-f", "x^2 + 10 y^2", "--x0", "3,1", "--tol", "0"]
    sgd = [*wiggly, "--lr", lrs(20), "--steps", steps(999_999)]
    adam_1 = [*wiggly, "--lr", lrs(12), "--steps", steps(999_999), "--optimizer", "adam"]
    adam_2 = [*bowl, "--lr", lrs(6), "--steps", steps(1_000_000), "--optimizer", "adam"]
    rmsprop = [*bowl, "--lr", lrs(5), "--steps", steps(999_999), "--optimizer",
               "rmsprop:centered=true,momentum=0.5", "--schedule", "cosine:t_max=1000"]
    linreg = ["--model", "linreg", "--lr", lrs(10), "--epochs", steps(999_999), "--tol", "0"]
    out = {"import numpy (baseline)": [sys.executable, "-c", "import numpy"]}
    for fmt in ("summary", "csv", "json", "table"):
        out[f"run sgd d=1, 20 η × 1 M steps, {fmt}"] = [*LRTUI, "run", *sgd, "--format", fmt]
    out["app (lrtui shot) sgd d=1, 20 η × 1 M steps"] = [*LRTUI, "shot", *sgd, "--output", SHOT]
    for fmt in ("summary", "json"):
        out[f"run adam d=1, 12 η × 1 M steps, {fmt}"] = [*LRTUI, "run", *adam_1, "--format", fmt]
        out[f"run adam d=2, 6 η × 1 M steps, {fmt}"] = [*LRTUI, "run", *adam_2, "--format", fmt]
    out["app (lrtui shot) adam d=2, 6 η × 1 M steps"] = [*LRTUI, "shot", *adam_2, "--output", SHOT]
    out["run rmsprop+schedule d=2, 5 η × 1 M steps, summary"] = [*LRTUI, "run", *rmsprop, "--format", "summary"]
    out["app (lrtui shot) rmsprop+schedule d=2, with the η_k chart"] = [*LRTUI, "shot", *rmsprop, "--output", SHOT]
    out["run linreg, 10 η × 1 M epochs, summary"] = [*LRTUI, "run", *linreg, "--format", "summary"]
    out["sweep 10,000 η × 1,999 steps, table"] = [*LRTUI, "sweep", *wiggly, "--lr-min", "1e-4", "--lr-max", "1",
                                                  "--points", "10000", "--steps", steps(1_999)]
    out["sweep --range-test, 1 M steps, json"] = [*LRTUI, "sweep", *wiggly, "--range-test", "--lr-min", "1e-9",
                                                  "--lr-max", "1", "--steps", steps(1_000_000), "--format", "json"]
    return out


def peak(command: list[str]) -> tuple[float, float, int, str]:
    """(peak RSS in MB, seconds, exit status, the first line of stderr) of ``command``."""
    start = time.perf_counter()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen(command, stdout=null, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read() if proc.stderr else ""
    seconds = time.perf_counter() - start
    return usage.ru_maxrss / 1024.0, seconds, proc.returncode, (err.strip().splitlines() or [""])[0]


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every step count ÷ 20")
    ap.add_argument("--only", help="only the cases whose name contains this (and the baseline)")
    args = ap.parse_args()
    todo = cases(20 if args.quick else 1)
    base_name = next(iter(todo))
    base, _, _, _ = peak(todo[base_name])
    print(f"peak resident memory of a fresh process{' (--quick: steps ÷ 20)' if args.quick else ''}")
    print(f"{'case':<56} {'peak MB':>9} {'× baseline':>11} {'seconds':>8}")
    print(f"{base_name:<56} {base:>9.0f} {1.0:>11.2f} {'':>8}")
    worst = 0.0
    for name, command in todo.items():
        if name == base_name or (args.only and args.only not in name):
            continue
        mb, seconds, code, err = peak(command)
        worst = max(worst, mb)
        flag = "" if code == 0 else f"  exit {code}: {err}"
        print(f"{name:<56} {mb:>9.0f} {mb / base:>11.2f} {seconds:>8.1f}{flag}", flush=True)
    verdict = "within" if worst <= AIM_MB else "ABOVE"
    print(f"largest peak {worst:.0f} MB: {verdict} the aim of {AIM_MB:.0f} MB")


if __name__ == "__main__":
    main()
