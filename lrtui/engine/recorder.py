"""Where the loops write their records: a :class:`Recorder` decides what is kept.

:class:`FullRecorder` keeps every record (what :func:`lrtui.engine.descent.run` returns);
:class:`lrtui.engine.finals.FinalRecorder` keeps each run's final values only (a sweep).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from ..optim.optimizer import State
from ..problem import Array

FIRST_BLOCK = 64  # records between the first two applications of the stop rules
LARGEST_BLOCK = 512  # the block doubles up to this


@dataclass
class Trajectories:
    """What a recorder hands back: runs-major arrays of records 0..last (see :class:`Result`)."""

    x: Array  # (runs, n, d)
    loss: Array  # (runs, n)
    grad: Array  # (runs, n, d)
    state: dict[str, Array] = field(default_factory=dict)  # name -> (runs, n, d)


class Recorder(ABC):
    """Where the loop writes records; it decides what is kept.

    A recorder is made for (runs, d, steps). The loop over arrays writes record k into row
    k mod n of the step-major buffers :meth:`rows` returns (n rows: every record, or a ring),
    asks :meth:`block` for records [a, b) to apply the stop rules (b − a ≤ LARGEST_BLOCK, a the
    end of the previous block: a recorder may forget a record once its block was checked and
    :meth:`stopped` has been called), tells :meth:`stopped` which runs stopped at which record
    (after the loop, the runs still going: at record ``steps``), and hands :meth:`state` the
    optimizer state that explains step k.

    The loop on floats (:mod:`lrtui.engine.scalar`) computes one run at a time and hands
    :meth:`put` a block of its records (then :meth:`stopped` for that run, when one of them
    stops it) and :meth:`put_state` the states of the same steps.
    """

    @abstractmethod
    def rows(self) -> tuple[Array, Array, Array]:
        """Step-major buffers x (n, runs, d), f (n, runs), ∇f (n, runs, d): record k goes in row k mod n."""

    def slot(self, k: int) -> tuple[Array, Array, Array]:
        """Views to write record k into: x (runs, d), f (runs,), ∇f (runs, d)."""
        X, L, G = self.rows()
        i = k % L.shape[0]
        return X[i], L[i], G[i]

    @abstractmethod
    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        """Records [a, b), step-major: x (n, runs, d), f (n, runs), ∇f (n, runs, d)."""

    def stopped(self, runs: NDArray[np.intp], at: NDArray[np.int64]) -> None:  # noqa: B027 - optional
        """Runs ``runs`` stopped at records ``at`` (called once per run, before those records go)."""

    @abstractmethod
    def state(self, k: int, runs: slice, explained: State) -> None:
        """The optimizer state that explains step k of the runs ``runs``."""

    def state_rows(self, name: str, runs: slice) -> Array | None:
        """Where the loop may write the state ``name`` of the runs ``runs`` itself, step k in row
        k (step-major, (steps+1, len(runs), d)), instead of handing it to :meth:`state`; None: it
        hands it over. Asked once per name and runs."""
        return None

    keeps_states: bool = True  # False: the loop does not work out what explains its steps

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
        self._marked: set[tuple[str, int | None, int | None]] = set()  # (name, runs) marked in explained

    def rows(self) -> tuple[Array, Array, Array]:
        return self.X, self.L, self.G

    def block(self, a: int, b: int) -> tuple[Array, Array, Array]:
        return self.X[a:b], self.L[a:b], self.G[a:b]

    def state(self, k: int, runs: slice, explained: State) -> None:
        for name, value in explained.items():
            buf = self.S.get(name)
            if buf is None or (name, runs.start, runs.stop) not in self._marked:
                buf = self._states(name, runs)
                self._marked.add((name, runs.start, runs.stop))
            buf[k, runs] = value

    def state_rows(self, name: str, runs: slice) -> Array | None:
        rows: Array = self._states(name, runs)[:, runs]
        return rows

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
