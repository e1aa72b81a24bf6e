"""The verdict: what a run's η does near the minimum it heads for, in words a student understands.

Near a minimum x* where f is locally quadratic, plain gradient descent maps the error
e_k = x_k − x* to e_{k+1} ≈ r·e_k with r = 1 − η·f''(x*), the per-step error factor. The
regime is named by r (:func:`regime`):

==================  ====================================================================
|r| < 0.5           converges fast
0.5 ≤ |r| < 0.9     converges
0.9 ≤ |r| < 1       crawls
r < 0               adds: overshoots and flips side every step
r = −1              bounces between two points forever
|r| > 1             cannot settle (at x*), or diverges
==================  ====================================================================

So η < 1/f'' approaches from one side, η = 1/f'' lands in one step (exactly, on a
quadratic), 1/f'' < η < 2/f'' flips side every step yet settles, η = 2/f'' bounces and
η > 2/f'' cannot settle. With several parameters the same holds along each eigenvector of
the Hessian at x*, with r_i = 1 − η·λ_i; the largest eigenvalue sets the limit 2/λ_max.

The rate at x* only describes a run that is near x*. A run that is still far away, where the
slope is not what x*'s curvature predicts (a plateau), is told so with the slope where it is.
A run that ends in a cycle is named as one; a verdict never speaks of a step that was not taken.
A minibatch run whose loss has come down to f(x*) up to the noise is told of that noise, with
both losses: its last steps jitter, whatever its distance to x* did on the last one.

:func:`verdict_1d` and :func:`verdict_nd` word one run against the minimum (or stationary
point) :mod:`lrtui.analysis.minima` found for it; :func:`lrtui.analysis.analyse.analyse` calls them per run.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..engine.result import Analysis, Result, Status
from ..problem import Array
from .minima import Minimum, Stationary, kink

_REL = 1e-9  # η within this relative distance of 1/f'' or 2/f'' is taken as equal
FAR = 0.5  # far from x*: the error shrank less than this fraction as fast as x*'s curvature predicts
NOISE = 1e-2  # minibatches: within this share of the way from f(x0) down to f(x*), a run is at x* up to noise


def regime(r: float, diverged: bool = False) -> str:
    """The regime of a per-step error factor r = 1 − η·f''(x*), in words (the table above)."""
    size = abs(r)
    if r < 0 and abs(size - 1.0) <= _REL:
        return "bounces between two points forever"
    if size > 1.0:
        pace = "diverges" if diverged else "cannot settle"
    elif size < 0.5:
        pace = "converges fast"
    elif size < 0.9:
        pace = "converges"
    else:
        pace = "crawls"
    return f"overshoots and flips side every step, and {pace}" if r < 0 else pace


def regimes_in_words() -> str:
    """The regimes of plain descent near a locally quadratic minimum in the verdicts' own words
    (:func:`regime`), for the app's help: a student reads the same words in both places."""
    return (f"η < 1/f''(x*) {regime(0.5)} from one side (it {regime(0.95)} when η·f'' < 0.1), "
            f"η = 1/f'' lands on x* in one step, 1/f'' < η < 2/f'' {regime(-0.5)}, "
            f"η = 2/f'' {regime(-1.0)}, and η > 2/f'' {regime(-1.5)} at x*")


# -- numbers and places, as a verdict writes them ----------------------------------------------
def _fmt(v: float) -> str:
    """Four significant digits, the minus sign as the notes write it: ×−1.523, x* = −1.306."""
    text = f"{v:.4g}"
    return "−" + text[1:] if text.startswith("-") else text


def _point(x: Sequence[float] | Array) -> str:
    """x* = 2, or x* = (0, 0): one number per parameter."""
    values = [float(v) for v in x]
    return _fmt(values[0]) if len(values) == 1 else "(" + ", ".join(_fmt(v) for v in values) + ")"


def _dir(v: Sequence[float]) -> str:
    return "(" + ", ".join(_fmt(float(round(c, 12)) + 0.0) for c in v) + ")"


def _per_step(r: float, what: str = "error ") -> str:
    return f"{what}×{_fmt(r)} per step"


