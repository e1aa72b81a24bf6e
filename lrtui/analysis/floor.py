"""The noise floor: how low a run with noisy gradients gets, predicted in closed form and measured.

With noise σ·ξ_k added to every gradient (ξ_k ~ N(0, I)), plain SGD at a constant η cannot
settle on x*: near a minimum where f is locally quadratic, with Hessian eigenvalues λ_i, the
error along each eigenvector follows e_{k+1} = (1 − ηλ_i)·e_k − ησ·ξ_k, whose stationary
variance is ησ²/(λ_i(2 − ηλ_i)). So the expected excess loss settles at

    E[f − f*] = Σ_i ησ² / (2(2 − ηλ_i))            (η < 2/λ_max; in 1-D, λ = f''(x*))

(:func:`predicted`). Halving η about halves it (exactly ×(2 − ηλ)/(4 − ηλ) per direction), at
the price of a slower descent. No closed form is given for another optimizer, a schedule, a
minimum without curvature or η ≥ 2/λ_max.

The measurement (:func:`measured`): the mean over the trials of f − f(x*) over the *window*, the
last fifth of the steps (:func:`lrtui.engine.trials.window`) — when the run has settled there.
Settled: the window's second half and first half differ by at most 3 standard errors of that
difference (from the spread of the difference over the trials; with one trial, from the spread
of the ten parts' means within each half) or by at most 5 % of the measured floor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..engine.result import Analysis, Result, Status
from ..engine.trials import TrialStats

__all__ = ["Floor", "add_floors", "floor", "measured", "predicted"]

SETTLED_SE = 3.0  # the halves of the window may differ by this many standard errors …
SETTLED_SHARE = 0.05  # … or by this share of the floor
MIN_WINDOW = 10  # records the window needs for a measurement: 50 steps at least


def predicted(eta: float, sigma: float, curvatures: Sequence[float]) -> float | None:
    """Σ_i ησ²/(2(2 − ηλ_i)) over the Hessian's eigenvalues λ_i at the minimum; None unless every
    λ_i > 0 and η < 2/λ_max (where plain SGD settles)."""
    lams = [float(v) for v in curvatures]
    if not lams or not all(math.isfinite(v) and v > 0 for v in lams) or not eta * max(lams) < 2.0:
        return None
    return sum(eta * sigma * sigma / (2.0 * (2.0 - eta * lam)) for lam in lams)


@dataclass(frozen=True)
class Measured:
    """The floor measured over a run's trials (f − f*, or f where f* is unknown)."""

    value: float  # the mean over trials of f − f* over the window
    error: float | None  # its standard error over the trials (None with one trial)
    first: float  # the mean over the window's first half
    second: float  # … and over its second half
    settled: bool


