"""Lion: every coordinate steps by η against the sign of a momentum — lion-pytorch's ``Lion``.

    x_k     ← x_k·(1 − η_k·λ)                         (decoupled weight decay λ)
    c_k     = β1·m_{k−1} + (1 − β1)·g_k               (g_k = ∇f(x_k); m_{−1} = 0)
    x_{k+1} = x_k − η_k·sign(c_k)
    m_k     = β2·m_{k−1} + (1 − β2)·g_k

The step interpolates the old momentum with the new gradient (β1), and only then is the
momentum updated (β2): the update uses m_{k−1}, not m_k. Whatever the gradient's size, a
coordinate moves by exactly η (its sign's), or not at all where c_k = 0 — so the effective η,
|Δx|/|f'|, is η/|f'|: large on a plateau, small on a wall.

| parameter    | default | meaning                                               |
| ------------ | ------- | ----------------------------------------------------- |
| beta1        | 0.9     | β1, how much of the old momentum the step's sign sees |
| beta2        | 0.99    | β2, the decay of the momentum m                       |
| weight_decay | 0       | λ, decoupled: x·(1 − η·λ) before the step             |

The package (``lion_pytorch.Lion``, 0.2.5) takes ``betas=(beta1, beta2)`` and accepts
0 ≤ β ≤ 1 with an ``assert``; lrtui refuses β = 1 too (a momentum that never forgets). It
multiplies x by 1 − η·λ on every step, with λ = 0 too (×1, no change), and computes
``exp_avg.clone().mul_(beta1).add(grad, alpha=1 − beta1).sgn_()`` (sign(0) = 0).

State: ``exp_avg`` = m, written m in the formula line and the step table.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, non_negative
from .writing import Equation, Writer

__all__ = ["Lion"]


def _sign(v: float) -> float:
    """np.sign on a float: 1, −1, 0 (a positive zero, as NumPy gives for −0) or nan."""
    return 1.0 if v > 0 else -1.0 if v < 0 else 0.0 if v == 0 else v


class Lion(Optimizer):
    UNCYCLED = "beta1"  # torch's OneCycleLR/CyclicLR would cycle it; lrtui refuses (no golden to follow)
    ABOUT = {"lion": "lion-pytorch's Lion: every coordinate steps by η against the sign of a momentum"}
    TABLE = {
        "lion": {
            "beta1": Param("float", 0.9, in_unit),  # the step's interpolation
            "beta2": Param("float", 0.99, in_unit),  # the momentum's decay
            "weight_decay": Param("float", 0.0, non_negative),  # decoupled
        },
    }
    STATE = (Shown("exp_avg", "m", "m"),)

    @property
    def decoupled_weight_decay(self) -> bool:
        return True

    def start(self, x0: Array) -> State:
        return {"exp_avg": np.zeros(np.shape(x0))}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2 = p["beta1"], p["beta2"]
        x = x * (1.0 - lr * p["weight_decay"])  # p.data.mul_(1 - lr * wd)
        m = state["exp_avg"]
        c = m * beta1
        c += (1.0 - beta1) * g  # exp_avg.clone().mul_(beta1).add(grad, alpha=1 - beta1)
        np.sign(c, out=c)  # .sgn_()
        c *= lr
        x -= c  # p.add_(update, alpha=-lr)
        m *= beta2
        m += (1.0 - beta2) * g  # exp_avg.mul_(beta2).add_(grad, alpha=1 - beta2)
        return x

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta1, beta2, wd = p["beta1"], p["beta2"], p["weight_decay"]
        w1, w2 = 1.0 - beta1, 1.0 - beta2
        kept, shown = state["exp_avg"], log["exp_avg"]

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            shrink = 1.0 - lr * wd
            out, new = [], []
            for i, gi in enumerate(g):
                m = kept[i]
                out.append(x[i] * shrink - _sign(m * beta1 + w1 * gi) * lr)
                new.append(m * beta2 + w2 * gi)
            kept[:] = new
            shown.extend(new)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        m, mprev = w.state("exp_avg", k), w.state("exp_avg", k - 1)
        if m is None:
            return w.unwritten()
        mprev = mprev if mprev is not None else [0.0] * len(m)
        beta1 = float(p["beta1"])
        signs = [_sign(a * beta1 + (1.0 - beta1) * b) for a, b in zip(mprev, w.g, strict=True)]
        S = w.at("s", k)
        eqs = [Equation(S, f"sign(β1·{w.at('m', k - 1)} + (1 − β1)·{w.G})",
                        f"sign({fmt.num(beta1)} × {fmt.operand(mprev)} + {fmt.num(1.0 - beta1)} × {fmt.operand(w.g)})",
                        fmt.vec(signs))]
        beta2 = float(p["beta2"])
        eqs.append(Equation(w.at("m", k), f"β2·{w.at('m', k - 1)} + (1 − β2)·{w.G}",
                            f"{fmt.num(beta2)} × {fmt.operand(mprev)} + {fmt.num(1.0 - beta2)} × {fmt.operand(w.g)}",
                            fmt.vec(m)))
        wd = float(p["weight_decay"])
        if wd:
            shrunk = f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(w.lr)} × {fmt.num(wd)})"
            eqs.append(Equation(w.Xn, f"{w.X}·(1 − {w.eta}·λ) − {w.eta}·{S}",
                                f"{shrunk} − {fmt.num(w.lr)} × {fmt.operand(signs)}", fmt.at(w.xn, operand=False)))
        else:
            eqs.append(w.move(f"{w.eta}·{S}", f"{fmt.num(w.lr)} × {fmt.operand(signs)}"))
        return eqs
