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


@dataclass
class LossView:
    box: Box
    note: str  # how the loss is drawn: "linear", "log, 0 drawn at 1e-17", ...
    traces: list[Trace]
    values: np.ndarray  # (runs, n): the loss as drawn


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
        lbox = loss_box(result, values, bounded)
        ltraces = []
        for r in range(result.runs):
            s = int(result.stopped_at[r]) + 1
            ltraces.append(Trace(np.stack([np.arange(s, dtype=np.float64), values[r, :s]], axis=1), lbox, GRID))
        scene.loss[log] = LossView(lbox, note, ltraces, values)
    return scene
