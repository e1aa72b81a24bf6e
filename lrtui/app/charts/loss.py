"""The loss chart: every run's loss against the step, linear or log (l), its recent steps joined."""

from __future__ import annotations

import math

from ..view import View
from . import ticks
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
    return f"loss{per_epoch(scene.result)} · {scene.loss[view.log_scale].note}"


def draw(scene: Scene, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    lv = scene.loss[view.log_scale]
    box, runs = lv.runs_at(view, cols, rows)
    canvas = Canvas(cols, rows, box, palette)
    # the trail's steps are joined while they lie two cells or more apart; closer, a line is a smear
    draw_runs(canvas, runs, view, paths=False, chords=2 * lv.span(view.step) <= cols)
    canvas.xticks(*ticks.steps(lv.span(view.step), max(2, cols // 10)))
    if per_epoch(scene.result) and rows >= 12:
        canvas.xlabel("epoch")
    most = max(2, rows // 3)
    if not view.log_scale:
        canvas.yticks(*ticks.linear(lv.data_lo, lv.data_hi, most))
        return canvas
    values, labels = ticks.decades(lv.data_lo, lv.data_hi, most - (lv.zero_at is not None))
    if lv.zero_at is not None and math.isfinite(lv.zero_at):  # a loss of exactly 0: its own row, labelled
        values, labels = [lv.zero_at, *values], ["0", *labels]
    canvas.yticks(values, labels)
    return canvas
