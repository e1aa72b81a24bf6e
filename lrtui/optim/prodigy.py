"""Prodigy: Adam whose step is η·d, d learned from the run — prodigyopt's ``Prodigy``.

Prodigy (Mishchenko & Defazio, 2023) estimates d, how far x₀ is from the solution, and steps
by η·d_k with an Adam-like direction; η is a multiplier, default 1. One step k (t = k + 1,
g_k = ∇f(x_k) + λ·x_k with coupled weight decay, else ∇f(x_k); ⟨a, b⟩ sums over coordinates):

    δ_k     = d_k·η_k·b_k                            (b_k = √(1 − β2^t)/(1 − β1^t), or 1)
    r_k     = β3·r_{k−1} + (d_k/d0)·δ_k·⟨g_k, x₀ − x_k⟩
    m_k     = β1·m_{k−1} + d_k·(1 − β1)·g_k
    v_k     = β2·v_{k−1} + d_k²·(1 − β2)·g_k²
    s_k     = β3·s_{k−1} + (d_k/d0)·δ_k·g_k          (safeguard_warmup: (d_k/d0)·d_k·g_k)
    d̂_k     = d_coef·r_k/Σ|s_k|
    d_{k+1} = min(max(d_0…, d̂_0, …, d̂_k), d_k·growth_rate)
    x_{k+1} = x_k − δ_k·m_k/(√v_k + d_{k+1}·ε)       (decoupled weight decay: x_k − λ·δ_k·x_k first)

| parameter           | default | meaning                                                      |
| ------------------- | ------- | ------------------------------------------------------------ |
| beta1               | 0.9     | β1, the decay of m, in [0, 1) (0: no m, the step uses g)     |
| beta2               | 0.999   | β2, the decay of v, in [0, 1)                                |
| beta3               | √β2     | β3, the decay of r and s, in [0, 1)                          |
| eps                 | 1e-8    | ε (times d) added to the root, > 0                           |
| weight_decay        | 0       | λ                                                            |
| decouple            | true    | λ shrinks x (AdamW) rather than adding λ·x to g              |
| use_bias_correction | false   | b_k as Adam's, else 1                                        |
| safeguard_warmup    | false   | s grows by d·g, without η                                    |
| d0                  | 1e-6    | the first d, > 0                                             |
| d_coef              | 1       | scales the estimate d̂, > 0                                   |
| growth_rate         | ∞       | d grows by at most this factor a step, ≥ 1                   |

How the package computes, and lrtui with it (prodigyopt 1.1.2):

- Step k uses the OLD d in δ_k, m and v, and the NEW d_{k+1} in the denominator's ε-term.
- At k = 0, x₀ − x₀ = 0, so d̂_0 = 0 and d stays d0: the first step is δ_0 = d0·η long (times
  the direction), and d only moves from the second step on. ``if d == d0: d = max(d, d̂)``
  and d = min(d_max, d·growth_rate) with d_max the largest d̂ so far: d never shrinks.
- Where Σ|s_k| = 0 (a zero gradient from the start) the package returns before the update:
  no step, its counter not advanced (m, v, s were updated). lrtui does the same.
- x₀ is kept as the package keeps ``p0`` (``tensor(0)`` when x₀ is all zeros: the same
  numbers). Its sums are Python floats from float64 tensors; nothing is cast to float32.
- The package checks d0 > 0, η > 0, ε > 0 and 0 ≤ β1, β2 < 1 and accepts any β3, d_coef and
  growth_rate; lrtui also refuses β3 outside [0, 1), d_coef ≤ 0 and growth_rate < 1.

State: ``d`` = d_{k+1}, the d after step k (the d of step k + 1); the formula line writes
step k with d_k, the d recorded after step k − 1 (d0 at k = 0).
"""


from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .learned_d import BETAS, D_PARAMS, DECAY, EPS, float_total, per_run, py_max, py_min, total, write_adam_with_d
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit, positive
from .writing import Equation, Writer

__all__ = ["Prodigy"]


def _beta3(v: float | None) -> str | None:
    return None if v is None else in_unit(v)


