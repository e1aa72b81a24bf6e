"""Learning-rate schedules: the η_k of every run and step, computed before the descent.

Schedules depend only on the step index and each run's base η, never on the trajectory,
so the engine asks for the whole table at once:

    sched = parse_schedule("constant")
    table = sched.table(base_lrs, steps)        # (runs, steps+1): η_k for k = 0..steps
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import InputError


@dataclass
class Schedule:
    name: str = "constant"
    params: dict = field(default_factory=dict)
    text: str = "constant"

    def table(self, base_lrs: np.ndarray, steps: int) -> np.ndarray:
        base = np.asarray(base_lrs, dtype=np.float64).reshape(-1, 1)
        return np.repeat(base, steps + 1, axis=1)


CONSTANT = Schedule()


def parse_schedule(text: str) -> Schedule:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "schedule") on anything else."""
    name = text.strip().lower()
    if name in ("", "constant", "none"):
        return Schedule()
    raise InputError(f"unknown schedule {text.strip()!r}; valid: constant", field="schedule")
