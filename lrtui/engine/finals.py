"""A recorder that keeps what a sweep needs — each run's last record — in memory that does not
grow with the steps.

The engine writes every record somewhere; :class:`FinalRecorder` gives it one block of records
(a ring of LARGEST_BLOCK + 1) and keeps, per run, the record it stopped at. Two optional
extras, both O(runs) or bounded:

* ``history``: the loss at every record (runs × (steps + 1) floats), for sweeps small enough;
* ``level``: for each run, the last record whose loss is not at or below ``level`` — all the
  sweep's "enters the band for good" rule needs from a run's history, found a block at a time.

    done, rec = descend(problem, x0, lrs, steps, tol, opts, schedule, FinalRecorder.factory())
    rec.x, rec.loss, rec.grad          # (runs, d), (runs,), (runs, d) at each run's stop
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ..errors import Field, InputError
from ..limits import MAX_STEPS, MAX_WORK
from ..optim.optimizer import State
from ..problem import Array
from .recorder import LARGEST_BLOCK, Recorder


class FinalRecorder(Recorder):
    def __init__(self, runs: int, d: int, steps: int, history: bool = False, level: float | None = None):
        self.runs, self.d = runs, d
        self.ring = LARGEST_BLOCK + 1
        self.X = np.empty((self.ring, runs, d))
        self.L = np.empty((self.ring, runs))
        self.G = np.empty((self.ring, runs, d))
        self.x = np.full((runs, d), np.nan)
        self.loss = np.full(runs, np.nan)
        self.grad = np.full((runs, d), np.nan)
        self.first_loss = np.full(runs, np.nan)  # f(x0)
        self.history: Array | None = np.empty((steps + 1, runs)) if history else None
        self.level = level
        self.above = np.full(runs, -1, dtype=np.int64)  # the last record with loss not ≤ level
        self._stop = np.full(runs, -1, dtype=np.int64)
        self._pending: tuple[int, Array] | None = None  # a block's losses checked by the array loop, not yet watched
        self._put: tuple[int, int, Array, Array, Array] | None = None  # the loop on floats' last block

    @classmethod
    def factory(cls, history: bool = False, level: float | None = None) -> Callable[[int, int, int], FinalRecorder]:
        def make(runs: int, d: int, steps: int) -> FinalRecorder:
            return cls(runs, d, steps, history, level)

        return make

    @staticmethod
    def check_budget(runs: int, steps: int) -> None:
        """Memory grows with the runs only; the work, runs × steps, is bounded by MAX_WORK (the
        app's sweep of 200 η × a million steps fits; 10,000 η × a million would take many minutes)."""
        if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or not 1 <= steps <= MAX_STEPS:
            raise InputError(f"steps must be a whole number from 1 to {MAX_STEPS:,}, got {steps!r}", field=Field.STEPS)
        if runs * steps > MAX_WORK:
            raise InputError(
                f"{runs:,} η × {steps:,} steps is too much work for a sweep: at most {MAX_WORK:,} run-steps "
                f"({MAX_WORK // runs:,} steps for {runs:,} η)",
                field=Field.STEPS,
            )

    # -- the array loop ---------------------------------------------------------------------------
    def rows(self) -> tuple[Array, Array, Array]:
        return self.X, self.L, self.G

    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        self._read_pending()
        i = np.arange(a, b) % self.ring
        X, L, G = self.X[i], self.L[i], self.G[i]
        if a == 0:
            self.first_loss[:] = L[0]
        if self.history is not None:
            self.history[a:b] = L
        self._pending = (a, L)  # a copy: the ring moves on
        return X, L, G

    keeps_states = False  # a sweep shows no optimizer state

    def state(self, k: int, runs: slice, explained: State) -> None:
        """A sweep shows no optimizer state."""

    # -- the loop on floats -----------------------------------------------------------------------
    def put(self, r: int, a: int, x: Array, f: Array, g: Array) -> None:
        if a == 0:
            self.first_loss[r] = f[0]
        if self.history is not None:
            self.history[a : a + f.shape[0], r] = f
        if self._put is not None:  # the run's previous block did not stop it: watch it whole
            pr, pa, _, pf, _ = self._put
            self._watch(np.array([pr]), pa, pf[:, None], np.full(1, pa + pf.shape[0] - 1))
        self._put = (r, a, x, f, g)

    def put_state(self, r: int, a: int, explained: State) -> None:
        """A sweep shows no optimizer state."""

    # -- both -------------------------------------------------------------------------------------
    def stopped(self, runs: NDArray[np.intp], at: NDArray[np.int64]) -> None:
        self._stop[runs] = at
        put = self._put
        if put is not None and runs.size == 1 and put[0] == runs[0] and put[1] <= at[0] < put[1] + put[3].shape[0]:
            r, a, x, f, g = put
            i = int(at[0]) - a
            self.x[r], self.loss[r], self.grad[r] = x[i], f[i], g[i]
            self._watch(runs, a, f[:, None], at)
            self._put = None
            return
        slots = at % self.ring
        self.x[runs], self.loss[runs], self.grad[runs] = self.X[slots, runs], self.L[slots, runs], self.G[slots, runs]
        if bool((self._stop >= 0).all()):
            self._read_pending()

    def _read_pending(self) -> None:
        """Watch the last checked block of the array loop, now that its stops are known."""
        if self._pending is None or self.level is None:
            self._pending = None
            return
        a, L = self._pending
        self._pending = None
        b = a + L.shape[0]
        going = np.flatnonzero((self._stop < 0) | (self._stop >= a))
        if going.size:
            last = np.where(self._stop[going] < 0, b - 1, np.minimum(self._stop[going], b - 1))
            self._watch(going, a, L[:, going], last)

    def _watch(self, runs: NDArray[np.intp], a: int, L: Array, last: NDArray[np.int64]) -> None:
        """Records a … last[j] of run runs[j] (losses L[:, j]): the last one not at or below the level."""
        if self.level is None:
            return
        k = a + np.arange(L.shape[0])[:, None]
        with np.errstate(invalid="ignore"):
            outside = ~(L <= self.level) & (k <= last[None, :])
        seen = outside.any(0)
        latest = a + L.shape[0] - 1 - np.argmax(outside[::-1], axis=0)
        self.above[runs[seen]] = np.maximum(self.above[runs[seen]], latest[seen])


__all__ = ["FinalRecorder"]
