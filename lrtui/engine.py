"""The descent engine: every run at once, vectorized with NumPy across runs.

    result = run(problem, x0=[10.0], lrs=[0.01, 0.1, 0.5], steps=20)

Runs are every optimizer × every η, in that order; they share the problem, x0 and the
step budget. The loop goes over steps only; each step is a handful of array operations
over all runs. It writes every record into a :class:`Recorder`; stop rules are applied to
the records a block of steps at a time, so the hot loop carries no per-run bookkeeping.
A run's records after its stop repeat its last record, and the loop ends as soon as every
run has stopped.

With few runs (up to SCALAR_RUNS) and a problem that has code for one point on floats, the
runs go one at a time through :mod:`lrtui.scalar_engine` instead: the same records, bit for
bit, at a fraction of the cost (NumPy's call overhead dominates a step of a few runs).

The engine returns trajectories and statuses only: :func:`lrtui.scenario.run` adds the
analysis. :func:`run` keeps every record (:class:`FullRecorder`) and returns a Result; a
caller that needs less (a sweep needs final values) calls :func:`descend` with its own
Recorder and reads what it kept from there.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .cancel import CancelToken, raise_if_cancelled
from .errors import InputError
from .limits import MAX_NUMBERS, MAX_RECORDS, MAX_STEPS, numbers_per_record
from .optimizers import PLAIN, Optimizer, State
from .problem import Array, Problem
from .result import Result, Status
from .scalar_engine import SCALAR_RUNS, scalar_code, scalar_loop
from .schedules import CONSTANT, Schedule
from .stops import DIVERGENCE_FACTOR, DIVERGENCE_RULE, StopRules

__all__ = ["DIVERGENCE_FACTOR", "DIVERGENCE_RULE", "SCALAR_RUNS", "Descent", "FullRecorder", "Recorder", "descend",
           "run"]

PATHS = ("auto", "floats", "arrays")  # which loop runs the runs (see descend)
FIRST_BLOCK = 64  # records between the first two applications of the stop rules
LARGEST_BLOCK = 512  # the block doubles up to this


# -- checks ------------------------------------------------------------------------------------
def check_budget(runs: int, steps: int, numbers: int = 3, what: str = "") -> None:
    """Refuse a computation beyond the limits (lrtui.limits): ``numbers`` is what one record of
    one run keeps (:func:`lrtui.limits.numbers_per_record`), ``what`` says what makes it that many."""
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
        raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}", field="steps")
    records = runs * (steps + 1)
    most = max(min(MAX_RECORDS // runs, MAX_NUMBERS // (runs * max(numbers, 1))) - 1, 0)  # steps allowed
    if records * numbers > MAX_NUMBERS:
        raise InputError(
            f"{runs:,} runs × {steps:,} steps is too much to record: each record keeps {numbers} numbers"
            f"{f' ({what})' if what else ''}, at most {MAX_NUMBERS:,} in all: at most {most:,} steps "
            f"for {runs:,} runs",
            field="steps",
        )
    if records > MAX_RECORDS:
        raise InputError(
            f"{runs:,} runs × {steps:,} steps is too much work: at most {MAX_RECORDS:,} run-steps, "
            f"at most {most:,} steps for {runs:,} runs",
            field="steps",
        )


def check_lrs(lrs: ArrayLike) -> Array:
    arr = np.asarray(lrs, dtype=np.float64).reshape(-1)
    if arr.size == 0:
        raise InputError("give at least one learning rate", field="lr")
    for v in arr:
        if not math.isfinite(v) or v <= 0:
            raise InputError(f"a learning rate must be a positive finite number, got {v:g}", field="lr")
    return arr


def check_start(problem: Problem, x0: ArrayLike) -> Array:
    d = len(problem.parameters)
    start = np.atleast_1d(np.asarray(x0, dtype=np.float64)).reshape(-1)
    if start.size != d:
        raise InputError(
            f"x0 needs {d} number{'s' if d > 1 else ''} ({', '.join(problem.parameters)}), got {start.size}",
            field="x0",
        )
    if not np.all(np.isfinite(start)):
        raise InputError("x0 must be finite", field="x0")
    return start


def check_tol(tol: float) -> float:
    if not (isinstance(tol, (int, float)) and math.isfinite(tol) and tol >= 0):
        raise InputError(f"tol must be a finite number ≥ 0, got {tol!r}", field="tol")
    return float(tol)


# -- what the loop writes to -----------------------------------------------------------------
@dataclass
class Trajectories:
    """What a recorder hands back: runs-major arrays of records 0..last (see :class:`Result`)."""

    x: Array  # (runs, n, d)
    loss: Array  # (runs, n)
    grad: Array  # (runs, n, d)
    state: dict[str, Array] = field(default_factory=dict)  # name -> (runs, n, d)


class Recorder(ABC):
    """Where the loop writes records; it decides what is kept.

    A recorder is made for (runs, d, steps). The loop over arrays writes record k into the
    arrays :meth:`slot` returns, asks :meth:`block` for records [a, b) to apply the stop rules
    (b − a ≤ LARGEST_BLOCK, a the end of the previous block: a recorder may forget a record
    once its block was checked and :meth:`stopped` has been called), tells :meth:`stopped`
    which runs stopped at which record (after the loop, the runs still going: at record
    ``steps``), and hands :meth:`state` the optimizer state that explains step k.

    The loop on floats (:mod:`lrtui.scalar_engine`) computes one run at a time and hands
    :meth:`put` a block of its records (then :meth:`stopped` for that run, when one of them
    stops it) and :meth:`put_state` the states of the same steps.
    """

    @abstractmethod
    def slot(self, k: int) -> tuple[Array, Array, Array]:
        """Views to write record k into: x (runs, d), f (runs,), ∇f (runs, d)."""

    @abstractmethod
    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        """Records [a, b), step-major: x (n, runs, d), f (n, runs), ∇f (n, runs, d)."""

    def stopped(self, runs: NDArray[np.intp], at: NDArray[np.int64]) -> None:  # noqa: B027 - optional
        """Runs ``runs`` stopped at records ``at`` (called once per run, before those records go)."""

    @abstractmethod
    def state(self, k: int, runs: slice, explained: State) -> None:
        """The optimizer state that explains step k of the runs ``runs``."""

    def put(self, r: int, a: int, x: Array, f: Array, g: Array) -> None:
        """Records a, a+1, … of run r: x (n, d), f (n,), ∇f (n, d)."""
        for i in range(f.shape[0]):
            X, L, G = self.slot(a + i)
            X[r], L[r], G[r] = x[i], f[i], g[i]

    def put_state(self, r: int, a: int, explained: State) -> None:
        """The states that explain steps a, a+1, … of run r: name -> (n, d)."""
        for name, values in explained.items():
            for i in range(values.shape[0]):
                self.state(a + i, slice(r, r + 1), {name: values[i : i + 1]})


R = TypeVar("R", bound=Recorder)


class FullRecorder(Recorder):
    """Every record, step-major (steps+1, runs, d). ``np.empty`` reserves without touching
    memory, so a budget of a million steps that converges after fifty only pays for fifty —
    the optimizer's states too: what was never written is NaN'd in :meth:`trajectories`, only
    where it is shown."""

    def __init__(self, runs: int, d: int, steps: int):
        self.runs, self.d, self.size = runs, d, steps + 1
        self.X = np.empty((self.size, runs, d))
        self.L = np.empty((self.size, runs))
        self.G = np.empty((self.size, runs, d))
        self.S: dict[str, Array] = {}
        self.explained: dict[str, NDArray[np.bool_]] = {}  # name -> the runs whose steps it explains

    def slot(self, k: int) -> tuple[Array, Array, Array]:
        return self.X[k], self.L[k], self.G[k]

    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        return self.X[a:b], self.L[a:b], self.G[a:b]

    def state(self, k: int, runs: slice, explained: State) -> None:
        for name, value in explained.items():
            self._states(name, runs)[k, runs] = value

    def put(self, r: int, a: int, x: Array, f: Array, g: Array) -> None:
        b = a + f.shape[0]
        self.X[a:b, r], self.L[a:b, r], self.G[a:b, r] = x, f, g

    def put_state(self, r: int, a: int, explained: State) -> None:
        for name, values in explained.items():
            self._states(name, slice(r, r + 1))[a : a + values.shape[0], r] = values

    def _states(self, name: str, runs: slice) -> Array:
        if name not in self.S:
            self.S[name] = np.empty((self.size, self.runs, self.d))  # pages are touched when written
            self.explained[name] = np.zeros(self.runs, dtype=bool)
        self.explained[name][runs] = True
        return self.S[name]

    def trajectories(self, last: int, stopped_at: NDArray[np.int64]) -> Trajectories:
        """Records 0..last, runs-major; after a run's stop its records repeat its last one."""
        n = last + 1

        def runs_major(buf: Array) -> Array:
            out = np.moveaxis(buf[:n], 0, 1)  # a view: (runs, n, ...) over step-major memory
            for r, s in enumerate(stopped_at):
                if s + 1 < n:
                    out[r, s + 1 :] = out[r, s]
            return out

        state = {name: runs_major(arr) for name, arr in self.S.items()}
        for name, arr in state.items():  # no step is taken from a run's last record
            for r, s in enumerate(stopped_at):
                arr[r, s if self.explained[name][r] else 0 :] = np.nan  # another optimizer's state: none
        return Trajectories(runs_major(self.X), runs_major(self.L), runs_major(self.G), state)


