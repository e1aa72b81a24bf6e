"""The sweep as a chart: final loss against η on a log axis, with the critical and suggested η.

    draw_sweep(plt, sweep)            # a lrtui.sweep.Sweep
    draw_range_test(plt, test)        # a lrtui.sweep.RangeTest

``plt`` is a plotext figure-like object (textual-plotext's ``PlotextPlot.plt`` or the
``plotext`` module). Points are grouped by status, each with its own colour and legend
entry; runs whose final loss is not finite (or, on a log axis, not positive) are drawn at the
top edge so they still show where η breaks down. The critical η and the suggested η are
vertical lines with legend entries ("critical η = …", "suggested η = …").

Pure drawing: plotext only, no textual.
"""

from __future__ import annotations

import math

import numpy as np

MARKER = "hd"
STATUS_STYLE = {  # status -> (label, colour)
    "converged": ("converged", (0, 200, 140)),
    "max_steps": ("still moving", (86, 180, 233)),
    "diverged": ("diverged (drawn at the top)", (213, 94, 0)),
    "left_domain": ("left the domain (at the top)", (204, 121, 167)),
}
CRITICAL_COLOR = (230, 60, 60)
SUGGESTED_COLOR = (240, 228, 66)
STEEP_COLOR = (240, 228, 66)
LOSS_COLOR = (86, 180, 233)
SMOOTH_COLOR = (230, 159, 0)


def _y_axis(values: np.ndarray) -> tuple[bool, float, float]:
    """(log?, bottom, top) for the finite values: log when all are positive and span > 1000×."""
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return False, 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    if lo > 0 and hi / lo > 1e3:
        return True, lo, hi
    if hi == lo:
        pad = max(abs(hi), 1.0) * 0.5
        return False, lo - pad, hi + pad
    return False, lo, hi


def _log_ticks(lo: float, hi: float, most: int = 7) -> tuple[list[float], list[str]]:
    """Decade ticks 10^k between lo and hi (every other decade, or fewer, when there are many)."""
    a, b = math.ceil(math.log10(lo) - 1e-9), math.floor(math.log10(hi) + 1e-9)
    if b < a:
        return [lo, hi], [f"{lo:.3g}", f"{hi:.3g}"]
    stride = max(1, math.ceil((b - a + 1) / most))
    ks = list(range(a, b + 1, stride))
    return [10.0**k for k in ks], [f"{10.0**k:g}" if -4 <= k <= 4 else f"1e{k}" for k in ks]


def _log_limits(left: float, right: float) -> tuple[float, float]:
    """plotext 5.3.2 takes the limits of a log axis in log10 units (the data it converts itself)."""
    return math.log10(left), math.log10(right)


def _limits(bottom: float, top: float, log_y: bool) -> tuple[float, float]:
    """Axis limits a little beyond [bottom, top] (plotext drops a labelled series with no point
    in view and then fails to draw the legend), in log10 units on a log axis."""
    if log_y:
        lo, hi = math.log10(bottom), math.log10(top)
        pad = 0.01 * max(hi - lo, 1e-3)
        return lo - pad, hi + pad
    pad = 0.01 * ((top - bottom) or max(abs(top), 1.0))
    return bottom - pad, top + pad


def _vline(plt, x: float, bottom: float, top: float, color, label: str | None) -> None:
    plt.plot([x, x], [bottom, top], marker=MARKER, color=color, label=label)


