"""Runs computed apart, joined into one Result: the very records one descent of them all makes.

A run's records depend on its own inputs alone — the problem, x0, its η, its optimizer, the
schedule, the step budget and tol: both loops compute every run independently, with the same
operations on each (one at a time on floats, or side by side in arrays of any number of runs,
bit for bit: tests/test_scalar_engine.py). So the runs of earlier results and runs computed now
can be joined into the Result one computation of them all would give, in any order:

    result = joined(problem, [(earlier, 3), (now, 0), (earlier, 5)])

What depends on all runs is worked out again here: the arrays end at the longest run's stop
(a shorter run's last record repeated, its η_k kept from the schedule, its state NaN after its
stop), and the states recorded are those some run's optimizer explains.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from ..problem import Array, Problem
from .descent import _problem_extras, lr_table
from .result import Result

__all__ = ["joined"]

Part = tuple[Result, int]  # a run: the result that holds it and its index there


def joined(problem: Problem, parts: Sequence[Part]) -> Result:
    """One Result of the runs ``parts``, in their order (every part of the same x0, steps, tol and
    schedule; each part's analysis, when it has one, is kept)."""
    if not parts:
        raise ValueError("no runs to join")
    first = parts[0][0]
    stopped_at = np.array([int(res.stopped_at[r]) for res, r in parts], dtype=np.int64)
    n = int(stopped_at.max()) + 1
    lrs = np.array([res.lrs[r] for res, r in parts], dtype=np.float64)
    optimizers = [res.optimizers[r] for res, r in parts]

    d = first.x.shape[2:]

    def stacked(of: Callable[[Result], Array | None], shape: tuple[int, ...], after_stop: float | None = None) -> Array:
        """(runs, n, *shape) of each run's records: its own up to its stop, then its last one
        repeated (``after_stop``: that value instead, from the record it stopped at on; a run whose
        result has none: ``after_stop`` throughout)."""
        out = np.empty((len(parts), n, *shape))
        for i, (res, r) in enumerate(parts):
            values, s = of(res), int(res.stopped_at[r])
            if values is None:
                out[i] = after_stop
                continue
            own = values[r, : min(n, values.shape[1])]
            out[i, : own.shape[0]] = own
            if after_stop is not None:
                out[i, s:] = after_stop
            elif own.shape[0] < n:
                out[i, own.shape[0] :] = values[r, s]
        return out

    names: list[str] = []  # the states some run's optimizer explains, in the order they come
    for (res, _), opt in zip(parts, optimizers, strict=True):
        names += [name for name in res.state if name in opt.explains and name not in names]
    state = {}
    for name in names:
        values = stacked(_state(name), d, after_stop=np.nan)
        for i, opt in enumerate(optimizers):
            if name not in opt.explains:
                values[i] = np.nan  # another optimizer's state: none
        state[name] = values
    result = Result(
        problem=problem,
        x0=first.x0,
        steps=first.steps,
        tol=first.tol,
        lrs=lrs,
        optimizers=optimizers,
        schedule=first.schedule,
        x=stacked(lambda res: res.x, d),
        loss=stacked(lambda res: res.loss, ()),
        grad=stacked(lambda res: res.grad, d),
        lr=lr_table(first.schedule, lrs, first.steps)[:n].T,  # after a run's stop it keeps the schedule
        status=[res.status[r] for res, r in parts],
        stopped_at=stopped_at,
        state=state,
        extra=_problem_extras(problem, first.steps, stopped_at, n - 1),
    )
    if all(res.analysis for res, _ in parts):
        result.analysis = [res.analysis[r] for res, r in parts]
    return result


def _state(name: str) -> Callable[[Result], Array | None]:
    def of(res: Result) -> Array | None:
        return res.state.get(name)

    return of
