"""The verdict: what a run's η means near the minimum it ends at, in plain words.

For a minimum where f is locally quadratic, plain gradient descent maps the error
e_k = x_k − x* to e_{k+1} ≈ (1 − η f''(x*)) e_k. So η < 1/f'' creeps in from one side,
η = 1/f'' jumps there in one step (exactly, for a quadratic), 1/f'' < η < 2/f''
overshoots and oscillates but settles, and η > 2/f'' cannot settle at x* at all.
With several parameters the same holds along each eigenvector of the Hessian, and the
largest eigenvalue λ_max sets the limit 2/λ_max.

:func:`analyse` finds, per run, the minimum it heads for (:mod:`lrtui.minima`) and words
the verdict; runs that end at the same point share the search.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .analysis import Analysis
from .minima import Minimum, Stationary, find_minimum, kink, stationary_point
from .problem import Array
from .result import Result, Status

_REL = 1e-9


def analyse(result: Result) -> list[Analysis | None]:
    """One Analysis per run of ``result``."""
    problem = result.problem
    out: list[Analysis | None] = []
    with np.errstate(all="ignore"):
        points: dict[tuple[float, ...], Stationary | None] = {}
        minima: dict[tuple[float, ...], Minimum | None] = {}
        for r in range(result.runs):
            start = _start_point(result, r)
            key = tuple(float(v) for v in np.round(start, 12))
            if result.dims > 1:
                if key not in points:
                    points[key] = stationary_point(problem, start)
                out.append(_verdict_nd(result, r, points[key]))
                continue
            if key not in minima:
                minima[key] = find_minimum(problem, start, result.x0)
            out.append(_verdict(result, r, minima[key]))
    return out


def _start_point(result: Result, r: int) -> Array:
    last: Array = result.x[r, result.stopped_at[r]]
    if result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN) or not np.all(np.isfinite(last)):
        return result.x0.copy()
    return last.astype(np.float64)


def _fmt(v: float) -> str:
    return f"{v:.4g}"


def _point(x: Sequence[float]) -> str:
    return "(" + ", ".join(_fmt(v) for v in x) + ")"


def _dir(v: Sequence[float]) -> str:
    return "(" + ", ".join(_fmt(float(round(c, 12)) + 0.0) for c in v) + ")"


def _what(result: Result, r: int) -> str:
    """The optimizer (and schedule) of a run that is not plain descent."""
    sched = result.schedule
    return result.optimizers[r].text + ("" if sched.is_constant else f" with {sched.text}")


def _verdict(result: Result, r: int, found: Minimum | None) -> Analysis:
    status = result.status[r]
    k = int(result.stopped_at[r])
    eta = float(result.lrs[r])
    if found is None:
        words = {
            Status.DIVERGED: "diverged: no local minimum near the path, f keeps falling or x runs away",
            Status.LEFT_DOMAIN: f"left the domain of f at step {k}: a step jumped to where f is undefined",
        }.get(status, "no local minimum near where the run ends")
        return Analysis(None, None, None, None, words)
    xmin, curv, optimal = found.point, found.curvature, found.optimal_lr
    where = f"x* = {_fmt(xmin[0])}"
    if curv is None or optimal is None:
        outcome = "a fixed η ends up bouncing around x*" if status == Status.MAX_STEPS else result.status_text(r)
        jump = kink(result.problem, xmin[0])
        if jump > 1e-6:
            verdict = (
                f"f has a kink at {where} (f' jumps by {_fmt(jump)} there): no curvature, so no 2/f'' limit; "
                + outcome
            )
        else:
            shown = _fmt(curv) if curv is not None else "undefined"
            verdict = f"f''(x*) = {shown} at {where}: no 2/f'' limit; {outcome}"
        return Analysis(xmin, curv, None, None, verdict)
    critical = 2.0 / curv
    if not result.is_plain(r):
        verdict = (
            f"{_what(result, r)}: {result.status_text(r)}; plain descent at {where} needs η < 2/f'' = {_fmt(critical)}"
        )
        return Analysis(xmin, curv, critical, optimal, verdict)
    factor = 1.0 - eta * curv
    head = f"η = {_fmt(eta)}"
    quadratic = result.problem.is_quadratic
    if status == Status.LEFT_DOMAIN:
        verdict = f"{head}: left the domain of f at step {k}: a step of η·f'(x) jumped to where f is undefined"
    elif abs(eta - critical) <= _REL * critical:
        if quadratic:
            verdict = f"{head} = 2/f'': bounces between two points around {where} forever"
        else:
            verdict = (
                f"{head} = 2/f''(x*): on the edge; near {where} each step flips the error's sign "
                "without shrinking it, so only the function's higher-order terms decide"
            )
    elif eta > critical:
        tail = "diverges" if status == Status.DIVERGED else f"cannot settle at {where}"
        period = result.cycle(r) if status == Status.MAX_STEPS else 0
        if period:
            tail += f"; it ends in a cycle of {period} points" if period > 1 else "; it stalls elsewhere"
        if status == Status.CONVERGED:
            tail += f"; settled elsewhere, at x = {_fmt(float(result.x[r, k, 0]))}"
        verdict = f"{head} > 2/f''(x*) = {_fmt(critical)}: {tail}"
    elif status == Status.DIVERGED:
        verdict = (
            f"{head} < 2/f''(x*) = {_fmt(critical)}, yet diverged: far from x* the slope grows faster "
            "than the curvature at x* suggests"
        )
    elif abs(eta - optimal) <= _REL * optimal:
        exact = "reaches the minimum in one step" if quadratic else f"the fastest η near {where}"
        verdict = f"{head} = 1/f'': {exact}"
    elif eta < optimal:
        pace = "crawls" if factor > 0.99 else "creeps" if factor > 0.7 else "slides"
        verdict = (
            f"{head} < 1/f'' = {_fmt(1 / curv)}: {pace} toward {where} from one side "
            f"(error ×{_fmt(factor)} per step)"
        )
    else:
        verdict = (
            f"{head}, between 1/f'' and 2/f'' = {_fmt(critical)}: overshoots and oscillates around {where}, "
            f"settling (error ×{_fmt(factor)} per step)"
        )
    return Analysis(xmin, curv, critical, optimal, verdict)


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

    def done(verdict: str) -> Analysis:
        return Analysis(st.point, lam_max, critical, optimal, verdict, curvatures=lam, directions=vec)

    if not result.is_plain(r):
        needs = f"plain descent at {where} needs η < 2/λ_max = {_fmt(critical)}"
        return done(f"{_what(result, r)}: {result.status_text(r)}; {needs}")
    eta = float(result.lrs[r])
    head = f"η = {_fmt(eta)}"
    f_min, f_max = 1.0 - eta * lam_min, 1.0 - eta * lam_max  # shallow and steep factors
    steep, shallow = _dir(vec[-1]), _dir(vec[0])
    same = abs(lam_max - lam_min) <= 1e-9 * lam_max  # round: every direction alike
    noisy = (
        "; minibatch gradients are noisy, so it jitters around x* rather than landing on it"
        if result.problem.stochastic
        else ""
    )
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
        if abs(f_max) <= 1e-12 and result.problem.is_quadratic and not noisy:
            return done(f"{head} = 1/λ: reaches the minimum in one step, in every direction")
        return done(f"{head} < 2/λ = {_fmt(critical)}: every direction {_pace(f_max)} toward {where}{noisy}")
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
    tail = result.status_text(r)
    if st is not None and st.kind == "flat":
        where = _point(st.point)
        f_at = float(result.problem.loss(np.array([st.point]))[0])
        losses = result.loss[r, : k + 1]
        lowest = float(np.nanmin(losses)) if np.isfinite(losses).any() else np.inf
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
        if result.problem.is_quadratic
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
