"""A built plotext figure straight to Textual strips, skipping its ANSI text.

plotext keeps a figure as a matrix of characters and colours; printing it to ANSI and
parsing that back (what ``PlotextPlot.render`` does) costs more than drawing it. Here each
row becomes one Strip of segments, one per run of equal colours, with cached Styles.
"""

from __future__ import annotations

from functools import lru_cache

from plotext._utility import get_color_code
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

_FLAGS = {"bold": "bold", "dim": "dim", "italic": "italic", "underline": "underline", "inverted": "reverse"}


def _colour(c) -> Color | None:
    if c is None or c == "default":
        return None
    if isinstance(c, tuple):
        return Color.from_rgb(*c)
    if isinstance(c, int):
        return Color.from_ansi(c)
    try:
        return Color.from_ansi(get_color_code(c))
    except (KeyError, AttributeError):
        return None


@lru_cache(maxsize=512)
def _style(fg, style, bg) -> Style:
    words = style.split() if isinstance(style, str) else []
    flags = {_FLAGS[w]: True for w in words if w in _FLAGS}
    return Style(color=_colour(fg), bgcolor=_colour(bg), **flags)


def _hashable(c):
    return tuple(c) if isinstance(c, list) else c


def matrix_strips(matrix) -> list[Strip]:
    """One Strip per row of a plotext matrix (``figure.monitor.matrix``), top row first."""
    strips = []
    cols = matrix.cols
    for row in range(matrix.rows - 1, -1, -1):
        marker, fg, st, bg = matrix.marker[row], matrix.fullground[row], matrix.style[row], matrix.background[row]
        segments = []
        start = 0
        for col in range(1, cols + 1):
            if col == cols or fg[col] != fg[start] or st[col] != st[start] or bg[col] != bg[start]:
                style = _style(_hashable(fg[start]), st[start], _hashable(bg[start]))
                segments.append(Segment("".join(marker[start:col]), style))
                start = col
        strips.append(Strip(segments, cols))
    return strips
