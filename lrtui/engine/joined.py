"""Runs computed apart, joined into one Result: the very records one descent of them all makes.

A run's records depend on its own inputs alone — the problem, x0, its η, its optimizer, the
schedule, the step budget and tol: both loops compute every run independently, with the same
operations on each (one at a time on floats, or side by side in arrays of any number of runs,
bit for bit: tests/test_scalar_engine.py). So the runs of earlier results and runs computed now
can be joined into the Result one computation of them all would give, in any order:

    result = joined(problem, [(earlier, 3), (now, 0), (earlier, 5)])

What depends on all runs is worked out again here: the arrays end at the longest run's stop
(a shorter run's last record repeated, its η_k kept from the schedule — or its last η held, for a
schedule that follows the loss —, its state NaN after its stop), and the states recorded are
those some run's optimizer explains.

With gradient noise, a run's records depend on its noise stream too: each part must have drawn
from the stream of the place it takes (``Noise.streams``), and the statistics over the trials
are joined as the records are (:func:`lrtui.engine.trials.joined_stats`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from ..problem import Array, Problem
from .descent import _problem_extras, lr_table
from .result import Result
from .trials import joined_stats

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
    noise = replace(first.noise, streams=None) if first.noise is not None else None
    for i, (res, r) in enumerate(parts):  # the same noise, each run from the stream of its place here
        own = replace(res.noise, streams=None) if res.noise is not None else None
        if own != noise or res.trial != first.trial or (res.noise is not None and res.noise.stream_of(r) != i):
            raise ValueError(f"run {i} drew other noise than its place here")  # a bug in the caller

    d = first.x.shape[2:]
    order = np.arange(n)[:, None]  # (n, 1): the record index, for the masks "from the run's stop on"
    sources: dict[int, tuple[Result, list[int], list[int]]] = {}  # id(result) -> (result, its runs, their places)
    for i, (res, r) in enumerate(parts):
        _, runs, places = sources.setdefault(id(res), (res, [], []))
        runs.append(r)
        places.append(i)

    # the result most runs come from, in the same places (a turn of one η keeps all but its runs): its
    # arrays are copied whole, a block of memory at a time, and the other runs written over theirs
    same = [(res, sum(r == i for r, i in zip(runs, places, strict=True))) for res, runs, places in sources.values()
            if res.runs == len(parts)]
    base = max(same, key=lambda found: found[1])[0] if same else None

    def stacked(of: Callable[[Result], Array | None], shape: tuple[int, ...], after_stop: float | None = None,
                none: NDArray[np.bool_] | None = None) -> Array:
        """(runs, n, *shape) of each run's records: its own up to its stop, then its last one
        repeated (``after_stop``: that value instead, from the record it stopped at on, and
        throughout for the runs ``none`` marks). Step-major in memory, as the engine's: the runs of
        one result are copied together, a record (all of them) at a time."""
        out = np.empty((n, len(parts), *shape))
        whole = base is not None and of(base) is not None  # copied whole first: its runs that stay in place
        kept = np.zeros(len(parts), dtype=bool)  # the places the base's own runs fill, up to its end
        end = n  # the base's records' end
        for res, runs, places in sorted(sources.values(), key=lambda source: source[0] is not base):
            values = of(res)
            if values is None:
                continue  # none of its runs has these
            steps = np.moveaxis(values, 0, 1)  # step-major (a view)
            m = min(n, values.shape[1])
            if whole and res is base:
                out[:m] = steps[:m]
                if m < n:  # a shorter result: its runs' last records repeated (they repeat it from their stop on)
                    out[m:] = out[m - 1]
                kept[[i for r, i in zip(runs, places, strict=True) if r == i]] = True
                end = m
                moved = [(r, i) for r, i in zip(runs, places, strict=True) if r != i]
                runs, places = [r for r, _ in moved], [i for _, i in moved]
            for (r0, r1), (i0, i1) in _blocks(runs, places):
                out[:m, i0:i1] = steps[:m, r0:r1]
                if m < n:
                    out[m:, i0:i1] = out[m - 1, i0:i1]
        if after_stop is not None:
            # the base's runs in place hold after_stop already, from their stop (the same run's) to the base's end
            rest = np.flatnonzero(~kept)
            every = rest.size == len(parts)
            after = order >= stopped_at[None, rest]  # (n, rest)
            if none is not None:
                after |= none[None, rest]
            cols = out if every else out[:, rest]
            np.copyto(cols, after_stop, where=after.reshape(after.shape + (1,) * len(shape)))
            if not every:
                out[:, rest] = cols
                out[end:, kept] = after_stop
        runs_major: Array = np.moveaxis(out, 0, 1)
        return runs_major
    names: list[str] = []  # the states some run's optimizer explains, in the order they come
    for (res, _), opt in zip(parts, optimizers, strict=True):
        names += [name for name in res.state if name in opt.explains and name not in names]
    state = {}
    for name in names:  # another optimizer's runs have none of its values: NaN throughout
        others = np.array([name not in opt.explains or name not in res.state
                           for (res, _), opt in zip(parts, optimizers, strict=True)])
        state[name] = stacked(_state(name), d, after_stop=np.nan, none=others)
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
        lr=_rates(first, lrs, n, stacked),
        status=[res.status[r] for res, r in parts],
        stopped_at=stopped_at,
        state=state,
        extra=_problem_extras(problem, first.steps, stopped_at, n - 1),
        noise=noise,
        trial=first.trial,
    )
    stats = [(res.trials, r) for res, r in parts if res.trials is not None]
    if stats and len(stats) == len(parts):
        result.trials = joined_stats(stats)
    if all(res.analysis for res, _ in parts):
        result.analysis = [res.analysis[r] for res, r in parts]
    return result


def _rates(first: Result, lrs: Array, n: int, stacked: Callable[..., Array]) -> Array:
    """η_k of every run: the schedule's table (after a run's stop it keeps the schedule), or, for a
    schedule that follows the loss, each run's own (it holds its last η after its stop)."""
    if first.schedule.follows_loss:
        return stacked(lambda res: res.lr, ())
    return lr_table(first.schedule, lrs, first.steps)[:n].T


def _state(name: str) -> Callable[[Result], Array | None]:
    def of(res: Result) -> Array | None:
        return res.state.get(name)

    return of


def _blocks(runs: list[int], places: list[int]) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The runs and their places as blocks that follow one another in both: ((r0, r1), (i0, i1))."""
    out = []
    start = 0
    for j in range(1, len(runs) + 1):
        if j == len(runs) or runs[j] != runs[j - 1] + 1 or places[j] != places[j - 1] + 1:
            out.append(((runs[start], runs[j - 1] + 1), (places[start], places[j - 1] + 1)))
            start = j
    return out
