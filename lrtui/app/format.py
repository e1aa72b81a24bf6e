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


def wrap_words(text: str, width: int) -> list[str]:
    """Lines no wider than ``width``, broken at spaces or after ``,`` / ``;`` (``gamma=0.5`` stays
    whole); only a piece wider than a whole line is cut."""
    import re

    width = max(width, 1)
    pieces = [p for p in re.findall(r"[^\s,;]*[,;]|[^\s,;]+|\s+", text)]
    lines, line = [], ""
    for piece in pieces:
        if piece.isspace():
            if line:
                line += " "
            continue
        if len(line) + len(piece) > width and line.strip():
            lines.append(line.rstrip())
            line = ""
        while len(piece) > width:
            lines.append(piece[:width])
            piece = piece[width:]
        line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]
