"""Linear regression ŷ = w·x + b fitted by mean squared error, the seed's model, as a Problem.

    L(w, b) = mean((w·x_i + b − y_i)²)            over the whole data set (no ½)
    ∇L      = (2·mean((w·x_i + b − y_i)·x_i), 2·mean(w·x_i + b − y_i))   over the step's batch
    ∇²L     = [[2·mean(x²), 2·mean(x)], [2·mean(x), 2]]                 constant

Parameters are ("w", "b"); every method is vectorized over runs (X has shape (runs, 2)).

Full batch (the default): every step uses every point, one step is one epoch.
Minibatch (``batch_size=B`` < n): each epoch draws ``rng.permutation(n)`` and cuts it into
batches of B in order, the last one holding the n mod B points left over (kept, not
dropped); step k uses batch k mod ⌈n/B⌉ of epoch k div ⌈n/B⌉. The generator is the one that
drew the synthetic data (``default_rng(seed)``, after its x and noise draws), or a fresh
``default_rng(seed)`` for a CSV file; permutations are drawn one per epoch, in order. Every
run of a result sees the same batches. ``loss`` is always over the whole data set;
``gradient`` is the gradient of the batch mean (``gradient(X)`` with no step: the whole set).

The loss over the whole set is a quadratic in (w, b), so it is worked out once from the data's
sufficient statistics and then costs O(1) per run and step, whatever the data's size. They are
kept centred, which loses nothing to cancellation: with u = x − x̄, v = y − ȳ, s = mean(u²),
w* = mean(u·v)/s and ρ = mean((v − w*·u)²) (the least-squares residual, summed once),

    L(w, b) = s·(w − w*)² + ρ + (w·x̄ + b − ȳ)²

three terms that are never negative (the plain form w²·mean(x²) + … − 2b·mean(y) + mean(y²)
subtracts large terms near the minimum and loses digits when the data sit far from 0).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import Field, InputError
from ..problem import Array, Problem
from .data import Dataset, load

_CHUNK = 4_000_000  # elements of a (runs, batch) temporary


class LinearRegression(Problem):
    text = "linreg"
    parameters = ("w", "b")
    is_quadratic = True  # the loss is exactly quadratic in (w, b)

    def __init__(
        self,
        x: Array,
        y: Array,
        batch_size: int | None = None,
        rng_state: dict[str, Any] | None = None,
        source: str = "data",
    ):
        self.x = np.ascontiguousarray(x, dtype=np.float64).reshape(-1)
        self.y = np.ascontiguousarray(y, dtype=np.float64).reshape(-1)
        if self.x.size != self.y.size or self.x.size < 2:
            raise ValueError("x and y need the same length, at least 2")
        n = self.size
        if batch_size is not None and batch_size >= n:
            batch_size = None  # one batch of every point is full-batch descent
        if batch_size is not None and rng_state is None:
            raise ValueError("minibatches need the generator's state (rng_state)")
        self.batch_size = batch_size
        self.batches_per_epoch = 1 if batch_size is None else -(-n // batch_size)
        self.stochastic = batch_size is not None
        self.source = source
        self._rng_state = rng_state
        self._rng: np.random.Generator | None = None
        self._epoch = -1
        self._perm: NDArray[np.int64] | None = None
        self._stats = _Statistics.of(self.x, self.y)
        with np.errstate(all="ignore"):  # data near the float limit: an infinite curvature, said as such
            mx, mxx = float(np.mean(self.x)), float(np.mean(self.x * self.x))
        self._hessian = np.array([[2.0 * mxx, 2.0 * mx], [2.0 * mx, 2.0]])
        over = "over each minibatch" if self.stochastic else "over the data"
        self.derivative_text = (
            f"(∂L/∂w, ∂L/∂b) = (2·mean((w·x + b − y)·x), 2·mean(w·x + b − y)) {over}"
        )

    def __repr__(self) -> str:
        batch = "full batch" if self.batch_size is None else f"batches of {self.batch_size}"
        return f"LinearRegression({self.size} points from {self.source}, {batch})"

    @property
    def size(self) -> int:
        return int(self.x.size)

    # -- the Problem ----------------------------------------------------------------------
    def loss(self, X: Array) -> Array:
        """Mean squared error over the whole data set, from its statistics: (runs, 2) -> (runs,)."""
        X = np.asarray(X, dtype=np.float64)
        return self._stats.loss(X[:, 0], X[:, 1])

    def gradient(self, X: Array, step: int | None = None) -> Array:
        """∇L over the batch of ``step`` (the whole data set when full-batch or step is None)."""
        X = np.asarray(X, dtype=np.float64)
        idx = None if step is None else self.batch_indices(step)
        xs, ys = (self.x, self.y) if idx is None else (self.x[idx], self.y[idx])
        out = np.empty((X.shape[0], 2))
        chunk = max(1, _CHUNK // xs.size)
        with np.errstate(all="ignore"):
            for a in range(0, X.shape[0], chunk):
                w, b = X[a : a + chunk, 0:1], X[a : a + chunk, 1:2]
                r = (w * xs + b) - ys
                out[a : a + chunk, 0] = 2.0 * np.mean(r * xs, axis=1)
                out[a : a + chunk, 1] = 2.0 * np.mean(r, axis=1)
        return out

    def hessian(self, X: Array) -> Array:
        n = np.asarray(X).shape[0]
        return np.repeat(self._hessian[None, :, :], n, axis=0)

    def extras(self, steps: int) -> dict[str, NDArray[np.int64]]:
        """"epoch" of record k: k div (batches per epoch), the epoch step k belongs to — also the
        number of full epochs done before x_k (with full batch, simply k)."""
        return {"epoch": np.arange(steps + 1) // self.batches_per_epoch}

    # -- minibatches ----------------------------------------------------------------------
    def batch_indices(self, step: int) -> NDArray[np.int64] | None:
        """The rows that step ``step`` uses (None: every row)."""
        if self.batch_size is None:
            return None
        epoch, j = divmod(int(step), self.batches_per_epoch)
        perm = self.permutation(epoch)
        return perm[j * self.batch_size : (j + 1) * self.batch_size]

    def permutation(self, epoch: int) -> NDArray[np.int64]:
        """The order of the rows in ``epoch`` (0-based): the (epoch+1)-th rng.permutation(n)."""
        if self._rng_state is None:
            raise ValueError("full-batch descent does not shuffle")
        if self._rng is None or epoch < self._epoch:
            self._rng = np.random.Generator(np.random.PCG64())
            self._rng.bit_generator.state = self._rng_state
            self._epoch, self._perm = -1, None
        while self._epoch < epoch:
            self._perm = self._rng.permutation(self.size)
            self._epoch += 1
        assert self._perm is not None
        return self._perm


@dataclass(frozen=True)
class _Statistics:
    """What the mean squared error of a line needs from the data (see the module docstring)."""

    x_mean: float
    y_mean: float
    spread: float  # mean((x − x̄)²)
    slope: float  # w* = mean((x − x̄)(y − ȳ)) / spread (0 when every x is the same)
    residual: float  # ρ = mean((y − ȳ − w*·(x − x̄))²)

    @classmethod
    def of(cls, x: Array, y: Array) -> _Statistics:
        with np.errstate(all="ignore"):
            x_mean, y_mean = float(np.mean(x)), float(np.mean(y))
            u, v = x - x_mean, y - y_mean
            spread = float(np.mean(u * u))
            slope = float(np.mean(u * v)) / spread if spread > 0 else 0.0
            r = v - slope * u
            return cls(x_mean, y_mean, spread, slope, float(np.mean(r * r)))

    def loss(self, w: Array, b: Array) -> Array:
        with np.errstate(all="ignore"):
            dw = w - self.slope
            c = w * self.x_mean + b - self.y_mean
            out: Array = self.spread * (dw * dw) + self.residual + c * c
        # a mean of squares is never NaN: at a finite (w, b) a NaN is an overflow (∞ − ∞ in the
        # statistics of data near the float limit), so the loss is +∞ there, and the run diverges
        return np.where(np.isnan(out) & np.isfinite(w) & np.isfinite(b), np.inf, out)


@dataclass(frozen=True, eq=False)
class TrainingData:
    """A regression's points, read once: the CSV file ``data``'s or the seed's synthetic set, with the
    generator (``default_rng(seed)``) as it stands after drawing them: it shuffles the minibatches of
    every problem made from these points (:meth:`problem`), each starting from that same state."""

    dataset: Dataset
    rng_state: dict[str, Any]
    source: str  # "synthetic, seed 0" or the file's path

    @classmethod
    def read(cls, data: str | None = None, seed: int = 0) -> TrainingData:
        """Read the CSV file ``data`` (raises InputError naming it) or draw the seed's synthetic set."""
        rng = np.random.default_rng(seed)
        ds = load(data, rng)
        source = f"synthetic, seed {seed}" if ds.source == "synthetic" else ds.source
        return cls(ds, dict(rng.bit_generator.state), source)

    @property
    def size(self) -> int:
        return self.dataset.size

    def check_batch_size(self, batch_size: int | None) -> None:
        """Refuse a minibatch size that is not a whole number ≥ 1 or is larger than the data."""
        if batch_size is None:
            return
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise InputError(f"batch size: must be a whole number ≥ 1, got {batch_size!r}", field=Field.BATCH)
        if batch_size > self.size:
            raise InputError(f"batch size {batch_size} is larger than the data ({self.size} points)", field=Field.BATCH)

    def batches_per_epoch(self, batch_size: int | None) -> int:
        """⌈n/B⌉ (1 for full batch): what a :class:`LinearRegression` of these points steps per epoch."""
        return 1 if batch_size is None or batch_size >= self.size else -(-self.size // batch_size)

    def problem(self, batch_size: int | None = None) -> LinearRegression:
        """A fresh problem on these points (its minibatch shuffles are its own to advance)."""
        self.check_batch_size(batch_size)
        ds = self.dataset
        return LinearRegression(ds.x, ds.y, batch_size, self.rng_state, self.source)


def build_linreg(data: str | None = None, seed: int = 0, batch_size: int | None = None) -> LinearRegression:
    """The regression problem on the CSV file ``data`` or the synthetic set of ``seed``."""
    return TrainingData.read(data, seed).problem(batch_size)


__all__ = ["LinearRegression", "TrainingData", "build_linreg"]
