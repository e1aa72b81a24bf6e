"""What every schedule is: a table of η_k for every run and step, from each run's base η.

A family's module subclasses :class:`Schedule` with its ``TABLE`` (the names it answers to,
each with its parameters) and ``_table`` (the η_k of runs with base η ``base`` for k =
0..steps); the registry (:mod:`lrtui.optim.registry`) lists the classes.

Extension points, for what comes next: a schedule that reacts to the loss (ReduceLROnPlateau)
cannot give its table before the descent; it would tell the engine so (a fact on the class,
as :attr:`Schedule.is_constant` is) and be asked for η_{k+1} from f(x_k) during the loop.
A composition (SequentialLR) is a schedule whose ``_table`` joins its parts' tables at the
milestones, each part's table restarting from its step 0.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from ...problem import Array
from ..spec import Param, Spec

__all__ = ["Schedule", "chain"]


def _check_steps(steps: int) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer ≥ 0, got {steps!r}")
    return int(steps)


def chain(base: Array, factors: Array) -> Array:
    """η_0 = η·f_0 and η_k = η_{k−1}·f_k, rounded step by step like torch's chainable form.

    base (runs,), factors (n,) -> (runs, n). One cumprod over the factors that are not 1.
    """
    change = factors != 1.0
    if np.count_nonzero(change) * 4 >= factors.size:  # dense: accumulate in the output itself
        out = np.empty((base.size, factors.size))
        out[:, 0] = base * factors[0]
        out[:, 1:] = factors[1:]
        np.multiply.accumulate(out, axis=1, out=out)
        return out
    nz = np.flatnonzero(change)  # sparse (step decays): multiply only where it changes
    vals = np.empty((base.size, nz.size + 1))
    vals[:, 0] = base
    vals[:, 1:] = factors[nz]
    np.multiply.accumulate(vals, axis=1, out=vals)
    return np.take(vals, np.cumsum(change), axis=1)


@dataclass(frozen=True, eq=False)
class Schedule(Spec, ABC):
    """η_k for every run and step, from each run's base η.

    ``text`` is the canonical spec (``"step:step_size=10,gamma=0.5"``; ``none`` and
    ``CONSTANT`` are ``"constant"``). ``is_constant``: η_k = η at every step.
    """

    TABLE: ClassVar[dict[str, dict[str, Param]]]  # name -> its parameters, in order
    ALIASES: ClassVar[dict[str, str]] = {}  # other names for one of TABLE's

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Schedule:
        """The schedule ``name`` (one of ``TABLE``) with ``params`` (every one, checked one by one)."""
        return cls(name=name, params=params)

    @property
    def is_constant(self) -> bool:
        return False

    def table(self, base_lrs: ArrayLike, steps: int) -> Array:
        """(runs, steps+1) float64: η_k of every run for k = 0..steps."""
        base = np.asarray(base_lrs, dtype=np.float64).reshape(-1)
        steps = _check_steps(steps)
        with np.errstate(all="ignore"):
            return self._table(base, steps)

    @abstractmethod
    def _table(self, base: Array, steps: int) -> Array: ...
