"""Gradient noise: the optimizer sees ∇f(x_k) + σ·ξ_k, with ξ_k ~ N(0, I) fresh at every step,
for every run and every trial, from streams anyone can draw again.

The generator is NumPy's PCG64, one stream per run and trial, spawned from a SeedSequence:

    stream(r, t) = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(r, t))))
                 # the same stream as SeedSequence(seed).spawn(R)[r].spawn(T)[t], for any R > r, T > t
    ξ_0 … ξ_{n−1} = stream(r, t).standard_normal((n, d))   # row k is ξ_k: d numbers, one per parameter
    noise_k       = σ · ξ_k                                 # one multiplication, rounded once

``r`` is the run's place in the scenario (every optimizer × every η, in that order, from 0) and
``t`` the trial (0 … trials − 1). A stream does not depend on how many runs or trials there
are, nor on how many numbers are drawn at a time (``standard_normal`` draws one after the other),
so run r's trial t is the same whatever else is computed beside it. Runs computed apart from
the others (a turned η's, joined with the runs kept: :mod:`lrtui.teaching.runs`) draw from the
streams of their places in the scenario (``Noise.streams``): the numbers a fresh computation draws.
The noise is added to the gradient the optimizer is handed, after the exact ∇f(x_k) was recorded
and checked against tol: ``g = ∇f(x_k) + noise_k`` (one addition, rounded once), the step then as without noise.

To replay a trial elsewhere (torch, say), take the recorded ``"noise"`` of each step (the JSON
output) or draw it as above, and add it to the gradient before the optimizer's step:
``p.grad += noise_k`` (scripts/make_golden_noise.py does exactly this for tests/golden/noise).

:class:`Draws` hands the loop over arrays σ·ξ_k of many (run, trial) rows a block of steps at a
time; :class:`RowDraws` hands the loop on floats one row's, as Python floats (the same bits).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import Field, InputError
from ..limits import MAX_TRIALS
from ..problem import Array

__all__ = ["Draws", "Noise", "RowDraws"]

DRAWN = 2**19  # numbers of noise the loop over arrays holds at a time (4 MB): rows × d × a block of steps
LONGEST_BLOCK = 4096  # steps drawn at a time, at most (few rows); at least SHORTEST_BLOCK (many)
SHORTEST_BLOCK = 64


@dataclass(frozen=True)
class Noise:
    """σ (``sigma`` ≥ 0), the number of independent trials per run, and the seed of every stream.
    ``streams``: the stream number r of each run of a result (None: its place there, 0, 1, …)."""

    sigma: float
    trials: int = 1
    seed: int = 0
    streams: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if not (isinstance(self.sigma, (int, float)) and math.isfinite(self.sigma) and self.sigma >= 0):
            raise InputError(f"noise: must be a finite number ≥ 0, got {self.sigma!r}", field=Field.NOISE)
        if isinstance(self.trials, bool) or not isinstance(self.trials, int) or not 1 <= self.trials <= MAX_TRIALS:
            raise InputError(f"trials: must be a whole number from 1 to {MAX_TRIALS:,}, got {self.trials!r}",
                             field=Field.TRIALS)
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or self.seed < 0:
            raise InputError(f"seed: must be a whole number ≥ 0, got {self.seed!r}", field=Field.SEED)

    @property
    def active(self) -> bool:
        """Is any noise added (σ > 0)? Without it every trial is the same run."""
        return self.sigma > 0

    def stream_of(self, run: int) -> int:
        """The stream number r of the result's run ``run``."""
        return run if self.streams is None else self.streams[run]

    def stream(self, run: int, trial: int) -> np.random.Generator:
        """The generator of run ``run``'s trial ``trial`` (see the module's docstring)."""
        key = (self.stream_of(run), trial)
        return np.random.Generator(np.random.PCG64(np.random.SeedSequence(self.seed, spawn_key=key)))

    def vectors(self, run: int, trial: int, n: int, d: int) -> Array:
        """σ·ξ_k for steps k = 0 … n−1 of that run and trial: (n, d), the very numbers the loops add."""
        drawn: Array = self.stream(run, trial).standard_normal((max(n, 0), d))
        return np.multiply(self.sigma, drawn, out=drawn)


class Draws:
    """σ·ξ_k of the rows ``rows`` — (run, trial) pairs, in the loop's order — for the loop over
    arrays: :meth:`at` (k = 0, 1, 2, … in order) gives (rows, d). Each stream draws a block of
    steps at a time (a call costs microseconds, whatever it draws: the fewer the rows, the longer
    the block, never beyond ``steps`` + 1 records), laid out step-major once per block."""

    def __init__(self, noise: Noise, rows: Sequence[tuple[int, int]], d: int, steps: int = LONGEST_BLOCK,
                 block: int | None = None):
        self.sigma, self.d = noise.sigma, d
        self.streams = [noise.stream(r, t) for r, t in rows]
        if block is None:
            block = min(max(DRAWN // max(len(self.streams) * d, 1), SHORTEST_BLOCK), LONGEST_BLOCK, steps + 1)
        self.block, self.steps = block, steps
        self.drawn = np.empty((len(self.streams), block, d))  # per stream: each draw fills a contiguous row
        self.buf = np.empty((block, len(self.streams), d))  # step-major: step k's noise is one contiguous row
        self.start, self.count = 0, 0  # the steps held in buf: start … start + count − 1

    def at(self, k: int) -> Array:
        """σ·ξ_k of every row: (rows, d), a view valid until the next call for another block."""
        i = k - self.start
        if i >= self.count or i < 0:
            self.next_block(k)
            i = 0
        view: Array = self.buf[i]
        return view

    def next_block(self, k: int) -> Array:
        """Steps k … k + n − 1 (k: the step after the block before; n: a block, fewer for the last
        steps: no step is taken from record ``steps``), step-major: (n, rows, d), valid until the
        next call (the loop looks step k's row up itself: a step costs no call)."""
        if k != self.start + self.count:
            raise ValueError(f"noise is drawn in order: step {k} after block {self.start}")  # a bug in the loop
        n = min(self.block, max(self.steps - k, 1))
        for j, stream in enumerate(self.streams):
            self.drawn[j, :n] = stream.standard_normal((n, self.d))
        out = self.buf[:n]
        np.multiply(self.sigma, self.drawn[:, :n].transpose(1, 0, 2), out=out)
        self.start, self.count = k, n
        return out


class RowDraws:
    """σ·ξ_k of one row for the loop on floats: :meth:`take` hands the next n steps' noise as n lists
    of d Python floats (the same bits as :class:`Draws`)."""

    def __init__(self, noise: Noise, run: int, trial: int, d: int):
        self.sigma, self.d = noise.sigma, d
        self.stream = noise.stream(run, trial)

    def take(self, n: int) -> list[list[float]]:
        drawn: Array = self.stream.standard_normal((n, self.d))
        out: list[list[float]] = np.multiply(self.sigma, drawn, out=drawn).tolist()
        return out

    def take_flat(self, n: int) -> list[float]:
        """The next n steps' noise as one flat list of n·d floats (one parameter: one float a step)."""
        drawn: Array = self.stream.standard_normal(n * self.d)
        out: list[float] = np.multiply(self.sigma, drawn, out=drawn).tolist()
        return out
