"""The regression as a chart: the data as a scatter and each run's current line ŷ = w·x + b.

    draw_regression(plt, result, step=None)

``result`` is a Result of the ``linreg`` model (parameters ("w", "b"); ``result.problem``
holds the data as ``.x`` and ``.y``). The line of run r is drawn from its record
min(step, stopped_at); with the analysis' minimum at hand the least-squares line is drawn
too. At most ``max_points`` data points are drawn (evenly spaced in the file's order) so a
large data set stays quick. ``plt`` is a plotext figure-like object (textual-plotext's
``PlotextPlot.plt`` or the ``plotext`` module).

Pure drawing: plotext only, no textual.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .contour import RUN_COLORS

RGB = tuple[int, int, int]
DATA_MARKER = "•"
LINE_MARKER = "hd"
DATA_COLOR = (170, 170, 170)
FIT_COLOR = (235, 235, 235)


def line_label(w: float, b: float) -> str:
    sign = "−" if b < 0 else "+"
    return f"ŷ = {w:.3g}x {sign} {abs(b):.3g}"


def clip_line(w: float, b: float, x0: float, x1: float, y0: float, y1: float):
    """The part of ŷ = w·x + b over [x0, x1] inside [y0, y1]: ([xa, xb], [ya, yb]) or None."""
    if w == 0:
        return ([x0, x1], [b, b]) if y0 <= b <= y1 else None
    xa, xb = sorted(((y0 - b) / w, (y1 - b) / w))
    lo, hi = max(x0, xa), min(x1, xb)
    if lo > hi:
        return None
    ya, yb = (min(max(w * v + b, y0), y1) for v in (lo, hi))  # rounding never leaves the box
    return [lo, hi], [ya, yb]


def draw_regression(
    plt,
    result,
    step: int | None = None,
    runs: Sequence[int] | None = None,
    max_points: int = 2000,
    colors: Sequence[RGB] | None = None,
    title: str | None = None,
) -> None:
    """Scatter the data; draw each run's line at ``step`` (its last record when None)."""
    problem = result.problem
    x = np.asarray(problem.x, dtype=np.float64)
    y = np.asarray(problem.y, dtype=np.float64)
    runs = list(range(result.runs)) if runs is None else list(runs)
    colors = list(colors) if colors else RUN_COLORS
    if x.size > max_points:
        keep = np.linspace(0, x.size - 1, max_points).round().astype(np.int64)
        xs, ys = x[keep], y[keep]
    else:
        xs, ys = x, y
    lo, hi = float(x.min()), float(x.max())
    ylo, yhi = float(y.min()), float(y.max())
    span = yhi - ylo or 1.0
    lines = []
    for r in runs:
        k = int(result.stopped_at[r]) if step is None else min(int(step), int(result.stopped_at[r]))
        w, b = (float(v) for v in result.x[r, max(k, 0)])
        if np.isfinite(w) and np.isfinite(b):
            lines.append((r, w, b))
    # the window: the data, and the lines' ends while they stay within two data spans of it
    ends = [v for _, w, b in lines for v in (w * lo + b, w * hi + b)]
    ends = [v for v in ends if ylo - 2 * span <= v <= yhi + 2 * span]
    bottom, top = min([ylo, *ends]), max([yhi, *ends])
    pad = 0.05 * (top - bottom)
    bottom, top = bottom - pad, top + pad
    plt.clear_data()
    fit = None
    for a in result.analysis or []:
        if a is not None and a.minimum is not None and len(a.minimum) == 2:
            fit = a.minimum
            break
    if fit is not None:
        w, b = fit
        seg = clip_line(w, b, lo, hi, bottom, top)
        if seg is not None:
            plt.plot(*seg, marker=LINE_MARKER, color=FIT_COLOR, label=f"least squares {line_label(w, b)}")
    for r, w, b in lines:
        seg = clip_line(w, b, lo, hi, bottom, top)
        if seg is None:  # wholly off the chart (a diverging run): nothing to draw, no legend entry
            continue
        label = f"{result.label(r)}: {line_label(w, b)}"
        plt.plot(*seg, marker=LINE_MARKER, color=colors[r % len(colors)], label=label)
    # the data last, on top of the lines
    plt.scatter(xs.tolist(), ys.tolist(), marker=DATA_MARKER, color=DATA_COLOR, label=f"data ({x.size} points)")
    plt.xlim(lo, hi)
    plt.ylim(bottom, top)
    plt.xlabel("x")
    plt.ylabel("y")
    if title is None:
        title = "ŷ = w·x + b fitted by gradient descent" + ("" if step is None else f" — step {step}")
    plt.title(title)


__all__ = ["clip_line", "draw_regression", "line_label"]
