"""Adadelta: a step in the units of x, from running means of g² and of the steps — torch.optim.Adadelta.

    g_k     = ∇f(x_k) + λ·x_k                              (weight decay λ, L2)
    v_k     = ρ·v_{k−1} + (1 − ρ)·g_k²                     (v_{−1} = 0)
    Δ_k     = √(u_{k−1} + ε)/√(v_k + ε)·g_k                 (u_{−1} = 0)
    u_k     = ρ·u_{k−1} + (1 − ρ)·Δ_k²
    x_{k+1} = x_k − η_k·Δ_k

| parameter    | default | meaning                                            |
| ------------ | ------- | -------------------------------------------------- |
| rho          | 0.9     | ρ, the decay of both running means, in [0, 1]      |
| eps          | 1e-6    | ε, inside both roots                               |
| weight_decay | 0       | λ, added to the gradient (L2)                      |

The ratio of the two roots gives the step the units of x, so torch's η defaults to 1: with
η = 1 and ε = 1e-6 the first steps are about √ε = 0.001 long and grow as u fills. State:
``square_avg`` = v ("E[g²]" in the step table) and ``acc_delta`` = u ("E[Δx²]"), as torch names
them.
"""


from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_closed_unit, non_negative
from .writing import Equation, Writer, wrap

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    TABLE = {
        "adadelta": {
            "rho": Param("float", 0.9, in_closed_unit),  # the decay of both running means
            "eps": Param("float", 1e-6, non_negative),  # inside both roots
            "weight_decay": Param("float", 0.0, non_negative),
        },
    }
    STATE = (Shown("square_avg", "v", "E[g²]"), Shown("acc_delta", "u", "E[Δx²]"))
    ABOUT = {"adadelta": "a step in the units of x: √(E[Δx²] + ε)/√(E[g²] + ε)·g, scaled by η (torch's default 1)"}
    REMARK = ("its step is √(E[Δx²] + ε)/√(E[g²] + ε)·g, in the units of x, and η only scales it (torch's "
              "default η is 1); with ε = 1e-6 the first steps are about η·0.001 long")

    def start(self, x0: Array) -> State:
        return {"square_avg": np.zeros(np.shape(x0)), "acc_delta": np.zeros(np.shape(x0))}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        rho, eps, wd = p["rho"], p["eps"], p["weight_decay"]
        if wd != 0.0:
            g = wd * x + g  # grad.add(param, alpha=weight_decay)
        v, u = state["square_avg"], state["acc_delta"]
        v *= rho
        t = (1 - rho) * g
        t *= g
        v += t  # square_avg.mul_(rho).addcmul_(grad, grad, value=1 - rho)
        std = v + eps
        np.sqrt(std, out=std)
        delta = u + eps
        np.sqrt(delta, out=delta)
        delta /= std
        delta *= g  # delta.div_(std).mul_(grad)
        u *= rho
        t = (1 - rho) * delta
        t *= delta
        u += t  # acc_delta.mul_(rho).addcmul_(delta, delta, value=1 - rho)
        step: Array = np.multiply(lr, delta)
        return np.subtract(x, step, out=step)  # param.add_(delta, alpha=-lr)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        rho, eps, wd = p["rho"], p["eps"], p["weight_decay"]
        square_avg, acc_delta = state["square_avg"], state["acc_delta"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            out, vs, us = [], [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                v = square_avg[i] * rho + (1 - rho) * gi * gi
                delta = sqrt(acc_delta[i] + eps) / sqrt(v + eps) * gi
                vs.append(v)
                us.append(acc_delta[i] * rho + (1 - rho) * delta * delta)
                out.append(xi - lr * delta)
            square_avg[:], acc_delta[:] = vs, us
            log["square_avg"].extend(vs)
            log["acc_delta"].extend(us)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        rho, eps = float(p["rho"]), float(p["eps"])
        eqs = w.weight_decay(float(p["weight_decay"]))
        v, u = w.state("square_avg", k), w.state("acc_delta", k)
        if v is None or u is None:
            return w.unwritten(eqs)
        zeros = [0.0] * len(v)
        vprev, uprev = w.state("square_avg", k - 1) or zeros, w.state("acc_delta", k - 1) or zeros
        G = wrap(w.G)
        V, U, D = w.at("v", k), w.at("u", k), w.at("Δ", k)
        delta = [math.sqrt(a + eps) / math.sqrt(b + eps) * gi for a, b, gi in zip(uprev, v, w.g, strict=True)]
        eqs.append(Equation(V, f"ρ·{w.at('v', k - 1)} + (1 − ρ)·{G}²",
                            f"{fmt.num(rho)} × {fmt.operand(vprev)} + {fmt.num(1 - rho)} × {fmt.squared(w.g)}",
                            fmt.vec(v)))
        eqs.append(Equation(D, f"√({w.at('u', k - 1)} + ε)/√({V} + ε)·{G}",
                            f"√({fmt.vec(uprev)} + {fmt.num(eps)})/√({fmt.vec(v)} + {fmt.num(eps)}) × "
                            f"{fmt.operand(w.g)}", fmt.vec(delta)))
        eqs.append(Equation(U, f"ρ·{w.at('u', k - 1)} + (1 − ρ)·{D}²",
                            f"{fmt.num(rho)} × {fmt.operand(uprev)} + {fmt.num(1 - rho)} × {fmt.squared(delta)}",
                            fmt.vec(u)))
        eqs.append(w.move(f"{w.eta}·{D}", f"{fmt.num(w.lr)} × {fmt.operand(delta)}"))
        return eqs
