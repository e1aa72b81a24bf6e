"""D-Adaptation SGD and Adam: steps of η·d, d learned from the run — the dadaptation package.

D-Adaptation (Defazio & Mishchenko, 2023) estimates d, how far x₀ is from the solution, from a
weighted sum of the steps taken, and scales η by it; η is a multiplier, default 1. ⟨a, b⟩ sums
over coordinates, ‖a‖ is the Euclidean norm, g_k = ∇f(x_k) + λ·x_k (weight decay λ).

``dadapt_sgd`` (DAdaptSGD), step k:

    δ_k     = d_k·η_k/‖∇f(x₀)‖
    r_k     = r_{k−1} + δ_k·⟨g_k, s_{k−1}⟩              (r_{−1} = 0, s_{−1} = 0)
    s_k     = s_{k−1} + δ_k·g_k
    d_{k+1} = max(d_k, min(2·r_k/‖s_k‖, d_k·growth_rate))
    x_{k+1} = (1 − c)·x_k + c·(x₀ − s_k)               (c = 1 − momentum)

With momentum 0, x_{k+1} = x₀ − s_k = x_k − η·d_k·g_k/‖∇f(x₀)‖: plain descent whose η is
d_k·η/‖∇f(x₀)‖ — the first step has length d0·η.

``dadapt_adam`` (DAdaptAdam), step k (t = k + 1):

    δ_k     = d_k·η_k·b_k                              (b_k = √(1 − β2^t)/(1 − β1^t), or 1)
    a_k     = δ_k·⟨g_k, s_{k−1}/(√v_{k−1} + ε)⟩
    m_k     = β1·m_{k−1} + δ_k·(1 − β1)·g_k            (η and d live inside m)
    v_k     = β2·v_{k−1} + (1 − β2)·g_k²
    s_k     = √β2·s_{k−1} + δ_k·(1 − √β2)·g_k
    r_k     = √β2·r_{k−1} + (1 − √β2)·a_k
    d_{k+1} = max(d_k, min(r_k/((1 − √β2)·Σ|s_k|), d_k·growth_rate))
    x_{k+1} = x_k − m_k/(√v_k + ε)                     (decouple: x_k − λ·δ_k·x_k first)

| parameter           | default | meaning                                                 |
| ------------------- | ------- | ------------------------------------------------------- |
| momentum            | 0       | dadapt_sgd: μ, x moves a fraction 1 − μ toward x₀ − s   |
| beta1, beta2        | 0.9, 0.999 | dadapt_adam: the decays of m and v, in [0, 1)        |
| eps                 | 1e-8    | dadapt_adam: ε, added to the root, > 0                  |
| weight_decay        | 0       | λ                                                       |
| decouple            | false   | dadapt_adam: λ shrinks x rather than adding λ·x to g    |
| use_bias_correction | false   | dadapt_adam: b_k as Adam's, else 1                      |
| d0                  | 1e-6    | the first d, > 0                                        |
| growth_rate         | ∞       | d grows by at most this factor a step, ≥ 1              |

How the packages compute, and lrtui with them (dadaptation 3.2):

- DAdaptSGD measures ‖∇f(x₀)‖ WITHOUT weight decay: its ``grad.add(p.data, alpha=decay)``
  there is not in place and its result is dropped. lrtui copies that.
- Both start with d̂ = 0 (s is 0 before the first step), so d stays d0 after step 0; d never
  shrinks (d = max(d, …)).
- Where ‖s_k‖ (Σ|s_k| for Adam) is 0 the packages return before the update: no step, the counter
  not advanced. DAdaptSGD divides by ‖∇f(x₀)‖ first and raises ZeroDivisionError when the run
  starts at a stationary point; lrtui takes no step there instead (x stays, as the package's
  own return intends).
- Sums and norms are Python floats from float64 tensors (``.item()``); nothing is cast to float32.
- DAdaptSGD checks only d0 > 0 and η > 0 (momentum = 1 would freeze x); DAdaptAdam also ε > 0
  and 0 ≤ β < 1. lrtui asks momentum in [0, 1) and growth_rate ≥ 1 too.

State: ``d`` = d_{k+1}, the d after step k; the formula line writes step k with d_k.
"""


from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np

from ..problem import Array
from .learned_d import (
    BETAS,
    D_PARAMS,
    DECAY,
    EPS,
    float_total,
    per_run,
    py_max,
    py_min,
    total,
    write_adam_with_d,
    write_with_d,
)
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, in_unit
from .writing import Equation, Writer, wrap

__all__ = ["DAdaptAdam", "DAdaptSGD"]


