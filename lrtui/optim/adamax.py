"""Adamax: Adam with the infinity norm in place of the root mean square — torch.optim.Adamax.

    g_k     = ∇f(x_k) + λ·x_k                         (weight decay λ, L2)
    m_k     = β1·m_{k−1} + (1 − β1)·g_k               (m_{−1} = 0)
    u_k     = max(β2·u_{k−1}, |g_k| + ε)              (u_{−1} = 0)
    x_{k+1} = x_k − η_k/(1 − β1^t)·m_k/u_k = x_k − η_k·m̂_k/u_k   (t = k + 1)

| parameter    | default | meaning                                          |
| ------------ | ------- | ------------------------------------------------ |
| beta1        | 0.9     | β1, the decay of the first moment, in [0, 1)     |
| beta2        | 0.999   | β2, the decay of the infinity norm, in [0, 1)    |
| eps          | 1e-8    | ε, added to |g| inside the max (not to the denominator) |
| weight_decay | 0       | λ, added to the gradient (L2)                    |

u is not bias-corrected. A cycling schedule sets β1 before every step (torch's ``betas[0]``).
State: ``m_hat`` = m̂ = m/(1 − β1^t) and ``exp_inf`` = u ("u" in the step table), torch's name.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .lerp import lerp, lerp_
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, non_negative
from .writing import Equation, Writer, wrap

__all__ = ["Adamax"]


class Adamax(Optimizer):
    TABLE = {
        "adamax": {
            "beta1": Param("float", 0.9, in_unit),  # decay of the first moment
            "beta2": Param("float", 0.999, in_unit),  # decay of the infinity norm
            "eps": Param("float", 1e-8, non_negative),  # added to |g| inside the max
            "weight_decay": Param("float", 0.0, non_negative),
        },
    }
    STATE = (Shown("m_hat", "m̂", "m̂"), Shown("exp_inf", "u", "u"))
    CYCLES = "beta1"
    ABOUT = {"adamax": "Adam with the infinity norm: x − η·m̂/max(β2·u, |g| + ε)"}

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_inf": np.zeros(shape)}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1 = p["beta1"] if self.cycled is None else float(self.cycled[k])
        step = float(k + 1)
        state["step"][...] = step
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        m, u = state["exp_avg"], state["exp_inf"]
        lerp_(m, g, 1 - beta1)
        u *= p["beta2"]
        a = np.abs(g)
        a += p["eps"]
        np.maximum(u, a, out=u)  # torch.maximum(exp_inf.mul_(beta2), grad.abs().add_(eps))
        clr: Array = np.divide(lr, 1 - beta1**step)
        t = clr * m
        t /= u  # param.addcdiv_(exp_avg, exp_inf, value=-clr)
        return np.subtract(x, t, out=t)

    def explain(self, state: State) -> State:
        t = float(state["step"].flat[0]) if state["step"].size else 1.0
        if t == 0.0:
            return {}
        return {"m_hat": state["exp_avg"] / (1 - self.hyper(int(t) - 1) ** t), "exp_inf": state["exp_inf"].copy()}

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta2, eps, wd = p["beta2"], p["eps"], p["weight_decay"]
        betas = None if self.cycled is None else self.cycled.tolist()
        m_state, u_state = state["exp_avg"], state["exp_inf"]

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            beta1 = p["beta1"] if betas is None else betas[k]
            bias_correction = 1 - beta1 ** float(k + 1)
            clr = lr / bias_correction
            out, ms, us = [], [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                m = lerp(m_state[i], gi, 1 - beta1)
                u = u_state[i] * beta2
                a = abs(gi) + eps
                u = u if (u >= a or u != u) else a  # torch.maximum: nan wins
                out.append(xi - clr * m / u)
                ms.append(m)
                us.append(u)
            m_state[:], u_state[:] = ms, us
            log["m_hat"].extend(m / bias_correction for m in ms)
            log["exp_inf"].extend(us)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        eqs = w.weight_decay(float(p["weight_decay"]))
        m, u = w.state("m_hat", k), w.state("exp_inf", k)
        if m is None or u is None:
            return w.unwritten(eqs)
        uprev = w.state("exp_inf", k - 1) or [0.0] * len(u)
        M, U = w.at("m̂", k), w.at("u", k)
        beta2, eps = float(p["beta2"]), float(p["eps"])
        eqs.append(Equation(M, "", "", fmt.vec(m)))
        eqs.append(Equation(U, f"max(β2·{w.at('u', k - 1)}, |{wrap(w.G)}| + ε)",
                            f"max({fmt.num(beta2)} × {fmt.operand(uprev)}, |{fmt.vec(w.g)}| + {fmt.num(eps)})",
                            fmt.vec(u)))
        eqs.append(w.move(f"{w.eta}·{M}/{U}", f"{fmt.num(w.lr)} × {fmt.operand(m)}/{fmt.operand(u)}"))
        return eqs
