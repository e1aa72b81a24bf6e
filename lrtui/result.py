"""The finished result of a descent: arrays over (runs, steps+1, parameters) and per-run statuses.

Front ends only read a Result; moving the step cursor never recomputes anything.
Record k of run r holds x_k, f(x_k), ∇f(x_k) and η_k, the η used to go from x_k to
x_{k+1}. Records after a run's ``stopped_at`` repeat its last record (the run stopped
there); ``records(r)`` and every exporter stop at ``stopped_at``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .analysis import Analysis
    from .problem import Problem


class Status(StrEnum):
    CONVERGED = "converged"  # |∇f(x_k)| < tol
    DIVERGED = "diverged"  # x or f left every bound (see engine.DIVERGENCE_RULE)
    LEFT_DOMAIN = "left_domain"  # f(x_k) is not a number (log or sqrt of a negative, ...)
    MAX_STEPS = "max_steps"  # the step budget ran out


@dataclass
class Result:
    problem: Problem
    x0: np.ndarray  # (d,)
    steps: int  # the step budget N; arrays hold N+1 records
    tol: float
    lrs: np.ndarray  # (runs,) the base η of every run
    optimizers: list[str]  # (runs,) the optimizer of every run, as given
    schedule: str  # the schedule, as given ("constant" when none)
    x: np.ndarray  # (runs, N+1, d)
    loss: np.ndarray  # (runs, N+1)
    grad: np.ndarray  # (runs, N+1, d)
    lr: np.ndarray  # (runs, N+1): η_k actually used at step k
    status: list[Status]  # (runs,)
    stopped_at: np.ndarray  # (runs,) int: the last record of each run
    state: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (runs, N+1, d)
    analysis: list[Analysis | None] = field(default_factory=list)  # (runs,)
    extra: dict[str, np.ndarray] = field(default_factory=dict)  # name -> (runs, N+1), e.g. "epoch"

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(self.problem.parameters)

    @property
    def runs(self) -> int:
        return int(self.lrs.shape[0])

    @property
    def dims(self) -> int:
        return int(self.x.shape[2])

    def label(self, r: int) -> str:
        """A short name for run r: "η=0.1", or "adam η=0.1" when optimizers differ."""
        lr = f"η={self.lrs[r]:g}"
        if len(set(self.optimizers)) > 1 or self.optimizers[r] != "sgd":
            return f"{self.optimizers[r]} {lr}"
        return lr

    def records(self, r: int, start: int = 0, stop: int | None = None):
        """Yield dicts for the records start..min(stop, stopped_at) of run r (stop exclusive)."""
        last = int(self.stopped_at[r]) + 1
        stop = last if stop is None else min(stop, last)
        for k in range(max(start, 0), stop):
            rec = {
                "step": k,
                "x": self.x[r, k],
                "loss": float(self.loss[r, k]),
                "grad": self.grad[r, k],
                "lr": float(self.lr[r, k]),
            }
            for name, values in self.extra.items():
                rec[name] = values[r, k]
            if self.state:
                rec["state"] = {name: values[r, k] for name, values in self.state.items()}
            yield rec
