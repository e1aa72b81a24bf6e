"""Sweeps over the learning rate: many η side by side, and the LR range test within one run.

    s = sweep(problem, x0=[3.0], lr_min=1e-3, lr_max=1.0, points=200, steps=1000)
    s.lrs, s.final_loss, s.status, s.stopped_at      # one entry per η
    s.critical_lr, s.suggested_lr

    t = range_test(problem, x0=[3.0], lr_min=1e-7, lr_max=10.0, steps=100)
    t.lr, t.loss, t.smoothed, t.steep_lr

``sweep`` runs every η (log-spaced over [lr_min, lr_max]) in ONE vectorized engine call that
keeps each run's final record only (:class:`lrtui.engine.finals.FinalRecorder`), so its memory grows
with the points, not the steps: 200 η × 1,000,000 steps fit. The losses on the way are kept
while points × records ≤ HISTORY; beyond, the few runs that end in the "lowest" band are
descended once more to find when they entered it (the same runs give the same bits);
``range_test`` lets η grow exponentially within ONE run, as the LR-finder tools do, through
an η table (:class:`ExponentialRange`, a :class:`~lrtui.optim.schedules.base.Schedule`).

The critical η (:func:`critical_lr`): 2/f''(x*) for one parameter, 2/λ_max of the Hessian at
x* for several — at the minimum x* that the sweep's stable runs reach: the one found from
where the smallest stable η ended (the run that follows the downhill path from x0 most
faithfully). Above it plain descent cannot settle at x*.

The suggested η (:func:`suggest`) — the rule, in words:

    Only η at most half the critical η are candidates: there (η ≤ 1/λ_max, or 1/f'' with
    one parameter) the error shrinks without overshooting in every direction, and the run
    would still settle if the true curvature were up to twice the one measured at x*.
    Of the candidates whose runs did not diverge or leave the domain, let L be the lowest
    final loss. The band is the losses within 0.1 % of the way from L to f(x0)
    (loss ≤ L + 0.001·(f(x0) − L)). Each candidate that ends in the band entered it for good
    at some record k (its loss is in the band at k and at every later record); the
    suggestion is the candidate with the smallest k: the η that gets lowest fastest and
    stays there, safely. Ties go to the smaller η. When there is no critical η (no minimum
    found, or no curvature there, as for |x|), every stable η is a candidate.

With gradient noise (``noise``, :mod:`lrtui.engine.noise`) every η runs ``trials`` independent
trials, and a point's final loss is the mean over its trials of their last loss; a point is
stable when every trial is. The losses then draw a U: too small an η has not arrived yet, too
large a one stalls on a higher noise floor (≈ ησ²/(2(2 − ηλ)) for plain SGD near x*, growing
without bound as η nears 2/λ) or diverges. The suggested η with noise — the rule, in words:

    The candidates are as above (η at most half the critical η, no trial diverged or left the
    domain). Each one's floor is its mean loss over the last fifth of the steps, averaged over
    its trials (what the scenario's verdict measures as the noise floor). The suggestion is the
    candidate with the lowest floor: the bottom of the U, the η that gets lowest by the end of
    the budget, noise included. Ties go to the smaller η. Every point's floor is reported.

The range test's suggestion (:func:`steep_lr`) is fastai's ``lr_find`` "steep" rule: smooth
the losses with fastai's debiased exponential moving average (β = 0.98), stop where the
smoothed loss passes 4× its best so far (or is not finite), drop the first tenth and the
last 5 records, and take the η_k at which (s_{k+1} − s_k)/(ln η_{k+1} − ln η_k) is most
negative — the η of the step that lowered the loss fastest per unit of log η. Record k pairs
η_k with f(x_k), the loss *before* the step taken with η_k, as fastai does, so the slope
from k to k+1 is the effect of η_k's step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..cancel import CancelToken
from ..engine.noise import Noise
from ..engine.result import Result, Status
from ..errors import Field, InputError
from ..numeric import NotANumber, real, whole
from ..optim.optimizer import Optimizer
from ..optim.schedules.base import Schedule
from ..problem import Array, Problem

MAX_POINTS = 10_000
MIN_POINTS = 2
SAFETY = 0.5  # candidates for the suggestion: η ≤ SAFETY · critical η
BAND = 1e-3  # "lowest": within BAND of the way from the lowest final loss to f(x0)
SMOOTHING = 0.98  # fastai's AvgSmoothLoss beta
STOP_FACTOR = 4.0  # fastai's LRFinder stops when the smoothed loss passes 4 × its best

_STABLE = (Status.CONVERGED, Status.MAX_STEPS)


def _positive(value: str | float, flag: str) -> float:
    try:
        v = real(str(value))
    except NotANumber as err:
        if err.reason == "is not a finite number":
            raise InputError(f"{flag}: must be a positive finite number, got {err.token}", field=Field.LR) from None
        raise InputError(f"{flag}: {err}", field=Field.LR) from None
    if v <= 0:
        raise InputError(f"{flag}: must be a positive finite number, got {str(value).strip()}", field=Field.LR)
    return v


def check_range(
    lr_min: str | float, lr_max: str | float, points: str | int | None = None
) -> tuple[float, float, int | None]:
    """Check the sweep's flags: 0 < lr_min < lr_max, finite; 2 ≤ points ≤ 10,000."""
    a = _positive(lr_min, "--lr-min")
    b = _positive(lr_max, "--lr-max")
    if not b > a:
        raise InputError(f"--lr-max ({b:g}) must be greater than --lr-min ({a:g})", field=Field.LR)
    p = None
    if points is not None:
        try:
            p = whole(points)
        except NotANumber:
            p = None
        if p is None or not MIN_POINTS <= p <= MAX_POINTS:
            raise InputError(
                f"--points: must be a whole number from {MIN_POINTS} to {MAX_POINTS:,}, got {str(points).strip()}",
                field=Field.POINTS,
            )
    return a, b, p


