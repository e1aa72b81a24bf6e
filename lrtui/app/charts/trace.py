"""A run's path clipped to a chart's box and thinned once, so drawing it at any step is a prefix.

A path of a million steps is clipped once (vectorized Liang–Barsky), reduced to the segments,
dots and edge marks that differ on a grid finer than any terminal chart's half-cells, and
each piece keeps the step it first appears at. The path "so far" at step k is then a prefix
of arrays, whatever the number of records; the canvas thins it again to its own grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...views import Box

GRID = (512, 512)
MAX_SEGMENTS = 1500  # per run and piece, the latest kept


# the side a point beyond the box is on (the app draws theme.EDGE_MARKS[side] there)
UP, DOWN, LEFT, RIGHT = 0, 1, 2, 3


@dataclass(frozen=True)
class Piece:
    """What a trace draws at one step: a polyline with NaN gaps, dots, edge marks by side."""

    xs: np.ndarray
    ys: np.ndarray
    dot_x: np.ndarray
    dot_y: np.ndarray
    edges: dict[int, tuple[np.ndarray, np.ndarray]]


class Trace:
    def __init__(self, points: np.ndarray, box: Box, grid: tuple[int, int] = GRID, segments: bool = True):
        """``points``: (n, 2) data coordinates in step order (non-finite points break the path);
        ``segments=False`` keeps the dots and edge marks only (the f chart draws no chords)."""
        self.box = box
        self.grid = (max(int(grid[0]), 2), max(int(grid[1]), 2))
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        with np.errstate(all="ignore"):
            if segments:
                self._segments(pts)
            else:
                self.seg_a = self.seg_b = np.empty((0, 2))
                self.seg_step = np.empty(0, dtype=np.int64)
            self._dots(pts)

    # -- building ---------------------------------------------------------------------------
    def _cells(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        b, (gx, gy) = self.box, self.grid
        u = (0.5 * x - 0.5 * b.xlo) / ((0.5 * b.width) or 1.0)
        v = (0.5 * y - 0.5 * b.ylo) / ((0.5 * b.height) or 1.0)
        cx = np.clip(np.nan_to_num(u * gx, nan=0, posinf=gx, neginf=0), 0, gx - 1).astype(np.int64)
        cy = np.clip(np.nan_to_num(v * gy, nan=0, posinf=gy, neginf=0), 0, gy - 1).astype(np.int64)
        return cx * gy + cy

    def _segments(self, pts: np.ndarray) -> None:
        box = self.box
        x, y = pts[:, 0], pts[:, 1]
        finite = np.isfinite(x) & np.isfinite(y)
        inside = finite & (x >= box.xlo) & (x <= box.xhi) & (y >= box.ylo) & (y <= box.yhi)
        valid = finite[:-1] & finite[1:]
        both_in = valid & inside[:-1] & inside[1:]
        # segments inside the box need no clipping: keep the first of each pair of cells
        cell = self._cells(np.where(inside, x, box.xlo), np.where(inside, y, box.ylo))
        i_in = np.flatnonzero(both_in)
        i_in = i_in[self._first_of_each(cell[i_in], cell[i_in + 1])]
        # segments with an end beyond the box: clip them, then the same
        i_out = np.flatnonzero(valid & ~both_in)
        a_out, b_out, kept = _clip(pts[i_out], pts[i_out + 1], box)
        i_out = i_out[kept]
        first = self._first_of_each(
            self._cells(a_out[:, 0], a_out[:, 1]), self._cells(b_out[:, 0], b_out[:, 1])
        )
        i_out, a_out, b_out = i_out[first], a_out[first], b_out[first]
        idx = np.concatenate([i_in, i_out])
        a = np.concatenate([pts[i_in], a_out])
        b = np.concatenate([pts[i_in + 1], b_out])
        order = np.argsort(idx, kind="stable")
        self.seg_a, self.seg_b, self.seg_step = a[order], b[order], idx[order] + 1

    def _first_of_each(self, ka: np.ndarray, kb: np.ndarray) -> np.ndarray:
        """Positions of the first segment joining each unordered pair of cells, in order."""
        n = self.grid[0] * self.grid[1]
        _, first = np.unique(np.minimum(ka, kb) * n + np.maximum(ka, kb), return_index=True)
        first.sort()
        return first

    def _dots(self, pts: np.ndarray) -> None:
        box = self.box
        x, y = pts[:, 0], pts[:, 1]
        finite = np.isfinite(x) & np.isfinite(y)
        inside = finite & (x >= box.xlo) & (x <= box.xhi) & (y >= box.ylo) & (y <= box.yhi)
        idx = np.flatnonzero(inside)
        _, first = np.unique(self._cells(x[idx], y[idx]), return_index=True)
        idx = np.sort(idx[first])
        self.dot_xy, self.dot_step = pts[idx], idx
        # points beyond the box (or infinite): a mark where they leave it
        out = np.flatnonzero(~inside & ~np.isnan(x) & ~np.isnan(y))
        side = self.side(x[out], y[out])
        ex = np.clip(x[out], box.xlo, box.xhi)
        ey = np.clip(y[out], box.ylo, box.yhi)
        key = self._cells(ex, ey) * 4 + side
        _, first = np.unique(key, return_index=True)
        first.sort()
        self.edge_xy = np.stack([ex[first], ey[first]], axis=1) if first.size else np.empty((0, 2))
        self.edge_side, self.edge_step = side[first], out[first]

    def side(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        box = self.box
        return np.where(
            y > box.yhi, UP, np.where(y < box.ylo, DOWN, np.where(x < box.xlo, LEFT, RIGHT))
        ).astype(np.int64)

    # -- reading ----------------------------------------------------------------------------
    def upto(self, k: int) -> Piece:
        """Everything of the path through record k (nothing when k < 0)."""
        if k < 0:
            empty = np.empty(0)
            return Piece(empty, empty, empty, empty, {})
        n = int(np.searchsorted(self.seg_step, k, side="right"))
        lo = max(0, n - MAX_SEGMENTS)
        xs, ys = _polyline(self.seg_a[lo:n], self.seg_b[lo:n], self.seg_step[lo:n])
        m = int(np.searchsorted(self.dot_step, k, side="right"))
        e = int(np.searchsorted(self.edge_step, k, side="right"))
        edges = {}
        for s in (UP, DOWN, LEFT, RIGHT):
            sel = self.edge_side[:e] == s
            if sel.any():
                edges[s] = (self.edge_xy[:e][sel, 0], self.edge_xy[:e][sel, 1])
        return Piece(xs, ys, self.dot_xy[:m, 0], self.dot_xy[:m, 1], edges)


def _polyline(a: np.ndarray, b: np.ndarray, step: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Segments as one polyline: a segment that starts where the last one ended continues it,
    any other starts a new piece after a NaN gap."""
    if len(a) == 0:
        return np.empty(0), np.empty(0)
    joined = np.zeros(len(a), dtype=bool)
    joined[1:] = (np.diff(step) == 1) & (a[1:] == b[:-1]).all(1)
    starts = ~joined
    count = np.where(starts, 3, 1)
    count[0] = 2
    out = np.full((int(count.sum()), 2), np.nan)
    end = np.cumsum(count) - 1  # where each segment's end point b goes
    out[end] = b
    out[end[starts] - 1] = a[starts]
    return out[:, 0], out[:, 1]


def _clip(a: np.ndarray, b: np.ndarray, box: Box) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Liang–Barsky over many segments a→b: the visible part of each and which are visible."""
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    keep = np.isfinite(d).all(1)
    for p, q in (
        (-d[:, 0], a[:, 0] - box.xlo),
        (d[:, 0], box.xhi - a[:, 0]),
        (-d[:, 1], a[:, 1] - box.ylo),
        (d[:, 1], box.yhi - a[:, 1]),
    ):
        parallel = p == 0
        keep &= ~(parallel & (q < 0))
        r = np.where(parallel, 0.0, q / np.where(parallel, 1.0, p))
        t0 = np.where((p < 0) & ~parallel, np.maximum(t0, r), t0)
        t1 = np.where((p > 0) & ~parallel, np.minimum(t1, r), t1)
    keep &= t0 <= t1
    a, b, d, t0, t1 = a[keep], b[keep], d[keep], t0[keep], t1[keep]
    ca = np.where((t0 == 0)[:, None], a, a + t0[:, None] * d)  # exact ends keep pieces joined
    cb = np.where((t1 == 1)[:, None], b, a + t1[:, None] * d)
    return ca, cb, keep
