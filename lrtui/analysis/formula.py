"""The arithmetic of one step, written out in the lesson's notation with its own numbers.

    step_formula(result, r, k).text()
    # 'x₁ = x₀ − η·f'(x₀) = 10 − 0.1 × 16 = 8.4; f: 64 → 54.76 ↓'

Plain descent is one equation. Other optimizers first show the state that drives the step
(the momentum buffer's update, Adam's m̂ and v̂, the running sums of g²), then the move.
Each optimizer writes its own equations (``Optimizer.write``, in its module under
:mod:`lrtui.optim`, with :mod:`lrtui.optim.writing`); this module is the frame around them: how
f changed, why a run stopped, the richest form that fits a width. With two parameters every
quantity is a vector, written (x, y). Numbers carry 6 significant digits, enough to redo the
arithmetic; the result is the recorded x_{k+1}, not a recomputation. At a run's last record no
step was taken: the formula says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from ..engine.result import Status
from ..optim.writing import DIGITS, Equation, Numbers, Symbols, Writer, number, subscript

if TYPE_CHECKING:
    from ..engine.result import Result

__all__ = ["Equation", "Formula", "fitted", "number", "step_formula", "subscript"]


@dataclass(frozen=True)
class Formula:
    """The state equations, then the move; ``note`` says how f changed or why no step was taken."""

    equations: tuple[Equation, ...]
    note: str = ""
    went: str = field(default="", compare=False)  # "down", "up", "flat" or "" (no step)
    short_note: str = field(default="", compare=False)  # the note in a few characters: "f ↓"

    def variants(self) -> list[str]:
        """The whole line first, then shorter forms: the note shortened, the state's rules
        dropped, every rule dropped, the state's arithmetic dropped (its values stay), the state
        dropped; what f did (↓ or ↑) stays while anything does."""
        *state, move = self.equations
        full = [e.text() for e in self.equations]
        lean = [e.text(rule=False) for e in state] + [move.text()]
        bare = [e.text(rule=False) for e in self.equations]
        values = [f"{e.lhs} = {e.value}" for e in state]
        out = []
        for eqs in (full, lean, bare, [*values, move.text()], [*values, move.text(rule=False)],
                    [move.text(rule=False)]):
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
    fmt = Numbers(digits, x_digits)
    n = Symbols(result.parameters, k, scheduled=not result.schedule.is_constant)
    x = _row(result.x[r, k])
    if k >= last:
        return Formula((Equation(n.x(k), "", "", fmt.vec(x)),), _why_stopped(result, r, k, n))
    eqs = _equations(result, r, k, n, fmt)
    f0, f1 = float(result.loss[r, k]), float(result.loss[r, k + 1])
    if math.isnan(f1) or math.isnan(f0):  # the step left the domain of f
        return Formula(tuple(eqs), f"{n.f}({n.x(k + 1)}) is undefined", "", f"{n.f} undefined")
    went = "down" if f1 < f0 else "up" if f1 > f0 else "flat"
    arrow = {"down": "↓", "up": "↑", "flat": "="}[went]
    f_digits = _telling_apart([f0], [f1], digits)  # f too reads differently when it changed: 8.315586 → 8.315584
    note = f"{n.f}: {number(f0, f_digits)} → {number(f1, f_digits)} {arrow}"
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


def _why_stopped(result: Result, r: int, k: int, n: Symbols) -> str:
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


def _equations(result: Result, r: int, k: int, n: Symbols, fmt: Numbers) -> list[Equation]:
    """The run's optimizer writes its step from the recorded numbers."""
    opt = result.optimizers[r]

    def state(key: str, at: int) -> list[float] | None:
        values = result.state.get(key)
        if values is None:
            return None
        row = _row(values[r, at])
        return None if any(math.isnan(v) for v in row) else row

    recorded = {key: row for key in result.state if (row := state(key, k)) is not None}
    w = Writer(n, fmt, _row(result.x[r, k]), _row(result.grad[r, k]), _row(result.x[r, k + 1]),
               float(result.lr[r, k]), state, recorded, lambda key: opt.shown(key).symbol)
    if result.noisy:
        noise = _row(result.noise_at(r, k, k + 1)[0])
        if opt.is_plain:  # x₄ = x₃ − η·(f'(x₃) + ξ₃) = 2.1 − 0.1 × (0.2 + 0.53) = 2.027
            xi = w.at("ξ", k)
            return [w.move(f"{w.eta}·({w.G} + {xi})",
                           f"{fmt.num(w.lr)} × ({fmt.vec(w.g)} + {fmt.operand(noise)})")]
        noisy = w.noisy(noise)  # g̃₃ = f'(x₃) + ξ₃, then the optimizer's own step from g̃₃
        return [*noisy, *opt.write(w)]
    return opt.write(w)
