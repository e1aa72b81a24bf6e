"""One cycle: warm η up to a peak, then anneal it far below where it started — torch's OneCycleLR
(cosine annealing, no momentum cycling).

    η_k = anneal(η_max/d, η_max, k/(p·N − 1))                  for k ≤ p·N − 1
    η_k = anneal(η_max, η_max/(d·D), (k − p·N + 1)/((1 − p)·N))  after
    anneal(a, b, t) = b + (a − b)·(1 + cos(π·t))/2

| parameter        | default   | meaning                                                  |
| ---------------- | --------- | -------------------------------------------------------- |
| max_lr           | each η    | η_max, the peak (given: every run follows the same one)  |
| total_steps      | steps + 1 | N, the cycle's length                                    |
| pct_start        | 0.3       | p, the fraction of the cycle spent warming up, in [0, 1] |
| div_factor       | 25        | d: the initial η is η_max/d                              |
| final_div_factor | 1e4       | D: the final η is the initial η/D                        |

With max_lr given, every run's own η is ignored, as in torch.

torch raises past ``total_steps``; here η_k for k > total_steps holds η_{total_steps} (torch's
own last value, slightly past the end of the cosine). Where torch would divide by zero (a
first phase of zero length, ``pct_start·total_steps = 1``, or ``pct_start = 1``) the phase's
start (resp. end) value is used.
"""


from __future__ import annotations

import numpy as np

from ...problem import Array
from ..spec import Param, at_least_one, in_closed_unit, positive
from .base import Schedule

__all__ = ["OneCycleLR"]


class OneCycleLR(Schedule):
    TABLE = {
        "onecycle": {
            "max_lr": Param("float", None, positive),  # the peak η (default: each run's η)
            "total_steps": Param("int", None, at_least_one),  # the cycle's length (default: steps + 1)
            "pct_start": Param("float", 0.3, in_closed_unit),  # the fraction of the cycle spent warming up
            "div_factor": Param("float", 25.0, positive),  # initial η = max_lr / div_factor
            "final_div_factor": Param("float", 1e4, positive),  # final η = initial η / final_div_factor
        },
    }

    def _table(self, base: Array, steps: int) -> Array:
        p = self.params
        total = p["total_steps"] if p["total_steps"] is not None else steps + 1
        if p["max_lr"] is None:
            max_lr = base
        else:
            max_lr = np.full(base.size, float(p["max_lr"]))
        initial = max_lr / p["div_factor"]
        min_lr = initial / p["final_div_factor"]
        e1 = float(p["pct_start"] * total) - 1
        e2 = total - 1
        n = min(steps, total)
        e = np.arange(n + 1, dtype=np.float64)
        first = e <= e1
        pct = np.empty(n + 1)
        # phase 1 runs from 0.0 to e1; e1 == 0 (a one-point phase) would be 0/0 in torch
        pct[first] = e[first] / e1 if e1 != 0.0 else 0.0
        if e2 == e1:
            pct[~first] = 1.0
        else:
            pct[~first] = (e[~first] - e1) / (e2 - e1)
        cos_out = np.cos(np.pi * pct) + 1
        start = np.where(first[None, :], initial[:, None], max_lr[:, None])
        end = np.where(first[None, :], max_lr[:, None], min_lr[:, None])
        out = np.empty((base.size, steps + 1))
        out[:, : n + 1] = end + (start - end) / 2.0 * cos_out
        if steps > n:
            out[:, n + 1 :] = out[:, n : n + 1]
        return out