# -- endings every kind of verdict shares ------------------------------------------------------
def _no_step(result: Result, r: int) -> str | None:
    """When the run stopped at its start: f (or ∇f) is undefined or infinite at x0; no step was taken."""
    if int(result.stopped_at[r]) != 0 or result.status[r] not in (Status.LEFT_DOMAIN, Status.DIVERGED):
        return None
    f0 = float(result.loss[r, 0])
    slope = "f'" if result.dims == 1 else "∇f"
    if np.isfinite(f0):
        who, value = slope, f"{slope}(x0) = {_point(result.grad[r, 0])}"
    else:
        who, value = "f", f"f(x0) = {f0:g}"
    adjective = "undefined" if result.status[r] == Status.LEFT_DOMAIN else "not finite"
    return f"{who} is {adjective} at x0 = {_point(result.x0)} ({value}): no step was taken"


def _left(result: Result, r: int) -> str:
    """A run that left the domain at step k ≥ 1: which step went where."""
    k = int(result.stopped_at[r])
    slope = "f'" if result.dims == 1 else "∇f"
    what = "f is" if np.isnan(result.loss[r, k]) else f"{slope} is"
    frm, to = _point(result.x[r, k - 1]), _point(result.x[r, k])
    return f"left the domain of f at step {k}: the step from x = {frm} landed on x = {to}, where {what} undefined"


def _first_step(result: Result, r: int) -> str:
    """The size of the first step, for a run that diverged although η < 2/f''(x*)."""
    g = result.grad[r, 0]
    size = float(result.lr[r, 0] * (abs(g[0]) if result.dims == 1 else np.linalg.norm(g)))
    slope = f"f'(x0) = {_fmt(float(g[0]))}" if result.dims == 1 else f"|∇f(x0)| = {_fmt(float(np.linalg.norm(g)))}"
    return f"at x0 = {_point(result.x0)} the slope is {slope}, so the first step already moved x by {_fmt(size)}"


def _ending(result: Result, r: int) -> tuple[str, int]:
    """(how a run that ran out of steps ends, its cycle's period): "" and 0 when still moving."""
    if result.status[r] != Status.MAX_STEPS:
        return "", 0
    p = result.cycle(r)
    if p == 0:
        return "", 0
    if p == 1:
        return "it comes to rest", 1
    if p == 2:
        return "it ends bouncing between two points", 2
    return f"it ends in a cycle of {p} points", p


def _far(result: Result, r: int, point: Sequence[float], curvatures: Sequence[float], hessian: Array) -> str | None:
    """For a run still moving but far from x*: the slope where it is, instead of the rate at x*.

    Far: near x* the error would shrink at least ×max|1 − η·λ_i| per step, but over the run's
    last step it shrank less than half as fast (1 − observed < FAR·(1 − predicted)): the run
    is not yet where x*'s curvature rules (a plateau has far less slope). Not said of a run with
    noise added to its gradients: the noise, not the distance, decides its last steps."""
    if result.status[r] != Status.MAX_STEPS or result.noisy or result.cycle(r):
        return None
    k = int(result.stopped_at[r])
    eta = float(result.lr[r, k])
    predicted = max(abs(1.0 - eta * lam) for lam in curvatures)
    x, before = result.x[r, k], result.x[r, k - 1]
    e, e_before = float(np.linalg.norm(x - point)), float(np.linalg.norm(before - point))
    if not (predicted < 1.0 and e_before > 0 and e > 1e-6 * (1.0 + float(np.linalg.norm(point)))):
        return None
    if 1.0 - e / e_before >= FAR * (1.0 - predicted):
        return None
    with np.errstate(all="ignore"):
        g = result.problem.gradient(x[None, :])[0]  # the full gradient, even with minibatches
        model = float(np.linalg.norm(hessian @ (x - np.asarray(point))))
    size = float(np.linalg.norm(g))
    if result.dims == 1:
        slope, step = f"f' = {_fmt(float(g[0]))}", f"η·f' = {_fmt(eta * float(g[0]))}"
    else:
        slope, step = f"|∇f| = {_fmt(size)}", f"η·|∇f| = {_fmt(eta * size)}"
    parabola = f"x*'s curvature alone would give {_fmt(model)}"
    there = (
        f"the slope is only {slope} ({parabola}), so each step moves x by just {step}"
        if size < model
        else f"the slope is {slope} ({parabola}), and each step moves x by {step}"
    )
    went = f"in {k:,} steps it went from {_point(result.x0)} to {_point(x)}"
    return f"still far from x* = {_point(point)}: {went}, where {there}"


def _losses(result: Result, r: int, point: Sequence[float]) -> tuple[float, float, float]:
    """f at the run's start, at its last record and at x*: the full loss, minibatches or not."""
    k = int(result.stopped_at[r])
    points = np.stack([np.asarray(result.x0, dtype=np.float64), result.x[r, k], np.asarray(point, dtype=np.float64)])
    with np.errstate(all="ignore"):
        start, last, best = (float(v) for v in result.problem.loss(points))
    return start, last, best


