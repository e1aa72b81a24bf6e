"""The ``NAME[:key=value,...]`` text form shared by optimizers and schedules.

    parse_spec("adam:beta1=0.8,amsgrad=true", table, kind="optimizer")
    -> ("adam", {"beta1": 0.8, "beta2": 0.999, ..., "amsgrad": True})

A table maps each name to its parameters, in order; each parameter has a kind
(number, integer, boolean, list of integers), a default (``REQUIRED`` when it must be
given, ``None`` when "not given" means something) and a range check. Every problem is
one :class:`InputError` line that says what is valid, with ``field`` set to ``kind``
and ``column`` pointing at the offending text where there is one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..errors import InputError
from ..numeric import NotANumber, real, whole


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class FormulaText(str):
    """A formula's text as typed (stripped), with ``column``: where it starts in the spec (1-based)."""

    column: int

    def __new__(cls, text: str, column: int = 1) -> FormulaText:
        value = super().__new__(cls, text)
        value.column = column
        return value


@dataclass(frozen=True)
class Param:
    """One parameter: its kind, its default, and a check returning an error text or None.

    kind: "float", "int", "bool", "ints" (a ``/``-separated list of integers), "word" (one of the
    words its check allows, e.g. ``mode=triangular2``) or "formula" (a formula in k, the last key:
    its value runs to the end of the spec, commas included; kept as :class:`FormulaText`).
    check(value) returns the tail of the message, e.g. "must be in [0, 1)", or None when fine.
    """

    kind: str
    default: Any = REQUIRED
    check: Callable[[Any], str | None] | None = None
    shown: str | None = None  # the default as the help writes it: what None means ("each η"), or "1/3"


# --- range checks ----------------------------------------------------------------------


def in_unit(v: float) -> str | None:
    return None if 0.0 <= v < 1.0 else "must be in [0, 1)"


def in_closed_unit(v: float) -> str | None:
    return None if 0.0 <= v <= 1.0 else "must be in [0, 1]"


def in_half_open_unit(v: float) -> str | None:
    return None if 0.0 < v <= 1.0 else "must be in (0, 1]"


def non_negative(v: float) -> str | None:
    return None if v >= 0 else "must be ≥ 0"


def positive(v: float) -> str | None:
    return None if v > 0 else "must be > 0"


def at_least_one(v: int) -> str | None:
    return None if v >= 1 else "must be an integer ≥ 1"


def one_of(*words: str) -> Callable[[str], str | None]:
    """A check for a "word" parameter: one of ``words``."""

    def check(v: str) -> str | None:
        return None if v in words else f"must be one of {', '.join(words)}"

    return check


def step_indices(v: list[int]) -> str | None:
    """Steps ≥ 0, in any order, repeats allowed (torch's MultiStepLR counts them)."""
    if not v:
        return "must list at least one step, e.g. 5/15"
    if min(v) < 0:
        return "must be steps ≥ 0, e.g. 5/15"
    return None


# --- parsing ---------------------------------------------------------------------------


def _fmt(v: Any) -> str:
    """A value as the text form writes it: ``true``, ``5/15``, ``0.001``, ``1e-8``; exact."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return "/".join(str(i) for i in v)
    if isinstance(v, float):
        if v == int(v) and abs(v) < 1e16:
            return str(int(v))
        mant, e, exp = repr(v).partition("e")
        return f"{mant}e{int(exp)}" if e else mant
    return str(v)


def spec_text(name: str, params: dict[str, Any], spec: dict[str, Param]) -> str:
    """The canonical text of a parsed spec: the name, then the parameters that differ from
    their defaults, in the table's order (``adam:beta1=0.8``; ``sgd`` for plain SGD)."""
    given = [f"{k}={_fmt(params[k])}" for k, p in spec.items() if k in params and params[k] != p.default]
    return f"{name}:{','.join(given)}" if given else name


def described(table: dict[str, Param]) -> str:
    """A table's parameters as the help lists them: ``step_size (required), gamma=0.1``."""
    def one(key: str, p: Param) -> str:
        if p.default is REQUIRED:
            return f"{key} (required)"
        return f"{key}={p.shown or _fmt(p.default)}"

    return ", ".join(one(k, p) for k, p in table.items()) or "no parameters"


@dataclass(frozen=True, eq=False)
class Spec:
    """A parsed spec: the rule's ``name``, every one of its ``params`` (defaults included) and its
    canonical ``text`` (:func:`spec_text`), which ``str()`` gives. A subclass names its table, and
    may say in one line what each of its names does (``ABOUT``, for the help)."""

    TABLE: ClassVar[dict[str, dict[str, Param]]]
    ABOUT: ClassVar[dict[str, str]] = {}

    name: str
    params: dict[str, Any] = field(default_factory=dict)
    text: str = ""

    def __post_init__(self) -> None:
        if not self.text:
            object.__setattr__(self, "text", spec_text(self.name, self.params, self.TABLE[self.name]))

    def __str__(self) -> str:
        return self.text


