"""The loss chart: every run's loss against the step, linear or log (l), its recent steps joined."""

from __future__ import annotations

import math
from dataclasses import replace

from ..view import View
from . import ticks
from .band import draw_bands
from .canvas import Canvas
from .palette import Palette
from .scene import Scene
from .steps import draw_runs


def per_epoch(result: object) -> str:
    """" per epoch" when a step is an epoch (the regression with full batch), else ""."""
    epoch = result.extra.get("epoch")  # type: ignore[attr-defined]
    if epoch is None or epoch.shape[1] < 2 or int(epoch[0, 1]) != 1:
        return ""
    return " per epoch"


def title(scene: Scene, view: View) -> str:
    stats = scene.result.trials
    trials = f" · mean of {stats.trials:,} trials, 10–90 % band" if stats is not None else ""
    return f"loss{per_epoch(scene.result)} · {scene.loss[view.log_scale].note}{trials}"


def draw(scene: Scene, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    lv = scene.loss[view.log_scale]
    span = lv.span(view.step)
    most = max(2, rows // 3)
    xlabel = "epoch" if per_epoch(scene.result) and rows >= 12 else None

    def y(cells: int) -> ticks.Axis:
        if not view.log_scale:
            return ticks.fit(lv.ylo, lv.yhi, lv.data_lo, lv.data_hi, cells, most)
        zero = lv.zero_at if lv.zero_at is not None and math.isfinite(lv.zero_at) else None
        axis = ticks.fit_decades(lv.ylo, lv.yhi, lv.data_lo, lv.data_hi, cells, most - (zero is not None))
        if zero is not None:  # a loss of exactly 0: its own row, labelled
            axis = replace(axis, values=[zero, *axis.values], labels=["0", *axis.labels])
        return axis

    canvas = Canvas.fitted(cols, rows, palette, y=y, xlabel=xlabel,
                           x=lambda n: ticks.fit_steps(span, n, max(2, cols // 8)))
    c = canvas.charset
    draw_bands(canvas, scene, view, lv)  # with several noisy trials: beneath the lines (their mean)
    runs = lv.runs_at(view, canvas.box, *canvas.grid, dots=(c.across, c.up))
    # the trail's steps are joined while they lie two cells or more apart; closer, a line is a smear
    draw_runs(canvas, runs, view, paths=False, chords=2 * span <= cols)
    return canvas
