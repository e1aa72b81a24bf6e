"""Adagrad: each coordinate's step shrinks with the sum of its squared gradients — torch.optim.Adagrad.

    g_k     = ∇f(x_k) + λ·x_k                        (weight decay λ, L2)
    s_k     = s_{k−1} + g_k²                         (s_{−1} = initial_accumulator_value)
    x_{k+1} = x_k − η_k/(1 + k·δ) · g_k/(√s_k + ε)   (lr_decay δ)

| parameter                 | default | meaning                          |
| ------------------------- | ------- | -------------------------------- |
| lr_decay                  | 0       | δ: η_k / (1 + k·δ)               |
| initial_accumulator_value | 0       | s₋₁, the starting sum of g²      |
| eps                       | 1e-10   | ε, added to the root             |
| weight_decay              | 0       | λ, added to the gradient (L2)    |

State: ``sum`` = s, written s in the formula line, "Σg²" in the step table.
"""


from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, non_negative
from .writing import Equation, Writer, wrap

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    TABLE = {
        "adagrad": {
            "lr_decay": Param("float", 0.0, non_negative),  # η_k = η / (1 + k·lr_decay)
            "initial_accumulator_value": Param("float", 0.0, non_negative),  # the starting sum of g²
            "eps": Param("float", 1e-10, non_negative),
            "weight_decay": Param("float", 0.0, non_negative),
        },
    }
    STATE = (Shown("sum", "s", "Σg²"),)
    ABOUT = {"adagrad": "each coordinate's step divided by the root of its summed g²"}

    def start(self, x0: Array) -> State:
        return {"sum": np.full(np.shape(x0), float(self.params["initial_accumulator_value"]))}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        s = state["sum"]
        s += g * g  # state_sum.addcmul_(grad, grad, value=1)
        std = np.sqrt(s)
        std += p["eps"]
        decay = 1 + k * p["lr_decay"]  # step - 1 == k
        clr = lr if decay == 1.0 else lr / decay
        t = np.multiply(clr, g)
        t /= std
        return np.subtract(x, t, out=t)  # param.addcdiv_(grad, std, value=-clr)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        wd, eps, lr_decay = p["weight_decay"], p["eps"], p["lr_decay"]
        total, shown = state["sum"], log["sum"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            decay = 1 + k * lr_decay
            clr = lr if decay == 1.0 else lr / decay
            out, new = [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                s = total[i] + gi * gi
                new.append(s)
                out.append(xi - clr * gi / (sqrt(s) + eps))
            total[:] = new
            shown.extend(new)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        eqs = w.weight_decay(float(p["weight_decay"]))
        s = w.state("sum", k)
        if s is None:
            return w.unwritten(eqs)
        sprev = w.state("sum", k - 1) or [float(p["initial_accumulator_value"])] * len(w.x)
        S = w.at("s", k)
        eqs.append(Equation(S, f"{w.at('s', k - 1) if k else 's₋₁'} + {wrap(w.G)}²",
                            f"{fmt.vec(sprev)} + {fmt.squared(w.g)}", fmt.vec(s)))
        eps, decay = float(p["eps"]), float(p["lr_decay"])
        step_lr = f"{w.eta}/(1 + {k}·δ)" if decay else w.eta
        lr_num = f"{fmt.num(w.lr)}/(1 + {k} × {fmt.num(decay)})" if decay else fmt.num(w.lr)
        eqs.append(w.move(f"{step_lr}·{wrap(w.G)}/(√{S} + ε)",
                          f"{lr_num} × {fmt.operand(w.g)}/({fmt.root(s)} + {fmt.num(eps)})"))
        return eqs
