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

from dataclasses import dataclass, field

import numpy as np

from .errors import InputError
from .specs import Param, in_closed_unit, in_unit, non_negative, parse_spec

__all__ = ["OPTIMIZERS", "PARAMETERS", "SGD", "Optimizer", "describe", "parse_optimizer"]

OPTIMIZERS: dict[str, str] = {
    "sgd": "plain gradient descent: x ← x − η·∇f",
    "momentum": "SGD with heavy-ball momentum 0.9 (torch SGD momentum=0.9)",
    "nesterov": "SGD with Nesterov momentum 0.9 (torch SGD nesterov=True)",
    "adagrad": "per-coordinate steps η/√(sum of g²): steps shrink as gradients pile up",
    "rmsprop": "per-coordinate steps η/√(running mean of g²), α=0.99",
    "adam": "momentum plus RMSprop scaling with bias correction (β1=0.9, β2=0.999)",
    "adamw": "Adam with decoupled weight decay 0.01 (x shrinks by η·wd each step)",
}


def _sgd_params(momentum: float, nesterov: bool) -> dict[str, Param]:
    return {
        "momentum": Param("float", momentum, in_unit, "momentum factor μ"),
        "dampening": Param("float", 0.0, in_closed_unit, "scales the new gradient by 1 − dampening"),
        "nesterov": Param("bool", nesterov, None, "Nesterov momentum"),
        "weight_decay": Param("float", 0.0, non_negative, "L2 penalty added to the gradient"),
    }


def _adam_params(weight_decay: float) -> dict[str, Param]:
    return {
        "beta1": Param("float", 0.9, in_unit, "decay of the first moment"),
        "beta2": Param("float", 0.999, in_unit, "decay of the second moment"),
        "eps": Param("float", 1e-8, non_negative, "added to the denominator, outside the root"),
        "amsgrad": Param("bool", False, None, "use the running maximum of the second moment"),
        "weight_decay": Param("float", weight_decay, non_negative, "weight decay"),
    }


PARAMETERS: dict[str, dict[str, Param]] = {
    "sgd": _sgd_params(0.0, False),
    "momentum": _sgd_params(0.9, False),
    "nesterov": _sgd_params(0.9, True),
    "adagrad": {
        "lr_decay": Param("float", 0.0, non_negative, "η_k = η / (1 + k·lr_decay)"),
        "initial_accumulator_value": Param("float", 0.0, non_negative, "starting sum of g²"),
        "eps": Param("float", 1e-10, non_negative, "added to the denominator, outside the root"),
        "weight_decay": Param("float", 0.0, non_negative, "L2 penalty added to the gradient"),
    },
    "rmsprop": {
        "alpha": Param("float", 0.99, in_unit, "decay of the mean of g²"),
        "eps": Param("float", 1e-8, non_negative, "added to the denominator, outside the root"),
        "momentum": Param("float", 0.0, in_unit, "momentum factor"),
        "centered": Param("bool", False, None, "divide by the variance estimate instead"),
        "weight_decay": Param("float", 0.0, non_negative, "L2 penalty added to the gradient"),
    },
    "adam": _adam_params(0.0),
    "adamw": _adam_params(0.01),
}

_HINTS = {"lr": " (the learning rates η are given separately)"}


def _lerp_(a: np.ndarray, b: np.ndarray, w: float) -> None:
    """a ← torch.lerp(a, b, w), in place, with torch's branch on |w| < 0.5."""
    if abs(w) < 0.5:
        t = np.subtract(b, a)
        t *= w
        a += t
    else:
        t = np.subtract(b, a)
        t *= 1.0 - w
        np.subtract(b, t, out=a)


