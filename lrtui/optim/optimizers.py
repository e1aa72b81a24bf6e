"""Optimizers, vectorized over runs: the update rule that turns x_k and ∇f(x_k) into x_{k+1}.

An optimizer holds its hyper-parameters; its state lives in a dict of arrays the engine
passes back on every step, all shaped like ``x``: ``(runs, d)``.

    opt = parse_optimizer("adam:beta1=0.8")
    state = opt.start(x0)                       # x0: (runs, d)
    x_next = opt.update(x, g, lr, k, state)     # lr: (runs, 1) the η_k of each run; k = 0, 1, 2, ...
    opt.explain(state)                          # {"m_hat": (runs, d), "v_hat": (runs, d)}

``explain`` returns the state that explains the step just taken (fresh arrays; the engine
records them).

Every rule follows torch.optim's single-tensor implementation (``foreach=False``) in
float64, operation by operation, with the defaults and parameter names of torch:

=========  ==================================================================================
sgd        x ← x − η·g                     (momentum=0, dampening=0, nesterov=false, weight_decay=0)
momentum   SGD with momentum=0.9: b ← g on the first step, then b ← μ·b + (1−dampening)·g;
           x ← x − η·b                     ``explain``: ``momentum_buffer`` = b
nesterov   as momentum, then x ← x − η·(g + μ·b)
adagrad    s ← s + g²; x ← x − clr·g / (√s + eps), clr = η / (1 + k·lr_decay)
           (lr_decay=0, initial_accumulator_value=0, eps=1e-10, weight_decay=0)
           ``explain``: ``sum`` = s
rmsprop    v ← α·v + (1−α)·g²; x ← x − η·g / (√v + eps)
           (alpha=0.99, eps=1e-8, momentum=0, centered=false, weight_decay=0); centered uses
           √(v − ḡ²) with ḡ ← lerp(ḡ, g, 1−α); momentum b ← μ·b + g/(…); x ← x − η·b
           ``explain``: ``square_avg`` = v (+ ``grad_avg``, ``momentum_buffer`` when used)
adam       m ← lerp(m, g, 1−β1); v ← β2·v + (1−β2)·g²; with step t = k+1,
           bc1 = 1 − β1^t, bc2 = 1 − β2^t:  x ← x − (η/bc1)·m / (√v/√bc2 + eps)
           (beta1=0.9, beta2=0.999, eps=1e-8, amsgrad=false, weight_decay=0 — L2, added to g)
           ``explain``: ``m_hat`` = m/bc1 and ``v_hat`` = v/bc2, the bias-corrected moments;
           with amsgrad also ``max_v_hat`` = max(v_0..v_t)/bc2, the one in the denominator
adamw      as adam with weight_decay=0.01 decoupled: x ← x·(1 − η·wd) before the step
=========  ==================================================================================

Exactness. Scalars (bias corrections, ``1 − β``, ``clr``'s denominator) are Python floats
computed as torch computes them (``bc2 ** 0.5``, not ``math.sqrt``). One difference cannot
be removed without slowing every step many times: torch's CPU kernels fuse
``a + α·b`` (``add(alpha=)``, ``addcmul``, ``lerp``) into one FMA with a single rounding,
even for one-element tensors, while NumPy rounds the product and the sum separately. So a
step agrees with torch to about one ulp, and trajectories to ~1e-15 relative wherever the
iteration does not amplify rounding (tests/golden holds the torch reference).

Weight decay and the decoupled AdamW decay never modify the caller's ``x`` or ``g``.
The engine runs ``update`` under ``np.errstate(all="ignore")``; a diverging run makes
inf/nan here like in torch, and the engine turns them into statuses.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from ..errors import InputError
from ..problem import Array
from .spec import Param, Spec, in_closed_unit, in_unit, non_negative, parse_spec, spec_text

__all__ = ["PARAMETERS", "SGD", "Optimizer", "parse_optimizer"]

State = dict[str, Array]


def _sgd_params(momentum: float, nesterov: bool) -> dict[str, Param]:
    return {
        "momentum": Param("float", momentum, in_unit),  # μ
        "dampening": Param("float", 0.0, in_closed_unit),  # the new gradient is scaled by 1 − dampening
        "nesterov": Param("bool", nesterov),
        "weight_decay": Param("float", 0.0, non_negative),  # L2, added to the gradient
    }


def _adam_params(weight_decay: float) -> dict[str, Param]:
    return {
        "beta1": Param("float", 0.9, in_unit),  # decay of the first moment
        "beta2": Param("float", 0.999, in_unit),  # decay of the second moment
        "eps": Param("float", 1e-8, non_negative),  # added to the denominator, outside the root
        "amsgrad": Param("bool", False),  # use the running maximum of the second moment
        "weight_decay": Param("float", weight_decay, non_negative),
    }


PARAMETERS: dict[str, dict[str, Param]] = {
    "sgd": _sgd_params(0.0, False),
    "momentum": _sgd_params(0.9, False),
    "nesterov": _sgd_params(0.9, True),
    "adagrad": {
        "lr_decay": Param("float", 0.0, non_negative),  # η_k = η / (1 + k·lr_decay)
        "initial_accumulator_value": Param("float", 0.0, non_negative),  # the starting sum of g²
        "eps": Param("float", 1e-10, non_negative),
        "weight_decay": Param("float", 0.0, non_negative),
    },
    "rmsprop": {
        "alpha": Param("float", 0.99, in_unit),  # decay of the mean of g²
        "eps": Param("float", 1e-8, non_negative),
        "momentum": Param("float", 0.0, in_unit),
        "centered": Param("bool", False),  # divide by the variance estimate instead
        "weight_decay": Param("float", 0.0, non_negative),
    },
    "adam": _adam_params(0.0),
    "adamw": _adam_params(0.01),
}
_SGD_FAMILY = ("sgd", "momentum", "nesterov")  # one rule; the names differ only in their defaults

_HINTS = {"lr": " (the learning rates η are given separately)"}


def _lerp_(a: Array, b: Array, w: float) -> None:
    """a ← torch.lerp(a, b, w), in place, with torch's branch on |w| < 0.5."""
    if abs(w) < 0.5:
        t = np.subtract(b, a)
        t *= w
        a += t
    else:
        t = np.subtract(b, a)
        t *= 1.0 - w
        np.subtract(b, t, out=a)


