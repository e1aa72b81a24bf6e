"""Finding where a run heads for: the nearest local minimum, or the stationary point, and its curvature.

One parameter (:func:`find_minimum`): a grid scan for sign changes of f' around the start,
widening ×10 up to five times, then bisection to full float64 precision and a Newton
polish. A pole of f' (log x at 0) is not a minimum; a kink (|x| at 0) is, with no curvature.

Several parameters (:func:`stationary_point`): Newton's method on ∇f = 0 with the Hessian,
which finds saddles and maxima as readily as minima; :attr:`Stationary.kind` says which.

Nothing here words anything: :mod:`lrtui.analysis.verdicts` does. Callers silence floating-point
warnings (``np.errstate``); the problem's functions return inf/nan as they come.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..problem import Array, Problem

GRID = 4001  # points of the 1-D scan
WIDENINGS = 5  # the scan's window grows ×10 this many times
NEWTON_STEPS = 200


@dataclass(frozen=True)
class Minimum:
    point: tuple[float, ...]  # x*
    curvature: float | None  # f''(x*), or λ_max with several parameters; None when not finite
    optimal_lr: float | None  # 1/f''(x*), or 2/(λ_min + λ_max); None without positive curvature

    @property
    def critical_lr(self) -> float | None:
        """2/curvature: above it plain descent cannot settle at x*."""
        return 2.0 / self.curvature if self.optimal_lr is not None and self.curvature else None


@dataclass(frozen=True)
class Stationary:
    """A point where ∇f = 0, with the Hessian's eigenvalues (ascending) and unit eigenvectors."""

    point: tuple[float, ...]
    curvatures: tuple[float, ...]
    directions: tuple[tuple[float, ...], ...]
    scale: float = 1.0  # the largest |curvature| where Newton's method started

    @property
    def kind(self) -> str:
        """"minimum", "maximum", "saddle" or "flat" (a curvature is zero: no quadratic shape)."""
        lo, hi = self.curvatures[0], self.curvatures[-1]
        if max(abs(lo), abs(hi)) <= 1e-8 * self.scale:
            return "flat"
        if lo > 0:
            return "minimum"
        if hi < 0:
            return "maximum"
        if lo < 0 < hi:
            return "saddle"
        return "flat"


def find_minimum(problem: Problem, start: Array, x0: Array) -> Minimum | None:
    """The local minimum nearest to ``start`` (x0 sets the 1-D scan's first width), or None."""
    if len(start) == 1:
        return _minimum_1d(problem, float(start[0]), float(x0[0]))
    st = stationary_point(problem, start)
    if st is None or st.kind != "minimum":  # a saddle or a maximum: no minimum here
        return None
    lam_min, lam_max = st.curvatures[0], st.curvatures[-1]
    return Minimum(st.point, lam_max, 2.0 / (lam_min + lam_max))


def slope(problem: Problem, xs: Array) -> Array:
    """f' at each x of a 1-D problem (the full gradient)."""
    return problem.gradient(xs.reshape(-1, 1))[:, 0]


def curvature(problem: Problem, xs: Array) -> Array:
    """f'' at each x of a 1-D problem."""
    return problem.hessian(xs.reshape(-1, 1))[:, 0, 0]


def _minimum_1d(problem: Problem, s: float, x0: float) -> Minimum | None:
    width = max(1.0, abs(x0 - s), 0.01 * abs(s))
    for _ in range(WIDENINGS):
        xs = np.linspace(s - width, s + width, GRID)
        g = slope(problem, xs)
        ok = np.isfinite(g)
        # a minimum: f' goes from negative to non-negative
        idx = np.flatnonzero(ok[:-1] & ok[1:] & (g[:-1] < 0) & (g[1:] >= 0))
        scale = 1.0 + float(np.max(np.abs(g[ok]))) if ok.any() else 1.0
        for i in idx[np.argsort(np.abs(xs[idx] - s), kind="stable")][:20]:
            x = _bisect(problem, float(xs[i]), float(xs[i + 1]))
            x = _snap_to_zero(problem, x, width)
            if not _is_minimum(problem, x, scale):
                continue  # a pole of f' (log x at 0), not a minimum
            curv = float(curvature(problem, np.array([x]))[0])
            if not np.isfinite(curv):
                return Minimum((x,), None, None)
            return Minimum((x,), curv, 1.0 / curv if curv > 0 else None)
        width *= 10
    return None


