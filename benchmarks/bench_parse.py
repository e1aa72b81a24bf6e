"""How fast the parser answers: every accepted, refused and pathological input of the tests.

The issue asks for every answer, accept or refuse, within 0.5 s. Prints the worst cases and
the median, beside the time of parsing "(x-2)**2" (the baseline, measured in the same run).

    python benchmarks/bench_parse.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from test_expr import HEAVY_BUT_FINE, PATHOLOGICAL, SYMPY_TRAPS  # noqa: E402

from lrtui.errors import InputError  # noqa: E402
from lrtui.expr import parse_function  # noqa: E402


def answer(text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        parse_function(text)
        outcome = "accepted"
    except InputError as error:
        outcome = f"refused: {error}"
    return time.perf_counter() - start, outcome


def main() -> None:
    parse_function("x")  # imports and caches
    base = min(answer("(x-2)**2")[0] for _ in range(5))
    rows = [(*answer(t), t) for t in [*PATHOLOGICAL, *SYMPY_TRAPS, *HEAVY_BUT_FINE]]
    times = [r[0] for r in rows]
    print(f"baseline '(x-2)**2': {base * 1e3:.1f} ms")
    print(f"{len(rows)} hard inputs: median {statistics.median(times) * 1e3:.1f} ms, "
          f"worst {max(times) * 1e3:.0f} ms ({max(times) / base:.0f}× the baseline)")
    for t, outcome, text in sorted(rows, reverse=True)[:5]:
        print(f"  {t * 1e3:7.0f} ms  {text[:50]!r}  {outcome[:60]}")


if __name__ == "__main__":
    main()
