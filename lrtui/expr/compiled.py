"""The one place where lrtui compiles code: the NumPy source the symbolic worker printed.

The worker prints that source from the whitelisted expression (never from the text a user
typed), the way :func:`sympy.lambdify` would. It is still checked here, node by node,
before it is compiled: one function of the parameters, assignments of names, one returned
list; numbers, the parameters, its own names, ``+ - * / **`` and calls of the names in
:data:`lrtui.expr.namespace.NAMESPACE` (NumPy's ufuncs, four constants, our activations).
No attribute, subscript, string, keyword or builtin can appear, so whatever the source
says it can only do arithmetic on arrays.

Its cost is bounded too. Python works out arithmetic on whole numbers exactly, without limit:
``9**9**9`` would run for hours and ``x0 = 2**53 * 2**53; x1 = x0 * x0; …`` doubles its
digits with each line. The printer writes every whole number a float cannot hold as a float
and never leaves arithmetic between numbers undone (sympy works it out), so a whole-number
constant is at most ``MAX_WHOLE`` in size and no operator but ``/`` (which gives a float) joins
two whole numbers, through names or not. Anything else is refused.

:func:`compile_scalar` compiles the same checked source rewritten for Python floats
(:mod:`lrtui.expr.scalar`): the engine's path for few runs, with the same bits. The rewritten
tree is checked again, by the same rules with the float rewrite's own names and its returned
tuple, before it is compiled.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

import numpy as np

from lrtui.expr import scalar
from lrtui.expr.namespace import NAMESPACE
from lrtui.expr.protocol import FUNCTION_NAME

_OPERATORS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd)
_EXPRESSIONS = (ast.BinOp, ast.UnaryOp, ast.Call, ast.Name, ast.Constant, ast.List, ast.Tuple, ast.Load)
MAX_WHOLE = 2**53  # the largest whole number the printer writes as one (beyond: a float)


class UnsafeCode(ValueError):
    """The source is not of the shape the printer makes (a bug: never expected)."""


def compile_numpy(source: str, parameters: tuple[str, ...]) -> Callable[..., list[Any]]:
    """The function ``source`` defines, after :func:`check` accepted it."""
    tree = ast.parse(source, mode="exec")
    check(tree, parameters)
    function: Callable[..., list[Any]] = _define(tree, NAMESPACE, "NumPy code of the function")
    return function


def compile_scalar(source: str, parameters: tuple[str, ...]) -> scalar.ScalarCode:
    """The function ``source`` defines, rewritten for Python floats (one point at a time).

    Its constant parts are worked out once, with the array code's namespace; raises
    :class:`lrtui.expr.scalar.Unsupported` when the rewrite does not apply (the engine then
    keeps to arrays)."""
    tree = ast.parse(source, mode="exec")
    check(tree, parameters)
    constants = scalar.constant_parts(tree, parameters)
    check(constants, ())
    try:
        with np.errstate(all="ignore"):  # as the array code works them out: inf or nan, never a warning
            values = scalar.real_values(_define(constants, NAMESPACE, "constant parts of the function")())
    except (ArithmeticError, ValueError) as error:  # 10.0**400: the array code answers nan
        raise scalar.Unsupported(f"a constant part cannot be worked out ({error})") from None
    rewritten = scalar.rewrite(tree, parameters, values)  # a rewrite of checked code, same names
    check(rewritten, parameters, scalar.SCALAR_NAMESPACE, ast.Tuple)  # and checked again as it is compiled
    function: scalar.ScalarCode = _define(rewritten, scalar.SCALAR_NAMESPACE, "the function on floats")
    return function


def _define(tree: ast.Module, names: dict[str, Any], what: str) -> Any:
    """The function a checked tree defines, with ``names`` and no builtins: the one exec in lrtui."""
    namespace: dict[str, Any] = {**names, "__builtins__": {}}
    exec(compile(tree, f"<lrtui: {what}>", "exec"), namespace)
    return namespace[FUNCTION_NAME]


def check(tree: ast.Module, parameters: tuple[str, ...], names: dict[str, Any] = NAMESPACE,
          returns: type[ast.List] | type[ast.Tuple] = ast.List) -> None:
    """Raise UnsafeCode unless ``tree`` is ``def f(<parameters>): name = expr …; return [expr, …]``
    (``returns``: a list, or the float rewrite's tuple) whose expressions only do bounded
    arithmetic and call ``names``."""
    if len(tree.body) != 1 or not isinstance(definition := tree.body[0], ast.FunctionDef):
        raise UnsafeCode("one function definition expected")
    args = definition.args
    if (definition.name != FUNCTION_NAME or definition.decorator_list or definition.returns
            or args.posonlyargs or args.vararg or args.kwonlyargs or args.kwarg or args.defaults
            or tuple(a.arg for a in args.args) != parameters or any(a.annotation for a in args.args)):
        raise UnsafeCode("the function's signature is not f(<parameters>)")
    if not definition.body:
        raise UnsafeCode("the function ends by returning a list")
    *assignments, last = definition.body
    known = set(parameters)
    whole: set[str] = set()  # the names that hold a whole number
    for statement in assignments:
        if not (isinstance(statement, ast.Assign) and len(statement.targets) == 1
                and isinstance(target := statement.targets[0], ast.Name)):
            raise UnsafeCode("only assignments to a name precede the return")
        _expression(statement.value, known, names, whole)
        if target.id in known or target.id in names or target.id.startswith("__"):
            raise UnsafeCode(f"{target.id!r} is assigned twice or shadows a name")
        known.add(target.id)
        if _is_whole(statement.value, whole):
            whole.add(target.id)
    if not (isinstance(last, ast.Return) and isinstance(last.value, returns)):
        raise UnsafeCode(f"the function ends by returning a {'list' if returns is ast.List else 'tuple'}")
    _expression(last.value, known, names, whole)


def _expression(node: ast.AST, known: set[str], names: dict[str, Any], whole: set[str]) -> None:
    for part in ast.walk(node):
        if isinstance(part, _OPERATORS) or isinstance(part, (ast.List, ast.Tuple)) and part is node:
            continue
        if not isinstance(part, _EXPRESSIONS) or isinstance(part, (ast.List, ast.Tuple)):
            raise UnsafeCode(f"{type(part).__name__} is not arithmetic")
        if isinstance(part, ast.Constant) and type(part.value) not in (int, float):
            raise UnsafeCode(f"the constant {part.value!r} is not a number")
        if isinstance(part, ast.Constant) and type(part.value) is int and abs(part.value) > MAX_WHOLE:
            raise UnsafeCode(f"the whole number {_digits(part.value)} is larger than {MAX_WHOLE}")
        if isinstance(part, ast.Name) and part.id not in known and part.id not in names:
            raise UnsafeCode(f"unknown name {part.id!r}")
        if isinstance(part, ast.Call) and (part.keywords or not isinstance(part.func, ast.Name)
                                           or part.func.id not in names or part.func.id in known
                                           or any(isinstance(a, ast.Starred) for a in part.args)):
            raise UnsafeCode("only NumPy's functions and ours are called, with plain arguments")
    _is_whole(node, whole)  # raises on arithmetic between whole numbers


def _is_whole(node: ast.AST, whole: set[str]) -> bool:
    """Whether ``node`` is a Python int (a whole-number constant, a name in ``whole``, their
    negation): exact arithmetic, where every other value is a float or an array. Raises
    UnsafeCode where an operator other than ``/`` joins two of them. Children are looked at
    before their parents (ast.walk's order, reversed), each once."""
    ints: dict[int, bool] = {}
    for part in reversed(list(ast.walk(node))):
        if isinstance(part, ast.Constant):
            ints[id(part)] = type(part.value) is int
        elif isinstance(part, ast.Name):
            ints[id(part)] = part.id in whole
        elif isinstance(part, ast.UnaryOp):
            ints[id(part)] = ints.get(id(part.operand), False)
        elif isinstance(part, ast.BinOp):
            both = ints.get(id(part.left), False) and ints.get(id(part.right), False)
            if both and not isinstance(part.op, ast.Div):
                raise UnsafeCode("arithmetic between whole numbers (Python would work it out without bound)")
            ints[id(part)] = False
    return ints.get(id(node), False)


def _digits(value: int) -> str:
    """A whole number as a short text: all its digits when few, else how many there are."""
    bits = value.bit_length()
    return str(value) if bits <= 200 else f"of about {int(bits * 0.30103):,} digits"
