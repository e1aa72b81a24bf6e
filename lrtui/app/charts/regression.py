"""The regression's data with every run's current line ŷ = w·x + b, and the least-squares line.

The window holds the data, and each line's ends while they stay within two data spans of it:
a line far off (a diverging run) is clipped at the frame instead of squashing the data.
"""

from __future__ import annotations

import numpy as np

from ..view import View
from . import ticks
from .canvas import Canvas
from .palette import Palette
from .scene import Scene
from .steps import order

DATA_MARKER = "•"


def line_text(w: float, b: float) -> str:
    sign = "−" if b < 0 else "+"
    return f"ŷ = {w:.3g}x {sign} {abs(b):.3g}"


def fitted(scene: Scene) -> tuple[float, float] | None:
    for a in scene.result.analysis or []:
        if a is not None and a.minimum is not None and len(a.minimum) == 2:
            return float(a.minimum[0]), float(a.minimum[1])
    return None


def title(scene: Scene, view: View) -> tuple[str, ...]:
    """Richest first: the data, the model and the least-squares line; then shorter."""
    n = np.asarray(scene.result.problem.x).size  # type: ignore[attr-defined]
    fit = fitted(scene)
    if fit is None:
        return f"{n} points · ŷ = w·x + b", f"{n} points"
    line = line_text(*fit)
    return (f"{n} points · ŷ = w·x + b · least squares {line}", f"{n} points · least squares {line}",
            f"least squares {line}", line)


def draw(scene: Scene, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    res = scene.result
    x = np.asarray(res.problem.x, dtype=np.float64)  # type: ignore[attr-defined]
    y = np.asarray(res.problem.y, dtype=np.float64)  # type: ignore[attr-defined]
    lo, hi = float(x.min()), float(x.max())
    ylo, yhi = float(y.min()), float(y.max())
    span = yhi - ylo or 1.0
    lines = []
    for r in order(view, res.runs):
        w, b = (float(v) for v in res.x[r, view.run_step(r)])
        if np.isfinite(w) and np.isfinite(b):
            lines.append((r, w, b))
    fit = fitted(scene)
    ends = [v for _, w, b in lines for v in (w * lo + b, w * hi + b)]
    if fit is not None:
        ends += [fit[0] * lo + fit[1], fit[0] * hi + fit[1]]
    ends = [v for v in ends if ylo - 2 * span <= v <= yhi + 2 * span]
    bottom, top = min([ylo, *ends]), max([yhi, *ends])
    xpad, ypad = 0.03 * ((hi - lo) or 1.0), 0.06 * (top - bottom)
    canvas = Canvas.fitted(cols, rows, palette,
                           x=lambda n: ticks.fit(lo - xpad, hi + xpad, lo, hi, n, max(2, cols // 8), gap=8),
                           y=lambda n: ticks.fit(bottom - ypad, top + ypad, bottom, top, n, max(2, rows // 3)))
    xs = np.array([lo, hi])
    if fit is not None:
        canvas.line(xs, fit[0] * xs + fit[1], palette.faded(palette.foreground, 0.85))
    canvas.lines([(xs, w * xs + b) for _, w, b in lines], [palette.run(r) for r, _, _ in lines])
    memo = scene.cache.setdefault("data cells", {})
    canvas.points_once(memo, "data", x, y, DATA_MARKER, palette.curve)  # on top: what every line is fitted to
    return canvas
