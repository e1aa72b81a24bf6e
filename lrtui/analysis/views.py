"""The three windows of the f chart, worked out from a finished Result: landscape, path and wide.

- ``landscape`` (the default) holds x0, every visited point of the runs that stay bounded
  (did not diverge nor run away) and every run's x* (the analysis minimum, or the saddle
  with two parameters), with a margin of 10 % of the width on each side, so no x* and no
  current point sits on the frame. With one parameter it also shows the other side of each
  x*'s well (x0 mirrored about x*, growing the window by at most half its width on a side),
  so a bowl reads as a bowl. A run that runs away is clipped at the frame.
- ``path`` fits the selected run's visited points.
- ``wide`` zooms the landscape out to hold the nearest other local minimum of f on each
  side when one lies within 100 × the landscape's width; it is at least 4 × that width. With
  one parameter its f window stops at the rim of the well the runs are in (:func:`rim`), so
  that well keeps its depth beside a deeper minimum.

With one parameter the window is (x, f): x as above, f from the points and the curve over
that x range. With two it is (x, y), the contour's window. Every number is finite: windows
near the float64 limit are computed in halves and clamped, never overflowing.

What the windows need of each run is worked out once (:class:`Extents`): the extent of its
positions, the highest f it recorded and the extent of f at its positions. A window is then a
matter of the runs' extents, and an app that keeps the extents of the runs it keeps (the η dial
turns one η's runs) works out a window at the cost of the runs that are new.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import numpy as np

from ..engine.result import Status
from ..problem import Problem

if TYPE_CHECKING:
    from ..engine.result import Result

__all__ = [
    "VIEWS", "Box", "Extents", "bounded_runs", "extents", "f_range", "landscape", "other_minima", "path", "wide",
    "window",
]

VIEWS = ("landscape", "path", "wide")
MARGIN = 0.1  # of the width, on each side
OTHER_SIDE = 0.5  # landscape, one parameter: the other side of a well, at most this many widths
RUNAWAY = 20.0  # a run farther than this many core widths from x0 and the minima runs away
FAR = 100.0  # wide: another minimum counts when it lies within this many landscape widths
ZOOM_OUT = 4.0  # wide: at least this many landscape widths
BIG = float(np.finfo(np.float64).max)
CHUNK = 1_000_000  # extents: records looked at together (a million-step run is looked at on its own)
Array = np.ndarray
P = ParamSpec("P")
T = TypeVar("T")


def _quiet(fn: Callable[P, T]) -> Callable[P, T]:
    """Floating-point trouble near the float64 limit is expected here: no warning reaches the terminal."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
        with np.errstate(all="ignore"):
            return fn(*args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class Box:
    """A chart's window: x from xlo to xhi, y (f, or the second parameter) from ylo to yhi."""

    xlo: float
    xhi: float
    ylo: float
    yhi: float

    @property
    def width(self) -> float:
        return _span(self.xlo, self.xhi)

    @property
    def height(self) -> float:
        return _span(self.ylo, self.yhi)

    def holds(self, x: float, y: float) -> bool:
        return self.xlo <= x <= self.xhi and self.ylo <= y <= self.yhi


@dataclass(frozen=True)
class Extents:
    """What the windows need of each run (:func:`extents`), one row per run:

    - ``lo``, ``hi`` (runs, d): the lowest and highest of its finite positions x_0 … x_stop, per
      coordinate (NaN: no position is finite);
    - ``top`` (runs,): the highest finite f(x_k) it recorded (NaN: none);
    - ``f_lo``, ``f_hi`` (runs,): one parameter, the lowest and highest finite f for drawing at its
      finite positions (NaN: none; NaN with two parameters).

    Records after a run's stop repeat its last one, so every record of a row counts alike."""

    lo: Array
    hi: Array
    top: Array
    f_lo: Array
    f_hi: Array

    def rows(self, runs: Sequence[int]) -> Extents:
        """The extents of the runs ``runs``, in that order."""
        i = np.asarray(runs, dtype=np.intp)
        return Extents(self.lo[i], self.hi[i], self.top[i], self.f_lo[i], self.f_hi[i])

    @staticmethod
    def stacked(parts: Sequence[Extents]) -> Extents:
        """The rows of ``parts``, one after the other."""
        return Extents(*(np.concatenate([getattr(p, name) for p in parts]) for name in ("lo", "hi", "top", "f_lo",
                                                                                          "f_hi")))

    def has_points(self, r: int) -> bool:
        return not bool(np.isnan(self.lo[r]).any())


@_quiet
def extents(result: Result, runs: Sequence[int] | None = None) -> Extents:
    """The extents of every run of ``result`` (or of the runs ``runs``, in that order), looked at a
    few runs at a time: nothing as large as all the records is made."""
    which = np.arange(result.runs) if runs is None else np.asarray(runs, dtype=np.intp)
    n, d = result.x.shape[1], result.dims
    step = max(1, CHUNK // max(n * d, 1))
    parts = []
    for a in range(0, which.size, step):
        sel = which[a : a + step]
        whole = sel.size > 0 and runs is None  # a slice of the runs: views, not copies
        x = result.x[int(sel[0]) : int(sel[-1]) + 1] if whole else result.x[sel]
        loss = result.loss[int(sel[0]) : int(sel[-1]) + 1] if whole else result.loss[sel]
        finite: Array = np.asarray(np.isfinite(x).all(-1))  # (c, n): rows with every coordinate finite
        lo = np.where(finite[..., None], x, np.inf).min(1)
        hi = np.where(finite[..., None], x, -np.inf).max(1)
        none = ~finite.any(1)
        lo[none], hi[none] = np.nan, np.nan
        top = np.where(np.isfinite(loss), loss, -np.inf).max(1)
        top[np.isinf(top)] = np.nan
        f_lo, f_hi = np.full(sel.size, np.nan), np.full(sel.size, np.nan)
        if d == 1:
            at = np.where(finite, x[..., 0], np.nan)
            f = _loss(result.problem, at.reshape(-1, 1)).reshape(at.shape)
            ok = np.isfinite(f) & finite
            f_lo = np.where(ok, f, np.inf).min(1)
            f_hi = np.where(ok, f, -np.inf).max(1)
            f_lo[~ok.any(1)], f_hi[~ok.any(1)] = np.nan, np.nan
        parts.append(Extents(lo, hi, top, f_lo, f_hi))
    if not parts:
        empty = np.empty((0, d))
        return Extents(empty, empty.copy(), np.empty(0), np.empty(0), np.empty(0))
    return Extents.stacked(parts)


def _span(lo: float, hi: float) -> float:
    """hi − lo, at most the largest float (never inf for finite ends)."""
    return min(0.5 * hi - 0.5 * lo, BIG / 2) * 2.0


def _widen(lo: Array, hi: Array, left: float | Array, right: float | Array | None = None) -> tuple[Array, Array]:
    """[lo, hi] grown by ``left`` and ``right`` times its width, clamped to the finite floats."""
    right = left if right is None else right
    with np.errstate(all="ignore"):
        half = 0.5 * hi - 0.5 * lo
        lo2 = np.clip(lo - 2.0 * np.asarray(left) * half, -BIG, BIG)
        hi2 = np.clip(hi + 2.0 * np.asarray(right) * half, -BIG, BIG)
    return lo2, hi2


def _scale(core: Array) -> Array:
    """A width for each parameter when the points give none: 10 % of their size, at least 1."""
    with np.errstate(all="ignore"):
        span = 0.5 * core.max(0) - 0.5 * core.min(0)
        span = np.minimum(span, BIG / 4) * 2.0
        floor = 0.1 * np.maximum(1.0, np.abs(core).max(0))
    return np.asarray(np.maximum(span, floor))


def _finite(points: Array) -> Array:
    return np.asarray(points[np.isfinite(points).all(1)])


def _stationary(result: Result) -> list[Array]:
    """Every run's x* (or, with two parameters and no minimum, the saddle)."""
    out = []
    for a in result.analysis or []:
        if a is None:
            continue
        for p in (a.minimum, a.saddle):
            if p is not None and len(p) == result.dims and all(math.isfinite(v) for v in p):
                out.append(np.asarray(p, dtype=np.float64))
                break
    return out


def core_points(result: Result) -> Array:
    """x0 and every run's x*: (m, d)."""
    return np.stack([np.asarray(result.x0, dtype=np.float64), *_stationary(result)])


def visited(result: Result, r: int) -> Array:
    """Run r's finite positions x_0 … x_stopped_at: (n, d)."""
    return _finite(result.x[r, : int(result.stopped_at[r]) + 1])


@_quiet
def bounded_runs(result: Result, ext: Extents | None = None) -> list[bool]:
    """For every run: does it stay near x0 and the minima (True), or diverge or run away (False)?

    A run stays when every finite position p has |p − mid| ≤ limit: as p − mid rounds
    monotonically in p, when its lowest and highest positions do (``ext``: the runs' extents)."""
    ext = extents(result) if ext is None else ext
    core = core_points(result)
    with np.errstate(all="ignore"):
        mid = 0.5 * core.max(0) + 0.5 * core.min(0)
        limit = RUNAWAY * _scale(core)
        near = (ext.hi - mid <= limit) & (ext.lo - mid >= -limit)
        near |= np.isnan(ext.lo)  # no finite position: nothing runs away
        diverged = np.array([s == Status.DIVERGED for s in result.status], dtype=bool)
    return [bool(b) for b in near.all(-1) & ~diverged]


def _fit(points: Array, scale: Array) -> tuple[Array, Array]:
    """The points' extent with the margin on each side (a single point gets ``scale`` around it)."""
    return _fit_extent(points.min(0), points.max(0), scale)


def _fit_extent(lo: Array, hi: Array, scale: Array) -> tuple[Array, Array]:
    """The extent [lo, hi] with the margin on each side (a single point gets ``scale`` around it)."""
    flat = (0.5 * hi - 0.5 * lo) <= 5e-13 * np.maximum(1.0, np.abs(hi))
    lo = np.where(flat, lo - scale / 2, lo)
    hi = np.where(flat, hi + scale / 2, hi)
    return _widen(lo, hi, MARGIN)


def _shown(result: Result, bounded: list[bool], ext: Extents) -> list[int]:
    """The runs the landscape holds whole: the bounded ones with a finite position."""
    return [r for r in range(result.runs) if bounded[r] and ext.has_points(r)]


def _extent(core: Array, runs: list[int], ext: Extents) -> tuple[Array, Array]:
    """Per parameter, the lowest and highest coordinate of x0, every x* and the finite positions
    of the runs ``runs``."""
    lo, hi = core.min(0), core.max(0)
    if runs:
        lo = np.minimum(lo, ext.lo[runs].min(0))
        hi = np.maximum(hi, ext.hi[runs].max(0))
    return lo, hi


def _other_side(result: Result, bounded: list[bool], ext: Extents, lo: Array, hi: Array) -> tuple[Array, Array]:
    """With one parameter, [lo, hi] grown to show the other side of each x*'s well: toward x0
    mirrored about x* (2·x* − x0), by at most ``OTHER_SIDE`` × the width on a side, and only
    as far as f stays no higher than the runs have been (so the picture's height does not grow
    and a hump between wells is not flattened). (x−2)² from 10 then reads as a whole bowl."""
    if result.dims != 1:
        return lo, hi
    tops = ext.top[[r for r in range(result.runs) if bounded[r]]]
    tops = tops[~np.isnan(tops)]
    if not tops.size:
        return lo, hi
    top = float(tops.max())
    x0 = float(result.x0[0])
    grow_lo, grow_hi = _widen(lo, hi, OTHER_SIDE)
    for star in _stationary(result):
        mirror = float(np.clip(2.0 * float(star[0]) - x0, -BIG, BIG))
        if mirror < lo[0]:
            lo = np.array([_reach(result.problem, float(lo[0]), max(mirror, float(grow_lo[0])), top)])
        elif mirror > hi[0]:
            hi = np.array([_reach(result.problem, float(hi[0]), min(mirror, float(grow_hi[0])), top)])
    return lo, hi


def _reach(problem: Problem, edge: float, target: float, top: float) -> float:
    """How far from ``edge`` toward ``target`` f stays finite and no higher than ``top``."""
    xs = np.linspace(edge, target, 257)
    fs = _loss(problem, xs.reshape(-1, 1))
    fine = np.isfinite(fs) & (fs <= top)
    stop = int(np.argmin(fine)) if not fine.all() else xs.size
    return float(xs[max(stop - 1, 0)])


@_quiet
def landscape(result: Result, bounded: list[bool] | None = None, ext: Extents | None = None) -> tuple[Array, Array]:
    """Low and high corners of x0, every bounded run's visited points and every x* (and, with one
    parameter, the other side of each x*'s well), with margins. ``ext``: the runs' extents."""
    ext = extents(result) if ext is None else ext
    bounded = bounded_runs(result, ext) if bounded is None else bounded
    core = core_points(result)
    lo, hi = _other_side(result, bounded, ext, *_extent(core, _shown(result, bounded, ext), ext))
    return _fit_extent(lo, hi, _scale(core))


@_quiet
def path(result: Result, run: int) -> tuple[Array, Array]:
    """Low and high corners of the selected run's visited points, with margins."""
    pts = visited(result, run)
    if pts.size == 0:
        pts = np.asarray(result.x0, dtype=np.float64)[None, :]
    return _fit(pts, _scale(pts))


@_quiet
def wide(result: Result, bounded: list[bool] | None = None, ext: Extents | None = None) -> tuple[Array, Array]:
    """The landscape zoomed out: at least 4 × its width, and the nearest other minimum on each side."""
    lo, hi = landscape(result, bounded, ext)
    return _zoomed_out(lo, hi, other_minima(result.problem, lo, hi))


def _zoomed_out(lo: Array, hi: Array, found: list[Array]) -> tuple[Array, Array]:
    extra = (ZOOM_OUT - 1.0) / 2.0
    wlo, whi = _widen(lo, hi, extra)
    if not found:
        return wlo, whi
    pts = np.stack(found)
    mlo, mhi = pts.min(0), pts.max(0)
    out_lo, out_hi = np.minimum(wlo, mlo), np.maximum(whi, mhi)
    # a minimum at the edge gets the margin too, of the final width
    glo, ghi = _widen(out_lo, out_hi, MARGIN)
    out_lo = np.where(mlo <= wlo, glo, out_lo)
    out_hi = np.where(mhi >= whi, ghi, out_hi)
    return out_lo, out_hi


def _gradient_1d(problem: Problem, xs: Array) -> Array:
    with np.errstate(all="ignore"):
        g = np.asarray(problem.gradient(xs.reshape(-1, 1)), dtype=np.float64)
    return g.reshape(-1)


def _loss(problem: Problem, X: Array) -> Array:
    with np.errstate(all="ignore"):
        return np.asarray(problem.loss_for_plot(X), dtype=np.float64).reshape(-1)


@_quiet
def other_minima(problem: Problem, lo: Array, hi: Array, far: float = FAR) -> list[Array]:
    """Local minima of f outside the box [lo, hi] within ``far`` × its width: with one parameter
    the nearest on each side, with two the nearest one. Found on grids that widen ×10 at a time."""
    lo, hi = np.asarray(lo, dtype=np.float64), np.asarray(hi, dtype=np.float64)
    if lo.size == 1:
        return _minima_1d(problem, float(lo[0]), float(hi[0]), far)
    if lo.size == 2:
        return _minima_2d(problem, lo, hi, far)
    return []


def _minima_1d(problem: Problem, lo: float, hi: float, far: float) -> list[Array]:
    width = _span(lo, hi)
    found: list[Array] = []
    for side in (-1, 1):
        edge = lo if side < 0 else hi
        reach = 1.0
        while reach <= far:
            with np.errstate(all="ignore"):
                end = float(np.clip(edge + side * reach * width, -BIG, BIG))
            xs = np.linspace(edge, end, 4001) if side > 0 else np.linspace(end, edge, 4001)
            g = _gradient_1d(problem, xs)
            ok = np.isfinite(g[:-1]) & np.isfinite(g[1:])
            cross = np.flatnonzero(ok & (g[:-1] < 0) & (g[1:] >= 0))  # f' from − to +: a minimum
            cross = cross[np.isfinite(_loss(problem, xs[cross].reshape(-1, 1)))]
            if cross.size:
                i = int(cross[0] if side > 0 else cross[-1])
                found.append(np.array([_bisect(problem, float(xs[i]), float(xs[i + 1]))]))
                break
            reach *= 10.0
    return found


def _bisect(problem: Problem, a: float, b: float) -> float:
    """A point where f' goes from negative to non-negative, within [a, b]."""
    for _ in range(80):
        m = 0.5 * a + 0.5 * b
        if m <= a or m >= b:
            break
        if _gradient_1d(problem, np.array([m]))[0] < 0:
            a = m
        else:
            b = m
    return b


def _minima_2d(problem: Problem, lo: Array, hi: Array, far: float) -> list[Array]:
    """The local minimum nearest the box (in box widths) outside it: grid points lower than their
    8 neighbours (ties go to the first in raster order), polished by Newton's method."""
    from .minima import stationary_point

    mid, half = 0.5 * lo + 0.5 * hi, 0.5 * hi - 0.5 * lo
    half = np.where(half > 0, half, 1.0)
    reach = ZOOM_OUT
    n = 121
    while reach <= far:
        xs = [np.clip(np.linspace(mid[i] - reach * half[i], mid[i] + reach * half[i], n), -BIG, BIG) for i in (0, 1)]
        XX, YY = np.meshgrid(xs[0], xs[1])
        F = _loss(problem, np.column_stack([XX.ravel(), YY.ravel()])).reshape(n, n)
        F = np.where(np.isfinite(F), F, np.inf)
        c = F[1:-1, 1:-1]
        low = np.isfinite(c)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if dx or dy:
                    other = F[1 + dy : n - 1 + dy, 1 + dx : n - 1 + dx]
                    low &= (c <= other) if (dy, dx) < (0, 0) else (c < other)
        iy, ix = np.nonzero(low)
        px, py = xs[0][ix + 1], xs[1][iy + 1]
        for j in np.argsort(np.hypot((px - mid[0]) / half[0], (py - mid[1]) / half[1]), kind="stable")[:20]:
            start = np.array([px[j], py[j]])
            found = stationary_point(problem, start)
            point = np.array(found.point) if found is not None and found.kind == "minimum" else start
            if np.all(np.isfinite(point)) and not (np.all(point >= lo) and np.all(point <= hi)):
                return [point]
        reach *= 5.0
    return []


def _corners(
    result: Result, view: str, run: int, bounded: list[bool] | None, ext: Extents
) -> tuple[Array, Array, list[Array], list[int]]:
    """The corners, and what must show in the window (for the f range): points, and runs."""
    bounded = bounded_runs(result, ext) if bounded is None else bounded
    if view == "path":
        lo, hi = path(result, run)
        return lo, hi, [], [run]
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; valid: {', '.join(VIEWS)}")
    lo, hi = landscape(result, bounded, ext)
    core, runs = core_points(result), [r for r in range(result.runs) if bounded[r]]
    if view == "landscape":
        return lo, hi, [core], runs
    found = other_minima(result.problem, lo, hi)
    wlo, whi = _zoomed_out(lo, hi, found)
    return wlo, whi, [core, *(m[None, :] for m in found)], runs


@_quiet
def f_range(result: Result, xlo: float, xhi: float, points: Array | Sequence[Array],
            ceiling: float | None = None, runs: Sequence[int] = (),
            ext: Extents | None = None) -> tuple[float, float]:
    """The f window over [xlo, xhi] (one parameter): from f at ``points`` (the values that must
    show: an (n, 1) array, or a list of them, looked at one at a time) and at the positions of
    the runs ``runs`` (from their extents ``ext`` when they lie within [xlo, xhi]), and f along
    the curve, which may reach half the points' span beyond them, but not above ``ceiling`` (the
    wide view: the rim of the runs' well); with margins."""
    xs = np.linspace(xlo, xhi, 801)
    curve = _loss(result.problem, xs.reshape(-1, 1))
    curve = curve[np.isfinite(curve)]
    parts = [points] if isinstance(points, np.ndarray) else list(points)
    found = [_f_extent(result.problem, part, xlo, xhi) for part in parts]
    if runs:
        ext = extents(result, runs) if ext is None else ext.rows(runs)
        for i, r in enumerate(runs):
            if not ext.has_points(i):
                continue
            if xlo <= ext.lo[i, 0] and ext.hi[i, 0] <= xhi:  # every position within: its extent of f
                found.append(None if np.isnan(ext.f_lo[i]) else (float(ext.f_lo[i]), float(ext.f_hi[i])))
            else:
                found.append(_f_extent(result.problem, result.x[r, : int(result.stopped_at[r]) + 1], xlo, xhi))
    extents_ = [e for e in found if e is not None]
    if not extents_ and curve.size == 0:
        return -1.0, 1.0
    if extents_:
        plo, phi = min(e[0] for e in extents_), max(e[1] for e in extents_)
    else:
        plo, phi = float(curve.min()), float(curve.max())
    s = _span(plo, phi)
    if s <= 1e-12 * max(1.0, abs(phi)):
        s = _span(float(curve.min()), float(curve.max())) if curve.size else 0.0
        s = s if s > 1e-12 * max(1.0, abs(phi)) else max(1.0, abs(phi)) * 0.1
    ylo, yhi = plo, phi
    if curve.size:
        with np.errstate(all="ignore"):
            ylo = min(plo, max(float(curve.min()), plo - s))
            top = phi + 0.5 * s if ceiling is None else min(phi + 0.5 * s, ceiling)
            yhi = max(phi, min(float(curve.max()), top))
    if _span(ylo, yhi) <= 1e-12 * max(1.0, abs(yhi)):
        ylo, yhi = ylo - s / 2, yhi + s / 2
    lo, hi = _widen(np.array([ylo]), np.array([yhi]), MARGIN / 2)
    return float(lo[0]), float(hi[0])


def _f_extent(problem: Problem, points: Array, xlo: float, xhi: float) -> tuple[float, float] | None:
    """The lowest and highest finite f at the points within [xlo, xhi], or None."""
    pts = points[(points[:, 0] >= xlo) & (points[:, 0] <= xhi)] if points.size else points
    ys = _loss(problem, pts.reshape(-1, 1)) if pts.size else np.empty(0)
    ys = ys[np.isfinite(ys)]
    return (float(ys.min()), float(ys.max())) if ys.size else None


@_quiet
def window(result: Result, view: str = "landscape", run: int = 0, bounded: list[bool] | None = None,
           ext: Extents | None = None) -> Box:
    """The chart's window: (x, f) with one parameter, (x, y) with two. ``bounded``, ``ext``: the
    runs' (worked out when not given)."""
    ext = extents(result) if ext is None else ext
    lo, hi, points, runs = _corners(result, view, run, bounded, ext)
    if result.dims >= 2:
        return Box(float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]))
    xlo, xhi = float(lo[0]), float(hi[0])
    ceiling = rim(result, xlo, xhi, bounded, ext) if view == "wide" else None
    ylo, yhi = f_range(result, xlo, xhi, points, ceiling, runs, ext)
    return Box(xlo, xhi, ylo, yhi)


