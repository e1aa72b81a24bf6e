"""What every optimizer is: an update rule over a state kept outside it (optax's init/update pair).

    opt = parse_optimizer("adam:beta1=0.8")       # lrtui.optim.registry
    state = opt.start(x0)                         # x0: (runs, d); the state, a dict of (runs, d) arrays
    x_next = opt.update(x, g, lr, k, state)       # lr: (runs, 1) the η_k of each run; k = 0, 1, 2, ...
    opt.explain(state)                            # {"m_hat": (runs, d), "v_hat": (runs, d)}
    opt.explains                                  # ("m_hat", "v_hat"): the names explain gives

An optimizer's module (:mod:`lrtui.optim.sgd`, :mod:`~lrtui.optim.adam`, …) holds everything about
it, and an :class:`Optimizer` subclass says it all:

- ``TABLE``: the names it answers to, each with its parameters and their defaults (torch's);
- the rule on arrays, vectorized over runs (:meth:`~Optimizer.start`, :meth:`~Optimizer.update`);
- the state that explains a step (:meth:`~Optimizer.explain`, :attr:`~Optimizer.explains`), each
  with the symbol the written step uses and the step table's header (``STATE``, :class:`Shown`);
- the same rule on Python floats, bit for bit (:meth:`~Optimizer.on_floats`, optional: without
  it the loop on floats takes every step with the array rule);
- the arithmetic the formula line writes out (:meth:`~Optimizer.write`, optional: without it the
  line shows the state and the move x_{k+1} = x_k − Δ).

Every rule follows torch.optim's single-tensor implementation (``foreach=False``) in float64,
operation by operation, with the defaults and parameter names of torch. Scalars (bias
corrections, ``1 − β``, Adagrad's decayed η) are Python floats computed as torch computes them
(``bc2 ** 0.5``, not ``math.sqrt``). One difference cannot be removed without slowing every step
many times: torch's CPU kernels fuse ``a + α·b`` (``add(alpha=)``, ``addcmul``, ``lerp``) into
one FMA with a single rounding, even for one-element tensors, while NumPy rounds the product
and the sum separately. So a step agrees with torch to about one ulp, and trajectories to
~1e-15 relative wherever the iteration does not amplify rounding (tests/golden holds the
torch reference). The engine runs ``update`` under ``np.errstate(all="ignore")``; a diverging
run makes inf/nan here like in torch, and the engine turns them into statuses.

The registry (:mod:`lrtui.optim.registry`) lists the classes; nothing else names an optimizer.
What the rest of lrtui asks of one is a fact on the object: :attr:`~Optimizer.is_plain`,
:attr:`~Optimizer.explains`, :meth:`~Optimizer.shown`.

A cycled hyper-parameter. torch's CyclicLR and OneCycleLR write a momentum into the
optimizer's group before every step: ``group["momentum"]`` (SGD, RMSprop) or ``betas[0]`` (the
Adam family). A class names which with ``CYCLES`` ("momentum" or "beta1"; None: it has neither,
and torch refuses to cycle it). The engine hands such an optimizer the schedule's values, one a
step (:meth:`~Optimizer.cycling`), and both rules read step k's value with
:meth:`~Optimizer.hyper`; the written step shows that value. Like torch, a cycled plain SGD is
heavy-ball SGD: its buffer starts at the first step with a momentum ≠ 0.

Extension points, for what comes next:

- Rules that need every coordinate of a run (Prodigy, D-Adaptation): ``x`` and ``g`` are
  (runs, d), so a per-run sum is ``np.sum(…, axis=1, keepdims=True)``; per-run numbers are kept
  as (runs, d) state (repeated along d) so the recorders keep them like any other.
- Rules whose gradient is taken elsewhere than the point shown (schedule-free's y and x): the
  point ``update`` returns is where the next gradient is taken; what it averages is state.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, ClassVar

from ..errors import InputError
from ..problem import Array
from .spec import Param, Spec
from .writing import Equation, Writer

__all__ = ["FloatStep", "Lists", "Optimizer", "Shown", "State"]

State = dict[str, Array]  # name -> (runs, d)
Lists = dict[str, list[float]]  # one run's state on floats: name -> d floats (a log: d floats a step)
# one run's step on floats: (x_k, ∇f(x_k), η_k, k) -> x_{k+1}; may raise ArithmeticError or ValueError
FloatStep = Callable[[list[float], Sequence[float], float, int], list[float]]


@dataclass(frozen=True)
class Shown:
    """A state an optimizer explains its step with: its ``name`` (in :meth:`Optimizer.explain`,
    ``Result.state`` and the JSON), the ``symbol`` the written step uses and the step table's
    ``header``."""

    name: str
    symbol: str
    header: str
    scalar: bool = False  # one number per run (NAdam's μ product), kept repeated along the parameters


@dataclass(frozen=True, eq=False)
class Optimizer(Spec, ABC):
    """An update rule with its hyper-parameters (every one, defaults included).

    ``text`` is the canonical spec (``"adam:beta1=0.8"``): the same rule always has the
    same text, however it was typed (``SGD``, ``sgd:momentum=0`` and ``momentum:momentum=0``
    are all ``"sgd"``).
    """

    TABLE: ClassVar[dict[str, dict[str, Param]]]  # name -> its parameters, in order
    STATE: ClassVar[tuple[Shown, ...]] = ()  # every state it may explain its step with
    HINTS: ClassVar[dict[str, str]] = {"lr": " (the learning rates η are given separately)"}
    CYCLES: ClassVar[str | None] = None  # the parameter a cycling schedule sets each step: "momentum" or "beta1"
    REMARK: ClassVar[str | None] = None  # how the rule uses η, when the plain-descent limit 2/f'' says nothing of it

    cycled: Array | None = field(default=None, kw_only=True)  # (steps+1,) the cycled parameter at each step

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Optimizer:
        """The optimizer ``name`` (one of ``TABLE``) with ``params`` (every one, checked one by
        one); a family refuses combinations here (raise InputError, field "optimizer")."""
        return cls(name=name, params=params)

    def cycling(self, values: Array) -> Optimizer:
        """This optimizer with its ``CYCLES`` parameter set to ``values[k]`` before step k (a cycling
        schedule's table); raises InputError (field "schedule") when it has no such parameter."""
        if self.CYCLES is None:
            raise InputError(f"{self.text} has no momentum or beta1 to cycle: add cycle_momentum=false "
                             "(torch refuses it too)", field="schedule")
        return replace(self, cycled=values)

    def hyper(self, k: int) -> float:
        """The value of the ``CYCLES`` parameter at step k: the cycling schedule's, else its own."""
        if self.cycled is not None:
            return float(self.cycled[k])
        return float(self.params[self.CYCLES]) if self.CYCLES else 0.0

    @property
    def is_plain(self) -> bool:
        """Is the rule plain gradient descent, x ← x − η·∇f(x)?"""
        return False

    @property
    def decoupled_weight_decay(self) -> bool:
        """Does weight decay shrink x directly (AdamW) rather than add λ·x to the gradient (L2)?"""
        return False

    @cached_property  # asked on every step
    def explains(self) -> tuple[str, ...]:
        """The names :meth:`explain` gives with these parameters, in ``STATE``'s order."""
        return tuple(s.name for s in self.STATE)

    def shown(self, name: str) -> Shown:
        """How the state ``name`` is written: its symbol and header (the name itself when unknown)."""
        return next((s for s in self.STATE if s.name == name), Shown(name, name, name))

    @abstractmethod
    def start(self, x0: Array) -> State:
        """The state before the first step, for runs starting at x0 (runs, d)."""

    @abstractmethod
    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        """x_{k+1} from x_k, ∇f(x_k) and η_k (runs, 1); updates ``state`` in place, never x or g."""

    def explain(self, state: State) -> State:
        """The state that explains the step just taken (fresh arrays): by default, copies of the
        kept state named in :attr:`explains`."""
        names = self.explains
        return {name: state[name].copy() for name in names} if names else {}

    def on_floats(self, state: Lists, log: Lists) -> FloatStep | None:
        """The rule on one run's floats, or None to take every step with :meth:`update`.

        ``state`` holds :meth:`start`'s state as lists (one float per parameter), ``log`` an
        empty list for each name in :attr:`explains`. The step must compute exactly what
        :meth:`update` computes (the same operations in the same order: IEEE-754 rounds
        ``+ − * /`` and ``sqrt`` alike in Python and NumPy), write the new state into ``state``
        and append to ``log`` what :meth:`explain` would give — only once every operation of the
        step succeeded: where Python raises (0/0, the root of a negative) the loop takes that one
        step again with arrays, from the state before it."""
        return None

    def write(self, w: Writer) -> list[Equation]:
        """The equations of one step (:mod:`lrtui.optim.writing`): by default the state, then the
        move x_{k+1} = x_k − Δ."""
        return w.unwritten()
