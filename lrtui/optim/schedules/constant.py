"""The constant schedule: η_k = η at every step (``constant``, also written ``none``).

The one object :data:`CONSTANT` is every constant schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ...problem import Array
from .base import Schedule

__all__ = ["CONSTANT", "Constant"]


@dataclass(frozen=True, eq=False)
class Constant(Schedule):
    TABLE = {"constant": {}}
    ALIASES = {"none": "constant"}
    ABOUT = {"constant": "η at every step (none is the same)"}

    name: str = "constant"

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Schedule:
        return CONSTANT

    @property
    def is_constant(self) -> bool:
        return True

    def _table(self, base: Array, steps: int) -> Array:
        return np.repeat(base[:, None], steps + 1, axis=1)


CONSTANT = Constant()
