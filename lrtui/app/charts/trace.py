"""Runs' visited points and paths in a chart's box, thinned once, so any step is a selection.

A :class:`Trace` is one run's path (with two parameters) clipped once to a box (vectorized
Liang–Barsky) and reduced to the segments that differ on a grid finer than any terminal
chart's half-cells, each kept with the step it first appears at. A :class:`TraceSet` holds
every run's visited points (and paths) in a box, thinned to one chart's own cells: what a run
shows at step k is then a selection of arrays, whatever the number of records or runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from ...analysis.views import Box
from .raster import dot

GRID = (512, 512)
MAX_SEGMENTS = 1500  # per run, the latest kept


# the side a point beyond the box is on (the app draws theme.EDGE_MARKS[side] there)
UP, DOWN, LEFT, RIGHT = 0, 1, 2, 3


class Trace:
    def __init__(self, points: np.ndarray, box: Box, grid: tuple[int, int] = GRID):
        """``points``: (n, 2) data coordinates in step order (non-finite points break the path)."""
        self.box = box
        self.grid = (max(int(grid[0]), 2), max(int(grid[1]), 2))
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        with np.errstate(all="ignore"):
            self._segments(pts)

    # -- building ---------------------------------------------------------------------------
    def _cells(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        u, v = to_unit(self.box, x, y)
        gx, gy = self.grid
        cx = np.clip(np.nan_to_num(u * gx, nan=0, posinf=gx, neginf=0), 0, gx - 1).astype(np.int64)
        cy = np.clip(np.nan_to_num(v * gy, nan=0, posinf=gy, neginf=0), 0, gy - 1).astype(np.int64)
        out: np.ndarray = cx * gy + cy
        return out

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
        a_out, b_out, kept = clip_segments(pts[i_out], pts[i_out + 1], box)
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


def to_unit(box: Box, xs: Any, ys: Any) -> tuple[np.ndarray, np.ndarray]:
    """Data → the unit square (0 … 1 inside the box), in float64 halves (no overflow near the
    float64 limit); NaN stays NaN, far points are far."""
    with np.errstate(all="ignore"):
        x = np.asarray(xs, dtype=np.float64)
        y = np.asarray(ys, dtype=np.float64)
        u = (0.5 * x - 0.5 * box.xlo) / _half(box.xlo, box.xhi)
        v = (0.5 * y - 0.5 * box.ylo) / _half(box.ylo, box.yhi)
    return u, v


def _half(lo: float, hi: float) -> float:
    half = 0.5 * hi - 0.5 * lo
    return half if half > 0 else 1.0


def clip_segments(a: np.ndarray, b: np.ndarray, box: Box) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Liang–Barsky over many segments a→b against the box: the visible part of each, and which
    are visible (a mask over a). A segment with a non-finite end is not visible."""
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    keep = np.isfinite(d).all(1)
    with np.errstate(all="ignore"):  # overflow or inf − inf on a segment it drops anyway
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


