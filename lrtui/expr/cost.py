"""What an expression would cost before sympy is asked, and its value without sympy's help.

* :func:`derivative_size` estimates the size of a derivative from the sum, product and
  chain rules, so that the worker never asks sympy to differentiate a monster;
* :func:`approximate` gives a constant's value in complex floating point, cheaply, so that
  complex or huge constants are refused before sympy reasons about them at length.

Runs in the symbolic worker only (it imports sympy).
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable

import sympy as sp

# Size (in tree nodes) of f'(u) as a*size(u) + b, by sympy class name.
DERIVATIVE_SIZE: dict[str, tuple[int, int]] = {
    "sin": (1, 1), "cos": (1, 3), "sinh": (1, 1), "cosh": (1, 1), "exp": (1, 1),
    "log": (1, 3), "tan": (1, 5), "tanh": (1, 5), "asin": (1, 10), "acos": (1, 12),
    "atan": (1, 8), "sigmoid": (2, 6), "softplus": (1, 1), "relu": (1, 1), "Abs": (1, 1),
    "sign": (1, 3), "Heaviside": (1, 1), "DiracDelta": (1, 3),
}
DEFAULT_DERIVATIVE_SIZE = (2, 10)


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


def tree_size(exprs: list[sp.Expr]) -> int:
    """Nodes in the expression trees (shared subtrees counted each time)."""
    return sum(1 for e in exprs for _ in sp.preorder_traversal(e))


def _sigmoid(u: complex) -> complex:
    if u.imag == 0 and u.real < 0:
        return cmath.exp(u) / (1 + cmath.exp(u))
    return 1 / (1 + cmath.exp(-u))


def _softplus(u: complex) -> complex:
    if u.imag == 0:
        return complex(max(u.real, 0.0) + math.log1p(math.exp(-abs(u.real))))
    return cmath.log(1 + cmath.exp(u))


def _relu(u: complex) -> complex:
    return complex(max(u.real, 0.0)) if u.imag == 0 else complex(math.nan)


_APPROXIMATE: dict[str, Callable[[complex], complex]] = {
    "sin": cmath.sin, "cos": cmath.cos, "tan": cmath.tan, "asin": cmath.asin,
    "acos": cmath.acos, "atan": cmath.atan, "sinh": cmath.sinh, "cosh": cmath.cosh,
    "tanh": cmath.tanh, "exp": cmath.exp, "log": cmath.log, "Abs": lambda u: complex(abs(u)),
    "sigmoid": _sigmoid, "softplus": _softplus, "relu": _relu,
}


def approximate(expr: sp.Expr) -> complex:
    """The value of a constant expression in complex floating point, nan when it cannot
    be had cheaply (overflow, pole, unknown function). Unlike evalf it never works hard:
    the parser uses it to refuse complex constants (``asin(2)``) before sympy reasons
    about them, which can take exponential time (``log(log(asin(pi)))``)."""
    try:
        if isinstance(expr, sp.Rational):
            return complex(expr.p / expr.q)
        if isinstance(expr, (sp.Float, sp.NumberSymbol)):
            return complex(float(expr))
        if expr is sp.I:
            return 1j
        args = [approximate(a) for a in expr.args]
        if isinstance(expr, sp.Add):
            return sum(args, 0j)
        if isinstance(expr, sp.Mul):
            return math.prod(args, start=1 + 0j)
        if isinstance(expr, sp.Pow):
            return complex(args[0] ** args[1])
        function = _APPROXIMATE.get(type(expr).__name__)
        return function(args[0]) if function and len(args) == 1 else complex(math.nan)
    except (ArithmeticError, ValueError):  # overflow, 0**-1, log(0)
        return complex(math.nan)


def magnitude(c: sp.Expr) -> float:
    """|c| for a constant, inf when it overflows, nan when it cannot be had."""
    z = approximate(c)
    return math.hypot(z.real, z.imag)


def is_complex(z: complex) -> bool:
    return cmath.isfinite(z) and abs(z.imag) > 1e-9 * max(1.0, abs(z.real))
