"""Models trained by gradient descent, each a :class:`lrtui.problem.Problem`.

``MODELS`` is the table of what ``--model`` accepts: ``function`` descends on a typed
function (:mod:`lrtui.expr`), the others are here. The modules load on first use, so the
table stays cheap to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

MODELS = ("function", "linreg")

_EXPORTS = {"LinearRegression": "linreg", "TrainingData": "linreg", "build_linreg": "linreg"}

__all__ = ["MODELS", "LinearRegression", "TrainingData", "build_linreg"]  # noqa: F822 - loaded by __getattr__


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'lrtui.models' has no attribute {name!r}")
