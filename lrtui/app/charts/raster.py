"""plotext's way of putting data on its character matrix, done with NumPy for every run at once,
in the dots of a :class:`~.charset.Charset` (braille 2×4 a cell, quadrant blocks 2×2, ASCII 1×2).

plotext draws each ``scatter``/``plot`` call (a *signal*) point by point in Python: its cost
grows with the calls and the points, so 64 runs × four layers × two charts took longer than a
key press may. A :class:`Raster` collects the same drawing calls — one at a time, or a batch
of many calls at once (a layer of every run) — and lays them on plotext's matrix in one pass,
following plotext 5.3's rules (tests/app/test_raster.py compares the two cell by cell):

* a point at unit coordinate u lies in cell ``floor(round(0.5 + (n − 1)·u, 8))`` of n (n = the
  canvas's width; rows likewise from the bottom): u = 0 at the middle of the first cell, u = 1
  at the middle of the last, as plotext places markers and ticks;
* a line joins consecutive points with ``max(|Δx|, |Δy|) + 1`` evenly spaced dots, truncated;
* the dots of one call that share a cell merge into one character (⣿, ▚, : …);
* a later call writes over an earlier one, cell by cell, whatever either drew there.

One rule is lrtui's own: dots refine that grid of cells (:func:`dot`: a cell of s dots holds
the s dots around its middle), where plotext spreads its "hd" and "braille" dots from the edge of
the first cell to the edge of the last. So a point, its line, its marker and a tick at its value
all fall in the same cell: a run's markers and its recent-steps line share a row, and a tick's
label is level with what it labels. The frame (axes, ticks, labels) stays plotext's.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from .charset import CHARSETS, DEFAULT, Charset

RGB = tuple[int, int, int]
NO_STYLE = "default"  # plotext's ut.no_color: the style of a call without one
DOTS = "dots"  # the marker of a call that draws dots (merged per cell into the charset's characters)


class Call(NamedTuple):
    """One plotext call's look: its marker (DOTS: the charset's dots), colour and style."""

    marker: str
    colour: RGB
    style: str = NO_STYLE


class Raster:
    """Calls in drawing order (:meth:`reserve`), and what each draws (:meth:`add_points`,
    :meth:`add_segments`), laid on the matrix by :meth:`paint` in the dots of ``charset``."""

    def __init__(self, charset: Charset = CHARSETS[DEFAULT]) -> None:
        self.charset = charset
        self.calls: list[Call] = []
        self._dots: list[bool] = []  # per call: dots (merged per cell) or a marker
        self._points: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (call ids, u, v)
        self._segments: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []  # (call ids, a, b)
        self._once: list[tuple[dict[object, np.ndarray], object, Callable[[], tuple[np.ndarray, np.ndarray]], int]] = []

    def reserve(self, calls: Sequence[Call]) -> int:
        """Append calls to the drawing order; returns the id of the first (the next ones follow)."""
        base = len(self.calls)
        self.calls.extend(calls)
        self._dots.extend(c[0] == DOTS for c in calls)
        return base

    def add_points(self, u: np.ndarray, v: np.ndarray, ids: np.ndarray) -> None:
        """Point i (unit coordinates) drawn by call ids[i]; points outside the unit square (or not
        finite) are left out."""
        u, v = np.asarray(u, dtype=np.float64), np.asarray(v, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            inside = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
        if inside.any():
            self._points.append((np.broadcast_to(ids, u.shape)[inside], u[inside], v[inside]))

    def add_points_once(self, memo: dict[object, np.ndarray], key: object,
                        points: Callable[[], tuple[np.ndarray, np.ndarray]], call: int) -> None:
        """Many points of one marker call that do not change between frames (a data set): the cells
        they cover are worked out once per canvas size and kept in ``memo`` under ``key``."""
        self._once.append((memo, key, points, call))

    def add_segments(self, a: np.ndarray, b: np.ndarray, ids: np.ndarray) -> None:
        """Segment a[i] → b[i] (unit coordinates, inside the unit square) drawn by call ids[i]."""
        if len(a):
            self._segments.append((np.broadcast_to(ids, (len(a),)), a, b))

    # the one-call forms, as plotext's scatter and plot
    def segments(self, a: np.ndarray, b: np.ndarray, colour: RGB) -> None:
        """One ``plot(…)`` call in dots: the segments a[i] → b[i]."""
        self.add_segments(a, b, np.asarray(self.reserve([Call(DOTS, colour)])))

    def points(self, u: np.ndarray, v: np.ndarray, marker: str, colour: RGB, style: str = NO_STYLE) -> None:
        """One ``scatter`` call: ``marker`` (DOTS: a dot) at each (u, v)."""
        self.add_points(u, v, np.asarray(self.reserve([Call(marker, colour, style)])))

    # -- laying it on the matrix -------------------------------------------------------------------
    def paint(self, matrix: Any) -> None:
        """Write every call on plotext's built matrix (``figure.monitor.matrix``), in order."""
        cols, rows = matrix.Cols_canvas, matrix.Rows_canvas
        width, height = len(cols), len(rows)
        if width <= 0 or height <= 0 or not (self._points or self._segments or self._once):
            return
        call_id, cell, bit = self._cells(width, height)
        if call_id.size == 0:
            return
        # the dots of one call in one cell merge; then the last call to reach a cell wins
        n = width * height
        key = call_id * n + cell
        order = np.argsort(key, kind="stable")
        key, bit = key[order], bit[order]
        starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        key, merged = key[starts], np.bitwise_or.reduceat(bit, starts)
        call_id, cell = key // n, key % n
        order = np.lexsort((call_id, cell))
        last = np.flatnonzero(np.r_[cell[order][1:] != cell[order][:-1], True])
        pick = order[last]
        c0, r0 = cols.start, rows.start
        marker, fullground, style = matrix.marker, matrix.fullground, matrix.style
        calls, dots, glyphs = self.calls, self._dots, self.charset.glyphs
        for i, c, b in zip(call_id[pick].tolist(), cell[pick].tolist(), merged[pick].tolist(), strict=True):
            mark, colour, look = calls[i]
            row, col = r0 + c // width, c0 + c % width
            marker[row][col] = glyphs[b] if dots[i] else mark
            fullground[row][col] = colour
            style[row][col] = look

    def _cells(self, width: int, height: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(call ids, cells, dot bits; 0 for a marker) of everything drawn in the canvas."""
        sx, sy = self.charset.across, self.charset.up
        ids: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
        xs: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
        ys: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
        dots = np.array(self._dots, dtype=bool)
        marks: list[np.ndarray] = [np.zeros(0, dtype=bool)]
        if self._segments:
            seg = np.concatenate([p[0] for p in self._segments])
            a = np.concatenate([p[1] for p in self._segments])
            b = np.concatenate([p[2] for p in self._segments])
            x, y, seg = _lines(dot(a[:, 0], width, sx), dot(a[:, 1], height, sy), dot(b[:, 0], width, sx),
                               dot(b[:, 1], height, sy), seg)
            ids.append(seg)
            xs.append(x)
            ys.append(y)
            marks.append(np.zeros(seg.size, dtype=bool))
        if self._points:
            pid = np.concatenate([p[0] for p in self._points])
            ids.append(pid)
            xs.append(dot(np.concatenate([p[1] for p in self._points]), width, sx))
            ys.append(dot(np.concatenate([p[2] for p in self._points]), height, sy))
            marks.append(~dots[pid])  # a marker: the cell of its dot, no dot drawn
        call_id = np.concatenate(ids)
        x, y, mark = np.concatenate(xs), np.concatenate(ys), np.concatenate(marks)
        cx, cy = x // sx, y // sy
        place = (sy - 1 - y % sy) * sx + x % sx  # the dot's place in its cell, row by row from the top
        bit = np.where(mark, 0, np.left_shift(1, place))
        inside = (cx >= 0) & (cx < width) & (cy >= 0) & (cy < height)
        found = [(call_id[inside], (cy * width + cx)[inside], bit[inside])]
        for memo, key, points, call in self._once:
            where = (key, width, height, sx, sy)
            if where not in memo:
                if len(memo) >= 16:  # a window that keeps moving: keep the memo small
                    memo.clear()
                u, v = points()
                with np.errstate(invalid="ignore"):
                    keep = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
                px, py = dot(u[keep], width, sx) // sx, dot(v[keep], height, sy) // sy
                ok = (px >= 0) & (px < width) & (py >= 0) & (py < height)
                memo[where] = np.unique(py[ok] * width + px[ok])
            cells = memo[where]
            found.append((np.full(cells.size, call, dtype=np.int64), cells, np.zeros(cells.size, dtype=np.int64)))
        return tuple(np.concatenate([f[j] for f in found]) for j in range(3))  # type: ignore[return-value]


def dot(u: np.ndarray, cells: int, per: int = 1) -> np.ndarray:
    """The dot a unit coordinate lands on, of ``per`` dots in each of ``cells`` cells:
    floor(round(per·(0.5 + (cells − 1)·u), 8)). Its cell (dot // per) is plotext's for a marker or a
    tick, ``get_matrix_data`` for the limits (0, 1); u = 0 and u = 1 fall on the middles of the
    first and the last cells."""
    f = per * (0.5 + (cells - 1) * np.asarray(u, dtype=np.float64))
    out = np.floor(f)
    near = np.abs(f - np.round(f)) < 1e-7  # where rounding to 8 decimals can cross an integer
    for j in np.flatnonzero(near):
        out[j] = math.floor(round(float(f[j]), 8))
    return out.astype(np.int64)


def _lines(x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray,
           ids: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """plotext's ``get_lines`` for every segment: max(|Δx|, |Δy|) + 1 evenly spaced dots from one
    end to the other, truncated to whole dots — all but the last, which plotext replaces by
    the segment's true end (truncation can land it a dot short). With each dot's call id."""
    dx, dy = x1 - x0, y1 - y0
    count = np.maximum(np.abs(dx), np.abs(dy))  # the points before the end
    steps = np.maximum(count, 1).astype(np.float64)
    sx, sy = dx / steps, dy / steps
    seg = np.repeat(np.arange(count.size), count)
    k = (np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)).astype(np.float64)
    x = np.trunc(x0[seg] + k * sx[seg]).astype(np.int64)
    y = np.trunc(y0[seg] + k * sy[seg]).astype(np.int64)
    return np.concatenate([x, x0, x1]), np.concatenate([y, y0, y1]), np.concatenate([ids[seg], ids, ids])
