"""Everything the charts need from one Result, prepared once (in the compute worker).

Windows, bounded runs and every run's trace on both charts and both loss scales: stepping
only slices these; it never touches the Result's big arrays again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ...result import Result, Status
from .frame import bounded_runs, function_box, loss_box, loss_values, plane_box
from .trace import Box, Trace

GRID = (512, 512)  # finer than any terminal chart's pixels


def f_of(result: Result):
    """f as a function of a 1-D array of x (one-parameter problems)."""

    def f(xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(result.problem.loss(np.asarray(xs, dtype=np.float64).reshape(-1, 1)))

    return f


FIRST_SPAN = 20  # the loss chart's step axis starts this long and doubles as the cursor passes its end


@dataclass
class LossView:
    """The loss on one scale. Its step axis spans 0..FIRST_SPAN, then doubles whenever the
    cursor passes its end, up to the last step: the first steps of a long run are not a
    sliver at the left edge, and the frame only moves at a doubling."""

    box: Box  # the whole result (its y range is used at every span)
    note: str  # how the loss is drawn: "linear", "log, 0 drawn at 1e-17", ...
    values: np.ndarray  # (runs, n): the loss as drawn
    stopped_at: np.ndarray
    _spans: dict[int, tuple[Box, list[Trace]]] = field(default_factory=dict)

    def span(self, step: int) -> int:
        last = int(self.stopped_at.max())
        span = min(last, FIRST_SPAN)
        while span < step:
            span = min(last, 2 * span)
        return max(span, 1)

    def window(self, step: int) -> tuple[Box, list[Trace]]:
        """The box and every run's trace for the span that holds ``step`` (built once per span)."""
        span = self.span(step)
        if span not in self._spans:
            box = Box(-0.02 * span, 1.02 * span, self.box.ylo, self.box.yhi)
            traces = []
            for r in range(self.values.shape[0]):
                n = min(int(self.stopped_at[r]), span) + 1
                pts = np.stack([np.arange(n, dtype=np.float64), self.values[r, :n]], axis=1)
                traces.append(Trace(pts, box, GRID))
            self._spans[span] = (box, traces)
        return self._spans[span]


@dataclass
class Scene:
    result: Result
    bounded: list[bool]
    box: Box  # the function chart's window: (x, f) or, with two parameters, (x, y)
    traces: list[Trace]
    loss: dict[bool, LossView] = field(default_factory=dict)  # by log scale

    @property
    def plane(self) -> bool:
        return self.result.dims == 2

    def label(self, r: int) -> str:
        label = self.result.label(r)
        if self.result.status[r] == Status.DIVERGED:
            return f"{label} (diverged)"
        if not self.bounded[r]:
            return f"{label} (diverging)"
        return label

    def point(self, r: int, k: int) -> tuple[float, float]:
        """Run r's position on the function chart at its record k."""
        res = self.result
        if self.plane:
            return float(res.x[r, k, 0]), float(res.x[r, k, 1])
        return float(res.x[r, k, 0]), float(res.loss[r, k])


def build_scene(result: Result) -> Scene:
    bounded = bounded_runs(result)
    traces = []
    if result.dims == 2:
        box = plane_box(result, bounded)
        for r in range(result.runs):
            s = int(result.stopped_at[r]) + 1
            traces.append(Trace(result.x[r, :s, :2], box, GRID))
    else:
        box = function_box(result, f_of(result), bounded)
        for r in range(result.runs):
            s = int(result.stopped_at[r]) + 1
            traces.append(Trace(np.stack([result.x[r, :s, 0], result.loss[r, :s]], axis=1), box, GRID))
    scene = Scene(result, bounded, box, traces)
    for log in (False, True):
        values, note = loss_values(result, log)
        lv = LossView(loss_box(result, values, bounded), note, values, result.stopped_at)
        lv.window(0)  # the first span and the whole run (End), built here in the worker
        lv.window(int(result.stopped_at.max()))
        scene.loss[log] = lv
    return scene
