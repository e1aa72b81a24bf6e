"""ASGD: SGD with a decaying step that also keeps the running average of its iterates — torch.optim.ASGD.

    g_k     = ∇f(x_k) + λ_w·x_k                            (weight decay λ_w, L2)
    x_{k+1} = x_k·(1 − λ·e_k) − e_k·g_k                     (e_0 = η_0)
    a_{k+1} = x_{k+1} where μ_k = 1, else a_k + μ_k·(x_{k+1} − a_k)     (μ_0 = 1)
    e_{k+1} = η_k/(1 + λ·η_k·t)^α,   μ_{k+1} = 1/max(1, t − t0)         (t = k + 1)

| parameter    | default | meaning                                                |
| ------------ | ------- | ------------------------------------------------------ |
| lambd        | 1e-4    | λ, the decay term and the step's decay, ≥ 0            |
| alpha        | 0.75    | α, the power of the step's decay                       |
| t0           | 1e6     | the step from which the average starts                 |
| weight_decay | 0       | λ_w, added to the gradient (L2)                        |

x is the iterate the descent follows and shows; the average a (``ax``) is state. The step
e_k is worked out after each step from that step's η, so a schedule reaches ASGD one step late:
step k uses e_k, made from η_{k−1} (e_0 = η_0). With torch's t0 = 1e6 the average is x itself;
it starts averaging at t = t0 + 2. torch checks only weight_decay ≥ 0; lrtui also refuses
λ < 0, with which torch fails once 1 + λ·η·t reaches 0 (α and t0 may be any number). State:
``ax`` = a, and ``eta`` = e and ``mu`` = μ, the numbers the NEXT step uses (one per run).
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, non_negative
from .writing import Equation, Writer, wrap

__all__ = ["ASGD"]


def _lambd(v: float) -> str | None:
    return None if v >= 0 else "must be ≥ 0 (torch takes a negative one, then fails once 1 + λ·η·t reaches 0)"


class ASGD(Optimizer):
    TABLE = {
        "asgd": {
            "lambd": Param("float", 1e-4, _lambd, "1e-4"),  # the decay term
            "alpha": Param("float", 0.75),  # the power of the step's decay
            "t0": Param("float", 1e6, None, "1e6"),  # the step from which the average starts
            "weight_decay": Param("float", 0.0, non_negative),
        },
    }
    # recorded after step k: the average with x_{k+1}, and the e and μ step k+1 uses (headers say so)
    STATE = (Shown("ax", "a", "aₖ₊₁"), Shown("eta", "e", "eₖ₊₁", scalar=True), Shown("mu", "μ", "μₖ₊₁", scalar=True))
    ABOUT = {"asgd": "SGD with a decaying step, keeping the running average of x (ax)"}

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"ax": np.zeros(shape), "eta": np.zeros(shape), "mu": np.ones(shape)}

    def next_eta(self, lr: float, k: int) -> float:
        """e_{k+1} = η_k/(1 + λ·η_k·t)^α, with Python's ** as torch (NumPy's power rounds otherwise);
        where the power overflows, IEEE's answer, η/∞ = 0 (Python raises there)."""
        p = self.params
        try:
            return float(lr / ((1 + p["lambd"] * lr * float(k + 1)) ** p["alpha"]))
        except OverflowError:
            return 0.0

    def next_mu(self, k: int) -> float:
        return float(1 / max(1, float(k + 1) - self.params["t0"]))

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        ax, eta, mu = state["ax"], state["eta"], state["mu"]
        if k == 0:
            eta[...] = lr  # torch: state["eta"] = group["lr"] at the first step
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        x = x * (1 - p["lambd"] * eta)  # param.mul_(1 - lambd * eta)
        step = eta * g
        np.subtract(x, step, out=x)  # param.add_(grad, alpha=-eta)
        if float(mu.flat[0]) != 1.0:
            t = np.subtract(x, ax)
            t *= mu
            ax += t  # ax.add_(param.sub(ax).mul_(mu))
        else:
            ax[...] = x
        eta[...] = np.array([[self.next_eta(float(v), k)] for v in lr.reshape(-1)])
        mu[...] = self.next_mu(k)
        return x

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        lambd, wd = p["lambd"], p["weight_decay"]
        ax, etas, mus = state["ax"], state["eta"], state["mu"]

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            eta = lr if k == 0 else etas[0]
            mu = mus[0]
            out, avg = [], []
            for i, gi in enumerate(g):
                xi = x[i]
                if wd != 0.0:
                    gi = wd * xi + gi
                xi = xi * (1 - lambd * eta) - eta * gi
                out.append(xi)
                avg.append(ax[i] + (xi - ax[i]) * mu if mu != 1.0 else xi)
            e, m = self.next_eta(lr, k), self.next_mu(k)
            ax[:] = avg
            etas[:], mus[:] = [e] * len(etas), [m] * len(mus)
            log["ax"].extend(avg)
            log["eta"].extend(etas)
            log["mu"].extend(mus)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        eqs = w.weight_decay(float(p["weight_decay"]))
        a = w.state("ax", k)
        if a is None:
            return w.unwritten(eqs)
        used = w.lr if k == 0 else (w.state("eta", k - 1) or [float("nan")])[0]
        lambd = float(p["lambd"])
        E = w.at("e", k)
        before = w.eta if w.eta == "η" else w.at("η", k - 1)  # e_k was made from the step before's η
        eqs.append(Equation(E, w.eta if k == 0 else f"{before}/(1 + λ·{before}·{k})^α", "", fmt.num(used)))
        rule = f"{w.X}·(1 − λ·{E}) − {E}·{wrap(w.G)}"
        numbers = (f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(lambd)} × {fmt.num(used)}) − "
                   f"{fmt.num(used)} × {fmt.operand(w.g)}")
        eqs.append(Equation(w.Xn, rule, numbers, fmt.at(w.xn, operand=False)))
        eqs.append(Equation(w.at("a", k + 1), "", "", fmt.vec(a)))
        return eqs

