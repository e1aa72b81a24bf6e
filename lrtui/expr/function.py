"""A parsed function of x (or of x and y), evaluated with NumPy: what the engine descends on.

``parse_function(text)`` asks the symbolic worker (:mod:`lrtui.expr.client`) for the
derivation of ``text`` and compiles the NumPy code it printed (:mod:`lrtui.expr.compiled`).
Nothing here imports sympy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np

from lrtui.errors import Field, InputError
from lrtui.expr.client import derivation_of
from lrtui.expr.compiled import UnsafeCode, compile_numpy, compile_scalar
from lrtui.expr.protocol import Derivation
from lrtui.expr.scalar import ScalarCode, Unsupported
from lrtui.problem import Problem

__all__ = ["Function", "parse_function"]

Code = Callable[..., list[Any]]


def parse_function(text: str, *, group: str | None = None) -> Function:
    """Parse ``text`` (e.g. ``"(x-2)^2"``) into a :class:`Function`.

    Raises :class:`~lrtui.errors.InputError` (``field=Field.FUNCTION``) with a one-line message
    naming the problem and its 1-based column in ``text``. The work happens in the symbolic
    worker under a time limit; answers are remembered, so parsing the same text again
    costs nothing. ``group``: a newer request of the same group (the next keystroke in the
    app's function field) supersedes this one, which then raises
    :class:`~lrtui.expr.client.Superseded`.
    """
    return _function(derivation_of(text, group=group))


@functools.lru_cache(maxsize=64)
def _function(derivation: Derivation) -> Function:
    return Function(derivation)


class Function(Problem):
    """f with its exact gradient (and exact Hessian when small), as NumPy code.

    A :class:`lrtui.problem.Problem`. Every evaluation runs under
    ``np.errstate(all="ignore")`` (the engine's hot path leaves that to the engine) and
    returns inf/nan as they come.
    """

    def __init__(self, derivation: Derivation):
        self.derivation = derivation
        self.text = derivation.text
        self.parameters = derivation.parameters
        self.expression = derivation.expression  # how the text was read: "(x - 2)**2"
        self.gradient_texts = derivation.gradient_texts
        self.is_quadratic = derivation.is_quadratic
        self.exact_hessian = derivation.hessian_source is not None
        self._notation = derivation.notation or self.text  # "(x − 2)²"
        notations = derivation.gradient_notations or self.gradient_texts  # "2x − 4"
        if len(self.parameters) == 1:
            self.derivative_text = self.gradient_texts[0]
            self._derivative_notation = notations[0]
        else:
            names = ", ".join(f"∂f/∂{p}" for p in self.parameters)
            self.derivative_text = f"({names}) = ({', '.join(self.gradient_texts)})"
            self._derivative_notation = f"({names}) = ({', '.join(notations)})"
        d = len(self.parameters)
        try:
            self._loss_code = _guarded(compile_numpy(derivation.loss_source, self.parameters), 1)
            self._gradient_code = _guarded(compile_numpy(derivation.gradient_source, self.parameters), d)
            self._both_raw = compile_numpy(derivation.both_source, self.parameters)
            hessian = derivation.hessian_source
            self._hessian_code = None if hessian is None else _guarded(compile_numpy(hessian, self.parameters), d * d)
        except (UnsafeCode, SyntaxError, ValueError, RecursionError, MemoryError) as error:
            raise InputError(f"the function cannot be turned into NumPy code ({error})",
                             field=Field.FUNCTION) from None
        self._scalar: ScalarCode | None = None  # compiled on first use
        self._scalar_tried = False

    def __repr__(self) -> str:
        return f"Function({self.text!r})"

    @property
    def notation(self) -> str:
        return self._notation

    @property
    def derivative_notation(self) -> str:
        return self._derivative_notation

    def _run(self, code: Code, X: Any) -> tuple[np.ndarray, int]:
        X = np.asarray(X, dtype=np.float64)
        d = len(self.parameters)
        if X.ndim != 2 or X.shape[1] != d:
            raise ValueError(f"expected X of shape (n, {d}), got {X.shape}")
        n = X.shape[0]
        with np.errstate(all="ignore"):
            parts = code(*(X[:, i] for i in range(d)))
            if len(parts) == 1:  # the hot path of the engine: f, or f' with one parameter
                col = _column(parts[0], n)
                if not col.flags.writeable or np.may_share_memory(col, X):  # f = x: a view
                    col = col.copy()
                return col[:, None], n
            out = np.empty((n, len(parts)))
            for i, p in enumerate(parts):
                out[:, i] = _column(p, n)
            return out, n

    # -- the Problem protocol ---------------------------------------------------------------
    def loss(self, X: np.ndarray) -> np.ndarray:
        return self._run(self._loss_code, X)[0][:, 0]

    def gradient(self, X: np.ndarray, step: int | None = None) -> np.ndarray:
        return self._run(self._gradient_code, X)[0]

    def loss_and_gradient(self, X: np.ndarray, step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """f and ∇f in one compiled call sharing subexpressions: the engine's hot path.

        Lean on purpose: X must already be a float64 array of shape (n, d), and the caller
        silences floating-point warnings (the engine runs under ``np.errstate(all="ignore")``).
        """
        n, d = X.shape
        try:
            parts = self._both_raw(X[:, 0]) if d == 1 else self._both_raw(*(X[:, i] for i in range(d)))
        except ArithmeticError:  # a constant overflows in Python arithmetic (10.0**400)
            parts = [np.nan] * (1 + d)
        loss = _fresh(parts[0], n)
        if d == 1:
            return loss, _fresh(parts[1], n)[:, None]
        grad = np.empty((n, d))
        for i in range(d):
            grad[:, i] = _column(parts[1 + i], n)
        return loss, grad

    def scalar_code(self) -> ScalarCode | None:
        """f and ∇f at one point on Python floats, the same bits as :meth:`loss_and_gradient`
        (:mod:`lrtui.expr.scalar`): ``code(x[, y]) -> (f, ∂f/∂x[, ∂f/∂y])``. It raises
        ArithmeticError or ValueError where Python refuses what NumPy answers with inf or nan
        (a division by zero): :meth:`at_point` answers there. None when the rewrite does not apply."""
        if not self._scalar_tried:
            self._scalar_tried = True
            try:
                self._scalar = compile_scalar(self.derivation.both_source, self.parameters)
            except (Unsupported, UnsafeCode, SyntaxError, RecursionError, MemoryError):
                self._scalar = None
        return self._scalar

    def hessian(self, X: np.ndarray) -> np.ndarray:
        """The exact Hessian; central differences of the exact gradient when it would be too large."""
        if self._hessian_code is None:
            return super().hessian(X)
        d = len(self.parameters)
        values, n = self._run(self._hessian_code, X)
        return values.reshape(n, d, d)

    # -- 1-D conveniences -------------------------------------------------------------------
    def _one_d(self, method: Callable[[np.ndarray], np.ndarray], x: Any,
               pick: Callable[[np.ndarray], np.ndarray]) -> Any:
        if len(self.parameters) != 1:
            raise ValueError(f"{self.text!r} is a function of {', '.join(self.parameters)}")
        xs = np.asarray(x, dtype=np.float64)
        out = pick(method(xs.reshape(-1, 1))).reshape(xs.shape)
        return float(out) if out.ndim == 0 else out

    def value(self, x: Any) -> Any:
        """f(x) for a scalar (-> float) or an array of x (-> array of the same shape)."""
        return self._one_d(self.loss, x, lambda v: v)

    def d1(self, x: Any) -> Any:
        """f'(x), like :meth:`value`."""
        return self._one_d(self.gradient, x, lambda g: g[:, 0])

    def d2(self, x: Any) -> Any:
        """f''(x), like :meth:`value`."""
        return self._one_d(self.hessian, x, lambda h: h[:, 0, 0])


def _guarded(code: Code, count: int) -> Code:
    """The code, answering nan when a constant overflows in Python arithmetic (10.0**400)."""

    def run(*columns: Any) -> list[Any]:
        try:
            return code(*columns)
        except ArithmeticError:
            return [np.nan] * count

    return run


_FLOAT64 = np.dtype(np.float64)


def _fresh(part: Any, n: int) -> np.ndarray:
    """:func:`_column`, never a view of the input (f = x returns its column): the array the
    engine records may be written to."""
    if type(part) is np.ndarray and part.base is None and part.dtype is _FLOAT64 and part.shape == (n,):
        return part  # a ufunc's fresh result: the usual case
    col = _column(part, n)
    return col.copy() if col.base is not None or not col.flags.writeable else col


def _column(part: Any, n: int) -> np.ndarray:
    """One compiled output as a float64 array of shape (n,): constants are broadcast,
    complex values (never expected from real inputs) become nan unless real."""
    if type(part) is np.ndarray and part.dtype == np.float64 and part.shape == (n,):
        return part
    a = np.asarray(part)
    if np.iscomplexobj(a):
        a = np.where(a.imag == 0, a.real, np.nan)
    a = a.astype(np.float64, copy=False)
    return np.full(n, a, dtype=np.float64) if a.shape != (n,) else a  # constants: a writeable array
