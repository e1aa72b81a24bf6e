"""A schedule's formula in k (``lambda:f=0.95^k``): read by the symbolic worker, run with NumPy.

``parse_step_formula(text)`` asks the worker (:func:`lrtui.expr.client.formula_of`) to read the
text through the same whitelist as a function, in the variable k with ``min`` and ``max`` besides
(:data:`lrtui.expr.grammar.STEP_FORMULA`), and compiles the NumPy code it printed after the same
check (:mod:`lrtui.expr.compiled`). Nothing here imports sympy, and no text is ever evaluated.
"""

from __future__ import annotations

import functools

import numpy as np

from lrtui.errors import Field, InputError
from lrtui.expr.client import formula_of
from lrtui.expr.compiled import UnsafeCode, compile_numpy
from lrtui.expr.protocol import StepFormula
from lrtui.problem import Array

__all__ = ["StepFunction", "parse_step_formula"]


def parse_step_formula(text: str) -> StepFunction:
    """The formula ``text`` as a function of k (columns in refusals count in ``text`` as given)."""
    return _compiled(formula_of(text))


@functools.lru_cache(maxsize=64)
def _compiled(formula: StepFormula) -> StepFunction:
    return StepFunction(formula)


class StepFunction:
    """f(k) for k = 0, 1, 2, …: ``values(k)`` on an array of steps (float64), inf/nan as they come."""

    def __init__(self, formula: StepFormula):
        self.text = formula.text
        self.expression = formula.expression  # how the text was read: "0.95**k"
        try:
            self._code = compile_numpy(formula.source, ("k",))
        except (UnsafeCode, SyntaxError, ValueError, RecursionError, MemoryError) as error:
            raise InputError(f"the formula cannot be turned into NumPy code ({error})", field=Field.SCHEDULE) from None

    def values(self, k: Array) -> Array:
        with np.errstate(all="ignore"):
            out = np.asarray(self._code(np.asarray(k, dtype=np.float64))[0], dtype=np.float64)
        return np.broadcast_to(out, np.shape(k)).copy()  # a constant formula gives one number