# -- the sweep -------------------------------------------------------------------------------
HISTORY = 4_000_000  # losses (points × records) a sweep keeps to find when each run entered the band
TABLE = 4_000_000  # η_k values of a schedule computed at once: beyond, the runs go in groups


@dataclass
class Sweep:
    lrs: Array  # (P,) log-spaced η
    final_loss: Array  # (P,) f at each run's last record
    status: list[Status]
    stopped_at: NDArray[np.int64]  # (P,) steps taken
    steps_to_band: NDArray[np.int64]  # (P,) the record from which the run stays in the "lowest" band (-1: never)
    critical_lr: float | None
    suggested_lr: float | None
    minimum: tuple[float, ...] | None  # x* the critical η refers to
    f0: float
    noise: Noise | None = None  # with noise: final_loss is the mean over the trials
    floor: Array | None = None  # (P,) with noise: the mean loss over the last fifth of the steps, over the trials

    @property
    def suggested_index(self) -> int | None:
        if self.suggested_lr is None:
            return None
        return int(np.flatnonzero(self.lrs == self.suggested_lr)[0])

    def as_dict(self) -> dict[str, Any]:
        points = [
            {
                "lr": float(self.lrs[i]),
                "final_loss": _finite(self.final_loss[i]),
                "status": self.status[i].value,
                "stopped_at": int(self.stopped_at[i]),
            }
            for i in range(self.lrs.size)
        ]
        out: dict[str, Any] = {"points": points, "critical_lr": self.critical_lr, "suggested_lr": self.suggested_lr}
        if self.noise is not None:
            assert self.floor is not None
            for i, point in enumerate(points):
                point["floor"] = _finite(self.floor[i])
            out["noise"] = {"sigma": self.noise.sigma, "trials": self.noise.trials, "seed": self.noise.seed}
        return out


def _finite(v: Any) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


@dataclass
class Finals:
    """What a sweep keeps of its runs: each one's end, and the losses on the way when they fit."""

    problem: Problem
    x0: Array
    lrs: Array  # (P,)
    status: list[Status]
    stopped_at: NDArray[np.int64]
    x: Array  # (P, d) at each run's stop
    loss: Array  # (P,)
    f0: float
    history: Array | None  # (steps+1, P) the loss at every record, or None (too many to keep)


