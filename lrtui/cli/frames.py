"""What a browser tab may send ``lrtui serve``: textual-serve's five kinds of frame, checked.

A frame is a JSON list ``[kind, data]``: ``stdin`` (text typed), ``resize`` (the terminal's
size in cells), ``ping`` (a stamp sent back as ``pong``), ``blur``, ``focus``. Anything else is
:class:`Junk`; a resize is clamped to ``MAX_SIZE`` cells, and one that is not whole numbers of
at least 1 is junk too (Textual's geometry raised on those, ending the tab).
"""

from __future__ import annotations

import json
from typing import Any

MAX_SIZE = (500, 200)  # the largest terminal a tab may ask for, in cells
KINDS = ("stdin", "resize", "ping", "blur", "focus")


class Junk(ValueError):
    """A frame that is not one a browser tab sends: the reason, in a few words."""


def read_frame(text: str) -> tuple[str, Any]:
    """A browser tab's frame, checked: (kind, data); a resize's data clamped to ``MAX_SIZE``.
    Raises :class:`Junk` for anything else."""
    try:
        envelope = json.loads(text)
    except (ValueError, RecursionError):
        raise Junk("not JSON") from None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        raise Junk("not a [kind, data] list")
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind not in KINDS:
        raise Junk(f"an unknown kind {excerpt(kind)}")
    if kind == "stdin" and not isinstance(data, str):
        raise Junk("stdin without text")
    if kind == "ping" and not isinstance(data, str | int | float):
        raise Junk("ping without a stamp")
    if kind == "resize":
        size = data if isinstance(data, dict) else {}
        width, height = size.get("width"), size.get("height")
        if not (isinstance(width, int) and isinstance(height, int)) or isinstance(width, bool) \
                or isinstance(height, bool) or width < 1 or height < 1:
            raise Junk("a resize without a width and a height in cells")
        data = (min(width, MAX_SIZE[0]), min(height, MAX_SIZE[1]))
    return kind, data


def excerpt(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def clamp_size(width: str | None, height: str | None) -> tuple[int, int]:
    """The first size a tab asks for (its URL's query): whole numbers, clamped; else 80×24."""
    def whole(text: str | None, default: int, largest: int) -> int:
        try:
            value = int(text) if text is not None else default
        except ValueError:
            return default
        return min(max(value, 1), largest)

    return whole(width, 80, MAX_SIZE[0]), whole(height, 24, MAX_SIZE[1])
