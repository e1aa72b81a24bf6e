"""One cycle: warm η up to a peak, then anneal it far below where it started, cycling the
momentum the other way — torch's OneCycleLR.

    phase 1 (k ≤ p·N − 1):            η from η_max/d up to η_max,        momentum from M down to B
    phase 2 (to N − 1):               η from η_max down to η_max/(d·D),  momentum from B up to M
    three_phase: phase 2 (to 2p·N − 2) η from η_max back to η_max/d,    momentum from B up to M
                 phase 3 (to N − 1)    η from η_max/d down to η_max/(d·D), momentum M
    within a phase from s to e:   cos:  e + (s − e)/2·(cos(π·t) + 1),   linear:  (e − s)·t + s,
                                  t = (k − phase start)/(phase end − phase start)

| parameter        | default   | meaning                                                  |
| ---------------- | --------- | -------------------------------------------------------- |
| max_lr           | each η    | η_max, the peak (given: every run follows the same one)  |
| total_steps      | steps + 1 | N, the cycle's length                                    |
| pct_start        | 0.3       | p, the fraction of the cycle spent warming up, in [0, 1] |
| anneal_strategy  | cos       | cos or linear: how η and the momentum move in a phase    |
| cycle_momentum   | true      | cycle the optimizer's momentum (β1 of the adam family)   |
| base_momentum    | 0.85      | B, the momentum at η's peak, in [0, 1)                   |
| max_momentum     | 0.95      | M, the momentum at the cycle's ends, in [0, 1)           |
| div_factor       | 25        | d: the initial η is η_max/d                              |
| final_div_factor | 1e4       | D: the final η is the initial η/D                        |
| three_phase      | false     | anneal back to the initial η before the final decay      |

With max_lr given, every run's own η is ignored, as in torch. With cycle_momentum, as in torch,
the momentum is written into the optimizer before every step: ``momentum`` for sgd and rmsprop
(so plain sgd becomes heavy-ball SGD), β1 for the adam family; torch refuses it for optimizers
with neither (adagrad, adadelta, rprop, asgd), and so does lrtui, with the hint
``cycle_momentum=false``. lrtui's onecycle did not cycle the momentum before issue 19: write
``cycle_momentum=false`` for those numbers.

Where torch refuses, lrtui refuses in one line: a run longer than total_steps (torch raises
past it) and a phase of zero length that a step falls in (torch divides by zero there, e.g.
pct_start·total_steps = 1).
"""


from __future__ import annotations

from typing import Any

import numpy as np

from ...errors import InputError
from ...problem import Array
from ..spec import Param, at_least_one, in_closed_unit, in_unit, one_of, positive
from .base import Schedule
from .ops import Group, Ops

__all__ = ["OneCycleLR"]