@dataclass
class Optimizer:
    """Base class, and plain SGD when used as is (``Optimizer()`` is ``sgd``)."""

    name: str = "sgd"
    params: dict = field(
        default_factory=lambda: {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0}
    )
    text: str = "sgd"

    def __post_init__(self) -> None:
        p = self.params
        self._plain = p.get("momentum", 0.0) == 0.0 and p.get("weight_decay", 0.0) == 0.0

    # -- the SGD family (sgd, momentum, nesterov) ------------------------------------------

    def start(self, x0: np.ndarray) -> dict[str, np.ndarray]:
        if self.params.get("momentum", 0.0) != 0.0:
            return {"momentum_buffer": np.zeros(np.shape(x0))}
        return {}

    def update(self, x, g, lr, k: int, state: dict[str, np.ndarray]) -> np.ndarray:
        if self._plain:  # the hot path: x − η·g, one temporary
            step = np.multiply(lr, g)
            return np.subtract(x, step, out=step)
        p = self.params
        wd = p.get("weight_decay", 0.0)
        mu = p.get("momentum", 0.0)
        if wd != 0.0:
            g = wd * x + g  # grad.add(param, alpha=wd)
        if mu != 0.0:
            buf = state["momentum_buffer"]
            if k == 0:
                buf[...] = g  # torch: the first buffer is a plain copy of the gradient
            else:
                buf *= mu
                damp = 1.0 - p.get("dampening", 0.0)
                if damp == 1.0:
                    buf += g
                else:
                    buf += damp * g
            if p.get("nesterov", False):
                g = mu * buf + g  # grad.add(buf, alpha=momentum)
            else:
                g = buf
        step = np.multiply(lr, g)
        return np.subtract(x, step, out=step)  # param.add_(grad, alpha=-lr)

    def explain(self, state: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        if "momentum_buffer" in state:
            return {"momentum_buffer": state["momentum_buffer"].copy()}
        return {}


class Adagrad(Optimizer):
    def start(self, x0):
        return {"sum": np.full(np.shape(x0), float(self.params["initial_accumulator_value"]))}

    def update(self, x, g, lr, k, state):
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

    def explain(self, state):
        return {"sum": state["sum"].copy()}


class RMSprop(Optimizer):
    def start(self, x0):
        shape = np.shape(x0)
        state = {"square_avg": np.zeros(shape)}
        if self.params["centered"]:
            state["grad_avg"] = np.zeros(shape)
        if self.params["momentum"] > 0:
            state["momentum_buffer"] = np.zeros(shape)
        return state

    def update(self, x, g, lr, k, state):
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

    def explain(self, state):
        return {name: state[name].copy() for name in ("square_avg", "grad_avg", "momentum_buffer") if name in state}


class Adam(Optimizer):
    """adam and adamw (``decoupled`` weight decay)."""

    decoupled = False

    def start(self, x0):
        shape = np.shape(x0)
        state = {"step": np.zeros(shape), "exp_avg": np.zeros(shape), "exp_avg_sq": np.zeros(shape)}
        if self.params["amsgrad"]:
            state["max_exp_avg_sq"] = np.zeros(shape)
        return state

    def update(self, x, g, lr, k, state):
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
        t = np.divide(lr, bias_correction1)  # step_size
        t = t * m
        t /= denom  # param.addcdiv_(exp_avg, denom, value=-step_size)
        return np.subtract(x, t, out=t)

    def explain(self, state):
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
    "sgd": Optimizer,
    "momentum": Optimizer,
    "nesterov": Optimizer,
    "adagrad": Adagrad,
    "rmsprop": RMSprop,
    "adam": Adam,
    "adamw": AdamW,
}

SGD = Optimizer()


def parse_optimizer(text: str) -> Optimizer:
    """Parse ``NAME[:key=value,...]``; raise InputError (field "optimizer") on anything else.

    Booleans are ``true``/``false``. ``opt.params`` holds every parameter, defaults included.
    """
    name, params, _ = parse_spec(text, PARAMETERS, "optimizer", hints=_HINTS)
    if name in ("sgd", "momentum", "nesterov") and params["nesterov"]:  # noqa: SIM102
        if params["momentum"] <= 0 or params["dampening"] != 0:
            who = name if name == "nesterov" else f"{name} with nesterov=true"
            raise InputError(
                f"{who} needs momentum > 0 and dampening = 0, "
                f"got momentum={params['momentum']:g}, dampening={params['dampening']:g}",
                field="optimizer",
            )
    return _CLASSES[name](name=name, params=params, text=text.strip())


def describe(opt: Optimizer) -> str:
    """``adam (beta1=0.8, beta2=0.999, ...)``: every parameter, for help and exports."""
    from .specs import format_value

    inner = ", ".join(f"{k}={format_value(v)}" for k, v in opt.params.items())
    return f"{opt.name} ({inner})" if inner else opt.name
