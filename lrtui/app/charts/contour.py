"""A contour view of f(x, y) — or of the loss over (w, b) — with every run's path on top.

    draw_contour(plt, result, step=None)

``plt`` is a plotext figure-like object: the ``plt`` of a textual-plotext ``PlotextPlot`` or
the ``plotext`` module itself. f is evaluated on a grid over a window holding x0, the minima
(or saddle) the analysis found and every bounded run's path; the grid's values are cut into
``levels`` bands of equal area (quantiles) and the borders between bands are drawn as level
lines, each in its own grey, low levels darker. Each run's path through record ``step`` (the
whole run when None) is drawn clipped to the window, so a diverging run shows its first
jumps and where it leaves, never squashing the others; its current point is a ●. Longer
paths are drawn first, so a short one that starts along a long one stays visible.

Pure drawing: plotext only, no textual; nothing here recomputes a descent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

RGB = tuple[int, int, int]

# Okabe–Ito on a dark background, as the app's theme uses; pass ``colors`` to override.
RUN_COLORS: list[RGB] = [
    (86, 180, 233),
    (230, 159, 0),
    (0, 200, 140),
    (240, 228, 66),
    (204, 121, 167),
    (213, 94, 0),
    (120, 160, 255),
    (200, 200, 200),
]
# level lines in a grey ramp, low (dark) to high (light): quieter than every run's colour
LEVEL_COLORS: list[RGB] = [(g, g, g + 8) for g in (64, 80, 96, 112, 128, 144, 160, 176, 192, 208)]
MARKER = "hd"
CURRENT = "●"
MINIMUM = "✕"
MINIMUM_COLOR = (230, 50, 90)
RUNAWAY = 1.0  # a diverging run's points widen the window while within one span of the core
PAD = 0.06


@dataclass(frozen=True)
class Window:
    x0: float
    x1: float
    y0: float
    y1: float

    def contains(self, P: np.ndarray) -> np.ndarray:
        return (P[:, 0] >= self.x0) & (P[:, 0] <= self.x1) & (P[:, 1] >= self.y0) & (P[:, 1] <= self.y1)


def run_path(result, r: int, step: int | None = None) -> np.ndarray:
    """Run r's points x_0..x_min(step, stopped_at): (n, 2)."""
    last = int(result.stopped_at[r])
    if step is not None:
        last = min(last, max(int(step), 0))
    return np.asarray(result.x[r, : last + 1], dtype=np.float64)


def _special_points(result) -> list[tuple[tuple[float, float], str]]:
    """Minima and saddles from the analysis, with a label each (no repeats)."""
    seen, out = set(), []
    for a in result.analysis or []:
        if a is None:
            continue
        for point, what in ((a.minimum, "x*"), (getattr(a, "saddle", None), "saddle")):
            if point is None or len(point) != 2 or not np.all(np.isfinite(point)):
                continue
            key = (round(point[0], 9), round(point[1], 9))
            if key in seen:
                continue
            seen.add(key)
            out.append(((float(point[0]), float(point[1])), f"{what} ({point[0]:.4g}, {point[1]:.4g})"))
    return out


def window(result, runs: Sequence[int] | None = None, step: int | None = None) -> Window:
    """x0, the minima/saddles and the bounded runs' paths, padded; runaway runs count only near them."""
    from lrtui.result import Status

    runs = list(range(result.runs)) if runs is None else list(runs)
    core = [np.asarray(result.x0, dtype=np.float64)[None, :]]
    core += [np.array([p]) for p, _ in _special_points(result)]
    wild = []
    for r in runs:
        P = run_path(result, r, step)
        P = P[np.all(np.isfinite(P), axis=1)]
        (wild if result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN) else core).append(P)
    C = np.concatenate(core)
    lo, hi = C.min(0), C.max(0)
    span = np.maximum(hi - lo, 1e-12 * np.maximum(1.0, np.abs(hi)))
    for P in wild:  # a diverging run's first jumps, while they stay near the rest
        near = np.all((P >= lo - RUNAWAY * span) & (P <= hi + RUNAWAY * span), axis=1)
        if near.any():
            lo = np.minimum(lo, P[near].min(0))
            hi = np.maximum(hi, P[near].max(0))
    span = hi - lo
    if np.all(span <= 0):
        span = np.array([1.0, 1.0])
    span = np.maximum(span, 0.25 * span.max())  # never a sliver: each side ≥ ¼ of the other
    mid = 0.5 * (lo + hi)
    half = 0.5 * span * (1 + 2 * PAD)
    return Window(mid[0] - half[0], mid[0] + half[0], mid[1] - half[1], mid[1] + half[1])


