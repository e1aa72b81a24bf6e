"""The raster lays data on plotext's matrix cell for cell as plotext's own scatter and plot would."""

from __future__ import annotations

import numpy as np
import pytest
from textual_plotext.plot import Plot

from lrtui.app.charts.raster import NO_STYLE, Raster

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
        kind = rng.choice(["segments", "hd points", "points"])
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
            marker = "hd" if kind == "hd points" else MARKERS[rng.integers(len(MARKERS))]
            calls.append(("points", u, v, marker, colour, "bold" if rng.random() < 0.3 else NO_STYLE))
    return calls


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (57, 31), (120, 40), (9, 5)])
@pytest.mark.parametrize("seed", range(4))
def test_the_raster_draws_what_plotext_draws(size, seed):
    cols, rows = size
    calls = random_calls(np.random.default_rng(seed), 25)

    by_plotext = frame(cols, rows)
    for call in calls:
        if call[0] == "segments":
            _, a, b, colour, _ = call
            gaps = np.full((len(a), 1), np.nan)  # one signal: the segments as pieces between NaN gaps
            xs = np.hstack([a[:, :1], b[:, :1], gaps]).ravel()
            ys = np.hstack([a[:, 1:], b[:, 1:], gaps]).ravel()
            by_plotext.plot(xs.tolist(), ys.tolist(), marker="hd", color=colour)
        else:
            _, u, v, marker, colour, style = call
            by_plotext.scatter(u.tolist(), v.tolist(), marker=marker, color=colour,
                               style=None if style == NO_STYLE else style)
    want = build(by_plotext, cols, rows)

    ours = frame(cols, rows)
    ours.scatter([2.0], [2.0], marker="·")
    raster = Raster()
    for call in calls:
        if call[0] == "segments":
            raster.segments(call[1], call[2], call[3])
        else:
            raster.points(*call[1:])
    got_frame = build(ours, cols, rows)
    raster.paint(ours.monitor.matrix)
    got = tuple([list(r) for r in getattr(ours.monitor.matrix, name)] for name in ("marker", "fullground", "style"))
    assert got[0] == want[0]  # every character
    assert got[1] == want[1] and got[2] == want[2]  # its colour and style
    assert got_frame[0] != got[0] or not calls  # the data were drawn on the frame
