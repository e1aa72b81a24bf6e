"""What the engine descends on: anything with named parameters, a loss and a gradient.

Both are vectorized over runs: ``X`` has shape ``(runs, d)``; ``loss`` returns
``(runs,)`` and ``gradient`` returns ``(runs, d)``. ``step`` is the index of the
descent step, for problems whose gradient changes between steps (minibatches);
deterministic problems ignore it. Implementations must not warn: the engine calls
them under ``np.errstate(all="ignore")`` and turns inf/nan into statuses.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Problem(Protocol):
    text: str  # how the problem was given, e.g. "(x-2)**2" or "linreg"
    parameters: tuple[str, ...]  # e.g. ("x",), ("x", "y"), ("w", "b")

    def loss(self, X: np.ndarray) -> np.ndarray: ...

    def gradient(self, X: np.ndarray, step: int = 0) -> np.ndarray: ...
