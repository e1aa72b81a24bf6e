"""Dials: η on a ladder of round numbers, x0 in round steps, a clicked point rounded to its cell.

The x0 dial's step is a fortieth of the f chart's window, rounded to 1, 2 or 5 × 10^k; the
window moves with x0, so the step is chosen once when dialling starts and kept while the dial
turns (:class:`X0Dial`): its rungs stay put, and , , . . comes back where it started.

Every value a dial gives is the float nearest a short decimal (0.012, not 0.012000000000000002),
so the field that shows it and the label of its run read the same as what was computed.
"""

from __future__ import annotations

import math
from decimal import Decimal

RUNGS = (Decimal(1), Decimal("1.2"), Decimal("1.5"), Decimal(2), Decimal("2.5"), Decimal(3), Decimal(4),
         Decimal(5), Decimal(6), Decimal(8))  # ten a decade
NICE = (Decimal(1), Decimal(2), Decimal(5))  # the x0 dial's steps: 1, 2, 5 × 10^k
LR_RANGE = (1e-9, 1e9)  # the η dial stops here


def _decade(value: float) -> int:
    return math.floor(math.log10(value))


def _ladder(value: float) -> list[float]:
    """The rungs of the decades around ``value``, ascending."""
    k = _decade(value)
    return [float(m.scaleb(e)) for e in range(k - 1, k + 2) for m in RUNGS]


def eta_rung(lr: float, direction: int) -> float:
    """The next rung above (direction > 0) or below ``lr``; from a value off the ladder, the
    nearest rung that way. Clamped to LR_RANGE."""
    lo, hi = LR_RANGE
    if direction > 0:
        return lr if lr >= hi else min(min(r for r in _ladder(lr) if r > lr), hi)
    return lr if lr <= lo else max(max(r for r in _ladder(lr) if r < lr), lo)


def eta_decade(lr: float, direction: int) -> float:
    """``lr`` × 10 or ÷ 10, as a short decimal (0.07 → 0.7, not 0.7000000000000001). Clamped to LR_RANGE."""
    lo, hi = LR_RANGE
    if (direction > 0 and lr >= hi) or (direction < 0 and lr <= lo):
        return lr
    moved = float(Decimal(repr(lr)).scaleb(1 if direction > 0 else -1))
    return min(max(moved, lo), hi)


def nice_step(span: float, parts: int = 40) -> float:
    """The 1-2-5 × 10^k number nearest (in ratio) to span/parts: the x0 dial's step."""
    target = span / parts if math.isfinite(span) and span > 0 else 1.0
    k = _decade(target)
    candidates = [float(m.scaleb(e)) for e in (k - 1, k, k + 1) for m in NICE]
    return min(candidates, key=lambda c: abs(math.log(c / target)))


def nice_floor(size: float) -> float:
    """The largest 1-2-5 × 10^k number not above ``size`` (a click's rounding)."""
    if not (math.isfinite(size) and size > 0):
        return 1.0
    k = _decade(size)
    candidates = [float(m.scaleb(e)) for e in (k - 1, k) for m in NICE]
    return max(c for c in candidates if c <= size * (1 + 1e-12))


def nudged(value: float, step: float, direction: int) -> float:
    """The next multiple of ``step`` strictly beyond ``value`` in ``direction`` (from 10 by 0.2: 10.2;
    from 10.03: 10.2 and 10, the first press lands on the grid), as a short decimal."""
    s, v = Decimal(repr(step)), Decimal(repr(value))
    n = v / s
    k = math.floor(n) + 1 if direction > 0 else math.ceil(n) - 1
    return float(k * s)


def rounded(value: float, resolution: float) -> float:
    """``value`` rounded to a multiple of the 1-2-5 step just below ``resolution`` (one cell of a chart)."""
    step = Decimal(repr(nice_floor(resolution)))
    return float((Decimal(repr(value)) / step).to_integral_value() * step)


class X0Dial:
    """The x0 dial's ladder: the step chosen when dialling starts, kept while x0 is the value the
    dial itself gave (another value, typed or clicked, starts a new ladder)."""

    def __init__(self) -> None:
        self._ladder: tuple[int, float, float] | None = None  # (axis, step, the value it gave last)

    def turn(self, axis: int, value: float, span: float, direction: int) -> float:
        """x0's coordinate ``axis`` one rung up or down from ``value``; ``span``: the window's width
        along it now (its fortieth is the step of a new ladder)."""
        step = self._step(axis, value, span)
        moved = nudged(value, step, direction)
        self._ladder = (axis, step, moved)
        return moved

    def peek(self, axis: int, value: float, span: float, direction: int) -> float:
        """What :meth:`turn` would give, the ladder left as it is."""
        return nudged(value, self._step(axis, value, span), direction)

    def _step(self, axis: int, value: float, span: float) -> float:
        if self._ladder is not None and self._ladder[0] == axis and self._ladder[2] == value:
            return self._ladder[1]
        return nice_step(span)
