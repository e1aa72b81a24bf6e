"""Numbers as short text that fits a column."""

from __future__ import annotations

import math


def fit(value: float, width: int = 10) -> str:
    """The most precise %g form of ``value`` no wider than ``width`` (at least 3 significant digits)."""
    v = float(value)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    for digits in range(8, 2, -1):
        text = f"{v:.{digits}g}"
        if len(text) <= width:
            return text
    return f"{v:.3g}"


def short(value: float) -> str:
    """A compact form for labels and titles: 4 significant digits."""
    return fit(value, 9) if math.isfinite(float(value)) else fit(value)
