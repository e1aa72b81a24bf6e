"""The arithmetic of one step, written out in the lesson's notation with its own numbers.

    step_formula(result, r, k).text()
    # 'x₁ = x₀ − η·f'(x₀) = 10 − 0.1 × 16 = 8.4; f: 64 → 54.76 ↓'

Plain descent is one equation. Other optimizers first show the state that drives the step
(the momentum buffer's update, Adam's m̂ and v̂, the running sums of g²), then the move.
With two parameters every quantity is a vector, written (x, y). Numbers carry 6 significant
digits, enough to redo the arithmetic; the result is the recorded x_{k+1}, not a recomputation.
At a run's last record no step was taken: the formula says why.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..engine.result import Status
from ..optim.optimizers import Optimizer

if TYPE_CHECKING:
    from ..engine.result import Result

__all__ = ["Equation", "Formula", "fitted", "number", "step_formula", "subscript"]

DIGITS = 6
_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")
MINUS = "−"
STATE_NAMES = {"momentum_buffer": "b", "square_avg": "v", "grad_avg": "ḡ", "sum": "s", "m_hat": "m̂",
               "v_hat": "v̂", "max_v_hat": "v̂max"}


def subscript(k: int) -> str:
    return str(k).translate(_SUB)


def number(v: float, digits: int = DIGITS) -> str:
    """v with ``digits`` significant digits, a true minus sign and a short exponent (1e-8, 2.5e12)."""
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "∞" if v > 0 else f"{MINUS}∞"
    text = f"{abs(v):.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = f"{mant}e{int(exp)}"  # 1e-8, 2.5e12: a short exponent, an ASCII sign a calculator takes
    return text if v >= 0 or text == "0" else MINUS + text


@dataclass(frozen=True)
class Equation:
    """``lhs = rule = numbers = value``; a state value alone has neither rule nor numbers."""

    lhs: str
    rule: str
    numbers: str
    value: str

    def text(self, rule: bool = True) -> str:
        parts = [self.lhs]
        if rule and self.rule:
            parts.append(self.rule)
        if self.numbers:
            parts.append(self.numbers)
        parts.append(self.value)
        return " = ".join(parts)


@dataclass(frozen=True)
class Formula:
    """The state equations, then the move; ``note`` says how f changed or why no step was taken."""

    equations: tuple[Equation, ...]
    note: str = ""
    went: str = field(default="", compare=False)  # "down", "up", "flat" or "" (no step)
    short_note: str = field(default="", compare=False)  # the note in a few characters: "f ↓"

    def variants(self) -> list[str]:
        """The whole line first, then shorter forms: the note shortened, the state's rules
        dropped, every rule dropped; what f did (↓ or ↑) stays while anything does."""
        *state, move = self.equations
        full = [e.text() for e in self.equations]
        lean = [e.text(rule=False) for e in state] + [move.text()]
        bare = [e.text(rule=False) for e in self.equations]
        out = []
        for eqs in (full, lean, bare, [move.text(rule=False)]):
            line = "; ".join(eqs)
            out += [f"{line}; {note}" for note in (self.note, self.short_note) if note]
            out.append(line)
        return list(dict.fromkeys(out))

    def text(self) -> str:
        return self.variants()[0]

    def fitted(self, width: int) -> str:
        """The richest form that fits ``width`` cells; cut with … when none does."""
        forms = self.variants()
        for form in forms:
            if len(form) <= width:
                return form
        last = forms[-1]
        return last[: max(width - 1, 0)] + "…" if width > 0 else ""


@dataclass(frozen=True)
class _Numbers:
    """Numbers as the formula writes them, with ``digits`` significant digits."""

    digits: int = DIGITS
    x_digits: int = DIGITS  # for x_k and x_{k+1}: more when they would read the same

    def num(self, v: float) -> str:
        return number(v, self.digits)

    def at(self, values: Sequence[float], operand: bool = True) -> str:
        """A position (x_k, x_{k+1}) with ``x_digits``; as an operand (a negative scalar in parentheses)."""
        fmt = _Numbers(self.x_digits, self.x_digits)
        return fmt.operand(values) if operand else fmt.vec(values)

    def vec(self, values: Sequence[float]) -> str:
        if len(values) == 1:
            return self.num(values[0])
        return "(" + ", ".join(self.num(v) for v in values) + ")"

    def operand(self, values: Sequence[float]) -> str:
        """A number that follows an operator: a negative scalar gets parentheses."""
        text = self.vec(values)
        return f"({text})" if len(values) == 1 and text.startswith(MINUS) else text

    def squared(self, values: Sequence[float]) -> str:
        if len(values) == 1:
            return f"{self.operand(values)}²"
        return "(" + ", ".join(f"{self.operand([v])}²" for v in values) + ")"

    def root(self, values: Sequence[float]) -> str:
        return f"√{self.vec(values)}"


class _Names:
    """The symbols of one run: x or (x, y), f'(x) or ∇f, η or η_k."""

    def __init__(self, result: Result, k: int):
        params = result.parameters
        self.one = len(params) == 1
        self.point = params[0] if self.one else "(" + ", ".join(params) + ")"
        self.f = "L" if tuple(params) == ("w", "b") else "f"
        self.k = k
        self.eta = "η" if result.schedule.is_constant else f"η{subscript(k)}"

    def at(self, name: str, k: int) -> str:
        return f"{name}{subscript(k)}"

    def x(self, k: int) -> str:
        return self.at(self.point, k)

    def grad(self) -> str:
        if self.one:
            return f"{self.f}'({self.x(self.k)})"
        return f"∇{self.f}"