def sweep(
    problem: Problem,
    x0: ArrayLike,
    lr_min: float,
    lr_max: float,
    points: int,
    steps: int,
    tol: float = 1e-8,
    optimizer: Optimizer | None = None,
    schedule: Schedule | None = None,
    cancel: CancelToken | None = None,
    noise: Noise | None = None,
) -> Sweep:
    """Run ``points`` η log-spaced over [lr_min, lr_max] in one engine call that keeps each run's
    final record only (memory grows with the points, not the steps); summarise each.

    ``cancel``: a cancelled sweep raises :class:`~lrtui.cancel.Cancelled` (see lrtui.cancel).
    ``noise``: every η in ``noise.trials`` trials with noisy gradients (the rule above)."""
    lr_min, lr_max, checked = check_range(lr_min, lr_max, points)
    assert checked is not None
    lrs = log_spaced(lr_min, lr_max, checked)
    if noise is not None and noise.active:
        return _noisy_sweep(problem, x0, lrs, steps, tol, optimizer, schedule, cancel, noise)
    descend = _Descend(problem, x0, steps, tol, optimizer, schedule, cancel)
    finals = descend.finals(lrs, history=lrs.size * (steps + 1) <= HISTORY)
    critical, minimum = critical_lr(finals)
    suggested, band_steps = suggest(finals, critical, descend)
    return Sweep(
        lrs=lrs,
        final_loss=finals.loss,
        status=finals.status,
        stopped_at=finals.stopped_at,
        steps_to_band=band_steps,
        critical_lr=critical,
        suggested_lr=suggested,
        minimum=minimum,
        f0=finals.f0,
    )