@dataclass(frozen=True, eq=False)
class Optimizer(Spec, ABC):
    """An update rule with its hyper-parameters (every one, defaults included).

    ``text`` is the canonical spec (``"adam:beta1=0.8"``): the same rule always has the
    same text, however it was typed (``SGD``, ``sgd:momentum=0`` and ``momentum:momentum=0``
    are all ``"sgd"``). ``is_plain``: the rule is plain gradient descent, x ← x − η·∇f(x).
    """

    TABLE = PARAMETERS

    @property
    def is_plain(self) -> bool:
        return False

    @abstractmethod
    def start(self, x0: Array) -> State:
        """The state before the first step, for runs starting at x0 (runs, d)."""

    @abstractmethod
    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        """x_{k+1} from x_k, ∇f(x_k) and η_k (runs, 1); updates ``state`` in place."""

    @abstractmethod
    def explain(self, state: State) -> State:
        """The state that explains the step just taken (fresh arrays)."""


@dataclass(frozen=True, eq=False)
class SGD(Optimizer):
    """torch's SGD: plain descent, heavy-ball momentum and Nesterov (sgd, momentum, nesterov)."""

    name: str = "sgd"
    params: dict[str, Any] = field(default_factory=lambda: {k: p.default for k, p in PARAMETERS["sgd"].items()})

    @cached_property  # asked on every step
    def is_plain(self) -> bool:
        return bool(self.params["momentum"] == 0.0 and self.params["weight_decay"] == 0.0)

    def start(self, x0: Array) -> State:
        if self.params["momentum"] != 0.0:
            return {"momentum_buffer": np.zeros(np.shape(x0))}
        return {}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        if self.is_plain:  # the hot path: x − η·g, one temporary
            step = np.multiply(lr, g)
            return np.subtract(x, step, out=step)
        p = self.params
        wd, mu = p["weight_decay"], p["momentum"]
        if wd != 0.0:
            g = wd * x + g  # grad.add(param, alpha=wd)
        if mu != 0.0:
            buf = state["momentum_buffer"]
            if k == 0:
                buf[...] = g  # torch: the first buffer is a plain copy of the gradient
            else:
                buf *= mu
                damp = 1.0 - p["dampening"]
                if damp == 1.0:
                    buf += g
                else:
                    buf += damp * g
            if p["nesterov"]:
                g = mu * buf + g  # grad.add(buf, alpha=momentum)
            else:
                g = buf
        step = np.multiply(lr, g)
        return np.subtract(x, step, out=step)  # param.add_(grad, alpha=-lr)

    def explain(self, state: State) -> State:
        if "momentum_buffer" in state:
            return {"momentum_buffer": state["momentum_buffer"].copy()}
        return {}