def _in_the_noise(result: Result, r: int, point: Sequence[float]) -> bool:
    """A minibatch run whose full loss has come within NOISE of f(x*), as a share of where it
    started: it is at x* up to the noise of its minibatches, however its last step went (the
    noise, not the distance, decides its last steps)."""
    if not result.problem.stochastic or result.status[r] == Status.DIVERGED:
        return False
    start, last, best = _losses(result, r, point)
    return bool(np.isfinite([start, last, best]).all() and last - best <= NOISE * (start - best))


def _noise(result: Result, r: int, point: Sequence[float]) -> str:
    """The verdict's last words on a minibatch run: it jitters around x*, with its loss and f(x*)."""
    if not result.problem.stochastic:
        return ""
    _, last, best = _losses(result, r, point)
    if _in_the_noise(result, r, point):
        return (f"; minibatch gradients are noisy, so it jitters around x* (loss {_fmt(last)} against "
                f"{_fmt(best)} there) rather than landing on it")
    return (f"; its loss is {_fmt(last)} (f(x*) = {_fmt(best)}): once there, the noise of its minibatches "
            "will keep it jittering around x*")


# -- one parameter -----------------------------------------------------------------------------
def verdict_1d(result: Result, r: int, found: Minimum | None) -> Analysis:
    """One parameter: the verdict on run r against the minimum found for it (None: none)."""
    status = result.status[r]
    k = int(result.stopped_at[r])
    start = _no_step(result, r)
    if found is None:
        if start:
            return Analysis(None, None, None, None, start)
        words = {
            Status.DIVERGED: f"diverged at step {k:,}: no local minimum near the path, f keeps falling or x runs away",
            Status.LEFT_DOMAIN: _left(result, r) if status == Status.LEFT_DOMAIN else "",
        }.get(status, f"no local minimum near where the run ends; {result.status_text(r)}")
        return Analysis(None, None, None, None, words)
    xmin, curv, optimal = found.point, found.curvature, found.optimal_lr
    where = f"x* = {_point(xmin)}"
    if curv is None or optimal is None:  # a kink (|x|) or no curvature (x⁴)
        return Analysis(xmin, curv, None, None, start or _no_curvature(result, r, xmin, curv))
    critical = 2.0 / curv
    if start:
        return Analysis(xmin, curv, critical, optimal, start)
    if not result.is_plain(r):
        return Analysis(xmin, curv, critical, optimal, _not_plain(result, r, where, curv, "f''"))
    eta = float(result.lrs[r])
    rr = 1.0 - eta * curv
    head = f"η = {_fmt(eta)}"
    tail, period = _ending(result, r)
    quadratic = result.problem.is_quadratic
    far = _far(result, r, xmin, (curv,), np.array([[curv]]))
    if status == Status.LEFT_DOMAIN:
        verdict = _left(result, r)
    elif far:
        verdict = f"{head}: {far}; once near x* it {regime(rr)} ({_per_step(rr)})"
    elif abs(eta - critical) <= _REL * critical:
        if quadratic or period == 2:
            verdict = f"{head} = 2/f'': bounces between two points around {where} forever ({_per_step(-1.0)})"
        else:
            verdict = (
                f"{head} = 2/f''(x*): on the edge; near {where} each step flips side without shrinking the "
                "error, so only the function's higher-order terms decide whether it settles"
            )
    elif eta > critical:
        diverged = status == Status.DIVERGED
        words = regime(rr, diverged) + ("" if diverged else f" at {where}")
        verdict = f"{head} > 2/f''(x*) = {_fmt(critical)}: {words} ({_per_step(rr)})"
        if tail:
            verdict += f"; {tail}"
        if status == Status.CONVERGED:
            verdict += f"; it settled elsewhere, at x = {_fmt(float(result.x[r, k, 0]))}"
    elif status == Status.DIVERGED:
        verdict = (
            f"{head} < 2/f''(x*) = {_fmt(critical)}, yet diverged: far from x* the slope grows faster than "
            f"the curvature at x* suggests; {_first_step(result, r)}"
        )
    elif period >= 2:
        verdict = f"{head}: {tail} near {where}, though at x* itself the error would shrink ({_per_step(rr)})"
    elif abs(eta - optimal) <= _REL * optimal:
        verdict = f"{head} = 1/f'': " + (
            "reaches the minimum in one step" if quadratic else f"converges fast, the fastest η near {where} "
            "(error ×0 per step, to first order)"
        )
    elif rr > 0:
        verdict = f"{head} < 1/f'' = {_fmt(1 / curv)}: {regime(rr)} toward {where} from one side ({_per_step(rr)})"
    else:
        verdict = (
            f"{head}, between 1/f'' and 2/f'' = {_fmt(critical)}: {regime(rr)} around {where} ({_per_step(rr)})"
        )
    return Analysis(xmin, curv, critical, optimal, verdict)


