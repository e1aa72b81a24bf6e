"""The whitelist behind :mod:`lrtui.expr`, and what it costs and means numerically.

* the names a user may type (variables, constants, functions) and the hint listing them;
* three activation functions sympy lacks (``sigmoid``, ``softplus``, ``relu``) as small
  sympy ``Function`` subclasses with exact derivatives that print readably
  (``softplus' = sigmoid``) and NumPy implementations that do not overflow
  (``softplus(1000) == 1000``); ``Abs`` and ``sign`` subclassed so that their derivatives
  stay ``sign(u)*u'`` even when sympy cannot prove ``u`` real (``abs(log(x))``);
* the messages for refused syntax;
* :func:`derivative_size`, the estimate that keeps sympy from differentiating monsters;
* :class:`NumericPrinter` and NUMPY_NAMESPACE, how an expression is compiled to NumPy.
"""

from __future__ import annotations

import ast
import cmath
import math

import numpy as np
import sympy as sp
from sympy.printing.numpy import NumPyPrinter

X = sp.Symbol("x", real=True)
Y = sp.Symbol("y", real=True)
VARIABLES: dict[str, sp.Symbol] = {"x": X, "y": Y}
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "e": sp.E}


class _Activation(sp.Function):
    """A real function of one argument with an elementary ``formula``, which sympy uses
    for numeric evaluation (``evalf``; a Float argument gives a Float)."""

    nargs = 1

    @staticmethod
    def formula(u: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    @staticmethod
    def known(u: sp.Expr) -> sp.Expr | None:
        return None

    # sympy's hook for automatic simplification is the classmethod ``eval``; it is bound
    # by assignment so that no call-like spelling of that name appears in the package
    eval = classmethod(lambda cls, u: cls.formula(u).evalf() if u.is_Float else cls.known(u))  # noqa: A003

    def _eval_evalf(self, prec):
        # the argument first: the formula built on an exact argument would be evaluated
        # exactly, e.g. exp(3*10^300*log(10)) = 1000^(10^300), for ever
        u = self.args[0]._eval_evalf(prec)
        return self.formula(u)._eval_evalf(prec) if u is not None and u.is_Float else None

    def _eval_is_extended_real(self):
        return self.args[0].is_extended_real


class sigmoid(_Activation):  # noqa: N801 - the class name is what users read
    """1 / (1 + exp(-u))."""

    formula = staticmethod(lambda u: 1 / (1 + sp.exp(-u)))
    known = staticmethod(lambda u: sp.S.Half if u is sp.S.Zero else None)

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None


class softplus(_Activation):  # noqa: N801
    """log(1 + exp(u))."""

    formula = staticmethod(lambda u: sp.log(1 + sp.exp(u)))
    known = staticmethod(lambda u: sp.log(2) if u is sp.S.Zero else None)

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_is_positive(self):
        return True if self.args[0].is_extended_real else None


def _known_sign(u: sp.Expr) -> int:
    """1 when u >= 0, -1 when u <= 0, 0 when that is not cheaply known. Constants are
    judged by their floating-point value (sympy would evalf them in every query)."""
    if u.free_symbols:
        return 1 if u.is_extended_nonnegative else -1 if u.is_extended_nonpositive else 0
    z = approximate(u)
    if not cmath.isfinite(z) or z.imag != 0 or abs(z.real) < 1e-9:
        return 0
    return 1 if z.real > 0 else -1


def _relu_of_known_sign(u):
    sign_ = _known_sign(u)
    return u if sign_ > 0 else sp.S.Zero if sign_ < 0 else None


class relu(_Activation):  # noqa: N801
    """max(0, u); its derivative is Heaviside(u), taken as 0 at u = 0 numerically."""

    formula = staticmethod(lambda u: sp.Max(0, u))
    known = staticmethod(_relu_of_known_sign)

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0])

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_extended_real else None


class step(sp.Function):  # noqa: N801
    """Heaviside with step(0) = 0; only used in compiled code, never shown."""

    nargs = 1


