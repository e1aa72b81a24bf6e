"""What torch's schedulers do to the optimizer's param group, epoch by epoch, for every run at once.

A composition (:mod:`.composition`) replays torch's SequentialLR and ChainedScheduler on its
parts, and torch's parts act on one shared group: a constructor may write the group's lr,
``initial_lr`` (OneCycleLR overwrites it), the momentum bounds; each ``step()`` turns the group's
lr into the next. :class:`Group` is that group, as arrays over runs. :class:`Ops` says what a
part's epochs 0..n do to the lr they are given, in one of four ways torch's ``get_lr`` has:

==========  =====================  ===============================================
kind        the new lr              who
==========  =====================  ===============================================
MULTIPLY    lr·f                    the chainable ones (StepLR, LinearLR, …)
SET         v                       the closed forms (LambdaLR, CyclicLR, OneCycleLR…)
AFFINE      r·(lr − m) + m          CosineAnnealingLR with eta_min = m > 0
ADD         lr + c                  CosineAnnealingLR at the top of each period
==========  =====================  ===============================================

:func:`apply` runs a list of them on every run's lr, each operation rounded as torch rounds it:
a stretch of factors is one cumulative product (:func:`lrtui.optim.schedules.base.chain`'s
rounding), a stretch of values is copied, and only affine steps go one at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from ...problem import Array

__all__ = ["ADD", "AFFINE", "MULTIPLY", "SET", "Group", "Ops", "apply", "chain"]

MULTIPLY, SET, AFFINE, ADD = 0, 1, 2, 3


def chain(base: Array, factors: Array) -> Array:
    """η_0 = η·f_0 and η_k = η_{k−1}·f_k, rounded step by step like torch's chainable form.

    base (runs,), factors (n,) -> (runs, n). One cumprod over the factors that are not 1.
    """
    change = factors != 1.0
    if np.count_nonzero(change) * 4 >= factors.size:  # dense: accumulate in the output itself
        out = np.empty((base.size, factors.size))
        out[:, 0] = base * factors[0]
        out[:, 1:] = factors[1:]
        np.multiply.accumulate(out, axis=1, out=out)
        return out
    nz = np.flatnonzero(change)  # sparse (step decays): multiply only where it changes
    vals = np.empty((base.size, nz.size + 1))
    vals[:, 0] = base
    vals[:, 1:] = factors[nz]
    np.multiply.accumulate(vals, axis=1, out=vals)
    return np.take(vals, np.cumsum(change), axis=1)


@dataclass
class Group:
    """The optimizer's param group as torch's schedulers read and write it (one value per run).

    ``eta``: every run's η, the optimizer's lr as given; ``lr``: the group's lr now;
    ``initial_lr``: set by the first constructor (setdefault), overwritten by OneCycleLR's;
    ``onecycle``: OneCycleLR's ``initial_lr``/``max_lr``/``min_lr``, as the last one wrote them;
    ``bounds``: ``max_momentum``/``base_momentum``, as the last cycling constructor wrote them;
    ``momentum``: the momentum or β1 last written (None: the optimizer's own)."""

    eta: Array
    lr: Array
    steps: int = 0  # the run's steps (onecycle's total_steps is steps + 1 by default)
    initial_lr: Array | None = None
    onecycle: dict[str, Array] = field(default_factory=dict)
    bounds: dict[str, float] = field(default_factory=dict)
    momentum: float | None = None

    @classmethod
    def of(cls, eta: Array, steps: int) -> Group:
        return cls(eta=eta, lr=eta.copy(), steps=steps)

    def setdefault_initial(self) -> Array:
        """torch's ``group.setdefault("initial_lr", group["lr"])``; the base_lrs it gives."""
        if self.initial_lr is None:
            self.initial_lr = self.lr.copy()
        return self.initial_lr


@dataclass(frozen=True)
class Ops:
    """What epochs 0..n do to the lr: ``kind`` (n+1,) and ``value`` (n+1,) or (runs, n+1), the
    factor, value, ratio or increment of each; ``m``: the AFFINE steps' eta_min (one, or one each)."""

    kind: NDArray[np.int8]
    value: Array
    m: float | Array = 0.0

    @classmethod
    def multiply(cls, factors: Array) -> Ops:
        return cls(np.full(factors.size, MULTIPLY, dtype=np.int8), factors)

    @classmethod
    def set(cls, values: Array) -> Ops:
        return cls(np.full(values.shape[-1], SET, dtype=np.int8), values)

    @property
    def size(self) -> int:
        return int(self.kind.size)

    def column(self, j: int | slice) -> Array:
        return self.value[..., j]


def _stretches(kind: NDArray[np.int8]) -> list[tuple[int, int, int]]:
    """(start, stop, kind) of every maximal run of equal kinds."""
    edges = np.flatnonzero(np.diff(kind)) + 1
    starts = np.concatenate([[0], edges])
    stops = np.concatenate([edges, [kind.size]])
    return [(int(a), int(b), int(kind[a])) for a, b in zip(starts, stops, strict=True)]


LONG = 8  # a stretch of factors at least this long is one cumulative product; shorter ones go step by step


def apply(ops: Ops, lr: Array) -> Array:
    """(runs, n+1): every run's lr after each of the epochs, starting from ``lr`` (runs,)."""
    out = np.empty((lr.size, ops.size))
    current = lr
    ms = np.broadcast_to(np.asarray(ops.m, dtype=np.float64), (ops.size,)).tolist()
    by_epoch = ops.value.T if ops.value.ndim == 2 else ops.value.tolist()  # a row (or a number) per epoch
    for start, stop, kind in _stretches(ops.kind):
        value = ops.column(slice(start, stop))
        if kind == MULTIPLY and stop - start >= LONG:
            if value.ndim == 1:
                out[:, start:stop] = chain(current, value)
            else:  # per-run factors: one cumulative product per run
                block = np.empty((lr.size, stop - start + 1))
                block[:, 0] = current
                block[:, 1:] = value
                np.multiply.accumulate(block, axis=1, out=block)
                out[:, start:stop] = block[:, 1:]
        elif kind == SET:
            out[:, start:stop] = value
        else:  # affine steps, increments, and short stretches of factors: one at a time
            for j in range(start, stop):
                v = by_epoch[j]
                if kind == MULTIPLY:
                    current = current * v
                elif kind == AFFINE:
                    current = v * (current - ms[j]) + ms[j]
                else:
                    current = current + v
                out[:, j] = current
        current = out[:, stop - 1]
    return out

