"""Optimizers, vectorized over runs: the update rule that turns x_k and ∇f(x_k) into x_{k+1}.

An optimizer holds its hyper-parameters; its state lives in a dict of arrays the engine
passes back on every step, all shaped like ``x``: ``(runs, d)``.

    opt = parse_optimizer("sgd")
    state = opt.start(x0)                       # x0: (runs, d)
    x_next = opt.update(x, g, lr, k, state)     # lr: (runs, 1); k = 0, 1, 2, ...
    opt.explain(state)                          # {"momentum_buffer": (runs, d), ...}

``explain`` returns the state that explains the step just taken; the engine records it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .errors import InputError


@dataclass
class Optimizer:
    name: str = "sgd"
    params: dict = field(default_factory=dict)
    text: str = "sgd"

    def start(self, x0: np.ndarray) -> dict[str, np.ndarray]:
        return {}

    def update(self, x, g, lr, k: int, state: dict[str, np.ndarray]) -> np.ndarray:
        return x - lr * g

    def explain(self, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {}


SGD = Optimizer()


def parse_optimizer(text: str) -> Optimizer:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "optimizer") on anything else."""
    name = text.strip().lower()
    if name == "sgd":
        return Optimizer()
    raise InputError(f"unknown optimizer {text.strip()!r}; valid: sgd", field="optimizer")
