"""Axis ticks chosen here, never by plotext: round numbers inside the true range of what is drawn,
on evenly spaced rows (and columns).

plotext's automatic ticks divide the padded limits evenly, which puts a −3.5 under a loss
that is never negative and labels like 61.2 that are hard to read. Here a tick lies within
the range of the values actually drawn, and its label is as short as it can be while
neighbouring labels still differ.

:func:`fit` also chooses the window around them: a chart's cells are a grid, and a round tick
lands on a whole cell only when the window's value per cell divides the tick step. So the
window (which holds what is drawn, with its margins) grows a little until the ticks' step is a
whole number of cells, and the first tick sits on a cell: equal steps, equal spacing, at any
size. The window may grow past what is drawn; the ticks never do.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

Ticks = tuple[list[float], list[str]]
MINUS = "−"
SNUG = 1.25  # fit: a window up to this much taller than the snuggest may win by showing more ticks


def _label(v: float, decimals: int, exponent: bool) -> str:
    if exponent:
        mant, exp = f"{v:.{max(decimals, 0)}e}".split("e")
        mant = mant.rstrip("0").rstrip(".") if "." in mant else mant
        text = "0" if float(mant) == 0 else f"{mant}e{int(exp)}"
    else:
        text = f"{v:.{max(decimals, 0)}f}"
    if text.startswith("-"):
        text = MINUS + text[1:]
    return "0" if text in (f"{MINUS}0", "0") or set(text) <= set("0.−") else text


def labels(values: list[float], step: float) -> list[str]:
    """Labels for ticks ``step`` apart: fixed decimals, or a short exponent for very large/small numbers."""
    if not values:
        return []
    big = max(abs(v) for v in values)
    exponent = big >= 1e6 or (0 < big < 1e-3)
    if exponent:
        scale = math.floor(math.log10(big)) if big > 0 else 0
        decimals = max(0, scale - math.floor(math.log10(step)))
        out = [_label(v, decimals, True) for v in values]
        while len(set(out)) < len(out) and decimals < 16:
            decimals += 1
            out = [_label(v, decimals, True) for v in values]
        return out
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    while decimals < 17 and abs(round(step, decimals) - step) > 1e-9 * step:  # 2.5, 0.25: one more
        decimals += 1
    out = [_label(v, decimals, False) for v in values]
    while len(set(out)) < len(out) and decimals < 17:
        decimals += 1
        out = [_label(v, decimals, False) for v in values]
    return out


def nice_steps(raw: float, quarters: bool = True) -> Iterator[float]:
    """1-2-(2.5)-5 × 10^k steps from the first one ≥ raw upward."""
    if not math.isfinite(raw) or raw <= 0:
        raw = 1.0
    power = 10.0 ** math.floor(math.log10(raw))
    mults = (1.0, 2.0, 2.5, 5.0) if quarters else (1.0, 2.0, 5.0)
    while power < math.inf:
        for m in mults:
            if m * power >= raw * (1 - 1e-12):
                yield m * power
        power *= 10.0


def linear(lo: float, hi: float, most: int) -> Ticks:
    """Round ticks within [lo, hi]: at least the two ends when no round number fits twice."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [], []
    if hi < lo:
        lo, hi = hi, lo
    most = max(most, 2)
    half = 0.5 * hi - 0.5 * lo  # half the span: never overflows
    if half <= 0:
        return [lo], labels_exact([lo])
    for step in nice_steps(half / most if half < 1e307 else half / most / 2.0):
        first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
        if last - first + 1 <= most:
            break
    if last - first + 1 < 2:  # no two round numbers inside: the two ends, exactly enough to tell apart
        return [lo, hi], labels_exact([lo, hi])
    values = [min(max(i * step, lo), hi) for i in range(first, last + 1)]
    values = [0.0 if abs(v) < 1e-12 * step else v for v in values]
    return values, labels(values, step)


def labels_exact(values: list[float]) -> list[str]:
    """Labels for arbitrary values: the fewest significant digits (≥ 3) that tell them apart."""
    for digits in range(3, 18):
        out = [_short(v, digits) for v in values]
        if len(set(out)) == len(out):
            return out
    return [_short(v, 17) for v in values]


def _short(v: float, digits: int) -> str:
    text = f"{v:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}e{int(exp)}"
    return MINUS + text[1:] if text.startswith("-") else text


