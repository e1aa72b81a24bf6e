"""The namespace of generated code: NumPy's ufuncs and constants, and our activations.

The activations are written so that they never overflow (``softplus(1000) == 1000``,
``sigmoid(-1000) == 0``); ``step`` is Heaviside with step(0) = 0; ``DiracDelta`` is 0
(almost everywhere, which is where a descent ever lands).
"""

from __future__ import annotations

from typing import Any

import numpy as np


def sigmoid(u: Any) -> Any:
    return np.exp(-np.logaddexp(0.0, -u))


def softplus(u: Any) -> Any:
    return np.logaddexp(0.0, u)


def relu(u: Any) -> Any:
    return np.maximum(u, 0.0)


def step(u: Any) -> Any:
    return np.heaviside(u, 0.0)


def dirac_delta(u: Any, *order: Any) -> Any:
    return np.zeros_like(u)


OWN: dict[str, Any] = {"sigmoid": sigmoid, "softplus": softplus, "relu": relu, "step": step,
                       "DiracDelta": dirac_delta}  # the printer's OWN_NAMES

# NumPy's ufuncs are pure arithmetic on arrays (no I/O, no attributes reached): with four
# constants and our own functions, the only names generated code can call or read.
NAMESPACE: dict[str, Any] = {
    **{name: value for name, value in vars(np).items() if isinstance(value, np.ufunc)},
    "pi": np.pi,
    "e": np.e,
    "inf": np.inf,
    "nan": np.nan,
    **OWN,
}
