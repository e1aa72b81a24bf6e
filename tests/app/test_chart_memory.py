"""The charts' memory is bounded by the chart, not by the records: the raster looks at one run at
a time, and the η_k chart of a schedule that changes every step keeps a few points a column."""

from __future__ import annotations

import gc
import weakref

import numpy as np

from lrtui.analysis.views import Box
from lrtui.app.charts import rates
from lrtui.app.charts.scene import build_scene
from lrtui.app.charts.trace import TraceSet
from lrtui.teaching.scenario import Scenario, compute


def test_the_raster_holds_one_run_of_points_at_a_time():
    alive: list[weakref.ref] = []
    before_each: list[int] = []

    def runs():
        rng = np.random.default_rng(0)
        for _ in range(5):
            gc.collect()
            before_each.append(sum(ref() is not None for ref in alive))  # earlier runs' points still held
            points = rng.random((10_000, 2))
            alive.append(weakref.ref(points))
            yield points
            del points

    traces = TraceSet(Box(0.0, 1.0, 0.0, 1.0), runs(), cols=40, rows=10)
    assert before_each == [0, 0, 0, 0, 0]
    assert traces.runs == 5 and set(traces.dot_run.tolist()) == {0, 1, 2, 3, 4}
    assert traces.dot_u.size <= 5 * 40 * 10  # a run's first visit of each cell, no more


def test_a_schedule_that_changes_every_step_is_drawn_by_its_range_per_span():
    result = compute(Scenario.of(function="x^2", x0=(3.0,), lrs=(0.1,), steps=100_000, tol=0.0,
                              schedule="cosine_restarts:t_0=1000"))
    cols = 50
    [(xs, ys)], log, lo, hi = rates.lines(build_scene(result), cols)
    assert xs.size <= 4 * cols + 1  # not 300,000 points for 100,000 steps
    lr = result.lr[0]
    assert log and (lo, hi) == (np.log10(lr.min()), np.log10(lr.max()))  # the whole range of η …
    assert (ys.min(), ys.max()) == (lo, hi)  # … is drawn
    assert xs[0] == 0 and xs[-1] == 100_000
