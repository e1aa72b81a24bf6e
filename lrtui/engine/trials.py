"""Many noisy trials of every run at once, kept as statistics over the trials.

With gradient noise (:mod:`lrtui.engine.noise`) each run is descended in ``trials`` independent
trials, side by side as rows of one engine call (row = run · trials + trial). What is kept of
them does not grow with the trials: per run and record the mean loss over the trials and its
10th, 50th and 90th percentiles (NumPy's default, linear, quantile; a loss that is not a
number counts as +∞ there), per trial how it ended, its last record, and its mean loss over
each tenth of the *window*, the last fifth of the steps (:func:`window`) — what the noise floor
is measured from (:mod:`lrtui.analysis.floor`). A trial's records after its stop repeat its last
one, as a run's do.

    done, rec = descend(problem, x0, lrs, steps, tol, opts, schedule, TrialRecorder.factory(K),
                        noise=noise, trials=range(K), budget=TrialRecorder.check_budget)
    stats = rec.stats(done)         # TrialStats: .mean, .q10, .q50, .q90 (runs, n), .status, …

The followed trial's own records (x, ∇f, the optimizer's state) come from a second, ordinary
descent of that trial alone (:func:`lrtui.teaching.scenario.run`): the same rows give the same
bits in any company (tests/test_noise.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from ..cancel import CancelToken
from ..errors import Field, InputError
from ..limits import MAX_NUMBERS, MAX_RECORDS, MAX_STEPS
from ..optim.optimizer import Optimizer, State
from ..optim.schedules.base import Schedule
from ..problem import Array, Problem
from .noise import Noise
from .recorder import LARGEST_BLOCK, Recorder
from .result import Result, Status

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

    from .descent import Descent

__all__ = ["WINDOW_PARTS", "TrialRecorder", "TrialStats", "descend_trials", "joined_stats", "quantiles", "single_trial",
           "window"]

STATS = 4  # numbers kept per run and record: the mean loss and three percentiles

WINDOW_PARTS = 10  # the window is cut into this many parts (fewer when it has fewer records)
QUANTILES = (0.1, 0.5, 0.9)


def window(steps: int) -> tuple[int, int]:
    """The last fifth of the steps as records: (first record, how many): steps // 5 records
    ending at record ``steps`` (at least one)."""
    count = max(steps // 5, 1)
    return steps - count + 1, count


def parts(count: int) -> NDArray[np.int64]:
    """Where the window's parts start, relative to its first record, and its end: (parts + 1,)."""
    n = min(WINDOW_PARTS, count)
    edges: NDArray[np.int64] = (np.arange(n + 1) * count) // n
    return edges


def quantiles(values: Array, axis: int = -1) -> Array:
    """The 10th, 50th and 90th percentiles along ``axis`` (first axis of the answer), exactly as
    ``np.quantile(values, (0.1, 0.5, 0.9), axis)`` computes them (its linear method), by one sort;
    NaN is taken as +∞."""
    data = np.where(np.isnan(values), np.inf, values)
    data.sort(axis=axis)
    data = np.moveaxis(data, axis, 0)
    n = data.shape[0]
    out = np.empty((len(QUANTILES), *data.shape[1:]))
    with np.errstate(invalid="ignore"):
        for i, q in enumerate(QUANTILES):
            h = (n - 1) * q
            lo = int(np.floor(h))
            hi = min(lo + 1, n - 1)
            t = h - lo
            a, b = data[lo], data[hi]
            if t == 0:
                out[i] = a
                continue
            diff = b - a  # NumPy's _lerp: a + (b − a)·t, or b − (b − a)·(1 − t) from t = 0.5 on
            out[i] = b - diff * (1 - t) if t >= 0.5 else a + diff * t
            wide = np.isinf(diff)  # an infinite loss on either side: ±∞ (NumPy would say NaN for ∞ − ∞)
            out[i][wide] = np.where(a[wide] == b[wide], a[wide], np.where(np.isinf(b[wide]), b[wide], a[wide]))
    return out


