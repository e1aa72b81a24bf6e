"""What Prodigy and D-Adaptation share: a distance d that scales η, learned run by run.

Both estimate d, the distance from x₀ to the solution, from the run so far and step by η·d_k
(times the method's own direction); d starts at d0 and only grows (to at most ×growth_rate a
step). d is one number per run (a parameter group in the packages): a reduction over every
coordinate, ``np.sum(…, axis=1, keepdims=True)`` on (runs, d) arrays, kept as (runs, d) state
repeated along the coordinates so the recorders keep it like any other.

The helpers here follow Python's semantics where the packages compute with Python floats:
``max(a, b)`` is a unless b > a (a NaN never wins), ``min(a, b)`` a unless b < a; sums over
coordinates go in order, first + second + …, as ``torch.dot`` and ``.sum()`` of two
elements do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..problem import Array
from .spec import Param, in_unit, non_negative, positive
from .writing import Equation, Writer

__all__ = ["D_PARAMS", "at_least_one", "py_max", "py_min", "total", "write_adam_with_d", "write_with_d"]


def at_least_one(v: float) -> str | None:
    return None if v >= 1.0 else "must be ≥ 1"


D_PARAMS = {
    "d0": Param("float", 1e-6, positive),  # the first d
    "growth_rate": Param("float", float("inf"), at_least_one, shown="∞"),  # d_{k+1} ≤ d_k·growth_rate
}
BETAS = {"beta1": Param("float", 0.9, in_unit), "beta2": Param("float", 0.999, in_unit)}
EPS = {"eps": Param("float", 1e-8, positive)}
DECAY = {"weight_decay": Param("float", 0.0, non_negative)}


def py_max(a: Array, b: Array) -> Array:
    """Python's max(a, b), elementwise."""
    return np.where(b > a, b, a)


def py_min(a: Array, b: Array) -> Array:
    """Python's min(a, b), elementwise."""
    return np.where(b < a, b, a)


def total(values: Array) -> Array:
    """The sum over each run's coordinates, in order: (runs, 1)."""
    out = values[:, :1].copy()
    for i in range(1, values.shape[1]):
        out += values[:, i : i + 1]
    return out


def float_total(values: Sequence[float]) -> float:
    """:func:`total` of one run's floats."""
    out = values[0]
    for v in values[1:]:
        out = out + v
    return out


def per_run(state: Array) -> Array:
    """A per-run number kept as (runs, d): (runs, 1)."""
    return state[:, :1]


def write_with_d(w: Writer, d0: float, shrink: float = 0.0, bias: float | None = None) -> list[Equation]:
    """The step written with the d it used: ``d₃ = …; x₄ = x₃ − η·d₃·u₃ = … = …``.

    d_k, the d of step k, is the d recorded after step k − 1 (d0 at k = 0). u_k is the step in
    units of η·d_k (times b_k, the bias correction √(1 − β2^t)/(1 − β1^t), when ``bias`` gives
    it): the package's own direction, m/(√v + d·ε) for Prodigy, read from what the run moved,
    u_k = (x_k·(1 − λ·η·d_k·b_k) − x_{k+1})/(η·d_k·b_k), with ``shrink`` λ for decoupled weight
    decay."""
    fmt, k = w.fmt, w.k
    before = w.state("d", k - 1) if k > 0 else [d0]
    if before is None:
        return w.unwritten()
    d = before[0]
    D, B, U = w.at("d", k), w.at("b", k), w.at("u", k)
    eqs = [Equation(D, "", "", fmt.num(d))]
    factor, numbers_b = "", ""
    b = 1.0
    if bias is not None:
        b = bias
        eqs.append(Equation(B, "√(1 − β2^t)/(1 − β1^t)", "", fmt.num(b)))
        factor, numbers_b = f"·{B}", f" × {fmt.num(b)}"
    size = w.lr * d * b
    with np.errstate(all="ignore"):
        u = [float((np.float64(a) * (1.0 - shrink * size) - c) / size) if size else 0.0
             for a, c in zip(w.x, w.xn, strict=True)]
    step = f"{w.eta}·{D}{factor}·{U}"
    numbers = f"{fmt.num(w.lr)} × {fmt.num(d)}{numbers_b} × {fmt.operand(u)}"
    if shrink:
        eqs.append(Equation(
            w.Xn, f"{w.X}·(1 − λ·{w.eta}·{D}{factor}) − {step}",
            f"{fmt.at(w.x, operand=False)} × (1 − {fmt.num(shrink)} × {fmt.num(w.lr)} × {fmt.num(d)}{numbers_b}) − "
            f"{numbers}", fmt.at(w.xn, operand=False)))
    else:
        eqs.append(w.move(step, numbers))
    return eqs


def write_adam_with_d(w: Writer, p: dict[str, Any]) -> list[Equation]:
    """The Adam-like step with d written out (Prodigy, D-Adaptation Adam): the weight decay as
    the parameters ask (decoupled: shrinking x; else wd·x in the gradient), the bias
    correction when ``use_bias_correction``."""
    bias = None
    if p["use_bias_correction"]:
        beta1, beta2, t = float(p["beta1"]), float(p["beta2"]), w.k + 1
        bias = ((1 - beta2**t) ** 0.5) / (1 - beta1**t)
    shrink = float(p["weight_decay"]) if p["decouple"] else 0.0
    eqs = w.weight_decay(0.0 if p["decouple"] else float(p["weight_decay"]))
    return eqs + write_with_d(w, float(p["d0"]), shrink, bias)
