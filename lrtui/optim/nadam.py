"""NAdam: Adam with Nesterov momentum, its momentum warming up — torch.optim.NAdam.

    g_k     = ∇f(x_k) + λ·x_k                          (weight decay λ, L2)
    x_k     ← x_k·(1 − η_k·λ)                          (decoupled_weight_decay=true, instead)
    μ_t     = β1·(1 − ½·0.96^(t·ψ)),   Π_t = μ_1·μ_2·…·μ_t        (t = k + 1, ψ = momentum_decay)
    m_k     = β1·m_{k−1} + (1 − β1)·g_k                (m_{−1} = 0)
    v_k     = β2·v_{k−1} + (1 − β2)·g_k²               (v_{−1} = 0)
    d_k     = √(v_k/(1 − β2^t)) + ε
    x_{k+1} = x_k − η_k·(1 − μ_t)/(1 − Π_t)·g_k/d_k − η_k·μ_{t+1}/(1 − Π_t·μ_{t+1})·m_k/d_k

| parameter              | default | meaning                                          |
| ---------------------- | ------- | ------------------------------------------------ |
| beta1                  | 0.9     | β1, the decay of the first moment, in [0, 1)     |
| beta2                  | 0.999   | β2, the decay of the second moment, in [0, 1)    |
| eps                    | 1e-8    | ε, added to the root                             |
| weight_decay           | 0       | λ: L2, or decoupled (x·(1 − η·λ))                |
| momentum_decay         | 0.004   | ψ: how fast μ_t warms up to β1, ≥ 0              |
| decoupled_weight_decay | false   | shrink x directly, as AdamW (NAdamW)             |

torch takes the step as two ``addcdiv`` in that order, the first with g, the second with m,
and so does the rule here. A cycling schedule sets β1 before every step (torch's
``betas[0]``), in μ_t and μ_{t+1} too. State: ``exp_avg`` = m (NAdam mixes g and m, so there
is no single m̂), ``v_hat`` = v/(1 − β2^t) (what the step takes the root of) and
``mu_product`` = Π_t, one number per run.
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
from .writing import Equation, Writer, wrap

__all__ = ["NAdam"]


class NAdam(Optimizer):
    TABLE = {
        "nadam": {
            "beta1": Param("float", 0.9, in_unit),
            "beta2": Param("float", 0.999, in_unit),
            "eps": Param("float", 1e-8, non_negative),
            "weight_decay": Param("float", 0.0, non_negative),
            "momentum_decay": Param("float", 0.004, non_negative),  # ψ
            "decoupled_weight_decay": Param("bool", False),
        },
    }
    STATE = (Shown("exp_avg", "m", "m"), Shown("v_hat", "v̂", "v̂"), Shown("mu_product", "Π", "Πμ", scalar=True))
    CYCLES = "beta1"
    ABOUT = {"nadam": "Adam with Nesterov momentum, warming up with momentum_decay"}

    @cached_property
    def decoupled_weight_decay(self) -> bool:
        return bool(self.params["decoupled_weight_decay"])

    def mus(self, k: int) -> tuple[float, float]:
        """μ_t and μ_{t+1} of step k (t = k + 1), as torch computes them."""
        beta1, psi = self.hyper(k), self.params["momentum_decay"]
        step = float(k + 1)
        return (beta1 * (1.0 - 0.5 * (0.96 ** (step * psi))),
                beta1 * (1.0 - 0.5 * (0.96 ** ((step + 1) * psi))))

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape),
                "mu_product": np.ones(shape)}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2, wd = self.hyper(k), p["beta2"], p["weight_decay"]
        step = float(k + 1)
        state["step"][...] = step
        bias_correction2 = 1 - beta2**step
        x, g = decayed(x, g, lr, wd, self.decoupled_weight_decay)
        mu, mu_next = self.mus(k)
        mu_product = state["mu_product"]
        mu_product *= mu
        m, v = state["exp_avg"], state["exp_avg_sq"]
        update_moments(m, v, g, beta1, beta2)
        denom = v / bias_correction2
        np.sqrt(denom, out=denom)
        denom += p["eps"]
        mu_product_next = mu_product * mu_next
        first = (-lr * (1.0 - mu)) / (1.0 - mu_product)
        first *= g
        first /= denom
        x = x + first  # param.addcdiv_(grad, denom, value=-lr*(1 - mu)/(1 - mu_product))
        second = (-lr * mu_next) / (1.0 - mu_product_next)
        second *= m
        second /= denom
        x += second  # param.addcdiv_(exp_avg, denom, value=-lr*mu_next/(1 - mu_product_next))
        return x

    def explain(self, state: State) -> State:
        t = float(state["step"].flat[0]) if state["step"].size else 1.0
        if t == 0.0:
            return {}
        return {"exp_avg": state["exp_avg"].copy(), "v_hat": state["exp_avg_sq"] / (1 - self.params["beta2"] ** t),
                "mu_product": state["mu_product"].copy()}

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta2, eps, wd = p["beta2"], p["eps"], p["weight_decay"]
        decoupled = self.decoupled_weight_decay
        m_state, v_state, product = state["exp_avg"], state["exp_avg_sq"], state["mu_product"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            beta1 = self.hyper(k)
            bias_correction2 = 1 - beta2 ** float(k + 1)
            mu, mu_next = self.mus(k)
            mu_product = product[0] * mu
            first = (-lr * (1.0 - mu)) / (1.0 - mu_product)
            second = (-lr * mu_next) / (1.0 - mu_product * mu_next)
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
                denom = sqrt(v / bias_correction2) + eps
                out.append(xi + first * gi / denom + second * m / denom)
                ms.append(m)
                vs.append(v)
            m_state[:], v_state[:] = ms, vs
            product[:] = [mu_product] * len(product)
            log["exp_avg"].extend(ms)
            log["v_hat"].extend(v / bias_correction2 for v in vs)
            log["mu_product"].extend(product)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        wd, eps = float(p["weight_decay"]), float(p["eps"])
        eqs = [] if self.decoupled_weight_decay else w.weight_decay(wd)
        m, v, prod = w.state("exp_avg", k), w.state("v_hat", k), w.state("mu_product", k)
        if m is None or v is None or prod is None:
            return w.unwritten(eqs)
        mu, mu_next = self.mus(k)
        M, V, P = w.at("m", k), w.at("v̂", k), w.at("Π", k + 1)
        MU, NEXT = w.at("μ", k + 1), w.at("μ", k + 2)
        eqs += [Equation(M, "", "", fmt.vec(m)), Equation(V, "", "", fmt.vec(v)),
                Equation(MU, "", "", fmt.num(mu)), Equation(P, "", "", fmt.num(prod[0]))]
        d = f"(√{V} + ε)"
        dn = f"({fmt.root(v)} + {fmt.num(eps)})"
        rule = (f"{w.eta}·(1 − {MU})/(1 − {P})·{wrap(w.G)}/{d} − "
                f"{w.eta}·{NEXT}/(1 − {P}·{NEXT})·{M}/{d}")
        numbers = (f"{fmt.num(w.lr)} × (1 − {fmt.num(mu)})/(1 − {fmt.num(prod[0])}) × {fmt.operand(w.g)}/{dn} − "
                   f"{fmt.num(w.lr)} × {fmt.num(mu_next)}/(1 − {fmt.num(prod[0])} × {fmt.num(mu_next)}) × "
                   f"{fmt.operand(m)}/{dn}")
        if self.decoupled_weight_decay and wd:
            shrunk = f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(w.lr)} × {fmt.num(wd)})"
            eqs.append(Equation(w.Xn, f"{w.X}·(1 − {w.eta}·λ) − {rule}", f"{shrunk} − {numbers}",
                                fmt.at(w.xn, operand=False)))
        else:
            eqs.append(w.move(rule, numbers))
        return eqs

