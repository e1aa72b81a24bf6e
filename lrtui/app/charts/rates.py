"""The η_k chart (when a schedule is on): every run's η_k over the steps, the current step ●.

η is drawn on a log scale when it spans more than 50×; a step schedule's jumps stay sharp.
"""

from __future__ import annotations

import math

import numpy as np

from ..theme import CURRENT_MARKER
from ..view import View
from . import ticks
from .canvas import Canvas
from .palette import Palette
from .raster import Call
from .scene import Scene
from .steps import order

Lines = tuple[list[tuple[np.ndarray, np.ndarray]], bool, float, float]


def title(scene: Scene, view: View) -> str:
    log = " · log scale" if lines(scene, 80)[1] else ""
    return f"η_k · {scene.result.schedule}{log}"


def lines(scene: Scene, cols: int) -> Lines:
    """Every run's η_k at about two points a column (the jumps kept), whether to draw them on a
    log scale, and the lowest and highest η drawn; once per result and width."""
    key = ("rates", cols)
    if key not in scene.cache:
        res = scene.result
        out, lo, hi = [], math.inf, 0.0
        for r in range(res.runs):
            last = int(res.stopped_at[r])
            ks = np.unique(np.linspace(0, last, max(2, 2 * cols)).round().astype(np.int64))
            lr = res.lr[r, : last + 1]
            jumps = np.flatnonzero(np.diff(lr) != 0)
            if jumps.size > 4 * cols:  # η changes (nearly) every step: each span's lowest and highest
                xs, ys = _envelope(lr, ks)
            else:  # a step schedule's jumps stay sharp: at each, the old η then the new
                xs = np.concatenate([ks, jumps + 1, jumps + 1])
                ys = np.concatenate([lr[ks], lr[jumps], lr[jumps + 1]])
                rank = np.concatenate([np.ones(ks.size), np.zeros(jumps.size), 2 * np.ones(jumps.size)])
                idx = np.lexsort((rank, xs))
                xs, ys = xs[idx].astype(np.float64), ys[idx]
            ok = np.isfinite(ys) & (ys > 0)
            if ok.any():
                lo, hi = min(lo, float(ys[ok].min())), max(hi, float(ys[ok].max()))
            out.append((xs[ok], ys[ok]))
        log = hi > 0 and hi / lo > 50
        if log:
            out = [(xs, np.log10(ys)) for xs, ys in out]
            lo, hi = math.log10(lo), math.log10(hi)
        scene.cache[key] = (out, log, lo, hi)
    cached: Lines = scene.cache[key]
    return cached


def _envelope(lr: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """η over the spans that begin at ``starts`` (the last one is the last record): in each, its
    lowest and highest η, in the order the span goes (a cosine's fast swings fill the band they
    cover, a decay stays a line) — a few points a column, however many steps."""
    spans = starts[:-1]
    low, high = np.minimum.reduceat(lr, spans), np.maximum.reduceat(lr, spans)
    falling = lr[spans] > lr[starts[1:] - 1]
    ys = np.where(falling[:, None], np.stack([high, low], 1), np.stack([low, high], 1)).reshape(-1)
    xs = np.repeat(spans, 2).astype(np.float64)
    return np.append(xs, float(starts[-1])), np.append(ys, lr[starts[-1]])


def draw(scene: Scene, view: View, cols: int, rows: int, palette: Palette) -> Canvas:
    res = scene.result
    runs, log, lo, hi = lines(scene, cols)
    if not math.isfinite(lo):
        lo, hi = 0.0, 1.0
    last = max(1, view.last_step)
    pad = 0.08 * (hi - lo) if hi > lo else max(abs(hi), 1e-300) * 0.1
    most = max(2, rows // 3)
    canvas = Canvas.fitted(cols, rows, palette, x=lambda n: ticks.fit_steps(last, n, max(2, cols // 8)),
                           y=lambda n: ticks.fit_either(log, lo - pad, hi + pad, lo, hi, n, most))
    drawing = order(view, res.runs)
    canvas.lines([runs[r] for r in drawing], [palette.run(r) for r in drawing])
    k = np.minimum(view.step, res.stopped_at[drawing])
    with np.errstate(all="ignore"):
        lr = res.lr[drawing, k]
        y = np.where(lr > 0, np.log10(np.where(lr > 0, lr, 1.0)) if log else lr, np.nan)
    base = canvas.reserve([Call(CURRENT_MARKER, palette.run(r), "bold") for r in drawing])
    canvas.put(*canvas.unit(k.astype(np.float64), y), base + np.arange(len(drawing)))
    return canvas
