"""One run's optimizer on Python floats: the same operations as on arrays, the same bits.

Each optimizer's module writes its rule twice: on arrays of runs (the reference, torch's rule)
and on lists of floats, one per parameter (:meth:`lrtui.optim.optimizer.Optimizer.on_floats`),
operation by operation in the same order — ``+ − * /`` and ``sqrt`` are correctly rounded by
IEEE-754 in Python as in NumPy, and scalars such as Adam's bias corrections are Python floats in
both — so a run computed here has exactly the bits of the same run computed with arrays
(tests/test_scalar_engine.py checks every optimizer and schedule).

    rule = FloatRule(opt, x0)                    # the state of opt.start(), as lists
    x = rule.rule(x, g, lr, k)                   # x_{k+1}; updates rule.state, logs what explains it
    x = rule.with_arrays(x, g, lr, k)            # the same step by the array rule: where rule raised

Where Python raises instead of answering inf or nan (0/0 when a denominator's eps is 0, the
square root of a rounding error below 0), the caller takes that one step with the array rule
(:meth:`FloatRule.with_arrays`); a rule commits its state only once every operation of the
step succeeded, so the state it left is the state before the step. An optimizer without a rule
on floats takes every step that way.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .optimizer import FloatStep, Lists, Optimizer

__all__ = ["FloatRule"]


class FloatRule:
    """One run's optimizer on floats, its state kept as lists under the array rule's names.

    Every step appends the state that explains it to ``log`` (name -> a flat list of d floats
    a step: what :meth:`Optimizer.explain` would say after that step); the engine takes the
    log a block at a time."""

    def __init__(self, optimizer: Optimizer, x0: Sequence[float]):
        self.optimizer = optimizer
        start = optimizer.start(np.array([list(x0)], dtype=np.float64))
        self.state: Lists = {name: [float(v) for v in value[0]] for name, value in start.items()}
        self.log: Lists = {name: [] for name in optimizer.explains}
        # x_{k+1} from x_k, ∇f(x_k) and η_k; raises ArithmeticError or ValueError where Python refuses
        self.rule: FloatStep = optimizer.on_floats(self.state, self.log) or self.with_arrays

    def with_arrays(self, x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
        """The step taken by the array rule (where :attr:`rule` raised): the same bits NumPy gives."""
        d = len(x)
        for kept in self.log.values():  # what the refused step logged for some coordinates
            del kept[len(kept) // d * d :]
        state = {name: np.array([values], dtype=np.float64) for name, values in self.state.items()}
        with np.errstate(all="ignore"):
            out = self.optimizer.update(np.array([x], dtype=np.float64), np.array([list(g)], dtype=np.float64),
                                        np.array([[lr]]), k, state)
            explained = self.optimizer.explain(state)
        for name, values in state.items():
            self.state[name][:] = [float(v) for v in values[0]]
        for name, kept in self.log.items():
            kept.extend(float(v) for v in explained[name][0])
        return [float(v) for v in out[0]]