def clip_path(P: np.ndarray, box: Window) -> list[np.ndarray]:
    """The parts of a polyline inside ``box`` (Liang–Barsky on every segment), as chains of points."""
    P = P[np.all(np.isfinite(P), axis=1)]
    if P.shape[0] == 0:
        return []
    if P.shape[0] == 1:
        return [P] if box.contains(P)[0] else []
    a, b = P[:-1], P[1:]
    d = b - a
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    with np.errstate(all="ignore"):
        for p, q in (
            (-d[:, 0], a[:, 0] - box.x0),
            (d[:, 0], box.x1 - a[:, 0]),
            (-d[:, 1], a[:, 1] - box.y0),
            (d[:, 1], box.y1 - a[:, 1]),
        ):
            parallel = p == 0
            t = q / p
            t0 = np.where(~parallel & (p < 0), np.maximum(t0, t), t0)
            t1 = np.where(~parallel & (p > 0), np.minimum(t1, t), t1)
            t1 = np.where(parallel & (q < 0), -1.0, t1)  # parallel and outside
    visible = t0 <= t1
    start = a + t0[:, None] * d
    end = a + t1[:, None] * d
    chains: list[list[np.ndarray]] = []
    open_chain = False
    for i in np.flatnonzero(visible):
        if open_chain and t0[i] == 0.0 and chains[-1] and i > 0 and visible[i - 1] and t1[i - 1] == 1.0:
            chains[-1].append(end[i])
        else:
            chains.append([start[i], end[i]])
        open_chain = t1[i] == 1.0
    return [np.array(c) for c in chains]


def thin(P: np.ndarray, box: Window, grid: tuple[int, int]) -> np.ndarray:
    """Drop consecutive points that fall in the same cell of a grid over the box (the ends stay)."""
    if P.shape[0] <= 2:
        return P
    gx = np.floor((P[:, 0] - box.x0) / max(box.x1 - box.x0, 1e-300) * grid[0])
    gy = np.floor((P[:, 1] - box.y0) / max(box.y1 - box.y0, 1e-300) * grid[1])
    keep = np.ones(P.shape[0], dtype=bool)
    keep[1:] = (gx[1:] != gx[:-1]) | (gy[1:] != gy[:-1])
    keep[-1] = True
    return P[keep]


def level_lines(problem, box: Window, grid: tuple[int, int], levels: int):
    """The grid's f, cut into ``levels`` equal-area bands; returns (thresholds, [(xs, ys) per line])."""
    nx, ny = grid
    xs = np.linspace(box.x0, box.x1, nx)
    ys = np.linspace(box.y0, box.y1, ny)
    XX, YY = np.meshgrid(xs, ys)
    loss = getattr(problem, "loss_for_plot", None) or problem.loss
    with np.errstate(all="ignore"):
        F = np.asarray(loss(np.column_stack([XX.ravel(), YY.ravel()])), dtype=np.float64).reshape(ny, nx)
    finite = np.isfinite(F)
    if finite.sum() < 2:
        return np.array([]), []
    thresholds = np.unique(np.quantile(F[finite], np.linspace(0, 1, levels + 1)[1:-1]))
    Q = np.where(finite, np.searchsorted(thresholds, F, side="right"), -1)
    lines = []
    for t in range(thresholds.size):
        # a cell is on line t when it is at level ≤ t and a right or upper neighbour is above t
        below = (Q <= t) & (Q >= 0)
        above = Q > t
        on = np.zeros_like(below)
        on[:, :-1] |= below[:, :-1] & above[:, 1:]
        on[:, 1:] |= below[:, 1:] & above[:, :-1]
        on[:-1, :] |= below[:-1, :] & above[1:, :]
        on[1:, :] |= below[1:, :] & above[:-1, :]
        iy, ix = np.nonzero(on)
        lines.append((xs[ix], ys[iy]))
    return thresholds, lines


