"""Level lines of f(x, y) — or of the regression's loss over (w, b) — over a window.

f is evaluated on a grid as fine as the chart's half-cells; its values are cut into bands of
equal area (quantiles), and the grid cells where the band changes are the level lines.
Equal-area bands keep the lines spread over the window whatever the scale of f.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ...analysis.views import Box

if TYPE_CHECKING:
    from ...problem import Problem

Lines = list[tuple[np.ndarray, np.ndarray]]


def level_lines(problem: Problem, box: Box, grid: tuple[int, int], levels: int) -> Lines:
    """One (xs, ys) set of grid points per line, low levels first (``levels`` bands, ``levels`` − 1 lines)."""
    nx, ny = max(grid[0], 4), max(grid[1], 4)
    xs = np.linspace(box.xlo, box.xhi, nx)
    ys = np.linspace(box.ylo, box.yhi, ny)
    XX, YY = np.meshgrid(xs, ys)
    with np.errstate(all="ignore"):
        F = problem.loss_for_plot(np.column_stack([XX.ravel(), YY.ravel()]))
        F = np.asarray(F, dtype=np.float64).reshape(ny, nx)
    finite = np.isfinite(F)
    if finite.sum() < 2:
        return []
    thresholds = np.unique(np.quantile(F[finite], np.linspace(0, 1, levels + 1)[1:-1]))
    Q = np.where(finite, np.searchsorted(thresholds, F, side="right"), -1)
    lines = []
    for t in range(thresholds.size):
        # a cell is on line t when it is at level ≤ t and a neighbour is above t
        below = (Q <= t) & (Q >= 0)
        above = Q > t
        on = np.zeros_like(below)
        on[:, :-1] |= below[:, :-1] & above[:, 1:]
        on[:, 1:] |= below[:, 1:] & above[:, :-1]
        on[:-1, :] |= below[:-1, :] & above[1:, :]
        on[1:, :] |= below[1:, :] & above[:-1, :]
        iy, ix = np.nonzero(on)
        lines.append((xs[ix], ys[iy]))
    return lines
