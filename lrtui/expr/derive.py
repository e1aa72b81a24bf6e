"""All the symbolic work on one text: read it, differentiate it, print NumPy code for it.

``derive(text)`` returns a :class:`~lrtui.expr.protocol.Derivation` (plain data) or raises
:class:`~lrtui.errors.InputError`. Whether the Hessian is exact and whether f is quadratic
are decided from sizes and from the exact second derivatives, never from elapsed time, so
the answer for a text is the same on a busy machine and an idle one.

Runs in the symbolic worker only (it imports sympy); tests may call it directly.
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from lrtui.errors import Field, InputError
from lrtui.expr.cost import derivative_size
from lrtui.expr.grammar import STEP_FORMULA, read, read_with_notation, undefined
from lrtui.expr.names import VARIABLES
from lrtui.expr.notation import notation
from lrtui.expr.printer import numpy_source
from lrtui.expr.protocol import Derivation, StepFormula

MAX_DERIVATIVE_SIZE = 1000  # estimated tree nodes of the gradient ...
MAX_HESSIAN_SIZE = 3000  # ... and of the exact Hessian's upper triangle (beyond: numeric)


def derive(text: str) -> Derivation:
    expr, parameters, typed = read_with_notation(text)
    symbols = [VARIABLES[p] for p in parameters]
    if sum(derivative_size(expr, s) for s in symbols) > MAX_DERIVATIVE_SIZE:
        raise InputError("the function is too complicated to differentiate", field=Field.FUNCTION)
    gradient = [sp.diff(expr, s) for s in symbols]
    if any(undefined(g) for g in gradient):
        raise InputError("the derivative of the function is undefined", field=Field.FUNCTION)
    hessian = exact_hessian(gradient, symbols)
    quadratic = hessian is not None and not any(h.free_symbols for row in hessian for h in row)
    return Derivation(
        text=text.strip(),
        parameters=parameters,
        expression=str(expr),
        gradient_texts=tuple(str(g) for g in gradient),
        notation=typed,
        gradient_notations=tuple(notation(str(g)) for g in gradient),
        is_quadratic=quadratic,
        loss_source=numpy_source(parameters, [expr]),
        gradient_source=numpy_source(parameters, gradient),
        both_source=numpy_source(parameters, [expr, *gradient]),
        hessian_source=None if hessian is None else numpy_source(parameters, [h for row in hessian for h in row]),
    )


def step_formula(text: str) -> StepFormula:
    """A schedule's formula in k (``lambda:f=``): read through the same whitelist, with ``min`` and
    ``max``, and printed as NumPy code of k; nothing is differentiated."""
    expr, parameters = read(text, STEP_FORMULA)
    return StepFormula(text=text.strip(), expression=str(expr), source=numpy_source(parameters, [expr]))


def exact_hessian(gradient: list[Any], symbols: list[Any]) -> list[list[Any]] | None:
    """The exact second derivatives, or None when their estimated size is over
    MAX_HESSIAN_SIZE, or sympy cannot give them, or they are undefined somewhere
    (then the Hessian is worked out numerically from the exact gradient)."""
    d = range(len(symbols))
    pairs = [(i, j) for i in d for j in d if i <= j]
    if sum(derivative_size(gradient[i], symbols[j]) for i, j in pairs) > MAX_HESSIAN_SIZE:
        return None
    try:
        second = {(i, j): sp.diff(gradient[i], symbols[j]) for i, j in pairs}
    except Exception:  # noqa: BLE001 - sympy fails in many ways on odd input: numeric then
        return None
    if any(undefined(h) for h in second.values()):
        return None
    return [[second[min(i, j), max(i, j)] for j in d] for i in d]
