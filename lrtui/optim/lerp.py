"""torch.lerp as torch's CPU kernel computes it, on arrays and on floats (the same bits).

torch.lerp(a, b, w) is a + w·(b − a) for |w| < 0.5 and b − (1 − w)·(b − a) otherwise; the
running means of Adam and centered RMSprop use it.
"""

from __future__ import annotations

import numpy as np

from ..problem import Array

__all__ = ["lerp", "lerp_"]


def lerp_(a: Array, b: Array, w: float) -> None:
    """a ← torch.lerp(a, b, w), in place."""
    if abs(w) < 0.5:
        t = np.subtract(b, a)
        t *= w
        a += t
    else:
        t = np.subtract(b, a)
        t *= 1.0 - w
        np.subtract(b, t, out=a)


def lerp(a: float, b: float, w: float) -> float:
    """torch.lerp(a, b, w) on floats, as :func:`lerp_` computes it."""
    if abs(w) < 0.5:
        return a + (b - a) * w
    return b - (b - a) * (1.0 - w)
