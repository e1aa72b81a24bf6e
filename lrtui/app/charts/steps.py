"""Runs drawn step by step, shared by the f chart, the contour and the loss chart.

Each run is drawn in layers so no line hides a point: its older steps (faded, as dots, or as a
faded path in the plane), then its last TRAIL steps in full, then ● at the current step; the
selected run goes last in every layer. A cycle therefore reads as its few points, and a long
run as a faded trace with the recent steps bright.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..theme import CURRENT_MARKER, EDGE_MARKS, run_marker
from ..view import View
from .canvas import Canvas
from .trace import Trace

TRAIL = 10  # steps drawn in full behind the current one
SEGMENT_BUDGET = 3000  # older path segments per chart, shared by its runs


@dataclass(frozen=True)
class RunLayer:
    """What one run contributes at the cursor."""

    r: int
    k: int  # the record it shows
    trace: Trace  # its thinned path in this chart's box
    trail: tuple[np.ndarray, np.ndarray]  # its last TRAIL+1 positions, raw
    here: tuple[float, float]
    bounded: bool = True  # False: it diverges or runs away (its older steps are not drawn in trail mode)


def order(view: View, runs: int) -> list[int]:
    """Runs in drawing order: the selected one last."""
    return sorted(range(runs), key=lambda r: r == view.run)


Hook = Callable[[], None] | None


def draw_runs(canvas: Canvas, layers: list[RunLayer], view: View, paths: bool, chords: bool,
              under_trail: Hook = None, over_trail: Hook = None, on_top: Hook = None) -> None:
    """Older steps, ``under_trail``, the trail, ``over_trail``, the current points, then
    ``on_top``. ``paths``: older steps are a path (in the plane) rather than dots; ``chords``:
    the trail's points are joined by lines."""
    pal = canvas.palette
    per_run = max(50, SEGMENT_BUDGET // max(len(layers), 1))
    for L in layers:  # older steps
        if view.trail and not L.bounded:
            continue  # a run flying off: its last steps say it, its history would only smear the chart
        colour = pal.run(L.r)
        old = L.trace.upto(L.k - TRAIL if view.trail else L.k)
        shade = pal.faded(colour) if view.trail else colour
        if paths and old.xs.size:
            canvas.line(old.xs, old.ys, shade, limit=per_run)
        if old.dot_x.size and not (paths and view.trail):
            canvas.points(old.dot_x, old.dot_y, run_marker(L.r), shade)
        if not view.trail:  # every step: also where each went beyond the frame
            for mark, (ex, ey) in old.edges.items():
                canvas.points(ex, ey, EDGE_MARKS[mark], shade, bold=True)
    if under_trail is not None:
        under_trail()
    for L in layers:  # the trail, in full
        colour = pal.run(L.r)
        xs, ys = L.trail
        if chords and xs.size > 1:
            canvas.line(xs, ys, colour)
        canvas.points(xs, ys, run_marker(L.r), colour)
        canvas.edge_marks(xs, ys, colour)
    if over_trail is not None:
        over_trail()
    for L in layers:  # where each run is now
        x, y = L.here
        if math.isfinite(x) and math.isfinite(y):
            canvas.points([x], [y], CURRENT_MARKER, pal.run(L.r), bold=True)
    if on_top is not None:
        on_top()


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
