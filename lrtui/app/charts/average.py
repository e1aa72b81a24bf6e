"""The f chart's second sequence: a schedule-free run's average x_avg, the point it reports.

A schedule-free run takes its gradient at x_k (the points the f chart marks) and reports the
average x̄_k (:func:`lrtui.analysis.learned.kept_path`). With the view's ``average`` on (the key
``a``) the chart draws, for each such run, the average's path up to the cursor in the run's
colour — dots on the curve (x̄, f(x̄)) with one parameter, a line in the plane with two — and ◆
where it is now; the title says which sequences are shown.
"""

from __future__ import annotations

import numpy as np

from ...analysis.learned import kept_path
from ..view import View
from .canvas import Canvas
from .palette import Palette
from .raster import DOTS
from .scene import Scene, f_of

MARKER = "◆"  # the average's current point
DRAWN = 400  # the path's points drawn, at most (evenly over the steps, the last ones in full)


def averaging(scene: Scene) -> list[int]:
    """The runs that report an average."""
    return [r for r, o in enumerate(scene.result.optimizers) if o.KEPT_POINT is not None]


def title(scene: Scene, view: View) -> str:
    """What the chart's points are, when a run averages: said in the title."""
    if not averaging(scene):
        return ""
    return " · x and its average x_avg ◆" if view.average else " · gradient points x"


def path(scene: Scene, r: int) -> np.ndarray | None:
    """Run r's average as the chart places it, every record: (n, 2), (x̄, f(x̄)) or (x̄, ȳ); once
    per run while its inputs hold (:meth:`~.scene.RunPart.made`)."""
    out: np.ndarray | None = scene.parts[r].made("average", lambda: _placed(scene, r))
    return out


def _placed(scene: Scene, r: int) -> np.ndarray | None:
    kept = kept_path(scene.result, r)
    if kept is None:
        return None
    if scene.plane:
        return np.ascontiguousarray(kept[:, :2])
    return np.stack([kept[:, 0], f_of(scene.result)(kept[:, 0])], axis=1)


def draw(canvas: Canvas, scene: Scene, view: View, palette: Palette) -> None:
    """Each averaging run's path up to the cursor, and ◆ at its current point."""
    if not view.average:
        return
    res = scene.result
    for r in sorted(averaging(scene), key=lambda r: r == view.run):
        points = path(scene, r)
        if points is None:
            continue
        k = min(view.step, int(res.stopped_at[r]))
        seen = points[: k + 1]
        picks = np.unique(np.concatenate([np.linspace(0, k, min(DRAWN, k + 1)).round().astype(np.int64),
                                          np.arange(max(0, k - 10), k + 1)]))
        colour = palette.run(r)
        if scene.plane:
            canvas.line(seen[picks, 0], seen[picks, 1], colour)
        else:  # on the curve, as the runs' points are: dots, no chords across the curve
            canvas.points(seen[picks, 0], seen[picks, 1], DOTS, colour)
        canvas.points(seen[-1:, 0], seen[-1:, 1], MARKER, colour, bold=True)
