"""A toy optimizer in one module: sign descent, every coordinate moves by c·η against its slope.

    s_k     = sign(∇f(x_k))
    x_{k+1} = x_k − c·η_k·s_k

| parameter | default | meaning                               |
| --------- | ------- | ------------------------------------- |
| scale     | 1       | c, the length of a step in units of η |

State: ``sign`` = s, written s in the formula line, "sign" in the step table.

tests/test_toy_optimizer.py registers it (``lrtui.optim.registry.registered``) and shows the
command line, the app, the formula line and the JSON picking it up; docs/optimizers/adding.md
walks through it.
"""


from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lrtui.optim.optimizer import FloatStep, Lists, Optimizer, Shown, State
from lrtui.optim.spec import Param, positive
from lrtui.optim.writing import Equation, Writer


class SignDescent(Optimizer):
    TABLE = {"toy": {"scale": Param("float", 1.0, positive)}}
    STATE = (Shown("sign", "s", "sign"),)

    def start(self, x0: np.ndarray) -> State:
        return {"sign": np.zeros(np.shape(x0))}

    def update(self, x: np.ndarray, g: np.ndarray, lr: np.ndarray, k: int, state: State) -> np.ndarray:
        s = state["sign"]
        np.sign(g, out=s)
        step = np.multiply(lr, s)
        step *= self.params["scale"]
        return np.subtract(x, step, out=step)

    def on_floats(self, state: Lists, log: Lists) -> FloatStep:
        scale, kept, shown = self.params["scale"], state["sign"], log["sign"]

        def step(x: list[float], g: Sequence[float], lr: float, k: int) -> list[float]:
            signs = [1.0 if gi > 0 else -1.0 if gi < 0 else 0.0 if gi == 0 else gi for gi in g]
            kept[:] = signs
            shown.extend(signs)
            return [xi - lr * si * scale for xi, si in zip(x, signs, strict=True)]

        return step

    def write(self, w: Writer) -> list[Equation]:
        fmt, s = w.fmt, w.state("sign", w.k)
        if s is None:
            return w.unwritten()
        S = w.at("s", w.k)
        return [
            Equation(S, f"sign({w.G})", f"sign({fmt.vec(w.g)})", fmt.vec(s)),
            w.move(f"c·{w.eta}·{S}", f"{fmt.num(self.params['scale'])} × {fmt.num(w.lr)} × {fmt.operand(s)}"),
        ]