class DAdaptSGD(Optimizer):
    UNCYCLED = "momentum"  # torch's OneCycleLR/CyclicLR would cycle it; lrtui refuses (no golden to follow)
    ABOUT = {"dadapt_sgd": "dadaptation's DAdaptSGD: SGD whose step is η·d, d learned from the run"}
    TABLE = {"dadapt_sgd": {"momentum": Param("float", 0.0, in_unit), **DECAY, **D_PARAMS}}
    STATE = (Shown("d", "d", "d"),)
    ETA_SCALE = "d"

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"d": np.full(shape, float(self.params["d0"])), "numerator_weighted": np.zeros(shape),
                "g0_norm": np.zeros(shape), "k": np.zeros(shape), "x0": np.array(x0, dtype=np.float64),
                "s": np.zeros(shape)}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        wd, ck = p["weight_decay"], 1 - p["momentum"]
        d, count = per_run(state["d"]), per_run(state["k"])
        first = count == 0
        active = lr > 0.0
        norm = np.where(first, np.sqrt(np.where(active, 0.0 + total(g * g), 0.0)), per_run(state["g0_norm"]))
        state["g0_norm"][...] = norm
        with np.errstate(all="ignore"):
            dlr = (d * lr) / norm
        if wd != 0:
            g = g + wd * x  # grad.add_(p.data, alpha=decay)
        s = state["s"]
        moves = active & (norm != 0)  # the package divides by ‖∇f(x₀)‖ = 0: it raises, lrtui takes no step
        numerator = per_run(state["numerator_weighted"]) + dlr * total(g * s)
        s_new = s + dlr * g
        s[...] = np.where(moves, s_new, s)
        sk_sq = 0.0 + total(s * s)
        with np.errstate(all="ignore"):
            d_hat = (2 * numerator) / np.sqrt(sk_sq)
        d_new = py_max(d, py_min(d_hat, d * p["growth_rate"]))
        taken = moves & (sk_sq != 0)
        for name, value in (("numerator_weighted", numerator), ("d", d_new), ("k", count + 1)):
            state[name][...] = np.where(taken, value, state[name])
        z = state["x0"] - s
        out = x * (1 - ck) + ck * z  # p.data.mul_(1-ck).add_(z, alpha=ck)
        return np.where(taken, out, x)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        wd, ck, growth = p["weight_decay"], 1 - p["momentum"], p["growth_rate"]
        x0, s_state, shown = state["x0"], state["s"], log["d"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            d, count, n = state["d"][0], state["k"][0], len(x)
            active = lr > 0.0
            norm = state["g0_norm"][0]
            if count == 0:
                norm = sqrt(0.0 + float_total([gi * gi for gi in g])) if active else 0.0
            gs = [g[i] + wd * x[i] for i in range(n)] if wd != 0 else list(g)
            out = list(x)
            new_d = d
            if active and norm != 0:
                dlr = (d * lr) / norm
                numerator = state["numerator_weighted"][0] + dlr * float_total([gs[i] * s_state[i] for i in range(n)])
                ss = [s_state[i] + dlr * gs[i] for i in range(n)]
                sk_sq = 0.0 + float_total([si * si for si in ss])
                if sk_sq != 0:
                    d_hat = (2 * numerator) / sqrt(sk_sq)
                    capped = d * growth
                    capped = capped if capped < d_hat else d_hat
                    new_d = capped if capped > d else d
                    out = [x[i] * (1 - ck) + ck * (x0[i] - ss[i]) for i in range(n)]
                    state["numerator_weighted"][:], state["d"][:], state["k"][:] = [numerator] * n, [new_d] * n, \
                        [count + 1.0] * n
                s_state[:] = ss
            state["g0_norm"][:] = [norm] * n
            shown.extend([new_d] * n)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        if p["momentum"] != 0 or p["weight_decay"] != 0:
            return write_with_d(w, float(p["d0"]))
        before = w.state("d", k - 1) if k > 0 else [float(p["d0"])]
        g0 = w.first_gradient
        if before is None or g0 is None:
            return w.unwritten()
        d = before[0]
        D = w.at("d", k)
        norm = math.sqrt(sum(v * v for v in g0))
        G0 = f"|{w.G.replace(w.X, w.n.x(0))}|" if w.n.one else "‖∇f(x₀)‖"
        shown = fmt.num(norm)
        return [Equation(D, "", "", fmt.num(d)),
                w.move(f"{w.eta}·{D}·{wrap(w.G)}/{G0}", f"{fmt.num(w.lr)} × {fmt.num(d)} × {fmt.operand(w.g)}/{shown}")]


class DAdaptAdam(Optimizer):
    UNCYCLED = "beta1"  # torch's OneCycleLR/CyclicLR would cycle it; lrtui refuses (no golden to follow)
    ABOUT = {"dadapt_adam": "dadaptation's DAdaptAdam: Adam whose step is η·d, d learned from the run"}
    TABLE = {
        "dadapt_adam": {
            **BETAS,
            **EPS,
            **DECAY,
            **D_PARAMS,
            "decouple": Param("bool", False),
            "use_bias_correction": Param("bool", False),
        },
    }
    STATE = (Shown("d", "d", "d"),)
    ETA_SCALE = "d"

    @property
    def decoupled_weight_decay(self) -> bool:
        return bool(self.params["decouple"])

    @cached_property
    def sqrt_beta2(self) -> float:
        return float(self.params["beta2"] ** 0.5)  # the package's beta2**(0.5)

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"d": np.full(shape, float(self.params["d0"])), "numerator_weighted": np.zeros(shape),
                "k": np.zeros(shape), "s": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}

    def _bias(self, ks: Array) -> Array | float:
        if not self.params["use_bias_correction"]:
            return 1
        beta1, beta2 = self.params["beta1"], self.params["beta2"]
        counts = ks[:, 0].astype(int).tolist()  # Python ints: Python's ** as the package's, not NumPy's
        return np.array([[((1 - beta2 ** (k + 1)) ** 0.5) / (1 - beta1 ** (k + 1))] for k in counts])

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2, eps, wd, decouple = p["beta1"], p["beta2"], p["eps"], p["weight_decay"], p["decouple"]
        root = self.sqrt_beta2
        d, count = per_run(state["d"]), per_run(state["k"])
        dlr = d * lr * self._bias(count)
        if wd != 0 and not decouple:
            g = g + wd * x
        active = lr > 0.0
        m, v, s = state["exp_avg"], state["exp_avg_sq"], state["s"]
        denom = np.sqrt(v)
        denom += eps
        acum = np.where(active, 0.0 + dlr * total(g * (s / denom)), 0.0)
        m[...] = np.where(active, m * beta1 + (dlr * (1 - beta1)) * g, m)
        v[...] = np.where(active, v * beta2 + ((1 - beta2) * g) * g, v)
        s[...] = np.where(active, s * root + (dlr * (1 - root)) * g, s)
        sk_l1 = np.where(active, 0.0 + total(np.abs(s)), 0.0)
        numerator = root * per_run(state["numerator_weighted"]) + (1 - root) * acum
        taken = sk_l1 != 0
        with np.errstate(all="ignore"):
            d_hat = numerator / ((1 - root) * sk_l1)
        d_new = py_max(d, py_min(d_hat, d * p["growth_rate"]))
        for name, value in (("numerator_weighted", numerator), ("d", d_new), ("k", count + 1)):
            state[name][...] = np.where(taken, value, state[name])
        out = x
        if wd != 0 and decouple:
            out = x - (wd * dlr) * x
        denom = np.sqrt(v)
        denom += eps
        return np.where(taken, out - m / denom, x)  # p.data.addcdiv_(exp_avg, denom, value=-1)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta1, beta2, eps, wd, decouple = p["beta1"], p["beta2"], p["eps"], p["weight_decay"], p["decouple"]
        growth, bias, root = p["growth_rate"], p["use_bias_correction"], self.sqrt_beta2
        m_state, v_state, s_state, shown = state["exp_avg"], state["exp_avg_sq"], state["s"], log["d"]
        sqrt = math.sqrt

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            d, count, n = state["d"][0], int(state["k"][0]), len(x)
            bc = ((1 - beta2 ** (count + 1)) ** 0.5) / (1 - beta1 ** (count + 1)) if bias else 1
            dlr = d * lr * bc
            gs = [g[i] + wd * x[i] for i in range(n)] if wd != 0 and not decouple else list(g)
            ms, vs, ss = list(m_state), list(v_state), list(s_state)
            acum, sk_l1 = 0.0, 0.0
            if lr > 0.0:
                acum = 0.0 + dlr * float_total([gs[i] * (ss[i] / (sqrt(vs[i]) + eps)) for i in range(n)])
                ms = [ms[i] * beta1 + (dlr * (1 - beta1)) * gs[i] for i in range(n)]
                vs = [vs[i] * beta2 + ((1 - beta2) * gs[i]) * gs[i] for i in range(n)]
                ss = [ss[i] * root + (dlr * (1 - root)) * gs[i] for i in range(n)]
                sk_l1 = 0.0 + float_total([abs(si) for si in ss])
            numerator = root * state["numerator_weighted"][0] + (1 - root) * acum
            out = list(x)
            new_d = d
            if sk_l1 != 0:
                d_hat = numerator / ((1 - root) * sk_l1)
                capped = d * growth
                capped = capped if capped < d_hat else d_hat
                new_d = capped if capped > d else d
                out = []
                for i in range(n):
                    xi = x[i] - (wd * dlr) * x[i] if wd != 0 and decouple else x[i]
                    out.append(xi - ms[i] / (sqrt(vs[i]) + eps))
                state["numerator_weighted"][:], state["d"][:], state["k"][:] = [numerator] * n, [new_d] * n, \
                    [count + 1.0] * n
            m_state[:], v_state[:], s_state[:] = ms, vs, ss
            shown.extend([new_d] * n)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        return write_adam_with_d(w, self.params)
