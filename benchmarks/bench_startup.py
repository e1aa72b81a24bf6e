"""How fast the command line gives its first answer, beside ``python -c "import numpy"``.

    python benchmarks/bench_startup.py [--repeats 9]

Each repeat runs, in fresh interpreters and interleaved (so that the machine's load falls on
all of them alike):

- the baseline: ``python -c "import numpy"``;
- ``lrtui run --preset quadratic --format summary`` (parse, exact derivatives in the symbolic
  worker, 3 runs of 20 steps, the analysis, the summary);
- the same function given as text (``-f "(x-2)^2" --x0 10 --lr 0.01,0.1,0.5 --steps 20``);
- ``python -c pass``, for scale.

Prints the medians and each one's ratio to the baseline. Aim: lrtui run within 4× the
baseline (issue 11). Not a test: pytest skips it.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(sys.executable).with_name("lrtui")  # the console script a user runs
LRTUI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lrtui"]
COMMANDS = {
    "import numpy (baseline)": [sys.executable, "-c", "import numpy"],
    "lrtui run --preset quadratic": [*LRTUI, "run", "--preset", "quadratic", "--format", "summary"],
    "lrtui run -f '(x-2)^2' …": [*LRTUI, "run", "-f", "(x-2)^2", "--x0", "10", "--lr", "0.01,0.1,0.5",
                                  "--steps", "20", "--format", "summary"],
    "python -c pass": [sys.executable, "-c", "pass"],
}


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9)
    args = ap.parse_args()
    for command in COMMANDS.values():  # warm the OS's file cache
        seconds(command)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeats):
        for name, command in COMMANDS.items():
            times[name].append(seconds(command))
    base = statistics.median(times["import numpy (baseline)"])
    best = min(times["import numpy (baseline)"])
    print(f"fresh interpreter to the answer, {args.repeats} repeats interleaved: median (ratio) · best (ratio)")
    for name, values in times.items():
        median, least = statistics.median(values), min(values)
        print(f"  {name:32} {1000 * median:7.1f} ms ({median / base:4.2f})  ·  {1000 * least:7.1f} ms ({least / best:4.2f})")
    print("  aim: lrtui run ≤ 4 × import numpy (the best of each shows the machine least disturbed)")


if __name__ == "__main__":
    main()
