"""The sweep screen's chart: each η's final loss (log axes by default), coloured and marked by how
its run ended, the critical and suggested η as lines, and a cursor; or the LR range test.

Runs that diverged or left the domain have no final loss worth plotting: they are drawn on
the chart's top row, where the legend says they are. On the log axis a final loss of exactly
0 gets its own bottom row, labelled 0; losses of both signs are drawn as the distance to the
lowest one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..view import View
from . import ticks
from .canvas import Canvas
from .palette import Palette

RGB = tuple[int, int, int]
STATUS = {  # status -> (label, marker, colour on dark, colour on light)
    "converged": ("converged", "•", (0, 200, 140), (27, 127, 59)),
    "max_steps": ("still moving", "o", (86, 180, 233), (0, 114, 178)),
    "diverged": ("diverged (top row)", "▲", (213, 94, 0), (192, 24, 43)),
    "left_domain": ("left the domain (top row)", "x", (204, 121, 167), (170, 60, 140)),
}
CRITICAL = ((230, 60, 60), (192, 24, 43))
SUGGESTED = ((240, 228, 66), (150, 110, 0))
LOSS = ((86, 180, 233), (0, 114, 178))
SMOOTH = ((230, 159, 0), (213, 94, 0))
Entry = tuple[str, RGB]  # a label whose first character is the mark drawn (•, ▲, ┃ a line, ━ a curve)


@dataclass(frozen=True)
class SweepShown:
    """What the sweep chart shows: the sweep and the range test, the cursor, the axis, which one."""

    sweep: Any
    test: Any
    cursor: int
    log_y: bool
    range_test: bool


def title(shown: SweepShown, view: View) -> str:
    if shown.range_test:
        return "loss against η as it grows within one run"
    return f"{ylabel(shown.sweep, shown.log_y)} against η · {shown.sweep.lrs.size} η"


def draw(shown: SweepShown, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    if shown.range_test:
        return draw_range_test(shown.test, cols, rows, palette)
    return draw_sweep(shown.sweep, shown.cursor, shown.log_y, cols, rows, palette)


def legend_entries(shown: SweepShown, palette: Palette) -> list[Entry]:
    """The legend under the chart: the range test's lines, or the sweep's statuses and lines."""
    return range_entries(shown.test, palette) if shown.range_test else entries(shown.sweep, palette)


def _pick(pair: tuple[RGB, RGB], palette: Palette) -> RGB:
    return pair[0] if palette.dark else pair[1]


@dataclass(frozen=True)
class SweepFrame:
    """Where each η's final loss is drawn, and the axis that says so."""

    drawn: np.ndarray  # (P,) y of each point (log10 units on the log axis)
    lo: float  # the lowest and highest final loss drawn (ticks stay within)
    hi: float
    ceiling: float  # the top row: runs that did not end stably
    zero_at: float | None  # log axis: the row of a final loss of exactly 0
    ylabel: str


def frame(sweep: Any, log_y: bool) -> SweepFrame:
    loss = np.asarray(sweep.final_loss, dtype=np.float64)
    status = [s.value for s in sweep.status]
    stable = np.array([s in ("converged", "max_steps") for s in status]) & np.isfinite(loss)
    basis = loss[stable] if stable.any() else np.array([0.0, 1.0])
    ylabel, zero_at = ("mean final loss" if getattr(sweep, "noise", None) is not None else "final loss"), None
    with np.errstate(all="ignore"):
        if log_y:
            lowest = float(basis.min())
            if lowest < 0:  # losses of both signs: the distance to the lowest
                tiny = 1e-12 * (1 + abs(lowest))
                loss, basis = loss - lowest + tiny, basis - lowest + tiny
                ylabel = f"{ylabel} − lowest ({lowest:.4g})"
            positive = basis[basis > 0]
            floor = math.log10(float(positive.min())) if positive.size else 0.0
            top = math.log10(float(positive.max())) if positive.size else 1.0
            if (basis == 0).any():
                zero_at = floor - max(1.0, 0.12 * (top - floor))
            drawn = np.where(loss > 0, np.log10(np.where(loss > 0, loss, 1.0)), np.nan)
            if zero_at is not None:
                drawn = np.where(loss == 0, zero_at, drawn)
            lo, hi = floor, top
        else:
            drawn = loss.copy()
            lo, hi = float(basis.min()), float(basis.max())
    bottom = lo if zero_at is None else zero_at
    span = hi - bottom if hi > bottom else max(abs(hi), 1.0)
    ceiling = hi + 0.1 * span
    drawn = np.where(stable & np.isfinite(drawn), np.minimum(drawn, ceiling), ceiling)
    return SweepFrame(drawn, lo, hi, ceiling, zero_at, ylabel)


def entries(sweep: Any, palette: Palette) -> list[Entry]:
    """The legend: each status drawn (its marker and colour), then the critical and suggested η."""
    status = [s.value for s in sweep.status]
    out = [(f"{marker} {label}", dark if palette.dark else light)
           for key, (label, marker, dark, light) in STATUS.items() if key in status]
    for value, pair, name in _lines(sweep):
        out.append((f"┃ {name} = {value:.4g}", _pick(pair, palette)))
    return out


