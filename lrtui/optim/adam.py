"""Adam and AdamW: steps from bias-corrected running means of g and g² — torch.optim.Adam, AdamW.

    g_k     = ∇f(x_k) + λ·x_k                        (adam's weight decay λ, L2)
    x_k     ← x_k·(1 − η_k·λ)                        (adamw's, decoupled, instead)
    m_k     = β1·m_{k−1} + (1 − β1)·g_k              (m_{−1} = 0)
    v_k     = β2·v_{k−1} + (1 − β2)·g_k²             (v_{−1} = 0)
    m̂_k     = m_k/(1 − β1^t),  v̂_k = v_k/(1 − β2^t)  (t = k + 1)
    x_{k+1} = x_k − η_k·m̂_k/(√v̂_k + ε)

With amsgrad the denominator uses v̂max_k = max(v_0, …, v_k)/(1 − β2^t).

| parameter    | default  | meaning                                                  |
| ------------ | -------- | -------------------------------------------------------- |
| beta1        | 0.9      | β1, the decay of the first moment, in [0, 1)             |
| beta2        | 0.999    | β2, the decay of the second moment, in [0, 1)            |
| eps          | 1e-8     | ε, added to the denominator, outside the root            |
| amsgrad      | false    | use the running maximum of the second moment             |
| weight_decay | 0 / 0.01 | λ: L2 for adam, decoupled (x·(1 − η·λ)) for adamw        |

torch computes the step as ``(η/bc1)·m / (√v/√bc2 + eps)`` with bc1 = 1 − β1^t and
bc2 = 1 − β2^t, and so does the rule here. A cycling schedule sets β1 before every step (torch's
``betas[0]``); the step then uses that β1 in m's mean and in bc1 alike. State: ``m_hat`` = m̂
and ``v_hat`` = v̂ (with amsgrad also ``max_v_hat`` = v̂max), the bias-corrected moments,
written m̂, v̂ and v̂max.
"""


from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from ..problem import Array
from .lerp import lerp_
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, non_negative
from .writing import Equation, Writer

__all__ = ["Adam", "AdamW", "decayed", "update_moments"]


def decayed(x: Array, g: Array, lr: Array, wd: float, decoupled: bool) -> tuple[Array, Array]:
    """torch's weight decay in the Adam family: x shrunk by η·wd (decoupled, AdamW's) or wd·x added
    to the gradient; nothing when wd = 0."""
    if wd != 0.0:
        if decoupled:
            x = x * (1 - lr * wd)  # param.mul_(1 - lr * weight_decay)
        else:
            g = wd * x + g  # grad = grad.add(param, alpha=weight_decay)
    return x, g


def update_moments(m: Array, v: Array, g: Array, beta1: float, beta2: float) -> None:
    """The two moments in place, as torch writes them: m toward g by 1 − β1 (``lerp_``), and
    ``exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)``."""
    lerp_(m, g, 1 - beta1)
    v *= beta2
    t = (1 - beta2) * g
    t *= g
    v += t


def _params(weight_decay: float) -> dict[str, Param]:
    return {
        "beta1": Param("float", 0.9, in_unit),  # decay of the first moment
        "beta2": Param("float", 0.999, in_unit),  # decay of the second moment
        "eps": Param("float", 1e-8, non_negative),  # added to the denominator, outside the root
        "amsgrad": Param("bool", False),  # use the running maximum of the second moment
        "weight_decay": Param("float", weight_decay, non_negative),
    }