class TraceSet:
    """Every run's visited points in one box, end to end and thinned to a chart's own grid, in
    unit coordinates: a layer of every run at once is one selection, whatever the number of runs.

    Each run keeps, per cell of a plot area of ``cols`` × ``rows`` cells (a point is in the cell of
    its dot, as the raster draws it), only its first visit (per side, its first mark at the
    edge): at any step the chart shows a cell as visited exactly when the run had visited it by
    then, with the run's marker. Paths in the plane come from each run's :class:`Trace` (clipped
    once), thinned likewise to the first segment per pair of dots (``dots``: across and up a cell).
    """

    def __init__(self, box: Box, points: Iterable[np.ndarray], cols: int, rows: int,
                 paths: list[Trace] | None = None, dots: tuple[int, int] = (2, 4)):
        """``points``: each run's (n, 2) visited points in step order, looked at one run at a
        time (a generator will do: a million-step run costs its own size, not all the runs')."""
        cols, rows = max(cols, 1), max(rows, 1)

        def cell(u: np.ndarray, v: np.ndarray) -> np.ndarray:
            return _cell(u, v, cols, rows, dots)

        def firsts(key: np.ndarray) -> np.ndarray:
            """One run's first element of each key."""
            _, idx = np.unique(key, return_index=True)
            return np.sort(idx)

        visits: list[tuple[np.ndarray, ...]] = []
        edges: list[tuple[np.ndarray, ...]] = []
        self.runs = 0
        for xy in points:  # (not enumerate: its cached pair would keep the last run's points)
            r = self.runs
            self.runs += 1
            u, v = to_unit(box, xy[:, 0], xy[:, 1])
            with np.errstate(invalid="ignore"):
                inside = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
                beyond = ~inside & ~np.isnan(u) & ~np.isnan(v)
            # dots: the visits inside the box
            i = np.flatnonzero(inside)
            i = i[firsts(cell(u[i], v[i]))]
            visits.append((u[i], v[i], np.full(i.size, r, dtype=np.int64), i))
            # edge marks: where a visit beyond the box left it (UP, DOWN, LEFT, RIGHT as the canvas's)
            i = np.flatnonzero(beyond)
            side = np.where(v[i] > 1, UP, np.where(v[i] < 0, DOWN, np.where(u[i] < 0, LEFT, RIGHT))).astype(np.int64)
            eu, ev = np.clip(u[i], 0, 1), np.clip(v[i], 0, 1)
            keep = firsts(cell(eu, ev) * 4 + side)
            edges.append((eu[keep], ev[keep], side[keep], np.full(keep.size, r, dtype=np.int64), i[keep]))
            del xy, u, v  # this run's points go before the next run's are made
        self.dot_u, self.dot_v, self.dot_run, self.dot_step = _joined(visits, "ffii")
        self.edge_u, self.edge_v, self.edge_side, self.edge_run, self.edge_step = _joined(edges, "ffiii")
        self.seg_a, self.seg_b, self.seg_run, self.seg_step = _segments(box, paths or [], cols, rows, dots)

    @classmethod
    def each(cls, box: Box, xs: np.ndarray, ys: np.ndarray, counts: np.ndarray, cols: int, rows: int,
             paths: Sequence[Trace] | None = None, dots: tuple[int, int] = (2, 4)) -> list[TraceSet]:
        """A set of its own for each run — run r's visited points (xs[r, :counts[r]], ys[r, :counts[r]])
        and its path ``paths[r]`` — the very sets ``TraceSet(box, [points], cols, rows, [path], dots)``
        makes, thinned every run at once (a few runs at a time when they are long): a few NumPy
        calls for any number of runs."""
        cols, rows = max(cols, 1), max(rows, 1)
        out: list[TraceSet] = []
        n = xs.shape[1]
        step = max(1, CHUNK // max(n, 1))
        no_segments = (np.empty((0, 2)), np.empty((0, 2)), np.empty(0, np.int64), np.empty(0, np.int64))
        for a in range(0, xs.shape[0], step):
            x, y = np.broadcast_arrays(xs[a : a + step], ys[a : a + step])
            runs = x.shape[0]
            # the records to look at: a run's own (up to counts[r]), each unless it repeats the one before
            # it exactly (a run at rest, or after its stop): a repeat is in the same cell, seen already
            look = np.arange(n)[None, :] < np.asarray(counts[a : a + step])[:, None]
            look[:, 1:] &= (x[:, 1:] != x[:, :-1]) | (y[:, 1:] != y[:, :-1])
            r, k = np.nonzero(look)
            u, v = to_unit(box, x[r, k], y[r, k])
            with np.errstate(invalid="ignore"):
                inside = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
                beyond = ~inside & ~np.isnan(u) & ~np.isnan(v)
            # dots: the visits inside the box, each run's first in each cell
            d = np.flatnonzero(inside)
            d = d[_first_visit_index(r[d], _cell(u[d], v[d], cols, rows, dots))]
            # edge marks: the points beyond the box, clamped to its edge, with their side
            e = np.flatnonzero(beyond)
            bu, bv = u[e], v[e]
            side = np.where(bv > 1, UP, np.where(bv < 0, DOWN, np.where(bu < 0, LEFT, RIGHT))).astype(np.int64)
            eu, ev = np.clip(bu, 0, 1), np.clip(bv, 0, 1)
            first = _first_visit_index(r[e], _cell(eu, ev, cols, rows, dots) * 4 + side)
            e, eu, ev, side = e[first], eu[first], ev[first], side[first]
            dcut = np.searchsorted(r[d], np.arange(runs + 1))
            ecut = np.searchsorted(r[e], np.arange(runs + 1))
            for i in range(runs):
                one = cls.__new__(cls)
                one.runs = 1
                di = d[dcut[i] : dcut[i + 1]]
                one.dot_u, one.dot_v, one.dot_run, one.dot_step = u[di], v[di], np.zeros(di.size, np.int64), k[di]
                ei = slice(ecut[i], ecut[i + 1])
                one.edge_u, one.edge_v, one.edge_side, one.edge_step = eu[ei], ev[ei], side[ei], k[e[ei]]
                one.edge_run = np.zeros(one.edge_step.size, np.int64)
                segments = _segments(box, [paths[a + i]], cols, rows, dots) if paths is not None else no_segments
                one.seg_a, one.seg_b, one.seg_run, one.seg_step = segments
                out.append(one)
        return out

    @classmethod
    def joined(cls, sets: Sequence[TraceSet]) -> TraceSet:
        """The sets of one run each, the i-th becoming run i: what thinning every run together gives
        (each run is thinned on its own either way)."""
        out = cls.__new__(cls)
        out.runs = len(sets)

        def runs(field: str) -> np.ndarray:
            return _cat([np.full(getattr(s, field).size, i, dtype=np.int64) for i, s in enumerate(sets)], "i")

        def cat(field: str, kind: str) -> np.ndarray:
            return _cat([getattr(s, field) for s in sets], kind)

        out.dot_u, out.dot_v, out.dot_step, out.dot_run = cat("dot_u", "f"), cat("dot_v", "f"), cat("dot_step", "i"), \
            runs("dot_run")
        out.edge_u, out.edge_v, out.edge_side = cat("edge_u", "f"), cat("edge_v", "f"), cat("edge_side", "i")
        out.edge_step, out.edge_run = cat("edge_step", "i"), runs("edge_run")
        out.seg_a = np.concatenate([s.seg_a for s in sets]) if sets else np.empty((0, 2))
        out.seg_b = np.concatenate([s.seg_b for s in sets]) if sets else np.empty((0, 2))
        out.seg_step, out.seg_run = cat("seg_step", "i"), runs("seg_run")
        return out

    def dots(self, upto: np.ndarray) -> np.ndarray:
        """The dots run r had drawn by record upto[r] (indices; upto[r] < 0: none)."""
        return np.flatnonzero(self.dot_step <= upto[self.dot_run])

    def edges(self, upto: np.ndarray) -> np.ndarray:
        return np.flatnonzero(self.edge_step <= upto[self.edge_run])

    def segments(self, upto: np.ndarray, latest: int = MAX_SEGMENTS) -> np.ndarray:
        """The segments run r had drawn by record upto[r], its latest ``latest`` only."""
        sel = np.flatnonzero(self.seg_step <= upto[self.seg_run])
        if sel.size == 0:
            return sel
        run = self.seg_run[sel]  # runs come one after the other
        count = np.bincount(run, minlength=self.runs)
        end = np.cumsum(count)[run]  # one past each run's last selected segment
        kept: np.ndarray = sel[np.arange(sel.size) >= end - latest]
        return kept


CHUNK = 1_000_000  # points thinned together (TraceSet.each): a million-step run on its own


def _cell(u: np.ndarray, v: np.ndarray, cols: int, rows: int, dots: tuple[int, int]) -> np.ndarray:
    """The cell (u, v) is drawn in, as one number (outside the box: the nearest), of a plot area
    of cols × rows cells of ``dots`` (across, up)."""
    sx, sy = dots
    with np.errstate(invalid="ignore"):
        u = np.clip(np.nan_to_num(u, nan=0.0), 0.0, 1.0)
        v = np.clip(np.nan_to_num(v, nan=0.0), 0.0, 1.0)
    out: np.ndarray = (dot(u, cols, sx) // sx) * rows + dot(v, rows, sy) // sy
    return out


def _first_visit_index(run: np.ndarray, key: np.ndarray) -> np.ndarray:
    """Where each run's first occurrence of each key is, in a list of (run, key) in run order and,
    within a run, in step order. A key equal to the one just before it in its run is no first
    visit: those are left out before the search (a run that stays in a cell costs nothing)."""
    change = np.ones(key.size, dtype=bool)
    change[1:] = (key[1:] != key[:-1]) | (run[1:] != run[:-1])
    at = np.flatnonzero(change)
    _, first = np.unique(run[at] * (int(key.max(initial=0)) + 1) + key[at], return_index=True)
    found: np.ndarray = at[np.sort(first)]
    return found


def _segments(box: Box, traces: Sequence[Trace], cols: int, rows: int,
              dots: tuple[int, int]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The paths' segments in unit coordinates, each run's first per pair of dots: (a, b, run, step)."""
    sx, sy = dots

    def dots_of(u: np.ndarray, v: np.ndarray) -> np.ndarray:
        """The dot of (u, v) (inside the box) as one number."""
        u, v = np.clip(u, 0.0, 1.0), np.clip(v, 0.0, 1.0)
        out: np.ndarray = dot(u, cols, sx) * (sy * rows) + dot(v, rows, sy)
        return out

    a = np.concatenate([t.seg_a for t in traces]) if traces else np.empty((0, 2))
    b = np.concatenate([t.seg_b for t in traces]) if traces else np.empty((0, 2))
    run = np.repeat(np.arange(len(traces)), [len(t.seg_step) for t in traces])
    step = np.concatenate([t.seg_step for t in traces]) if traces else np.empty(0, dtype=np.int64)
    au, av = to_unit(box, a[:, 0], a[:, 1])
    bu, bv = to_unit(box, b[:, 0], b[:, 1])
    n = sx * cols * sy * rows
    ka, kb = dots_of(au, av), dots_of(bu, bv)
    key = np.minimum(ka, kb) * n + np.maximum(ka, kb)
    _, keep = np.unique(run * (int(key.max(initial=0)) + 1) + key, return_index=True)  # each run's first of each
    keep.sort()
    return np.stack([au[keep], av[keep]], axis=1), np.stack([bu[keep], bv[keep]], axis=1), run[keep], step[keep]


def _cat(parts: list[np.ndarray], kind: str) -> np.ndarray:
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.float64 if kind == "f" else np.int64)


def _joined(parts: list[tuple[np.ndarray, ...]], kinds: str) -> tuple[np.ndarray, ...]:
    """The runs' arrays end to end, field by field; ``kinds`` gives each field's type ("f" a
    float, "i" an index), for when there are no runs."""
    if not parts:
        return tuple(np.empty(0, dtype=np.float64 if k == "f" else np.int64) for k in kinds)
    return tuple(np.concatenate([part[f] for part in parts]) for f in range(len(kinds)))
