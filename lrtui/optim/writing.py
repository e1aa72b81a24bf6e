"""What an optimizer needs to write its step out: equations, numbers as the lesson writes them,
and the symbols of one run (x or (x, y), f'(x) or ∇f, η or η_k).

Each optimizer writes its own arithmetic (:meth:`lrtui.optim.optimizer.Optimizer.write`) from a
:class:`Writer`: the recorded numbers of one step of one run (x_k, ∇f(x_k), η_k, x_{k+1} and the
state the optimizer explained the step with), their symbols and the formatter. The frame around
the equations (how f changed, why a run stopped, fitting a width) is :mod:`lrtui.analysis.formula`.

Numbers carry 6 significant digits, enough to redo the arithmetic; the move's result is the
recorded x_{k+1}, never a recomputation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["DIGITS", "MINUS", "Equation", "Numbers", "Symbols", "Writer", "number", "subscript", "wrap"]

DIGITS = 6
MINUS = "−"
_SUB = str.maketrans("0123456789-", "₀₁₂₃₄₅₆₇₈₉₋")


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


def wrap(symbol: str) -> str:
    """∇f and f'(x) read as one factor; a sum needs parentheses."""
    return f"({symbol})" if " " in symbol else symbol


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
class Numbers:
    """Numbers as the formula writes them, with ``digits`` significant digits."""

    digits: int = DIGITS
    x_digits: int = DIGITS  # for x_k and x_{k+1}: more when they would read the same

    def num(self, v: float) -> str:
        return number(v, self.digits)

    def at(self, values: Sequence[float], operand: bool = True) -> str:
        """A position (x_k, x_{k+1}) with ``x_digits``; as an operand (a negative scalar in parentheses)."""
        fmt = Numbers(self.x_digits, self.x_digits)
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


class Symbols:
    """The symbols of one run at record k: x or (x, y), f'(x) or ∇f, η or η_k."""

    def __init__(self, parameters: Sequence[str], k: int, scheduled: bool):
        self.one = len(parameters) == 1
        self.point = parameters[0] if self.one else "(" + ", ".join(parameters) + ")"
        self.f = "L" if tuple(parameters) == ("w", "b") else "f"
        self.k = k
        self.eta = f"η{subscript(k)}" if scheduled else "η"

    def at(self, name: str, k: int) -> str:
        return f"{name}{subscript(k)}"

    def x(self, k: int) -> str:
        return self.at(self.point, k)

    def grad(self) -> str:
        if self.one:
            return f"{self.f}'({self.x(self.k)})"
        return f"∇{self.f}"


class Writer:
    """One step of one run, k → k+1, as the recorded numbers and their symbols.

    ``x``, ``g``, ``xn``: x_k, ∇f(x_k) and x_{k+1}, one float per parameter; ``lr``: η_k;
    ``G``: the gradient's symbol (``f'(x₃)``, ``∇f``; ``g₃`` once :meth:`weight_decay` wrote the
    gradient the rule sees); ``recorded``: the state explaining this step, name -> its values
    (not NaN), in the result's order; ``symbol``: a state name's symbol (``momentum_buffer`` → b).
    """

    def __init__(self, symbols: Symbols, fmt: Numbers, x: list[float], g: list[float], xn: list[float], lr: float,
                 state: Callable[[str, int], list[float] | None], recorded: dict[str, list[float]],
                 symbol: Callable[[str], str]):
        self.n, self.fmt = symbols, fmt
        self.k = symbols.k
        self.x, self.g, self.xn, self.lr = x, g, xn, lr
        self.G = symbols.grad()
        self.eta, self.X, self.Xn = symbols.eta, symbols.x(self.k), symbols.x(self.k + 1)
        self._state, self.recorded, self.symbol = state, recorded, symbol

    def at(self, name: str, k: int) -> str:
        """``name`` with step k as a subscript: b₃."""
        return self.n.at(name, k)

    def state(self, key: str, at: int) -> list[float] | None:
        """The state ``key`` that explained step ``at`` (None before step 0, or where it is NaN)."""
        return None if at < 0 else self._state(key, at)

    def weight_decay(self, wd: float) -> list[Equation]:
        """L2 weight decay, torch's grad + λ·x: the gradient the rule sees, g_k (none when λ = 0).
        ``G`` and ``g`` become g_k's symbol and values."""
        if not wd:
            return []
        fmt, x = self.fmt, self.x
        geff = [gi + wd * xi for gi, xi in zip(self.g, x, strict=True)]
        name = self.at("g", self.k)
        eq = Equation(name, f"{self.G} + λ·{self.X}", f"{fmt.vec(self.g)} + {fmt.num(wd)} × {fmt.at(x)}",
                      fmt.vec(geff))
        self.G, self.g = name, geff
        return [eq]

    def noisy(self, noise: list[float]) -> list[Equation]:
        """Gradient noise (lrtui.engine.noise): the gradient the rule sees, g̃_k = ∇f(x_k) + ξ_k, ξ_k
        the noise added at step k. ``G`` and ``g`` become g̃_k's symbol and values."""
        fmt = self.fmt
        total = [gi + ei for gi, ei in zip(self.g, noise, strict=True)]
        name = self.at("g̃", self.k)
        eq = Equation(name, f"{self.G} + {self.at('ξ', self.k)}", f"{fmt.vec(self.g)} + {fmt.operand(noise)}",
                      fmt.vec(total))
        self.G, self.g = name, total
        return [eq]

    def move(self, rule: str, numbers: str) -> Equation:
        """x_{k+1} = x_k − ``rule`` = x_k's value − ``numbers`` = the recorded x_{k+1}."""
        fmt = self.fmt
        return Equation(self.Xn, f"{self.X} − {rule}", f"{fmt.at(self.x, operand=False)} − {numbers}",
                        fmt.at(self.xn, operand=False))

    def unwritten(self, eqs: Sequence[Equation] = ()) -> list[Equation]:
        """A step without a written rule: ``eqs``, the recorded state, then the move it made, x_k − Δ."""
        fmt = self.fmt
        out = list(eqs)
        out += [Equation(self.at(self.symbol(key), self.k), "", "", fmt.vec(row)) for key, row in self.recorded.items()]
        step = [a - b for a, b in zip(self.x, self.xn, strict=True)]
        numbers = f"{fmt.at(self.x, operand=False)} − {fmt.operand(step)}"
        out.append(Equation(self.Xn, f"{self.X} − Δ", numbers, fmt.at(self.xn, operand=False)))
        return out