class Adam(Optimizer):
    """adam; :class:`AdamW` is the same rule with its weight decay decoupled."""

    TABLE = {"adam": _params(0.0)}
    STATE = (Shown("m_hat", "m̂", "m̂"), Shown("v_hat", "v̂", "v̂"), Shown("max_v_hat", "v̂max", "max_v_hat"))
    CYCLES = "beta1"
    ABOUT = {"adam": "bias-corrected running means of g and g²: x − η·m̂/(√v̂ + ε)"}

    @cached_property
    def explains(self) -> tuple[str, ...]:
        return ("m_hat", "v_hat") + ("max_v_hat",) * bool(self.params["amsgrad"])

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        state = {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}
        if self.params["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros(shape)
        return state

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1 = p["beta1"] if self.cycled is None else float(self.cycled[k])
        beta2, wd = p["beta2"], p["weight_decay"]
        step = float(k + 1)
        state["step"][...] = step  # torch counts the steps taken; this is that count after step k
        x, g = decayed(x, g, lr, wd, self.decoupled_weight_decay)
        m, v = state["exp_avg"], state["exp_avg_sq"]
        update_moments(m, v, g, beta1, beta2)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        bias_correction2_sqrt = bias_correction2**0.5
        if p["amsgrad"]:
            vmax = state["max_exp_avg_sq"]
            np.maximum(vmax, v, out=vmax)
            denom = np.sqrt(vmax)
        else:
            denom = np.sqrt(v)
        denom /= bias_correction2_sqrt
        denom += p["eps"]
        u: Array = np.divide(lr, bias_correction1)  # step_size
        u = u * m
        u /= denom  # param.addcdiv_(exp_avg, denom, value=-step_size)
        return np.subtract(x, u, out=u)

    def explain(self, state: State) -> State:
        s = state["step"]
        t = float(s.flat[0]) if s.size else 1.0
        if t == 0.0:
            return {}
        beta1 = self.params["beta1"] if self.cycled is None else float(self.cycled[int(t) - 1])
        beta2 = self.params["beta2"]
        out = {
            "m_hat": state["exp_avg"] / (1 - beta1**t),
            "v_hat": state["exp_avg_sq"] / (1 - beta2**t),
        }
        if "max_exp_avg_sq" in state:
            out["max_v_hat"] = state["max_exp_avg_sq"] / (1 - beta2**t)
        return out

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta2, eps, wd, amsgrad = p["beta2"], p["eps"], p["weight_decay"], p["amsgrad"]
        betas = None if self.cycled is None else self.cycled.tolist()
        decoupled = self.decoupled_weight_decay
        m_state, v_state = state["exp_avg"], state["exp_avg_sq"]  # "step": set by update() when it takes a step
        v_max = state.get("max_exp_avg_sq", [])
        m_hat, v_hat, max_v_hat = log["m_hat"], log["v_hat"], log.get("max_v_hat", [])
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            beta1 = p["beta1"] if betas is None else betas[k]
            w1 = 1 - beta1
            near = abs(w1) < 0.5  # torch.lerp's branch (lrtui.optim.lerp)
            t = float(k + 1)
            bias_correction1 = 1 - beta1**t
            bias_correction2 = 1 - beta2**t
            bias_correction2_sqrt = bias_correction2**0.5
            size = lr / bias_correction1
            out, ms, vs, tops = [], [], [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    if decoupled:
                        xi = xi * (1 - lr * wd)
                    else:
                        gi = wd * xi + gi
                a = m_state[i]
                m = a + (gi - a) * w1 if near else gi - (gi - a) * (1.0 - w1)
                v = v_state[i] * beta2 + (1 - beta2) * gi * gi
                if amsgrad:
                    top = v_max[i]
                    top = top if (top >= v or top != top) else v  # np.maximum: nan wins
                    out.append(xi - size * m / (sqrt(top) / bias_correction2_sqrt + eps))
                    tops.append(top)
                    max_v_hat.append(top / bias_correction2)
                else:
                    out.append(xi - size * m / (sqrt(v) / bias_correction2_sqrt + eps))
                ms.append(m)
                vs.append(v)
                m_hat.append(m / bias_correction1)  # explain(): m / (1 − β1^t), v / (1 − β2^t)
                v_hat.append(v / bias_correction2)
            m_state[:], v_state[:] = ms, vs
            if amsgrad:
                v_max[:] = tops
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        wd = float(p["weight_decay"])
        eqs = [] if self.decoupled_weight_decay else w.weight_decay(wd)
        amsgrad = bool(p["amsgrad"])
        m, v = w.state("m_hat", k), w.state("max_v_hat" if amsgrad else "v_hat", k)
        if m is None or v is None:
            return w.unwritten(eqs)
        M, V = w.at("m̂", k), w.at("v̂max" if amsgrad else "v̂", k)
        eqs += [Equation(M, "", "", fmt.vec(m)), Equation(V, "", "", fmt.vec(v))]
        adam_step = f"{fmt.num(w.lr)} × {fmt.operand(m)}/({fmt.root(v)} + {fmt.num(float(p['eps']))})"
        if self.decoupled_weight_decay and wd:
            shrunk = f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(w.lr)} × {fmt.num(wd)})"
            rule = f"{w.X}·(1 − {w.eta}·λ) − {w.eta}·{M}/(√{V} + ε)"
            eqs.append(Equation(w.Xn, rule, f"{shrunk} − {adam_step}", fmt.at(w.xn, operand=False)))
        else:
            eqs.append(w.move(f"{w.eta}·{M}/(√{V} + ε)", adam_step))
        return eqs


class AdamW(Adam):
    """adamw: Adam with weight decay 0.01, decoupled: x ← x·(1 − η·λ) before the step."""

    TABLE = {"adamw": _params(0.01)}
    ABOUT = {"adamw": "Adam with decoupled weight decay: x·(1 − η·λ) before the step"}

    @property
    def decoupled_weight_decay(self) -> bool:
        return True
