"""How fast the command line gives its first answer, beside ``python -c "import numpy"``.

    python benchmarks/bench_startup.py [--repeats 9]

Each repeat runs, in fresh interpreters and interleaved (so that the machine's load falls on
all of them alike):

- the baseline: ``python -c "import numpy"``;
- ``lrtui run --preset quadratic --format summary`` (the preset's function is one lrtui ships:
  its derivation is a known answer, no symbolic worker starts; 3 runs of 20 steps, the
  analysis, the summary);
- a function typed by a user, ``-f "x^4 - 3x^2 + x" --x0 2 --lr 0.01 --steps 50``: the symbolic
  worker starts first thing and imports sympy on the other core while lrtui imports NumPy, then
  differentiates the text;
- ``python -c pass``, for scale.

lrtui's bytecode is cached (in a folder of its own under /tmp), as ``pip install .`` leaves it
compiled, even where PYTHONDONTWRITEBYTECODE is set; ``--no-bytecode`` runs as the environment
is (an editable install then compiles lrtui from source at every start, ≈ 35 ms here).

Prints the medians and each one's ratio to the baseline. Aim: lrtui run within 4× the
baseline (issue 11). Not a test: pytest skips it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docs_page import writes_docs_section

SCRIPT = Path(sys.executable).with_name("lrtui")  # the console script a user runs
LRTUI = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "lrtui"]
COMMANDS = {
    "import numpy (baseline)": [sys.executable, "-c", "import numpy"],
    "lrtui run --preset quadratic": [*LRTUI, "run", "--preset", "quadratic", "--format", "summary"],
    "lrtui run -f 'x^4 - 3x^2 + x' …": [*LRTUI, "run", "-f", "x^4 - 3x^2 + x", "--x0", "2", "--lr", "0.01",
                                         "--steps", "50", "--format", "summary"],
    "python -c pass": [sys.executable, "-c", "pass"],
}


def environment(cached: bool) -> dict[str, str]:
    env = dict(os.environ)
    if cached:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "lrtui-bench-bytecode")
    return env


def seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {proc.stderr.strip()}")
    return elapsed


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--no-bytecode", action="store_true", help="run as the environment is (see above)")
    args = ap.parse_args()
    env = environment(cached=not args.no_bytecode)
    for command in COMMANDS.values():  # warm the OS's file cache (and the bytecode)
        seconds(command, env)
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeats):
        for name, command in COMMANDS.items():
            times[name].append(seconds(command, env))
    base = statistics.median(times["import numpy (baseline)"])
    best = min(times["import numpy (baseline)"])
    how = "as the environment is" if args.no_bytecode else "lrtui's bytecode cached"
    print(f"fresh interpreter to the answer, {how}; {args.repeats} repeats interleaved: median (ratio) · best (ratio)")
    for name, values in times.items():
        median, least = statistics.median(values), min(values)
        print(f"  {name:36} {1000 * median:7.1f} ms ({median / base:4.2f})  ·  {1000 * least:7.1f} ms ({least / best:4.2f})")
    print("  aim: lrtui run ≤ 4 × import numpy (the best of each shows the machine least disturbed)")


if __name__ == "__main__":
    main()