class Adagrad(Optimizer):
    def start(self, x0: Array) -> State:
        return {"sum": np.full(np.shape(x0), float(self.params["initial_accumulator_value"]))}

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        s = state["sum"]
        s += g * g  # state_sum.addcmul_(grad, grad, value=1)
        std = np.sqrt(s)
        std += p["eps"]
        decay = 1 + k * p["lr_decay"]  # step - 1 == k
        clr = lr if decay == 1.0 else lr / decay
        t = np.multiply(clr, g)
        t /= std
        return np.subtract(x, t, out=t)  # param.addcdiv_(grad, std, value=-clr)

    def explain(self, state: State) -> State:
        return {"sum": state["sum"].copy()}


class RMSprop(Optimizer):
    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        state = {"square_avg": np.zeros(shape)}
        if self.params["centered"]:
            state["grad_avg"] = np.zeros(shape)
        if self.params["momentum"] > 0:
            state["momentum_buffer"] = np.zeros(shape)
        return state

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        alpha = p["alpha"]
        if p["weight_decay"] != 0.0:
            g = p["weight_decay"] * x + g
        sq = state["square_avg"]
        sq *= alpha
        t = (1 - alpha) * g
        t *= g
        sq += t  # square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if p["centered"]:
            ga = state["grad_avg"]
            _lerp_(ga, g, 1 - alpha)
            avg = np.multiply(ga, ga)
            np.subtract(sq, avg, out=avg)
            np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(sq)
        avg += p["eps"]
        if p["momentum"] > 0:
            buf = state["momentum_buffer"]
            buf *= p["momentum"]
            buf += g / avg  # buf.mul_(momentum).addcdiv_(grad, avg)
            step = np.multiply(lr, buf)
        else:
            step = np.multiply(lr, g)
            step /= avg  # param.addcdiv_(grad, avg, value=-lr)
        return np.subtract(x, step, out=step)

    def explain(self, state: State) -> State:
        return {name: state[name].copy() for name in ("square_avg", "grad_avg", "momentum_buffer") if name in state}


class Adam(Optimizer):
    """adam and adamw (``decoupled`` weight decay)."""

    decoupled = False

    def start(self, x0: Array) -> State:
        shape = np.shape(x0)
        state = {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}
        if self.params["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros(shape)
        return state

    def update(self, x: Array, g: Array, lr: Array, k: int, state: State) -> Array:
        p = self.params
        beta1, beta2, wd = p["beta1"], p["beta2"], p["weight_decay"]
        state["step"] += 1.0
        step = float(k + 1)
        if wd != 0.0:
            if self.decoupled:
                x = x * (1 - lr * wd)  # param.mul_(1 - lr * weight_decay)
            else:
                g = wd * x + g
        m, v = state["exp_avg"], state["exp_avg_sq"]
        _lerp_(m, g, 1 - beta1)
        v *= beta2
        t = (1 - beta2) * g
        t *= g
        v += t  # exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
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
        beta1, beta2 = self.params["beta1"], self.params["beta2"]
        out = {
            "m_hat": state["exp_avg"] / (1 - beta1**t),
            "v_hat": state["exp_avg_sq"] / (1 - beta2**t),
        }
        if "max_exp_avg_sq" in state:
            out["max_v_hat"] = state["max_exp_avg_sq"] / (1 - beta2**t)
        return out


class AdamW(Adam):
    decoupled = True


_CLASSES: dict[str, type[Optimizer]] = {
    "sgd": SGD,
    "momentum": SGD,
    "nesterov": SGD,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}

PLAIN = SGD()  # plain gradient descent, the default optimizer


def parse_optimizer(text: str) -> Optimizer:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "optimizer") on anything else.

    Booleans are ``true``/``false``. ``opt.params`` holds every parameter, defaults included;
    ``opt.text`` is the canonical spec: the SGD family is named by whichever of sgd, momentum
    and nesterov needs the fewest explicit parameters (``sgd:momentum=0.9`` is ``momentum``).
    """
    name, params, _ = parse_spec(text, PARAMETERS, "optimizer", hints=_HINTS)
    if name in _SGD_FAMILY:
        if params["nesterov"] and (params["momentum"] <= 0 or params["dampening"] != 0):
            who = name if name == "nesterov" else f"{name} with nesterov=true"
            raise InputError(
                f"{who} needs momentum > 0 and dampening = 0, "
                f"got momentum={params['momentum']:g}, dampening={params['dampening']:g}",
                field="optimizer",
            )
        texts = [spec_text(n, params, PARAMETERS[n]) for n in (name, *_SGD_FAMILY)]
        return SGD(name=name, params=params, text=min(texts, key=lambda t: t.count("=")))
    return _CLASSES[name](name=name, params=params)
