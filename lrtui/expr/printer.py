"""How the worker turns exact expressions into NumPy source code for the process that asked.

The source is what :func:`sympy.lambdify` would generate (common subexpressions named
``x0, x1, …`` by :func:`sympy.cse`, each expression printed by the same printer), but it is
only printed here, never run: the asking process checks it against its own whitelist and
compiles it (:mod:`lrtui.expr.compiled`). So the worker never imports NumPy.

Runs in the symbolic worker only (it imports sympy).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.printing.numpy import NumPyPrinter

from lrtui.expr.protocol import FUNCTION_NAME, OWN_NAMES

_EXACT = 2**53


class NumericPrinter(NumPyPrinter):
    """NumPy code for our expressions without rewriting them (rebuilding a tree makes
    sympy evaluate it again, which can be slow): ``Heaviside(u)`` prints as ``step(u)``
    (0 at 0) and numbers a float cannot hold exactly print as float literals, so that
    the code never mixes huge Python ints with arrays. NumPy's names print bare (``sin``,
    ``pi``); ``DiracDelta`` (0 almost everywhere) and our activations are OWN_NAMES."""

    def __init__(self) -> None:
        super().__init__({"fully_qualified_modules": False, "inline": True,
                          "allow_unknown_functions": True,
                          "user_functions": {name: name for name in OWN_NAMES}})

    def _print(self, expr: Any, **settings: Any) -> str:
        """Constants that are more than a number (log(2), 10^20 - 6366…·pi/2) print as their
        value, worked out exactly and rounded once: NumPy would round every step of the way,
        and a difference of two huge terms would lose every digit."""
        if isinstance(expr, sp.Expr) and expr.is_number and not expr.is_Number:
            value = expr.evalf(30)
            if value.is_Float and value.is_finite:
                return f"({float(value)!r})"
        return str(super()._print(expr, **settings))

    def _print_Float(self, expr: Any) -> str:
        return f"({float(expr)!r})"  # every digit of the double (sympy prints 15)

    def _print_Min(self, expr: Any) -> str:
        return self._nested("minimum", expr.args)

    def _print_Max(self, expr: Any) -> str:
        return self._nested("maximum", expr.args)

    def _nested(self, ufunc: str, args: Any) -> str:
        """min/max of several values as NumPy's two-argument ufuncs, nested: minimum(minimum(a, b), c)."""
        text = self._print(args[0])
        for arg in args[1:]:
            text = f"{ufunc}({text}, {self._print(arg)})"
        return text

    def _print_Heaviside(self, expr: Any) -> str:
        return f"step({self._print(expr.args[0])})"

    def _print_Integer(self, expr: Any) -> str:
        if abs(expr.p) > _EXACT:
            return self._float(expr.p, 1)
        return str(super()._print_Integer(expr))

    def _print_Rational(self, expr: Any) -> str:
        if max(abs(expr.p), expr.q) > _EXACT:
            return self._float(expr.p, expr.q)
        return str(super()._print_Rational(expr))

    def _float(self, p: int, q: int) -> str:
        try:
            return f"({p / q!r})"
        except OverflowError:
            return f"({'-' if p < 0 else ''}{self._module_format('numpy.inf')})"


def numpy_source(parameters: tuple[str, ...], exprs: list[Any]) -> str:
    """``def f(x[, y]): … return [e1, e2, …]`` with shared subexpressions computed once."""
    printer = NumericPrinter()
    shared, reduced = sp.cse(exprs, list=False)
    lines = [f"def {FUNCTION_NAME}({', '.join(parameters)}):"]
    lines += [f"    {name} = {printer.doprint(value)}" for name, value in shared]
    lines.append(f"    return [{', '.join(printer.doprint(e) for e in reduced)}]")
    return "\n".join(lines) + "\n"
