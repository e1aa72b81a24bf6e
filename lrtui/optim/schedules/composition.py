"""Schedules one after another, or one on top of another — torch's SequentialLR and ChainedScheduler.

    A then@N B then@M C    SequentialLR([A, B, C], milestones=[N, M]): A for k < N, B from N, C from M
    A and B                ChainedScheduler([A, B]): every step, A's step then B's, on the same η

Both replay torch 2.13 exactly, quirks included, from how each part treats the optimizer's group
(:mod:`.ops`, :class:`.base.Schedule`'s part methods):

* The parts are built first, in order, each doing its initial step on the group (A's, then B's…):
  a part's ``base_lrs`` is the group's ``initial_lr``, which the first part sets — OneCycleLR
  overwrites it with max_lr/div_factor, and CyclicLR first writes its base_lr as the lr; a cycling
  part writes the momentum there and then.
* SequentialLR then resets the lr to ``initial_lr`` and runs A's initial step again, so η_0 is A's.
  At a milestone it hands over: the next part's lr at its epoch 0 is its closed form from its
  base (``_update_lr(0)``), not a continuation of the lr it is given — ``exponential then@6
  exponential`` jumps back to η at step 6, a LinearLR starts at η·start_factor again — except a
  part with no closed form: LambdaLR gives η·f(0), and MultiplicativeLR multiplies the current
  η by f(0). From there the part steps on, its epoch counting from the milestone.
* ChainedScheduler has no initial step of its own: η_0 is what the parts' constructors left. Each
  step calls every part's step on the same lr: chainable parts multiply, a closed form
  (lambda, cyclic, onecycle, cosine_restarts) overwrites whatever came before it in the step —
  ``lambda and exponential`` is η·f(k)·γ (one γ, from that step alone), ``exponential and
  lambda`` is η·f(k).
* The momentum a cycling part writes stays in the group until another writes it: in
  SequentialLR a cycling part's last write at construction holds until a cycling part is active.

torch refuses plateau inside either (it needs the loss); lrtui refuses ``constant`` (no torch
scheduler: write ``constantlr:factor=1``), a recipe as a part (write its expansion), a part that
is itself a composition, and milestones that are not whole steps ≥ 1 in increasing order (torch
takes any order; its bisect then picks parts in ways nobody means).
"""


from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from ...errors import InputError
from ...problem import Array
from ..spec import Param
from .base import Schedule
from .ops import ADD, MULTIPLY, SET, Group, Ops, apply

__all__ = ["ChainedScheduler", "SequentialLR", "compose"]

BLOCK = 1 << 14  # steps of a ChainedScheduler interleaved at once (bounds the memory of its factors)


def _built(parts: tuple[Schedule, ...], eta: Array, steps: int) -> tuple[Group, list[Array]]:
    """The group after every part was built in order (each with its initial step), and the parts' bases."""
    group = Group.of(eta, steps)
    bases = []
    for part in parts:
        base = part.construct(group)
        bases.append(base)
        group.lr = part.first(base, group.lr, 0, group)[:, 0]  # its initial step
        written = part.part_momenta(0, group)
        if written is not None:
            group.momentum = float(written[0])
    return group, bases


