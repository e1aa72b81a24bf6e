"""RMSprop: divide the step by a running root mean square of the gradient — torch.optim.RMSprop.

    g_k     = ∇f(x_k) + λ·x_k                        (weight decay λ, L2)
    v_k     = α·v_{k−1} + (1 − α)·g_k²               (v_{−1} = 0)
    ḡ_k     = α·ḡ_{k−1} + (1 − α)·g_k                (centered only; ḡ_{−1} = 0)
    d_k     = √v_k + ε,   or centered   √(v_k − ḡ_k²) + ε
    b_k     = μ·b_{k−1} + g_k/d_k                    (momentum μ > 0 only; b_{−1} = 0)
    x_{k+1} = x_k − η_k·b_k,   or without momentum   x_k − η_k·g_k/d_k

| parameter    | default | meaning                                       |
| ------------ | ------- | --------------------------------------------- |
| alpha        | 0.99    | α, the decay of the mean of g², in [0, 1)     |
| eps          | 1e-8    | ε, added to the root                          |
| momentum     | 0       | μ, in [0, 1)                                  |
| centered     | false   | divide by the variance estimate √(v − ḡ²)     |
| weight_decay | 0       | λ, added to the gradient (L2)                 |

State: ``square_avg`` = v ("E[g²]" in the step table), with ``centered`` also ``grad_avg`` = ḡ
("E[g]"), with momentum also ``momentum_buffer`` = b ("buf"). A cycling schedule sets μ before
every step (torch's ``group["momentum"]``), so even μ = 0 gains the buffer.
"""


from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from ..problem import Array
from .lerp import lerp, lerp_
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, non_negative
from .writing import Equation, Writer, wrap

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    TABLE = {
        "rmsprop": {
            "alpha": Param("float", 0.99, in_unit),  # decay of the mean of g²
            "eps": Param("float", 1e-8, non_negative),
            "momentum": Param("float", 0.0, in_unit),
            "centered": Param("bool", False),  # divide by the variance estimate instead
            "weight_decay": Param("float", 0.0, non_negative),
        },
    }
    STATE = (Shown("square_avg", "v", "E[g²]"), Shown("grad_avg", "ḡ", "E[g]"), Shown("momentum_buffer", "b", "buf"))
    CYCLES = "momentum"
    ABOUT = {"rmsprop": "the step divided by a running root mean square of g"}

    @cached_property
    def explains(self) -> tuple[str, ...]:
        centered = bool(self.params["centered"])
        momentum = bool(self.params["momentum"] > 0) or self.cycled is not None
        return ("square_avg",) + ("grad_avg",) * centered + ("momentum_buffer",) * momentum

    def start(self, x0: Array) -> State:
        return {name: np.zeros(np.shape(x0)) for name in self.explains}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        alpha = p["alpha"]
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        sq = state["square_avg"]
        sq *= alpha
        t = (1 - alpha) * g
        t *= g
        sq += t  # square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if p["centered"]:
            ga = state["grad_avg"]
            lerp_(ga, g, 1 - alpha)
            avg = np.multiply(ga, ga)
            np.subtract(sq, avg, out=avg)
            np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(sq)
        avg += p["eps"]
        momentum = p["momentum"] if self.cycled is None else float(self.cycled[k])
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf *= momentum
            buf += g / avg  # buf.mul_(momentum).addcdiv_(grad, avg)
            step = np.multiply(lr, buf)
        else:
            step = np.multiply(lr, g)
            step /= avg  # param.addcdiv_(grad, avg, value=-lr)
        return np.subtract(x, step, out=step)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        alpha, eps, centered, wd = p["alpha"], p["eps"], p["centered"], p["weight_decay"]
        momenta = None if self.cycled is None else self.cycled.tolist()
        square_avg, grad_avg, buf = state["square_avg"], state.get("grad_avg", []), state.get("momentum_buffer", [])
        shown = [(state[name], log[name]) for name in self.explains]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            momentum = p["momentum"] if momenta is None else momenta[k]
            out, sq, ga, new = [], [], [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                v = square_avg[i] * alpha + (1 - alpha) * gi * gi
                sq.append(v)
                if centered:
                    a = lerp(grad_avg[i], gi, 1 - alpha)
                    ga.append(a)
                    avg = sqrt(v - a * a) + eps
                else:
                    avg = sqrt(v) + eps
                if momentum > 0:
                    b = buf[i] * momentum + gi / avg
                    new.append(b)
                    out.append(xi - lr * b)
                else:
                    out.append(xi - lr * gi / avg)
            square_avg[:] = sq
            if centered:
                grad_avg[:] = ga
            if momentum > 0:
                buf[:] = new
            for kept, shows in shown:
                shows.extend(kept)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        eqs = w.weight_decay(float(p["weight_decay"]))
        v = w.state("square_avg", k)
        if v is None:
            return w.unwritten(eqs)
        G = wrap(w.G)
        eqs.append(_mean(w, float(p["alpha"]), "square_avg", "v", f"{G}²", fmt.squared(w.g), v))
        V, eps = w.at("v", k), fmt.num(float(p["eps"]))
        if p["centered"]:
            ga = w.state("grad_avg", k)
            if ga is None:
                return w.unwritten(eqs)
            eqs.append(_mean(w, float(p["alpha"]), "grad_avg", "ḡ", G, fmt.operand(w.g), ga))
            A = w.at("ḡ", k)
            root, roots = f"√({V} − {A}²)", f"√({fmt.vec(v)} − {fmt.squared(ga)})"
        else:
            root, roots = f"√{V}", fmt.root(v)
        momentum = self.hyper(k)
        if momentum > 0:
            b = w.state("momentum_buffer", k)
            if b is None:
                return w.unwritten(eqs)
            B, bprev = w.at("b", k), w.state("momentum_buffer", k - 1) or [0.0] * len(b)
            MU = w.at("μ", k) if self.cycled is not None else "μ"
            eqs.append(Equation(B, f"{MU}·{w.at('b', k - 1)} + {G}/({root} + ε)",
                                f"{fmt.num(momentum)} × {fmt.operand(bprev)} + "
                                f"{fmt.operand(w.g)}/({roots} + {eps})", fmt.vec(b)))
            eqs.append(w.move(f"{w.eta}·{B}", f"{fmt.num(w.lr)} × {fmt.operand(b)}"))
        else:
            eqs.append(w.move(f"{w.eta}·{G}/({root} + ε)", f"{fmt.num(w.lr)} × {fmt.operand(w.g)}/({roots} + {eps})"))
        return eqs


def _mean(w: Writer, alpha: float, key: str, symbol: str, rule: str, numbers: str, value: list[float]) -> Equation:
    """A running mean's step, symbol_k = α·symbol_{k−1} + (1 − α)·``rule`` (it starts at 0)."""
    fmt, k = w.fmt, w.k
    prev = w.state(key, k - 1) or [0.0] * len(value)
    return Equation(w.at(symbol, k), f"α·{w.at(symbol, k - 1)} + (1 − α)·{rule}",
                    f"{fmt.num(alpha)} × {fmt.operand(prev)} + {fmt.num(1 - alpha)} × {numbers}", fmt.vec(value))