def _no_curvature(result: Result, r: int, xmin: tuple[float, ...], curv: float | None) -> str:
    """A minimum with no curvature to speak of: a kink (|x| at 0) or f'' = 0 (x⁴ at 0)."""
    status = result.status[r]
    where = f"x* = {_point(xmin)}"
    tail, _ = _ending(result, r)
    if status == Status.LEFT_DOMAIN:
        return _left(result, r)
    jump = kink(result.problem, xmin[0])
    if jump > 1e-6:
        if status == Status.MAX_STEPS:
            outcome = f"{tail} around x*" if tail else f"{result.status_text(r)}: a fixed η cannot shrink its steps"
        else:
            outcome = result.status_text(r)
        return f"f has a kink at {where} (f' jumps by {_fmt(jump)} there): no curvature, so no 2/f'' limit; {outcome}"
    shown = _fmt(curv) if curv is not None else "undefined"
    return f"f''(x*) = {shown} at {where}: no 2/f'' limit; {tail or result.status_text(r)}"


def _not_plain(result: Result, r: int, where: str, curv: float, fpp: str) -> str:
    """Another optimizer, or plain descent whose η changes (a schedule)."""
    critical = 2.0 / curv
    sched = result.schedule
    opt = result.optimizers[r]
    if not opt.is_plain:
        what = opt.text + ("" if sched.is_constant else f" with {sched.text}")
        if opt.cycled is not None:  # torch's CyclicLR/OneCycleLR write the momentum (β1) before every step
            what += f", which also cycles its {opt.CYCLES} ({_fmt(float(opt.cycled.min()))} to " \
                    f"{_fmt(float(opt.cycled.max()))})"
        what += _unused(result, r)
        if opt.REMARK:  # the rule uses η its own way: the plain-descent limit says nothing about it
            return f"{what}: {opt.REMARK}; {result.status_text(r)}"
        return f"{what}: {result.status_text(r)}; plain descent at {where} needs η < 2/{fpp} = {_fmt(critical)}"
    k = int(result.stopped_at[r])
    eta0, eta_k = float(result.lr[r, 0]), float(result.lr[r, max(k - 1, 0)])
    r0, rk = 1.0 - eta0 * curv, 1.0 - eta_k * curv
    along = "" if result.dims == 1 else " along the steep direction"
    unused = _unused(result, r).removeprefix("; ")
    return (
        (f"{unused}; " if unused else "") +
        f"η = {_fmt(eta0)} → {_fmt(eta_k)} by the schedule: near {where}, fixed at {_fmt(eta0)} it {regime(r0)}"
        f"{along} ({_per_step(r0)}); at {_fmt(eta_k)} it {regime(rk)} ({_per_step(rk)})"
    )


def _unused(result: Result, r: int) -> str:
    """"; η = 0.05 is not used (…)" when the schedule sets η_k whatever the run's η (onecycle with
    max_lr, cyclic with base_lr: torch's runs then differ only by their label), else ""."""
    sched = result.schedule
    if not sched.ignores_lr(result.steps):
        return ""
    return f"; η = {_fmt(float(result.lrs[r]))} is not used ({sched.text} sets η_k whatever the η)"


# -- several parameters ------------------------------------------------------------------------
def _along(name: str, v: Sequence[float], rate: float, diverged: bool = False, at: str = "") -> str:
    return f"along {name} {_dir(v)} it {regime(rate, diverged)}{at} ({_per_step(rate, '')})"