def rim(result: Result, xlo: float, xhi: float, bounded: list[bool] | None = None,
        ext: Extents | None = None) -> float | None:
    """The top of the well the bounded runs are in (one parameter): from the span of their
    visited points, f along the curve rises on each side up to a crest (a local maximum) or the
    window's edge; the lower of the two is the rim, over which the runs would spill. The wide
    view's f window stops a little above it (and above the runs), so the well keeps its depth
    beside a deep other minimum: x² + 10·sin(x)'s well at 3.84 beside the minimum at −1.31."""
    ext = extents(result) if ext is None else ext
    bounded = bounded_runs(result, ext) if bounded is None else bounded
    spans = [r for r in range(result.runs) if bounded[r] and ext.has_points(r)]
    if not spans:
        return None
    a = max(min(float(ext.lo[r, 0]) for r in spans), xlo)
    b = min(max(float(ext.hi[r, 0]) for r in spans), xhi)
    if not (xlo <= a <= b <= xhi):
        return None
    xs = np.linspace(xlo, xhi, 2001)
    fs = _loss(result.problem, xs.reshape(-1, 1))
    crests = []
    for outward in (fs[xs < a][::-1], fs[xs > b]):  # from the runs' span toward each edge
        if outward.size == 0 or not np.isfinite(outward).all():
            continue
        falls = np.flatnonzero(np.diff(outward) < 0)  # the first step down: a crest
        crests.append(float(outward[falls[0]]) if falls.size else float(outward[-1]))
    return min(crests) if crests else None
