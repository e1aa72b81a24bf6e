"""Scale η by a factor for a while: constant, changing linearly, or decaying polynomially to 0 —
torch's ConstantLR, LinearLR and PolynomialLR.

    constantlr:  η_k = η·c for k < T, then η
    linear:      η_k = η·(s + (e − s)·min(k, T)/T)
    polynomial:  η_k = η·(1 − min(k, T)/T)^p

| schedule   | parameter    | default | meaning                                   |
| ---------- | ------------ | ------- | ----------------------------------------- |
| constantlr | factor       | 1/3     | c, the factor before total_iters, in (0, 1] |
| constantlr | total_iters  | 5       | T, steps at η·c, ≥ 0                      |
| linear     | start_factor | 1/3     | s, the factor at step 0, in (0, 1]        |
| linear     | end_factor   | 1       | e, the factor from total_iters on, in [0, 1] |
| linear     | total_iters  | 5       | T, steps of the ramp, ≥ 1                 |
| polynomial | total_iters  | 5       | T, steps until η reaches 0, ≥ 1           |
| polynomial | power        | 1       | p, the exponent of the decay, ≥ 0         |

All are computed as torch computes them, by a factor on η_{k−1} each step (:func:`.base.chain`):
c at step 0 and 1/c at step T; 1 + (e − s)/(T·s + (k − 1)·(e − s)); ((1 − k/T)/(1 − (k − 1)/T))^p.
torch's ConstantLR takes factor = 0 and then divides by it at step total_iters: lrtui refuses it.
lrtui's ``constant`` is no schedule at all; ``constantlr:factor=1`` is torch's ConstantLR that
keeps η (a part of a composition, as in the ``wsd`` recipe).
"""


from __future__ import annotations

import numpy as np

from ...problem import Array
from ..spec import Param, at_least_one, in_closed_unit, in_half_open_unit, non_negative
from .base import Schedule
from .ops import Group

__all__ = ["ConstantLR", "LinearLR", "PolynomialLR"]


def _constant_factor(v: float) -> str | None:
    return None if 0.0 < v <= 1.0 else "must be in (0, 1] (torch divides η by it at total_iters)"


class ConstantLR(Schedule):
    TABLE = {
        "constantlr": {
            "factor": Param("float", 1.0 / 3, _constant_factor, "1/3"),  # the factor before total_iters
            "total_iters": Param("int", 5, non_negative),  # steps at η·factor
        },
    }
    ABOUT = {"constantlr": "η·factor for total_iters steps, then η (ConstantLR; constantlr:factor=1 keeps η)"}

    def factors(self, n: int) -> Array:
        factor, total = self.params["factor"], self.params["total_iters"]
        f = np.ones(n + 1)
        f[0] = factor
        if 0 < total <= n:
            f[total] = 1.0 / factor  # group["lr"] * (1.0 / factor)
        return f

    def handover(self, base: Array, lr: Array, group: Group) -> Array:
        factor, total = self.params["factor"], self.params["total_iters"]
        result: Array = base * (factor + (0 >= total) * (1 - factor))  # torch's closed form at epoch 0
        return result


class LinearLR(Schedule):
    TABLE = {
        "linear": {
            "start_factor": Param("float", 1.0 / 3, in_half_open_unit, "1/3"),  # the factor at step 0
            "end_factor": Param("float", 1.0, in_closed_unit),  # the factor from total_iters on
            "total_iters": Param("int", 5, at_least_one),  # steps of the ramp
        },
    }
    ABOUT = {"linear": "η times a factor going linearly from start_factor to end_factor (LinearLR: a warm-up)"}

    def factors(self, n: int) -> Array:
        sf, ef, total = self.params["start_factor"], self.params["end_factor"], self.params["total_iters"]
        f = np.ones(n + 1)
        f[0] = sf
        m = min(total, n)
        e = np.arange(1, m + 1, dtype=np.float64)
        f[1 : m + 1] = 1.0 + (ef - sf) / (total * sf + (e - 1) * (ef - sf))
        return f


class PolynomialLR(Schedule):
    TABLE = {
        "polynomial": {
            "total_iters": Param("int", 5, at_least_one),  # steps until η reaches 0
            "power": Param("float", 1.0, non_negative),  # the exponent of the decay
        },
    }
    ABOUT = {"polynomial": "η·(1 − k/total_iters)^power, down to 0 (PolynomialLR)"}

    def factors(self, n: int) -> Array:
        total, power = self.params["total_iters"], self.params["power"]
        f = np.ones(n + 1)
        m = min(total, n)
        e = np.arange(1, m + 1, dtype=np.float64)
        q = (1.0 - e / total) / (1.0 - (e - 1) / total)
        # an exponent array: np.power with a scalar 0.5, 2 or -1 takes sqrt/square/reciprocal
        # shortcuts that round differently from Python's float ** (libm pow), which torch uses
        f[1 : m + 1] = np.power(q, np.full(m, float(power)))
        return f