def _lines(sweep: Any) -> list[tuple[float, tuple[RGB, RGB], str]]:
    out = []
    if sweep.critical_lr is not None and sweep.lrs[0] <= sweep.critical_lr <= sweep.lrs[-1]:
        out.append((float(sweep.critical_lr), CRITICAL, "critical η"))
    if sweep.suggested_lr is not None:
        name = "suggested η" if sweep.critical_lr is not None else "lowest loss at η"
        out.append((float(sweep.suggested_lr), SUGGESTED, name))
    return out


def ylabel(sweep: Any, log_y: bool) -> str:
    return frame(sweep, log_y).ylabel + (" (log)" if log_y else "")


def draw_sweep(sweep: Any, cursor: int | None, log_y: bool, cols: int, rows: int, palette: Palette) -> Canvas:
    """Final loss against η (log η), coloured and marked by status; the critical and suggested
    η and the cursor as vertical lines."""
    lrs = np.log10(np.asarray(sweep.lrs, dtype=np.float64))
    fr = frame(sweep, log_y)
    bottom = fr.lo if fr.zero_at is None else fr.zero_at
    span = fr.ceiling - bottom if fr.ceiling > bottom else 1.0
    xpad = 0.02 * ((lrs[-1] - lrs[0]) or 1.0)
    most = max(2, rows // 3)

    def y(cells: int) -> ticks.Axis:
        lo, hi = bottom - 0.04 * span, fr.ceiling + 0.02 * span
        if not log_y:
            return ticks.fit(lo, hi, fr.lo, fr.hi, cells, most)
        axis = ticks.fit_decades(lo, hi, fr.lo, fr.hi, cells, most - (fr.zero_at is not None))
        if fr.zero_at is not None:
            axis = replace(axis, values=[fr.zero_at, *axis.values], labels=["0", *axis.labels])
        return axis

    canvas = Canvas.fitted(cols, rows, palette, y=y,
                           x=lambda n: ticks.fit_decades(float(lrs[0]) - xpad, float(lrs[-1]) + xpad, float(lrs[0]),
                                                         float(lrs[-1]), n, max(2, cols // 8), gap=6))
    ys = np.array([bottom, fr.ceiling])
    if cursor is not None:  # dotted, under the critical and suggested lines (its η is written below)
        canvas.points(np.full(rows, lrs[cursor]), np.linspace(bottom, fr.ceiling, rows), "┊",
                      palette.faded(palette.foreground, 0.7))
    for value, pair, _ in _lines(sweep):
        canvas.line(np.full(2, math.log10(value)), ys, _pick(pair, palette))
    status = [s.value for s in sweep.status]
    for key, (_, marker, dark, light) in STATUS.items():
        idx = [i for i, s in enumerate(status) if s == key]
        if idx:
            canvas.points(lrs[idx], fr.drawn[idx], marker, dark if palette.dark else light)
    return canvas


def range_entries(test: Any, palette: Palette) -> list[Entry]:
    out = [("━ loss", _pick(LOSS, palette)), ("━ smoothed (β = 0.98)", _pick(SMOOTH, palette))]
    if test.steep_lr is not None:
        out.append((f"┃ steep η = {test.steep_lr:.4g}", _pick(SUGGESTED, palette)))
    return out


def draw_range_test(test: Any, cols: int, rows: int, palette: Palette) -> Canvas:
    """The range test: loss and smoothed loss against η (log x), the steep η marked."""
    lr = np.log10(np.asarray(test.lr, dtype=np.float64))
    loss = np.asarray(test.loss, dtype=np.float64)
    smoothed = np.asarray(test.smoothed, dtype=np.float64)
    both = np.concatenate([loss, smoothed])
    finite = both[np.isfinite(both)]
    log_y = bool(finite.size) and float(finite.min()) > 0 and float(finite.max()) > 1e3 * float(finite.min())
    with np.errstate(all="ignore"):
        tf = np.log10 if log_y else (lambda v: v)
        lo_v = [tf(loss), tf(smoothed)]
    shown = np.concatenate([v[np.isfinite(v)] for v in lo_v]) if finite.size else np.array([0.0, 1.0])
    lo, hi = float(shown.min()), float(shown.max())
    pad = 0.05 * (hi - lo) if hi > lo else 1.0
    most = max(2, rows // 3)
    canvas = Canvas.fitted(cols, rows, palette,
                           x=lambda n: ticks.fit_decades(float(lr[0]), float(lr[-1]), float(lr[0]), float(lr[-1]), n,
                                                         max(2, cols // 8), gap=6),
                           y=lambda n: ticks.fit_either(log_y, lo - pad, hi + pad, lo, hi, n, most))
    for values, pair in ((lo_v[0], LOSS), (lo_v[1], SMOOTH)):
        canvas.line(lr, values, _pick(pair, palette))
    if test.steep_lr is not None:
        canvas.line(np.full(2, math.log10(test.steep_lr)), np.array([lo, hi]), _pick(SUGGESTED, palette))
    return canvas