def verdict_nd(result: Result, r: int, st: Stationary | None) -> Analysis:
    """Several parameters: plain descent acts along each eigenvector v_i of the Hessian at x*
    separately, the error along v_i changing by r_i = 1 − η·λ_i per step. η < 2/λ_max settles
    along every direction; the slowest direction sets the pace; above 2/λ_max the steep one
    cannot settle."""
    status = result.status[r]
    start = _no_step(result, r)
    if st is None or st.kind != "minimum":
        return _no_minimum_nd(result, r, st, start)
    lam, vec = st.curvatures, st.directions
    lam_min, lam_max = lam[0], lam[-1]
    critical, optimal = 2.0 / lam_max, 2.0 / (lam_min + lam_max)
    where = f"x* = {_point(st.point)}"

    def done(verdict: str) -> Analysis:
        return Analysis(st.point, lam_max, critical, optimal, verdict, curvatures=lam, directions=vec)

    if start:
        return done(start)
    if not result.is_plain(r):
        return done(_not_plain(result, r, where, lam_max, "λ_max"))
    eta = float(result.lrs[r])
    head = f"η = {_fmt(eta)}"
    r_shallow, r_steep = 1.0 - eta * lam_min, 1.0 - eta * lam_max
    steep, shallow = vec[-1], vec[0]
    same = abs(lam_max - lam_min) <= 1e-9 * lam_max  # round: every direction alike
    diverged = status == Status.DIVERGED
    tail, _ = _ending(result, r)
    noisy = _noise(result, r, st.point)
    H = np.asarray(vec).T @ np.diag(lam) @ np.asarray(vec)
    far = None if _in_the_noise(result, r, st.point) else _far(result, r, st.point, lam, H)
    if status == Status.LEFT_DOMAIN:
        return done(_left(result, r))
    if far:
        if same:
            rates = f"in every direction it {regime(r_steep)} ({_per_step(r_steep, '')})"
        else:
            rates = f"{_along('the steep direction', steep, r_steep)}, {_along('the shallow one', shallow, r_shallow)}"
        return done(f"{head}: {far}; once near x*, {rates}{noisy}")
    if abs(eta - critical) <= _REL * critical:
        if same:
            return done(f"{head} = 2/λ: bounces between two points around {where} forever, in every direction")
        return done(
            f"{head} = 2/λ_max: along the steep direction {_dir(steep)} it bounces between two points around {where} "
            f"forever; {_along('the shallow one', shallow, r_shallow)}"
        )
    if eta > critical:
        settle = "" if diverged else f" at {where}"
        if same:
            return done(f"{head} > 2/λ = {_fmt(critical)}: {regime(r_steep, diverged)}{settle} in every direction "
                        f"({_per_step(r_steep)}){'; ' + tail if tail else ''}")
        verdict = (
            f"{head} > 2/λ_max = {_fmt(critical)}: {_along('the steep direction', steep, r_steep, diverged, settle)}, "
            f"while {_along('the shallow one', shallow, r_shallow, diverged)}"
        )
        if tail:
            verdict += f"; {tail}"
        if status == Status.CONVERGED:
            verdict += "; it settled elsewhere"
        return done(verdict)
    if diverged:
        return done(
            f"{head} < 2/λ_max = {_fmt(critical)}, yet diverged: far from x* the slope grows faster than the "
            f"curvature at x* suggests; {_first_step(result, r)}"
        )
    if same:
        if abs(r_steep) <= 1e-12 and result.problem.is_quadratic and not noisy:
            return done(f"{head} = 1/λ: reaches the minimum in one step, in every direction")
        return done(f"{head} < 2/λ = {_fmt(critical)}: in every direction it {regime(r_steep)} toward {where} "
                    f"({_per_step(r_steep)}){noisy}")
    if abs(eta - optimal) <= _REL * optimal:
        return done(
            f"{head} = 2/(λ_min + λ_max), the fastest fixed η toward {where}: "
            f"{_along('the steep direction', steep, r_steep)} and {_along('the shallow one', shallow, r_shallow)}, "
            f"the same size{noisy}"
        )
    slowest = "the shallow one" if abs(r_shallow) >= abs(r_steep) else "the steep one"
    if r_steep >= 0:
        relation = f"≤ 1/λ_max = {_fmt(1 / lam_max)}, no direction overshoots"
    else:
        relation = f"between 1/λ_max = {_fmt(1 / lam_max)} and 2/λ_max = {_fmt(critical)}"
    return done(
        f"{head} {relation}: {_along('the steep direction', steep, r_steep)}, "
        f"{_along('the shallow one', shallow, r_shallow)}; {slowest} sets the pace toward {where}{noisy}"
    )


def _no_minimum_nd(result: Result, r: int, st: Stationary | None, start: str | None) -> Analysis:
    status = result.status[r]
    k = int(result.stopped_at[r])
    if start:
        return Analysis(None, None, None, None, start)
    if status == Status.LEFT_DOMAIN:
        return Analysis(None, None, None, None, _left(result, r))
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
            Status.DIVERGED: f"diverged at step {k:,}: no local minimum near the path, f keeps falling or x runs away",
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
