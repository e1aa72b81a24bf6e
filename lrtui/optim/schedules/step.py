"""Decay by a factor: every step_size steps, at milestones, or every step — torch's StepLR,
MultiStepLR and ExponentialLR.

    step:         η_k = η·γ^⌊k/step_size⌋
    multistep:    η_k = η·γ^(the number of milestones ≤ k)
    exponential:  η_k = η·γ^k

| schedule    | parameter  | default  | meaning                                |
| ----------- | ---------- | -------- | -------------------------------------- |
| step        | step_size  | required | steps between decays, ≥ 1              |
| step        | gamma      | 0.1      | γ, the decay factor, > 0               |
| multistep   | milestones | required | the steps at which η decays, e.g. 5/15 |
| multistep   | gamma      | 0.1      | γ, the decay factor, > 0               |
| exponential | gamma      | required | γ, the factor per step, > 0            |

As torch, a milestone listed n times multiplies by γ^n (10/10/20), the order does not matter,
and milestone 0 scales η_0. Each η_k is η_{k−1}·γ rounded as torch rounds it (:func:`.base.chain`).
"""


from __future__ import annotations

from collections import Counter

import numpy as np

from ...problem import Array
from ..spec import REQUIRED, Param, at_least_one, positive, step_indices
from .base import Schedule

__all__ = ["ExponentialLR", "MultiStepLR", "StepLR"]


class StepLR(Schedule):
    TABLE = {
        "step": {
            "step_size": Param("int", REQUIRED, at_least_one),  # steps between decays
            "gamma": Param("float", 0.1, positive),  # the decay factor
        },
    }
    ABOUT = {"step": "η·γ every step_size steps (StepLR)"}

    def factors(self, n: int) -> Array:
        f = np.ones(n + 1)
        f[self.params["step_size"] :: self.params["step_size"]] = self.params["gamma"]
        return f


class MultiStepLR(Schedule):
    TABLE = {
        "multistep": {
            "milestones": Param("ints", REQUIRED, step_indices),  # the steps at which η decays, e.g. 5/15
            "gamma": Param("float", 0.1, positive),  # the decay factor
        },
    }
    ABOUT = {"multistep": "η·γ at each milestone (MultiStepLR)"}

    def factors(self, n: int) -> Array:
        f = np.ones(n + 1)
        gamma = self.params["gamma"]
        for m, times in Counter(self.params["milestones"]).items():  # torch: γ ** (times m is listed)
            if m <= n:
                f[m] = gamma**times
        return f


class ExponentialLR(Schedule):
    TABLE = {"exponential": {"gamma": Param("float", REQUIRED, positive)}}  # the factor per step
    ABOUT = {"exponential": "η·γ^k (ExponentialLR)"}

    def factors(self, n: int) -> Array:
        f = np.full(n + 1, self.params["gamma"])
        f[0] = 1.0
        return f
