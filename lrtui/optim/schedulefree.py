"""Schedule-free SGD and AdamW: no schedule, a gradient point and an average — the schedulefree package.

Schedule-free methods (Defazio et al., 2024) keep η constant and replace the schedule by an
average. Three sequences move together: z, a plain (or Adam-normalized) descent; x̄, a running
average of z; and x, the point between them where the gradient is taken. With ĝ_k the step's
gradient (below), one step k (t = k + 1) is

    η_k     = η·t/W  while k < W (warmup_steps W), then η
    w_k     = t^r · (max_{j≤k} η_j)^p                  (r, weight_lr_power p)
    c_k     = w_k / (w_0 + … + w_k)                    (1 at k = 0; 1/t with r = 0 and η fixed)
    x_{k+1} = x_k + c_k·(z_k − x_k) − η_k·(1 − β·(1 − c_k))·ĝ_k
    z_{k+1} = z_k − η_k·ĝ_k                            (z_0 = x_0)
    x̄_{k+1} = (x_{k+1} − (1 − β)·z_{k+1})/β           (so x_{k+1} = (1 − β)·z_{k+1} + β·x̄_{k+1})

``sf_sgd`` (SGDScheduleFree, β = momentum): ĝ_k = ∇f(x_k) + λ·x_k.
``sf_adamw`` (AdamWScheduleFree, β = beta1): v_k = β2·v_{k−1} + (1 − β2)·∇f(x_k)² and
ĝ_k = ∇f(x_k)/(√(v_k/(1 − β2^t)) + ε) + λ·x_k — the weight decay added after the division;
there is no first moment, β1 only sets where x lies between z and x̄.

η is fixed: a scenario's schedule applies to the other runs, not to these (``takes_schedule``
is False; warmup_steps is the rule's own). The recorded x is x_k, the point where ∇f is
evaluated: the parameter in the package's train mode. The state ``x_avg`` is x̄, the point its
eval mode reports — what a user keeps, and what the verdict and the summary speak of.

| parameter       | default                   | meaning                                               |
| --------------- | ------------------------- | ----------------------------------------------------- |
| momentum / beta1| 0.9                       | β: x = (1 − β)·z + β·x̄, in (0, 1)                     |
| beta2           | 0.999                     | β2, the decay of v (sf_adamw), in [0, 1)              |
| eps             | 1e-8                      | ε, added to the root (sf_adamw)                       |
| weight_decay    | 0                         | λ, added to ĝ at x_k                                  |
| warmup_steps    | 0                         | W: η grows linearly over the first W steps            |
| r               | 0                         | the average weighs step k by (k + 1)^r                |
| weight_lr_power | 2                         | p: and by (the largest η so far)^p                    |

How the package computes, and lrtui with it (schedulefree 1.4.1, ``foreach=False``, which gives
the very bits of ``foreach=True`` on CPU):

- The weights are summed as they come (``weight_sum += weight``) and c_k = w_k/Σw is that
  running sum's quotient: with r = 0 it is 1/t mathematically but not bit for bit.
- x is interpolated with ``torch.lerp(x, z, c_k)`` and x̄ with ``torch.lerp(x, z, 1 − 1/β)``
  (:mod:`lrtui.optim.lerp`). Switching the package's optimizer to eval mode and back to train mode does not
  return x bit for bit; lrtui follows a training loop that never switches (x̄ read from a copy).
- The package refuses momentum outside (0, 1) for SGD and checks nothing for AdamW, whose
  eval mode divides by β1: lrtui asks β in (0, 1) of both. With η_k = 0 at the start the
  weights sum to 0 and the package takes c = 0, as lrtui does.

State: ``x_avg`` = x̄_{k+1} ("x_avg" in the step table), ``z`` = z_{k+1}, ``c`` = c_k and with
sf_adamw ``v`` = v_k (the raw mean of g², as the package keeps it).
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

__all__ = ["SFAdamW", "SFSGD", "ScheduleFree"]


def in_open_unit(v: float) -> str | None:
    return None if 0.0 < v < 1.0 else "must be in (0, 1)"


def _power(base: float, exponent: float) -> float:
    """Python's ``base ** exponent`` (the package's), inf where Python refuses a result that large."""
    try:
        return float(float(base) ** float(exponent))
    except OverflowError:
        return math.inf


def _averaging(params: dict[str, float], lr: float, k: int, lr_max: float, weight_sum: float) -> tuple[float, ...]:
    """One run's η_k, the largest η so far, the weights' running sum and c_k, as the package computes them."""
    warm = params["warmup_steps"]
    lr_k = lr * ((k + 1) / warm if k < warm else 1.0)
    top = lr_k if not lr_max > lr_k else lr_max  # max(lr, lr_max)
    weight = ((k + 1) ** params["r"]) * _power(top, params["weight_lr_power"])
    total = weight_sum + weight
    return lr_k, top, total, (weight / total if total != 0 else 0.0)


class ScheduleFree(Optimizer):
    """What both schedule-free rules share: the averaging weights, the interpolation, x̄."""

    BETA = "momentum"  # the name of β in TABLE
    STATE = (Shown("x_avg", "x̄", "x_avg"), Shown("z", "z", "z"), Shown("v", "v", "v"), Shown("c", "c", "c"))
    KEPT_POINT = "x_avg"

    @property
    def takes_schedule(self) -> bool:
        return False  # the average replaces the schedule; warmup_steps is the rule's own

    @cached_property
    def explains(self) -> tuple[str, ...]:
        return ("x_avg", "z", "c")

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        return {"x_avg": np.array(x0, dtype=np.float64), "z": np.array(x0, dtype=np.float64),
                "c": np.zeros(shape), "lr_max": np.full(shape, -1.0), "weight_sum": np.zeros(shape),
                "lr_power": np.zeros(shape)}  # lr_max ** weight_lr_power, worked out when lr_max moves

    def normalized(self, x: Array, g: Array, k: int, state: State) -> Array:
        """ĝ_k from x_k and ∇f(x_k) (a new array)."""
        raise NotImplementedError

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta = p[self.BETA]
        lr_k, c = self._weights(lr, k, state)
        g = self.normalized(x, g, k, state)
        if p["weight_decay"] != 0.0:
            g += p["weight_decay"] * x  # grad.add_(y, alpha=weight_decay)
        z = state["z"]
        y = np.subtract(z, x)  # y.lerp_(end=z, weight=c), c per run
        small = np.abs(c) < 0.5
        y = np.where(small, x + c * y, z - y * (1.0 - c))
        y += (lr_k * (beta * (1.0 - c) - 1.0)) * g  # y.add_(grad, alpha=lr*(beta*(1-c)-1))
        z -= lr_k * g  # z.sub_(grad, alpha=lr)
        avg = state["x_avg"]
        avg[...] = y
        lerp_(avg, z, 1.0 - 1.0 / beta)  # the package's eval mode: p.lerp_(end=z, weight=1-1/beta)
        state["c"][...] = c
        return y

    def _weights(self, lr: Array, k: int, state: State) -> tuple[Array, Array]:
        """η_k and c_k of every run, (runs, 1); the largest η and the weights' sum kept in ``state``."""
        p = self.params
        warm = p["warmup_steps"]
        lr_k = lr * ((k + 1) / warm if k < warm else 1.0)
        top = np.maximum(state["lr_max"][:, :1], lr_k)
        moved = np.flatnonzero(top[:, 0] != state["lr_max"][:, 0])  # after a warm-up, none: η is fixed
        if moved.size:  # Python's ** as the package's floats (NumPy's power differs by ulps)
            state["lr_power"][moved] = np.array([[_power(m, p["weight_lr_power"])] for m in top[moved, 0].tolist()])
        powers = state["lr_power"][:, :1]
        weight = ((k + 1) ** p["r"]) * powers
        total = state["weight_sum"][:, :1] + weight
        with np.errstate(all="ignore"):
            c = np.where(total != 0, weight / total, 0.0)
        state["lr_max"][...] = top
        state["weight_sum"][...] = total
        return lr_k, c

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        beta, wd = p[self.BETA], p["weight_decay"]
        w_avg = 1.0 - 1.0 / beta
        z_state, avg_state = state["z"], state["x_avg"]
        kept = [(state[name], log[name]) for name in self.explains]
        normalize = self._normalize_floats(state)

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            lr_k, top, total, c = _averaging(p, lr, k, state["lr_max"][0], state["weight_sum"][0])
            gs = normalize(g, k)
            alpha = lr_k * (beta * (1.0 - c) - 1.0)
            near = abs(c) < 0.5
            ys, zs, avgs = [], [], []
            for i, gi in enumerate(gs):
                xi, zi = x[i], z_state[i]
                if wd != 0.0:
                    gi = gi + wd * xi
                yi = xi + c * (zi - xi) if near else zi - (zi - xi) * (1.0 - c)
                yi = yi + alpha * gi
                zi = zi - lr_k * gi
                ys.append(yi)
                zs.append(zi)
                avgs.append(lerp(yi, zi, w_avg))
            d = len(x)
            normalize.commit()
            state["lr_max"][:], state["weight_sum"][:], state["c"][:] = [top] * d, [total] * d, [c] * d
            z_state[:], avg_state[:] = zs, avgs
            for values, shown in kept:
                shown.extend(values)
            return ys

        return step

    def _normalize_floats(self, state: Lists) -> _Normalize:
        return _Normalize()

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        c_rec, z = w.state("c", k), w.state("z", k)
        if c_rec is None or z is None:
            return w.unwritten()
        c = c_rec[0]
        zprev = w.state("z", k - 1) if k > 0 else w.x
        if zprev is None:
            return w.unwritten()
        beta = float(p[self.BETA])
        eqs = [Equation(w.at("c", k), "", "", fmt.num(c))]
        G, g = self.write_gradient(w, eqs)
        if G is None:
            return w.unwritten()
        wd = float(p["weight_decay"])
        if wd:
            geff = [gi + wd * xi for gi, xi in zip(g, w.x, strict=True)]
            name = w.at("ĝ", k)
            eqs.append(Equation(name, f"{G} + λ·{w.X}", f"{fmt.vec(g)} + {fmt.num(wd)} × {fmt.at(w.x)}",
                                fmt.vec(geff)))
            G, g = name, geff
        Z, Zn = w.at("z", k), w.at("z", k + 1)
        lr_k = self._scheduled(w.lr, k)
        eta = w.eta if lr_k == w.lr else f"{w.eta}·{k + 1}/W"  # warming up
        eqs.append(Equation(Zn, f"{Z} − {eta}·{wrap(G)}",
                            f"{fmt.vec(zprev)} − {fmt.num(lr_k)} × {fmt.operand(g)}", fmt.vec(z)))
        C = w.at("c", k)
        gap = [a - b for a, b in zip(zprev, w.x, strict=True)]
        eqs.append(Equation(
            w.Xn, f"{w.X} + {C}·({Z} − {w.X}) − {eta}·(1 − β·(1 − {C}))·{wrap(G)}",
            f"{fmt.at(w.x, operand=False)} + {fmt.num(c)} × {fmt.operand(gap)} − {fmt.num(lr_k)} × "
            f"(1 − {fmt.num(beta)} × {fmt.num(1.0 - c)}) × {fmt.operand(g)}",
            fmt.at(w.xn, operand=False)))
        return eqs

    def _scheduled(self, lr: float, k: int) -> float:
        warm = self.params["warmup_steps"]
        return lr * ((k + 1) / warm if k < warm else 1.0)

    def write_gradient(self, w: Writer, eqs: list[Equation]) -> tuple[str | None, list[float]]:
        """The gradient the rule steps along before weight decay: its symbol and values."""
        return w.G, w.g


