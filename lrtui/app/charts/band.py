"""The loss chart's band: with several noisy trials, each run's 10th to 90th percentile of the loss
over its trials, filled in the run's colour, faded, beneath the runs' lines (their mean).

Every column of dots of the plot area holds the band of the steps it shows: from the lowest 10th
percentile to the highest 90th of those steps (on the chart's scale, :meth:`LossView.drawn`), so a
long run thinned to the chart's width never loses a spike of its band; between the columns of two
steps (a few steps across a wide chart) it goes straight from one to the other. The band is clipped to the
chart's window, which holds it whole for the runs that stay bounded (:func:`.scene.loss_view`).
"""

from __future__ import annotations

import numpy as np

from ..view import View
from .canvas import Canvas
from .raster import DOTS, Call
from .scene import LossView, Scene

FADED = 0.3  # how much of the run's colour the band keeps (the rest is the background's)


def draw_bands(canvas: Canvas, scene: Scene, view: View, lv: LossView) -> None:
    """Every run's band over the steps of the chart's span up to the step shown, as its line goes
    (nothing without several trials): the widest first, so that each narrower one lies on top of
    it and every band shows (a cell shows the last band drawn there)."""
    stats = scene.result.trials
    if stats is None:
        return
    span = lv.span(view.step)
    if min(canvas.pixels) <= 0:
        return
    order = sorted(range(stats.runs), key=lambda r: -_width(lv, stats.q10[r], stats.q90[r], span))
    palette = canvas.palette
    base = canvas.reserve([Call(DOTS, palette.faded(palette.run(r), FADED)) for r in order])
    us, vs, ids = [], [], []
    for i, r in enumerate(order):
        n = min(int(lv.stopped_at[r]), span, view.step) + 1  # up to the step shown, as the lines go
        lo, hi = lv.drawn(stats.q10[r, :n]), lv.drawn(stats.q90[r, :n])
        columns = _columns(canvas, n)
        lo_col, hi_col, centre = _per_column(columns, lo, hi)
        if centre.size == 0:
            continue
        u, v0 = canvas.unit(centre, lo_col)
        _, v1 = canvas.unit(centre, hi_col)
        u, v = _filled(canvas, u, v0, v1)
        us.append(u)
        vs.append(v)
        ids.append(np.full(u.size, base + i, dtype=np.int64))
    if us:
        canvas.put(np.concatenate(us), np.concatenate(vs), np.concatenate(ids))


def _width(lv: LossView, q10: np.ndarray, q90: np.ndarray, span: int) -> float:
    """How wide a run's band is on the chart's scale: its mean height over the span (0 if none)."""
    n = min(span, q10.size - 1) + 1
    with np.errstate(invalid="ignore"):
        height = lv.drawn(q90[:n]) - lv.drawn(q10[:n])
    height = height[np.isfinite(height)]
    return float(height.mean()) if height.size else 0.0


def _columns(canvas: Canvas, n: int) -> np.ndarray:
    """The column of dots each step 0 … n−1 is drawn in (−1: outside the plot area)."""
    u, _ = canvas.unit(np.arange(n, dtype=np.float64), np.zeros(n))
    gx, _ = canvas.pixels
    x, _ = canvas.dots(u, np.zeros(n))
    return np.where((u >= 0) & (u <= 1), np.clip(x, 0, gx - 1), -1)


def _per_column(columns: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per column of dots that shows steps: the lowest ``lo`` and the highest ``hi`` of its steps
    (finite ones), and a step drawn there (its first); a column between two such columns (a span
    of fewer steps than columns) takes the straight line between theirs, as the runs' lines do."""
    with np.errstate(invalid="ignore"):
        ok = (columns >= 0) & np.isfinite(lo) & np.isfinite(hi)
    steps = np.flatnonzero(ok)
    if steps.size == 0:
        return np.empty(0), np.empty(0), np.empty(0)
    cols = columns[steps]
    starts = np.flatnonzero(np.r_[True, cols[1:] != cols[:-1]])  # steps go left to right: columns in order
    low = np.minimum.reduceat(lo[steps], starts)
    high = np.maximum.reduceat(hi[steps], starts)
    centre = steps[starts].astype(np.float64)
    shown = cols[starts]
    if shown.size > 1 and shown[-1] - shown[0] + 1 > shown.size:  # fewer steps than columns: the band goes on
        between = np.arange(shown[0], shown[-1] + 1, dtype=np.float64)  # between two steps, as their lines do
        low, high, centre = (np.interp(between, shown, values) for values in (low, high, centre))
    return low, high, centre


def _filled(canvas: Canvas, u: np.ndarray, v0: np.ndarray, v1: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points on every dot row from v0 to v1 (unit coordinates, clipped to the window) at each
    column u: one point per dot row, at the unit coordinate the raster puts on that dot."""
    with np.errstate(invalid="ignore"):
        inside = ~((np.maximum(v0, v1) < 0) | (np.minimum(v0, v1) > 1))
    u, v0, v1 = u[inside], np.clip(v0[inside], 0, 1), np.clip(v1[inside], 0, 1)
    _, a = canvas.dots(u, np.minimum(v0, v1))
    _, b = canvas.dots(u, np.maximum(v0, v1))
    counts = b - a + 1
    rows = np.repeat(a - np.cumsum(np.r_[0, counts[:-1]]), counts) + np.arange(int(counts.sum()))
    per, cells = canvas.charset.up, canvas.grid[1]
    v = ((rows + 0.5) / per - 0.5) / max(cells - 1, 1)  # the inverse of raster.dot: the middle of each dot
    return np.repeat(u, counts), v
