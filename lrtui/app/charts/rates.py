"""The η_k chart: every run's η_k over the steps (η·d_k for Prodigy and D-Adaptation), the
current step ●, and beside it, faded, the effective η per coordinate (:mod:`.effective`): of
every run, or with more than EVERY runs of the table's run alone.

η is drawn on a log scale when it spans more than 50× and whenever η_eff is drawn; a step
schedule's jumps stay sharp. The title is the legend: which line is which.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial

import numpy as np

from ..theme import CURRENT_MARKER
from ..view import View
from . import effective, ticks
from .canvas import Canvas
from .palette import Palette
from .raster import Call
from .scene import Scene
from .steps import order

Lines = tuple[list[tuple[np.ndarray, np.ndarray]], bool, float, float]
LABEL_AT = 0.6  # η_eff's lines are named (x, y) this far along their steps
EVERY = 8  # up to this many runs every run's η_eff is drawn; beyond, the table's run's alone


def title(scene: Scene, view: View) -> tuple[str, ...]:
    """The legend, richest first (the panel shows the first that fits): which line is η_k (or
    η·d) and the schedule, which is η_eff, and, with several parameters, that the lines are named
    x, y; the schedule is dropped last but one."""
    res = scene.result
    scaled = [o.ETA_SCALE is not None for o in res.optimizers]
    head = "η·d" if all(scaled) else "η_k, η·d" if any(scaled) else "η_k"
    sched = "" if res.schedule.is_constant else f" · {res.schedule}"
    if not effective.shown(scene):
        log = " · log scale" if lines(scene, 80)[1] else ""
        return (f"{head}{sched}{log}",)
    names = ", ".join(res.parameters)
    named = (f" ({names} on the lines)", f" ({names})") if res.dims > 1 else ("", "")
    whose = " of the table's run" if res.runs > EVERY else ""
    kept = (f"{head}{sched} · η_eff faded{named[1]}",) if sched else ()  # the schedule before "log" (the ticks say it)
    return (f"{head}{sched} · η_eff{whose} faded{named[0]} · log", f"{head}{sched} · η_eff faded{named[1]} · log",
            *kept, f"{head} · η_eff faded{named[1]} · log", f"{head} · η_eff faded")


def lines(scene: Scene, cols: int) -> Lines:
    """Every run's η_k at about two points a column (the jumps kept), whether to draw them on a
    log scale, and the lowest and highest η drawn; once per result and width, each run's line
    once while its inputs hold (:meth:`~.scene.RunPart.made`)."""
    key = ("rates", cols)
    if key not in scene.cache:
        res = scene.result
        out, lo, hi = [], math.inf, 0.0
        for r in range(res.runs):
            xs, ys = scene.parts[r].made(key, partial(_line, scene, r, cols))
            if ys.size:
                lo, hi = min(lo, float(ys.min())), max(hi, float(ys.max()))
            out.append((xs, ys))
        log = hi > 0 and (hi / lo > 50 or effective.shown(scene))
        if log:
            out = [(xs, np.log10(ys)) for xs, ys in out]
            lo, hi = math.log10(lo), math.log10(hi)
            if effective.shown(scene):  # the effective η's range too
                _, elo, ehi = effective.series(scene, cols)
                lo, hi = min(lo, elo), max(hi, ehi)
        scene.cache[key] = (out, log, lo, hi)
    cached: Lines = scene.cache[key]
    return cached


def _line(scene: Scene, r: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Run r's η_k (or η·d_k) at about two points a column, its positive finite values only."""
    last = int(scene.result.stopped_at[r])
    ks = np.unique(np.linspace(0, last, max(2, 2 * cols)).round().astype(np.int64))
    lr = effective.base(scene, r)  # η_k, or η·d_k
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
    return xs[ok], ys[ok]


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
    eff = drawing if res.runs <= EVERY else [view.run]  # many runs: the table's run's η_eff, not a thicket
    labels = _effective(canvas, scene, eff, cols, palette) if effective.shown(scene) else None
    canvas.lines([runs[r] for r in drawing], [palette.run(r) for r in drawing])
    if labels is not None:
        labels()
    k = np.minimum(view.step, res.stopped_at[drawing])
    with np.errstate(all="ignore"):
        lr = np.array([effective.base(scene, r)[kr] for r, kr in zip(drawing, k.tolist(), strict=True)])
        y = np.where(lr > 0, np.log10(np.where(lr > 0, lr, 1.0)) if log else lr, np.nan)
    base = canvas.reserve([Call(CURRENT_MARKER, palette.run(r), "bold") for r in drawing])
    canvas.put(*canvas.unit(k.astype(np.float64), y), base + np.arange(len(drawing)))
    return canvas


def _effective(canvas: Canvas, scene: Scene, drawing: list[int], cols: int, palette: Palette) -> Callable[[], None]:
    """Each run's η_eff per coordinate, faded, under the η_k lines; returns the drawing of the
    labels, with several parameters: each line carries its parameter's name (x, y) at 60 % of its
    steps (clear of the run's ends, where the cursor ● often is), the legend the title points
    to, drawn over the η_k lines."""
    res = scene.result
    series, _, _ = effective.series(scene, cols)
    shown = [r for r in drawing if not res.optimizers[r].is_plain]
    polylines = [series[r][i] for r in shown for i in range(res.dims)]
    colours = [palette.faded(palette.run(r), 0.55) for r in shown for _ in range(res.dims)]
    canvas.lines(polylines, colours)
    names = [n for _ in shown for n in res.parameters]

    def labels() -> None:
        if res.dims == 1:
            return
        for (xs, ys), colour, name in zip(polylines, colours, names, strict=True):
            if xs.size:
                at = min(int(np.searchsorted(xs, LABEL_AT * xs[-1])), xs.size - 1)
                canvas.points(xs[at : at + 1], ys[at : at + 1], name, colour, bold=True)

    return labels
