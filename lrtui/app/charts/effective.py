"""What the η_k chart draws beside the schedule's η_k: each run's effective η, per coordinate.

η_eff = |x_{k+1} − x_k| / |∂f/∂x(x_k)| (:mod:`lrtui.analysis.effective`) swings over decades
(Adam near a minimum, Lion everywhere), so it is drawn on a log axis: in each span of steps a
column covers, its lowest and highest value, in the order the span goes — a few points a
column, however many steps. For Prodigy and D-Adaptation the run's own line is η·d_k, the step
size the method sets (:func:`lrtui.analysis.learned.d_eta`), rather than η_k alone.
"""

from __future__ import annotations

import math
from functools import partial

import numpy as np

from ...analysis.effective import eta_eff
from ...analysis.learned import d_eta
from .scene import Scene

Series = list[list[tuple[np.ndarray, np.ndarray]]]  # run -> coordinate -> (steps, log10 η_eff)


def base(scene: Scene, r: int) -> np.ndarray:
    """Run r's own line over its records: η·d_k for a method that learns d, else η_k."""
    scaled = d_eta(scene.result, r)
    return scaled if scaled is not None else scene.result.lr[r, : int(scene.result.stopped_at[r]) + 1]


def learns_d(scene: Scene) -> bool:
    return any(o.ETA_SCALE is not None for o in scene.result.optimizers)


def shown(scene: Scene) -> bool:
    """η_eff says something beside η_k: some run is not plain descent (whose η_eff is η_k itself)."""
    return not all(o.is_plain for o in scene.result.optimizers)


def series(scene: Scene, cols: int) -> tuple[Series, float, float]:
    """Every run's log10 η_eff per coordinate at a few points a column, and the lowest and highest
    log10 η_eff drawn (inf, −inf when none); once per result and width, each run's once while
    its inputs hold (:meth:`~.scene.RunPart.made`: a turn of the η dial works out its new runs' only)."""
    key = ("eta_eff", cols)
    if key not in scene.cache:
        out: Series = []
        lo, hi = math.inf, -math.inf
        for r in range(scene.result.runs):
            runs, rlo, rhi = scene.parts[r].made(key, partial(_run_series, scene, r, cols))
            out.append(runs)
            lo, hi = min(lo, rlo), max(hi, rhi)
        scene.cache[key] = (out, lo, hi)
    cached: tuple[Series, float, float] = scene.cache[key]
    return cached


def _run_series(scene: Scene, r: int, cols: int) -> tuple[list[tuple[np.ndarray, np.ndarray]], float, float]:
    """Run r's log10 η_eff per coordinate, a span a column, and its lowest and highest."""
    res = scene.result
    last = int(res.stopped_at[r])
    lo, hi = math.inf, -math.inf
    if last == 0:
        return [(np.empty(0), np.empty(0)) for _ in range(res.dims)], lo, hi
    with np.errstate(all="ignore"):
        logs = np.log10(eta_eff(res, r, 0, last))  # (last, d): the steps taken
    logs[~np.isfinite(logs)] = np.nan
    starts = np.unique(np.linspace(0, last, max(2, cols + 1)).round().astype(np.int64))  # a span a column
    runs: list[tuple[np.ndarray, np.ndarray]] = []
    for i in range(res.dims):
        xs, ys = envelope(logs[:, i], starts)
        if ys.size:
            lo, hi = min(lo, float(ys.min())), max(hi, float(ys.max()))
        runs.append((xs, ys))
    return runs, lo, hi


def envelope(values: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (NaN: none) over the spans between ``starts`` (the last start is past the end):
    in each, its lowest and highest value in the order the span goes; spans without a value left out."""
    spans = starts[:-1][starts[:-1] < values.size]
    if spans.size == 0:
        return np.empty(0), np.empty(0)
    low, high = np.fmin.reduceat(values, spans), np.fmax.reduceat(values, spans)
    ends = np.append(spans[1:], values.size) - 1
    first, final = values[spans], values[ends]
    falling = np.where(np.isnan(first) | np.isnan(final), False, first > final)
    ys = np.where(falling[:, None], np.stack([high, low], 1), np.stack([low, high], 1)).reshape(-1)
    xs = np.stack([spans, np.maximum(spans, ends)], 1).reshape(-1).astype(np.float64)
    keep = np.isfinite(ys)
    return xs[keep], ys[keep]