class _Normalize:
    """ĝ before weight decay on one run's floats: for SGD the gradient itself."""

    def __call__(self, g: Sequence[float], k: int) -> Sequence[float]:
        return g

    def commit(self) -> None:
        pass


def _sf_params(beta: str) -> dict[str, Param]:
    return {beta: Param("float", 0.9, in_open_unit)}


_AVERAGING = {
    "weight_decay": Param("float", 0.0, non_negative),
    "warmup_steps": Param("int", 0, lambda v: None if v >= 0 else "must be an integer ≥ 0"),
    "r": Param("float", 0.0, non_negative),
    "weight_lr_power": Param("float", 2.0, non_negative),
}


class SFSGD(ScheduleFree):
    """sf_sgd: schedulefree's SGDScheduleFree."""

    ABOUT = {"sf_sgd": "schedulefree's SGDScheduleFree: no schedule; the gradient at x, the average x_avg reported"}
    TABLE = {"sf_sgd": {**_sf_params("momentum"), **_AVERAGING}}

    def normalized(self, x: Array, g: Array, k: int, state: State) -> Array:
        return np.array(g, dtype=np.float64)


class SFAdamW(ScheduleFree):
    """sf_adamw: schedulefree's AdamWScheduleFree (no first moment; β1 interpolates)."""

    ABOUT = {"sf_adamw": "schedulefree's AdamWScheduleFree: no schedule; Adam-normalised steps, the average "
                         "x_avg reported"}
    TABLE = {"sf_adamw": {
        **_sf_params("beta1"),
        "beta2": Param("float", 0.999, in_unit),
        "eps": Param("float", 1e-8, non_negative),
        **_AVERAGING,
    }}
    BETA = "beta1"

    @cached_property
    def explains(self) -> tuple[str, ...]:
        return ("x_avg", "z", "v", "c")

    def start(self, x0: Array) -> State:
        state = super().start(x0)
        state["v"] = np.zeros(np.shape(x0))
        return state

    def normalized(self, x: Array, g: Array, k: int, state: State) -> Array:
        beta2 = self.params["beta2"]
        v = state["v"]
        v *= beta2
        t = (1.0 - beta2) * g
        t *= g
        v += t  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1-beta2)
        denom = v / (1.0 - beta2 ** (k + 1))
        np.sqrt(denom, out=denom)
        denom += self.params["eps"]  # exp_avg_sq.div(bias_correction2).sqrt_().add_(eps)
        out: Array = np.divide(g, denom, out=denom)  # grad.div_(denom)
        return out

    def _normalize_floats(self, state: Lists) -> _Normalize:
        return _Adaptive(self.params["beta2"], self.params["eps"], state["v"])

    def write_gradient(self, w: Writer, eqs: list[Equation]) -> tuple[str | None, list[float]]:
        fmt, k = w.fmt, w.k
        v = w.state("v", k)
        if v is None:
            return None, []
        beta2 = float(self.params["beta2"])
        vprev = w.state("v", k - 1) or [0.0] * len(v)
        G = wrap(w.G)
        V = w.at("v", k)
        eqs.append(Equation(V, f"β2·{w.at('v', k - 1)} + (1 − β2)·{G}²",
                            f"{fmt.num(beta2)} × {fmt.operand(vprev)} + {fmt.num(1.0 - beta2)} × {fmt.squared(w.g)}",
                            fmt.vec(v)))
        bc = 1.0 - beta2 ** (k + 1)
        eps = float(self.params["eps"])
        with np.errstate(all="ignore"):
            ghat = [float(np.float64(gi) / (np.sqrt(np.float64(vi) / bc) + eps)) for gi, vi in zip(w.g, v, strict=True)]
        name = w.at("ĝ", k) if not self.params["weight_decay"] else w.at("u", k)
        roots = "(" + ", ".join(fmt.num(vi / bc) for vi in v) + ")" if len(v) > 1 else fmt.num(v[0] / bc)
        eqs.append(Equation(name, f"{G}/(√({V}/(1 − β2^{k + 1})) + ε)", f"{fmt.vec(w.g)}/(√{roots} + {fmt.num(eps)})",
                            fmt.vec(ghat)))
        return name, ghat


class _Adaptive(_Normalize):
    """sf_adamw's ĝ on one run's floats: v updated (kept until :meth:`commit`), g divided by its root."""

    def __init__(self, beta2: float, eps: float, v: list[float]):
        self.beta2, self.eps, self.v = beta2, eps, v
        self.new: list[float] = []

    def __call__(self, g: Sequence[float], k: int) -> Sequence[float]:
        beta2, eps, sqrt = self.beta2, self.eps, math.sqrt
        bc = 1.0 - beta2 ** (k + 1)
        self.new = [vi * beta2 + (1.0 - beta2) * gi * gi for vi, gi in zip(self.v, g, strict=True)]
        return [gi / (sqrt(vi / bc) + eps) for gi, vi in zip(g, self.new, strict=True)]

    def commit(self) -> None:
        self.v[:] = self.new