@dataclass
class TrialStats:
    """What is kept of the trials of every run (see the module's docstring)."""

    trials: int
    mean: Array  # (runs, n): the mean loss over the trials at record k (n = the last record of any trial + 1)
    q10: Array  # (runs, n)
    q50: Array  # (runs, n)
    q90: Array  # (runs, n)
    stopped_at: NDArray[np.int64]  # (runs, trials)
    status: list[list[Status]]  # (runs, trials)
    loss: Array  # (runs, trials): each trial's loss at its last record
    window_start: int  # the window: records window_start … steps
    window_parts: NDArray[np.int64]  # (parts + 1,) where each part starts, relative to window_start, and the end
    window_means: Array  # (runs, trials, parts): each trial's mean loss over each part of the window

    @property
    def runs(self) -> int:
        return int(self.mean.shape[0])

    def lost(self, r: int) -> int:
        """How many trials of run r diverged or left the domain."""
        return sum(s in (Status.DIVERGED, Status.LEFT_DOMAIN) for s in self.status[r])

    def window_mean(self, r: int) -> Array:
        """(trials,): each trial's mean loss over the whole window."""
        sizes = np.diff(self.window_parts).astype(np.float64)
        out: Array = self.window_means[r] @ sizes / sizes.sum()
        return out


class TrialRecorder(Recorder):
    """Statistics over the trials of every run (rows run · trials + trial), in memory that grows
    with the runs × the records (four numbers each) and the rows — never rows × records."""

    keeps_states = False  # no optimizer state is kept

    def __init__(self, rows: int, d: int, steps: int, trials: int, per_step: bool = True):
        if rows % trials:
            raise ValueError(f"{rows} rows are not whole runs of {trials} trials")  # a bug in the caller
        self.rows_, self.d, self.steps, self.trials = rows, d, steps, trials
        self.runs = rows // trials
        self.ring = LARGEST_BLOCK + 1
        self.X = np.empty((self.ring, rows, d))
        self.L = np.empty((self.ring, rows))
        self.G = np.empty((self.ring, rows, d))
        self.per_step = per_step
        size = steps + 1 if per_step else 0
        self.stat = np.empty((4, size, self.runs))  # mean, q10, q50, q90, step-major; pages touched when written
        self.stop = np.full(rows, -1, dtype=np.int64)
        self.final_x = np.full((rows, d), np.nan)
        self.final_loss = np.full(rows, np.nan)
        self.first_loss = np.full(rows, np.nan)
        self.window_start, count = window(steps)
        self.edges = parts(count)
        self.sums = np.zeros((rows, self.edges.size - 1))
        self.absorbed = 0  # records [0, absorbed) are in the statistics
        self._pending: tuple[int, Array] | None = None  # a block of the array loop whose stops may still come
        self._losses: Array | None = None  # the loop on floats: every row's losses, absorbed at the end
        self._put: dict[int, tuple[int, Array, Array]] = {}  # the loop on floats: each row's last block (a, x, f)

    @classmethod
    def factory(cls, trials: int, per_step: bool = True) -> Callable[[int, int, int], TrialRecorder]:
        def make(rows: int, d: int, steps: int) -> TrialRecorder:
            return cls(rows, d, steps, trials, per_step)

        return make

    @staticmethod
    def budget(runs: int, trials: int, numbers: int = 0) -> Callable[[int, int], None]:
        """The check ``descend`` applies before any work: every trial is a run for the work (at most
        MAX_RECORDS records in all); the statistics keep STATS numbers per run and record, beside the
        ``numbers`` a record of the followed trial keeps (at most MAX_NUMBERS in all)."""

        def check(rows: int, steps: int) -> None:
            if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
                raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}",
                                 field=Field.STEPS)
            what = f"{runs:,} run{'s' if runs > 1 else ''} × {trials:,} trials × {steps:,} steps"
            if rows * (steps + 1) > MAX_RECORDS:
                most = max(MAX_RECORDS // rows - 1, 0)
                raise InputError(
                    f"{what} is too much work: every trial counts, at most {MAX_RECORDS:,} run-steps in all: "
                    f"at most {most:,} steps for {trials:,} trials, or fewer trials",
                    field=Field.TRIALS,
                )
            each = numbers + STATS
            if runs * (steps + 1) * each > MAX_NUMBERS:
                most = max(MAX_NUMBERS // (runs * each) - 1, 0)
                raise InputError(
                    f"{what} is too much to record: each record keeps {numbers} numbers and {STATS} over the trials "
                    f"(the mean loss and 3 percentiles), at most {MAX_NUMBERS:,} in all: at most {most:,} steps",
                    field=Field.STEPS,
                )

        return check

    # -- the array loop ---------------------------------------------------------------------------
    def rows(self) -> tuple[Array, Array, Array]:
        return self.X, self.L, self.G

    def slot(self, k: int) -> tuple[Array, Array, Array]:
        i = k % self.ring
        return self.X[i], self.L[i], self.G[i]

    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        self._absorb_pending()
        i = np.arange(a, b) % self.ring
        X, L, G = self.X[i], self.L[i], self.G[i]  # copies: the ring moves on
        self._pending = (a, L)
        return X, L, G

    def state(self, k: int, runs: slice, explained: State) -> None:
        """No optimizer state is kept."""

    # -- the loop on floats -----------------------------------------------------------------------
    def put(self, r: int, a: int, x: Array, f: Array, g: Array) -> None:
        if self._losses is None:
            self._losses = np.empty((self.steps + 1, self.rows_))  # ≤ SCALAR_RUNS rows: pages touched when written
        self._losses[a : a + f.shape[0], r] = f
        self._put[r] = (a, x, f)

    def put_state(self, r: int, a: int, explained: State) -> None:
        """No optimizer state is kept."""

    # -- both -------------------------------------------------------------------------------------
    def stopped(self, runs: NDArray[np.intp], at: NDArray[np.int64]) -> None:
        self.stop[runs] = at
        for r, k in zip(runs.tolist(), at.tolist(), strict=True):
            put = self._put.get(r)
            if put is not None and put[0] <= k < put[0] + put[2].shape[0]:
                self.final_x[r], self.final_loss[r] = put[1][k - put[0]], put[2][k - put[0]]
            else:
                self.final_x[r], self.final_loss[r] = self.X[k % self.ring, r], self.L[k % self.ring, r]

    def stats(self, done: Descent) -> TrialStats:
        """The statistics, once the loop has ended (every row stopped)."""
        self._absorb_pending()
        last = int(self.stop.max())
        if self._losses is not None:  # the loop on floats: every row's losses, absorbed now
            for a in range(self.absorbed, last + 1, LARGEST_BLOCK):
                self._absorb(a, self._losses[a : min(a + LARGEST_BLOCK, last + 1)])
            self._losses = None
        n = last + 1  # the loop may have gone on to the end of its block: those records repeat the last
        self._fill_window()
        K, runs = self.trials, self.runs
        counts = np.diff(self.edges).astype(np.float64)
        stat = np.moveaxis(self.stat[:, :n], 1, 2)  # (4, runs, n), a view
        return TrialStats(
            trials=K,
            mean=stat[0],
            q10=stat[1],
            q50=stat[2],
            q90=stat[3],
            stopped_at=self.stop.reshape(runs, K).copy(),
            status=[done.status[r * K : (r + 1) * K] for r in range(runs)],
            loss=self.final_loss.reshape(runs, K).copy(),
            window_start=self.window_start,
            window_parts=self.edges,
            window_means=(self.sums / counts).reshape(runs, K, -1),
        )

    # -- the statistics ---------------------------------------------------------------------------
    def _absorb_pending(self) -> None:
        if self._pending is not None:
            a, L = self._pending
            self._pending = None
            self._absorb(a, L)

    def _absorb(self, a: int, L: Array) -> None:
        """Records [a, a + n) of every row (L (n, rows)), every stop in them known: into the statistics."""
        n = L.shape[0]
        if a == 0:
            self.first_loss[:] = L[0]
        k = a + np.arange(n)
        after = (self.stop >= 0)[None, :] & (k[:, None] > self.stop[None, :])  # a stopped row repeats its last loss
        stopped = bool(after.any())
        if self.per_step:
            by_run = (np.where(after, self.final_loss[None, :], L) if stopped else L).reshape(n, self.runs, self.trials)
            with np.errstate(all="ignore"):
                self.stat[0, a : a + n] = by_run.mean(axis=2)
            self.stat[1:, a : a + n] = quantiles(by_run, axis=2)
        start = self.window_start
        for j in range(self.edges.size - 1):
            lo, hi = max(start + int(self.edges[j]), a), min(start + int(self.edges[j + 1]), a + n)
            if lo < hi:  # a row's records up to its stop, one after the other (:meth:`_fill_window` adds the rest)
                part = np.where(after[lo - a : hi - a], 0.0, L[lo - a : hi - a]) if stopped else L[lo - a : hi - a]
                with np.errstate(all="ignore"):
                    self.sums[:, j] = np.cumsum(np.concatenate([self.sums[None, :, j], part]), axis=0)[-1]
        self.absorbed = a + n

    def _fill_window(self) -> None:
        """Each row's records after its stop in each part of the window: its last loss, as many times.

        So a row's sums are the same bits in any company: its own records up to its stop added one
        after the other (cumsum: NumPy's sum of one column would add them pairwise), then this one
        product — however far the loop went on for other rows."""
        start = self.window_start
        for j in range(self.edges.size - 1):
            lo, hi = start + int(self.edges[j]), start + int(self.edges[j + 1])
            count = hi - np.maximum(lo, self.stop + 1)
            with np.errstate(all="ignore"):
                self.sums[:, j] += np.where(count > 0, np.maximum(count, 0) * self.final_loss, 0.0)


def descend_trials(
    problem: Problem,
    x0: ArrayLike,
    lrs: Sequence[float] | Array,
    steps: int,
    tol: float,
    optimizers: Sequence[Optimizer] | None,
    schedule: Schedule | None,
    noise: Noise,
    cancel: CancelToken | None = None,
    numbers: int = 0,
) -> TrialStats:
    """Every trial of every run (rows run · trials + trial, on arrays), kept as statistics."""
    from .descent import descend

    runs = len(np.atleast_1d(np.asarray(lrs))) * (len(optimizers) if optimizers else 1)
    K = noise.trials
    done, rec = descend(problem, x0, lrs, steps, tol, optimizers, schedule, TrialRecorder.factory(K), cancel,
                        path="arrays", budget=TrialRecorder.budget(runs, K, numbers), noise=noise, trials=range(K))
    return rec.stats(done)


def single_trial(result: Result, trials: int = 1) -> TrialStats:
    """The statistics of one trial per run — the result's own records — reported as ``trials``
    identical trials (without noise every trial is the same run)."""
    runs, d = result.runs, result.dims
    rec = TrialRecorder(runs, d, result.steps, 1)
    last = result.stopped_at
    rec.stop[:] = last
    rec.final_loss[:] = result.loss[np.arange(runs), last]
    rec.final_x[:] = result.x[np.arange(runs), last]
    n = result.loss.shape[1]
    for a in range(0, n, LARGEST_BLOCK):
        rec._absorb(a, np.ascontiguousarray(result.loss[:, a : a + LARGEST_BLOCK].T))
    rec._fill_window()
    counts = np.diff(rec.edges).astype(np.float64)
    stat = np.moveaxis(rec.stat[:, :n], 1, 2)
    means = rec.sums / counts  # (runs, parts)
    return TrialStats(
        trials=trials,
        mean=stat[0],
        q10=stat[1],
        q50=stat[2],
        q90=stat[3],
        stopped_at=np.repeat(last[:, None], trials, axis=1),
        status=[[s] * trials for s in result.status],
        loss=np.repeat(rec.final_loss[:, None], trials, axis=1),
        window_start=rec.window_start,
        window_parts=rec.edges,
        window_means=np.repeat(means[:, None, :], trials, axis=1),
    )


def joined_stats(parts: Sequence[tuple[TrialStats, int]]) -> TrialStats:
    """The statistics of runs computed apart — ``parts``: (the statistics that hold a run, its index
    there) — in their order: what one computation of them all keeps, bit for bit. A run's numbers
    depend on its own trials alone; the per-record arrays end at the last record of any trial
    (after a run's trials have all stopped its numbers repeat: its last column, repeated). Every
    run of one statistics, in its order: those statistics themselves."""
    if not parts:
        raise ValueError("no runs to join")
    first = parts[0][0]
    if all(s is first and r == i for i, (s, r) in enumerate(parts)) and len(parts) == first.runs:
        return first
    if any(s.trials != first.trials or s.window_start != first.window_start for s, _ in parts):
        raise ValueError("statistics of other trials or steps cannot be joined")  # a bug in the caller
    stopped_at = np.stack([s.stopped_at[r] for s, r in parts])
    n = int(stopped_at.max()) + 1

    def per_record(of: Callable[[TrialStats], Array]) -> Array:
        out = np.empty((len(parts), n))
        for i, (s, r) in enumerate(parts):
            values = of(s)[r]
            m = min(n, values.shape[0])
            out[i, :m] = values[:m]
            out[i, m:] = values[m - 1]
        return out

    return TrialStats(
        trials=first.trials,
        mean=per_record(lambda s: s.mean),
        q10=per_record(lambda s: s.q10),
        q50=per_record(lambda s: s.q50),
        q90=per_record(lambda s: s.q90),
        stopped_at=stopped_at,
        status=[list(s.status[r]) for s, r in parts],
        loss=np.stack([s.loss[r] for s, r in parts]),
        window_start=first.window_start,
        window_parts=first.window_parts,
        window_means=np.stack([s.window_means[r] for s, r in parts]),
    )
