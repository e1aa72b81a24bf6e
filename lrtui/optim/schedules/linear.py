"""Ramp η by a factor that changes linearly, or decay it polynomially to 0 — torch's LinearLR
and PolynomialLR.

    linear:      η_k = η·(s + (e − s)·min(k, T)/T)
    polynomial:  η_k = η·(1 − min(k, T)/T)^p

| schedule   | parameter    | default | meaning                                   |
| ---------- | ------------ | ------- | ----------------------------------------- |
| linear     | start_factor | 1/3     | s, the factor at step 0, in (0, 1]        |
| linear     | end_factor   | 1       | e, the factor from total_iters on, in [0, 1] |
| linear     | total_iters  | 5       | T, steps of the ramp, ≥ 1                 |
| polynomial | total_iters  | 5       | T, steps until η reaches 0, ≥ 1           |
| polynomial | power        | 1       | p, the exponent of the decay, ≥ 0         |

Both are computed as torch computes them, by a factor on η_{k−1} each step (:func:`.base.chain`):
1 + (e − s)/(T·s + (k − 1)·(e − s)) and ((1 − k/T)/(1 − (k − 1)/T))^p.
"""


from __future__ import annotations

import numpy as np

from ...problem import Array
from ..spec import Param, at_least_one, in_closed_unit, in_half_open_unit, non_negative
from .base import Schedule, chain

__all__ = ["LinearLR", "PolynomialLR"]


class LinearLR(Schedule):
    TABLE = {
        "linear": {
            "start_factor": Param("float", 1.0 / 3, in_half_open_unit),  # the factor at step 0
            "end_factor": Param("float", 1.0, in_closed_unit),  # the factor from total_iters on
            "total_iters": Param("int", 5, at_least_one),  # steps of the ramp
        },
    }

    def _table(self, base: Array, steps: int) -> Array:
        sf, ef, total = self.params["start_factor"], self.params["end_factor"], self.params["total_iters"]
        f = np.ones(steps + 1)
        f[0] = sf
        n = min(total, steps)
        e = np.arange(1, n + 1, dtype=np.float64)
        f[1 : n + 1] = 1.0 + (ef - sf) / (total * sf + (e - 1) * (ef - sf))
        return chain(base, f)


class PolynomialLR(Schedule):
    TABLE = {
        "polynomial": {
            "total_iters": Param("int", 5, at_least_one),  # steps until η reaches 0
            "power": Param("float", 1.0, non_negative),  # the exponent of the decay
        },
    }

    def _table(self, base: Array, steps: int) -> Array:
        total, power = self.params["total_iters"], self.params["power"]
        f = np.ones(steps + 1)
        n = min(total, steps)
        e = np.arange(1, n + 1, dtype=np.float64)
        q = (1.0 - e / total) / (1.0 - (e - 1) / total)
        # an exponent array: np.power with a scalar 0.5, 2 or -1 takes sqrt/square/reciprocal
        # shortcuts that round differently from Python's float ** (libm pow), which torch uses
        f[1 : n + 1] = np.power(q, np.full(n, float(power)))
        return chain(base, f)