class Prodigy(Optimizer):
    UNCYCLED = "beta1"  # torch's OneCycleLR/CyclicLR would cycle it; lrtui refuses (no golden to follow)
    ABOUT = {"prodigy": "prodigyopt's Prodigy: Adam whose step is η·d, d the distance to x* learned from the run"}
    TABLE = {
        "prodigy": {
            **BETAS,
            "beta3": Param("float", None, _beta3, shown="√beta2"),  # None: √beta2
            **EPS,
            **DECAY,
            "decouple": Param("bool", True),
            "use_bias_correction": Param("bool", False),
            "safeguard_warmup": Param("bool", False),
            **D_PARAMS,
            "d_coef": Param("float", 1.0, positive),
        },
    }
    STATE = (Shown("d", "d", "d"),)
    ETA_SCALE = "d"

    @property
    def decoupled_weight_decay(self) -> bool:
        return bool(self.params["decouple"])

    @property
    def beta3(self) -> float:
        b3 = self.params["beta3"]
        return math.sqrt(self.params["beta2"]) if b3 is None else float(b3)

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        state = {"d": np.full(shape, float(self.params["d0"])), "d_max": np.full(shape, float(self.params["d0"])),
                 "d_numerator": np.zeros(shape), "k": np.zeros(shape), "p0": np.array(x0, dtype=np.float64),
                 "s": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}
        if self.params["beta1"] > 0:
            state["exp_avg"] = np.zeros(shape)
        return state

    def _bias(self, ks: Array) -> Array | float:
        """b_k of every run (its own counter: a run whose steps were refused counts fewer), or 1."""
        if not self.params["use_bias_correction"]:
            return 1
        beta1, beta2 = self.params["beta1"], self.params["beta2"]
        counts = ks[:, 0].astype(int).tolist()  # Python ints: Python's ** as the package's, not NumPy's
        return np.array([[((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1))] for k in counts])

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2, beta3, eps, wd = p["beta1"], p["beta2"], self.beta3, p["eps"], p["weight_decay"]
        d0, decouple = p["d0"], p["decouple"]
        d, d_max, count = per_run(state["d"]), per_run(state["d_max"]), per_run(state["k"])
        dlr = d * lr * self._bias(count)
        numerator = per_run(state["d_numerator"]) * beta3
        if wd != 0 and not decouple:
            g = g + wd * x  # grad.add_(p.data, alpha=decay)
        active = lr > 0.0
        ratio = d / d0
        delta = 0.0 + (ratio * dlr) * total(g * (state["p0"] - x))  # (d/d0)·dlr·dot(g, p0 − p)
        v, s = state["exp_avg_sq"], state["s"]
        if beta1 > 0:
            m = state["exp_avg"]
            m[...] = np.where(active, m * beta1 + (d * (1 - beta1)) * g, m)
        v[...] = np.where(active, v * beta2 + ((d * d * (1 - beta2)) * g) * g, v)
        alpha = ratio * d if p["safeguard_warmup"] else ratio * dlr
        s[...] = np.where(active, s * beta3 + alpha * g, s)
        denom_sum = np.where(active, 0.0 + total(np.abs(s)), 0.0)
        taken = denom_sum != 0  # else the package returns before the update
        numerator = numerator + np.where(active, delta, 0.0)
        with np.errstate(all="ignore"):
            d_hat = (p["d_coef"] * numerator) / denom_sum
        d_new = np.where(d == d0, py_max(d, d_hat), d)
        d_max = py_max(d_max, d_hat)
        d_new = py_min(d_max, d_new * p["growth_rate"])
        for name, value in (("d_numerator", numerator), ("d", d_new), ("d_max", d_max), ("k", count + 1)):
            state[name][...] = np.where(taken, value, state[name])
        denom = np.sqrt(v)
        denom += d_new * eps
        out = x
        if wd != 0 and decouple:
            out = x - (wd * dlr) * x  # p.data.add_(p.data, alpha=-decay * dlr)
        if beta1 > 0:
            step = dlr * state["exp_avg"]
        else:
            step = (dlr * d_new) * g  # addcdiv_(grad, denom, value=-dlr * d)
        step /= denom
        return np.where(taken, out - step, x)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta1, beta2, beta3, eps, wd = p["beta1"], p["beta2"], self.beta3, p["eps"], p["weight_decay"]
        d0, decouple, coef, growth = p["d0"], p["decouple"], p["d_coef"], p["growth_rate"]
        safeguard, bias = p["safeguard_warmup"], p["use_bias_correction"]
        p0, v_state, s_state, m_state = state["p0"], state["exp_avg_sq"], state["s"], state.get("exp_avg", [])
        shown = log["d"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            d, d_max, count = state["d"][0], state["d_max"][0], int(state["k"][0])
            bc = ((1 - beta2 ** (count + 1)) ** 0.5) / (1 - beta1 ** (count + 1)) if bias else 1
            dlr = d * lr * bc
            numerator = state["d_numerator"][0] * beta3
            n = len(x)
            gs = [g[i] + wd * x[i] for i in range(n)] if wd != 0 and not decouple else list(g)
            active = lr > 0.0
            ratio = d / d0
            ms, vs, ss = list(m_state), list(v_state), list(s_state)
            denom_sum = 0.0
            if active:
                delta = 0.0 + (ratio * dlr) * float_total([gs[i] * (p0[i] - x[i]) for i in range(n)])
                numerator = numerator + delta
                alpha = ratio * d if safeguard else ratio * dlr
                if beta1 > 0:
                    ms = [ms[i] * beta1 + (d * (1 - beta1)) * gs[i] for i in range(n)]
                vs = [vs[i] * beta2 + ((d * d * (1 - beta2)) * gs[i]) * gs[i] for i in range(n)]
                ss = [ss[i] * beta3 + alpha * gs[i] for i in range(n)]
                denom_sum = 0.0 + float_total([abs(si) for si in ss])
            out = list(x)
            new_d = d
            if denom_sum != 0:
                d_hat = (coef * numerator) / denom_sum
                new_d = d_hat if d == d0 and d_hat > d else d
                d_max = d_hat if d_hat > d_max else d_max
                grown = new_d * growth
                new_d = grown if grown < d_max else d_max
                out = []
                for i in range(n):
                    xi = x[i]
                    if wd != 0 and decouple:
                        xi = xi - (wd * dlr) * xi
                    top = dlr * ms[i] if beta1 > 0 else (dlr * new_d) * gs[i]
                    out.append(xi - top / (sqrt(vs[i]) + new_d * eps))
                state["d"][:], state["d_max"][:] = [new_d] * n, [d_max] * n
                state["d_numerator"][:], state["k"][:] = [numerator] * n, [count + 1.0] * n
            if beta1 > 0:
                m_state[:] = ms
            v_state[:], s_state[:] = vs, ss
            shown.extend([new_d] * n)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        return write_adam_with_d(w, self.params)
