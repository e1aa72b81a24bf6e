"""The whitelist behind :mod:`lrtui.expr.grammar`: the names a user may type and what they mean.

* the variables, constants and functions, and the hint listing them;
* three activation functions sympy lacks (``sigmoid``, ``softplus``, ``relu``) as small
  sympy ``Function`` subclasses with exact derivatives that print readably
  (``softplus' = sigmoid``); their NumPy implementations, which do not overflow, are in
  :mod:`lrtui.expr.namespace`; ``Abs`` and ``sign`` subclassed so that their derivatives
  stay ``sign(u)*u'`` even when sympy cannot prove ``u`` real (``abs(log(x))``);
* the messages for refused syntax.

Runs in the symbolic worker only (it imports sympy).
"""

from __future__ import annotations

import ast
import cmath
from collections.abc import Callable
from typing import Any

import sympy as sp

from lrtui.expr.cost import approximate

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
VARIABLES: dict[str, Any] = {"x": X, "y": Y}
K = sp.Symbol("k", real=True, nonnegative=True)  # a schedule's step (torch's last_epoch), in a formula in k
STEP_VARIABLES: dict[str, Any] = {"k": K}
CONSTANTS: dict[str, Any] = {"pi": sp.pi, "e": sp.E}


class _Activation(sp.Function):
    """A real function of one argument with an elementary ``formula``, which sympy uses
    for numeric evaluation (``evalf``; a Float argument gives a Float)."""

    nargs = 1

    @staticmethod
    def formula(u: Any) -> Any:
        raise NotImplementedError

    @staticmethod
    def known(u: Any) -> Any:
        """The value when it is known without work (sigmoid(0) = 1/2), else None."""
        return None

    @classmethod
    def eval(cls, u: Any) -> Any:  # sympy's hook for automatic simplification
        return cls.formula(u).evalf() if u.is_Float else cls.known(u)

    def _eval_evalf(self, prec: int) -> Any:
        # the argument first: the formula built on an exact argument would be evaluated
        # exactly, e.g. exp(3*10^300*log(10)) = 1000^(10^300), for ever
        u = self.args[0]._eval_evalf(prec)
        return self.formula(u)._eval_evalf(prec) if u is not None and u.is_Float else None

    def _eval_is_extended_real(self) -> bool | None:
        return self.args[0].is_extended_real  # type: ignore[no-any-return]


class sigmoid(_Activation):  # noqa: N801 - the class name is what users read
    """1 / (1 + exp(-u))."""

    @staticmethod
    def formula(u: Any) -> Any:
        return 1 / (1 + sp.exp(-u))

    @staticmethod
    def known(u: Any) -> Any:
        return sp.S.Half if u is sp.S.Zero else None

    def fdiff(self, argindex: int = 1) -> Any:
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


class softplus(_Activation):  # noqa: N801
    """log(1 + exp(u))."""

    @staticmethod
    def formula(u: Any) -> Any:
        return sp.log(1 + sp.exp(u))

    @staticmethod
    def known(u: Any) -> Any:
        return sp.log(2) if u is sp.S.Zero else None

    def fdiff(self, argindex: int = 1) -> Any:
        return sigmoid(self.args[0])

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


def _known_sign(u: Any) -> int:
    """1 when u >= 0, -1 when u <= 0, 0 when that is not cheaply known. Constants are
    judged by their floating-point value (sympy would evalf them in every query)."""
    if u.free_symbols:
        return 1 if u.is_extended_nonnegative else -1 if u.is_extended_nonpositive else 0
    z = approximate(u)
    if not cmath.isfinite(z) or z.imag != 0 or abs(z.real) < 1e-9:
        return 0
    return 1 if z.real > 0 else -1


