"""SGD: plain gradient descent, heavy-ball momentum and Nesterov — torch.optim.SGD.

    g_k     = ∇f(x_k) + λ·x_k                                  (weight decay λ, L2)
    b_k     = g_k at k = 0, then μ·b_{k−1} + (1 − τ)·g_k        (momentum μ, dampening τ)
    x_{k+1} = x_k − η_k·b_k,   or with Nesterov   x_k − η_k·(g_k + μ·b_k)

With μ = 0 there is no buffer: x_{k+1} = x_k − η_k·g_k.

| parameter    | default | meaning                                              |
| ------------ | ------- | ---------------------------------------------------- |
| momentum     | 0       | μ (0.9 for ``momentum`` and ``nesterov``), in [0, 1) |
| dampening    | 0       | τ: the new gradient is scaled by 1 − τ, in [0, 1]    |
| nesterov     | false   | look ahead: step along g + μ·b (true for ``nesterov``) |
| weight_decay | 0       | λ, added to the gradient (L2)                        |

The three names are one rule with other defaults; a parsed optimizer is named by whichever
needs the fewest explicit parameters (``sgd:momentum=0.9`` is ``momentum``).

A cycling schedule (cyclic, onecycle) sets μ before every step, as torch writes
``group["momentum"]``: then even ``sgd`` is heavy-ball SGD, its buffer starting as a copy of g
at the first step whose μ ≠ 0; a step whose μ is 0 is a plain step that leaves the buffer be.

State: ``momentum_buffer`` = b (with momentum), written b in the formula line, "buf" in the
step table.
"""


from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import InputError
from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_closed_unit, in_unit, non_negative, spec_text
from .writing import Equation, Writer, wrap

__all__ = ["PLAIN", "SGD"]


def _params(momentum: float, nesterov: bool) -> dict[str, Param]:
    return {
        "momentum": Param("float", momentum, in_unit),  # μ
        "dampening": Param("float", 0.0, in_closed_unit),  # the new gradient is scaled by 1 − dampening
        "nesterov": Param("bool", nesterov),
        "weight_decay": Param("float", 0.0, non_negative),  # L2, added to the gradient
    }


