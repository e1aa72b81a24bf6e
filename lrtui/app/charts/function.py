"""The f chart: f(x) with every run's visited points on the curve, or f(x, y)'s level lines with
the paths on top; the selected run's current step drawn as an arrow (and, with one parameter,
the tangent it follows). Its window is the view's: landscape, path or wide (lrtui.analysis.views).

In the wide view of f(x) a row is coarse (the window holds another minimum too): the runs'
points and the arrow are drawn one row above the curve, and the tangent is left out, so they
never hide the well they are in (z's help says so).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from ...analysis.views import Box
from ..view import View
from . import ticks
from .canvas import Canvas
from .contour import level_lines
from .palette import Palette
from .raster import DOTS
from .scene import Scene, f_of
from .steps import arrow_head, draw_runs

TANGENT_SPAN = 0.1  # of the window's width, each side of x_k: a short span
TANGENT_RISE = 0.25  # at most this share of the window's height, each side
TANGENT_MARK = "·"  # a dotted line, as a construction line in a textbook
MINIMUM = "×"
X_GAP = 8  # columns at least between two ticks of x
VIEW_WORDS = {"landscape": "", "path": " · path", "wide": " · wide"}


def title(scene: Scene, view: View) -> tuple[str, ...]:
    """Richest first: f and the view; then shorter (the panel shows the first that fits)."""
    res = scene.result
    names = ", ".join(res.parameters)
    head = "L(w, b)" if tuple(res.parameters) == ("w", "b") else f"f({names}) = {res.problem.notation}"
    zoom = VIEW_WORDS.get(view.zoom, "")
    if scene.plane:
        return (f"{head} · paths in the ({names}) plane{zoom}", f"{head} · paths in the plane{zoom}",
                f"{head} · paths{zoom}", f"{head}{zoom}")
    return (f"{head}{zoom}",)


def draw(scene: Scene, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    window = scene.frame(view.zoom, view.run)
    lo, hi = (window.ylo, window.yhi) if scene.plane else _drawn_range(scene, window, cols)
    canvas = Canvas.fitted(
        cols, rows, palette,
        x=lambda n: ticks.fit(window.xlo, window.xhi, window.xlo, window.xhi, n, max(2, cols // 8), gap=X_GAP),
        y=lambda n: ticks.fit(window.ylo, window.yhi, lo, hi, n, max(2, rows // 3)),
    )
    if scene.plane:
        _levels(canvas, scene)
    else:
        _curve(canvas, scene)
    heads: list[Callable[[], None]] = []
    c = canvas.charset
    box = canvas.box
    if view.zoom == "wide" and not scene.plane:  # the runs a row above the curve: it shows under them
        row = box.height / max(canvas.grid[1] - 1, 1)
        canvas.box = replace(box, ylo=box.ylo - row, yhi=box.yhi - row)
    draw_runs(canvas, scene.runs_at(canvas.box, view, *canvas.grid, dots=(c.across, c.up)), view,
              paths=scene.plane, chords=scene.plane,
              under_trail=lambda: heads.append(_the_step(canvas, scene, view)),
              over_trail=lambda: _minima(canvas, scene) if scene.plane else None, on_top=lambda: heads[0]())
    canvas.box = box
    return canvas


def _samples(box_lo: float, box_hi: float, n: int) -> np.ndarray:
    if math.isfinite(box_hi - box_lo):
        return np.linspace(box_lo, box_hi, n)
    t = np.linspace(0.0, 1.0, n)  # a window wider than the largest float: weigh the ends instead of stepping from one
    return box_lo * (1.0 - t) + box_hi * t


def _drawn_range(scene: Scene, window: Box, cols: int) -> tuple[float, float]:
    """The lowest and highest f the curve shows in ``window`` (at about two points a column, and at
    the runs' minima: the bottom of a bowl falls between two samples): the ticks stay within."""
    key = ("range", window, cols)
    if key not in scene.cache:
        f = f_of(scene.result)
        ys = f(_samples(window.xlo, window.xhi, max(2 * cols, 16)))
        lows = [a.minimum[0] for a in scene.result.analysis or [] if a is not None and a.minimum is not None]
        at_minima = f(np.array([x for x in lows if window.xlo <= x <= window.xhi]))
        shown = np.concatenate([ys, at_minima])
        shown = shown[np.isfinite(shown) & (shown >= window.ylo) & (shown <= window.yhi)]
        lo = float(shown.min()) if shown.size else window.ylo
        hi = float(shown.max()) if shown.size else window.yhi
        scene.cache[key] = (max(lo, window.ylo), min(hi, window.yhi))
    cached: tuple[float, float] = scene.cache[key]
    return cached


def _curve(canvas: Canvas, scene: Scene) -> None:
    """f at about two points per column across the chart's box."""
    box = canvas.box
    key = ("curve", box, canvas.cols)
    if key not in scene.cache:
        xs = _samples(box.xlo, box.xhi, max(2 * canvas.cols, 16))
        scene.cache[key] = (xs, f_of(scene.result)(xs))
    xs, ys = scene.cache[key]
    canvas.line(xs, ys, canvas.palette.curve)


def _levels(canvas: Canvas, scene: Scene) -> None:
    """f's level lines in light greys, under everything else; fewer on a small chart."""
    box = canvas.box
    levels = 5 if canvas.rows < 16 else 7
    key = ("levels", box, canvas.cols, canvas.rows)
    if key not in scene.cache:
        gx, gy = canvas.pixels
        scene.cache[key] = level_lines(scene.result.problem, box, (gx + 1, gy + 1), levels)
    lines = scene.cache[key]
    for t, (xs, ys) in enumerate(lines):
        canvas.points(xs, ys, DOTS, canvas.palette.level(t, len(lines)))


def _minima(canvas: Canvas, scene: Scene) -> None:
    seen = set()
    for a in scene.result.analysis or []:
        for p in (a.minimum, a.saddle) if a is not None else ():
            if p is not None and len(p) == 2 and tuple(p) not in seen:
                seen.add(tuple(p))
                canvas.points([p[0]], [p[1]], MINIMUM, canvas.palette.foreground, bold=True)


def _the_step(canvas: Canvas, scene: Scene, view: View) -> Callable[[], None]:
    """The selected run's move x_k → x_{k+1} in the arrow's own colour, its head saying what f did,
    and with one parameter the tangent at x_k under it; returns the drawing of the arrow's head
    (it goes on top)."""
    res, r = scene.result, view.run
    k = view.run_step(r)
    x0, y0 = scene.point(r, k)
    if not scene.plane and view.zoom != "wide":  # wide: a coarse row; the tangent would cover the well
        _tangent(canvas, x0, y0, float(res.grad[r, k, 0]), canvas.palette.run(r))
    if k >= int(res.stopped_at[r]):
        return lambda: None
    x1, y1 = scene.point(r, k + 1)
    f0, f1 = float(res.loss[r, k]), float(res.loss[r, k + 1])
    went = "down" if f1 < f0 else "up" if f1 > f0 else "flat" if f1 == f0 else ""  # "": f undefined there
    return canvas.arrow(x0, y0, x1, y1, canvas.palette.arrow, lambda du, dv: arrow_head(du, dv, scene.plane, went))


def _tangent(canvas: Canvas, x: float, fx: float, slope: float, colour: tuple[int, int, int]) -> None:
    """The tangent at x_k, dotted, over a short span: the slope the step follows."""
    box = canvas.box
    if not all(math.isfinite(v) for v in (x, fx, slope)) or not box.holds(x, fx):
        return
    with np.errstate(all="ignore"):  # near the float limit any of these can overflow
        half = TANGENT_SPAN * box.width
        if abs(slope) * half > TANGENT_RISE * box.height:
            half = TANGENT_RISE * box.height / abs(slope)
        wide = half / box.width if box.width > 0 else 0.0  # of the box's width, each side
        tall = abs(slope) * half / box.height if box.height > 0 else 0.0  # of its height
        if not (math.isfinite(wide) and math.isfinite(tall) and half > 0):
            return
        n = max(3, int(4 * canvas.cols * wide))  # a dot per cell, or more where it is steep
        steep = tall * canvas.rows / max(canvas.cols * wide, 1e-9)
        dots = min(int(n * max(1.0, steep)), 8 * (canvas.cols + canvas.rows))  # at most a few a cell
        xs = np.linspace(x - half, x + half, dots)
        ys = fx + slope * (xs - x)
    canvas.points(xs, ys, TANGENT_MARK, colour)
