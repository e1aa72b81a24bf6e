"""Rprop: every coordinate moves by its own step size, which grows while the slope keeps its
sign and shrinks when it flips; the slope's size is never used — torch.optim.Rprop.

    s_0     = η_0 (every coordinate, at the first step)
    f_k     = η+ where g_k·p_{k−1} > 0,  η− where < 0,  1 where = 0       (p_{−1} = 0)
    s_k     = clamp(s_{k−1}·f_k, step_min, step_max)
    p_k     = 0 where f_k = η− (the slope flipped: no move), else g_k
    x_{k+1} = x_k − sign(p_k)·s_k

| parameter | default | meaning                                              |
| --------- | ------- | ---------------------------------------------------- |
| etaminus  | 0.5     | η−, the shrink factor when the sign flips, in (0, 1) |
| etaplus   | 1.2     | η+, the growth factor while it holds, > 1            |
| step_min  | 1e-6    | the smallest step size                               |
| step_max  | 50      | the largest step size                                |

torch's ``etas`` and ``step_sizes`` tuples, split. η only sets the first step size, at the first
step; a schedule changes η_k and nothing else, as in torch. As torch, the clamp applies at the
first step too (η > step_max is cut at once), a step_min above step_max clamps to step_max, and
the sign of NaN is 0 (no move). State: ``prev`` = p ("prev" in the step table), ``step_size`` = s.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..problem import Array
from .optimizer import FloatStep, Lists, Optimizer, Shown, State
from .spec import Param, non_negative, positive
from .writing import Equation, Writer, subscript

__all__ = ["Rprop"]


def _between_0_1(v: float) -> str | None:
    return None if 0.0 < v < 1.0 else "must be in (0, 1)"


def _above_1(v: float) -> str | None:
    return None if v > 1.0 else "must be > 1"


def _sign(v: float) -> float:
    """torch.sign on a float: NaN's sign is 0."""
    return 1.0 if v > 0 else -1.0 if v < 0 else 0.0


class Rprop(Optimizer):
    TABLE = {
        "rprop": {
            "etaminus": Param("float", 0.5, _between_0_1),  # η−
            "etaplus": Param("float", 1.2, _above_1),  # η+
            "step_min": Param("float", 1e-6, non_negative),
            "step_max": Param("float", 50.0, positive),
        },
    }
    STATE = (Shown("prev", "p", "prev"), Shown("step_size", "s", "s"))
    ABOUT = {"rprop": "a step size per coordinate, ×etaplus while the slope keeps its sign, ×etaminus when it "
                      "flips; η is only the first step size"}
    REMARK = "its step size adapts to the sign of the slope; η only sets the first step size"

    def start(self, x0: Array) -> State:
        return {"prev": np.zeros(np.shape(x0)), "step_size": np.zeros(np.shape(x0))}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        minus, plus = p["etaminus"], p["etaplus"]
        prev, size = state["prev"], state["step_size"]
        if k == 0:
            size[...] = lr  # torch.full_like(grad, lr) at the first step, never read from lr again
        product = g * prev
        factor = np.where(product > 0, plus, np.where(product < 0, minus, 1.0))  # NaN: sign 0, factor 1
        size *= factor
        np.clip(size, p["step_min"], p["step_max"], out=size)  # clamp_(min, max): min > max gives max
        moved = np.where(factor == minus, 0.0, g)  # where the sign flipped, dfdx = 0
        direction = np.sign(moved)
        direction[np.isnan(direction)] = 0.0  # torch.sign(nan) is 0
        direction *= size
        prev[...] = moved
        return np.subtract(x, direction, out=direction)  # param.addcmul_(grad.sign(), step_size, value=-1)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        p = self.params
        minus, plus, low, high = p["etaminus"], p["etaplus"], p["step_min"], p["step_max"]
        prev, sizes = state["prev"], state["step_size"]

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            out, ps, ss = [], [], []
            for i, gi in enumerate(g):
                product = gi * prev[i]
                factor = plus if product > 0 else minus if product < 0 else 1.0
                s = (lr if k == 0 else sizes[i]) * factor
                s = s if s >= low or s != s else low  # clamp: NaN stays
                s = s if s <= high or s != s else high
                moved = 0.0 if factor == minus else gi
                out.append(x[i] - _sign(moved) * s)
                ps.append(moved)
                ss.append(s)
            prev[:], sizes[:] = ps, ss
            log["prev"].extend(ps)
            log["step_size"].extend(ss)
            return out

        return step

    def write(self, w: Writer) -> list[Equation]:
        p, fmt, k = self.params, w.fmt, w.k
        s, moved = w.state("step_size", k), w.state("prev", k)
        if s is None or moved is None:
            return w.unwritten()
        before = w.state("step_size", k - 1) if k else None
        prev = w.state("prev", k - 1) or [0.0] * len(s)
        minus, plus = float(p["etaminus"]), float(p["etaplus"])
        factors = [plus if gi * q > 0 else minus if gi * q < 0 else 1.0 for gi, q in zip(w.g, prev, strict=True)]
        S = w.at("s", k)
        start = fmt.vec([w.lr] * len(s)) if before is None else fmt.operand(before)
        eqs = [Equation(S, f"clamp({'η' if before is None else w.at('s', k - 1)}·f{subscript(k)})",
                        f"clamp({start} × {fmt.vec(factors)})", fmt.vec(s))]
        signs = [_sign(v) for v in moved]
        if all(v == 0.0 for v in signs):
            flipped = " (the slope flipped sign: no move)" if any(f == minus for f in factors) else ""
            eqs.append(Equation(w.Xn, f"{w.X}{flipped}", "", fmt.at(w.xn, operand=False)))
            return eqs
        eqs.append(w.move(f"sign({'p' + subscript(k)})·{S}", f"{fmt.vec(signs)} × {fmt.operand(s)}"))
        return eqs