def _row(a: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(a, dtype=np.float64).reshape(-1)]


def step_formula(result: Result, r: int, k: int, digits: int = DIGITS) -> Formula:
    """The step from record k of run r to record k+1 (or, at its last record, why there is none),
    its numbers with ``digits`` significant digits."""
    last = int(result.stopped_at[r])
    k = max(0, min(int(k), last))
    x_digits = digits
    if k < last:  # x_k and x_{k+1} must read differently when they differ (2.0000008 → 2.0000002)
        x_digits = _telling_apart(_row(result.x[r, k]), _row(result.x[r, k + 1]), digits)
    fmt = _Numbers(digits, x_digits)
    n = _Names(result, k)
    x = _row(result.x[r, k])
    if k >= last:
        return Formula((Equation(n.x(k), "", "", fmt.vec(x)),), _why_stopped(result, r, k, n))
    opt = result.optimizers[r]
    eqs = _equations(result, r, k, n, opt, fmt)
    f0, f1 = float(result.loss[r, k]), float(result.loss[r, k + 1])
    if math.isnan(f1) or math.isnan(f0):  # the step left the domain of f
        return Formula(tuple(eqs), f"{n.f}({n.x(k + 1)}) is undefined", "", f"{n.f} undefined")
    went = "down" if f1 < f0 else "up" if f1 > f0 else "flat"
    arrow = {"down": "↓", "up": "↑", "flat": "="}[went]
    note = f"{n.f}: {fmt.num(f0)} → {fmt.num(f1)} {arrow}"
    return Formula(tuple(eqs), note, went, f"{n.f} {arrow}")


def _telling_apart(a: list[float], b: list[float], digits: int, most: int = 15) -> int:
    """The fewest digits (≥ ``digits``, ≤ ``most``) that write every differing pair differently."""
    while digits < most and any(x != y and number(x, digits) == number(y, digits) for x, y in zip(a, b, strict=True)):
        digits += 1
    return digits


def fitted(result: Result, r: int, k: int, width: int) -> tuple[str, Formula]:
    """The step's line in at most ``width`` cells: the richest form with 6 significant digits;
    where none fits, with 4 or 3 digits (the result stays on the line); cut with … at the last."""
    for digits in (DIGITS, 4, 3):
        formula = step_formula(result, r, k, digits)
        line = formula.fitted(width)
        if not line.endswith("…"):
            return line, formula
    return line, formula


