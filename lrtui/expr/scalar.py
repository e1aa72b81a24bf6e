"""The generated NumPy code rewritten for one point at a time: Python floats, the same bits.

The symbolic worker prints one source per function (:mod:`lrtui.expr.printer`); the engine
runs it on arrays of every run at once. With few runs, calling NumPy for each operation on a
one-element array costs far more than the arithmetic, so the same tree is rewritten to run on
Python floats — without changing a single bit of any result:

* ``+ − * /`` on floats are IEEE-754 operations in Python as in NumPy (each correctly
  rounded, never fused), and ``abs`` and unary minus only touch the sign bit;
* ``sqrt`` is correctly rounded by IEEE-754, so :func:`math.sqrt` is NumPy's ``sqrt``;
* every other function is NumPy's own ufunc called on a float (NumPy evaluates a scalar with
  the same code as every element of an array; tests/test_scalar_engine.py checks it), and its
  result turned back into a float, whose arithmetic is faster than NumPy's scalars';
* ``a ** c`` with a constant exponent is what NumPy's ``power`` loop does with a scalar
  exponent: ``a*a`` for 2, ``sqrt(a)`` for 0.5, ``1/a`` for −1, ``a`` for 1, ``1`` for 0, and
  ``power(a, c)`` otherwise; an exponent that varies (``x**y``, ``2**x``), and any ufunc of
  two varying arguments, runs on one-element arrays, exactly as on a column of runs;
* constant parts are worked out once, as the array code works them out on every call.

Where Python would raise instead of answering inf or nan (a division by zero, the square
root of a negative number) the caller evaluates that one point with the array code.

This module only rewrites trees; :func:`lrtui.expr.compiled.compile_scalar` checks the
source and compiles the result.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from lrtui.expr.namespace import NAMESPACE, OWN
from lrtui.expr.protocol import FUNCTION_NAME


class Unsupported(ValueError):
    """The code has a part the float rewrite does not handle; the engine uses arrays."""


def _square(v: float) -> float:
    return v * v


def _pair(ufunc: Any, a: Any, b: Any) -> float:
    """A ufunc of two varying arguments, on one-element arrays as the array code runs it."""
    return float(ufunc(np.array([a], dtype=np.float64), np.array([b], dtype=np.float64))[0])


# the names a rewritten tree may use besides NAMESPACE
HELPERS: dict[str, Any] = {"_float": float, "_sqrt": math.sqrt, "_abs": abs, "_square": _square, "_pair": _pair}
SCALAR_NAMESPACE: dict[str, Any] = {**NAMESPACE, **HELPERS}

_SIGN_ONLY = {"absolute", "abs", "fabs"}


def constant_parts(tree: ast.Module, parameters: tuple[str, ...]) -> ast.Module:
    """``def f(): <the assignments that do not depend on the parameters>; return [<every largest
    constant part of the rest>]``: what :func:`rewrite` needs the values of."""
    definition = _definition(tree)
    varying = set(parameters)
    kept: list[ast.stmt] = []
    parts: list[ast.expr] = []
    for statement in definition.body[:-1]:
        assert isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name)
        if _depends(statement.value, varying):
            varying.add(statement.targets[0].id)
            parts += _largest_constants(statement.value, varying)
        else:
            kept.append(statement)
    last = definition.body[-1]
    assert isinstance(last, ast.Return) and isinstance(last.value, ast.List)
    for element in last.value.elts:
        parts += [element] if not _depends(element, varying) else _largest_constants(element, varying)
    body = [*kept, ast.Return(value=ast.List(elts=parts, ctx=ast.Load()))]
    function = ast.FunctionDef(name=FUNCTION_NAME, args=_arguments(()), body=body, decorator_list=[],
                               returns=None)
    return ast.fix_missing_locations(ast.Module(body=[function], type_ignores=[]))


def rewrite(tree: ast.Module, parameters: tuple[str, ...], values: list[Any]) -> ast.Module:
    """The float version of ``tree``: ``def f(<parameters>): …; return (f, ∂f/∂x, …)`` with every
    constant part replaced by its value (``values``, in the order of :func:`constant_parts`)."""
    for value in values:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise Unsupported(f"a constant part is {type(value).__name__}, not a real number")
    definition = _definition(tree)
    varying = set(parameters)
    constants = iter(values)
    body: list[ast.stmt] = []
    for statement in definition.body[:-1]:
        assert isinstance(statement, ast.Assign) and isinstance(target := statement.targets[0], ast.Name)
        if _depends(statement.value, varying):
            varying.add(target.id)
            body.append(ast.Assign(targets=[target], value=_Floats(varying, constants).visit(statement.value)))
    last = definition.body[-1]
    assert isinstance(last, ast.Return) and isinstance(last.value, ast.List)
    outputs = []
    for element in last.value.elts:
        if _depends(element, varying):
            outputs.append(_Floats(varying, constants).visit(element))
        else:
            outputs.append(_constant(float(next(constants))))
    body.append(ast.Return(value=ast.Tuple(elts=outputs, ctx=ast.Load())))
    function = ast.FunctionDef(name=FUNCTION_NAME, args=_arguments(parameters), body=body, decorator_list=[],
                               returns=None)
    return ast.fix_missing_locations(ast.Module(body=[function], type_ignores=[]))


def real_values(raw: list[Any]) -> list[Any]:
    """The constant parts as Python numbers: NumPy's float64 scalars become floats (the same
    value); anything else (a complex number, an array) is left for :func:`rewrite` to refuse."""
    out: list[Any] = []
    for v in raw:
        if isinstance(v, np.floating) and v.dtype == np.float64:
            out.append(float(v))
        elif isinstance(v, np.integer):
            out.append(int(v))
        else:
            out.append(v)
    return out


# -- the rewrite ---------------------------------------------------------------------------------
class _Floats(ast.NodeTransformer):
    """Rewrites one varying expression; its constant parts take their values in walk order."""

    def __init__(self, varying: set[str], constants: Any):
        self.varying, self.constants = varying, constants

    def visit(self, node: ast.AST) -> Any:
        if isinstance(node, ast.expr) and not _depends(node, self.varying):
            return _constant(next(self.constants))
        return super().visit(node)

    def _expr(self, node: ast.expr) -> ast.expr:
        out: ast.expr = self.visit(node)
        return out

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:  # noqa: N802 - ast's visitor name
        if isinstance(node.op, ast.Pow):
            return self._power(node.left, node.right)
        return ast.BinOp(left=self._expr(node.left), op=node.op, right=self._expr(node.right))

    def visit_Call(self, node: ast.Call) -> ast.expr:  # noqa: N802
        assert isinstance(node.func, ast.Name)
        name = node.func.id
        function = NAMESPACE[name]
        varying = [_depends(a, self.varying) for a in node.args]
        if isinstance(function, np.ufunc):
            if function.nout != 1 or function.nin != len(node.args):
                raise Unsupported(f"{name} with {len(node.args)} arguments")
            if function.nin == 1:
                return self._unary(name, self._expr(node.args[0]))
            if function is np.power:
                return self._power(node.args[0], node.args[1])
            if sum(varying) > 1:
                return self._pair(name, node.args[0], node.args[1])
        elif name not in OWN:
            raise Unsupported(f"{name} is not a ufunc")
        args = [self._expr(a) for a in node.args]
        return _call("_float", _call(name, *args))

    def _unary(self, name: str, arg: ast.expr) -> ast.expr:
        if name == "sqrt":
            return _call("_sqrt", arg)
        if name in _SIGN_ONLY:
            return _call("_abs", arg)
        if name == "negative":
            return ast.UnaryOp(op=ast.USub(), operand=arg)
        if name == "square":
            return _call("_square", arg)
        return _call("_float", _call(name, arg))

    def _power(self, base: ast.expr, exponent: ast.expr) -> ast.expr:
        if _depends(exponent, self.varying):
            return self._pair("power", base, exponent)
        b = self._expr(base)
        c = float(next(self.constants))
        if c == 2.0:
            return ast.BinOp(left=b, op=ast.Mult(), right=b) if isinstance(b, ast.Name) else _call("_square", b)
        if c == 0.5:
            return _call("_sqrt", b)
        if c == -1.0:
            return ast.BinOp(left=_constant(1.0), op=ast.Div(), right=b)
        if c == 1.0:
            return b
        if c == 0.0:
            return _constant(1.0)
        return _call("_float", _call("power", b, _constant(c)))

    def _pair(self, name: str, a: ast.expr, b: ast.expr) -> ast.expr:
        return _call("_pair", ast.Name(id=name, ctx=ast.Load()), self._expr(a), self._expr(b))


# -- small parts ---------------------------------------------------------------------------------
def _definition(tree: ast.Module) -> ast.FunctionDef:
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    return definition


def _arguments(names: tuple[str, ...]) -> ast.arguments:
    return ast.arguments(posonlyargs=[], args=[ast.arg(arg=n) for n in names], vararg=None, kwonlyargs=[],
                         kw_defaults=[], kwarg=None, defaults=[])


def _depends(node: ast.AST, varying: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in varying for n in ast.walk(node))


def _largest_constants(node: ast.AST, varying: set[str]) -> list[ast.expr]:
    """The largest parts of a varying expression that do not vary, in the order :class:`_Floats`
    meets them (the exponent of a power comes after its base)."""
    out: list[ast.expr] = []

    def walk(n: ast.AST) -> None:
        if isinstance(n, ast.expr) and not _depends(n, varying):
            out.append(n)
            return
        if isinstance(n, ast.Call):
            for a in n.args:
                walk(a)
        elif isinstance(n, ast.BinOp):
            walk(n.left)
            walk(n.right)
        elif isinstance(n, ast.UnaryOp):
            walk(n.operand)

    walk(node)
    return out


def _constant(value: Any) -> ast.expr:
    return ast.Constant(value=value)  # compiled as the very object: -0.0, inf and nan included


def _call(name: str, *args: ast.expr) -> ast.Call:
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


ScalarCode = Callable[..., tuple[float, ...]]

__all__ = ["HELPERS", "SCALAR_NAMESPACE", "ScalarCode", "Unsupported", "constant_parts", "real_values", "rewrite"]