# -- the descent -----------------------------------------------------------------------------
def lr_table(schedule: Schedule, lrs: Array, steps: int) -> Array:
    """η_k of every run, step-major: (steps+1, runs); a broadcast view when η never changes."""
    if schedule.is_constant:
        return np.broadcast_to(lrs, (steps + 1, lrs.size))
    return np.ascontiguousarray(schedule.table(lrs, steps).T)


@dataclass
class Descent:
    """What every descent knows besides its records: per run its η, optimizer and ending."""

    x0: Array  # (d,)
    tol: float
    lrs: Array  # (runs,) the base η of every run: every optimizer × every η
    optimizers: list[Optimizer]  # (runs,)
    schedule: Schedule
    table: Array  # (steps+1, runs): η_k of every run
    stopped_at: NDArray[np.int64]  # (runs,)
    status: list[Status]  # (runs,)


def descend(
    problem: Problem,
    x0: ArrayLike,
    lrs: Sequence[float] | Array,
    steps: int,
    tol: float,
    optimizers: Sequence[Optimizer] | None,
    schedule: Schedule | None,
    recorder: Callable[[int, int, int], R],
    cancel: CancelToken | None = None,
    path: str = "auto",
    budget: Callable[[int, int], None] | None = None,
) -> tuple[Descent, R]:
    """Check the inputs and run gradient descent for every optimizer × every η, writing every
    record into ``recorder(runs, d, steps)``; return what is known per run and the recorder.

    ``path``: "auto" runs up to SCALAR_RUNS runs one at a time on Python floats
    (:mod:`lrtui.scalar_engine`) when the problem has code for that, more on arrays of runs;
    "floats" and "arrays" choose (the records are the same bits either way). ``budget(runs,
    steps)`` refuses what the recorder cannot hold (default: :func:`check_budget`, every record).
    ``cancel``: checked once per block of steps; when cancelled, raises :class:`~lrtui.cancel.Cancelled`."""
    raise_if_cancelled(cancel)
    start = check_start(problem, x0)
    tol = check_tol(tol)
    base = check_lrs(lrs)
    opts: list[Optimizer] = list(optimizers) if optimizers else [PLAIN]
    schedule = schedule or CONSTANT
    runs = base.size * len(opts)
    if path not in PATHS:
        raise ValueError(f"path must be one of {', '.join(PATHS)}, got {path!r}")
    if budget is None:
        numbers, what = record_numbers(problem, start.size, opts, schedule)
        check_budget(runs, steps, numbers, what)
    else:
        budget(runs, steps)
    run_lrs = np.tile(base, len(opts))
    table = lr_table(schedule, run_lrs, steps)
    rec = recorder(runs, start.size, steps)
    per_run = [opt for opt in opts for _ in range(base.size)]
    code = None if path == "arrays" else scalar_code(problem, 0 if path == "floats" else runs)
    if code is not None:
        stopped_at, status = scalar_loop(problem, code, start, per_run, table, steps, tol, rec,
                                         lambda: raise_if_cancelled(cancel))
    else:
        stopped_at, status = _loop(problem, start, opts, table, steps, tol, rec, cancel)
    return Descent(start, tol, run_lrs, per_run, schedule, table, stopped_at, status), rec