@dataclass(frozen=True, eq=False)
class SequentialLR(Schedule):
    """``A then@N B …``: ``parts`` and their ``milestones`` (one fewer), each a step ≥ 1, increasing."""

    TABLE: ClassVar[dict[str, dict[str, Param]]] = {"then": {}}

    name: str = "then"
    parts: tuple[Schedule, ...] = field(default=(), kw_only=True)
    milestones: tuple[int, ...] = field(default=(), kw_only=True)

    def _segments(self, steps: int) -> list[tuple[int, int]]:
        """(first step, steps) of every part that the run reaches."""
        edges = [0, *self.milestones, steps + 1]
        return [(a, min(b, steps + 1) - a) for a, b in zip(edges, edges[1:], strict=False) if a <= steps]

    def _table(self, base: Array, steps: int) -> Array:
        group, bases = _built(self.parts, base, steps)
        assert group.initial_lr is not None
        out = np.empty((base.size, steps + 1))
        for i, (start, length) in enumerate(self._segments(steps)):
            part = self.parts[i]
            if i == 0:  # the reset to initial_lr, and A's initial step again
                out[:, :length] = part.first(bases[0], group.initial_lr, length - 1, group)
            else:
                out[:, start : start + length] = part.after_handover(bases[i], out[:, start - 1], length - 1, group)
        return out

    @property
    def cycles_momentum(self) -> bool:
        return any(p.cycles_momentum for p in self.parts)

    def momenta(self, steps: int) -> Array | None:
        if not self.cycles_momentum:
            return None
        group, _ = _built(self.parts, np.ones(1), steps)
        out = np.empty(steps + 1)
        for i, (start, length) in enumerate(self._segments(steps)):
            written = self.parts[i].part_momenta(length - 1, group)
            if written is not None:
                out[start : start + length] = written
            else:  # what was written last holds (at construction, or by the part before)
                out[start : start + length] = out[start - 1] if start else group.momentum
        return out


@dataclass(frozen=True, eq=False)
class ChainedScheduler(Schedule):
    """``A and B …``: every step, each part's step in order on the same lr."""

    TABLE: ClassVar[dict[str, dict[str, Param]]] = {"and": {}}

    name: str = "and"
    parts: tuple[Schedule, ...] = field(default=(), kw_only=True)

    def _table(self, base: Array, steps: int) -> Array:
        group, bases = _built(self.parts, base, steps)
        out = np.empty((base.size, steps + 1))
        out[:, 0] = group.lr  # no initial step of its own
        if steps == 0:
            return out
        ops = [part.ops(b, steps, group) for part, b in zip(self.parts, bases, strict=True)]
        closed = [i for i, o in enumerate(ops) if np.all(o.kind[1:] == SET)]
        if closed:  # every step starts afresh from the last closed form's value
            i = closed[-1]
            out[:, 1:] = ops[i].column(slice(1, None))
            for later in ops[i + 1 :]:
                _step_on(later, out[:, 1:])
            return out
        m = len(ops)
        for a in range(1, steps + 1, BLOCK):  # the parts' steps interleaved: one op list, applied in turn
            b = min(a + BLOCK, steps + 1)
            kind = np.stack([o.kind[a:b] for o in ops], axis=1).reshape(-1)
            shared = all(o.value.ndim == 1 for o in ops)  # factors alike for every run
            value: Array
            if shared:
                value = np.stack([o.value[a:b] for o in ops], axis=1).reshape(-1)
            else:
                value = np.stack([np.broadcast_to(o.column(slice(a, b)), (base.size, b - a)) for o in ops],
                                 axis=2).reshape(base.size, -1)
            mins = np.stack([np.broadcast_to(np.asarray(o.m, dtype=np.float64), (b - a,)) for o in ops],
                            axis=1).reshape(-1)
            out[:, a:b] = apply(Ops(kind, value, mins), out[:, a - 1])[:, m - 1 :: m]
        return out

    @property
    def cycles_momentum(self) -> bool:
        return any(p.cycles_momentum for p in self.parts)

    def momenta(self, steps: int) -> Array | None:
        if not self.cycles_momentum:
            return None
        group, _ = _built(self.parts, np.ones(1), steps)
        out = np.full(steps + 1, float(group.momentum) if group.momentum is not None else np.nan)
        for part in self.parts:  # the last cycling part's write wins every step
            written = part.part_momenta(steps, group)
            if written is not None:
                out[1:] = written[1:]
        return out


def _step_on(ops: Ops, lr: Array) -> None:
    """One part's step at every epoch 1..n at once, in place on the lr (runs, n) each epoch is given."""
    kind, value = ops.kind[1:], ops.column(slice(1, None))
    kinds = np.unique(kind)
    for k in kinds:
        at: slice | Array = slice(None) if kinds.size == 1 else kind == k  # one kind: no masks, no copies
        v = value[..., at]
        if k == MULTIPLY:
            lr[:, at] *= v
        elif k == SET:
            lr[:, at] = v
        elif k == ADD:
            lr[:, at] += v
        else:  # AFFINE, cosine's with its own eta_min: v·(lr − m) + m
            here = lr[:, at]
            here -= ops.m
            here *= v
            here += ops.m
            lr[:, at] = here


