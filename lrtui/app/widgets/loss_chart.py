"""The loss against the step for every run, on a linear or a log scale."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..view import View
from .chart import Chart

if TYPE_CHECKING:
    from ..plotting.scene import Scene


class LossChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.log_scale)

    def title(self, scene: Scene, view: View) -> str:
        return f"loss{per_epoch(scene.result)} · {scene.loss[view.log_scale].note}"

    def draw(self, view: View) -> None:
        scene, p = self.scene, self.plt
        lv = scene.loss[view.log_scale]
        box, traces = lv.window(view.step)
        pieces = {}
        for r in range(scene.result.runs):
            k = view.run_step(r)
            y = float(lv.values[r, k])
            here = (float(k), y) if math.isfinite(y) and box.ylo <= y <= box.yhi else None
            pieces[r] = (traces[r].upto(k), here)
        self.draw_runs(pieces)
        p.xlim(box.xlo, box.xhi)
        p.ylim(box.ylo, box.yhi)
        p.xticks(*_step_ticks(lv.span(view.step), max(2, self.size.width // 12)))
        if per_epoch(scene.result) and self.size.height >= 12:
            p.xlabel("epoch")
        if view.log_scale:
            p.yticks(*_log_ticks(box.ylo, box.yhi, max(2, self.size.height // 3)))


def per_epoch(result) -> str:
    """" per epoch" when a step is an epoch (the regression with full batch), else ""."""
    epoch = result.extra.get("epoch")
    if epoch is None or epoch.shape[1] < 2 or int(epoch[0, 1]) != 1:
        return ""
    return " per epoch"


def _step_ticks(last: float, most: int) -> tuple[list[float], list[str]]:
    """Whole-number steps, 1-2-5 spaced, at most ``most`` of them."""
    span = max(last, 1.0)
    for unit in (10**e * m for e in range(0, 8) for m in (1, 2, 5)):
        if span / unit <= most:
            break
    ticks = [float(t) for t in range(0, int(last) + 1, unit)]
    return ticks, [f"{int(t):,}" for t in ticks]


def _log_ticks(lo: float, hi: float, most: int) -> tuple[list[float], list[str]]:
    """Decades (labelled 1e-3, 1, 1e+03, …) when at least two fit, else a few values in between."""
    first, last = math.ceil(lo), math.floor(hi)
    if last - first + 1 >= 2:
        stride = max(1, math.ceil((last - first + 1) / most))
        ticks = list(range(first, last + 1, stride))
        return [float(t) for t in ticks], [_decade(t) for t in ticks]
    ticks = [lo + (hi - lo) * i / 3 for i in (1, 2)] + ([float(first)] if first <= last else [])
    ticks.sort()
    return ticks, [f"{10**t:.2g}" for t in ticks]


def _decade(e: int) -> str:
    return "1" if e == 0 else f"1e{e}"