def _why_stopped(result: Result, r: int, k: int, n: _Names) -> str:
    status = result.status[r]
    if status == Status.CONVERGED:
        size = float(np.linalg.norm(result.grad[r, k]))
        grad = f"|{n.grad()}|" if n.one else f"‖∇{n.f}‖"
        return f"converged: {grad} = {number(size, 3)} < tol = {number(result.tol, 3)}, no step taken"
    if status == Status.DIVERGED:
        return f"diverged at step {k:,}: no step taken"
    if status == Status.LEFT_DOMAIN:
        return f"{n.f} is undefined here (left the domain at step {k:,}): no step taken"
    how = result.status_text(r).rsplit(" at step ", 1)[0]  # still moving, bouncing, in a cycle of 4 points, …
    return f"{how}; the last of {result.steps:,} steps"


def _equations(result: Result, r: int, k: int, n: _Names, opt: Optimizer, fmt: _Numbers) -> list[Equation]:
    x, g, xn = _row(result.x[r, k]), _row(result.grad[r, k]), _row(result.x[r, k + 1])
    lr = float(result.lr[r, k])
    p = opt.params
    eta, X, Xn = n.eta, n.x(k), n.x(k + 1)
    eqs: list[Equation] = []
    G = n.grad()
    wd = float(p.get("weight_decay", 0.0))
    if wd and opt.name != "adamw":  # L2: the gradient the optimizer sees, torch's grad + wd·x
        geff = [gi + wd * xi for gi, xi in zip(g, x, strict=True)]
        name = n.at("g", k)
        eqs.append(Equation(name, f"{G} + λ·{X}", f"{fmt.vec(g)} + {fmt.num(wd)} × {fmt.at(x)}", fmt.vec(geff)))
        G, g = name, geff

    def state(key: str, at: int) -> list[float] | None:
        values = result.state.get(key)
        if values is None or at < 0:
            return None
        row = _row(values[r, at])
        return None if any(math.isnan(v) for v in row) else row

    def move(rule: str, numbers: str) -> Equation:
        return Equation(Xn, f"{X} − {rule}", f"{fmt.at(x, operand=False)} − {numbers}", fmt.at(xn, operand=False))

    if opt.name in ("sgd", "momentum", "nesterov"):
        mu = float(p.get("momentum", 0.0))
        if mu == 0.0:
            eqs.append(move(f"{eta}·{_wrap(G)}", f"{fmt.num(lr)} × {fmt.operand(g)}"))
            return eqs
        b, bprev = state("momentum_buffer", k), state("momentum_buffer", k - 1)
        B = n.at("b", k)
        if b is None:
            return _fallback(eqs, n, x, xn, k, result, r, fmt)
        if k == 0 or bprev is None:
            eqs.append(Equation(B, G, "", fmt.vec(b)))
        else:
            damp = 1.0 - float(p.get("dampening", 0.0))
            rule = f"μ·{n.at('b', k - 1)} + " + (G if damp == 1.0 else f"(1 − d)·{G}")
            nums = f"{fmt.num(mu)} × {fmt.operand(bprev)} + " + (
                fmt.operand(g) if damp == 1.0 else f"{fmt.num(damp)} × {fmt.operand(g)}"
            )
            eqs.append(Equation(B, rule, nums, fmt.vec(b)))
        if p.get("nesterov", False):
            ahead = f"{fmt.vec(g)} + {fmt.num(mu)} × {fmt.operand(b)}"
            eqs.append(move(f"{eta}·({G} + μ·{B})", f"{fmt.num(lr)} × ({ahead})"))
        else:
            eqs.append(move(f"{eta}·{B}", f"{fmt.num(lr)} × {fmt.operand(b)}"))
        return eqs
    if opt.name == "adagrad":
        s = state("sum", k)
        if s is None:
            return _fallback(eqs, n, x, xn, k, result, r, fmt)
        sprev = state("sum", k - 1) or [float(p["initial_accumulator_value"])] * len(x)
        S = n.at("s", k)
        eqs.append(Equation(S, f"{n.at('s', k - 1) if k else 's₋₁'} + {_wrap(G)}²",
                            f"{fmt.vec(sprev)} + {fmt.squared(g)}", fmt.vec(s)))
        eps = float(p["eps"])
        decay = float(p["lr_decay"])
        step_lr = f"{eta}/(1 + {k}·δ)" if decay else eta
        lr_num = f"{fmt.num(lr)}/(1 + {k} × {fmt.num(decay)})" if decay else fmt.num(lr)
        eqs.append(move(f"{step_lr}·{_wrap(G)}/(√{S} + ε)",
                        f"{lr_num} × {fmt.operand(g)}/({fmt.root(s)} + {fmt.num(eps)})"))
        return eqs
    if opt.name == "rmsprop" and not p["centered"] and not p["momentum"]:
        v = state("square_avg", k)
        if v is None:
            return _fallback(eqs, n, x, xn, k, result, r, fmt)
        vprev = state("square_avg", k - 1) or [0.0] * len(x)
        a = float(p["alpha"])
        V = n.at("v", k)
        eqs.append(Equation(V, f"α·{n.at('v', k - 1)} + (1 − α)·{_wrap(G)}²",
                            f"{fmt.num(a)} × {fmt.operand(vprev)} + {fmt.num(1 - a)} × {fmt.squared(g)}", fmt.vec(v)))
        eqs.append(move(f"{eta}·{_wrap(G)}/(√{V} + ε)",
                        f"{fmt.num(lr)} × {fmt.operand(g)}/({fmt.root(v)} + {fmt.num(float(p['eps']))})"))
        return eqs
    if opt.name in ("adam", "adamw"):
        m, v = state("m_hat", k), state("max_v_hat", k) if p["amsgrad"] else state("v_hat", k)
        if m is None or v is None:
            return _fallback(eqs, n, x, xn, k, result, r, fmt)
        M, V = n.at("m̂", k), n.at("v̂max" if p["amsgrad"] else "v̂", k)
        eqs += [Equation(M, "", "", fmt.vec(m)), Equation(V, "", "", fmt.vec(v))]
        adam_step = f"{fmt.num(lr)} × {fmt.operand(m)}/({fmt.root(v)} + {fmt.num(float(p['eps']))})"
        if opt.name == "adamw" and wd:
            shrunk = f"{fmt.at(x, operand=False)} × (1 − {fmt.num(lr)} × {fmt.num(wd)})"
            rule = f"{X}·(1 − {eta}·λ) − {eta}·{M}/(√{V} + ε)"
            eqs.append(Equation(Xn, rule, f"{shrunk} − {adam_step}", fmt.at(xn, operand=False)))
        else:
            eqs.append(move(f"{eta}·{M}/(√{V} + ε)", adam_step))
        return eqs
    return _fallback(eqs, n, x, xn, k, result, r, fmt)


def _fallback(eqs: list[Equation], n: _Names, x: list[float], xn: list[float], k: int,
              result: Result, r: int, fmt: _Numbers) -> list[Equation]:
    """A variant without a written rule (centered RMSprop, …): its state, then the move it made."""
    for key, values in result.state.items():
        row = _row(values[r, k])
        if not any(math.isnan(v) for v in row):
            eqs.append(Equation(n.at(STATE_NAMES.get(key, key), k), "", "", fmt.vec(row)))
    step = [a - b for a, b in zip(x, xn, strict=True)]
    numbers = f"{fmt.at(x, operand=False)} − {fmt.operand(step)}"
    eqs.append(Equation(n.x(k + 1), f"{n.x(k)} − Δ", numbers, fmt.at(xn, operand=False)))
    return eqs


def _wrap(symbol: str) -> str:
    """∇f and f'(x) read as one factor; a sum needs parentheses."""
    return f"({symbol})" if " " in symbol else symbol