class relu(_Activation):  # noqa: N801
    """max(0, u); its derivative is Heaviside(u), taken as 0 at u = 0 numerically."""

    @staticmethod
    def formula(u: Any) -> Any:
        return sp.Max(0, u)

    @staticmethod
    def known(u: Any) -> Any:
        sign_ = _known_sign(u)
        return u if sign_ > 0 else sp.S.Zero if sign_ < 0 else None

    def fdiff(self, argindex: int = 1) -> Any:
        return sp.Heaviside(self.args[0])

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_extended_real else None


class step(sp.Function):  # noqa: N801
    """Heaviside with step(0) = 0; only used in compiled code, never shown."""

    nargs = 1


class sign(sp.sign):  # noqa: N801 - named like sympy's so that it prints the same
    """sign(u), differentiated as if u were real (it is, wherever f is defined)."""

    def _eval_derivative(self, s: Any) -> Any:
        u = self.args[0]
        return 2 * sp.DiracDelta(u) * u.diff(s)


class Abs(sp.Abs):
    """abs(u), differentiated as sign(u)*u' (named like sympy's so that it prints the same).

    Its automatic simplification is only the cheap part of sympy's (numbers, numeric
    factors, known signs): sympy's own expands powers into real and imaginary parts,
    which can take forever on ``abs(c^(1000 - (x+1)^(-10^300)))``."""

    @classmethod
    def eval(cls, u: Any) -> Any:
        if u.is_Number:
            return -u if u < 0 else u  # not u.is_negative: that may test u for primality
        coefficient, rest = u.as_coeff_Mul()
        if coefficient.is_Number and coefficient != 1:
            return abs(coefficient) * Abs(rest)
        sign_ = _known_sign(u)
        return u if sign_ > 0 else -u if sign_ < 0 else None

    def _eval_derivative(self, s: Any) -> Any:
        u = self.args[0]
        return sign(u) * u.diff(s)


def _log2(u: Any) -> Any:
    return sp.log(u, 2)


def _log10(u: Any) -> Any:
    return sp.log(u, 10)


# name -> callable building the sympy expression from one argument. ``sqrt`` maps to None:
# the parser builds it as a power so that it goes through the same cost checks.
FUNCTIONS: dict[str, Callable[[Any], Any] | None] = {
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "asin": sp.asin,
    "acos": sp.acos,
    "atan": sp.atan,
    "arcsin": sp.asin,
    "arccos": sp.acos,
    "arctan": sp.atan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "exp": sp.exp,
    "log": sp.log,
    "ln": sp.log,
    "log2": _log2,
    "log10": _log10,
    "sqrt": None,
    "abs": Abs,
    "sigmoid": sigmoid,
    "softplus": softplus,
    "relu": relu,
}

HINT = (
    "use x, y, pi, e and sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, ln, "
    "log2, log10, sqrt, abs, sigmoid, softplus, relu"
)

# a formula in k (a schedule's lambda:f= and multiplicative:f=) may also take the smaller or the
# larger of two or more values
SEVERAL: dict[str, Callable[..., Any]] = {"min": sp.Min, "max": sp.Max}
STEP_HINT = (
    "use k, pi, e and min, max, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, exp, log, ln, "
    "log2, log10, sqrt, abs, sigmoid, softplus, relu"
)

# What the parser says about what it refuses.
BRACKET_WORD: dict[str, str] = {"(": "parenthesis", ")": "parenthesis", "[": "bracket", "]": "bracket",
                "{": "brace", "}": "brace"}
REFUSED_BINOPS: dict[type[ast.operator], str] = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
                  ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}
REFUSED_NODES: dict[type[ast.AST], str] = {
    ast.Attribute: "attributes are not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Starred: "'*' unpacking is not allowed",
    ast.Compare: "comparisons are not allowed",
    ast.BoolOp: "'and'/'or' are not allowed",
    ast.IfExp: "conditional expressions are not allowed",
    ast.Lambda: "lambdas are not allowed",
    ast.NamedExpr: "':=' is not allowed",
    ast.Dict: "dicts are not allowed",
    ast.Set: "sets are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples (commas) are not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.JoinedStr: "strings are not allowed",
    ast.Slice: "slices are not allowed",
}
