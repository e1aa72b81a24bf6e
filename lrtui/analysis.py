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
    # several parameters only: the Hessian's eigenvalues (ascending) and unit eigenvectors at
    # the stationary point found — the minimum, or the saddle when there is no minimum there
    curvatures: tuple[float, ...] | None = None
    directions: tuple[tuple[float, ...], ...] | None = None
    saddle: tuple[float, ...] | None = None  # a saddle point found instead of a minimum

    def as_dict(self) -> dict:
        x = self.minimum
        out = {
            "minimum": (x[0] if x is not None and len(x) == 1 else (list(x) if x is not None else None)),
            "curvature": self.curvature,
            "critical_lr": self.critical_lr,
            "optimal_lr": self.optimal_lr,
            "verdict": self.verdict,
        }
        if self.curvatures is not None:  # several parameters: the eigen-directions too
            out["curvatures"] = list(self.curvatures)
            out["directions"] = [list(v) for v in self.directions or ()]
            out["saddle"] = list(self.saddle) if self.saddle is not None else None
        return out


def analyse(result: Result) -> list[Analysis | None]:
    problem = result.problem
    if not hasattr(problem, "hessian"):
        return [None] * result.runs
    with np.errstate(all="ignore"):
        out = []
        cache: dict[tuple, object] = {}
        for r in range(result.runs):
            start = _start_point(result, r)
            key = tuple(np.round(start, 12))
            if result.dims > 1:
                if key not in cache:
                    cache[key] = stationary_point(problem, start)
                out.append(_verdict_nd(result, r, cache[key]))  # type: ignore[arg-type]
                continue
            if key not in cache:
                cache[key] = find_minimum(problem, start, result.x0)
            out.append(_verdict(result, r, *cache[key]))  # type: ignore[misc]
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
        scale = 1.0 + float(np.max(np.abs(g[ok]))) if ok.any() else 1.0
        for i in idx[np.argsort(np.abs(xs[idx] - s), kind="stable")][:20]:
            x = _bisect(problem, xs[i], xs[i + 1])
            if abs(x) < 1e-12 * width:  # below the grid's resolution around 0: it is 0
                x = 0.0
            if not _is_minimum(problem, x, scale):
                continue  # a pole of f' (log x at 0), not a minimum
            curv = float(_d2(problem, np.array([x]))[0])
            return _describe_curvature((x,), curv)
        width *= 10
    return None, None, None


def _is_minimum(problem, x: float, scale: float) -> bool:
    """f is finite at x and f' crosses zero there without blowing up (a kink counts, a pole not)."""
    fx = problem.loss(np.array([[x]]))[0]
    h = 1e-9 * (1.0 + abs(x))
    g = _d1(problem, np.array([x - h, x + h]))
    return bool(np.isfinite(fx) and np.all(np.isfinite(g)) and np.max(np.abs(g)) <= 1e3 * scale)


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
    st = stationary_point(problem, start)
    if st is None or st.kind != "minimum":  # a saddle or a maximum: no minimum here
        return None, None, None
    lam_min, lam_max = st.curvatures[0], st.curvatures[-1]
    return st.point, lam_max, 2.0 / (lam_min + lam_max)


@dataclass(frozen=True)
class Stationary:
    """A point where ∇f = 0, with the Hessian's eigenvalues (ascending) and unit eigenvectors."""

    point: tuple[float, ...]
    curvatures: tuple[float, ...]
    directions: tuple[tuple[float, ...], ...]

    scale: float = 1.0  # the largest |curvature| where Newton's method started

    @property
    def kind(self) -> str:
        lo, hi = self.curvatures[0], self.curvatures[-1]
        if max(abs(lo), abs(hi)) <= 1e-8 * self.scale:
            return "flat"
        if lo > 0:
            return "minimum"
        if hi < 0:
            return "maximum"
        if lo < 0 < hi:
            return "saddle"
        return "flat"  # a zero curvature: no quadratic shape to speak of