class sign(sp.sign):  # noqa: N801 - named like sympy's so that it prints the same
    """sign(u), differentiated as if u were real (it is, wherever f is defined)."""

    def _eval_derivative(self, s):
        u = self.args[0]
        return 2 * sp.DiracDelta(u) * u.diff(s)


def _abs_of_known_sign(u):
    if u.is_Number:
        return -u if u < 0 else u  # not u.is_negative: that may test u for primality
    coefficient, rest = u.as_coeff_Mul()
    if coefficient.is_Number and coefficient != 1:
        return abs(coefficient) * Abs(rest)
    sign_ = _known_sign(u)
    return u if sign_ > 0 else -u if sign_ < 0 else None


class Abs(sp.Abs):
    """abs(u), differentiated as sign(u)*u' (named like sympy's so that it prints the same).

    Its automatic simplification is only the cheap part of sympy's (numbers, numeric
    factors, known signs): sympy's own expands powers into real and imaginary parts,
    which can take forever on ``abs(c^(1000 - (x+1)^(-10^300)))``."""

    eval = classmethod(lambda cls, u: _abs_of_known_sign(u))  # noqa: A003

    def _eval_derivative(self, s):
        u = self.args[0]
        return sign(u) * u.diff(s)


# name -> callable building the sympy expression from one argument. ``sqrt`` maps to None:
# the parser builds it as a power so that it goes through the same cost checks.
FUNCTIONS: dict[str, object] = {
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
    "log2": lambda u: sp.log(u, 2),
    "log10": lambda u: sp.log(u, 10),
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

# Size (in tree nodes) of f'(u) as a*size(u) + b, by sympy class name: the parser
# estimates the size of derivatives from these before asking sympy for them.
DERIVATIVE_SIZE: dict[str, tuple[int, int]] = {
    "sin": (1, 1), "cos": (1, 3), "sinh": (1, 1), "cosh": (1, 1), "exp": (1, 1),
    "log": (1, 3), "tan": (1, 5), "tanh": (1, 5), "asin": (1, 10), "acos": (1, 12),
    "atan": (1, 8), "sigmoid": (2, 6), "softplus": (1, 1), "relu": (1, 1), "Abs": (1, 1),
    "sign": (1, 3), "Heaviside": (1, 1), "DiracDelta": (1, 3),
}
DEFAULT_DERIVATIVE_SIZE = (2, 10)

# What the parser says about what it refuses.
BRACKET_WORD = {"(": "parenthesis", ")": "parenthesis", "[": "bracket", "]": "bracket",
                "{": "brace", "}": "brace"}
REFUSED_BINOPS = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<",
                  ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^"}
REFUSED_NODES = {
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


def derivative_size(expr: sp.Expr, symbol: sp.Symbol) -> int:
    """An estimate (from above, in practice) of the tree size of ``diff(expr, symbol)``,
    from the sum, product and chain rules without differentiating: sympy needs about
    0.1 ms per node of a derivative, so sizes are bounded before it is asked."""
    memo: dict[sp.Basic, tuple[int, int]] = {}

    def walk(e: sp.Basic) -> tuple[int, int]:  # (size of e, size of its derivative)
        if e in memo:
            return memo[e]
        parts = [walk(a) for a in e.args]
        size = 1 + sum(p[0] for p in parts)
        if symbol not in e.free_symbols or not parts:
            d = 1
        elif isinstance(e, sp.Add):
            d = 1 + sum(p[1] for p in parts)
        elif isinstance(e, sp.Mul):
            d = 1 + sum(2 + p[1] + size - p[0] for a, p in zip(e.args, parts, strict=True)
                        if symbol in a.free_symbols)
        elif isinstance(e, sp.Pow):  # b**c: c*b**(c-1)*b' + b**c*log(b)*c'
            (sb, db), (sc, dc) = parts
            d = sb + sc + db + 6
            if symbol in e.exp.free_symbols:
                d += size + sb + dc + 4
        else:  # f(u): f'(u)*u'
            a, b = DERIVATIVE_SIZE.get(type(e).__name__, DEFAULT_DERIVATIVE_SIZE)
            su, du = parts[0] if len(parts) == 1 else (size, size)
            d = 2 + a * su + b + du
        memo[e] = (size, d)
        return size, d

    return walk(expr)[1]


_APPROXIMATE = {
    "sin": cmath.sin, "cos": cmath.cos, "tan": cmath.tan, "asin": cmath.asin,
    "acos": cmath.acos, "atan": cmath.atan, "sinh": cmath.sinh, "cosh": cmath.cosh,
    "tanh": cmath.tanh, "exp": cmath.exp, "log": cmath.log, "Abs": abs,
    "sigmoid": lambda u: _sigmoid_c(u),
    "softplus": lambda u: _softplus_c(u),
    "relu": lambda u: complex(max(u.real, 0.0)) if u.imag == 0 else complex(math.nan),
}


def _sigmoid_c(u: complex) -> complex:
    if u.imag == 0 and u.real < 0:
        return cmath.exp(u) / (1 + cmath.exp(u))
    return 1 / (1 + cmath.exp(-u))


def _softplus_c(u: complex) -> complex:
    if u.imag == 0:
        return complex(max(u.real, 0.0) + math.log1p(math.exp(-abs(u.real))))
    return cmath.log(1 + cmath.exp(u))


def approximate(expr: sp.Expr) -> complex:
    """The value of a constant expression in complex floating point, nan when it cannot
    be had cheaply (overflow, pole, unknown function). Unlike evalf it never works hard:
    the parser uses it to refuse complex constants (``asin(2)``) before sympy reasons
    about them, which can take exponential time (``log(log(asin(pi)))``)."""
    try:
        if isinstance(expr, sp.Rational):
            return complex(expr.p / expr.q)
        if isinstance(expr, sp.Float):
            return complex(float(expr))
        if isinstance(expr, sp.NumberSymbol):
            return complex(float(expr))
        if expr is sp.I:
            return 1j
        args = [approximate(a) for a in expr.args]
        if isinstance(expr, sp.Add):
            return sum(args, 0j)
        if isinstance(expr, sp.Mul):
            return math.prod(args, start=1 + 0j)
        if isinstance(expr, sp.Pow):
            return args[0] ** args[1]
        function = _APPROXIMATE.get(type(expr).__name__)
        return function(*args) if function and len(args) == 1 else complex(math.nan)
    except (ArithmeticError, ValueError):  # overflow, 0**-1, log(0)
        return complex(math.nan)


def _sigmoid(u):
    return np.exp(-np.logaddexp(0.0, -u))


NUMPY_NAMESPACE: dict[str, object] = {
    "sigmoid": _sigmoid,
    "softplus": lambda u: np.logaddexp(0.0, u),
    "relu": lambda u: np.maximum(u, 0.0),
    "step": lambda u: np.heaviside(u, 0.0),
    "DiracDelta": lambda u, *k: np.zeros_like(u),
}

_EXACT = 2**53


class NumericPrinter(NumPyPrinter):
    """NumPy code for our expressions without rewriting them (rebuilding a tree makes
    sympy evaluate it again, which can be slow): ``Heaviside(u)`` prints as ``step(u)``
    (0 at 0) and numbers a float cannot hold exactly print as float literals, so that
    the code never mixes huge Python ints with arrays. ``DiracDelta`` (0 almost
    everywhere) and our activations come from NUMPY_NAMESPACE."""

    def __init__(self):
        super().__init__({"fully_qualified_modules": False, "inline": True,
                          "allow_unknown_functions": True,
                          "user_functions": {name: name for name in NUMPY_NAMESPACE}})

    def _print_Heaviside(self, expr):
        return f"step({self._print(expr.args[0])})"

    def _print_Integer(self, expr):
        return self._float(expr.p, 1) if abs(expr.p) > _EXACT else super()._print_Integer(expr)

    def _print_Rational(self, expr):
        if max(abs(expr.p), expr.q) > _EXACT:
            return self._float(expr.p, expr.q)
        return super()._print_Rational(expr)

    def _float(self, p: int, q: int) -> str:
        try:
            return f"({p / q!r})"
        except OverflowError:
            return f"({'-' if p < 0 else ''}{self._module_format('numpy.inf')})"
