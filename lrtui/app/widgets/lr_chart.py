"""η_k over the steps for every run (when a schedule is on), the current step marked ●."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..theme import CURRENT_MARKER, run_colour
from ..view import View
from .chart import Chart
from .loss_chart import _step_ticks as step_ticks

if TYPE_CHECKING:
    from ..plotting.scene import Scene


class LrChart(Chart):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._lines: tuple[object, list[tuple[list[float], list[float]]], bool] | None = None

    def key(self, view: View) -> object:
        return view.step

    def title(self, scene: Scene, view: View) -> str:
        log = " · log scale" if self.lines(scene)[1] else ""
        return f"η_k · {scene.result.schedule}{log}"

    def lines(self, scene: Scene) -> tuple[list[tuple[list[float], list[float]]], bool]:
        """Every run's η_k at about two points a column (the jumps kept), once per result and
        width; and whether to draw them on a log scale (η spans more than 50×)."""
        key = (id(scene), self.size.width)
        if self._lines is None or self._lines[0] != key:
            import numpy as np

            res = scene.result
            out, lo, hi = [], math.inf, 0.0
            for r in range(res.runs):
                last = int(res.stopped_at[r])
                ks = np.unique(np.linspace(0, last, max(2, 2 * self.size.width)).round().astype(np.int64))
                lr = res.lr[r, : last + 1]
                jumps = np.flatnonzero(np.diff(lr) != 0)  # a step schedule's jumps stay sharp:
                xs = np.concatenate([ks, jumps + 1, jumps + 1])  # at each, the old η then the new
                ys = np.concatenate([lr[ks], lr[jumps], lr[jumps + 1]])
                rank = np.concatenate([np.ones(ks.size), np.zeros(jumps.size), 2 * np.ones(jumps.size)])
                order = np.lexsort((rank, xs))
                ks, ys = xs[order], ys[order]
                ok = np.isfinite(ys) & (ys > 0)
                if ok.any():
                    lo, hi = min(lo, float(ys[ok].min())), max(hi, float(ys[ok].max()))
                out.append((ks[ok].astype(float).tolist(), ys[ok].tolist()))
            log = hi > 0 and hi / lo > 50
            if log:
                out = [(xs, [math.log10(y) for y in ys]) for xs, ys in out]
            self._lines = (key, out, log)
        return self._lines[1], self._lines[2]

    def draw(self, view: View) -> None:
        scene, p, dark = self.scene, self.plt, self.dark
        res = scene.result
        lines, log = self.lines(scene)
        order = sorted(range(res.runs), key=lambda r: r == view.run)
        for r in order:
            xs, ys = lines[r]
            if xs:
                p.plot(xs, ys, marker="hd", color=run_colour(r, dark))
        for r in order:
            k = view.run_step(r)
            y = float(res.lr[r, k])
            if math.isfinite(y) and y > 0:
                p.scatter([float(k)], [math.log10(y) if log else y], marker=CURRENT_MARKER,
                          color=run_colour(r, dark), style="bold")
        last = max(1, view.last_step)
        p.xlim(-0.02 * last, 1.02 * last)
        p.xticks(*step_ticks(last, max(2, self.size.width // 12)))