def stationary_point(problem, start: np.ndarray) -> Stationary | None:
    """Newton's method from ``start`` to a point where ∇f = 0 (None when it does not get there).

    Uses the full-data gradient (``problem.gradient(X)`` with no step). Newton finds saddles
    and maxima as readily as minima; ``Stationary.kind`` says which it found.
    """
    x = np.asarray(start, dtype=np.float64).copy()
    converged = False
    with np.errstate(all="ignore"):
        H0 = problem.hessian(x[None, :])[0]
        scale = float(np.max(np.abs(H0))) if np.all(np.isfinite(H0)) else 0.0
        for _ in range(200):
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
        outcome = "a fixed η ends up bouncing around x*" if status == Status.MAX_STEPS else _status_words(result, r)
        jump = _kink(result.problem, xmin[0]) if one_d else 0.0
        if jump > 1e-6:
            verdict = (
                f"f has a kink at {where} (f' jumps by {_fmt(jump)} there): no curvature, so no 2/f'' limit; "
                + outcome
            )
        else:
            shown = _fmt(curv) if curv is not None else "undefined"
            verdict = f"{fpp}(x*) = {shown} at {where}: no 2/{fpp} limit; {outcome}"
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
        if _is_quadratic(result.problem):
            verdict = f"{head} = 2/{fpp}: bounces between two points around {where} forever"
        else:
            verdict = (
                f"{head} = 2/{fpp}(x*): on the edge; near {where} each step flips the error's sign "
                "without shrinking it, so only the function's higher-order terms decide"
            )
    elif eta > critical:
        tail = "diverges" if status == Status.DIVERGED else f"cannot settle at {where}"
        period = _cycle(result, r) if status == Status.MAX_STEPS else 0
        if period:
            tail += f"; it ends in a cycle of {period} points" if period > 1 else "; it stalls elsewhere"
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
        pace = "crawls" if factor > 0.99 else "creeps" if factor > 0.7 else "slides"
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


def _dir(v) -> str:
    return "(" + ", ".join(_fmt(float(round(c, 12)) + 0.0) for c in v) + ")"


def _point(x) -> str:
    return "(" + ", ".join(_fmt(v) for v in x) + ")"


def _pace(factor: float) -> str:
    """How one direction of error changes per step: factor = 1 − η·λ along it."""
    if abs(factor) <= 1e-12:
        return "is gone after one step (×0)"
    if factor < 0:
        return f"zig-zags (×{_fmt(factor)} per step)"
    if factor > 0.99:
        return f"crawls (×{_fmt(factor)} per step)"
    return f"shrinks ×{_fmt(factor)} per step"