# -- the text: A then@N B [then@M C], A and B -------------------------------------------------------
_JOIN = re.compile(r"(?:(?<=\s)|^)(then@\S*|and)(?=\s|$)", re.IGNORECASE)


def compose(text: str, read: Callable[[str], Schedule]) -> Schedule:
    """``text`` as one schedule or a composition of several, each part read by ``read`` (which
    gets the part padded with blanks to its place, so its columns count in ``text``)."""
    if not isinstance(text, str):
        raise InputError(f"schedule must be text like NAME[:key=value,...], got {text!r}", field="schedule")
    joins = list(_JOIN.finditer(text))
    if not joins:
        return read(text)
    kinds = {m.group(1).lower() == "and" for m in joins}
    if len(kinds) > 1:
        at = next(m for m in joins if (m.group(1).lower() == "and") != (joins[0].group(1).lower() == "and"))
        raise InputError(f"a composition is made with then@ or with and, not both (at column {at.start() + 1})",
                         field="schedule", column=at.start() + 1)
    chained = kinds.pop()
    milestones: list[int] = []
    if not chained:  # the milestones first: "then@ 5 B" is a then@ without its number, not a schedule "5 B"
        for m in joins:
            milestones.append(_milestone(m, milestones))
    edges = [0, *(x for m in joins for x in (m.start(), m.end())), len(text)]
    parts: list[Schedule] = []
    for i in range(len(joins) + 1):
        a, b = edges[2 * i], edges[2 * i + 1]
        piece = text[a:b]
        if not piece.strip():
            where = joins[i - 1] if i == len(joins) else joins[i]
            side = "after" if i == len(joins) else "before"
            raise InputError(f"nothing {side} '{where.group(1)}': give a schedule on both sides, e.g. "
                             "linear:total_iters=5 then@5 cosine:t_max=50", field="schedule", column=where.start() + 1)
        part = read(" " * a + piece)
        _check_part(part, a + len(piece) - len(piece.lstrip()) + 1)
        parts.append(part)
    if chained:
        return ChainedScheduler(text=" and ".join(p.text for p in parts), parts=tuple(parts))
    texts = [parts[0].text] + [f"then@{n} {p.text}" for n, p in zip(milestones, parts[1:], strict=True)]
    return SequentialLR(text=" ".join(texts), parts=tuple(parts), milestones=tuple(milestones))


def _milestone(m: re.Match[str], before: list[int]) -> int:
    token, column = m.group(1), m.start() + 1
    number = token[len("then@"):]
    if not number:
        raise InputError("then@ needs the step where the next schedule takes over, e.g. then@10", field="schedule",
                         column=column)
    if not number.isdigit():
        raise InputError(f"{token}: the milestone must be a whole number of steps, e.g. then@10", field="schedule",
                         column=column)
    step = int(number)
    if step < 1:
        raise InputError(f"{token}: a milestone is a step ≥ 1 (at 0 the schedule before it would never run)",
                         field="schedule", column=column)
    if before and step <= before[-1]:
        raise InputError(f"{token} must come after then@{before[-1]}: the milestones must increase",
                         field="schedule", column=column)
    return step


def _check_part(part: Schedule, column: int) -> None:
    if part.is_constant:
        raise InputError("constant is no schedule of torch's and cannot be a part of a composition: "
                         "write constantlr:factor=1 to keep η", field="schedule", column=column)
    if part.expansion is not None:
        raise InputError(f"{part.name} is a recipe and cannot be a part of a composition: write its expansion, "
                         f"{part.expansion}", field="schedule", column=column)
    if not part.composable:
        raise InputError(f"{part.name} cannot be a part of a composition: torch's SequentialLR and "
                         "ChainedScheduler refuse ReduceLROnPlateau, whose step needs the loss", field="schedule",
                         column=column)
