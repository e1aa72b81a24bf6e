"""What the symbolic worker and the process that asked say to each other: plain data only.

Each message is one line of JSON. The worker announces itself with ``{"ready": true}``; a
request is ``{"id": n, "text": "..."}`` for a function (the answer ``{"id": n, "derivation": {...}}``)
or ``{"id": n, "text": "...", "of": "k"}`` for a schedule's formula in k (the answer
``{"id": n, "formula": {...}}``); a refusal is ``{"id": n, "error": {"message": "...", "column": c}}``.
No Python object crosses the pipe.

This module imports neither sympy nor NumPy: both sides read it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from lrtui.errors import Field, InputError

LIMIT_SECONDS = 2.0  # of the worker's CPU for one text (parse, gradient, Hessian, code): the answer
WAIT_SECONDS = 10.0  # the asking process's wall-clock bound on one answer, however busy the machine
MEMORY_BYTES = 1 << 30  # the worker's address space
EXIT_TOO_LONG = 3  # the worker's exit status when a text used up LIMIT_SECONDS
MAX_LENGTH = 300  # characters of a function
# what the generated code calls beside NumPy's ufuncs and constants (lrtui.expr.namespace)
OWN_NAMES = ("sigmoid", "softplus", "relu", "step", "DiracDelta")
FUNCTION_NAME = "f"  # the name of every generated function

TOO_LONG = "the function takes too long to differentiate"
FORMULA_TOO_LONG = "the formula takes too long to read"


@dataclass(frozen=True)
class Derivation:
    """Everything the worker worked out for one text.

    ``*_source`` is Python source of one function ``f(x[, y])`` returning a list of arrays,
    printed by :class:`lrtui.expr.printer.NumericPrinter` from the whitelisted expression (never
    from the text): ``loss`` → [f], ``gradient`` → ∇f, ``both`` → [f, *∇f], ``hessian`` → the
    d×d second derivatives row by row, or None when the exact Hessian would be too large (it is
    then worked out numerically from the exact gradient).
    """

    text: str  # as typed, stripped
    parameters: tuple[str, ...]  # ("x",) or ("x", "y")
    expression: str  # how the text was read, e.g. "(x - 2)**2"
    gradient_texts: tuple[str, ...]  # ∂f/∂x (, ∂f/∂y)
    is_quadratic: bool  # the exact Hessian is constant: f is a polynomial of degree ≤ 2
    loss_source: str
    gradient_source: str
    both_source: str
    hessian_source: str | None
    notation: str = ""  # how f reads on screen: "(x − 2)²" (lrtui.expr.notation); "": the text
    gradient_notations: tuple[str, ...] = ()  # how ∂f/∂x (, ∂f/∂y) read: "2x − 4"; (): their texts

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Derivation:
        texts = data["gradient_texts"]
        return cls(
            text=str(data["text"]),
            parameters=tuple(str(p) for p in data["parameters"]),
            expression=str(data["expression"]),
            gradient_texts=tuple(str(t) for t in texts),
            is_quadratic=data["is_quadratic"] is True,
            loss_source=str(data["loss_source"]),
            gradient_source=str(data["gradient_source"]),
            both_source=str(data["both_source"]),
            hessian_source=None if data["hessian_source"] is None else str(data["hessian_source"]),
            notation=str(data.get("notation", "")),  # answers kept from before notation was sent
            gradient_notations=tuple(str(t) for t in data.get("gradient_notations", ())),
        )


@dataclass(frozen=True)
class StepFormula:
    """A schedule's formula in k, as the worker read it: ``source`` is ``def f(k): return [value]``,
    printed from the whitelisted expression like a function's code (never from the text)."""

    text: str  # as typed, stripped
    expression: str  # how the text was read, e.g. "0.95**k"
    source: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> StepFormula:
        return cls(text=str(data["text"]), expression=str(data["expression"]), source=str(data["source"]))


def length_error(raw: str) -> InputError | None:
    """The refusal of a text longer than MAX_LENGTH (checked before it is sent, too)."""
    text = raw.strip()
    if len(text) <= MAX_LENGTH:
        return None
    lead = len(raw) - len(raw.lstrip())
    column = lead + MAX_LENGTH + 1
    return InputError(
        f"the function is too long ({len(text)} characters, at most {MAX_LENGTH}) at column {column}",
        field=Field.FUNCTION,
        column=column,
    )


def encode(message: dict[str, Any]) -> bytes:
    return (json.dumps(message, ensure_ascii=True) + "\n").encode("ascii")


def decode(line: bytes) -> dict[str, Any]:
    value = json.loads(line)
    if not isinstance(value, dict):
        raise ValueError("a message is a JSON object")
    return value
