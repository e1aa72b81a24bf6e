"""Text that fits a column: status and verdict lines wrapped at spaces and commas."""

from __future__ import annotations

import re


def wrap_words(text: str, width: int) -> list[str]:
    """Lines no wider than ``width``, broken at spaces or after ``,`` / ``;`` (``gamma=0.5`` stays
    whole); only a piece wider than a whole line is cut."""

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