def decades(lo: float, hi: float, most: int) -> Ticks:
    """Ticks on a log10 axis (values in log10 units): whole decades inside [lo, hi], labelled
    1e-3, 0.01, 0.1, 1, 10, 100, 1e3; or, when fewer than two fit, the two ends exactly."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return [], []
    first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
    if last - first + 1 < 2:
        ends = [lo, hi] if hi > lo else [lo]
        return ends, labels_exact([10.0**v for v in ends])
    stride = max(1, math.ceil((last - first + 1) / max(most, 2)))
    values = list(range(first, last + 1, stride))
    return [float(v) for v in values], [decade(v) for v in values]


def decade(e: int) -> str:
    return {-2: "0.01", -1: "0.1", 0: "1", 1: "10", 2: "100"}.get(e, f"1e{e}")


def steps(last: int, most: int) -> Ticks:
    """Whole-number steps 0 … last, 1-2-5 spaced, at most ``most`` of them."""
    last = max(int(last), 0)
    for unit in nice_steps(max(last, 1) / max(most - 1, 1), quarters=False):
        if unit >= 1 and last // int(unit) + 1 <= max(most, 2):
            break
    values = list(range(0, last + 1, max(1, int(unit))))
    return [float(v) for v in values], [f"{v:,}" for v in values]


# -- the window around the ticks -----------------------------------------------------------------
@dataclass(frozen=True)
class Axis:
    """A window over ``cells`` cells, ``lo`` at the first cell's and ``hi`` at the last's, and its
    ticks: each value lands on a whole cell (``cell(value)`` is a whole number)."""

    lo: float
    hi: float
    cells: int
    values: list[float]
    labels: list[str]

    def cell(self, value: float) -> float:
        """Where a value lies, in cells from the first (0) to the last (cells − 1)."""
        return (value - self.lo) / (self.hi - self.lo) * (self.cells - 1) if self.hi > self.lo else 0.0


Labeller = Callable[[list[float], float], list[str]]
Steps = Callable[[float], Iterator[float]]


def fit(lo: float, hi: float, shown_lo: float, shown_hi: float, cells: int, most: int, gap: int = 2,
        label: Labeller = labels, steps: Steps = nice_steps,
        fallback: Callable[[float, float, int], Ticks] | None = None) -> Axis:
    """The window over ``cells`` cells that holds [lo, hi] with round ticks on whole cells, at least
    ``gap`` cells apart, between 2 and ``most`` of them, all within [shown_lo, shown_hi] (what is
    drawn). Of the windows that fit, the snuggest, or one up to SNUG × taller with more ticks.
    When none holds [lo, hi], one that holds what is drawn alone (its margins given up, the
    drawing then reaching the first or last cell); when none does either, one round tick
    (:func:`_one_tick`); and when not even that (a flat range, too few cells, the float limit),
    [lo, hi] itself and ``fallback``'s ticks within the shown range (default :func:`linear`)."""
    best = _best(lo, hi, shown_lo, shown_hi, cells, most, gap, label, steps)
    if best is None and (shown_lo > lo or shown_hi < hi):  # without the margins: what is drawn, edge to edge
        best = _best(max(shown_lo, lo), min(shown_hi, hi), shown_lo, shown_hi, cells, most, gap, label, steps)
    if best is None:
        best = _one_tick(lo, hi, shown_lo, shown_hi, cells, label, steps)
    if best is None:
        values, names = (fallback or linear)(max(shown_lo, lo), min(shown_hi, hi), most)
        return Axis(lo, hi, cells, values, names)
    return best