def measured(stats: TrialStats, r: int, f_star: float) -> Measured | None:
    """The floor of run r over its trials' window (see the module's docstring); None when a trial
    diverged or left the domain, or a loss in the window is not finite."""
    if stats.lost(r):
        return None
    parts = stats.window_means[r] - f_star  # (trials, parts)
    if not np.all(np.isfinite(parts)):
        return None
    sizes = np.diff(stats.window_parts).astype(np.float64)
    half = max(parts.shape[1] // 2, 1)
    whole = parts @ sizes / sizes.sum()  # (trials,)
    if parts.shape[1] < 2:  # a window of one record: nothing to compare
        return Measured(float(whole.mean()), _error(whole), float(whole.mean()), float(whole.mean()), True)
    a = parts[:, :half] @ sizes[:half] / sizes[:half].sum()
    b = parts[:, half:] @ sizes[half:] / sizes[half:].sum()
    drift = float(b.mean() - a.mean())
    K = parts.shape[0]
    if K >= 2:
        spread = float(np.std(b - a, ddof=1)) / math.sqrt(K)
    else:  # one trial: the parts' means scatter within each half
        within = np.concatenate([parts[0, :half] - parts[0, :half].mean(), parts[0, half:] - parts[0, half:].mean()])
        dof = max(within.size - 2, 1)
        s = math.sqrt(float(within @ within) / dof)
        spread = s * math.sqrt(1.0 / half + 1.0 / (parts.shape[1] - half))
    value = float(whole.mean())
    settled = abs(drift) <= max(SETTLED_SE * spread, SETTLED_SHARE * abs(value))
    return Measured(value, _error(whole), float(a.mean()), float(b.mean()), settled)


def _error(values: np.ndarray[Any, Any]) -> float | None:
    return float(np.std(values, ddof=1)) / math.sqrt(values.size) if values.size >= 2 else None


@dataclass(frozen=True)
class Floor:
    """A run's noise floor: the closed form where it applies, the measurement, and the sentence."""

    sigma: float
    trials: int
    predicted: float | None  # Σ ησ²/(2(2 − ηλ_i)); None where no closed form applies
    formula: str  # how the prediction reads: ησ²/(2(2−ηf'')), or the sum over λ_i
    halved: float | None  # the prediction at η/2
    no_closed_form: str  # why there is no prediction ("" when there is one)
    measured: float | None  # the mean over trials of f − f* over the window (None: a trial was lost)
    error: float | None  # its standard error over the trials
    settled: bool
    window: tuple[int, int]  # the records measured: first and last
    lost: int  # trials that diverged or left the domain
    sentence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sigma": self.sigma,
            "trials": self.trials,
            "predicted": self.predicted,
            "formula": self.formula if self.predicted is not None else None,
            "halved_lr_predicted": self.halved,
            "no_closed_form": self.no_closed_form or None,
            "measured": self.measured,
            "standard_error": self.error,
            "settled": self.settled,
            "window": list(self.window),
            "lost_trials": self.lost,
        }


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def floor(result: Result, r: int, stats: TrialStats, sigma: float) -> Floor | None:
    """Run r's noise floor (None without noise, or without a minimum to measure it against). A
    problem whose gradient is noisy of itself (the regression's minibatches) with ``sigma`` 0:
    measured only, from its one run."""
    minibatches = not sigma > 0 and result.problem.stochastic
    if not (sigma > 0 or minibatches) or not result.analysis:
        return None
    a = result.analysis[r]
    K = stats.trials
    span = (stats.window_start, result.steps)
    over = f"over {K:,} trial{'s' if K > 1 else ''}"
    of = f"of {K:,} trial{'s' if K > 1 else ''}"
    lost = stats.lost(r)
    if lost:
        return Floor(sigma, K, None, "", None, "", None, None, False, span, lost,
                     f"noise: {lost:,} {of} diverged or left the domain: no floor")
    met = sum(s == Status.CONVERGED for s in stats.status[r])
    if met:
        return Floor(sigma, K, None, "", None, "", None, None, False, span, 0,
                     f"noise: {met:,} {of} stopped where |∇f| < tol, where they are kept: set tol to 0 to "
                     "measure the noise floor")
    if a is None or a.minimum is None:
        return None
    if result.steps - stats.window_start + 1 < MIN_WINDOW:
        return Floor(sigma, K, None, "", None, "", None, None, False, span, 0,
                     f"noise: too few steps to measure a floor (its last fifth needs {MIN_WINDOW} records: "
                     f"{5 * MIN_WINDOW} steps or more)")
    f_star = float(result.problem.loss(np.array([a.minimum], dtype=np.float64))[0])
    m = measured(stats, r, f_star)
    why, lams, formula = _closed_form(result, r, a)
    if minibatches:
        why, lams = "to the noise of minibatches", ()
    eta = float(result.lrs[r])
    p = predicted(eta, sigma, lams) if not why else None
    constant = predicted(eta, sigma, lams) if why else None  # plain SGD under a schedule: at a constant η
    if p is None and not why:
        why = "at η ≥ 2/f''" if result.dims == 1 else "at η ≥ 2/λ_max"
    halved = predicted(eta / 2, sigma, lams) if p is not None else None
    if m is None:
        return Floor(sigma, K, p, formula, halved, why, None, None, False, span, 0,
                     "noise: a loss in the last fifth of the steps is not finite: no floor measured")
    at_constant = (f"; at a constant η = {_fmt(eta)} it would settle at ≈ {_fmt(constant)} ({formula})"
                   if constant is not None else "")
    f = "L" if result.parameters == ("w", "b") else "f"
    noise = "minibatch noise" if minibatches else "noise"
    if not m.settled:
        trend = "still falling" if m.second < m.first else "still rising"
        said = (f"{noise}: {f} − {f}* {trend} over the last fifth of the steps (mean {_fmt(m.first)} in its first "
                f"half, {_fmt(m.second)} in its second, {over}): no floor measured yet")
        if p is not None:
            said += f"; at this η it would settle at ≈ {_fmt(p)} ({formula})"
        return Floor(sigma, K, p, formula, halved, why, m.value, m.error, False, span, 0, said + at_constant)
    value = _fmt(m.value) + (f" ± {_fmt(m.error)}" if m.error is not None else "")
    if p is not None:
        assert halved is not None
        ratio = halved / p
        law = (f"halving η halves it ({_fmt(halved)}, ×{ratio:.2f})" if ratio >= 0.4
               else f"halving η gives {_fmt(halved)} (×{ratio:.2f})")
        said = f"noise floor ≈ {_fmt(p)} predicted ({formula}), {value} measured {over}; {law}"
    else:
        said = (f"{noise} floor ≈ {value} measured {over} (mean {f} − {f}* over the last fifth of the steps); "
                f"no closed form applies {why}{at_constant}")
    return Floor(sigma, K, p, formula, halved, why, m.value, m.error, True, span, 0, said)


def _closed_form(result: Result, r: int, a: Analysis) -> tuple[str, Sequence[float], str]:
    """(why no closed form applies — "" when it does —, the curvatures, the formula's text); the
    curvatures also for plain SGD under a schedule (what a constant η would give), else none."""
    one = result.dims == 1
    formula = "ησ²/(2(2−ηf''))" if one else "Σ ησ²/(2(2−ηλ_i))"
    opt = result.optimizers[r]
    if not opt.is_plain:
        return f"to {opt.text}", (), formula
    lams: Sequence[float] = (a.curvature,) if one and a.curvature is not None else (a.curvatures or ())
    if not lams or not all(v is not None and v > 0 for v in lams):
        return "at a minimum without curvature", (), formula
    if not result.schedule.is_constant:
        return f"under the schedule {result.schedule.text}", lams, formula
    return "", lams, formula


def add_floors(result: Result, stats: TrialStats, sigma: float) -> None:
    """Each run's noise floor into its analysis (``floor``) and its verdict (the sentence after it)."""
    from dataclasses import replace

    if not result.analysis:
        return
    for r, a in enumerate(result.analysis):
        if a is None:
            continue
        found = floor(result, r, stats, sigma)
        if found is not None:
            result.analysis[r] = replace(a, floor=found, verdict=f"{a.verdict}; {found.sentence}")