@dataclass(frozen=True, eq=False)
class SGD(Optimizer):
    """torch's SGD: plain descent, heavy-ball momentum and Nesterov (sgd, momentum, nesterov)."""

    TABLE = {"sgd": _params(0.0, False), "momentum": _params(0.9, False), "nesterov": _params(0.9, True)}
    STATE = (Shown("momentum_buffer", "b", "buf"),)

    name: str = "sgd"
    params: dict[str, Any] = field(default_factory=lambda: {k: p.default for k, p in SGD.TABLE["sgd"].items()})

    @classmethod
    def build(cls, name: str, params: dict[str, Any]) -> SGD:
        if params["nesterov"] and (params["momentum"] <= 0 or params["dampening"] != 0):
            who = name if cls.TABLE[name]["nesterov"].default else f"{name} with nesterov=true"
            raise InputError(
                f"{who} needs momentum > 0 and dampening = 0, "
                f"got momentum={params['momentum']:g}, dampening={params['dampening']:g}",
                field="optimizer",
            )
        texts = [spec_text(n, params, cls.TABLE[n]) for n in (name, *cls.TABLE)]
        return cls(name=name, params=params, text=min(texts, key=lambda t: t.count("=")))

    CYCLES = "momentum"
    ABOUT = {"sgd": "plain gradient descent, x − η·g (torch's SGD)",
             "momentum": "heavy-ball momentum: a buffer b = μ·b + g, x − η·b",
             "nesterov": "Nesterov momentum: x − η·(g + μ·b)"}

    @cached_property  # asked on every step
    def is_plain(self) -> bool:
        return bool(self.params["momentum"] == 0.0 and self.params["weight_decay"] == 0.0 and self.cycled is None)

    @cached_property
    def explains(self) -> tuple[str, ...]:
        return ("momentum_buffer",) if self.params["momentum"] != 0.0 or self.cycled is not None else ()

    @cached_property
    def first(self) -> int | None:
        """The first step with μ ≠ 0, where the buffer starts as a copy of g (None: never)."""
        if self.cycled is None:
            return 0 if self.params["momentum"] != 0.0 else None
        moving = np.flatnonzero(self.cycled)
        return int(moving[0]) if moving.size else None

    def start(self, x0: Array) -> State:
        return {name: np.zeros(np.shape(x0)) for name in self.explains}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        if self.is_plain:  # the hot path: x − η·g, one temporary
            step = np.multiply(lr, g)
            return np.subtract(x, step, out=step)
        p = self.params
        wd = p["weight_decay"]
        mu = p["momentum"] if self.cycled is None else float(self.cycled[k])
        if wd != 0.0:
            g = wd * x + g  # grad.add(param, alpha=wd)
        if mu != 0.0:
            buf = state["momentum_buffer"]
            if k == self.first:
                buf[...] = g  # torch: the first buffer is a plain copy of the gradient
            else:
                buf *= mu
                damp = 1.0 - p["dampening"]
                if damp == 1.0:
                    buf += g
                else:
                    buf += damp * g
            if p["nesterov"]:
                g = mu * buf + g  # grad.add(buf, alpha=momentum)
            else:
                g = buf
        step = np.multiply(lr, g)
        return np.subtract(x, step, out=step)  # param.add_(grad, alpha=-lr)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        if self.is_plain:
            def plain(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
                return [xi - lr * gi for xi, gi in zip(x, g, strict=True)]

            return plain
        p = self.params
        wd, nesterov, first = p["weight_decay"], p["nesterov"], self.first
        momenta = None if self.cycled is None else self.cycled.tolist()
        damp = 1.0 - p["dampening"]
        buf = state.get("momentum_buffer", [])
        shown = log.get("momentum_buffer", [])

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            mu = p["momentum"] if momenta is None else momenta[k]
            out, new = [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                if mu != 0.0:
                    if k == first:
                        b = gi
                    elif damp == 1.0:
                        b = buf[i] * mu + gi
                    else:
                        b = buf[i] * mu + damp * gi
                    new.append(b)
                    gi = mu * b + gi if nesterov else b
                out.append(xi - lr * gi)
            if mu != 0.0:
                buf[:] = new
            if "momentum_buffer" in log:
                shown.extend(buf)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        eqs = w.weight_decay(float(p["weight_decay"]))
        mu = self.hyper(k)
        if mu == 0.0:
            return [*eqs, w.move(f"{w.eta}·{wrap(w.G)}", f"{fmt.num(w.lr)} × {fmt.operand(w.g)}")]
        b, bprev = w.state("momentum_buffer", k), w.state("momentum_buffer", k - 1)
        if b is None:
            return w.unwritten(eqs)
        B = w.at("b", k)
        MU = w.at("μ", k) if self.cycled is not None else "μ"
        if k == self.first or bprev is None:
            eqs.append(Equation(B, w.G, "", fmt.vec(b)))
        else:
            damp = 1.0 - float(p["dampening"])
            rule = f"{MU}·{w.at('b', k - 1)} + " + (w.G if damp == 1.0 else f"(1 − d)·{w.G}")
            nums = f"{fmt.num(mu)} × {fmt.operand(bprev)} + " + (
                fmt.operand(w.g) if damp == 1.0 else f"{fmt.num(damp)} × {fmt.operand(w.g)}"
            )
            eqs.append(Equation(B, rule, nums, fmt.vec(b)))
        if p["nesterov"]:
            ahead = f"{fmt.vec(w.g)} + {fmt.num(mu)} × {fmt.operand(b)}"
            eqs.append(w.move(f"{w.eta}·({w.G} + {MU}·{B})", f"{fmt.num(w.lr)} × ({ahead})"))
        else:
            eqs.append(w.move(f"{w.eta}·{B}", f"{fmt.num(w.lr)} × {fmt.operand(b)}"))
        return eqs


PLAIN = SGD()  # plain gradient descent, the default optimizer