def _verdict_nd(result: Result, r: int, st: Stationary | None) -> Analysis:
    """Several parameters: plain descent acts along each eigenvector v_i of the Hessian at x*
    separately, the error along v_i changing by 1 − η·λ_i per step. η < 2/λ_max settles along
    every direction; the slowest direction sets the pace; above 2/λ_max the steep one diverges."""
    status = result.status[r]
    k = int(result.stopped_at[r])
    if st is None or st.kind != "minimum":
        return _no_minimum_nd(result, r, st)
    lam, vec = st.curvatures, st.directions
    lam_min, lam_max = lam[0], lam[-1]
    critical, optimal = 2.0 / lam_max, 2.0 / (lam_min + lam_max)
    where = f"x* = {_point(st.point)}"
    extra = dict(curvatures=lam, directions=vec)

    def done(verdict: str) -> Analysis:
        return Analysis(st.point, lam_max, critical, optimal, verdict, **extra)

    if not _is_plain(result, r):
        what = result.optimizers[r] + ("" if result.schedule == "constant" else f" with {result.schedule}")
        return done(
            f"{what}: {_status_words(result, r)}; plain descent at {where} needs η < 2/λ_max = {_fmt(critical)}"
        )
    eta = float(result.lrs[r])
    head = f"η = {_fmt(eta)}"
    f_min, f_max = 1.0 - eta * lam_min, 1.0 - eta * lam_max  # shallow and steep factors
    steep, shallow = _dir(vec[-1]), _dir(vec[0])
    same = abs(lam_max - lam_min) <= 1e-9 * lam_max  # round: every direction alike
    noisy = "; minibatch gradients are noisy, so it jitters around x* rather than landing on it" if getattr(
        result.problem, "stochastic", False
    ) else ""
    if status == Status.LEFT_DOMAIN:
        return done(f"{head}: left the domain of f at step {k}: a step jumped to where f is undefined")
    if abs(eta - critical) <= _REL * critical:
        if same:
            return done(f"{head} = 2/λ: bounces forever around {where}, in every direction")
        tail = f"; the shallow direction {shallow} {_pace(f_min)}"
        return done(f"{head} = 2/λ_max: bounces forever along the steep direction {steep} around {where}{tail}")
    if eta > critical:
        if same:
            move = "diverges" if status == Status.DIVERGED else f"cannot settle at {where}"
            return done(
                f"{head} > 2/λ_max = {_fmt(critical)}: {move} (error ×{_fmt(f_max)} per step in every direction)"
            )
        if abs(f_min) > 1:
            along = f"along every direction (×{_fmt(f_max)} along {steep}, ×{_fmt(f_min)} along {shallow})"
        else:
            along = (
                f"along the steep direction {steep} (×{_fmt(f_max)} per step) while the shallow one {shallow} "
                f"{_pace(f_min)}"
            )
        if status == Status.DIVERGED:
            return done(f"{head} > 2/λ_max = {_fmt(critical)}: diverges {along}")
        tail = "; settled elsewhere" if status == Status.CONVERGED else ""
        return done(
            f"{head} > 2/λ_max = {_fmt(critical)}: cannot settle at {where}: near it the error grows {along}{tail}"
        )
    if status == Status.DIVERGED:
        return done(
            f"{head} < 2/λ_max = {_fmt(critical)}, yet diverged: far from x* the slope grows faster "
            "than the curvature at x* suggests"
        )
    if same:
        if abs(f_max) <= 1e-12 and _is_quadratic(result.problem) and not noisy:
            return done(f"{head} = 1/λ: reaches the minimum in one step, in every direction")
        pace = _pace(f_max)
        return done(f"{head} < 2/λ = {_fmt(critical)}: every direction {pace} toward {where}{noisy}")
    if abs(eta - optimal) <= _REL * optimal:
        return done(
            f"{head} = 2/(λ_min + λ_max): the fastest fixed η toward {where}: the steep direction {steep} "
            f"{_pace(f_max)}, the shallow one {shallow} {_pace(f_min)}, the same size{noisy}"
        )
    slowest = "the shallow one" if abs(f_min) >= abs(f_max) else "the steep one"
    if f_max >= 0:
        relation = f"≤ 1/λ_max = {_fmt(1 / lam_max)}, no direction overshoots"
    else:
        relation = f"between 1/λ_max = {_fmt(1 / lam_max)} and 2/λ_max = {_fmt(critical)}"
    return done(
        f"{head} {relation}: the steep direction {steep} {_pace(f_max)}, the shallow one {shallow} "
        f"{_pace(f_min)}; {slowest} sets the pace toward {where}{noisy}"
    )


