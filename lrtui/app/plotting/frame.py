"""The window each chart shows, chosen once per Result from the runs that stay bounded.

A run that runs away (diverged, or wandered far beyond x0 and the minima) must not squash
the others into a flat line: the window holds x0, the minima found and every bounded run's
whole path; a runaway run's first points count only while they stay near that. The window
does not move while stepping, so a path grows inside a fixed frame.
"""

from __future__ import annotations

import math

import numpy as np

from ...result import Result, Status
from .trace import Box

RUNAWAY = 20.0  # a run going farther than this many "core widths" from the core runs away
PAD = 0.05


def core_points(result: Result) -> np.ndarray:
    """x0 and every minimum the analysis found: (m, d)."""
    pts = [np.asarray(result.x0, dtype=np.float64)]
    for a in result.analysis or []:
        if a is not None and a.minimum is not None and len(a.minimum) == result.dims:
            m = np.asarray(a.minimum, dtype=np.float64)
            if np.all(np.isfinite(m)):
                pts.append(m)
    return np.stack(pts)


def path(result: Result, r: int) -> np.ndarray:
    """Run r's positions through its last record: (n, d)."""
    return result.x[r, : int(result.stopped_at[r]) + 1]


def _scale(core: np.ndarray) -> np.ndarray:
    span = core.max(0) - core.min(0)
    floor = 0.1 * np.maximum(1.0, np.abs(core).max(0))
    return np.maximum(span, floor)


def bounded_runs(result: Result) -> list[bool]:
    """For every run: does it stay near x0 and the minima (True) or run away (False)?"""
    core = core_points(result)
    mid = 0.5 * (core.max(0) + core.min(0))
    limit = RUNAWAY * _scale(core)
    out = []
    with np.errstate(all="ignore"):
        for r in range(result.runs):
            if result.status[r] == Status.DIVERGED:
                out.append(False)
                continue
            p = path(result, r)
            p = p[np.isfinite(p).all(1)]
            out.append(bool(p.size == 0 or np.all(np.abs(p - mid) <= limit)))
    return out


def position_box(result: Result, bounded: list[bool]) -> tuple[np.ndarray, np.ndarray]:
    """Low and high corners, per parameter, of x0, the minima and the bounded paths (padded)."""
    core = core_points(result)
    pts = [core] + [path(result, r) for r in range(result.runs) if bounded[r]]
    allp = np.concatenate(pts)
    allp = allp[np.isfinite(allp).all(1)]
    lo, hi = allp.min(0), allp.max(0)
    span = np.maximum(hi - lo, 1e-300)
    # a runaway run's first points show while they stay within a quarter width of the rest
    for r in range(result.runs):
        if not bounded[r]:
            p = path(result, r)
            near = np.isfinite(p).all(1) & np.all((p >= lo - span / 4) & (p <= hi + span / 4), axis=1)
            if near.any():
                lo, hi = np.minimum(lo, p[near].min(0)), np.maximum(hi, p[near].max(0))
    return _padded(lo, hi, _scale(core))


def _padded(lo: np.ndarray, hi: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    span = hi - lo
    flat = span <= 1e-12 * np.maximum(1.0, np.abs(hi))
    lo = np.where(flat, lo - scale / 2, lo)
    hi = np.where(flat, hi + scale / 2, hi)
    span = hi - lo
    return lo - PAD * span, hi + PAD * span


def function_box(result: Result, f, bounded: list[bool]) -> Box:
    """x from the bounded paths; y from f along them and f sampled over that x range."""
    lo, hi = position_box(result, bounded)
    xlo, xhi = float(lo[0]), float(hi[0])
    with np.errstate(all="ignore"):
        xs = np.linspace(xlo, xhi, 400)
        curve = np.asarray(f(xs), dtype=np.float64)
        curve = curve[np.isfinite(curve)]
        ys = [f(core_points(result)[:, 0])]
        for r in range(result.runs):
            p = path(result, r)[:, 0]
            ys.append(result.loss[r, : len(p)][(p >= xlo) & (p <= xhi)])
        ys = np.concatenate(ys)
        ys = ys[np.isfinite(ys)]
    if ys.size == 0 and curve.size == 0:
        return Box(xlo, xhi, -1.0, 1.0)
    if ys.size == 0:
        ys = curve
    plo, phi = float(ys.min()), float(ys.max())
    s = phi - plo
    if s <= 1e-12 * max(1.0, abs(phi)):
        s = float(curve.max() - curve.min()) if curve.size else 0.0
        s = s if s > 1e-12 * max(1.0, abs(phi)) else max(1.0, abs(phi)) * 0.1
    ylo, yhi = plo, phi
    if curve.size:
        ylo = min(plo, max(float(curve.min()), plo - s))
        yhi = max(phi, min(float(curve.max()), phi + 0.5 * s))
    ylo, yhi = _padded(np.array([ylo]), np.array([yhi]), np.array([s]))
    return Box(xlo, xhi, float(ylo[0]), float(yhi[0]))


def plane_box(result: Result, bounded: list[bool]) -> Box:
    lo, hi = position_box(result, bounded)
    return Box(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))


def loss_values(result: Result, log_scale: bool) -> tuple[np.ndarray, str]:
    """The loss as drawn, (runs, n), and a note for the title saying how it was drawn."""
    loss = result.loss
    if not log_scale:
        return loss, "linear"
    with np.errstate(all="ignore"):
        seen = np.concatenate([loss[r, : int(result.stopped_at[r]) + 1] for r in range(result.runs)])
        seen = seen[np.isfinite(seen)]
        if seen.size == 0:
            return loss, "log"
        low = float(seen.min())
        if low < 0:
            tiny = 1e-12 * max(1.0, float(np.abs(seen).max()))
            return np.log10(loss - low + tiny), f"log of f − min f + {tiny:.0e}"
        positive = seen[seen > 0]
        if low == 0 and positive.size:
            floor = float(positive.min())
            return np.log10(np.maximum(loss, floor)), f"log, 0 drawn at {floor:.2g}"
        if positive.size == 0:
            return np.zeros_like(loss), "log, every loss is 0"
        return np.log10(loss), "log"


def loss_box(result: Result, values: np.ndarray, bounded: list[bool]) -> Box:
    last = float(max(int(result.stopped_at.max()), 1))
    xlo, xhi = -0.02 * last, 1.02 * last  # the first and last step clear of the axes
    with np.errstate(all="ignore"):
        keep = [values[r, : int(result.stopped_at[r]) + 1] for r in range(result.runs) if bounded[r]]
        if not keep:  # every run runs away: show where they all started
            keep = [values[:, :1].reshape(-1)]
        v = np.concatenate(keep)
        v = v[np.isfinite(v)]
    if v.size == 0:
        return Box(xlo, xhi, -1.0, 1.0)
    lo, hi = float(v.min()), float(v.max())
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return Box(xlo, xhi, -1.0, 1.0)
    ylo, yhi = _padded(np.array([lo]), np.array([hi]), np.array([max(1.0, abs(hi)) * 0.1]))
    return Box(xlo, xhi, float(ylo[0]), float(yhi[0]))
