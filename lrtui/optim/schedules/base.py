"""What every schedule is: a table of η_k for every run and step, from each run's base η.

A family's module subclasses :class:`Schedule` with its ``TABLE`` (the names it answers to,
each with its parameters) and either ``factors`` (a chainable schedule: η_0 = η·f_0 and
η_k = η_{k−1}·f_k, multiplied as torch multiplies them, :func:`chain`) or ``_table`` (the η_k
of runs with base η ``base`` for k = 0..steps); the registry (:mod:`lrtui.optim.registry`) lists
the classes.

Besides η, a schedule may

* cycle the optimizer's momentum or β1 (torch's CyclicLR and OneCycleLR with
  ``cycle_momentum``): :meth:`Schedule.momenta` gives the value written before each step, the same
  for every run, and the engine hands it to the optimizer (:meth:`~lrtui.optim.optimizer.Optimizer.cycling`);
* react to the loss (ReduceLROnPlateau): :attr:`Schedule.follows_loss`; its table cannot be
  made ahead, so the engine asks it for η_{k+1} from f(x_k) during the descent
  (:mod:`.plateau`);
* be a part of a composition (``A then@N B``, ``A and B``, :mod:`.composition`), which replays
  torch's SequentialLR and ChainedScheduler on the parts. For that each part says how torch's
  scheduler of that kind treats the optimizer's group: what its constructor writes there
  (:meth:`Schedule.construct`), its epochs after an initial step (:meth:`Schedule.first`) or
  after SequentialLR's hand-over at a milestone (:meth:`Schedule.after_handover`), and, for
  ChainedScheduler, what each of its epochs does to the lr it is given (:meth:`Schedule.ops`).
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from ...problem import Array
from ..spec import Param, Spec
from .ops import Group, Ops, apply, chain

__all__ = ["Schedule", "chain"]


def _check_steps(steps: int) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 0:
        raise ValueError(f"steps must be an integer ≥ 0, got {steps!r}")
    return int(steps)


_IGNORES_LR: dict[tuple[str, str, int], bool] = {}  # Schedule.ignores_lr's answers


@dataclass(frozen=True, eq=False)
class Schedule(Spec, ABC):
    """η_k for every run and step, from each run's base η.

    ``text`` is the canonical spec (``"step:step_size=10,gamma=0.5"``; ``none`` and
    ``CONSTANT`` are ``"constant"``). ``is_constant``: η_k = η at every step.
    """

    TABLE: ClassVar[dict[str, dict[str, Param]]]  # name -> its parameters, in order
    ALIASES: ClassVar[dict[str, str]] = {}  # other names for one of TABLE's
    follows_loss: ClassVar[bool] = False  # η_{k+1} depends on f(x_k): no table ahead (plateau)
    composable: ClassVar[bool] = True  # may be a part of then@ / and (torch refuses plateau there)

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Schedule:
        """The schedule ``name`` (one of ``TABLE``) with ``params`` (every one, checked one by one)."""
        return cls(name=name, params=params)

    @property
    def is_constant(self) -> bool:
        return False

    @property
    def cycles_momentum(self) -> bool:
        """Does it write the optimizer's momentum or β1 before every step (:meth:`momenta`)?"""
        return False

    @property
    def expansion(self) -> str | None:
        """What a recipe stands for (``warmup_cosine`` → ``linear:… then@W cosine:…``); None otherwise."""
        return None

    def table(self, base_lrs: ArrayLike, steps: int) -> Array:
        """(runs, steps+1) float64: η_k of every run for k = 0..steps (raises InputError where
        torch would refuse the schedule over these steps, e.g. onecycle past total_steps)."""
        base = np.asarray(base_lrs, dtype=np.float64).reshape(-1)
        steps = _check_steps(steps)
        with np.errstate(all="ignore"):
            return self._table(base, steps)

    def ignores_lr(self, steps: int) -> bool:
        """Is η_k the same for every run over ``steps``, whatever its η (onecycle's max_lr or cyclic's
        base_lr given, or a composition of such)? Then a run's η is not used, as in torch. Found by
        tabling two bases (kept for a few schedules: a verdict asks once per run)."""
        if self.is_constant or self.follows_loss:
            return False
        key = (type(self).__name__, self.text, steps)
        found = _IGNORES_LR.get(key)
        if found is None:
            t = self.table(np.array([1.0, 2.0]), steps)
            found = bool(np.array_equal(t[0], t[1]))
            if len(_IGNORES_LR) >= 64:
                _IGNORES_LR.clear()
            _IGNORES_LR[key] = found
        return found

    def reaction(self, runs: int) -> Callable[[Array, Array], Array]:
        """A schedule that follows the loss (:attr:`follows_loss`): a function of every run's f(x_k)
        and η_k (runs,) giving η_{k+1}, keeping what it needs between calls (one per descent)."""
        raise NotImplementedError(f"{self.name} does not follow the loss")

    def reaction_on_floats(self) -> Callable[[float, float], float]:
        """The same for one run on Python floats, the same bits (one per run)."""
        raise NotImplementedError(f"{self.name} does not follow the loss")

    def momenta(self, steps: int) -> Array | None:
        """(steps+1,) the momentum or β1 written into the optimizer before each step k, or None
        when this schedule cycles none (every run has the same)."""
        return None

    # -- how the schedule is computed: chainable factors, or a table of its own ------------------
    def factors(self, n: int) -> Array | None:
        """(n+1,) torch's chainable factors: f_0 applied by the initial step, f_j by step j (None:
        the schedule is no product of factors)."""
        return None

    def _table(self, base: Array, steps: int) -> Array:
        factors = self.factors(steps)
        if factors is None:  # pragma: no cover - every class gives one or the other
            raise NotImplementedError(type(self).__name__)
        return chain(base, factors)

    # -- as a part of a composition (torch's LRScheduler protocol, on every run at once) ---------
    def construct(self, group: Group) -> Array:
        """What the scheduler's constructor does to the optimizer's group; returns its base_lrs
        (every run's). Most only set ``initial_lr`` unless it is set (torch's setdefault)."""
        return group.setdefault_initial()

    def first(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        """(runs, n+1) its epochs 0..n, epoch 0 by its initial step on the group's lr ``lr``."""
        factors = self.factors(n)
        if factors is not None:
            return chain(lr, factors)
        return self.table(base, n)

    def handover(self, base: Array, lr: Array, group: Group) -> Array:
        """(runs,) its lr at epoch 0 when SequentialLR hands over to it (``_update_lr(0)``): its
        closed form at 0 from ``base`` (``lr`` is the group's lr before)."""
        return self.table(base, 0)[:, 0]

    def after_handover(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        """(runs, n+1) its epochs 0..n after SequentialLR handed over to it."""
        start = self.handover(base, lr, group)
        factors = self.factors(n)
        if factors is not None:
            rest = factors.copy()
            rest[0] = 1.0
            return chain(start, rest)
        out = self.table(base, n)
        out[:, 0] = start
        return out

    def ops(self, base: Array, n: int, group: Group) -> Ops:
        """What each of its epochs 0..n does to the lr it is given (ChainedScheduler steps every
        part on the same lr): a factor (chainable) or a value (closed form)."""
        factors = self.factors(n)
        if factors is not None:
            return Ops.multiply(factors)
        return Ops.set(self.table(base, n))

    def part_momenta(self, n: int, group: Group) -> Array | None:
        """(n+1,) the momentum it writes at its epochs 0..n as a part (None: it writes none)."""
        return None

    def values(self, base: Array, lr: Array, n: int, group: Group) -> Array:
        """Its epochs 0..n applied one by one to ``lr`` (what :meth:`ops` says): the general route."""
        return apply(self.ops(base, n, group), lr)
