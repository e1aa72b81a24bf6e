"""The learning rate an optimizer really applies: η_eff, read from the records.

For every record k and every coordinate i,

    η_eff = |x_{k+1,i} − x_{k,i}| / |∂f/∂x_i(x_k)|

the step the run took per unit of slope: the η that plain gradient descent would have needed
to take the same step. It is undefined (NaN here, ``null`` in the JSON) where that partial
derivative is 0 and at a run's last record, from which no step was taken.

- Plain SGD: η_eff = η_k, exactly (the records' rounding is not read back as a change of η).
- Adam: η/(√v̂ + ε) times the ratio of m̂ to the gradient — large where the slope is small.
- Momentum: η/(1 − μ) on a plateau, where the buffer has caught up with a steady slope.
- Lion and Rprop: η/|f'|, so η is not the step: the step is η whatever the slope.
- Prodigy, D-Adaptation: about d·η times the method's own direction.

Nothing here runs the descent again: the engine's records are enough.
"""

from __future__ import annotations

import math

import numpy as np

from ..engine.result import Result
from ..problem import Array

__all__ = ["Settled", "eta_eff", "settled"]

WINDOW = 10  # the last steps a verdict reads η_eff over
STEADY = 1.25  # η_eff "settled": its highest and lowest over the window within this factor


def eta_eff(result: Result, r: int, start: int = 0, stop: int | None = None) -> Array:
    """η_eff of run r for the records start..min(stop, stopped_at) (stop exclusive): (n, d),
    NaN where undefined (a zero partial derivative, the run's last record)."""
    last = int(result.stopped_at[r])
    stop = last + 1 if stop is None else min(stop, last + 1)
    start = max(start, 0)
    if stop <= start:
        return np.empty((0, result.dims))
    g = result.grad[r, start:stop]
    with np.errstate(all="ignore"):
        if result.optimizers[r].is_plain:  # plain descent: the η_k of the rule, not its rounding
            out = np.repeat(result.lr[r, start:stop, None], result.dims, axis=1).astype(np.float64)
        else:
            out = np.abs(result.move(r, start, stop)) / np.abs(g)
        out[g == 0] = np.nan
    if stop == last + 1:
        out[-1] = np.nan  # no step was taken from the last record
    return out


class Settled:
    """η_eff of one coordinate over a run's last steps: the lowest, the highest and the middle."""

    def __init__(self, values: Array):
        self.low, self.high = float(np.min(values)), float(np.max(values))
        self.middle = float(np.median(values))
        self.steps = int(values.size)

    @property
    def steady(self) -> bool:
        """Within a factor STEADY: "settled near" the middle rather than "ranged"."""
        return self.low > 0 and self.high <= STEADY * self.low


def settled(result: Result, r: int, window: int = WINDOW) -> list[Settled] | None:
    """η_eff over run r's last ``window`` steps, per coordinate; None where a coordinate has no
    finite positive value there (the run took no step, or every slope was 0)."""
    last = int(result.stopped_at[r])
    if last == 0:
        return None
    values = eta_eff(result, r, max(0, last - window), last)
    out = []
    for i in range(values.shape[1]):
        column = values[:, i]
        column = column[np.isfinite(column) & (column > 0)]
        if column.size == 0:
            return None
        out.append(Settled(column))
    return out


def fmt(v: float) -> str:
    """A number as a verdict writes it: 4 significant digits, a short exponent (1e-6), the minus
    sign as the notes write it (−1.306)."""
    if not math.isfinite(v):
        return "∞" if v > 0 else "−∞" if v < 0 else "undefined"
    mant, e, exp = f"{v:.4g}".partition("e")
    text = f"{mant}e{int(exp)}" if e else mant
    return "−" + text[1:] if text.startswith("-") else text
