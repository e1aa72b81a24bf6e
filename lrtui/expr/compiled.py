"""The one place where lrtui compiles code: the NumPy source the symbolic worker printed.

The worker prints that source from the whitelisted expression (never from the text a user
typed), the way :func:`sympy.lambdify` would. It is still checked here, node by node,
before it is compiled: one function of the parameters, assignments of names, one returned
list; numbers, the parameters, its own names, ``+ - * / **`` and calls of the names in
:data:`lrtui.expr.namespace.NAMESPACE` (NumPy's ufuncs, four constants, our activations).
No attribute, subscript, string, keyword or builtin can appear, so whatever the source
says it can only do arithmetic on arrays.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from lrtui.expr.namespace import NAMESPACE
from lrtui.expr.protocol import FUNCTION_NAME

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
_EXPRESSIONS = (ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.List, ast.Load)


class UnsafeCode(ValueError):
    """The source is not of the shape the printer makes (a bug: never expected)."""


def compile_numpy(source: str, parameters: tuple[str, ...]) -> Callable[..., list[Any]]:
    """The function ``source`` defines, after :func:`check` accepted it."""
    tree = ast.parse(source, mode="exec")
    check(tree, parameters)
    namespace: dict[str, Any] = {**NAMESPACE, "__builtins__": {}}
    exec(compile(tree, "<lrtui: NumPy code of the function>", "exec"), namespace)  # checked above
    function: Callable[..., list[Any]] = namespace[FUNCTION_NAME]
    return function


def check(tree: ast.Module, parameters: tuple[str, ...]) -> None:
    """Raise UnsafeCode unless ``tree`` is ``def f(<parameters>): name = expr …; return [expr, …]``."""
    if len(tree.body) != 1 or not isinstance(definition := tree.body[0], ast.FunctionDef):
        raise UnsafeCode("one function definition expected")
    args = definition.args
    if (definition.name != FUNCTION_NAME or definition.decorator_list or definition.returns
            or args.posonlyargs or args.vararg or args.kwonlyargs or args.kwarg or args.defaults
            or tuple(a.arg for a in args.args) != parameters or any(a.annotation for a in args.args)):
        raise UnsafeCode("the function's signature is not f(<parameters>)")
    *assignments, last = definition.body
    known = set(parameters)
    for statement in assignments:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(target := statement.targets[0], ast.Name)):
            raise UnsafeCode("only assignments to a name precede the return")
        _expression(statement.value, known)
        if target.id in known or target.id in NAMESPACE or target.id.startswith("__"):
            raise UnsafeCode(f"{target.id!r} is assigned twice or shadows a name")
        known.add(target.id)
    if not (isinstance(last, ast.Return) and isinstance(last.value, ast.List)):
        raise UnsafeCode("the function ends by returning a list")
    _expression(last.value, known)


def _expression(node: ast.AST, known: set[str]) -> None:
    for part in ast.walk(node):
        if isinstance(part, _OPERATORS) or isinstance(part, ast.List) and part is node:
            continue
        if not isinstance(part, _EXPRESSIONS) or isinstance(part, ast.List):
            raise UnsafeCode(f"{type(part).__name__} is not arithmetic")
        if isinstance(part, ast.Constant) and type(part.value) not in (int, float):
            raise UnsafeCode(f"the constant {part.value!r} is not a number")
        if isinstance(part, ast.Name) and part.id not in known and part.id not in NAMESPACE:
            raise UnsafeCode(f"unknown name {part.id!r}")
        if isinstance(part, ast.Call) and (part.keywords or not isinstance(part.func, ast.Name)
                                           or part.func.id not in NAMESPACE or part.func.id in known
                                           or any(isinstance(a, ast.Starred) for a in part.args)):
            raise UnsafeCode("only NumPy's functions and ours are called, with plain arguments")
