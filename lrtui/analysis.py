"""What a run's η means near the minimum it ends at: x*, f''(x*), the critical and optimal η, a verdict.

For a minimum where f is locally quadratic, plain gradient descent maps the error
e_k = x_k − x* to e_{k+1} ≈ (1 − η f''(x*)) e_k. So η < 1/f'' creeps in from one side,
η = 1/f'' jumps there in one step (exactly, for a quadratic), 1/f'' < η < 2/f''
overshoots and oscillates but settles, and η > 2/f'' cannot settle at x* at all.
With several parameters the same holds along each eigenvector of the Hessian, and the
largest eigenvalue λ_max sets the limit 2/λ_max.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .result import Result, Status

_REL = 1e-9


@dataclass(frozen=True)
class Analysis:
    minimum: tuple[float, ...] | None  # x* (one number per parameter), None when none was found
    curvature: float | None  # f''(x*), or λ_max of the Hessian with several parameters
    critical_lr: float | None  # 2 / curvature: above it plain descent cannot settle at x*
    optimal_lr: float | None  # 1 / f''(x*); 2 / (λ_min + λ_max) with several parameters
    verdict: str  # plain words about this run's η

    def as_dict(self) -> dict:
        x = self.minimum
        return {
            "minimum": (x[0] if x is not None and len(x) == 1 else (list(x) if x is not None else None)),
            "curvature": self.curvature,
            "critical_lr": self.critical_lr,
            "optimal_lr": self.optimal_lr,
            "verdict": self.verdict,
        }


def analyse(result: Result) -> list[Analysis | None]:
    problem = result.problem
    if not hasattr(problem, "hessian"):
        return [None] * result.runs
    with np.errstate(all="ignore"):
        out = []
        cache: dict[tuple, tuple] = {}
        for r in range(result.runs):
            start = _start_point(result, r)
            key = tuple(np.round(start, 12))
            if key not in cache:
                cache[key] = find_minimum(problem, start, result.x0)
            out.append(_verdict(result, r, *cache[key]))
        return out


def _start_point(result: Result, r: int) -> np.ndarray:
    last = result.x[r, result.stopped_at[r]]
    if result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN) or not np.all(np.isfinite(last)):
        return result.x0.copy()
    return last.astype(np.float64)


def find_minimum(problem, start: np.ndarray, x0: np.ndarray):
    """The local minimum nearest to ``start``; returns (x*, curvature, optimal) or (None, None, None)."""
    if len(start) == 1:
        return _minimum_1d(problem, float(start[0]), float(x0[0]))
    return _minimum_nd(problem, start)


def _d1(problem, xs: np.ndarray) -> np.ndarray:
    return problem.gradient(xs.reshape(-1, 1))[:, 0]


def _d2(problem, xs: np.ndarray) -> np.ndarray:
    return problem.hessian(xs.reshape(-1, 1))[:, 0, 0]


def _minimum_1d(problem, s: float, x0: float):
    width = max(1.0, abs(x0 - s), 0.01 * abs(s))
    for _ in range(5):
        xs = np.linspace(s - width, s + width, 4001)
        g = _d1(problem, xs)
        ok = np.isfinite(g)
        # a minimum: f' goes from negative to non-negative
        idx = np.flatnonzero(ok[:-1] & ok[1:] & (g[:-1] < 0) & (g[1:] >= 0))
        if idx.size:
            i = idx[np.argmin(np.abs(xs[idx] - s))]
            x = _bisect(problem, xs[i], xs[i + 1])
            curv = float(_d2(problem, np.array([x]))[0])
            return _describe_curvature((x,), curv)
        width *= 10
    return None, None, None


def _bisect(problem, lo: float, hi: float) -> float:
    """Refine a bracket with f'(lo) < 0 ≤ f'(hi) to full float64 precision, then polish with Newton."""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid <= lo or mid >= hi:
            break
        if _d1(problem, np.array([mid]))[0] < 0:
            lo = mid
        else:
            hi = mid
    x = hi if abs(_d1(problem, np.array([hi]))[0]) <= abs(_d1(problem, np.array([lo]))[0]) else lo
    for _ in range(3):
        g, h = _d1(problem, np.array([x]))[0], _d2(problem, np.array([x]))[0]
        if not (np.isfinite(g) and np.isfinite(h) and h > 0):
            break
        nx = x - g / h
        if not (lo - abs(hi - lo) <= nx <= hi + abs(hi - lo)) or abs(_d1(problem, np.array([nx]))[0]) >= abs(g):
            break
        x = nx
    return float(x)


def _minimum_nd(problem, start: np.ndarray):
    x = start.astype(np.float64).copy()
    for _ in range(100):
        g = problem.gradient(x[None, :])[0]
        H = problem.hessian(x[None, :])[0]
        if not (np.all(np.isfinite(g)) and np.all(np.isfinite(H))):
            return None, None, None
        try:
            step = np.linalg.solve(H, g)
        except np.linalg.LinAlgError:
            return None, None, None
        x = x - step
        if np.linalg.norm(step) <= 1e-13 * (1 + np.linalg.norm(x)):
            break
    H = problem.hessian(x[None, :])[0]
    if not np.all(np.isfinite(H)):
        return None, None, None
    eig = np.linalg.eigvalsh(0.5 * (H + H.T))
    if eig[0] <= 0:  # a saddle or a maximum: no minimum here
        return None, None, None
    lam_min, lam_max = float(eig[0]), float(eig[-1])
    return tuple(float(v) for v in x), lam_max, 2.0 / (lam_min + lam_max)


def _describe_curvature(x, curv):
    if not np.isfinite(curv) or curv <= 0:
        return x, (float(curv) if np.isfinite(curv) else None), None
    return x, curv, 1.0 / curv


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _is_plain(result: Result, r: int) -> bool:
    lr = result.lr[r, : result.stopped_at[r] + 1]
    return result.optimizers[r] == "sgd" and bool(np.all(lr == lr[0]))


def _verdict(result: Result, r: int, xmin, curv, optimal) -> Analysis:
    status = result.status[r]
    k = int(result.stopped_at[r])
    eta = float(result.lrs[r])
    if xmin is None:
        words = {
            Status.DIVERGED: "diverged: no local minimum near the path, f keeps falling or x runs away",
            Status.LEFT_DOMAIN: f"left the domain of f at step {k}: a step jumped to where f is undefined",
        }.get(status, "no local minimum near where the run ends")
        return Analysis(None, None, None, None, words)
    where = ", ".join(_fmt(v) for v in xmin)
    where = f"x* = {where}" if len(xmin) == 1 else f"x* = ({where})"
    one_d = len(xmin) == 1
    fpp = "f''" if one_d else "λ_max"
    if curv is None or optimal is None:
        verdict = f"{fpp}(x*) = {_fmt(curv) if curv is not None else 'undefined'} at {where}: no 2/{fpp} limit; " + (
            "a fixed η ends up bouncing around x*" if status == Status.MAX_STEPS else status.value.replace("_", " ")
        )
        return Analysis(xmin, curv, None, None, verdict)
    critical = 2.0 / curv
    if not _is_plain(result, r):
        what = result.optimizers[r] + ("" if result.schedule == "constant" else f" with {result.schedule}")
        verdict = f"{what}: {_status_words(result, r)}; plain descent at {where} needs η < 2/{fpp} = {_fmt(critical)}"
        return Analysis(xmin, curv, critical, optimal, verdict)
    factor = 1.0 - eta * curv
    head = f"η = {_fmt(eta)}"
    if status == Status.LEFT_DOMAIN:
        verdict = f"{head}: left the domain of f at step {k}: a step of η·f'(x) jumped to where f is undefined"
    elif abs(eta - critical) <= _REL * critical:
        verdict = f"{head} = 2/{fpp}: bounces between two points around {where} forever"
    elif eta > critical:
        tail = "diverges" if status == Status.DIVERGED else f"cannot settle at {where}"
        if status == Status.CONVERGED:
            tail += f"; settled elsewhere, at x = {_fmt(float(result.x[r, k, 0]))}" if one_d else "; settled elsewhere"
        verdict = f"{head} > 2/{fpp}(x*) = {_fmt(critical)}: {tail}"
    elif status == Status.DIVERGED:
        verdict = (
            f"{head} < 2/{fpp}(x*) = {_fmt(critical)}, yet diverged: far from x* the slope grows faster "
            "than the curvature at x* suggests"
        )
    elif one_d and abs(eta - optimal) <= _REL * optimal:
        exact = _is_quadratic(result.problem)
        verdict = f"{head} = 1/f'': " + ("reaches the minimum in one step" if exact else f"the fastest η near {where}")
    elif eta < optimal:
        pace = "crawls" if factor > 0.99 else "creeps"
        verdict = (
            f"{head} < 1/{fpp if one_d else 'λ'} = {_fmt(1 / curv)}: {pace} toward {where} from one side "
            f"(error ×{_fmt(factor)} per step)"
        )
    else:
        verdict = (
            f"{head}, between 1/{fpp} and 2/{fpp} = {_fmt(critical)}: overshoots and oscillates around {where}, "
            f"settling (error ×{_fmt(factor)} per step)"
        )
    return Analysis(xmin, curv, critical, optimal, verdict)


def _status_words(result: Result, r: int) -> str:
    k = int(result.stopped_at[r])
    return {
        Status.CONVERGED: f"converged at step {k}",
        Status.DIVERGED: f"diverged at step {k}",
        Status.LEFT_DOMAIN: f"left the domain at step {k}",
        Status.MAX_STEPS: f"still moving after {k} steps",
    }[result.status[r]]


def _is_quadratic(problem) -> bool:
    expr = getattr(problem, "expr", None)
    if expr is None:
        return False
    try:
        import sympy

        syms = sorted(expr.free_symbols, key=str)
        return bool(syms) and all(sympy.Poly(expr, *syms).total_degree() <= 2 for _ in [0])
    except Exception:  # not a polynomial
        return False
