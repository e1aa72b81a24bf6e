"""Cyclical learning rates: η goes up and down between two bounds in triangles, the momentum the
other way — torch's CyclicLR.

    c_k = ⌊1 + k/(U + D)⌋,   x_k = 1 + k/(U + D) − c_k,   r = U/(U + D)
    s_k = x_k/r where x_k ≤ r (going up), else (x_k − 1)/(r − 1) (going down)
    η_k = η_base + (η_max − η_base)·s_k·a_k,    momentum_k = M − (M − B)·s_k·a_k
    a_k = 1 (triangular),  1/2^(c_k − 1) (triangular2: each cycle half as high),  γ^k (exp_range)

| parameter      | default      | meaning                                                   |
| -------------- | ------------ | --------------------------------------------------------- |
| base_lr        | each η       | η_base, the bottom (given: every run follows the same)    |
| max_lr         | required     | η_max, the top of the first cycle, > 0                    |
| step_size_up   | 2000         | U, steps from the bottom to the top, ≥ 1                  |
| step_size_down | step_size_up | D, steps from the top back to the bottom, ≥ 0             |
| mode           | triangular   | triangular, triangular2 or exp_range                      |
| gamma          | 1            | γ, exp_range's factor per step, > 0                       |
| cycle_momentum | true         | cycle the optimizer's momentum (β1 of the adam family)    |
| base_momentum  | 0.8          | B, the momentum at η's top, in [0, 1)                     |
| max_momentum   | 0.9          | M, the momentum at η's bottom, in [0, 1)                  |

η_k is a closed form of k, computed operation by operation as torch's get_lr (γ^k with Python's
``**``, as torch). With cycle_momentum (torch's default), the momentum is written into the
optimizer before every step, as OneCycleLR does (:mod:`.onecycle`): plain sgd becomes heavy-ball
SGD, and torch refuses it for optimizers without momentum or β1 (hint ``cycle_momentum=false``).
"""


from __future__ import annotations

import numpy as np

from ...problem import Array
from ..spec import REQUIRED, Param, at_least_one, in_unit, non_negative, one_of, positive
from .base import Schedule
from .ops import Group

__all__ = ["CyclicLR"]


class CyclicLR(Schedule):
    TABLE = {
        "cyclic": {
            "base_lr": Param("float", None, positive, "each η"),  # the bottom (default: each run's η)
            "max_lr": Param("float", REQUIRED, positive),  # the top of the first cycle
            "step_size_up": Param("int", 2000, at_least_one),
            "step_size_down": Param("int", None, non_negative, "step_size_up"),  # default: step_size_up
            "mode": Param("word", "triangular", one_of("triangular", "triangular2", "exp_range")),
            "gamma": Param("float", 1.0, positive),
            "cycle_momentum": Param("bool", True),
            "base_momentum": Param("float", 0.8, in_unit),
            "max_momentum": Param("float", 0.9, in_unit),
        },
    }
    ABOUT = {"cyclic": "η up from base_lr to max_lr and back in triangles, the momentum the other way (CyclicLR)"}

    def _shape(self, n: int) -> tuple[Array, Array]:
        """s_k·a_k's two factors for k = 0..n: the triangle s_k and the scale a_k, as torch."""
        p = self.params
        up = float(p["step_size_up"])
        down = float(p["step_size_down"]) if p["step_size_down"] is not None else up
        total = up + down
        ratio = up / total
        k = np.arange(n + 1, dtype=np.float64)
        cycle = np.floor(1 + k / total)
        x = 1.0 + k / total - cycle
        with np.errstate(divide="ignore", invalid="ignore"):  # the branch not taken may divide by 0
            scale_factor = np.where(x <= ratio, x / ratio, (x - 1) / (ratio - 1))
        mode = p["mode"]
        if mode == "triangular":
            scale = np.ones(n + 1)
        elif mode == "triangular2":
            scale = np.ldexp(1.0, -(cycle - 1).astype(np.int64))  # 1/2^(c − 1), exactly as torch's
        else:
            gamma = float(p["gamma"])
            scale = np.array([gamma**j for j in range(n + 1)])  # Python's ** (libm pow), as torch
        return scale_factor, scale

    def _table(self, base: Array, steps: int) -> Array:
        base = self._base(base)
        scale_factor, scale = self._shape(steps)
        height = (float(self.params["max_lr"]) - base)[:, None] * scale_factor[None, :]
        out: Array = base[:, None] + height * scale[None, :]
        return out

    def _base(self, eta: Array) -> Array:
        given = self.params["base_lr"]
        return eta if given is None else np.full(eta.size, float(given))

    @property
    def cycles_momentum(self) -> bool:
        return bool(self.params["cycle_momentum"])

    def momenta(self, steps: int) -> Array | None:
        p = self.params
        if not p["cycle_momentum"]:
            return None
        scale_factor, scale = self._shape(steps)
        top, bottom = float(p["max_momentum"]), float(p["base_momentum"])
        out: Array = top - (top - bottom) * scale_factor * scale
        return out

    def construct(self, group: Group) -> Array:
        base = self._base(group.eta)
        group.lr = base.copy()  # torch writes base_lr into the group first
        if self.params["cycle_momentum"]:
            group.momentum = float(self.params["max_momentum"])
            group.bounds = {"max_momentum": float(self.params["max_momentum"]),
                            "base_momentum": float(self.params["base_momentum"])}
        group.setdefault_initial()
        return base  # its own base_lrs, whatever initial_lr says

    def part_momenta(self, n: int, group: Group) -> Array | None:
        return self.momenta(n)
