"""Which columns the step table shows for a run, and what goes in them.

Plain descent: x, f, f' and the step η·f'. With gradient noise, the noise ξ added at each
step and the step η·(f' + ξ). With a schedule or another optimizer the table
also shows η_k, the optimizer's state that explains the step (m̂ and v̂ for Adam, the
momentum buffer, …: ``result.state`` columns that are not all NaN for the run, headed as the
optimizer names them) and the actual move x_k − x_{k+1}. The regression model counts epochs.
When the table is narrow the least useful columns go first (``fitting``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len

if TYPE_CHECKING:
    from ..engine.result import Result
    from ..problem import Array

MIN_CELL = 6  # narrower than this, a column is dropped


@dataclass(frozen=True)
class Column:
    name: str  # the header
    short: str  # the header when cells are narrow
    keep: int  # higher: kept longer when the table is narrow
    value: Callable[[int], float | None]  # record k -> the value (None: blank)
    whole: bool = False  # a count (step, epoch): written in full


def shows_lr(result: Result, r: int) -> bool:
    """The η_k column: when a schedule is on, or when the optimizer is not plain descent (its
    step is not η·f', so η alone is worth seeing)."""
    return not result.schedule.is_constant or not result.optimizers[r].is_plain


def columns(result: Result, r: int) -> list[Column]:
    import numpy as np

    x, g, lr, last = result.x, result.grad, result.lr, int(result.stopped_at[r])
    sgd = result.optimizers[r].is_plain
    scheduled = not result.schedule.is_constant

    noisy = result.noisy

    def move(k: int) -> Array | None:  # the step from x_k (None: none was taken from the last record)
        return None if k >= last and (not sgd or noisy) else result.move(r, k, k + 1)[0]

    def noise(i: int) -> Callable[[int], float | None]:  # what was added to ∇f(x_k) (None at the last record)
        return lambda k: None if k >= last else float(result.noise_at(r, k, k + 1)[0, i])

    cols = [Column("step", "step", 100, lambda k: k, whole=True)]
    epoch = result.extra.get("epoch")
    if epoch is not None:
        if np.array_equal(epoch[r, : last + 1], np.arange(last + 1)):  # full batch: a step is an epoch
            cols[0] = Column("epoch", "epoch", 100, lambda k: k, whole=True)
        else:
            cols.append(Column("epoch", "ep", 85, lambda k: int(epoch[r, k]), whole=True))
    if result.dims == 1:
        cols += [
            Column("x", "x", 90, lambda k: x[r, k, 0]),
            Column("f(x)", "f", 50, lambda k: result.loss[r, k]),
            Column("f'(x)", "f'", 80 if sgd else 72, lambda k: g[r, k, 0]),  # m̂, v̂ explain more
        ]
        if shows_lr(result, r):
            cols.append(Column("η_k", "η_k", 70 if scheduled else 55, lambda k: lr[r, k]))
        shown = [n for n, v in result.state.items() if not np.all(np.isnan(v[r, : last + 1]))]
        for i, name in enumerate(shown):
            head = result.optimizers[r].shown(name).header
            cols.append(Column(head, _shortened(head), 78 - i, _cell(result.state[name], r, 0)))

        def moved(k: int) -> float | None:
            m = move(k)
            return None if m is None else float(m[0])

        if noisy:
            cols.append(Column("ξ", "ξ", 75, noise(0)))
        plain = Column("η·(f'+ξ)", "η·g̃", 85, moved) if noisy else Column("η·f'(x)", "η·f'", 85, moved)
        cols.append(plain if sgd else Column("x_k − x_k+1", "Δx", 85, moved))
        return cols
    names = result.parameters
    cols += [Column(n, n, 90, _cell(x, r, i)) for i, n in enumerate(names)]
    cols.append(Column("f", "f", 70, lambda k: result.loss[r, k]))
    cols += [Column(f"∂f/∂{n}", f"∂{n}", 80, _cell(g, r, i)) for i, n in enumerate(names)]
    if shows_lr(result, r):
        cols.append(Column("η_k", "η_k", 65 if scheduled else 45, lambda k: lr[r, k]))
    if noisy:
        cols += [Column(f"ξ_{n}", f"ξ{n}", 55, noise(i)) for i, n in enumerate(names)]

    def size(k: int) -> float | None:
        m = move(k)
        return None if m is None else math.hypot(*(float(v) for v in m))

    cols.append(Column("|step|", "|Δ|", 60 if not sgd else 40, size))
    return cols


def _shortened(header: str) -> str:
    """A state's header for narrow cells: whole when it fits the narrowest cell, else cut and marked …
    (E[Δx²] fits; amsgrad's max_v_hat is max_v…)."""
    if cell_len(header) <= MIN_CELL:
        return header
    return header[: MIN_CELL - 1] + "…"


def _cell(values: Array, r: int, i: int) -> Callable[[int], float]:
    """Record k -> values[r, k, i]."""
    return lambda k: float(values[r, k, i])


def fitting(cols: list[Column], width: int, step_width: int) -> tuple[list[Column], int]:
    """The columns that fit ``width`` with cells at least MIN_CELL wide (least useful dropped
    first, the order kept) and the width of a cell."""
    cols = list(cols)
    while True:
        cell = (width - 1 - step_width) // max(1, len(cols) - 1) - 1
        if cell >= MIN_CELL or len(cols) <= 3:
            return cols, max(cell, 4)
        cols.remove(min(cols[1:], key=lambda c: c.keep))


def cell_text(value: float | None, width: int) -> str:
    """A number in at most ``width`` characters: %g, then a short exponent form (4.5e-3)."""
    if value is None:
        return ""
    v = float(value)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    for digits in range(8, 0, -1):
        text = f"{v:.{digits}g}"
        if len(text) <= width:
            return text
    for digits in range(3, -1, -1):
        mant, exp = f"{v:.{digits}e}".split("e")
        text = f"{mant}e{int(exp)}"
        if len(text) <= width:
            return text
    return text
