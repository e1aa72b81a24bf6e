"""Recipes: the warm-ups and decays large training runs use, each exactly a composition of torch's
schedulers — its expansion, which the help and the docs show.

    warmup_cosine:warmup=W,t_max=T[,start_factor=S,eta_min=E]
        = linear:start_factor=S,end_factor=1,total_iters=W then@W cosine:t_max=T,eta_min=E
    wsd:warmup=W,stable=S,decay=D[,start_factor=s,end_factor=e]        (warmup, stable, decay)
        = linear:start_factor=s,total_iters=W then@W constantlr:factor=1,total_iters=S
          then@W+S linear:start_factor=1,end_factor=e,total_iters=D
    inverse_sqrt:warmup=W
        = lambda:f=min((k+1)/W, sqrt(W/(k+1)))

| recipe        | parameter    | default  | meaning                                    |
| ------------- | ------------ | -------- | ------------------------------------------ |
| warmup_cosine | warmup       | required | W, steps of the linear warm-up, ≥ 1        |
| warmup_cosine | t_max        | required | T, the cosine's steps from η down, ≥ 1     |
| warmup_cosine | start_factor | 0.01     | the warm-up's first factor, in (0, 1]      |
| warmup_cosine | eta_min      | 0        | the cosine's lowest η, ≥ 0                 |
| wsd           | warmup       | required | W, steps of the warm-up, ≥ 1               |
| wsd           | stable       | required | S, steps at η, ≥ 1                         |
| wsd           | decay        | required | D, steps of the linear decay, ≥ 1          |
| wsd           | start_factor | 0.01     | the warm-up's first factor, in (0, 1]      |
| wsd           | end_factor   | 0        | η's factor at the end of the decay, in [0, 1] |
| inverse_sqrt  | warmup       | required | W: η·(k+1)/W up to k = W − 1, then η·√(W/(k+1)) |

A recipe is its expansion, parsed by the same parser (:func:`lrtui.optim.registry.parse_schedule`):
the same numbers, the same refusals. As in torch's SequentialLR, the cosine of warmup_cosine
starts afresh at η at step W (its closed form at 0), and wsd's decay ends at e·η at step
W + S + D and stays there. A recipe is not a part of another composition: write its expansion.
"""


from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...problem import Array
from ..spec import REQUIRED, Param, _fmt, at_least_one, in_closed_unit, in_half_open_unit, non_negative
from .base import Schedule

__all__ = ["Recipe"]


def _expand(name: str, p: dict[str, Any]) -> str:
    if name == "warmup_cosine":
        w = p["warmup"]
        return (f"linear:start_factor={_fmt(p['start_factor'])},end_factor=1,total_iters={w} then@{w} "
                f"cosine:t_max={p['t_max']},eta_min={_fmt(p['eta_min'])}")
    if name == "wsd":
        w, s = p["warmup"], p["stable"]
        return (f"linear:start_factor={_fmt(p['start_factor'])},total_iters={w} then@{w} "
                f"constantlr:factor=1,total_iters={s} then@{w + s} "
                f"linear:start_factor=1,end_factor={_fmt(p['end_factor'])},total_iters={p['decay']}")
    w = p["warmup"]
    return f"lambda:f=min((k+1)/{w}, sqrt({w}/(k+1)))"


@dataclass(frozen=True, eq=False)
class Recipe(Schedule):
    TABLE = {
        "warmup_cosine": {
            "warmup": Param("int", REQUIRED, at_least_one),
            "t_max": Param("int", REQUIRED, at_least_one),
            "start_factor": Param("float", 0.01, in_half_open_unit),
            "eta_min": Param("float", 0.0, non_negative),
        },
        "wsd": {
            "warmup": Param("int", REQUIRED, at_least_one),
            "stable": Param("int", REQUIRED, at_least_one),
            "decay": Param("int", REQUIRED, at_least_one),
            "start_factor": Param("float", 0.01, in_half_open_unit),
            "end_factor": Param("float", 0.0, in_closed_unit),
        },
        "inverse_sqrt": {
            "warmup": Param("int", REQUIRED, at_least_one),
        },
    }
    ABOUT = {
        "warmup_cosine": "= linear:start_factor=S, end_factor=1, total_iters=W then@W cosine:t_max=T, eta_min=E",
        "wsd": "= linear:start_factor=s, total_iters=W then@W constantlr:factor=1, total_iters=S "
               "then@W+S linear:start_factor=1, end_factor=e, total_iters=D",
        "inverse_sqrt": "= lambda:f=min((k+1)/W, sqrt(W/(k+1)))",
    }
    composable = False

    inner: Schedule | None = field(default=None, kw_only=True)  # the expansion, parsed
    written: str = field(default="", kw_only=True)  # the expansion as the help writes it

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> Schedule:
        from ..registry import parse_schedule  # the registry lists this class: import on use

        written = _expand(name, params)
        return cls(name=name, params=params, inner=parse_schedule(written), written=written)

    @property
    def part(self) -> Schedule:
        assert self.inner is not None
        return self.inner

    @property
    def expansion(self) -> str:
        return self.written

    @property
    def cycles_momentum(self) -> bool:
        return self.part.cycles_momentum

    def _table(self, base: Array, steps: int) -> Array:
        return self.part.table(base, steps)

    def momenta(self, steps: int) -> Array | None:
        return self.part.momenta(steps)
