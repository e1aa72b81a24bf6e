"""The methods that learn η and the η_k chart with η_eff, each figure beside a baseline measured in
the same process.

1. The engine: 64 η × 10,000 steps of x**2 + 10*sin(x) (the array loop) and 1 η × 100,000 steps
   (the loop on floats) for each of lion, sf_sgd, sf_adamw, prodigy, dadapt_sgd and dadapt_adam,
   against adam on the same runs (baseline): the ratio says what learning η costs over Adam's
   own bookkeeping (Prodigy and D-Adaptation sum over the coordinates every step). The methods
   take turns, so load falls on all alike.
2. The η_k chart after an η turn (16 η × sgd, momentum, adam, rmsprop × 10,000 steps, a chart
   56 columns wide, as at 120×40): drawing it on the scene built after the turn, which takes over
   each kept run's lines and η_eff (RunPart.made), against drawing it on a scene built afresh
   (every run's η_eff read from its records again: the way before), and against the loss chart
   on the same scene after the same turn.

    python benchmarks/bench_learned.py [--repeat 5] [--steps 10000]
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from docs_page import writes_docs_section

from lrtui.app.charts import loss, rates
from lrtui.app.charts.palette import Palette
from lrtui.app.computed import compute_scene
from lrtui.app.view import View
from lrtui.engine.descent import run
from lrtui.expr import parse_function
from lrtui.optim.registry import parse_optimizer
from lrtui.teaching.scenario import Scenario

LEARNED = ("lion", "sf_sgd", "sf_adamw", "prodigy", "dadapt_sgd", "dadapt_adam")
PALETTE = Palette.default()


def timed(work, *args, **kwargs) -> float:
    t = time.perf_counter()
    work(*args, **kwargs)
    return time.perf_counter() - t


def engine(repeat: int, steps: int) -> None:
    f = parse_function("x**2 + 10*sin(x)")
    lrs = np.geomspace(1e-3, 1.0, 64)
    names = ("adam", *LEARNED)
    opts = {name: parse_optimizer(name) for name in names}
    many: dict[str, list[float]] = {name: [] for name in names}
    one: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeat):
        for name in names:  # in turns: load falls on all alike
            many[name].append(timed(run, f, 3.0, lrs, steps, tol=0.0, optimizers=[opts[name]], path="arrays"))
            one[name].append(timed(run, f, 3.0, [0.01], 10 * steps, tol=0.0, optimizers=[opts[name]], path="floats"))
    base_many, base_one = statistics.median(many["adam"]), statistics.median(one["adam"])
    print(f"the engine, x**2 + 10*sin(x) from 3, tol 0, median of {repeat}: 64 η × {steps:,} steps (arrays) and "
          f"1 η × {10 * steps:,} steps (floats), against adam (baseline)")
    print(f"  {'adam (baseline)':22} {base_many * 1000:8.0f} ms   {base_one * 1000:8.0f} ms")
    for name in LEARNED:
        m, o = statistics.median(many[name]), statistics.median(one[name])
        print(f"  {name:22} {m * 1000:8.0f} ms ×{m / base_many:4.2f}   {o * 1000:8.0f} ms ×{o / base_one:4.2f}")


def turned(scenario: Scenario, factor: float) -> Scenario:
    lrs = list(scenario.lrs)
    lrs[7] *= factor
    return scenario.with_(lrs=tuple(lrs))


def eta_chart(repeat: int, steps: int) -> None:
    lrs = tuple(0.002 * 100 ** (i / 15) for i in range(16))
    scenario = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=lrs, steps=steps, tol=0,
                           optimizers="sgd; momentum; adam; rmsprop")
    cols, rows = 56, 8
    before = compute_scene(scenario, None)
    view = View().showing(before.scene.result).at(steps)
    rates.draw(before.scene, view, cols, rows, PALETTE)
    kept, fresh, losses = [], [], []
    for i in range(repeat):
        scenario = turned(scenario, 1.05 if i % 2 == 0 else 1 / 1.05)
        after = compute_scene(scenario, None, before)
        alone = compute_scene(scenario, None)  # nothing handed on
        kept.append(timed(rates.draw, after.scene, view, cols, rows, PALETTE))
        fresh.append(timed(rates.draw, alone.scene, view, cols, rows, PALETTE))
        losses.append(timed(loss.draw, after.scene, view, cols, rows, PALETTE))
        before = after
    k, f, lo = (statistics.median(v) for v in (kept, fresh, losses))
    print(f"the η_k chart with η_eff after an η turn, 64 runs × {steps:,} steps, {cols}×{rows}, median of {repeat}")
    print(f"  each run's lines kept (now)        {k * 1000:7.1f} ms")
    print(f"  on a scene built afresh (before)   {f * 1000:7.1f} ms   now/before {k / f:5.2f}")
    print(f"  the loss chart after the same turn {lo * 1000:7.1f} ms   η_k chart/loss chart {k / lo:5.2f}")


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--steps", type=int, default=10_000)
    a = ap.parse_args()
    engine(a.repeat, a.steps)
    eta_chart(a.repeat, a.steps)


if __name__ == "__main__":
    main()