def draw_sweep(plt, sweep, title: str | None = None, legend: bool = True) -> list[tuple[str, tuple]]:
    """Final loss against η (log x), coloured by status, with the critical and suggested η.

    Returns the legend's (label, colour) entries; ``legend=False`` leaves them out of the chart
    (plotext puts its legend at the top left, over the small η's points) for the caller to show."""
    entries: list[tuple[str, tuple]] = []
    lrs = np.asarray(sweep.lrs, dtype=np.float64)
    loss = np.asarray(sweep.final_loss, dtype=np.float64)
    status = [getattr(s, "value", s) for s in sweep.status]
    stable = np.array([s in ("converged", "max_steps") for s in status])
    # the axis follows the runs that ended stably; the others sit at its top edge
    basis = loss[stable & np.isfinite(loss)] if (stable & np.isfinite(loss)).any() else loss
    ylabel = "final loss"
    finite = basis[np.isfinite(basis)]
    if finite.size and finite.min() <= 0 and finite.max() - finite.min() > 1e3 * (1 + abs(float(np.median(finite)))):
        # losses of both signs over many decades: draw the distance to the lowest, on a log axis
        lowest = float(finite.min())
        tiny = 1e-12 * (1 + abs(lowest))
        loss = np.maximum(loss - lowest, tiny)
        basis = np.maximum(basis - lowest, tiny)
        ylabel = f"final loss − lowest ({lowest:.4g})"
    log_y, bottom, top = _y_axis(basis)
    if log_y:
        basis_pos = basis[basis > 0]
        bottom, top = float(basis_pos.min()), float(basis_pos.max())
    span = (math.log10(top) - math.log10(bottom)) if log_y else (top - bottom)
    ceiling = top * 10 ** (0.08 * span) if log_y else top + 0.08 * span
    drawn = loss.copy()
    off = ~np.isfinite(drawn) | (drawn > ceiling) | (~stable)
    if log_y:
        off |= drawn <= 0
    drawn[off] = ceiling
    plt.clear_data()
    plt.xscale("log")
    if log_y:
        plt.yscale("log")
    for key, (label, color) in STATUS_STYLE.items():
        idx = [i for i, s in enumerate(status) if s == key]
        if idx:
            plt.scatter(lrs[idx].tolist(), drawn[idx].tolist(), marker=MARKER, color=color,
                        label=label if legend else None)
            entries.append((label, color))
    floor = bottom
    if sweep.critical_lr is not None and lrs[0] <= sweep.critical_lr <= lrs[-1]:
        label = f"critical η = {sweep.critical_lr:.4g}"
        _vline(plt, float(sweep.critical_lr), floor, ceiling, CRITICAL_COLOR, label if legend else None)
        entries.append((label, CRITICAL_COLOR))
    if sweep.suggested_lr is not None:
        label = f"suggested η = {sweep.suggested_lr:.4g}"
        _vline(plt, float(sweep.suggested_lr), floor, ceiling, SUGGESTED_COLOR, label if legend else None)
        entries.append((label, SUGGESTED_COLOR))
    plt.xlim(*_log_limits(float(lrs[0]), float(lrs[-1])))
    plt.xticks(*_log_ticks(float(lrs[0]), float(lrs[-1])))
    plt.ylim(*_limits(floor, ceiling, log_y))
    if log_y:
        plt.yticks(*_log_ticks(floor, ceiling))  # a hair beyond: every labelled series stays in view
    plt.xlabel("η")
    plt.ylabel(ylabel)
    plt.title(title if title is not None else f"final loss after the sweep ({lrs.size} η)")
    return entries


def draw_range_test(plt, test, title: str | None = None) -> None:
    """The range test: loss and smoothed loss against η (log x), the steep η marked."""
    lr = np.asarray(test.lr, dtype=np.float64)
    loss = np.asarray(test.loss, dtype=np.float64)
    smoothed = np.asarray(test.smoothed, dtype=np.float64)
    both = np.concatenate([loss, smoothed])
    log_y, bottom, top = _y_axis(both)
    if log_y:
        pos = both[np.isfinite(both) & (both > 0)]
        bottom, top = float(pos.min()), float(pos.max())
    plt.clear_data()
    plt.xscale("log")
    if log_y:
        plt.yscale("log")
    for values, color, label in ((loss, LOSS_COLOR, "loss"), (smoothed, SMOOTH_COLOR, "smoothed (β = 0.98)")):
        ok = np.isfinite(values) & ((values > 0) if log_y else True)
        if ok.any():
            plt.plot(lr[ok].tolist(), values[ok].tolist(), marker=MARKER, color=color, label=label)
    if test.steep_lr is not None:
        _vline(plt, float(test.steep_lr), bottom, top, STEEP_COLOR, f"steep η = {test.steep_lr:.4g}")
    plt.xlim(*_log_limits(float(lr[0]), float(lr[-1])))
    plt.xticks(*_log_ticks(float(lr[0]), float(lr[-1])))
    plt.ylim(*_limits(bottom, top, log_y))
    if log_y:
        plt.yticks(*_log_ticks(bottom, top))
    plt.xlabel("η")
    plt.ylabel("loss")
    plt.title(title if title is not None else "LR range test: η grows within one run")


__all__ = ["draw_range_test", "draw_sweep"]
