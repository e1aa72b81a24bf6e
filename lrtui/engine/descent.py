"""The descent engine: every run at once, vectorized with NumPy across runs.

    result = run(problem, x0=[10.0], lrs=[0.01, 0.1, 0.5], steps=20)

Runs are every optimizer × every η, in that order; they share the problem, x0 and the
step budget. The loop goes over steps only; each step is a handful of array operations
over all runs. It writes every record into a :class:`Recorder`; stop rules are applied to
the records a block of steps at a time, so the hot loop carries no per-run bookkeeping.
A run's records after its stop repeat its last record, and the loop ends as soon as every
run has stopped.

With few runs (up to SCALAR_RUNS) and a problem that has code for one point on floats, the
runs go one at a time through :mod:`lrtui.engine.scalar` instead: the same records, bit for
bit, at a fraction of the cost (NumPy's call overhead dominates a step of a few runs).

The engine returns trajectories and statuses only: :func:`lrtui.teaching.scenario.run` adds the
analysis. :func:`run` keeps every record (:class:`FullRecorder`) and returns a Result; a
caller that needs less (a sweep needs final values) calls :func:`descend` with its own
Recorder and reads what it kept from there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ..cancel import CancelToken, raise_if_cancelled
from ..optim.optimizer import Optimizer, State
from ..optim.schedules.base import Schedule
from ..optim.schedules.constant import CONSTANT
from ..optim.sgd import PLAIN
from ..problem import Array, Problem
from .checks import check_budget, check_lrs, check_start, check_tol, record_numbers
from .noise import Draws, Noise, RowDraws
from .recorder import FIRST_BLOCK, LARGEST_BLOCK, FullRecorder, R, Recorder
from .result import Result, Status
from .scalar import SCALAR_RUNS, scalar_code, scalar_loop
from .stops import DIVERGENCE_FACTOR, DIVERGENCE_RULE, StopRules

__all__ = ["DIVERGENCE_FACTOR", "DIVERGENCE_RULE", "SCALAR_RUNS", "Descent", "FullRecorder", "Recorder", "descend",
           "run"]

PATHS = ("auto", "floats", "arrays")  # which loop runs the runs (see descend)
CANCEL_EVERY = 256  # steps between two looks at the cancel token, besides those at the stop rules


def lr_table(schedule: Schedule, lrs: Array, steps: int) -> Array:
    """η_k of every run, step-major: (steps+1, runs); a broadcast view when η never changes; only
    η_0 when the schedule follows the loss (the loops work out the rest, :func:`hold_after_stop`)."""
    if schedule.is_constant:
        return np.broadcast_to(lrs, (steps + 1, lrs.size))
    if schedule.follows_loss:
        table = np.empty((steps + 1, lrs.size))
        table[0] = lrs
        return table
    return np.ascontiguousarray(schedule.table(lrs, steps).T)


def hold_after_stop(table: Array, stopped_at: NDArray[np.int64]) -> None:
    """A schedule that follows the loss has no η after a run's stop: it holds the last one."""
    for r, at in enumerate(stopped_at.tolist()):
        table[at + 1 :, r] = table[at, r]


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
    noise: Noise | None = None,
    trials: Sequence[int] = (0,),
) -> tuple[Descent, R]:
    """Check the inputs and run gradient descent for every optimizer × every η, writing every
    record into ``recorder(runs, d, steps)``; return what is known per run and the recorder.

    ``noise``: the optimizer sees ∇f(x_k) + σ·ξ_k (:mod:`lrtui.engine.noise`), for each of the
    ``trials`` (trial numbers: the streams drawn) of every run; the "runs" above are then rows,
    run · len(trials) + i for trial ``trials[i]`` (the Descent's arrays too).

    ``path``: "auto" runs up to SCALAR_RUNS runs one at a time on Python floats
    (:mod:`lrtui.engine.scalar`) when the problem has code for that, more on arrays of runs;
    "floats" and "arrays" choose (the records are the same bits either way). ``budget(runs,
    steps)`` refuses what the recorder cannot hold (default: :func:`check_budget`, every record).
    ``cancel``: checked once per block of steps; when cancelled, raises :class:`~lrtui.cancel.Cancelled`."""
    raise_if_cancelled(cancel)
    start = check_start(problem, x0)
    tol = check_tol(tol)
    base = check_lrs(lrs)
    opts: list[Optimizer] = list(optimizers) if optimizers else [PLAIN]
    schedule = schedule or CONSTANT
    per = len(trials)
    momenta = schedule.momenta(steps) if schedule.cycles_momentum else None
    if momenta is not None:  # written into every optimizer before each step, as torch's CyclicLR/OneCycleLR
        opts = [opt.cycling(momenta) for opt in opts]
    runs = base.size * len(opts) * per  # rows: every trial of every run
    if path not in PATHS:
        raise ValueError(f"path must be one of {', '.join(PATHS)}, got {path!r}")
    if budget is None:
        numbers, what = record_numbers(problem, start.size, opts, schedule)
        check_budget(runs, steps, numbers, what)
    else:
        budget(runs, steps)
    run_lrs = np.repeat(np.tile(base, len(opts)), per)
    table = lr_table(schedule, run_lrs, steps)
    rec = recorder(runs, start.size, steps)
    per_run = [opt for opt in opts for _ in range(base.size * per)]
    code = None if path == "arrays" else scalar_code(problem, 0 if path == "floats" else runs)
    streams = [(r, t) for r in range(runs // per) for t in trials] if noise is not None and noise.active else None
    reacting = schedule if schedule.follows_loss else None
    if code is not None:
        row_draws = None if streams is None else [RowDraws(noise, r, t, start.size) for r, t in streams]  # type: ignore[arg-type]
        stopped_at, status = scalar_loop(problem, code, start, per_run, table, steps, tol, rec,
                                         lambda: raise_if_cancelled(cancel), reacting, row_draws)
    else:
        draws = None if streams is None else Draws(noise, streams, start.size, steps)  # type: ignore[arg-type]
        react = reacting.reaction(runs) if reacting is not None else None
        stopped_at, status = _loop(problem, start, opts, table, steps, tol, rec, cancel, react, draws)
    if reacting is not None:
        hold_after_stop(table, stopped_at)
    return Descent(start, tol, run_lrs, per_run, schedule, table, stopped_at, status), rec


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
    noise: Noise | None = None,
    trial: int = 0,
) -> Result:
    """Run gradient descent for every optimizer × every η; return every record (no analysis).
    ``cancel``, ``path``: see :func:`descend`. ``noise``: the records are those of trial ``trial``
    of each run (:mod:`lrtui.engine.trials` keeps statistics over every trial)."""
    done, rec = descend(problem, x0, lrs, steps, tol, optimizers, schedule, FullRecorder, cancel, path,
                        noise=noise, trials=(trial,))
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
        noise=noise,
        trial=trial,
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
    react: Callable[[Array, Array], Array] | None = None,
    draws: Draws | None = None,
) -> tuple[NDArray[np.int64], list[Status]]:
    """The loop over steps: write record k, apply the stop rules every block, take step k (from
    ∇f(x_k) + σ·ξ_k with ``draws``: the exact gradient is recorded and checked, the noisy one used).
    ``react``: a schedule that follows the loss, η_{k+1} from f(x_k) and η_k, written into ``table``."""
    runs = table.shape[1]
    n_lr = runs // len(optimizers)
    groups = [(opt, slice(i * n_lr, (i + 1) * n_lr)) for i, opt in enumerate(optimizers)]
    x = np.repeat(x0[None, :], runs, axis=0)
    states = [opt.start(x[sl]) for opt, sl in groups]
    # what a step calls, looked up once: each group's rule, its state, its runs' x (a view: x is
    # written in place) and η_k, and, when it explains its steps, its explain (an optimizer with
    # no names in ``explains`` has nothing to explain)
    explaining = rec.keeps_states
    groups_of: list[tuple[Any, Any, slice, State, Array, Array, dict[str, Array | None]]] = [
        (opt.update, opt.explain if opt.explains and explaining else None, sl, state, x[sl], table[:, sl, None], {})
        for (opt, sl), state in zip(groups, states, strict=True)]
    rates = table[:, :, None]  # η_k of every run as a column, row k a view
    loss_and_gradient = problem.loss_and_gradient
    Xs, Ls, Gs = rec.rows()
    ring = Ls.shape[0]
    one = groups_of[0] if len(groups_of) == 1 else None  # one rule for every run
    drawn, drawn_from, drawn_to = x, 0, 0  # the noise of steps [drawn_from, drawn_to), step-major (none yet)
    block = FIRST_BLOCK
    check = min(block, steps + 1) - 1  # the stop rules look at records [checked, check] after writing record check
    checked = 0  # records [0, checked) have had their stop rules applied
    with np.errstate(all="ignore"):  # x0 near the float limit: its divergence bound is inf
        rules = StopRules(x0, tol, runs)
        k = 0
        while True:
            i = k % ring
            Xs[i] = x
            f, g = loss_and_gradient(x, k)  # fresh arrays: the step reads g
            Ls[i] = f
            Gs[i] = g
            if react is not None and k < steps:
                table[k + 1] = react(f, table[k])
            if k == check:
                raise_if_cancelled(cancel)  # once per block: a cancelled computation stops here
                rules.apply(rec, checked, k + 1)
                if k == steps or rules.all_stopped:
                    break
                checked = k + 1
                block = min(block * 2, LARGEST_BLOCK)
                check = min(checked + block, steps + 1) - 1
            elif not k % CANCEL_EVERY:
                raise_if_cancelled(cancel)  # and between: a long block of many runs is a good part of a second
            if draws is not None:  # the optimizer sees the noisy gradient; the record kept ∇f(x_k) (a copy)
                if k >= drawn_to:
                    drawn, drawn_from = draws.next_block(k), k
                    drawn_to = k + drawn.shape[0]
                g += drawn[k - drawn_from]  # g is the function's fresh array: one addition, rounded once
            if one is not None:
                update, explain, sl, state, _, _, rows = one
                x = update(x, g, rates[k], k, state)
                if explain is not None and (explained := explain(state)):
                    _explained(rec, k, sl, explained, rows)
            else:
                for update, explain, sl, state, xs, lrs, rows in groups_of:
                    xs[...] = update(xs, g[sl], lrs[k], k, state)
                    if explain is not None and (explained := explain(state)):
                        _explained(rec, k, sl, explained, rows)
            k += 1
    return rules.finish(rec, steps)


def _explained(rec: Recorder, k: int, runs: slice, explained: State, rows: dict[str, Array | None]) -> None:
    """Step k's explaining state of the runs ``runs``, written where the recorder keeps it (``rows``:
    its rows of each name, looked up once; None: handed to ``rec.state``)."""
    for name, value in explained.items():
        if name not in rows:
            rows[name] = rec.state_rows(name, runs)
        found = rows[name]
        if found is None:
            rec.state(k, runs, {name: value})
        else:
            found[k] = value


def _problem_extras(
    problem: Problem, steps: int, stopped_at: NDArray[np.int64], last: int
) -> dict[str, NDArray[np.int64]]:
    """``problem.extras(steps)`` as (runs, last+1) arrays; after a run's stop they repeat its last value."""
    extras = problem.extras(steps)
    if not extras:
        return {}
    k = np.minimum(np.arange(last + 1)[None, :], stopped_at[:, None])  # (runs, last+1)
    return {name: np.asarray(values)[k] for name, values in extras.items()}
