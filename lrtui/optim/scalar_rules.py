"""The optimizers' update rules on Python floats, for one run: the same operations, the same bits.

:mod:`lrtui.optim.optimizers` is the reference: each rule there is torch's, on arrays of runs. Here
each rule is written again on lists of floats (one per parameter), operation by operation in
the same order — ``+ − * /`` and ``sqrt`` are correctly rounded by IEEE-754 in Python as in
NumPy, and scalars such as the bias corrections were Python floats there already — so a run
computed here has exactly the bits of the same run computed with arrays
(tests/test_scalar_engine.py checks every optimizer and schedule).

    rule = ScalarRule(opt, x0)                   # the state of opt.start(), as lists
    x = rule.rule(x, g, lr, k)                   # x_{k+1}; updates rule.state, logs what explains it
    x = rule.with_arrays(x, g, lr, k)            # the same step by the array rule: where rule raised

Where Python raises instead of answering inf or nan (0/0 when a denominator's eps is 0, the
square root of a rounding error below 0), the caller takes that one step with the array rule
(:meth:`ScalarRule.with_arrays`); a rule commits its state only once every operation of the
step succeeded, so the state it left is the state before the step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from .optimizers import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

Floats = list[float]
Lists = dict[str, Floats]
Step = Callable[[Floats, Sequence[float], float, int], Floats]


class ScalarRule:
    """One run's optimizer on floats, its state kept as lists under the array rule's names.

    Every step appends the state that explains it to ``log`` (name -> a flat list of d floats
    a step: what :meth:`Optimizer.explain` would say after that step); the engine takes the
    log a block at a time."""

    def __init__(self, optimizer: Optimizer, x0: Sequence[float]):
        self.optimizer = optimizer
        start = optimizer.start(np.array([list(x0)], dtype=np.float64))
        self.state: Lists = {name: [float(v) for v in value[0]] for name, value in start.items()}
        self.log: Lists = {name: [] for name in _EXPLAINS[type(optimizer)] if _explained(name, self.state)}
        # x_{k+1} from x_k, ∇f(x_k) and η_k; raises ArithmeticError or ValueError where Python refuses
        self.rule = _RULES[type(optimizer)](optimizer, self.state, self.log)

    def with_arrays(self, x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
        """The step taken by the array rule (where :attr:`rule` raised): the same bits NumPy gives."""
        d = len(x)
        for kept in self.log.values():  # what the refused step logged for some coordinates
            del kept[len(kept) // d * d :]
        if "step" in self.state:  # Adam's count of steps taken: k
            self.state["step"][:] = [float(k)] * d
        state = {name: np.array([values], dtype=np.float64) for name, values in self.state.items()}
        with np.errstate(all="ignore"):
            out = self.optimizer.update(np.array([x], dtype=np.float64), np.array([list(g)], dtype=np.float64),
                                        np.array([[lr]]), k, state)
            explained = self.optimizer.explain(state)
        for name, values in state.items():
            self.state[name][:] = [float(v) for v in values[0]]
        for name, kept in self.log.items():
            kept.extend(float(v) for v in explained[name][0])
        return [float(v) for v in out[0]]


def _explained(name: str, state: Lists) -> bool:
    """Is ``name`` part of what this optimizer explains (a momentum buffer only with momentum, …)?"""
    source = {"m_hat": "exp_avg", "v_hat": "exp_avg_sq", "max_v_hat": "max_exp_avg_sq"}.get(name, name)
    return source in state


# -- the rules -------------------------------------------------------------------------------------
# Each computes the step's new values first and commits the state (and its log) only at the end,
# so that a step Python refuses half-way can be taken again with arrays.
def _sgd(opt: Optimizer, state: Lists, log: Lists) -> Step:
    if opt.is_plain:
        def plain(x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
            return [xi - lr * gi for xi, gi in zip(x, g, strict=True)]

        return plain
    p = opt.params
    wd, mu, nesterov = p["weight_decay"], p["momentum"], p["nesterov"]
    damp = 1.0 - p["dampening"]
    buf = state.get("momentum_buffer", [])
    shown = log.get("momentum_buffer", [])

    def step(x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
        out, new = [], []
        for i, gi in enumerate(g):
            xi = x[i]
            if wd != 0.0:
                gi = wd * xi + gi
            if mu != 0.0:
                if k == 0:
                    b = gi
                elif damp == 1.0:
                    b = buf[i] * mu + gi
                else:
                    b = buf[i] * mu + damp * gi
                new.append(b)
                gi = mu * b + gi if nesterov else b
            out.append(xi - lr * gi)
        if mu != 0.0:
            buf[:] = new
            shown.extend(new)
        return out

    return step


def _adagrad(opt: Optimizer, state: Lists, log: Lists) -> Step:
    p = opt.params
    wd, eps, lr_decay = p["weight_decay"], p["eps"], p["lr_decay"]
    total, shown = state["sum"], log["sum"]
    sqrt = math.sqrt

    def step(x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
        decay = 1 + k * lr_decay
        clr = lr if decay == 1.0 else lr / decay
        out, new = [], []
        for i, gi in enumerate(g):
            xi = x[i]
            if wd != 0.0:
                gi = wd * xi + gi
            s = total[i] + gi * gi
            new.append(s)
            out.append(xi - clr * gi / (sqrt(s) + eps))
        total[:] = new
        shown.extend(new)
        return out

    return step


def _lerp(a: float, b: float, w: float) -> float:
    """torch.lerp(a, b, w) as :func:`lrtui.optim.optimizers._lerp_` computes it."""
    if abs(w) < 0.5:
        return a + (b - a) * w
    return b - (b - a) * (1.0 - w)


def _rmsprop(opt: Optimizer, state: Lists, log: Lists) -> Step:
    p = opt.params
    alpha, eps, momentum, centered, wd = p["alpha"], p["eps"], p["momentum"], p["centered"], p["weight_decay"]
    square_avg, grad_avg, buf = state["square_avg"], state.get("grad_avg", []), state.get("momentum_buffer", [])
    shown = [(state[name], log[name]) for name in ("square_avg", "grad_avg", "momentum_buffer") if name in log]
    sqrt = math.sqrt

    def step(x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
        out, sq, ga, new = [], [], [], []
        for i, gi in enumerate(g):
            xi = x[i]
            if wd != 0.0:
                gi = wd * xi + gi
            v = square_avg[i] * alpha + (1 - alpha) * gi * gi
            sq.append(v)
            if centered:
                a = _lerp(grad_avg[i], gi, 1 - alpha)
                ga.append(a)
                avg = sqrt(v - a * a) + eps
            else:
                avg = sqrt(v) + eps
            if momentum > 0:
                b = buf[i] * momentum + gi / avg
                new.append(b)
                out.append(xi - lr * b)
            else:
                out.append(xi - lr * gi / avg)
        square_avg[:] = sq
        if centered:
            grad_avg[:] = ga
        if momentum > 0:
            buf[:] = new
        for kept, shows in shown:
            shows.extend(kept)
        return out

    return step


def _adam(opt: Optimizer, state: Lists, log: Lists) -> Step:
    p = opt.params
    beta1, beta2, eps, wd, amsgrad = p["beta1"], p["beta2"], p["eps"], p["weight_decay"], p["amsgrad"]
    decoupled = isinstance(opt, AdamW)
    m_state, v_state = state["exp_avg"], state["exp_avg_sq"]  # "step" is k, set when arrays take a step
    v_max = state.get("max_exp_avg_sq", [])
    m_hat, v_hat, max_v_hat = log["m_hat"], log["v_hat"], log.get("max_v_hat", [])
    sqrt = math.sqrt
    w1 = 1 - beta1
    near = abs(w1) < 0.5  # torch.lerp's branch (lrtui.optim.optimizers._lerp_)

    def step(x: Floats, g: Sequence[float], lr: float, k: int) -> Floats:
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


_RULES: dict[type[Optimizer], Callable[[Optimizer, Lists, Lists], Step]] = {
    SGD: _sgd, Adagrad: _adagrad, RMSprop: _rmsprop, Adam: _adam, AdamW: _adam,
}
# what each explains (the names Optimizer.explain gives), when the optimizer keeps that state
_EXPLAINS: dict[type[Optimizer], tuple[str, ...]] = {
    SGD: ("momentum_buffer",),
    Adagrad: ("sum",),
    RMSprop: ("square_avg", "grad_avg", "momentum_buffer"),
    Adam: ("m_hat", "v_hat", "max_v_hat"),
    AdamW: ("m_hat", "v_hat", "max_v_hat"),
}

__all__ = ["ScalarRule"]
