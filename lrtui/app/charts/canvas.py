"""The bridge to plotext: the only module that calls it, private parts included.

A :class:`Canvas` is a plotext figure whose axes always run from 0 to 1. Charts hand it data
coordinates and the window (a ``Box``) they show; the canvas maps them to that unit square in
float64 halves (no overflow near the float64 limit), clips lines to the frame, drops what lies
outside, and thins everything to its own grid of cells and half-cells before plotext's
per-point Python loops see it. So plotext never meets an infinite or huge number (it raises
OverflowError at ±1e308), and the cost of a frame follows the chart's size, not the data's.

The built figure becomes rows of Textual Strips straight from plotext's character matrix,
skipping the ANSI text that ``PlotextPlot.render`` would print and parse back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from plotext._utility import get_color_code
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual_plotext.plot import Plot

from ...views import Box
from ..theme import EDGE_MARKS
from .palette import Palette

RGB = tuple[int, int, int]
HUGE = 1e6  # unit coordinates beyond this are pulled in along their segment before clipping
LINE_BUDGET = 6000  # hd pixels' worth of line segments per chart: beyond, the oldest go


class Canvas:
    """A chart of ``cols`` × ``rows`` cells showing ``box``; y (and x) may be log10 values."""

    def __init__(self, cols: int, rows: int, box: Box, palette: Palette):
        self.cols, self.rows, self.box, self.palette = cols, rows, box, palette
        self.plot: Any = Plot()  # plotext's figure: untyped
        self.plot.xaxes(True, False)  # axes left and below only: the panel's border frames the rest
        self.plot.yaxes(True, False)
        self.plot.xlim(0.0, 1.0)
        self.plot.ylim(0.0, 1.0)
        self.plot.xticks([], [])
        self.plot.yticks([], [])
        self.drawn_segments = 0
        self.drawn_points = 0

    # -- coordinates ------------------------------------------------------------------------------
    def unit(self, xs: Any, ys: Any) -> tuple[np.ndarray, np.ndarray]:
        """Data → the unit square (0 … 1 inside the box); NaN stays NaN, far points are far."""
        b = self.box
        with np.errstate(all="ignore"):
            x = np.asarray(xs, dtype=np.float64)
            y = np.asarray(ys, dtype=np.float64)
            u = (0.5 * x - 0.5 * b.xlo) / _half(b.xlo, b.xhi)
            v = (0.5 * y - 0.5 * b.ylo) / _half(b.ylo, b.yhi)
        return u, v

    @property
    def pixels(self) -> tuple[int, int]:
        """hd half-cells across and up (a little more than the plot area: a line never shows gaps)."""
        return 2 * max(self.cols, 1), 2 * max(self.rows, 1)

    # -- drawing ----------------------------------------------------------------------------------
    def line(self, xs: Any, ys: Any, colour: RGB, limit: int | None = None) -> None:
        """A polyline in data coordinates (NaN breaks it), clipped to the box; segments that join
        the same two half-cells are drawn once, the latest ``limit`` kept."""
        u, v = self.unit(xs, ys)
        a = np.stack([u[:-1], v[:-1]], axis=1)
        b = np.stack([u[1:], v[1:]], axis=1)
        a, b = _clip(*_tame(a, b))
        if a.shape[0] == 0:
            return
        gx, gy = self.pixels
        ka = _cells(a, gx, gy)
        kb = _cells(b, gx, gy)
        pair = np.minimum(ka, kb) * (gx * gy) + np.maximum(ka, kb)
        _, first = np.unique(pair[::-1], return_index=True)  # the latest of each pair
        keep = np.sort(a.shape[0] - 1 - first)
        room = LINE_BUDGET - self.drawn_segments
        cap = room if limit is None else min(limit, room)
        if cap <= 0:
            return
        keep = keep[-cap:]
        self.drawn_segments += keep.size
        px, py = _polyline(a[keep], b[keep])
        self.plot.plot(px.tolist(), py.tolist(), marker="hd", color=colour)

    def points(self, xs: Any, ys: Any, marker: str, colour: RGB, bold: bool = False, cell: bool = True) -> None:
        """Markers at data points inside the box, one per cell (or per half-cell with ``cell=False``)."""
        u, v = self.unit(xs, ys)
        u, v = np.atleast_1d(u), np.atleast_1d(v)
        inside = np.isfinite(u) & np.isfinite(v) & (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
        u, v = u[inside], v[inside]
        if u.size == 0:
            return
        gx, gy = (self.cols, self.rows) if cell else self.pixels
        k = _cells(np.stack([u, v], axis=1), gx, gy)
        _, last = np.unique(k[::-1], return_index=True)
        keep = np.sort(u.size - 1 - last)
        self.drawn_points += keep.size
        self.plot.scatter(u[keep].tolist(), v[keep].tolist(), marker=marker, color=colour,
                          style="bold" if bold else None)

    def arrow(self, x0: float, y0: float, x1: float, y1: float, colour: RGB,
              head: Callable[[float, float], str]) -> Callable[[], None]:
        """A segment from (x0, y0) to (x1, y1), clipped to the box; returns the drawing of its head,
        ``head(dcol, drow)`` (its direction on screen, rows counted twice: a cell is about twice
        as tall as wide) at its visible end, to call once everything under it is drawn."""
        u, v = self.unit([x0, x1], [y0, y1])
        a, b = _clip(*_tame(np.array([[u[0], v[0]]]), np.array([[u[1], v[1]]])))
        if a.shape[0] == 0:
            return lambda: None
        (au, av), (bu, bv) = a[0], b[0]
        if _cells(a, self.cols, self.rows)[0] == _cells(b, self.cols, self.rows)[0]:
            return lambda: None  # a step within one cell: its head would only hide the current point
        self.plot.plot([au, bu], [av, bv], marker="hd", color=colour)
        du, dv = (float(u[1]) - float(u[0])) * self.cols, (float(v[1]) - float(v[0])) * self.rows * 2
        mark = head(du, dv)
        return lambda: self.plot.scatter([bu], [bv], marker=mark, color=colour, style="bold")

    def at_edge(self, xs: Any, ys: Any) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Points beyond the box, by the side they left it (▲ above, ▼ below, ◀ left, ▶ right),
        as data points on the frame."""
        u, v = self.unit(xs, ys)
        u, v = np.atleast_1d(u), np.atleast_1d(v)
        known = ~np.isnan(u) & ~np.isnan(v)
        out = known & ((u < 0) | (u > 1) | (v < 0) | (v > 1))
        up, down, left, right = list(EDGE_MARKS)
        side = np.where(v > 1, up, np.where(v < 0, down, np.where(u < 0, left, right)))
        b = self.box
        marks = {}
        for s in EDGE_MARKS:
            sel = out & (side == s)
            if sel.any():
                cu, cv = np.clip(u[sel], 0, 1), np.clip(v[sel], 0, 1)
                marks[s] = (b.xlo + cu * b.width, b.ylo + cv * b.height)
        return marks

    def edge_marks(self, xs: Any, ys: Any, colour: RGB) -> None:
        for mark, (ex, ey) in self.at_edge(xs, ys).items():
            self.points(ex, ey, mark, colour, bold=True)

    def label(self, x: float, y: float, text: str, colour: RGB) -> None:
        """Text whose first character sits at a data point inside the box."""
        u, v = self.unit(x, y)
        if np.isfinite(u) and np.isfinite(v) and 0 <= u <= 1 and 0 <= v <= 1:
            self.plot.text(text, float(u), float(v), color=colour, alignment="left")

    def xticks(self, values: Sequence[float], labels: Sequence[str]) -> None:
        u, _ = self.unit(np.asarray(values, dtype=np.float64), np.zeros(len(values)))
        self.plot.xticks(np.clip(u, 0, 1).tolist(), list(labels))

    def yticks(self, values: Sequence[float], labels: Sequence[str]) -> None:
        _, v = self.unit(np.zeros(len(values)), np.asarray(values, dtype=np.float64))
        self.plot.yticks(np.clip(v, 0, 1).tolist(), list(labels))

    def xlabel(self, text: str) -> None:
        self.plot.xlabel(text)

    # -- building ---------------------------------------------------------------------------------
    def strips(self) -> list[Strip]:
        """Build the figure (plotext's private sizing and matrix, as PlotextPlot.render does) into Strips."""
        p, pal = self.plot, self.palette
        p.canvas_color(pal.background)
        p.axes_color(pal.background)
        p.ticks_color(pal.axes)
        p.plotsize(self.cols, self.rows)
        p._set_size(self.cols, self.rows)
        p._set_sizes()
        p._build_matrix()
        return matrix_strips(p.monitor.matrix)


