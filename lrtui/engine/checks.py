"""What the engine refuses before any work starts: the start, the learning rates, tol, and the
budget of records (lrtui.limits) a computation may keep."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from ..errors import Field, InputError
from ..limits import MAX_NUMBERS, MAX_RECORDS, MAX_STEPS, numbers_per_record
from ..optim.optimizer import Optimizer
from ..optim.schedules.base import Schedule
from ..problem import Array, Problem


def check_budget(runs: int, steps: int, numbers: int = 3, what: str = "") -> None:
    """Refuse a computation beyond the limits (lrtui.limits): ``numbers`` is what one record of
    one run keeps (:func:`lrtui.limits.numbers_per_record`), ``what`` says what makes it that many."""
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}", field=Field.STEPS)
    records = runs * (steps + 1)
    most = max(min(MAX_RECORDS // runs, MAX_NUMBERS // (runs * max(numbers, 1))) - 1, 0)  # steps allowed
    if records * numbers > MAX_NUMBERS:
        raise InputError(
            f"{runs:,} runs × {steps:,} steps is too much to record: each record keeps {numbers} numbers"
            f"{f' ({what})' if what else ''}, at most {MAX_NUMBERS:,} in all: at most {most:,} steps "
            f"for {runs:,} runs",
            field=Field.STEPS,
        )
    if records > MAX_RECORDS:
        raise InputError(
            f"{runs:,} runs × {steps:,} steps is too much work: at most {MAX_RECORDS:,} run-steps, "
            f"at most {most:,} steps for {runs:,} runs",
            field=Field.STEPS,
        )


def check_lrs(lrs: ArrayLike) -> Array:
    arr = np.asarray(lrs, dtype=np.float64).reshape(-1)
    if arr.size == 0:
        raise InputError("give at least one learning rate", field=Field.LR)
    for v in arr:
        if not math.isfinite(v) or v <= 0:
            raise InputError(f"a learning rate must be a positive finite number, got {v:g}", field=Field.LR)
    return arr


def check_start(problem: Problem, x0: ArrayLike) -> Array:
    d = len(problem.parameters)
    start = np.atleast_1d(np.asarray(x0, dtype=np.float64)).reshape(-1)
    if start.size != d:
        raise InputError(
            f"x0 needs {d} number{'s' if d > 1 else ''} ({', '.join(problem.parameters)}), got {start.size}",
            field=Field.X0,
        )
    if not np.all(np.isfinite(start)):
        raise InputError("x0 must be finite", field=Field.X0)
    return start


def check_tol(tol: float) -> float:
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InputError(f"tol must be a finite number ≥ 0, got {tol!r}", field=Field.TOL)
    return float(tol)


def record_numbers(problem: Problem, d: int, optimizers: Sequence[Optimizer], schedule: Schedule) -> tuple[int, str]:
    """The float64 numbers one record of one run keeps (see lrtui.limits), and what they are.

    Every run records every state any of the optimizers explains (the arrays are shared)."""
    states: list[str] = []
    for opt in optimizers:
        states += [name for name in opt.explains if name not in states]
    extras = list(problem.extras(0))
    scheduled = not schedule.is_constant
    n = numbers_per_record(d, len(states), scheduled, len(extras))
    each = f" ({d})" if d > 1 else ""
    parts = [f"x{each}", f"∇f{each}", "f", *(f"{name}{each}" for name in states)]
    parts += ["η_k"] * scheduled + extras
    return n, ", ".join(parts)