def _snap_to_zero(problem: Problem, x: float, width: float) -> float:
    """0 instead of a root within the grid's resolution of 0 (|x| at its kink bisects to ±1e-300),
    but only when f' is no larger at 0: (x−2)² scanned over ±1e15 keeps x* = 2."""
    if x == 0.0 or abs(x) >= 1e-12 * width:
        return x
    g = np.abs(slope(problem, np.array([0.0, x])))
    return 0.0 if np.isfinite(g[0]) and g[0] <= g[1] else x


def _snap_coordinates_to_zero(problem: Problem, x: Array, size: float) -> Array:
    """Each coordinate within rounding of 0 (x² − y² from (0.5, 0.01) lands at (−5e-298, 5e-298))
    set to 0 when ∇f is no larger there: a saddle at (0, 0) reads as (0, 0)."""
    reach = 1e-12 * (1.0 + size)
    for i in range(x.size):
        if x[i] == 0.0 or abs(x[i]) >= reach:
            continue
        y = x.copy()
        y[i] = 0.0
        g = problem.gradient(np.stack([y, x]))
        norms = np.sqrt(np.sum(g * g, axis=1))
        if np.isfinite(norms[0]) and norms[0] <= norms[1]:
            x = y
    return x


def _is_minimum(problem: Problem, x: float, scale: float) -> bool:
    """f is finite at x and f' crosses zero there without blowing up (a kink counts, a pole not)."""
    fx = problem.loss(np.array([[x]]))[0]
    h = 1e-9 * (1.0 + abs(x))
    g = slope(problem, np.array([x - h, x + h]))
    return bool(np.isfinite(fx) and np.all(np.isfinite(g)) and np.max(np.abs(g)) <= 1e3 * scale)


def _bisect(problem: Problem, lo: float, hi: float) -> float:
    """Refine a bracket with f'(lo) < 0 ≤ f'(hi) to full float64 precision, then polish with Newton."""

    def d1(x: float) -> float:
        return float(slope(problem, np.array([x]))[0])

    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if d1(mid) < 0:
            lo = mid
        else:
            hi = mid
    x = hi if abs(d1(hi)) <= abs(d1(lo)) else lo
    for _ in range(3):
        g, h = d1(x), float(curvature(problem, np.array([x]))[0])
        if not (np.isfinite(g) and np.isfinite(h) and h > 0):
            break
        nx = x - g / h
        if not (lo - abs(hi - lo) <= nx <= hi + abs(hi - lo)) or abs(d1(nx)) >= abs(g):
            break
        x = nx
    return float(x)


def kink(problem: Problem, x: float) -> float:
    """How much f' jumps across x (0 where f is smooth)."""
    h = 1e-9 * (1.0 + abs(x))
    g = slope(problem, np.array([x - h, x + h]))
    return float(g[1] - g[0]) if np.all(np.isfinite(g)) else 0.0


def stationary_point(problem: Problem, start: Array) -> Stationary | None:
    """Newton's method from ``start`` to a point where ∇f = 0 (None when it does not get there).

    Uses the full gradient (``problem.gradient(X)`` with no step). Newton finds saddles
    and maxima as readily as minima; ``Stationary.kind`` says which it found.
    """
    x = np.asarray(start, dtype=np.float64).copy()
    converged = False
    with np.errstate(all="ignore"):
        H0 = problem.hessian(x[None, :])[0]
        scale = float(np.max(np.abs(H0))) if np.all(np.isfinite(H0)) else 0.0
        for _ in range(NEWTON_STEPS):
            g = problem.gradient(x[None, :])[0]
            H = problem.hessian(x[None, :])[0]
            if not (np.all(np.isfinite(g)) and np.all(np.isfinite(H))):
                return None
            try:
                step = np.linalg.solve(H, g)
            except np.linalg.LinAlgError:
                return None
            if not np.all(np.isfinite(step)):
                return None
            x = x - step
            if np.linalg.norm(step) <= 1e-13 * (1 + np.linalg.norm(x)):
                converged = True
                break
        if not converged:
            return None
        x = _snap_coordinates_to_zero(problem, x, float(np.linalg.norm(start)))
        H = problem.hessian(x[None, :])[0]
        if not np.all(np.isfinite(H)):
            return None
        eig, vec = np.linalg.eigh(0.5 * (H + H.T))
    directions = []
    for i in range(vec.shape[1]):
        v = vec[:, i]
        v = v if v[np.argmax(np.abs(v))] > 0 else -v  # the largest component positive
        directions.append(tuple(float(c) + 0.0 for c in v))
    x = x + 0.0  # no -0.0
    lam = tuple(float(e) for e in eig)
    scale = max(scale, max(abs(e) for e in lam))
    return Stationary(tuple(float(c) for c in x), lam, tuple(directions), scale)
