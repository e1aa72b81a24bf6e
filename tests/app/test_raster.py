"""The raster lays data on plotext's matrix cell for cell as plotext's own rules, one point at a
time, would: its markers' cells, its lines' dots (get_lines), merged into each charset's characters."""

from __future__ import annotations

import math

import numpy as np
import pytest
from textual_plotext.plot import Plot

from lrtui.app.charts.charset import CHARSETS
from lrtui.app.charts.raster import DOTS, NO_STYLE, Call, Raster

COLOURS = [(255, 0, 0), (0, 200, 140), (90, 90, 255), (200, 200, 200)]
MARKERS = ["•", "○", "●", "▲", "·", "×", "↘"]


def frame(cols: int, rows: int) -> Plot:
    p = Plot()
    p.xaxes(True, False)
    p.yaxes(True, False)
    p.xlim(0.0, 1.0)
    p.ylim(0.0, 1.0)
    p.xticks([0.0, 0.5, 1.0], ["0", "5", "10"])
    p.yticks([0.0, 1.0], ["-1", "1"])
    return p


def build(p: Plot, cols: int, rows: int):
    p.plotsize(cols, rows)
    p._set_size(cols, rows)
    p._set_sizes()
    p._build_matrix()
    m = p.monitor.matrix
    return [list(r) for r in m.marker], [list(r) for r in m.fullground], [list(r) for r in m.style]


def random_calls(rng, n_calls):
    calls = []
    for _ in range(n_calls):
        kind = rng.choice(["segments", "dots", "points"])
        colour = COLOURS[rng.integers(len(COLOURS))]
        n = int(rng.integers(1, 60))
        if kind == "segments":  # polylines as the canvas draws them: clipped into the unit square
            pts = np.clip(rng.random((n + 1, 2)) * 1.1 - 0.05, 0, 1)
            if rng.random() < 0.3:  # near-vertical and near-horizontal runs, the steep cases of get_line
                pts[:, 0] = pts[0, 0] + rng.random(n + 1) * 1e-3
            calls.append(("segments", pts[:-1], pts[1:], colour, NO_STYLE))
        else:
            u, v = rng.random(n), rng.random(n)
            u[: n // 4] = np.round(u[: n // 4] * 8) / 8  # on the grid's edges: plotext's rounding decides
            marker = DOTS if kind == "dots" else MARKERS[rng.integers(len(MARKERS))]
            calls.append(("points", u, v, marker, colour, "bold" if rng.random() < 0.3 else NO_STYLE))
    return calls


def reference(calls, charset, cols, rows):
    """What plotext's own per-point rules draw, one point at a time: a marker in the cell plotext's
    ``get_matrix_data`` puts it in; a line's dots from plotext's ``get_lines`` between the dots of its
    ends (a cell of s dots holding the s around its middle); a call's dots merged per cell, the
    last call to reach a cell winning it."""
    from plotext._utility import get_lines, get_matrix_data

    sx, sy = charset.across, charset.up
    frame_ = frame(cols, rows)
    frame_.scatter([2.0], [2.0], marker="·")
    build(frame_, cols, rows)
    m = frame_.monitor.matrix
    width, height = len(m.Cols_canvas), len(m.Rows_canvas)

    def dots(u, n, s):
        return [math.floor(round(s * (0.5 + (n - 1) * float(t)), 8)) for t in u]

    cells = {}  # (col, row) → (call, marker, colour, style, bits)
    for call in calls:
        mine = {}
        if call[0] == "segments":
            _, a, b, colour, style = call
            for (u0, v0), (u1, v1) in zip(a, b, strict=True):
                xs, ys, _ = get_lines(dots([u0, u1], width, sx), dots([v0, v1], height, sy), [0, 0])
                for x, y in zip(xs, ys, strict=True):
                    mine.setdefault((x // sx, y // sy), set()).add((x % sx, sy - 1 - y % sy))
            marker = None
        else:
            _, u, v, marker, colour, style = call
            if marker == DOTS:
                for x, y in zip(dots(u, width, sx), dots(v, height, sy), strict=True):
                    mine.setdefault((x // sx, y // sy), set()).add((x % sx, sy - 1 - y % sy))
            else:
                for x, y in zip(get_matrix_data(list(u), [0, 1], width), get_matrix_data(list(v), [0, 1], height),
                                strict=True):
                    mine[(x, y)] = set()
        for cell, spots in mine.items():
            if 0 <= cell[0] < width and 0 <= cell[1] < height:
                bits = sum(1 << (r * sx + c) for c, r in spots)
                cells[cell] = (charset.glyphs[bits] if marker is None or marker == DOTS else marker, colour, style)
    out = tuple([list(r) for r in getattr(m, name)] for name in ("marker", "fullground", "style"))
    for (x, y), (mark, colour, style) in cells.items():
        row, col = m.Rows_canvas.start + y, m.Cols_canvas.start + x
        out[0][row][col], out[1][row][col], out[2][row][col] = mark, colour, style
    return out


@pytest.mark.parametrize("charset", list(CHARSETS.values()), ids=list(CHARSETS))
@pytest.mark.parametrize("size", [(40, 12), (80, 24), (57, 31), (120, 40), (9, 5)])
@pytest.mark.parametrize("seed", range(4))
def test_the_raster_draws_what_plotext_s_rules_draw(size, seed, charset):
    cols, rows = size
    calls = random_calls(np.random.default_rng(seed), 25)
    want = reference(calls, charset, cols, rows)

    ours = frame(cols, rows)
    ours.scatter([2.0], [2.0], marker="·")
    raster = Raster(charset)
    for call in calls:
        if call[0] == "segments":
            raster.add_segments(call[1], call[2], np.asarray(raster.reserve([Call(DOTS, call[3], call[4])])))
        else:
            raster.points(*call[1:])
    got_frame = build(ours, cols, rows)
    raster.paint(ours.monitor.matrix)
    got = tuple([list(r) for r in getattr(ours.monitor.matrix, name)] for name in ("marker", "fullground", "style"))
    assert got[0] == want[0]  # every character
    assert got[1] == want[1] and got[2] == want[2]  # its colour and style
    assert got_frame[0] != got[0] or not calls  # the data were drawn on the frame


def test_a_marker_shares_the_cell_of_its_line():
    """A run's marker and its line through the same point fall in the same cell, whatever the
    charset: one series, not two a row apart (plotext's own "hd" rounding could split them)."""
    rng = np.random.default_rng(1)
    for charset in CHARSETS.values():
        for _ in range(200):
            u, v = rng.random(2)
            raster = Raster(charset)
            raster.points(np.array([u]), np.array([v]), "o", (255, 0, 0))
            ids, cells, _ = raster._cells(40, 12)
            raster2 = Raster(charset)
            raster2.segments(np.array([[u, v]]), np.array([[u, v]]), (255, 0, 0))
            _, line_cells, _ = raster2._cells(40, 12)
            assert set(cells.tolist()) == set(line_cells.tolist())


def test_plotext_s_hd_rounding_splits_a_marker_from_its_line():
    """Why the dots are lrtui's own: plotext's "hd" line through a point and its marker there can
    land a row apart (the defect of one run reading as two series)."""
    from plotext._utility import get_matrix_data

    rows = 10
    v = 0.61
    marker_row = get_matrix_data([v], [0, 1], rows)[0]
    hd_row = get_matrix_data([v], [0, 1], 2 * rows)[0] // 2
    assert marker_row != hd_row
