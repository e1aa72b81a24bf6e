"""Text that fits a column: status and verdict lines wrapped at spaces and commas; a function's
blackboard notation in ASCII."""

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


BREAKS = ",;:"  # where a list in a field may be cut: after a whole item


def cut(text: str, width: int) -> str:
    """``text`` if it fits in ``width`` cells; otherwise what fits, with … where it is cut.

    A list is cut after its last whole item that fits ("0.01, 0.07, …" rather than the false
    "0.01, 0.07, 0.1"); only when not even the first item fits is a word cut ("x**4 - 4*…")."""
    if len(text) <= width:
        return text
    if width <= 1:
        return "…"[:max(width, 0)]
    room = width - 1
    if text[room] in BREAKS:  # the room ends right after a whole item: "-1.5…" for "-1.5, 2"
        return text[:room] + "…"
    ends = [i for i, ch in enumerate(text[:room]) if ch in BREAKS]
    if not ends:
        return text[:room].rstrip() + "…"
    head = text[: ends[-1] + 1]
    if text[len(head):len(head) + 1] == " " and len(head) + 1 <= room:
        head += " "
    return head + "…"


def shortest(text: str) -> int:
    """The fewest cells ``text`` can show in honestly: all of it when it is one item, else its first
    item and …  (``cut`` of that width)."""
    first = min((i for i, ch in enumerate(text) if ch in BREAKS), default=None)
    if first is None:
        return len(text)
    return min(len(text), first + 2)


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")


def ascii_notation(text: str) -> str:
    """A function as the blackboard writes it, in ASCII for a terminal without the rest: x² → x^2,
    x⁻¹ → x^-1, 10·sin → 10*sin, − → -, π → pi (an ASCII terminal's look-alikes would make x² read x2)."""
    text = re.sub("[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", lambda m: "^" + m.group().translate(_SUPERSCRIPTS), text)
    text = re.sub(r"(?<! )·(?! )", "*", text)  # a product (10·sin); " · " between a title's parts stays
    return text.replace("−", "-").replace("π", "pi")
