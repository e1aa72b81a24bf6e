"""Everything the charts need from one Result, prepared once and kept: windows, traces, the loss.

Built in the compute worker (the landscape view, its paths in the plane and both loss
scales); every run's visited points are thinned to a chart's cells on its first frame at a
size (:class:`~.trace.TraceSet`), and kept. Stepping only selects from these, and gathers each
run's last few records: a key costs the same for 20 steps or a million, one run or 64.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...result import Result, Status
from ...views import Box, bounded_runs, window
from ..view import View
from .steps import Runs, trail_records
from .trace import Trace, TraceSet

FIRST_SPAN = 20  # the loss chart's step axis starts this long and doubles as the cursor passes its end


def f_of(result: Result) -> Any:
    """f as a function of a 1-D array of x (one-parameter problems), silent on overflow."""

    def f(xs: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            return np.asarray(result.problem.loss(np.asarray(xs, dtype=np.float64).reshape(-1, 1)), dtype=np.float64)

    return f


@dataclass
class LossView:
    """The loss on one scale. Its step axis spans 0..FIRST_SPAN, then doubles whenever the
    cursor passes its end, up to the last step: the first steps of a long run are not a
    sliver at the left edge, and the frame only moves at a doubling."""

    values: np.ndarray  # (runs, n): the loss as drawn (log10 on the log scale)
    stopped_at: np.ndarray
    ylo: float  # the window over the bounded runs, padded
    yhi: float
    data_lo: float  # the lowest and highest value drawn: the ticks stay within
    data_hi: float
    note: str  # "linear", "log", "log of f − min f + 1e-12"
    zero_at: float | None = None  # log scale: the row where a loss of exactly 0 is drawn
    _sets: dict[tuple[int, int, int], TraceSet] = field(default_factory=dict)

    def span(self, step: int) -> int:
        last = int(self.stopped_at.max())
        span = min(last, FIRST_SPAN)
        while span < step:
            span = min(last, 2 * span)
        return max(span, 1)

    def box(self, step: int) -> Box:
        """The window of the span that holds ``step``."""
        span = self.span(step)
        return Box(-0.02 * span, 1.02 * span, self.ylo, self.yhi)

    def runs_at(self, view: View, cols: int, rows: int) -> tuple[Box, Runs]:
        """The box of the span that holds the cursor, and every run in it for a chart of that size."""
        box = self.box(view.step)
        span = self.span(view.step)
        key = (span, cols, rows)
        if key not in self._sets:
            n = np.minimum(self.stopped_at, span) + 1
            points = [np.stack([np.arange(m, dtype=np.float64), self.values[r, :m]], axis=1) for r, m in enumerate(n)]
            self._sets[key] = TraceSet(box, points, cols, rows)
        k = np.minimum(view.step, self.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        trail = (records.astype(np.float64), self.values[runs, records])
        return box, Runs(k, self._sets[key], trail, np.ones(k.size, dtype=bool))


def loss_view(result: Result, log: bool, bounded: list[bool]) -> LossView:
    """The loss of every run as drawn on a linear or log scale, and its window."""
    loss = np.asarray(result.loss, dtype=np.float64)
    seen = [loss[r, : int(result.stopped_at[r]) + 1] for r in range(result.runs)]
    keep = [s for s, b in zip(seen, bounded, strict=True) if b] or [loss[:, :1].reshape(-1)]
    with np.errstate(all="ignore"):
        basis = np.concatenate(keep)
        basis = basis[np.isfinite(basis)]
        everything = np.concatenate(seen)
        everything = everything[np.isfinite(everything)]
        note, zero_at = "linear", None
        values = loss
        if log and everything.size:
            low = float(everything.min())
            if low < 0:
                tiny = 1e-12 * max(1.0, float(np.abs(everything).max()))
                values = np.log10(loss - low + tiny)
                basis = np.log10(basis - low + tiny)
                note = f"log of f − min f + {tiny:.0e}"
            else:
                positive = everything[everything > 0]
                floor = math.log10(float(positive.min())) if positive.size else 0.0
                basis = np.log10(basis[basis > 0]) if (basis > 0).any() else np.array([floor])
                note = "log"
                if low == 0:
                    top = float(basis.max()) if basis.size else floor
                    zero_at = min(floor, float(basis.min())) - max(1.0, 0.12 * (top - floor))
                    note = "log · 0 at the bottom"
                values = np.where(loss > 0, np.log10(np.where(loss > 0, loss, 1.0)), loss)
                if zero_at is not None:
                    values = np.where(loss == 0, zero_at, values)
        basis = basis[np.isfinite(basis)]
    if basis.size == 0:
        return LossView(values, result.stopped_at, -1.0, 1.0, -1.0, 1.0, note, zero_at)
    lo, hi = float(basis.min()), float(basis.max())
    bottom = lo if zero_at is None else zero_at  # a loss of 0 gets its own row below the rest
    pad = 0.06 * (hi - bottom) if hi > bottom else max(1.0, abs(hi)) * 0.1
    return LossView(values, result.stopped_at, bottom - pad, hi + pad, lo, hi, note, zero_at)


@dataclass
class Scene:
    """One Result as the charts see it; views, traces and samples are cached by what they depend on."""

    result: Result
    bounded: list[bool]
    loss: dict[bool, LossView] = field(default_factory=dict)  # by log scale
    _frames: dict[tuple[str, int], Box] = field(default_factory=dict)
    _traces: dict[tuple[Box, int], Trace] = field(default_factory=dict)
    _sets: dict[tuple[Box, int, int], TraceSet] = field(default_factory=dict)
    cache: dict[object, Any] = field(default_factory=dict)  # per chart: curves, level lines, …

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

    def frame(self, zoom: str, run: int = 0) -> Box:
        """The f chart's (or the contour's) window in view ``zoom``; ``run`` matters for "path"."""
        key = (zoom, run if zoom == "path" else 0)
        if key not in self._frames:
            self._frames[key] = window(self.result, zoom, run, self.bounded)
        return self._frames[key]

    def trace(self, box: Box, r: int) -> Trace:
        """Run r's path in the (x, y) plane, clipped to ``box`` (two parameters)."""
        key = (box, r)
        if key not in self._traces:
            self._traces[key] = Trace(self.result.x[r, : int(self.result.stopped_at[r]) + 1, :2], box)
        return self._traces[key]

    def point(self, r: int, k: int) -> tuple[float, float]:
        """Run r's position on the f chart at record k: (x, f) or, with two parameters, (x, y)."""
        res = self.result
        if self.plane:
            return float(res.x[r, k, 0]), float(res.x[r, k, 1])
        return float(res.x[r, k, 0]), float(res.loss[r, k])

    def runs_at(self, box: Box, view: View, cols: int, rows: int) -> Runs:
        """Every run at the cursor in the f chart's (or the contour's) ``box``, for a chart of that size."""
        key = (box, cols, rows)
        res = self.result
        if key not in self._sets:
            n = res.stopped_at + 1
            if self.plane:
                points = [res.x[r, :m, :2] for r, m in enumerate(n)]
                paths = [self.trace(box, r) for r in range(res.runs)]
            else:
                points = [np.stack([res.x[r, :m, 0], res.loss[r, :m]], axis=1) for r, m in enumerate(n)]
                paths = None
            self._sets[key] = TraceSet(box, points, cols, rows, paths)
        k = np.minimum(view.step, res.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        ys = res.x[runs, records, 1] if self.plane else res.loss[runs, records]
        return Runs(k, self._sets[key], (res.x[runs, records, 0], ys), np.asarray(self.bounded, dtype=bool))


def build_scene(result: Result) -> Scene:
    """Prepare what the first frame needs (in the compute worker, off the UI thread)."""
    with np.errstate(all="ignore"):
        scene = Scene(result, bounded_runs(result))
        box = scene.frame("landscape")
        if scene.plane:  # the paths, clipped once
            for r in range(result.runs):
                scene.trace(box, r)
        for log in (False, True):
            scene.loss[log] = loss_view(result, log, scene.bounded)
    return scene
