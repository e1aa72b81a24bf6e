"""A schedule written as a formula in k — torch's LambdaLR and MultiplicativeLR.

    lambda:f=EXPR          η_k = η·f(k)                       (f(0) applies at once: η_0 = η·f(0))
    multiplicative:f=EXPR  η_0 = η,  η_k = η_{k−1}·f(k)  for k ≥ 1

| schedule       | parameter | default  | meaning                                     |
| -------------- | --------- | -------- | ------------------------------------------- |
| lambda         | f         | required | a formula in k, e.g. 0.95^k, min((k+1)/10, 1) |
| multiplicative | f         | required | a formula in k, e.g. 0.9, 1/(1 + 0.05 k)   |

k is torch's ``last_epoch``: 0, 1, 2, … ``f=`` is the last key, and its value runs to the end of
the spec, commas included (``lambda:f=min((k+1)/10, 1)``). The formula is read by the same
whitelisted grammar and symbolic worker as the function f(x) (:mod:`lrtui.expr.step_formula`),
with the variable k and ``min``/``max`` of two or more values; it is never evaluated as Python.
A formula that is negative, infinite or not a number at a step the run takes is refused,
naming the step. The values come from NumPy code of sympy's reading of the formula
(``(k+1)/10`` is read as ``k/10 + 1/10``), so they agree with torch's Python evaluation of the
same formula to a few ulps, not always bit for bit.

In a composition, SequentialLR's hand-over gives LambdaLR η·f(0) and MultiplicativeLR the
current η times f(0) (torch's get_lr at epoch 0, which applies f(0) there, unlike its start).
"""


from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ...errors import InputError
from ...problem import Array
from ..spec import REQUIRED, FormulaText, Param
from .base import Schedule
from .ops import Group

__all__ = ["LambdaLR", "MultiplicativeLR"]


@dataclass(frozen=True, eq=False)
class _Formula(Schedule):
    """A schedule with a formula f(k), read once when the schedule is built."""

    code: Any = field(default=None, kw_only=True, repr=False)  # lrtui.expr.step_formula.StepFunction

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Schedule:
        from ...expr.step_formula import parse_step_formula  # the worker reads it; nothing is evaluated

        text = params["f"]
        column = text.column if isinstance(text, FormulaText) else 1
        try:
            code = parse_step_formula(" " * (column - 1) + str(text))  # columns count in the spec
        except InputError as error:
            raise InputError(f"{name} f: {error}", field="schedule", column=error.column) from None
        return cls(name=name, params={"f": FormulaText(code.text, column)}, code=code)

    def f(self, first: int, last: int) -> Array:
        """f(k) for k = first..last, refusing a value that is negative, infinite or not a number."""
        k = np.arange(first, last + 1, dtype=np.float64)
        values: Array = self.code.values(k)
        bad = ~(np.isfinite(values) & (values >= 0))
        if bad.any():
            at = int(np.argmax(bad))
            value = float(values[at])
            what = "not a number" if np.isnan(value) else "infinite" if np.isinf(value) else "negative"
            column = self.params["f"].column if isinstance(self.params["f"], FormulaText) else None
            raise InputError(f"{self.name}: f = {self.params['f']} is {what} at k = {first + at} ({value:g}); "
                             "η must stay ≥ 0", field="schedule", column=column)
        return values


@dataclass(frozen=True, eq=False)
class LambdaLR(_Formula):
    TABLE = {"lambda": {"f": Param("formula", REQUIRED)}}
    ABOUT = {"lambda": "η·f(k), a formula in k, e.g. lambda:f=0.95^k (LambdaLR)"}

    def _table(self, base: Array, steps: int) -> Array:
        out: Array = base[:, None] * self.f(0, steps)[None, :]  # base_lr * lmbda(last_epoch)
        return out


@dataclass(frozen=True, eq=False)
class MultiplicativeLR(_Formula):
    TABLE = {"multiplicative": {"f": Param("formula", REQUIRED)}}
    ABOUT = {"multiplicative": "η_{k−1}·f(k), e.g. multiplicative:f=0.9 (MultiplicativeLR)"}

    def factors(self, n: int) -> Array:
        out = np.ones(n + 1)
        if n:
            out[1:] = self.f(1, n)  # group["lr"] * lmbda(last_epoch); not at its start
        return out

    def handover(self, base: Array, lr: Array, group: Group) -> Array:
        result: Array = lr * self.f(0, 0)[0]  # get_lr at epoch 0, not the initial step: f(0) applies
        return result
