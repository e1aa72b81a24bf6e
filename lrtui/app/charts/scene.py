"""Everything the charts need from one Result, prepared once and kept: windows, traces, the loss.

Built in the compute worker (the landscape view, its paths in the plane and both loss
scales); every run's visited points are thinned to a chart's cells on its first frame at a
size (:class:`~.trace.TraceSet`), and kept. Stepping only selects from these, and gathers each
run's last few records: a key costs the same for 20 steps or a million, one run or 64.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...analysis.views import Box, bounded_runs, window
from ...cancel import CancelToken, raise_if_cancelled
from ...engine.result import Result, Status
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
    _sets: dict[tuple[object, ...], TraceSet] = field(default_factory=dict)

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

    def runs_at(self, view: View, box: Box, cols: int, rows: int, dots: tuple[int, int] = (2, 4)) -> Runs:
        """Every run in ``box`` (the chart's, around the span that holds the cursor) for a plot
        area of cols × rows cells of ``dots`` (across, up)."""
        span = self.span(view.step)
        key = (span, box, cols, rows, dots)
        if key not in self._sets:
            n = np.minimum(self.stopped_at, span) + 1
            points = (np.stack([np.arange(m, dtype=np.float64), self.values[r, :m]], axis=1) for r, m in enumerate(n))
            self._sets[key] = TraceSet(box, points, cols, rows, dots=dots)  # a run at a time
        k = np.minimum(view.step, self.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        trail = (records.astype(np.float64), self.values[runs, records])
        return Runs(k, self._sets[key], trail, np.ones(k.size, dtype=bool))


def _extent(parts: list[np.ndarray], pick: Any = None) -> tuple[float, float] | None:
    """The lowest and highest finite value of ``pick(part)`` (default: the part) over every part,
    one part at a time (no array as large as all of them is ever made); None when there is none."""
    lo, hi = math.inf, -math.inf
    for part in parts:
        values = part if pick is None else pick(part)
        values = values[np.isfinite(values)]
        if values.size:
            lo, hi = min(lo, float(values.min())), max(hi, float(values.max()))
    return (lo, hi) if lo <= hi else None


def loss_view(result: Result, log: bool, bounded: list[bool]) -> LossView:
    """The loss of every run as drawn on a linear or log scale, and its window.

    Its extents are found a run at a time and the log scale is computed in place: besides the
    drawn values, nothing as large as the whole loss array is made."""
    loss = np.asarray(result.loss, dtype=np.float64)
    seen = [loss[r, : int(result.stopped_at[r]) + 1] for r in range(result.runs)]
    keep = [s for s, b in zip(seen, bounded, strict=True) if b] or [loss[:, :1].reshape(-1)]
    with np.errstate(all="ignore"):
        every = _extent(seen)  # of every finite loss
        basis = _extent(keep)  # of what the window holds, on the scale drawn
        note, zero_at = "linear", None
        values = loss
        if log and every is not None:
            low = every[0]
            if low < 0:
                tiny = 1e-12 * max(1.0, abs(every[0]), abs(every[1]))
                values = np.subtract(loss, low)
                values += tiny
                np.log10(values, out=values)
                basis = _extent(keep, lambda p: np.log10(p - low + tiny))
                note = f"log of f − min f + {tiny:.0e}"
            else:
                positive = _extent(seen, lambda p: p[p > 0])
                floor = math.log10(positive[0]) if positive is not None else 0.0
                basis = _extent(keep, lambda p: np.log10(p[p > 0])) or (floor, floor)
                note = "log"
                if low == 0:
                    zero_at = min(floor, basis[0]) - max(1.0, 0.12 * (basis[1] - floor))
                    note = "log · 0 at the bottom"
                drawn = loss > 0
                values = np.empty_like(loss)
                np.log10(loss, out=values, where=drawn)
                np.copyto(values, loss, where=~drawn)
                del drawn
                if zero_at is not None:
                    np.copyto(values, zero_at, where=loss == 0)
    if basis is None:
        return LossView(values, result.stopped_at, -1.0, 1.0, -1.0, 1.0, note, zero_at)
    lo, hi = basis
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
    _sets: dict[tuple[object, ...], TraceSet] = field(default_factory=dict)
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

    def runs_at(self, box: Box, view: View, cols: int, rows: int, dots: tuple[int, int] = (2, 4)) -> Runs:
        """Every run at the cursor in the f chart's (or the contour's) ``box``, for a plot area of
        cols × rows cells of ``dots`` (across, up)."""
        key = (box, cols, rows, dots)
        res = self.result
        if key not in self._sets:
            n = res.stopped_at + 1
            points: Iterable[np.ndarray]
            if self.plane:
                points = [res.x[r, :m, :2] for r, m in enumerate(n)]  # views
                paths = [self.trace(box, r) for r in range(res.runs)]
            else:
                points = (np.stack([res.x[r, :m, 0], res.loss[r, :m]], axis=1) for r, m in enumerate(n))
                paths = None
            self._sets[key] = TraceSet(box, points, cols, rows, paths, dots)  # a run at a time
        k = np.minimum(view.step, res.stopped_at)
        records = trail_records(k)
        runs = np.arange(k.size)[:, None]
        ys = res.x[runs, records, 1] if self.plane else res.loss[runs, records]
        return Runs(k, self._sets[key], (res.x[runs, records, 0], ys), np.asarray(self.bounded, dtype=bool))


def build_scene(result: Result, cancel: CancelToken | None = None) -> Scene:
    """Prepare what the first frame needs (in the compute worker, off the UI thread); ``cancel``
    is checked between its parts (see lrtui.cancel)."""
    with np.errstate(all="ignore"):
        scene = Scene(result, bounded_runs(result))
        raise_if_cancelled(cancel)
        box = scene.frame("landscape")
        if scene.plane:  # the paths, clipped once
            for r in range(result.runs):
                raise_if_cancelled(cancel)
                scene.trace(box, r)
        for log in (False, True):
            raise_if_cancelled(cancel)
            scene.loss[log] = loss_view(result, log, scene.bounded)
    return scene