@dataclass
class _Descend:
    """The sweep's runs, all alike but for η: every engine call of one sweep goes through here."""

    problem: Problem
    x0: ArrayLike
    steps: int
    tol: float
    optimizer: Optimizer | None
    schedule: Schedule | None
    cancel: CancelToken | None = None

    def records(self, lrs: Array, history: bool = False, level: float | None = None) -> list[Any]:
        """FinalRecorders of one engine call per group of runs (one group unless a schedule's η
        table would be too large to compute at once), and what the engine knows of each."""
        from ..engine.descent import descend
        from ..engine.finals import FinalRecorder

        constant = self.schedule is None or self.schedule.is_constant
        group = lrs.size if constant else max(1, TABLE // (self.steps + 1))
        out = []
        for a in range(0, lrs.size, group):
            done, rec = descend(self.problem, self.x0, lrs[a : a + group], self.steps, self.tol,
                                [self.optimizer] if self.optimizer is not None else None, self.schedule,
                                FinalRecorder.factory(history, level), self.cancel, budget=FinalRecorder.check_budget)
            out.append((done, rec))
        return out

    def finals(self, lrs: Array, history: bool) -> Finals:
        parts = self.records(lrs, history=history)
        done = parts[0][0]
        return Finals(
            problem=self.problem,
            x0=done.x0,
            lrs=lrs,
            status=[s for d, _ in parts for s in d.status],
            stopped_at=np.concatenate([d.stopped_at for d, _ in parts]),
            x=np.concatenate([r.x for _, r in parts]),
            loss=np.concatenate([r.loss for _, r in parts]),
            f0=float(parts[0][1].first_loss[0]),
            history=np.concatenate([r.history for _, r in parts], axis=1) if history else None,
        )

    def entries(self, lrs: Array, level: float) -> NDArray[np.int64]:
        """For each η, the record from which its run's loss stays at or below ``level`` (computed
        again: the same runs give the same records, bit for bit)."""
        parts = self.records(lrs, level=level)
        return np.concatenate([r.above for _, r in parts]) + 1


def _stable(finals: Finals) -> NDArray[np.bool_]:
    ok = np.array([s in _STABLE for s in finals.status])
    stable: NDArray[np.bool_] = ok & np.all(np.isfinite(finals.x), axis=1) & np.isfinite(finals.loss)
    return stable


def critical_lr(finals: Finals) -> tuple[float | None, tuple[float, ...] | None]:
    """2/f''(x*) (one parameter) or 2/λ_max(x*) (several) at the minimum the stable runs reach.

    x* is the minimum found from where the smallest stable η ended (from x0 when no run was
    stable). Returns (critical η, x*), or (None, x* or None) when there is no minimum or no
    positive curvature there.
    """
    from .minima import find_minimum

    stable = _stable(finals)
    if stable.any():
        r = int(np.flatnonzero(stable)[np.argmin(finals.lrs[stable])])
        start = finals.x[r].astype(np.float64)
    else:
        start = finals.x0.astype(np.float64)
    with np.errstate(all="ignore"):
        found = find_minimum(finals.problem, start, finals.x0)
    if found is None:
        return None, None
    return found.critical_lr, found.point


def suggest(finals: Finals, critical: float | None, descend: _Descend | None = None
            ) -> tuple[float | None, NDArray[np.int64]]:
    """The suggested η (see the module's docstring for the rule) and, per run, the record from
    which it stays within the "lowest" band (-1 when it ends outside, or is not a candidate).
    Without the losses on the way (``finals.history``), the runs that end in the band are
    descended again (``descend``) to find when they entered it."""
    runs = finals.lrs.size
    band_steps = np.full(runs, -1, dtype=np.int64)
    candidates = _stable(finals)
    if critical is not None:
        candidates &= finals.lrs <= SAFETY * critical * (1 + 1e-12)
    if not candidates.any():
        return None, band_steps
    final = finals.loss
    best = float(np.min(final[candidates]))
    gap = max(finals.f0 - best, 0.0)
    level = best + BAND * gap
    inside = np.flatnonzero(candidates & (final <= level))
    if finals.history is not None:
        for r in inside:
            last = int(finals.stopped_at[r])
            with np.errstate(invalid="ignore"):
                outside = np.flatnonzero(~(finals.history[: last + 1, r] <= level))
            band_steps[r] = int(outside[-1]) + 1 if outside.size else 0  # entered the band here and stayed
    else:
        assert descend is not None, "a sweep without its losses needs its runs again"
        band_steps[inside] = descend.entries(finals.lrs[inside], level)
    if not inside.size:
        return None, band_steps
    fewest = band_steps[inside].min()
    chosen = int(inside[np.flatnonzero(band_steps[inside] == fewest)[0]])  # by increasing η: ties keep the smaller
    return float(finals.lrs[chosen]), band_steps


def _noisy_sweep(problem: Problem, x0: ArrayLike, lrs: Array, steps: int, tol: float, optimizer: Optimizer | None,
                 schedule: Schedule | None, cancel: CancelToken | None, noise: Noise) -> Sweep:
    """Every η in ``noise.trials`` trials, one engine call per group of η (rows η · trials + trial)
    that keeps each trial's last record and its losses over the last fifth of the steps."""
    from ..engine.descent import descend
    from ..engine.trials import TrialRecorder, TrialStats

    K = noise.trials
    if lrs.size * K > MAX_POINTS:
        raise InputError(f"{lrs.size:,} η × {K:,} trials is too many runs for a sweep: at most {MAX_POINTS:,} "
                         f"({MAX_POINTS // K:,} η for {K:,} trials)", field=Field.TRIALS)
    constant = schedule is None or schedule.is_constant
    group = lrs.size if constant else max(1, TABLE // ((steps + 1) * K))
    parts: list[tuple[Any, TrialStats, TrialRecorder]] = []
    for a in range(0, lrs.size, group):
        done, rec = descend(problem, x0, lrs[a : a + group], steps, tol, [optimizer] if optimizer is not None else None,
                            schedule, TrialRecorder.factory(K, per_step=False), cancel,
                            budget=_trials_budget(lrs.size, K), noise=noise, trials=range(K))
        parts.append((done, rec.stats(done), rec))
    status = [_worst(trials) for _, stats, _ in parts for trials in stats.status]
    stopped = np.concatenate([stats.stopped_at.max(axis=1) for _, stats, _ in parts])
    with np.errstate(all="ignore"):
        final = np.concatenate([stats.loss.mean(axis=1) for _, stats, _ in parts])
        floor = np.concatenate([np.array([stats.window_mean(r).mean() for r in range(stats.runs)])
                                for _, stats, _ in parts])
    first_x = np.concatenate([rec.final_x[::K] for _, _, rec in parts])  # trial 0 of each η: where it ended
    finals = Finals(problem=problem, x0=parts[0][0].x0, lrs=lrs, status=status, stopped_at=stopped, x=first_x,
                    loss=final, f0=float(parts[0][2].first_loss[0]), history=None)
    critical, minimum = critical_lr(finals)
    candidates = _stable(finals) & np.isfinite(floor)
    if critical is not None:
        candidates &= lrs <= SAFETY * critical * (1 + 1e-12)
    suggested = None
    if candidates.any():
        inside = np.flatnonzero(candidates)
        suggested = float(lrs[inside[np.argmin(floor[inside])]])  # argmin: the first, the smaller η on ties
    return Sweep(lrs=lrs, final_loss=final, status=status, stopped_at=stopped,
                 steps_to_band=np.full(lrs.size, -1, dtype=np.int64), critical_lr=critical, suggested_lr=suggested,
                 minimum=minimum, f0=finals.f0, noise=noise, floor=floor)


_WORST = (Status.DIVERGED, Status.LEFT_DOMAIN, Status.MAX_STEPS, Status.CONVERGED)


def _worst(statuses: list[Status]) -> Status:
    """A point's status over its trials: diverged if any trial diverged, then left the domain, then
    still going; converged only when every trial converged."""
    return next(s for s in _WORST if s in statuses)


def _trials_budget(points: int, trials: int) -> Any:
    """Every trial counts toward the sweep's work: at most MAX_WORK run-steps in all."""
    from ..limits import MAX_STEPS, MAX_WORK

    def check(rows: int, steps: int) -> None:
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
            raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}", field=Field.STEPS)
        if points * trials * steps > MAX_WORK:
            raise InputError(
                f"{points:,} η × {trials:,} trials × {steps:,} steps is too much work for a sweep: every trial "
                f"counts, at most {MAX_WORK:,} run-steps ({MAX_WORK // (points * trials):,} steps here)",
                field=Field.TRIALS,
            )

    return check


def log_spaced(lr_min: float, lr_max: float, points: int) -> Array:
    """``points`` η from lr_min to lr_max, equally spaced in log η; a value within 2 ulp of a
    15-digit decimal is snapped to it (0.5000000000000001 → 0.5), the ends are exact."""
    lrs = np.geomspace(lr_min, lr_max, points)
    for i, v in enumerate(lrs):
        short = float(f"{v:.15g}")
        if abs(short - v) <= 2 * np.spacing(v):
            lrs[i] = short
    lrs[0], lrs[-1] = lr_min, lr_max
    return lrs


# -- the range test --------------------------------------------------------------------------
class ExponentialRange(Schedule):
    """η_k = lr_min·(lr_max/lr_min)^(k/N) for k = 0..N: η grows exponentially within one run.

    Every run follows the same table; the runs' own η are ignored (as fastai's LRFinder)."""

    def __init__(self, lr_min: float, lr_max: float):
        super().__init__(
            name="range_test",
            params={"lr_min": float(lr_min), "lr_max": float(lr_max)},
            text=f"range_test:lr_min={lr_min:g},lr_max={lr_max:g}",
        )

    def _table(self, base: Array, steps: int) -> Array:
        a, b = self.params["lr_min"], self.params["lr_max"]
        row = np.geomspace(a, b, steps + 1) if steps > 0 else np.array([a])
        row[0] = a
        if steps > 0:
            row[-1] = b
        return np.repeat(row[None, :], base.size, axis=0)


@dataclass
class RangeTest:
    lr: Array  # (n,) η_k of records 0..stopped_at
    loss: Array  # (n,) f(x_k)
    smoothed: Array  # (n,) fastai's debiased moving average of the loss
    used: tuple[int, int]  # records [a, b) the steep rule looked at
    steep_lr: float | None
    status: Status
    stopped_at: int
    result: Result = field(repr=False)

    def point(self, k: int) -> dict[str, Any]:
        """Record k as JSON: its step, η_k, loss and smoothed loss (None where not finite)."""
        return {
            "step": k,
            "lr": float(self.lr[k]),
            "loss": _finite(self.loss[k]),
            "smoothed_loss": _finite(self.smoothed[k]),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "points": [self.point(k) for k in range(self.lr.size)],
            "steep_lr": self.steep_lr,
            "status": self.status.value,
            "stopped_at": self.stopped_at,
        }


def smooth(loss: Array, beta: float = SMOOTHING) -> Array:
    """fastai's AvgSmoothLoss: a_k = β·a_{k−1} + (1−β)·L_k from a_{−1} = 0, s_k = a_k / (1 − β^{k+1})."""
    out = np.empty(loss.size)
    a = 0.0
    with np.errstate(all="ignore"):
        for k, v in enumerate(loss):
            a = beta * a + (1.0 - beta) * float(v)
            out[k] = a / (1.0 - beta ** (k + 1))
    return out


def steep_lr(lr: Array, smoothed: Array) -> tuple[float | None, tuple[int, int]]:
    """fastai's "steep" suggestion over the records fastai would keep (see the module docstring)."""
    n = smoothed.size
    end = n
    best = math.inf
    for k in range(n):  # LRFinder's stop: not finite, or past 4× the best smoothed loss so far
        s = smoothed[k]
        if not math.isfinite(s):
            end = k
            break
        best = min(best, s)
        if best > 0 and s > STOP_FACTOR * best:
            end = k + 1
            break
    a, b = n // 10, end - 5
    if b - a < 2:
        a, b = 0, end
    if b - a < 2:
        return None, (a, b)
    s = smoothed[a:b]
    log_lr = np.log(lr[a:b])
    with np.errstate(all="ignore"):
        slope = np.diff(s) / np.diff(log_lr)
    if not np.isfinite(slope).any():
        return None, (a, b)
    i = int(np.nanargmin(np.where(np.isfinite(slope), slope, np.nan)))
    return float(lr[a + i]), (a, b)


def range_test(
    problem: Problem,
    x0: ArrayLike,
    lr_min: float = 1e-7,
    lr_max: float = 10.0,
    steps: int = 100,
    optimizer: Optimizer | None = None,
    beta: float = SMOOTHING,
    cancel: CancelToken | None = None,
) -> RangeTest:
    """The LR range test: one run with η growing exponentially from lr_min to lr_max over
    ``steps`` steps (defaults as fastai's lr_find: 1e-7, 10, 100). No convergence stop (tol 0);
    the run stops when it diverges by the engine's rule."""
    from ..engine.descent import run

    lr_min, lr_max, _ = check_range(lr_min, lr_max)
    res = run(
        problem,
        x0,
        [lr_min],
        steps,
        tol=0.0,
        optimizers=[optimizer] if optimizer is not None else None,
        schedule=ExponentialRange(lr_min, lr_max),
        cancel=cancel,
    )
    k = int(res.stopped_at[0])
    lr = np.array(res.lr[0, : k + 1], dtype=np.float64)
    loss = np.array(res.loss[0, : k + 1], dtype=np.float64)
    smoothed = smooth(loss, beta)
    steep, used = steep_lr(lr, smoothed)
    return RangeTest(lr, loss, smoothed, used, steep, res.status[0], k, res)


__all__ = [
    "ExponentialRange",
    "Finals",
    "RangeTest",
    "Sweep",
    "check_range",
    "critical_lr",
    "log_spaced",
    "range_test",
    "smooth",
    "steep_lr",
    "suggest",
    "sweep",
]
