"""RAdam: Adam whose adaptive step is switched on only once the variance estimate is reliable,
and then rectified — torch.optim.RAdam.

    g_k     = ∇f(x_k) + λ·x_k                         (weight decay λ, L2)
    x_k     ← x_k·(1 − η_k·λ)                         (decoupled_weight_decay=true, instead)
    m_k, v_k as Adam's;  m̂_k = m_k/(1 − β1^t),  v̂_k = v_k/(1 − β2^t)   (t = k + 1)
    ρ_∞     = 2/(1 − β2) − 1,   ρ_t = ρ_∞ − 2t·β2^t/(1 − β2^t)
    ρ_t > 5:  r_t = √((ρ_t − 4)(ρ_t − 2)ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2)ρ_t))
              x_{k+1} = x_k − η_k·m̂_k·√(1 − β2^t)/(√v_k + ε)·r_t
    ρ_t ≤ 5:  x_{k+1} = x_k − η_k·m̂_k     (no denominator: a momentum step on g's own scale)

| parameter              | default | meaning                                       |
| ---------------------- | ------- | --------------------------------------------- |
| beta1                  | 0.9     | β1, the decay of the first moment, in [0, 1)  |
| beta2                  | 0.999   | β2, the decay of the second moment, in [0, 1) |
| eps                    | 1e-8    | ε, added to the root of the raw v (not v̂)    |
| weight_decay           | 0       | λ: L2, or decoupled (x·(1 − η·λ))             |
| decoupled_weight_decay | false   | shrink x directly, as AdamW                   |

With β2 = 0.999 (and 0.9) the first rectified step is t = 6 (k = 5): the first five steps are
momentum steps on the raw gradient, which is why a steep function needs a small η. A cycling
schedule sets β1 before every step (torch's ``betas[0]``). State: ``m_hat`` = m̂, ``v_hat`` = v̂.
"""


from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from ..problem import Array
from .adam import decayed, update_moments
from .lerp import lerp
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, non_negative
from .writing import Equation, Writer, subscript

__all__ = ["RAdam"]


class RAdam(Optimizer):
    TABLE = {
        "radam": {
            "beta1": Param("float", 0.9, in_unit),
            "beta2": Param("float", 0.999, in_unit),
            "eps": Param("float", 1e-8, non_negative),
            "weight_decay": Param("float", 0.0, non_negative),
            "decoupled_weight_decay": Param("bool", False),
        },
    }
    STATE = (Shown("m_hat", "m̂", "m̂"), Shown("v_hat", "v̂", "v̂"))
    CYCLES = "beta1"
    ABOUT = {"radam": "Adam whose adaptive step starts once the variance is reliable (momentum steps first)"}

    @cached_property
    def decoupled_weight_decay(self) -> bool:
        return bool(self.params["decoupled_weight_decay"])

    def rectification(self, k: int) -> tuple[float, float | None]:
        """ρ_t of step k (t = k + 1) and r_t, or None when ρ_t ≤ 5 (no adaptive step), as torch."""
        beta2 = self.params["beta2"]
        step = float(k + 1)
        bias_correction2 = 1 - beta2**step
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            return rho_t, ((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)) ** 0.5
        return rho_t, None

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2, wd = self.hyper(k), p["beta2"], p["weight_decay"]
        step = float(k + 1)
        state["step"][...] = step
        x, g = decayed(x, g, lr, wd, self.decoupled_weight_decay)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        update_moments(m, v, g, beta1, beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        u = m / bias_correction1
        u *= lr  # bias_corrected_exp_avg * lr
        _, rect = self.rectification(k)
        if rect is not None:
            adaptive = np.sqrt(v)
            adaptive += p["eps"]
            np.divide(bias_correction2**0.5, adaptive, out=adaptive)
            u *= adaptive
            u *= rect
        out: Array = np.subtract(x, u, out=u)  # param.add_(…, alpha=-1.0)
        return out

    def explain(self, state: State) -> State:
        t = float(state["step"].flat[0]) if state["step"].size else 1.0
        if t == 0.0:
            return {}
        return {"m_hat": state["exp_avg"] / (1 - self.hyper(int(t) - 1) ** t),
                "v_hat": state["exp_avg_sq"] / (1 - self.params["beta2"] ** t)}

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta2, eps, wd = p["beta2"], p["eps"], p["weight_decay"]
        decoupled = self.decoupled_weight_decay
        m_state, v_state = state["exp_avg"], state["exp_avg_sq"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            beta1 = self.hyper(k)
            t = float(k + 1)
            bias_correction1 = 1 - beta1**t
            bias_correction2 = 1 - beta2**t
            root2 = bias_correction2**0.5
            _, rect = self.rectification(k)
            out, ms, vs = [], [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    if decoupled:
                        xi = xi * (1 - lr * wd)
                    else:
                        gi = wd * xi + gi
                m = lerp(m_state[i], gi, 1 - beta1)
                v = v_state[i] * beta2 + (1 - beta2) * gi * gi
                u = m / bias_correction1 * lr
                if rect is not None:
                    u = u * (root2 / (sqrt(v) + eps)) * rect
                out.append(xi - u)
                ms.append(m)
                vs.append(v)
            m_state[:], v_state[:] = ms, vs
            log["m_hat"].extend(m / bias_correction1 for m in ms)
            log["v_hat"].extend(v / bias_correction2 for v in vs)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        wd, eps, beta2 = float(p["weight_decay"]), float(p["eps"]), float(p["beta2"])
        eqs = [] if self.decoupled_weight_decay else w.weight_decay(wd)
        m, v = w.state("m_hat", k), w.state("v_hat", k)
        if m is None or v is None:
            return w.unwritten(eqs)
        M, V = w.at("m̂", k), w.at("v̂", k)
        rho, rect = self.rectification(k)
        eqs.append(Equation(M, "", "", fmt.vec(m)))
        eqs.append(Equation(f"ρ{subscript(k + 1)}", "", "", fmt.num(rho)))
        if rect is None:
            rule, numbers = f"{w.eta}·{M}", f"{fmt.num(w.lr)} × {fmt.operand(m)}"
        else:
            eqs.append(Equation(V, "", "", fmt.vec(v)))
            R = w.at("r", k + 1)
            eqs.append(Equation(R, "", "", fmt.num(rect)))
            scaled = eps / (1 - beta2 ** float(k + 1)) ** 0.5
            rule = f"{w.eta}·{R}·{M}/(√{V} + ε/√(1 − β2^t))"
            numbers = f"{fmt.num(w.lr)} × {fmt.num(rect)} × {fmt.operand(m)}/({fmt.root(v)} + {fmt.num(scaled)})"
        if self.decoupled_weight_decay and wd:
            shrunk = f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(w.lr)} × {fmt.num(wd)})"
            eqs.append(Equation(w.Xn, f"{w.X}·(1 − {w.eta}·λ) − {rule}", f"{shrunk} − {numbers}",
                                fmt.at(w.xn, operand=False)))
        else:
            eqs.append(w.move(rule, numbers))
        return eqs
