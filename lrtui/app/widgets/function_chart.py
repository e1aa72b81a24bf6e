"""f(x) with every run's path so far; with two parameters, the paths in the (x, y) plane."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..theme import curve_colour, level_colour, run_colour
from ..view import View
from .chart import Chart

if TYPE_CHECKING:
    from ..plotting.scene import Scene
    from ..plotting.trace import Box, Trace


class FunctionChart(Chart):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._curve: tuple[object, Trace] | None = None
        self._levels: tuple[object, list] | None = None

    def key(self, view: View) -> object:
        return view.step  # every run's path shows up to the step cursor

    def title(self, scene: Scene, view: View) -> str:
        res = scene.result
        names = ", ".join(res.parameters)
        title = f"f({names}) = {res.problem.text}"
        return f"{title} · paths in the ({names}) plane" if scene.plane else title

    def draw(self, view: View) -> None:
        scene, p = self.scene, self.plt
        box = scene.box
        if scene.plane:
            self._draw_levels(scene)
        else:
            curve = self.curve(scene)
            piece = curve.upto(2**62)
            if piece.xs.size:
                p.plot(piece.xs.tolist(), piece.ys.tolist(), marker="hd", color=curve_colour(self.dark))
        pieces = {}
        for r in range(scene.result.runs):
            k = view.run_step(r)
            here = scene.point(r, k)
            pieces[r] = (scene.traces[r].upto(k), here if _inside(box, here) else None)
        self.draw_runs(pieces)
        if scene.plane:
            self._mark_minima(scene)
        p.xlim(box.xlo, box.xhi)
        p.ylim(box.ylo, box.yhi)

    def curve(self, scene: Scene) -> Trace:
        """f sampled at about two points per column of the chart (cached per result and width)."""
        key = (id(scene), self.size.width)
        if self._curve is None or self._curve[0] != key:
            import numpy as np

            from ..plotting.scene import f_of
            from ..plotting.trace import Trace

            box = scene.box
            xs = np.linspace(box.xlo, box.xhi, max(2 * self.size.width, 16))
            ys = f_of(scene.result)(xs)
            self._curve = (key, Trace(np.stack([xs, ys], axis=1), box, (4 * self.size.width, 4 * self.size.height)))
        return self._curve[1]

    def _draw_levels(self, scene: Scene) -> None:
        """f's level lines in greys under the paths (``lrtui.app.charts.contour``), once per size."""
        key = (id(scene), self.size.width, self.size.height)
        if self._levels is None or self._levels[0] != key:
            from ..charts.contour import Window, level_lines

            b = scene.box
            grid = (max(2 * self.size.width, 20), max(2 * self.size.height, 10))
            _, lines = level_lines(scene.result.problem, Window(b.xlo, b.xhi, b.ylo, b.yhi), grid, 8)
            self._levels = (key, [(xs.tolist(), ys.tolist()) for xs, ys in lines])
        lines = self._levels[1]
        for t, (xs, ys) in enumerate(lines):
            if xs:
                self.plt.scatter(xs, ys, marker="hd", color=level_colour(t, len(lines), self.dark))

    def _mark_minima(self, scene: Scene) -> None:
        seen = set()
        for r, a in enumerate(scene.result.analysis or []):
            if a is not None and a.minimum is not None and len(a.minimum) == 2 and a.minimum not in seen:
                seen.add(a.minimum)
                if _inside(scene.box, a.minimum):
                    self.plt.scatter([a.minimum[0]], [a.minimum[1]], marker="+", color=run_colour(r, self.dark))


def _inside(box: Box, pt) -> bool:
    x, y = float(pt[0]), float(pt[1])
    return math.isfinite(x) and math.isfinite(y) and box.xlo <= x <= box.xhi and box.ylo <= y <= box.yhi
