"""A scenario from its keys: a preset (or the default), then every key given over it.

The command line's flags (``--lr 0.1 --x0 3``) and a lesson file's scene keys (``lr = 0.1``)
have the same names and the same meaning; both come here as text, so the same text gets the
same answer and the same one-line error. ``Spelling`` says how a message names a key: as a
flag (``--batch-size``) or as a lesson key (``batch_size``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .scenario import (
    Scenario,
    build_problem,
    parse_batch_size,
    parse_epochs,
    parse_lrs,
    parse_model,
    parse_optimizers,
    parse_schedule_text,
    parse_seed,
    parse_steps,
    parse_tol,
    parse_x0,
)

KEYS = ("preset", "function", "x0", "lr", "steps", "tol", "optimizer", "schedule",
        "model", "data", "seed", "batch_size", "epochs")
MODEL_KEYS = ("data", "seed", "batch_size", "epochs")  # only with model linreg


@dataclass(frozen=True)
class Spelling:
    """How a message names a key and a key's value: ``--batch-size`` and ``--model linreg`` on the
    command line, ``batch_size`` and ``model = "linreg"`` in a lesson file."""

    flags: bool = True

    def key(self, name: str) -> str:
        return f"--{name.replace('_', '-')}" if self.flags else name

    def set(self, name: str, value: str) -> str:
        return f"{self.key(name)} {value}" if self.flags else f'{name} = "{value}"'


FLAGS, LESSON_KEYS = Spelling(flags=True), Spelling(flags=False)
Given = Mapping[str, "str | Sequence[str] | None"]  # optimizer: one text per --optimizer


def scenario_of(given: Given, spelling: Spelling = FLAGS) -> Scenario:
    """The preset named by ``given["preset"]`` (or the default), then every key given over it.

    Values are texts as typed (``optimizer`` a sequence of texts: several are joined); a key
    missing or None keeps the preset's value. Raises :class:`InputError` naming the key.
    """
    from .presets import DEFAULT, preset

    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise ValueError(f"not scenario keys: {', '.join(unknown)}")  # a bug in the caller, not input
    name = given.get("preset")
    base = preset(_text(name) if name is not None else DEFAULT).scenario
    changes: dict[str, Any] = {}
    function = given.get("function")
    if function is not None:
        from ..expr import parse_function

        text = _text(function).strip()
        parse_function(text)  # checked here so the error names the function
        changes["function"] = text
    readers = (("x0", "x0", parse_x0), ("lr", "lrs", parse_lrs), ("steps", "steps", parse_steps),
               ("tol", "tol", parse_tol), ("schedule", "schedule", parse_schedule_text))
    for key, attr, read in readers:
        value = given.get(key)
        if value is not None:
            changes[attr] = read(_text(value))
    optimizers = given.get("optimizer")
    if optimizers is not None:
        changes["optimizers"] = _optimizers([optimizers] if isinstance(optimizers, str) else optimizers, spelling)
    return _model_changes(given, base, changes, spelling)


def _text(value: str | Sequence[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"one text expected, got {value!r}")  # a bug in the caller
    return value


def _optimizers(texts: Sequence[str], spelling: Spelling) -> tuple[str, ...]:
    out: list[str] = []
    for text in texts:
        try:
            out.extend(parse_optimizers(text))
        except InputError as err:
            if str(err).startswith("unknown optimizer"):
                again = "repeat --optimizer, or " if spelling.flags else ""
                raise InputError(f"{err} (several: {again}separate them with ';')", field="optimizer") from None
            raise
    return tuple(out)


def _model_changes(given: Given, base: Scenario, changes: dict[str, Any], spelling: Spelling) -> Scenario:
    """The model keys over the preset: model, data, seed, batch_size, epochs."""
    key = spelling.key
    model_text = given.get("model")
    model = parse_model(_text(model_text)) if model_text is not None else base.model
    named = [name for name in MODEL_KEYS if given.get(name) is not None]
    if model == "function":
        if named:
            raise InputError(f"{key(named[0])} applies only to {spelling.set('model', 'linreg')}", field=named[0])
        if model != base.model:
            changes["model"] = model
        return base.with_(**changes)
    if given.get("function") is not None:
        raise InputError(f"{key('function')} does not apply to {spelling.set('model', 'linreg')} "
                         f"(use {spelling.set('model', 'function')})", field="model")
    changes["model"] = model
    if base.model != "linreg" and given.get("x0") is None:
        changes["x0"] = (0.0, 0.0)  # (w, b) start at 0 unless x0 = w, b
    data = given.get("data")
    if data is not None:
        changes["data"] = _text(data).strip() or None
    readers = (("seed", parse_seed), ("batch_size", parse_batch_size), ("epochs", parse_epochs))
    for name, read in readers:
        value = given.get(name)
        if value is not None:
            changes[name] = read(_text(value))
    if given.get("epochs") is None and given.get("steps") is not None:
        changes["epochs"] = None  # an explicit step count wins over the preset's epochs
    scenario = base.with_(**changes)
    if scenario.epochs is not None:
        _, steps = build_problem(scenario)
        if given.get("steps") is not None and given.get("epochs") is not None and steps != scenario.steps:
            raise InputError(
                f"{key('steps')} {scenario.steps:,} and {key('epochs')} {scenario.epochs:,} disagree: "
                f"{scenario.epochs:,} epochs are {steps:,} steps here (give one of them)",
                field="epochs",
            )
        scenario = scenario.with_(steps=steps)
    return scenario
