"""What a question costs: the scene at its start that an open question draws, and its answer.

A scene that asks hides the runs' fates until it is answered: the app draws the result cut to its
first record (lrtui.app.charts.asked.asked, on the UI thread, once per computed scene), and Enter
reads the answer from the whole result (lrtui.teaching.ask.answer: every run's status, cycle and
turns). Both are timed on a large scene, 64 runs × 100,000 steps of x² + 10·sin(x), beside what
the app does anyway for every computed scene in its worker (build_scene, the baseline, measured in
the same run): a question should cost a small part of that.

    python benchmarks/bench_asks.py [--steps N] [--repeat R]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from docs_page import writes_docs_section

from lrtui.app.charts.asked import asked
from lrtui.app.charts.scene import build_scene
from lrtui.teaching.ask import Ask, answer
from lrtui.teaching.scenario import Scenario, compute


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--steps", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()
    lrs = np.geomspace(0.01, 0.5, 64)
    result = compute(Scenario.of("x^2 + 10*sin(x)", x0=3, lrs=lrs, steps=args.steps, tol=0))
    scene = build_scene(result)
    base = best(lambda: build_scene(result), args.repeat)
    start = best(lambda: asked(scene), args.repeat)
    facts = {which: best(lambda w=which: answer(Ask("?", "runs", which=w), result), args.repeat)
             for which in ("diverged", "oscillates")}
    number = best(lambda: answer(Ask("?", "number", quantity="critical_lr"), result), args.repeat)
    runs, records = result.runs, result.runs * (args.steps + 1)
    print(f"a scene of {runs} runs × {args.steps:,} steps ({records:,} records), best of {args.repeat}")
    print(f"baseline, build_scene (every computed scene, in the worker): {base * 1e3:.1f} ms")
    print(f"the scene at its start, asked(scene) (once a question opens): {start * 1e3:.2f} ms "
          f"({start / base:.3f} of the baseline)")
    for which, t in facts.items():
        print(f"the answer to 'which runs {which}': {t * 1e3:.2f} ms ({t / base:.3f} of the baseline)")
    print(f"the answer to 'critical_lr': {number * 1e3:.3f} ms ({number / base:.4f} of the baseline)")


if __name__ == "__main__":
    main()
