"""What the engine descends on: named parameters, a loss and its gradient.

A problem subclasses :class:`Problem`, gives ``text`` and ``parameters``, and implements
:meth:`~Problem.loss` and :meth:`~Problem.gradient`. Everything else has a default that
a problem overrides when it knows better:

=====================  ==================================================================
``loss_and_gradient``  f and ∇f in one call (default: the two calls)
``hessian``            ∇²f (default: central differences of the full gradient)
``extras``             per-step values besides x, f, ∇f, e.g. the epoch (default: none)
``loss_for_plot``      f for drawing only, may round differently (default: ``loss``)
``scalar_code``        f and ∇f at one point on Python floats, bit for bit what
                       ``loss_and_gradient`` gives: the engine's path for few runs
                       (default: None, arrays only); ``at_point`` answers where it raises
``derivative_text``    ∇f as code reads it, e.g. "2*x - 4" (default: "")
``notation``           how f reads on screen, e.g. "(x − 2)²" (default: ``text``)
``derivative_notation``  how ∇f reads on screen, e.g. "2x − 4" (default: ``derivative_text``)
``is_quadratic``       f is exactly a quadratic: the analysis may then speak of exact
                       landings and bounces (default: False)
``stochastic``         the gradient changes between steps, e.g. minibatches (default: False)
=====================  ==================================================================

Everything is vectorized over runs: ``X`` has shape ``(runs, d)``; ``loss`` returns
``(runs,)``, ``gradient`` ``(runs, d)`` and ``hessian`` ``(runs, d, d)``. ``step`` is the
index of the descent step, for problems whose gradient changes between steps; ``None``
asks for the full, deterministic gradient (what the analysis uses). Implementations must
not warn: callers run them under ``np.errstate(all="ignore")`` and turn inf/nan into statuses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]


class Problem(ABC):
    text: str  # how the problem was given, e.g. "(x-2)**2" or "linreg"
    parameters: tuple[str, ...]  # e.g. ("x",), ("x", "y"), ("w", "b")
    derivative_text: str = ""
    is_quadratic: bool = False
    stochastic: bool = False

    @abstractmethod
    def loss(self, X: Array) -> Array:
        """f at every row of X: (runs, d) -> (runs,)."""

    @abstractmethod
    def gradient(self, X: Array, step: int | None = None) -> Array:
        """∇f at every row of X, for descent step ``step`` (None: the full gradient): (runs, d)."""

    def loss_and_gradient(self, X: Array, step: int | None = None) -> tuple[Array, Array]:
        return self.loss(X), self.gradient(X, step)

    def hessian(self, X: Array) -> Array:
        """Central differences of the full gradient (relative step 1e-5), symmetrized: (runs, d, d)."""
        X = np.asarray(X, dtype=np.float64)
        n, d = X.shape
        H = np.empty((n, d, d))
        with np.errstate(all="ignore"):
            for i in range(d):
                h = 1e-5 * np.maximum(1.0, np.abs(X[:, i]))
                up, down = X.copy(), X.copy()
                up[:, i] += h
                down[:, i] -= h
                H[:, :, i] = (self.gradient(up) - self.gradient(down)) / (2 * h)[:, None]
            return (H + H.transpose(0, 2, 1)) / 2

    def extras(self, steps: int) -> dict[str, NDArray[np.int64]]:
        """Values per record k = 0..steps besides x, f and ∇f, the same for every run: {name: (steps+1,)}."""
        return {}

    @property
    def notation(self) -> str:
        """How f reads on screen (a typed function: "(x − 2)²"); by default its text."""
        return self.text

    @property
    def derivative_notation(self) -> str:
        """How ∇f reads on screen ("2x − 4"); by default its text."""
        return self.derivative_text

    def loss_for_plot(self, X: Array) -> Array:
        return self.loss(X)

    def scalar_code(self) -> Callable[..., tuple[float, ...]] | None:
        """``code(*x) -> (f, *∇f)`` on Python floats for one point, the same bits as
        :meth:`loss_and_gradient` (full gradient); it may raise ArithmeticError or ValueError where
        NumPy would answer inf or nan, and :meth:`at_point` answers there. None: arrays only."""
        return None

    def at_point(self, *x: float) -> tuple[float, ...]:
        """(f, *∇f) at one point, from :meth:`loss_and_gradient` on a one-row array."""
        with np.errstate(all="ignore"):
            loss, grad = self.loss_and_gradient(np.array([x], dtype=np.float64))
        return (float(loss[0]), *(float(v) for v in grad[0]))
