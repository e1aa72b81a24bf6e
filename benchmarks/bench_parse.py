"""How fast the symbolic worker answers: every hard input of the tests, and the slow texts of issue 9.

Each text is sent to a warm worker (lrtui.expr.client) and timed until its answer (a parsed
function or a one-line refusal) is back in this process, compiled. Prints the median and the
worst cases beside the time for "(x-2)**2" (the baseline, measured in the same run) and the
worker's limit (LIMIT_SECONDS of CPU, after which the text is refused as taking too long).

    python benchmarks/bench_parse.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from docs_page import writes_docs_section
from test_expr import HEAVY_BUT_FINE, PATHOLOGICAL, SYMPY_TRAPS  # noqa: E402
from test_expr_worker import SLOW  # noqa: E402

from lrtui.errors import InputError  # noqa: E402
from lrtui.expr.client import Client  # noqa: E402
from lrtui.expr.function import Function  # noqa: E402
from lrtui.expr.protocol import LIMIT_SECONDS  # noqa: E402

ISSUE_9 = [
    "(x-2)^2 + 1e-300*(sqrt(x)+x^(1/3)+x^(1/5)+1)^100",  # 21 s in sympy.Poly before
    "x^2 - y^2 + 1e-300*(x+1)^1000*(y+1)^1000",  # over 300 s and 1.6 GB before
]


def answer(client: Client, text: str) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        Function(client.derivation(text))
        outcome = "accepted"
    except InputError as error:
        outcome = f"refused: {error}"
    return time.perf_counter() - start, outcome


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    client = Client(known=lambda text: None)  # every text through the worker, lrtui's own ones too
    try:
        client.derivation("x")  # started and warm
        base = statistics.median(answer(client, "(x-2)**2" + " " * k)[0] for k in range(7))  # not remembered
        texts = [*PATHOLOGICAL, *(t for t, _ in SYMPY_TRAPS), *HEAVY_BUT_FINE, *ISSUE_9, SLOW]
        rows = [(*answer(client, t), t) for t in texts]
    finally:
        client.close()
    times = [r[0] for r in rows]
    print(f"baseline '(x-2)**2': {base * 1e3:.1f} ms (through the worker, compiled)")
    print(f"{len(rows)} hard inputs: median {statistics.median(times) * 1e3:.1f} ms, "
          f"worst {max(times) * 1e3:.0f} ms ({max(times) / base:.0f}× the baseline, "
          f"{max(times) / LIMIT_SECONDS:.0%} of the {LIMIT_SECONDS:g} s CPU limit)")
    for t, outcome, text in sorted(rows, reverse=True)[:6]:
        print(f"  {t * 1e3:7.0f} ms  {text[:50]!r}  {outcome[:60]}")
    for text in ISSUE_9:
        t, outcome = next((r[0], r[1]) for r in rows if r[2] == text)
        print(f"  issue 9: {t * 1e3:5.0f} ms  {text!r}  {outcome[:40]}")


if __name__ == "__main__":
    main()