def record_numbers(problem: Problem, d: int, optimizers: Sequence[Optimizer], schedule: Schedule) -> tuple[int, str]:
    """The float64 numbers one record of one run keeps (see lrtui.limits), and what they are.

    Every run records every state any of the optimizers explains (the arrays are shared)."""
    states: list[str] = []
    for opt in optimizers:
        states += [name for name in _explained(opt, d) if name not in states]
    extras = list(problem.extras(0))
    scheduled = not schedule.is_constant
    n = numbers_per_record(d, len(states), scheduled, len(extras))
    each = f" ({d})" if d > 1 else ""
    parts = [f"x{each}", f"∇f{each}", "f", *(f"{name}{each}" for name in states)]
    parts += ["η_k"] * scheduled + extras
    return n, ", ".join(parts)


def _explained(opt: Optimizer, d: int) -> list[str]:
    """The names of the state ``opt.explain`` gives after a step (one throwaway step on one run)."""
    x = np.zeros((1, d))
    state = opt.start(x)
    with np.errstate(all="ignore"):
        opt.update(x, np.ones((1, d)), np.ones((1, 1)), 0, state)
    return list(opt.explain(state))


def run(
    problem: Problem,
    x0: ArrayLike,
    lrs: Sequence[float] | Array,
    steps: int,
    tol: float = 1e-8,
    optimizers: Sequence[Optimizer] | None = None,
    schedule: Schedule | None = None,
    cancel: CancelToken | None = None,
    path: str = "auto",
) -> Result:
    """Run gradient descent for every optimizer × every η; return every record (no analysis).
    ``cancel``, ``path``: see :func:`descend`."""
    done, rec = descend(problem, x0, lrs, steps, tol, optimizers, schedule, FullRecorder, cancel, path)
    last = int(done.stopped_at.max())
    out = rec.trajectories(last, done.stopped_at)
    return Result(
        problem=problem,
        x0=done.x0,
        steps=steps,
        tol=done.tol,
        lrs=done.lrs,
        optimizers=done.optimizers,
        schedule=done.schedule,
        x=out.x,
        loss=out.loss,
        grad=out.grad,
        lr=done.table[: last + 1].T,  # a view; after a run's stop it keeps the schedule
        status=done.status,
        stopped_at=done.stopped_at,
        state=out.state,
        extra=_problem_extras(problem, steps, done.stopped_at, last),
    )


