"""Axis ticks chosen here, never by plotext: round numbers inside the true range of what is drawn.

plotext's automatic ticks divide the padded limits evenly, which puts a −3.5 under a loss
that is never negative and labels like 61.2 that are hard to read. Here a tick lies within
[lo, hi], the range of the values actually drawn, and its label is as short as it can be
while neighbouring labels still differ.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

Ticks = tuple[list[float], list[str]]
MINUS = "−"


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
