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
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..errors import InputError
from ..problem import Array, Problem

_CHUNK = 4_000_000  # elements of a (runs, n) temporary


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
        self._moments: tuple[float, ...] | None = None
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
        """Mean squared error over the whole data set: (runs, 2) -> (runs,)."""
        X = np.asarray(X, dtype=np.float64)
        out = np.empty(X.shape[0])
        step = max(1, _CHUNK // self.size)
        with np.errstate(all="ignore"):
            for a in range(0, X.shape[0], step):
                w, b = X[a : a + step, 0:1], X[a : a + step, 1:2]
                r = (w * self.x + b) - self.y
                out[a : a + step] = np.mean(r * r, axis=1)
        return out

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

    def loss_for_plot(self, X: Array) -> Array:
        """The loss from the data's moments, O(1) per point whatever the data's size: for drawing
        contours only (it rounds differently from :meth:`loss`, which the descent uses)."""
        if self._moments is None:
            x, y = self.x, self.y
            self._moments = tuple(float(np.mean(v)) for v in (x * x, x, y * x, y, y * y))
        sxx, sx, sxy, sy, syy = self._moments
        X = np.asarray(X, dtype=np.float64)
        w, b = X[:, 0], X[:, 1]
        with np.errstate(all="ignore"):
            return w * w * sxx + 2 * w * b * sx + b * b - 2 * w * sxy - 2 * b * sy + syy

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


def build_linreg(data: str | None = None, seed: int = 0, batch_size: int | None = None) -> LinearRegression:
    """The regression problem of a scenario: the CSV file ``data`` or the synthetic set of ``seed``."""
    from ..data import load

    rng = np.random.default_rng(seed)
    ds = load(data, rng)
    source = f"synthetic, seed {seed}" if ds.source == "synthetic" else ds.source
    if batch_size is not None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise InputError(f"batch size: must be a whole number ≥ 1, got {batch_size!r}", field="batch_size")
        if batch_size > ds.size:
            raise InputError(
                f"batch size {batch_size} is larger than the data ({ds.size} points)", field="batch_size"
            )
    return LinearRegression(ds.x, ds.y, batch_size, dict(rng.bit_generator.state), source)


__all__ = ["LinearRegression", "build_linreg"]
