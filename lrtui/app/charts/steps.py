"""Runs drawn step by step, shared by the f chart, the contour and the loss chart.

Each run is drawn in layers so no line hides a point: its older steps (faded, as dots, or as a
faded path in the plane), then its last TRAIL steps in full, then ● at the current step; the
selected run goes last in every layer. A cycle therefore reads as its few points, and a long
run as a faded trace with the recent steps bright.

A layer of every run is one NumPy selection over their traces (:class:`~.trace.TraceSet`),
handed to the canvas as one batch: 64 runs cost about what one does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..theme import CURRENT_MARKER, EDGE_MARKS, run_marker
from ..view import View
from .canvas import Canvas
from .palette import Palette
from .raster import DOTS, Call
from .trace import TraceSet

TRAIL = 10  # steps drawn in full behind the current one
SEGMENT_BUDGET = 3000  # older path segments per chart, shared by its runs


@dataclass(frozen=True)
class Runs:
    """Every run at the cursor, as one chart sees it."""

    k: np.ndarray  # (runs,) the record each shows
    traces: TraceSet  # their thinned paths in this chart's box
    trail: tuple[np.ndarray, np.ndarray]  # (runs, TRAIL+1): positions at records k−TRAIL … k (from 0), raw
    bounded: np.ndarray  # (runs,) False: it diverges or runs away (its older steps are not drawn in trail mode)


def order(view: View, runs: int) -> list[int]:
    """Runs in drawing order: the selected one last."""
    return sorted(range(runs), key=lambda r: r == view.run)


def trail_records(k: np.ndarray) -> np.ndarray:
    """(runs, TRAIL+1) the records of each run's trail: k−TRAIL … k, from record 0 on (repeated)."""
    return np.maximum(k[:, None] - TRAIL + np.arange(TRAIL + 1), 0)


Hook = Callable[[], None] | None


def draw_runs(canvas: Canvas, runs: Runs, view: View, paths: bool, chords: bool,
              under_trail: Hook = None, over_trail: Hook = None, on_top: Hook = None) -> None:
    """Older steps, ``under_trail``, the trail, ``over_trail``, the current points, then
    ``on_top``. ``paths``: older steps are a path (in the plane) rather than dots; ``chords``:
    the trail's points are joined by lines. Every run of a layer goes in one NumPy selection;
    each run still draws with its own calls, in drawing order, as it would one by one."""
    count = runs.k.size
    drawing = tuple(order(view, count))
    rank = np.empty(count, dtype=np.int64)
    rank[list(drawing)] = np.arange(count)
    ts = runs.traces

    # older steps: per run a path, its dots, its marks at the edges (▲ ▼ ◀ ▶)
    upto = runs.k - TRAIL if view.trail else runs.k.copy()
    if view.trail:
        upto[~runs.bounded] = -1  # a run flying off: its last steps say it, its history would only smear the chart
    base = canvas.reserve(_calls(canvas.palette, drawing, view.trail))
    if paths:
        i = ts.segments(upto)
        canvas.segments(ts.seg_a[i], ts.seg_b[i], base + 6 * rank[ts.seg_run[i]],
                        limit=max(50, SEGMENT_BUDGET // max(count, 1)))
    if not (paths and view.trail):
        i = ts.dots(upto)
        canvas.put(ts.dot_u[i], ts.dot_v[i], base + 6 * rank[ts.dot_run[i]] + 1)
    if not view.trail:  # every step: also where each went beyond the frame
        i = ts.edges(upto)
        canvas.put(ts.edge_u[i], ts.edge_v[i], base + 6 * rank[ts.edge_run[i]] + 2 + ts.edge_side[i])
    if under_trail is not None:
        under_trail()

    # the trail, in full: per run its chords, its points, its marks at the edges
    u, v = canvas.unit(*runs.trail)
    base = canvas.reserve(_calls(canvas.palette, drawing, False))
    first = base + 6 * rank[:, None] + np.zeros_like(u, dtype=np.int64)  # (runs, TRAIL+1)
    if chords and u.shape[1] > 1:
        a = np.stack([u[:, :-1].ravel(), v[:, :-1].ravel()], axis=1)
        b = np.stack([u[:, 1:].ravel(), v[:, 1:].ravel()], axis=1)
        canvas.segments(a, b, first[:, 1:].ravel())
    canvas.put(u.ravel(), v.ravel(), first.ravel() + 1)
    canvas.edges(u.ravel(), v.ravel(), first.ravel() + 2)
    if over_trail is not None:
        over_trail()

    # where each run is now
    base = canvas.reserve(_current(canvas.palette, drawing))
    canvas.put(u[:, -1], v[:, -1], base + rank)
    if on_top is not None:
        on_top()


@lru_cache(maxsize=32)
def _calls(palette: Palette, drawing: tuple[int, ...], faded: bool) -> tuple[Call, ...]:
    """Per run, in drawing order: its line (dots), its marker, its four edge marks (bold); faded or not."""
    out = []
    for r in drawing:
        colour = palette.faded(palette.run(r)) if faded else palette.run(r)
        out += [Call(DOTS, colour), Call(run_marker(r), colour), *(Call(mark, colour, "bold") for mark in EDGE_MARKS)]
    return tuple(out)


@lru_cache(maxsize=32)
def _current(palette: Palette, drawing: tuple[int, ...]) -> tuple[Call, ...]:
    return tuple(Call(CURRENT_MARKER, palette.run(r), "bold") for r in drawing)


def arrow_head(du: float, dv: float, plane: bool, went: str) -> str:
    """The arrow's head says what f did, in colour or not: with one parameter it points the way
    the step went in the (x, f) picture, always down (↘ ↙) when f went down and up (↗ ↖) when
    it went up; in the plane ↓ or ↑ (the path shows the direction)."""
    if plane or du == 0:
        return {"down": "↓", "up": "↑", "flat": "•"}.get(went, "?")
    if went == "down":
        return "↘" if du > 0 else "↙"
    if went == "up":
        return "↗" if du > 0 else "↖"
    if went == "flat":
        return "→" if du > 0 else "←"
    return "?"  # f is undefined where the step lands
