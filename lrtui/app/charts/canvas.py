"""The bridge to plotext: the only module that calls it, private parts included.

A :class:`Canvas` is a plotext figure whose axes always run from 0 to 1. Charts hand it data
coordinates and the window (a ``Box``) they show; the canvas maps them to that unit square in
float64 halves (no overflow near the float64 limit), clips lines to the frame, drops what lies
outside, and thins everything to its own grid of cells and half-cells. plotext builds the frame
(axes, ticks, labels); the data go on its matrix through a :class:`~.raster.Raster`, which
follows plotext's own rules with NumPy instead of plotext's per-point Python loops. So plotext
never meets an infinite or huge number (it raises OverflowError at ±1e308), and the cost of a
frame follows the chart's size, not the data's or the number of runs.

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

from ...analysis.views import Box
from .charset import charset
from .palette import Palette
from .raster import DOTS, NO_STYLE, Call, Raster, dot
from .ticks import Axis
from .trace import clip_segments, to_unit

RGB = tuple[int, int, int]
UP, DOWN, LEFT, RIGHT = range(4)  # the sides beyond the box, in the order of EDGE_MARKS
HUGE = 1e6  # unit coordinates beyond this are pulled in along their segment before clipping
ARROW_DOTS = 2  # the step's arrow: a dot every this many along it
LINE_BUDGET = 6000  # dots' worth of line segments per chart: beyond, the oldest go
Fit = Callable[[int], Axis]  # the cells along an axis → its window and ticks (lrtui.app.charts.ticks.fit)


def plot_rows(rows: int, xlabel: str | None = None) -> int:
    """The rows of the plot area plotext leaves in a chart of ``rows``: below it the x axis and
    its labels (and the x label)."""
    return max(rows - 2 - (xlabel is not None), 1)


def plot_cols(cols: int, ylabels: Sequence[str]) -> int:
    """The columns of the plot area plotext leaves in a chart of ``cols``: left of it the y labels
    and the axis."""
    return max(cols - max((len(label) for label in ylabels), default=0) - 1, 1)


class Canvas:
    """A chart of ``cols`` × ``rows`` cells showing ``box``; y (and x) may be log10 values.
    :meth:`fitted` chooses the box with the ticks, so they fall on evenly spaced rows."""

    def __init__(self, cols: int, rows: int, box: Box, palette: Palette):
        self.cols, self.rows, self.box, self.palette = cols, rows, box, palette
        self.charset = charset(palette.charset)
        # the frame plotext draws (ticks in unit coordinates, their labels, the x label): built
        # once per look and kept (FRAMES), since a step rarely changes it
        self.frame: dict[str, Any] = {"xticks": ((), ()), "yticks": ((), ()), "xlabel": None}
        self.area = (range(0), range(0))  # the plot area's columns and rows (rows from the bottom), once built
        self.raster = Raster(self.charset)  # the data, laid on the frame's matrix
        self.drawn_segments = 0
        self.drawn_points = 0

    @classmethod
    def fitted(cls, cols: int, rows: int, palette: Palette, x: Fit, y: Fit, xlabel: str | None = None) -> Canvas:
        """A chart whose box and ticks ``x`` and ``y`` choose for the plot area's cells: the y axis
        first (its labels' width sets the plot area's columns), then the x axis."""
        yaxis = y(plot_rows(rows, xlabel))
        xaxis = x(plot_cols(cols, yaxis.labels))
        canvas = cls(cols, rows, Box(xaxis.lo, xaxis.hi, yaxis.lo, yaxis.hi), palette)
        if xlabel is not None:
            canvas.xlabel(xlabel)
        canvas.yticks(yaxis.values, yaxis.labels)  # first: the x ticks' cells depend on its labels
        canvas.xticks(xaxis.values, xaxis.labels)
        return canvas

    @property
    def grid(self) -> tuple[int, int]:
        """The plot area's columns and rows, as plotext will lay them out for the frame's labels."""
        return plot_cols(self.cols, self.frame["yticks"][1]), plot_rows(self.rows, self.frame["xlabel"])

    # -- coordinates ------------------------------------------------------------------------------
    def unit(self, xs: Any, ys: Any) -> tuple[np.ndarray, np.ndarray]:
        """Data → the unit square (0 … 1 inside the box); NaN stays NaN, far points are far."""
        return to_unit(self.box, xs, ys)

    @property
    def pixels(self) -> tuple[int, int]:
        """Dots across and up the plot area."""
        w, h = self.grid
        return self.charset.across * w, self.charset.up * h

    def dots(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The dots (across, up from the bottom) points in unit coordinates are drawn on."""
        (w, h), c = self.grid, self.charset
        return dot(u, w, c.across), dot(v, h, c.up)

    def cells(self, u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The cells (column, row from the bottom) points in unit coordinates are drawn in."""
        x, y = self.dots(u, v)
        return x // self.charset.across, y // self.charset.up

    # -- drawing ----------------------------------------------------------------------------------
    def reserve(self, calls: Sequence[Call]) -> int:
        """Calls to draw with, appended to the drawing order: the id of the first (see Raster)."""
        return self.raster.reserve(calls)

    def line(self, xs: Any, ys: Any, colour: RGB, limit: int | None = None) -> None:
        """A polyline in data coordinates (NaN breaks it), clipped to the box; segments that join
        the same two half-cells are drawn once, the latest ``limit`` kept."""
        u, v = self.unit(xs, ys)
        a = np.stack([u[:-1], v[:-1]], axis=1)
        b = np.stack([u[1:], v[1:]], axis=1)
        base = self.reserve([Call(DOTS, colour)])
        self.segments(a, b, np.zeros(len(a), dtype=np.int64) + base, limit)

    def lines(self, polylines: Sequence[tuple[Any, Any]], colours: Sequence[RGB]) -> None:
        """Many polylines at once (one call each, in order): :meth:`line` for every run."""
        if not polylines:
            return
        base = self.reserve([Call(DOTS, c) for c in colours])
        gap = [np.array([np.nan])]
        xs = np.concatenate([p for xs, _ in polylines for p in (np.asarray(xs, dtype=np.float64), *gap)])
        ys = np.concatenate([p for _, ys in polylines for p in (np.asarray(ys, dtype=np.float64), *gap)])
        ids = base + np.repeat(np.arange(len(polylines)), [np.size(xs) + 1 for xs, _ in polylines])
        u, v = self.unit(xs, ys)
        self.segments(np.stack([u[:-1], v[:-1]], axis=1), np.stack([u[1:], v[1:]], axis=1), ids[:-1])

    def segments(self, a: np.ndarray, b: np.ndarray, ids: np.ndarray, limit: int | None = None) -> None:
        """Segments a[i] → b[i] in unit coordinates, drawn by call ids[i] (DOTS calls from
        :meth:`reserve`): clipped to the box; per call, the segments that join the same two
        dots are drawn once, and the latest ``limit`` kept, within the chart's LINE_BUDGET
        (spent call by call in drawing order)."""
        ids = np.broadcast_to(np.asarray(ids, dtype=np.int64), (len(a),))
        a, b, kept = _tame(a, b)
        ids = ids[kept]
        a, b, kept = _clip(a, b)
        ids = ids[kept]
        if a.shape[0] == 0:
            return
        gx, gy = self.pixels
        xa, ya = self.dots(a[:, 0], a[:, 1])
        xb, yb = self.dots(b[:, 0], b[:, 1])
        ka, kb = xa * gy + ya, xb * gy + yb  # dots of points inside the box: 0 … g − 1
        key = (ids * (gx * gy) + np.minimum(ka, kb)) * (gx * gy) + np.maximum(ka, kb)
        _, first = np.unique(key[::-1], return_index=True)  # the latest of each pair, per call
        keep = np.sort(a.shape[0] - 1 - first)
        out = []
        calls = np.unique(ids[keep], return_index=True)[0]  # sorted: the first call of np.unique alone imports numpy.ma
        for call in calls.tolist():  # the budget, in drawing order
            mine = keep[ids[keep] == call]
            room = LINE_BUDGET - self.drawn_segments
            cap = room if limit is None else min(limit, room)
            if cap <= 0:
                break
            mine = mine[-cap:]
            self.drawn_segments += mine.size
            out.append(mine)
        if out:
            chosen = np.concatenate(out)
            self.raster.add_segments(a[chosen], b[chosen], ids[chosen])

    def points(self, xs: Any, ys: Any, marker: str, colour: RGB, bold: bool = False) -> None:
        """Markers at data points inside the box (DOTS: dots)."""
        u, v = self.unit(xs, ys)
        self.put(np.atleast_1d(u), np.atleast_1d(v), self.reserve([Call(marker, colour, "bold" if bold else NO_STYLE)]))

    def points_once(self, memo: dict[object, np.ndarray], key: object, xs: Any, ys: Any, marker: str,
                    colour: RGB) -> None:
        """:meth:`points` for a large set that does not change between frames (a data set): the
        cells it covers are worked out once per chart size and box, kept in ``memo``."""
        call = self.reserve([Call(marker, colour)])
        self.raster.add_points_once(memo, (key, self.box, self.cols, self.rows), lambda: self.unit(xs, ys), call)

    def put(self, u: np.ndarray, v: np.ndarray, ids: Any) -> None:
        """Points in unit coordinates drawn by calls ``ids`` (one, or one per point); those outside
        the box are left out."""
        self.drawn_points += int(np.size(u))
        self.raster.add_points(u, v, np.asarray(ids, dtype=np.int64))

    def arrow(self, x0: float, y0: float, x1: float, y1: float, colour: RGB,
              head: Callable[[float, float], str]) -> Callable[[], None]:
        """A dotted segment from (x0, y0) to (x1, y1) (every other dot: a construction line, not
        a curve), clipped to the box; returns the drawing of its head, ``head(dcol, drow)`` (its
        direction on screen, rows counted twice: a cell is about twice as tall as wide) at its
        visible end, to call once everything under it is drawn."""
        u, v = self.unit([x0, x1], [y0, y1])
        a, b, _ = _tame(np.array([[u[0], v[0]]]), np.array([[u[1], v[1]]]))
        a, b, _ = _clip(a, b)
        if a.shape[0] == 0:
            return lambda: None
        bu, bv = b[0]
        col, row = self.cells(np.array([a[0, 0], b[0, 0]]), np.array([a[0, 1], b[0, 1]]))
        if col[0] == col[1] and row[0] == row[1]:
            return lambda: None  # a step within one cell: its head would only hide the current point
        (gx, gy), (au, av) = self.pixels, a[0]
        dots = int(max(abs(bu - au) * gx, abs(bv - av) * gy))  # along the longer side
        t = np.arange(0, dots + 1, ARROW_DOTS) / max(dots, 1)
        self.raster.points(au + (bu - au) * t, av + (bv - av) * t, DOTS, colour)
        du, dv = (float(u[1]) - float(u[0])) * self.cols, (float(v[1]) - float(v[0])) * self.rows * 2
        mark = head(du, dv)
        return lambda: self.raster.points(np.array([bu]), np.array([bv]), mark, colour, "bold")

    def edges(self, u: np.ndarray, v: np.ndarray, base: Any) -> None:
        """Points beyond the box (unit coordinates u, v) marked where they left it: ▲ above, ▼
        below, ◀ left, ▶ right, by call ``base + side`` (four calls reserved per base, in that
        order; one base, or one per point)."""
        with np.errstate(invalid="ignore"):
            out = ~np.isnan(u) & ~np.isnan(v) & ((u < 0) | (u > 1) | (v < 0) | (v > 1))
        if not out.any():
            return
        u, v = u[out], v[out]
        side = np.where(v > 1, UP, np.where(v < 0, DOWN, np.where(u < 0, LEFT, RIGHT)))
        base = np.broadcast_to(np.asarray(base, dtype=np.int64), out.shape)[out]
        self.put(np.clip(u, 0, 1), np.clip(v, 0, 1), base + side)

    def xticks(self, values: Sequence[float], labels: Sequence[str]) -> None:
        """Ticks along x, each on the column where a point at its value is drawn (set the y ticks
        first: their labels' width sets the columns)."""
        u, _ = self.unit(np.asarray(values, dtype=np.float64), np.zeros(len(values)))
        cells = plot_cols(self.cols, self.frame["yticks"][1])
        self.frame["xticks"] = (_on_cells(u, cells, self.charset.across), tuple(labels))

    def yticks(self, values: Sequence[float], labels: Sequence[str]) -> None:
        """Ticks along y, each on the row where a point at its value is drawn."""
        _, v = self.unit(np.zeros(len(values)), np.asarray(values, dtype=np.float64))
        cells = plot_rows(self.rows, self.frame["xlabel"])
        self.frame["yticks"] = (_on_cells(v, cells, self.charset.up), tuple(labels))

    def xlabel(self, text: str) -> None:
        self.frame["xlabel"] = text

    # -- building ---------------------------------------------------------------------------------
    def strips(self) -> list[Strip]:
        """The frame (built by plotext, or kept from an earlier chart that looked the same), the
        data laid on it, as Strips."""
        key = (self.cols, self.rows, self.frame["xticks"], self.frame["yticks"], self.frame["xlabel"],
               self.palette.background, self.palette.axes)
        frame = FRAMES.get(key)
        if frame is None:
            frame = FRAMES[key] = _Frame.of(self._build())
            while len(FRAMES) > 64:
                FRAMES.pop(next(iter(FRAMES)))
        matrix = frame.copy()
        self.area = (matrix.Cols_canvas, matrix.Rows_canvas)
        self.raster.paint(matrix)
        return matrix_strips(matrix)

    def plot(self) -> Any:
        """The plotext figure of the frame alone (ticks, labels, colours), not yet built."""
        p: Any = Plot()  # plotext's figure: untyped
        p.xaxes(True, False)  # axes left and below only: the panel's border frames the rest
        p.yaxes(True, False)
        p.xlim(0.0, 1.0)
        p.ylim(0.0, 1.0)
        p.xticks(*(list(t) for t in self.frame["xticks"]))
        p.yticks(*(list(t) for t in self.frame["yticks"]))
        if self.frame["xlabel"] is not None:
            p.xlabel(self.frame["xlabel"])
        p.canvas_color(self.palette.background)
        p.axes_color(self.palette.background)
        p.ticks_color(self.palette.axes)
        return p

    def _build(self) -> Any:
        """plotext's private sizing and matrix, as PlotextPlot.render does: the frame's matrix."""
        p = self.plot()
        p.scatter([2.0], [2.0], marker="·")  # outside the frame: it only tells plotext the axes are used
        p.plotsize(self.cols, self.rows)
        p._set_size(self.cols, self.rows)
        p._set_sizes()
        p._build_matrix()
        return p.monitor.matrix


class _Frame:
    """A built frame's matrix, kept: each chart that looks the same starts from a copy."""

    def __init__(self, cols: int, rows: int, area: tuple[range, range], layers: tuple[list[list[Any]], ...]):
        self.cols, self.rows = cols, rows
        self.Cols_canvas, self.Rows_canvas = area  # plotext's names, which the raster reads
        self.marker, self.fullground, self.style, self.background = layers

    @classmethod
    def of(cls, matrix: Any) -> _Frame:
        return cls(matrix.cols, matrix.rows, (matrix.Cols_canvas, matrix.Rows_canvas),
                   (matrix.marker, matrix.fullground, matrix.style, matrix.background))

    def copy(self) -> _Frame:
        layers = (self.marker, self.fullground, self.style, self.background)
        return _Frame(self.cols, self.rows, (self.Cols_canvas, self.Rows_canvas),
                      tuple([row[:] for row in layer] for layer in layers))


FRAMES: dict[tuple[Any, ...], _Frame] = {}


def _on_cells(u: np.ndarray, cells: int, dots: int) -> tuple[float, ...]:
    """Ticks' unit coordinates moved to the middle of the cell where a point at that coordinate is
    drawn (its dot's cell, ``dots`` to a cell), so that a tick's label and the points at its value
    share a row (ticks that :func:`~.ticks.fit` chose are there already)."""
    u = np.clip(np.nan_to_num(np.asarray(u, dtype=np.float64), nan=0.0), 0.0, 1.0)
    if cells < 2:
        return tuple(u.tolist())
    cell = np.clip(dot(u, cells, dots) // dots, 0, cells - 1)
    return tuple((cell / (cells - 1)).tolist())


def _tame(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A far end (beyond HUGE) is pulled in along its segment; a segment with two far or
    infinite ends is dropped (its points still get their edge marks). With the kept indices."""
    ok = np.isfinite(a).all(1) & np.isfinite(b).all(1)
    a_far, b_far = np.abs(a).max(1) > HUGE, np.abs(b).max(1) > HUGE
    kept = np.flatnonzero(ok & ~(a_far & b_far))
    a, b, a_far, b_far = a[kept], b[kept], a_far[kept], b_far[kept]
    with np.errstate(all="ignore"):
        d = 0.5 * b - 0.5 * a  # half the difference: finite for finite ends
        size = np.abs(d).max(1)
        shrink = (HUGE / np.where(size > 0, size, 1.0))[:, None]
        b = np.where(b_far[:, None], a + d * shrink, b)
        a = np.where(a_far[:, None], b - d * shrink, a)
    return a, b, kept


UNIT = Box(0.0, 1.0, 0.0, 1.0)


def _clip(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The visible part of each segment in unit coordinates (rounding kept inside the square), and
    which were visible (a mask)."""
    ca, cb, keep = clip_segments(a, b, UNIT)
    return np.clip(ca, 0.0, 1.0), np.clip(cb, 0.0, 1.0), keep


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