def _no_minimum_nd(result: Result, r: int, st: Stationary | None) -> Analysis:
    status = result.status[r]
    k = int(result.stopped_at[r])
    if status == Status.LEFT_DOMAIN:
        words = f"left the domain of f at step {k}: a step jumped to where f is undefined"
        return Analysis(None, None, None, None, words)
    tail = {
        Status.DIVERGED: f"diverged at step {k}",
        Status.MAX_STEPS: f"still moving after {k} steps",
        Status.CONVERGED: f"stopped at step {k}",
    }[status]
    if st is not None and st.kind == "flat":
        where = _point(st.point)
        f_at = float(result.problem.loss(np.array([st.point]))[0])
        lowest = np.nanmin(result.loss[r, : k + 1]) if np.isfinite(result.loss[r, : k + 1]).any() else np.inf
        is_min = f_at <= lowest
        verdict = (
            f"the curvature vanishes at {'x* = ' if is_min else ''}{where} (λ ≈ 0): there is no 2/λ_max limit, "
            f"and near it descent slows to a crawl; {tail}"
        )
        return Analysis(st.point if is_min else None, None, None, None, verdict)
    if st is None:
        words = {
            Status.DIVERGED: "diverged: no local minimum near the path, f keeps falling or x runs away",
        }.get(status, f"no local minimum near where the run ends; {tail}")
        return Analysis(None, None, None, None, words)
    lam, vec = st.curvatures, st.directions
    where = _point(st.point)
    whole = _is_quadratic(result.problem)
    if st.kind == "maximum":
        verdict = f"{where} is a maximum, not a minimum: descent moves away from it; {tail}"
        return Analysis(None, None, None, None, verdict, curvatures=lam, directions=vec)
    ups = [i for i, v in enumerate(lam) if v > 0]
    downs = [i for i, v in enumerate(lam) if v < 0]
    up = ", ".join(f"{_dir(vec[i])} (λ = {_fmt(lam[i])})" for i in ups)
    down = ", ".join(f"{_dir(vec[i])} (λ = {_fmt(lam[i])})" for i in downs)
    slide = _dir(vec[downs[0]])
    lead = (
        f"f has no minimum at all: its only stationary point, {where}, is a saddle"
        if whole
        else f"no minimum here: {where} is a saddle point"
    )
    offset = np.asarray(result.x0) - np.asarray(st.point)
    on_ridge = all(abs(float(np.dot(offset, vec[i]))) <= 1e-12 * (1 + float(np.linalg.norm(offset))) for i in downs)
    if status == Status.CONVERGED:
        tail = (
            f"it stopped on the saddle at step {k}: exactly on the ridge nothing pushes it off, "
            f"a tiny nudge along {slide} would"
        )
    elif on_ridge and status != Status.DIVERGED:
        tail = (
            f"this run started exactly on the ridge (nothing along {slide}), so it heads for the saddle "
            f"instead; a tiny nudge along {slide} would send it sliding; {tail}"
        )
    verdict = f"{lead} — f curves up along {up} but down along {down}, so descent slides away along {slide}; {tail}"
    return Analysis(None, None, None, None, verdict, curvatures=lam, directions=vec, saddle=st.point)


def _cycle(result: Result, r: int, longest: int = 16) -> int:
    """The period p ≤ longest with which the run's last 3p records repeat, or 0."""
    k = int(result.stopped_at[r])
    xs = result.x[r, : k + 1]
    for p in range(1, longest + 1):
        if k < 3 * p:
            break
        a, b = xs[k - 2 * p + 1 : k + 1], xs[k - 3 * p + 1 : k - p + 1]
        if np.all(np.abs(a - b) <= 1e-9 * (1.0 + np.abs(a))):
            return p
    return 0


def _kink(problem, x: float) -> float:
    """How much f' jumps across x (0 where f is smooth)."""
    h = 1e-9 * (1.0 + abs(x))
    g = _d1(problem, np.array([x - h, x + h]))
    return float(g[1] - g[0]) if np.all(np.isfinite(g)) else 0.0


def _status_words(result: Result, r: int) -> str:
    k = int(result.stopped_at[r])
    return {
        Status.CONVERGED: f"converged at step {k}",
        Status.DIVERGED: f"diverged at step {k}",
        Status.LEFT_DOMAIN: f"left the domain at step {k}",
        Status.MAX_STEPS: f"still moving after {k} steps",
    }[result.status[r]]


def _is_quadratic(problem: object) -> bool:
    """Is f a polynomial of degree ≤ 2 (its Hessian constant)? Problems say so themselves."""
    return getattr(problem, "is_quadratic", False) is True
