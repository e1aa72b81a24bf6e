"""The finished result of a descent: arrays over (runs, steps+1, parameters) and per-run statuses.

Front ends only read a Result; moving the step cursor never recomputes anything.
Record k of run r holds x_k, f(x_k), ∇f(x_k) and η_k, the η used to go from x_k to
x_{k+1}. Records after a run's ``stopped_at`` repeat its last record (the run stopped
there); ``records(r)`` and every exporter stop at ``stopped_at``.

The engine fills the trajectories; :func:`lrtui.teaching.scenario.run` adds ``analysis`` (one
:class:`Analysis` per run, from :func:`lrtui.analysis.analyse.analyse`). How a run ended is worded
here, once (:meth:`Result.status_text`), for the app, the command line and the verdicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ..numeric import shortest
from ..optim.optimizer import Optimizer
from ..optim.schedules.base import Schedule
from ..problem import Array, Problem
from .noise import Noise

if TYPE_CHECKING:
    from .trials import TrialStats


class Status(StrEnum):
    CONVERGED = "converged"  # |∇f(x_k)| < tol
    DIVERGED = "diverged"  # x or f left every bound (see engine.DIVERGENCE_RULE)
    LEFT_DOMAIN = "left_domain"  # f(x_k) is not a number (log or sqrt of a negative, ...)
    MAX_STEPS = "max_steps"  # the step budget ran out

    @property
    def words(self) -> str:
        """The status in words: "converged", "diverged", "left the domain", "ran out of steps"."""
        return _WORDS[self]


_WORDS = {
    Status.CONVERGED: "converged",
    Status.DIVERGED: "diverged",
    Status.LEFT_DOMAIN: "left the domain",
    Status.MAX_STEPS: "ran out of steps",
}

CYCLE_RTOL = 1e-9  # a cycle: the last 3 periods agree to this relative tolerance
LONGEST_CYCLE = 16


@dataclass(frozen=True)
class Analysis:
    """What a run's η means near the minimum it heads for: the numbers and the verdict."""

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
    floor: Any = None  # with gradient noise: the noise floor (lrtui.analysis.floor.Floor), added after the rest

    def as_dict(self) -> dict[str, Any]:
        x = self.minimum
        out: dict[str, Any] = {
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
        if self.floor is not None:
            out["noise_floor"] = self.floor.as_dict()
        return out


@dataclass
class Result:
    problem: Problem
    x0: Array  # (d,)
    steps: int  # the step budget N; arrays hold N+1 records
    tol: float
    lrs: Array  # (runs,) the base η of every run
    optimizers: list[Optimizer]  # (runs,) the optimizer of every run
    schedule: Schedule  # the schedule of every run (CONSTANT when none)
    x: Array  # (runs, N+1, d)
    loss: Array  # (runs, N+1)
    grad: Array  # (runs, N+1, d)
    lr: Array  # (runs, N+1): η_k actually used at step k
    status: list[Status]  # (runs,)
    stopped_at: NDArray[np.int64]  # (runs,) the last record of each run
    state: dict[str, Array] = field(default_factory=dict)  # name -> (runs, N+1, d)
    extra: dict[str, NDArray[Any]] = field(default_factory=dict)  # name -> (runs, N+1), e.g. "epoch"
    analysis: list[Analysis | None] = field(default_factory=list)  # (runs,), added by scenario.run
    # gradient noise (lrtui.engine.noise): the records above are those of trial ``trial`` of each run;
    # ``trials`` keeps statistics over all the trials (None: one trial, or no noise)
    noise: Noise | None = None
    trial: int = 0
    trials: TrialStats | None = None
    _noise_cache: dict[int, Array] = field(default_factory=dict, repr=False, compare=False)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(self.problem.parameters)

    @property
    def runs(self) -> int:
        return int(self.lrs.shape[0])

    @property
    def noisy(self) -> bool:
        """Does the optimizer see noise added to every gradient (``--noise`` > 0)?"""
        return self.noise is not None and self.noise.active

    @property
    def stochastic(self) -> bool:
        """Is the gradient the optimizer sees random: minibatches, or added noise?"""
        return self.problem.stochastic or self.noisy

    def noise_at(self, r: int, start: int = 0, stop: int | None = None) -> Array:
        """The noise added to ∇f(x_k) for step k of run r's recorded trial, for the records
        start..min(stop, stopped_at): (n, d); NaN at the last record, where no step was taken,
        and zeros without noise. Drawn again from the run's stream (:meth:`Noise.vectors`): the
        very numbers the step used."""
        last = int(self.stopped_at[r])
        stop = last + 1 if stop is None else min(stop, last + 1)
        start = max(start, 0)
        if stop <= start:
            return np.empty((0, self.dims))
        if self.noise is None:
            return np.zeros((stop - start, self.dims))
        drawn = self._noise_cache.get(r)
        if drawn is None:
            drawn = self.noise.vectors(r, self.trial, last, self.dims)
            if len(self._noise_cache) >= 2:  # the runs looked at lately: the app's followed run, an export's
                self._noise_cache.pop(next(iter(self._noise_cache)))
            self._noise_cache[r] = drawn
        out = np.full((stop - start, self.dims), np.nan)
        taken = min(stop, last) - start
        if taken > 0:
            out[:taken] = drawn[start : start + taken]
        return out

    @property
    def dims(self) -> int:
        return int(self.x.shape[2])

    def label(self, r: int) -> str:
        """A short name for run r: "η=0.1", or "adam η=0.1" when the optimizers differ or are not plain."""
        lr = f"η={shortest(self.lrs[r])}"  # whole: a label never shows a different η
        if len({o.text for o in self.optimizers}) > 1 or not self.optimizers[r].is_plain:
            return f"{self.optimizers[r].text} {lr}"
        return lr

    def is_plain(self, r: int) -> bool:
        """Is run r plain gradient descent with one η: x_{k+1} = x_k − η·∇f(x_k) at every step it took?"""
        if not self.optimizers[r].is_plain:
            return False
        lr = self.lr[r, : max(int(self.stopped_at[r]), 1)]  # the η of every step taken
        return bool(np.all(lr == lr[0]))

    def move(self, r: int, start: int = 0, stop: int | None = None) -> Array:
        """The step from x_k, for the records start..min(stop, stopped_at) of run r: (n, d).

        Plain descent (the optimizer's rule is x − η·∇f): η_k·∇f(x_k), what the rule subtracts
        — at the last record too, the step the rule would take next; with noise η_k·(∇f(x_k) +
        noise_k), NaN at the last record. Other optimizers:
        x_k − x_{k+1}, what the optimizer moved; NaN at the last record, where no step was taken.
        """
        last = int(self.stopped_at[r])
        stop = last + 1 if stop is None else min(stop, last + 1)
        start = max(start, 0)
        if stop <= start:
            return np.empty((0, self.dims))
        with np.errstate(all="ignore"):  # near the float limit a step overflows to inf: shown as such
            if self.optimizers[r].is_plain:
                grad = self.grad[r, start:stop]
                if self.noisy:  # the rule's gradient: ∇f(x_k) + noise_k (NaN at the last record: no noise drawn)
                    grad = grad + self.noise_at(r, start, stop)
                moved: Array = self.lr[r, start:stop, None] * grad
                return moved
            out = np.full((stop - start, self.dims), np.nan)
            taken = min(stop, last) - start  # records before the last have a next record
            if taken > 0:
                out[:taken] = self.x[r, start : start + taken] - self.x[r, start + 1 : start + taken + 1]
        return out

    def cycle(self, r: int, longest: int = LONGEST_CYCLE) -> int:
        """The period p ≤ longest with which run r's last 3p records repeat to CYCLE_RTOL, or 0.

        p = 1: the run no longer moves (to CYCLE_RTOL); p ≥ 2: it has settled into a cycle
        of p distinct points."""
        k = int(self.stopped_at[r])
        xs = self.x[r, : k + 1]
        with np.errstate(invalid="ignore"):
            for p in range(1, longest + 1):
                if k < 3 * p:
                    break
                a, b = xs[k - 2 * p + 1 : k + 1], xs[k - 3 * p + 1 : k - p + 1]
                if np.all(np.abs(a - b) <= CYCLE_RTOL * (1.0 + np.abs(a))):
                    return p
        return 0

    def status_text(self, r: int, brief: bool = False) -> str:
        """How run r ended, with its step: "converged at step 12", "still moving at step 20",
        "bouncing between 2 points at step 40", "in a cycle of 4 points at step 1,000", ...

        ``brief``, for a status line: "converged at 12", "bouncing at 40", "in a 4-cycle at 1,000"."""
        status, k = self.status[r], int(self.stopped_at[r])
        at = f"at {k:,}" if brief else f"at step {k:,}"
        if status != Status.MAX_STEPS:
            return f"{status.words} {at}"
        p = self.cycle(r)
        if p == 0:
            return f"still moving {at}"
        if p == 1:
            still = k >= 2 and bool(np.all(self.x[r, k - 2 : k + 1] == self.x[r, k]))
            return f"at rest {at}" if still else f"nearly at rest {at}"
        if p == 2:
            return f"bouncing {at}" if brief else f"bouncing between 2 points {at}"
        return f"in a {p}-cycle {at}" if brief else f"in a cycle of {p} points {at}"

    def records(self, r: int, start: int = 0, stop: int | None = None) -> Iterator[dict[str, Any]]:
        """Yield dicts for the records start..min(stop, stopped_at) of run r (stop exclusive); a
        record's ``"state"`` holds the states run r's own optimizer explains its steps with."""
        last = int(self.stopped_at[r]) + 1
        stop = last if stop is None else min(stop, last)
        own = [name for name in self.optimizers[r].explains if name in self.state]  # this run's optimizer's only
        noise = self.noise_at(r, start, stop) if self.noise is not None else None
        for k in range(max(start, 0), stop):
            rec: dict[str, Any] = {
                "step": k,
                "x": self.x[r, k],
                "loss": float(self.loss[r, k]),
                "grad": self.grad[r, k],
                "lr": float(self.lr[r, k]),
            }
            for name, values in self.extra.items():
                rec[name] = values[r, k]
            if own:
                rec["state"] = {name: self.state[name][r, k] for name in own}
            if noise is not None:
                rec["noise"] = noise[k - max(start, 0)]
            yield rec