def _travelled(P: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        d = np.sqrt((np.diff(P, axis=0) ** 2).sum(1))
    d = d[np.isfinite(d)]
    return float(d.sum()) if d.size else 0.0


def pixel_grid(plt, default: tuple[int, int] = (120, 44)) -> tuple[int, int]:
    """About the number of ``hd`` pixels inside the figure's axes (2 per character each way)."""
    try:
        w, h = plt.plot_size()
    except Exception:  # a figure-like object without a size
        return default
    if not (isinstance(w, int) and isinstance(h, int)):
        return default
    return max(2 * w, 20), max(2 * h, 10)  # a little finer than the canvas: no gaps in the lines


def draw_contour(
    plt,
    result,
    step: int | None = None,
    runs: Sequence[int] | None = None,
    levels: int = 8,
    grid: tuple[int, int] | None = None,
    box: Window | None = None,
    colors: Sequence[RGB] | None = None,
    title: str | None = None,
) -> Window:
    """Draw f's level lines over a window and each run's path through ``step``; return the window.

    ``grid`` is the number of f samples across and up; by default a little more than the
    chart's pixels (2 per character each way with ``hd`` markers) from ``plt.plot_size()``, or 120 × 44 when
    the figure has no size yet. ``levels`` is the number of bands (2 to 10).
    Clears the figure's data first (its size and theme stay).
    """
    if result.dims != 2:
        raise ValueError(f"a contour needs two parameters, this result has {result.dims}")
    runs = list(range(result.runs)) if runs is None else list(runs)
    colors = list(colors) if colors else RUN_COLORS
    box = box or window(result, runs, step)
    grid = grid or pixel_grid(plt)
    plt.clear_data()
    levels = max(2, min(int(levels), len(LEVEL_COLORS)))
    _, lines = level_lines(result.problem, box, grid, levels)
    for t, (xs, ys) in enumerate(lines):
        if xs.size:
            color = LEVEL_COLORS[round(t * (len(LEVEL_COLORS) - 1) / max(len(lines) - 1, 1))]
            plt.scatter(xs.tolist(), ys.tolist(), marker=MARKER, color=color)
    for point, label in _special_points(result):
        if box.contains(np.array([point]))[0]:
            plt.scatter([point[0]], [point[1]], marker=MINIMUM, color=MINIMUM_COLOR, label=label)
    # paths: the longest first, so a short path that shares its start with a long one stays on top
    visible: dict[int, np.ndarray] = {}
    for r in sorted(runs, key=lambda r: -_travelled(run_path(result, r, step))):
        color = colors[r % len(colors)]
        for chain in clip_path(run_path(result, r, step), box):
            chain = thin(chain, box, grid)
            plt.plot(chain[:, 0].tolist(), chain[:, 1].tolist(), marker=MARKER, color=color)
            visible.setdefault(r, chain[:1])
    # then, in run order, each run's current point, which carries its legend entry
    for r in runs:
        color = colors[r % len(colors)]
        cur = run_path(result, r, step)[-1:]
        if np.all(np.isfinite(cur)) and box.contains(cur)[0]:
            plt.scatter([float(cur[0, 0])], [float(cur[0, 1])], marker=CURRENT, color=color, label=result.label(r))
        elif r in visible:  # it has left the window: the label goes on a point it drew
            p = visible[r]
            plt.scatter([float(p[0, 0])], [float(p[0, 1])], marker=MARKER, color=color, label=result.label(r))
    names = result.parameters
    plt.xlim(box.x0, box.x1)
    plt.ylim(box.y0, box.y1)
    plt.xlabel(names[0])
    plt.ylabel(names[1])
    if title is None:
        what = result.problem.text
        if what == "linreg":
            what = "L(w, b) = mean((w·x + b − y)²)"
        title = what + ("" if step is None else f" — step {step}")
    plt.title(title)
    return box


__all__ = [
    "LEVEL_COLORS", "RUN_COLORS", "Window", "clip_path", "draw_contour", "level_lines", "pixel_grid", "run_path",
    "thin", "window",
]