class OneCycleLR(Schedule):
    TABLE = {
        "onecycle": {
            "max_lr": Param("float", None, positive, "each η"),  # the peak η (default: each run's η)
            "total_steps": Param("int", None, at_least_one, "steps + 1"),  # the cycle's length (default: steps + 1)
            "pct_start": Param("float", 0.3, in_closed_unit),  # the fraction of the cycle spent warming up
            "anneal_strategy": Param("word", "cos", one_of("cos", "linear")),
            "cycle_momentum": Param("bool", True),
            "base_momentum": Param("float", 0.85, in_unit),
            "max_momentum": Param("float", 0.95, in_unit),
            "div_factor": Param("float", 25.0, positive),  # initial η = max_lr / div_factor
            "final_div_factor": Param("float", 1e4, positive, "1e4"),  # final η = initial η / final_div_factor
            "three_phase": Param("bool", False),
        },
    }
    ABOUT = {"onecycle": "up from max_lr/div_factor to max_lr, then far below, the momentum the other way (OneCycleLR)"}

    def _total(self, steps: int) -> int:
        total = self.params["total_steps"]
        return int(total) if total is not None else steps + 1

    def _phases(self, total: int) -> list[tuple[float, str, str, str, str]]:
        """torch's _schedule_phases: (end_step, start lr, end lr, start momentum, end momentum)."""
        pct = self.params["pct_start"]
        if self.params["three_phase"]:
            return [
                (float(pct * total) - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (float(2 * pct * total) - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                (total - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
            ]
        return [
            (float(pct * total) - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (total - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ]

    def _anneal(self, start: Any, end: Any, pct: Array) -> Any:
        if self.params["anneal_strategy"] == "cos":
            cos_out = np.cos(np.pi * pct) + 1
            return end + (start - end) / 2.0 * cos_out
        return (end - start) * pct + start

    def _curve(self, epochs: Array, steps: int, lrs: dict[str, Array] | None,
               moms: dict[str, float] | None) -> tuple[Array | None, Array | None]:
        """η (runs, n) from the lr bounds ``lrs`` and the momentum (n,) from ``moms`` at ``epochs``,
        phase by phase as torch's get_lr; refuses what torch refuses at those epochs."""
        total = self._total(steps)
        last = int(epochs[-1]) if epochs.size else 0
        if last > total:
            raise InputError(
                f"onecycle: total_steps={total} but the run takes {last} steps; torch raises past total_steps "
                f"(give total_steps ≥ {last}, or leave it out: steps + 1)", field="schedule")
        phases = self._phases(total)
        k = epochs.astype(np.float64)
        lr = None if lrs is None else np.empty((next(iter(lrs.values())).size, k.size))
        mom = None if moms is None else np.empty(k.size)
        todo = np.ones(k.size, dtype=bool)
        start_step = 0.0
        for i, (end_step, s_lr, e_lr, s_mom, e_mom) in enumerate(phases):
            here = todo & ((k <= end_step) | (i == len(phases) - 1))
            if here.any():
                if end_step == start_step:
                    raise InputError(
                        f"onecycle: phase {i + 1} of the cycle is 0 steps long (pct_start × total_steps = "
                        f"{self.params['pct_start'] * total:g}); torch divides by zero there: change pct_start or "
                        "total_steps", field="schedule")
                pct = (k[here] - start_step) / (end_step - start_step)
                if lr is not None and lrs is not None:
                    lr[:, here] = self._anneal(lrs[s_lr][:, None], lrs[e_lr][:, None], pct[None, :])
                if mom is not None and moms is not None:
                    mom[here] = self._anneal(moms[s_mom], moms[e_mom], pct)
                todo &= ~here
            start_step = end_step
        return lr, mom

    def _bounds(self, eta: Array) -> dict[str, Array]:
        p = self.params
        max_lr = eta if p["max_lr"] is None else np.full(eta.size, float(p["max_lr"]))
        initial = max_lr / p["div_factor"]
        return {"initial_lr": initial, "max_lr": max_lr, "min_lr": initial / p["final_div_factor"]}

    def _momentum_bounds(self) -> dict[str, float]:
        p = self.params
        return {"max_momentum": float(p["max_momentum"]), "base_momentum": float(p["base_momentum"])}

    def _table(self, base: Array, steps: int) -> Array:
        lr, _ = self._curve(np.arange(steps + 1, dtype=np.float64), steps, self._bounds(base), None)
        assert lr is not None
        return lr

    @property
    def cycles_momentum(self) -> bool:
        return bool(self.params["cycle_momentum"])

    def momenta(self, steps: int) -> Array | None:
        if not self.params["cycle_momentum"]:
            return None
        _, mom = self._curve(np.arange(steps + 1, dtype=np.float64), steps, None, self._momentum_bounds())
        return mom

    # -- as a part: its get_lr reads the group's initial_lr, max_lr, min_lr and momentum bounds ---
    def construct(self, group: Group) -> Array:
        group.onecycle = self._bounds(group.eta)
        group.initial_lr = group.onecycle["initial_lr"].copy()  # torch overwrites it
        if self.params["cycle_momentum"]:
            group.momentum = float(self.params["max_momentum"])
            group.bounds = self._momentum_bounds()
        return group.initial_lr

    def _part(self, n: int, group: Group) -> Array:
        lr, _ = self._curve(np.arange(n + 1, dtype=np.float64), group.steps, group.onecycle, None)
        assert lr is not None
        return lr

    def first(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        return self._part(n, group)

    def handover(self, base: Array, lr: Array, group: Group) -> Array:
        return self._part(0, group)[:, 0]

    def after_handover(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        return self._part(n, group)

    def ops(self, base: Array, n: int, group: Group) -> Ops:
        return Ops.set(self._part(n, group))

    def part_momenta(self, n: int, group: Group) -> Array | None:
        if not self.params["cycle_momentum"]:
            return None
        _, mom = self._curve(np.arange(n + 1, dtype=np.float64), group.steps, None, group.bounds)
        return mom