def _half(lo: float, hi: float) -> float:
    half = 0.5 * hi - 0.5 * lo
    return half if half > 0 else 1.0


def _cells(p: np.ndarray, gx: int, gy: int) -> np.ndarray:
    cx = np.clip((p[:, 0] * gx).astype(np.int64), 0, gx - 1)
    cy = np.clip((p[:, 1] * gy).astype(np.int64), 0, gy - 1)
    return cx * gy + cy


def _tame(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A far end (beyond HUGE) is pulled in along its segment; a segment with two far or
    infinite ends is dropped (its points still get their edge marks)."""
    ok = np.isfinite(a).all(1) & np.isfinite(b).all(1)
    a, b = a[ok], b[ok]
    a_far, b_far = np.abs(a).max(1) > HUGE, np.abs(b).max(1) > HUGE
    keep = ~(a_far & b_far)
    a, b, a_far, b_far = a[keep], b[keep], a_far[keep], b_far[keep]
    with np.errstate(all="ignore"):
        d = 0.5 * b - 0.5 * a  # half the difference: finite for finite ends
        size = np.abs(d).max(1)
        shrink = (HUGE / np.where(size > 0, size, 1.0))[:, None]
        b = np.where(b_far[:, None], a + d * shrink, b)
        a = np.where(a_far[:, None], b - d * shrink, a)
    return a, b


def _clip(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Liang–Barsky over many segments against the unit square: the visible part of each."""
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    keep = np.ones(len(a), dtype=bool)
    with np.errstate(all="ignore"):
        for p, q in ((-d[:, 0], a[:, 0]), (d[:, 0], 1.0 - a[:, 0]), (-d[:, 1], a[:, 1]), (d[:, 1], 1.0 - a[:, 1])):
            parallel = p == 0
            keep &= ~(parallel & (q < 0))
            r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
            t0 = np.where((p < 0) & ~parallel, np.maximum(t0, r), t0)
            t1 = np.where((p > 0) & ~parallel, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    a, d, t0, t1 = a[keep], d[keep], t0[keep], t1[keep]
    ca = np.where((t0 == 0)[:, None], a, a + t0[:, None] * d)
    cb = np.where((t1 == 1)[:, None], a + d, a + t1[:, None] * d)
    return np.clip(ca, 0.0, 1.0), np.clip(cb, 0.0, 1.0)


def _polyline(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Segments as one polyline: a segment starting where the last ended continues it, others
    start anew after a NaN gap."""
    joined = np.zeros(len(a), dtype=bool)
    joined[1:] = (a[1:] == b[:-1]).all(1)
    starts = ~joined
    count = np.where(starts, 3, 1)
    count[0] = 2
    out = np.full((int(count.sum()), 2), np.nan)
    end = np.cumsum(count) - 1
    out[end] = b
    out[end[starts] - 1] = a[starts]
    return out[:, 0], out[:, 1]


# -- plotext's matrix to Textual strips -------------------------------------------------------------
_FLAGS = {"bold": "bold", "dim": "dim", "italic": "italic", "underline": "underline", "inverted": "reverse"}


def _colour(c: Any) -> Color | None:
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
def _style(fg: Any, style: Any, bg: Any) -> Style:
    words = style.split() if isinstance(style, str) else []
    flags: dict[str, Any] = {_FLAGS[w]: True for w in words if w in _FLAGS}
    return Style(color=_colour(fg), bgcolor=_colour(bg), **flags)


def _hashable(c: Any) -> Any:
    return tuple(c) if isinstance(c, list) else c


def matrix_strips(matrix: Any) -> list[Strip]:
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