def _loop(
    problem: Problem,
    x0: Array,
    optimizers: list[Optimizer],
    table: Array,
    steps: int,
    tol: float,
    rec: Recorder,
    cancel: CancelToken | None = None,
) -> tuple[NDArray[np.int64], list[Status]]:
    """The loop over steps: write record k, apply the stop rules every block, take step k."""
    runs = table.shape[1]
    n_lr = runs // len(optimizers)
    groups = [(opt, slice(i * n_lr, (i + 1) * n_lr)) for i, opt in enumerate(optimizers)]
    x = np.repeat(x0[None, :], runs, axis=0)
    states = [opt.start(x[sl]) for opt, sl in groups]
    checked = 0  # records [0, checked) have had their stop rules applied
    block = FIRST_BLOCK
    with np.errstate(all="ignore"):  # x0 near the float limit: its divergence bound is inf
        rules = StopRules(x0, tol, runs)
        k = 0
        while True:
            X, L, G = rec.slot(k)
            X[...] = x
            L[...], G[...] = problem.loss_and_gradient(x, k)
            if k == steps or k + 1 - checked >= block:
                raise_if_cancelled(cancel)  # once per block: a cancelled computation stops here
                rules.apply(rec, checked, k + 1)
                checked = k + 1
                block = min(block * 2, LARGEST_BLOCK)
                if k == steps or rules.all_stopped:
                    break
            lr = table[k][:, None]
            for (opt, sl), state in zip(groups, states, strict=True):
                if len(groups) == 1:
                    x = opt.update(x, G, lr, k, state)
                else:
                    x[sl] = opt.update(x[sl], G[sl], lr[sl], k, state)
                explained = opt.explain(state)
                if explained:
                    rec.state(k, sl, explained)
            k += 1
    return rules.finish(rec, steps)


def _problem_extras(
    problem: Problem, steps: int, stopped_at: NDArray[np.int64], last: int
) -> dict[str, NDArray[np.int64]]:
    """``problem.extras(steps)`` as (runs, last+1) arrays; after a run's stop they repeat its last value."""
    extras = problem.extras(steps)
    if not extras:
        return {}
    k = np.minimum(np.arange(last + 1)[None, :], stopped_at[:, None])  # (runs, last+1)
    return {name: np.asarray(values)[k] for name, values in extras.items()}