def _convert(kind: str, raw: str) -> tuple[Any, str | None]:
    """(value, None) or (None, what was expected)."""
    try:
        if kind == "float":
            return real(raw), None
        if kind == "int":
            return whole(raw), None
        if kind == "ints":
            return [whole(part) for part in raw.split("/")], None
    except NotANumber as err:
        if "character" in err.reason:
            return None, "must be written with the digits 0-9"
        return None, {"float": "must be a finite number", "int": "must be an integer"}.get(
            kind, "must be integers separated by /, e.g. 5/15"
        )
    if kind == "bool":
        low = raw.lower()
        if low in ("true", "false"):
            return low == "true", None
        return None, "must be true or false"
    if kind == "word":
        return raw.lower(), None
    raise AssertionError(kind)


def parse_spec(
    text: str,
    table: dict[str, dict[str, Param]],
    kind: str,
    aliases: dict[str, str] | None = None,
    hints: dict[str, str] | None = None,
) -> tuple[str, dict[str, Any], set[str]]:
    """Parse ``NAME[:key=value,...]`` against ``table``.

    Returns (name, params with every default resolved, the keys given explicitly).
    Raises InputError(field=kind) with one line listing what is valid.
    """
    if not isinstance(text, str):
        raise InputError(f"{kind} must be text like NAME[:key=value,...], got {text!r}", field=kind)
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    head, sep, rest = body.partition(":")
    name = head.strip().lower()
    name = (aliases or {}).get(name, name)
    if not name:
        valid = ", ".join(table)
        article = "an" if kind[0] in "aeiou" else "a"
        example = next(iter(table))
        raise InputError(f"give {article} {kind} name, e.g. {example}; valid: {valid}", field=kind, column=lead + 1)
    if name not in table:
        valid = ", ".join(table)
        shown = head.strip()
        raise InputError(f"unknown {kind} {shown!r}; valid: {valid}", field=kind, column=lead + 1)
    spec = table[name]
    valid_keys = ", ".join(spec) if spec else "none"
    given: dict[str, Any] = {}
    if sep and rest.strip():
        pos = lead + len(head) + 1  # 0-based index in text of the first char after ':'
        parts = rest.split(",")
        for i, part in enumerate(parts):
            col = pos + (len(part) - len(part.lstrip())) + 1
            key = part.partition("=")[0].strip().lower()
            if key in spec and spec[key].kind == "formula" and "=" in part:  # runs to the end, commas included
                part = ",".join(parts[i:])
                parts[i + 1 :] = []
            pos += len(part) + 1
            item = part.strip()
            if not item:
                if i == len(parts) - 1 and i > 0:  # a trailing comma is harmless
                    continue
                raise InputError(
                    f"{name}: empty parameter; write {name}:key=value,...; valid: {valid_keys}",
                    field=kind,
                    column=col,
                )
            key, eq, raw = item.partition("=")
            key = key.strip().lower()
            raw = raw.strip()
            if not spec:
                raise InputError(f"{name} takes no parameters; got {item!r}", field=kind, column=col)
            if key not in spec:
                hint = (hints or {}).get(key, "")
                raise InputError(f"{name} has no parameter {key!r}{hint}; valid: {valid_keys}", field=kind, column=col)
            if not eq or not raw:
                raise InputError(
                    f"{name} {key} needs a value, e.g. {key}={_example(spec[key])}", field=kind, column=col
                )
            if key in given:
                raise InputError(f"{name} {key} is given twice", field=kind, column=col)
            if spec[key].kind == "formula":
                at = text.index(raw, col - 1) + 1  # where the formula starts in the spec
                given[key] = FormulaText(raw, at)
                break
            value, problem = _convert(spec[key].kind, raw)
            check = spec[key].check
            if problem is None and check is not None:
                problem = check(value)
            if problem is not None:
                raise InputError(f"{name} {key} {problem}, got {raw}", field=kind, column=col)
            given[key] = value
    missing = [k for k, p in spec.items() if p.default is REQUIRED and k not in given]
    if missing:
        example = ",".join(f"{k}={_example(spec[k])}" for k in missing)
        raise InputError(f"{name} needs {' and '.join(missing)}, e.g. {name}:{example}", field=kind, column=lead + 1)
    params = {k: given.get(k, p.default) for k, p in spec.items()}
    return name, params, set(given)


def _example(p: Param) -> str:
    if p.kind == "bool":
        return "true"
    if p.kind == "formula":
        return "0.95^k"
    if p.kind == "ints":
        return "5/15"
    if p.kind == "int":
        return "10"
    if p.default is not REQUIRED and p.default is not None:
        return _fmt(p.default)
    return "0.5"