def _best(lo: float, hi: float, shown_lo: float, shown_hi: float, cells: int, most: int, gap: int,
          label: Labeller, steps: Steps) -> Axis | None:
    values = (lo, hi, shown_lo, shown_hi)
    if not all(math.isfinite(v) and abs(v) < 1e300 for v in values) or hi <= lo or cells < 3:
        return None
    shown_lo, shown_hi = max(shown_lo, lo), min(shown_hi, hi)
    span, last = hi - lo, cells - 1
    most = max(most, 2)
    found: list[tuple[float, int, float, int, int, float]] = []  # (per cell, -ticks, step, first, count, at)
    for step in steps(max(shown_hi - shown_lo, span * 1e-9) / last):
        first = math.ceil(shown_lo / step - 1e-9)
        count = math.floor(shown_hi / step + 1e-9) - first + 1
        if count < 2:
            break
        if count > most:
            continue
        for per in range(max(gap, 1), last // (count - 1) + 1) if count > 1 else ():
            d = step / per  # the value of one cell
            t0 = first * step
            r_lo, r_hi = math.ceil((t0 - lo) / d - 1e-9), math.floor(last - (hi - t0) / d + 1e-9)
            if r_lo > r_hi:  # too many cells a step: the window does not fit
                break
            if r_lo < 0 or r_lo + (count - 1) * per > last:
                continue
            found.append((d, -count, step, first, count, float((r_lo + r_hi) // 2)))
    if not found:
        return None
    snug = min(f[0] for f in found)
    d, _, step, first, count, at = min((f for f in found if f[0] <= SNUG * snug), key=lambda f: (f[1], f[0]))
    t0 = first * step
    ticks = [(first + i) * step for i in range(count)]
    ticks = [0.0 if abs(v) < 1e-12 * step else v for v in ticks]
    window_lo = t0 - at * d
    return Axis(window_lo, window_lo + last * d, cells, ticks, label(ticks, step))


def _one_tick(lo: float, hi: float, shown_lo: float, shown_hi: float, cells: int, label: Labeller,
              steps: Steps) -> Axis | None:
    """A chart too short for two round ticks a readable distance apart: the roundest value drawn,
    alone, on a whole cell of a window a cell taller than [lo, hi]."""
    if not all(math.isfinite(v) and abs(v) < 1e300 for v in (lo, hi, shown_lo, shown_hi)) or hi <= lo:
        return None
    best = None
    for step in steps(max(shown_hi - shown_lo, (hi - lo) * 1e-9) / 4):
        first, last = math.ceil(shown_lo / step - 1e-9), math.floor(shown_hi / step + 1e-9)
        if last < first or step > 10 * max(abs(lo), abs(hi), hi - lo):
            break
        best = ((first + last) // 2 * step, step)
    if best is None or cells < 3:
        return None
    tick, step = best
    tick = 0.0 if abs(tick) < 1e-12 * step else tick
    d = (hi - lo) / (cells - 2)
    at = math.ceil((tick - lo) / d - 1e-9)
    window_lo = tick - at * d
    return Axis(window_lo, window_lo + (cells - 1) * d, cells, [tick], label([tick], step))


def decade_labels(values: list[float], step: float) -> list[str]:
    """Labels of ticks on a log10 axis: 1e-3, 0.01, 0.1, 1, 10, 100, 1e3."""
    return [decade(round(v)) for v in values]


def whole_decades(raw: float) -> Iterator[float]:
    """Steps of whole decades (1, 2, 5, 10, 20, 50 …) from the first ≥ raw."""
    for step in nice_steps(raw, quarters=False):
        if step >= 1:
            yield step


def whole_steps(raw: float) -> Iterator[float]:
    """Steps of whole numbers (1, 2, 5, 10 …) from the first ≥ raw."""
    for step in nice_steps(raw, quarters=False):
        if step >= 1:
            yield step


def step_labels(values: list[float], step: float) -> list[str]:
    return [f"{round(v):,}" for v in values]


def fit_decades(lo: float, hi: float, shown_lo: float, shown_hi: float, cells: int, most: int, gap: int = 2) -> Axis:
    """:func:`fit` on a log10 axis (values in log10 units): ticks at whole decades."""
    return fit(lo, hi, shown_lo, shown_hi, cells, most, gap, label=decade_labels, steps=whole_decades,
               fallback=decades)


def fit_steps(last: int, cells: int, most: int, gap: int = 8) -> Axis:
    """:func:`fit` on a step axis 0 … last (with 2 % to spare each side): ticks at whole steps."""
    return fit(-0.02 * last, 1.02 * last, 0.0, float(last), cells, most, gap, label=step_labels, steps=whole_steps)


def fit_either(log: bool, lo: float, hi: float, shown_lo: float, shown_hi: float, cells: int, most: int,
               gap: int = 2) -> Axis:
    """:func:`fit_decades` when ``log``, else :func:`fit`."""
    if log:
        return fit_decades(lo, hi, shown_lo, shown_hi, cells, most, gap)
    return fit(lo, hi, shown_lo, shown_hi, cells, most, gap)
