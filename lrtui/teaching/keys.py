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

from ..errors import Field, InputError
from .choices import OptimizerChoice
from .model import DEFAULT_FUNCTION, FunctionModel, Model, Regression
from .scenario import (
    LINREG_NOISE,
    Scenario,
    parse_batch_size,
    parse_epochs,
    parse_lrs,
    parse_model,
    parse_noise,
    parse_optimizers,
    parse_schedule_choice,
    parse_seed,
    parse_steps,
    parse_tol,
    parse_trial,
    parse_trials,
    parse_x0,
)

KEYS = (Field.PRESET, Field.FUNCTION, Field.X0, Field.LR, Field.STEPS, Field.TOL, Field.OPTIMIZER, Field.SCHEDULE,
        Field.MODEL, Field.DATA, Field.SEED, Field.BATCH, Field.EPOCHS, Field.NOISE, Field.TRIALS, Field.TRIAL)
MODEL_KEYS = (Field.DATA, Field.BATCH, Field.EPOCHS)  # only with model linreg


@dataclass(frozen=True)
class Spelling:
    """How a message names a key and a key's value: ``--batch-size`` and ``--model linreg`` on the
    command line, ``batch_size`` and ``model = "linreg"`` in a lesson file."""

    flags: bool = True

    def key(self, name: Field) -> str:
        return f"--{name.replace('_', '-')}" if self.flags else str(name)

    def set(self, name: Field, value: str) -> str:
        return f"{self.key(name)} {value}" if self.flags else f'{name} = "{value}"'


FLAGS, LESSON_KEYS = Spelling(flags=True), Spelling(flags=False)
Given = Mapping[str, "str | Sequence[str] | None"]  # optimizer: one text per --optimizer


def scenario_of(given: Given, spelling: Spelling = FLAGS) -> Scenario:
    """The preset named by ``given["preset"]`` (or the default), then every key given over it.

    Values are texts as typed (``optimizer`` a sequence of texts: several are joined); a key
    missing or None keeps the preset's value. Each is read once, here: the function parsed, the
    data file read. Raises :class:`InputError` naming the key.
    """
    from .presets import DEFAULT, preset

    unknown = sorted(set(given) - set(KEYS))
    if unknown:
        raise ValueError(f"not scenario keys: {', '.join(unknown)}")  # a bug in the caller, not input
    name = given.get(Field.PRESET)
    base = preset(_text(name) if name is not None else DEFAULT).scenario
    changes: dict[str, Any] = {}
    function_text = given.get(Field.FUNCTION)
    function = None if function_text is None else FunctionModel.parse(_text(function_text).strip())
    readers = ((Field.X0, "x0", parse_x0), (Field.LR, "lrs", parse_lrs), (Field.STEPS, "steps", parse_steps),
               (Field.TOL, "tol", parse_tol), (Field.SCHEDULE, "schedule", parse_schedule_choice),
               (Field.NOISE, "noise", parse_noise), (Field.TRIALS, "trials", parse_trials),
               (Field.SEED, "seed", parse_seed))
    for key, attr, read in readers:
        value = given.get(key)
        if value is not None:
            changes[attr] = read(_text(value))
    optimizers = given.get(Field.OPTIMIZER)
    if optimizers is not None:
        changes["optimizers"] = _optimizers([optimizers] if isinstance(optimizers, str) else optimizers, spelling)
    trials = changes.get("trials", base.trials)
    trial = given.get(Field.TRIAL)
    if trial is not None:
        changes["trial"] = parse_trial(_text(trial), trials, spelling.key(Field.TRIAL))
    elif base.trial >= trials:  # fewer trials than the preset followed: the first
        changes["trial"] = 0
    return _model_changes(given, base, function, changes, spelling)


def _text(value: str | Sequence[str]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"one text expected, got {value!r}")  # a bug in the caller
    return value


def _optimizers(texts: Sequence[str], spelling: Spelling) -> tuple[OptimizerChoice, ...]:
    out: list[OptimizerChoice] = []
    for text in texts:
        try:
            out.extend(parse_optimizers(text))
        except InputError as err:
            if str(err).startswith("unknown optimizer"):
                again = "repeat --optimizer, or " if spelling.flags else ""
                raise InputError(f"{err} (several: {again}separate them with ';')", field=Field.OPTIMIZER) from None
            raise
    return tuple(out)


def _model_changes(given: Given, base: Scenario, function: FunctionModel | None, changes: dict[str, Any],
                   spelling: Spelling) -> Scenario:
    """The model keys over the preset: model (or function), data, seed, batch_size, epochs; the
    regression takes no ``noise`` (its gradient noise is its minibatches) and its seed draws its data."""
    key = spelling.key
    model_text = given.get(Field.MODEL)
    kind = parse_model(_text(model_text)) if model_text is not None else (
        "function" if base.model.is_function else "linreg")
    named = [name for name in MODEL_KEYS if given.get(name) is not None]
    if kind == "function":
        if named:
            raise InputError(f"{key(named[0])} applies only to {spelling.set(Field.MODEL, 'linreg')}", field=named[0])
        if function is not None:
            changes["model"] = function
        elif not base.model.is_function:  # a model's preset turned back to a function: the default one
            changes["model"] = FunctionModel.known(DEFAULT_FUNCTION)
        return base.with_(**changes)
    if changes.get("noise", 0.0) > 0:
        raise InputError(f"{key(Field.NOISE)} {LINREG_NOISE.format(batch=key(Field.BATCH))}", field=Field.NOISE)
    if base.model.is_function and given.get(Field.NOISE) is None:  # a function's preset turned to the regression
        changes["noise"] = 0.0
    if function is not None:
        raise InputError(f"{key(Field.FUNCTION)} does not apply to {spelling.set(Field.MODEL, 'linreg')} "
                         f"(use {spelling.set(Field.MODEL, 'function')})", field=Field.MODEL)
    was = base.model if isinstance(base.model, Regression) else None
    if was is None and given.get(Field.X0) is None:
        changes["x0"] = (0.0, 0.0)  # (w, b) start at 0 unless x0 = w, b
    data_text = given.get(Field.DATA)
    data = (_text(data_text).strip() or None) if data_text is not None else (was.data if was else None)
    batch_text, epochs_text = (given.get(name) for name in (Field.BATCH, Field.EPOCHS))
    seed = changes["seed"] if given.get(Field.SEED) is not None else (was.seed if was else 0)
    changes["seed"] = seed
    batch = parse_batch_size(_text(batch_text)) if batch_text is not None else (was.batch_size if was else None)
    epochs = parse_epochs(_text(epochs_text)) if epochs_text is not None else None
    model: Model
    if was is not None and (data, seed) == (was.data, was.seed):  # the preset's points: read once, on first use
        model = was if batch == was.batch_size else was.with_batch_size(batch)
    else:
        model = Regression.load(data, seed, batch)
    changes["model"] = model
    if epochs is None and given.get(Field.STEPS) is None:
        epochs = base.epochs  # an explicit step count wins over the preset's epochs
    changes["epochs"] = epochs
    given_steps = changes.get("steps")
    if epochs is not None and ((model, epochs) != (base.model, base.epochs) or given_steps is not None):
        assert isinstance(model, Regression)
        steps = model.steps_for(epochs)
        if given_steps is not None and epochs_text is not None and steps != given_steps:
            raise InputError(
                f"{key(Field.STEPS)} {given_steps:,} and {key(Field.EPOCHS)} {epochs:,} disagree: "
                f"{epochs:,} epochs are {steps:,} steps here (give one of them)",
                field=Field.EPOCHS,
            )
        changes["steps"] = steps
    return base.with_(**changes)


def warnings(scenario: Scenario, spelling: Spelling = FLAGS) -> list[str]:
    """What a scenario computes that its keys may not have meant, one line each (the command line
    says them on stderr, the app in a notification): trials without noise are all the same run."""
    key = spelling.key
    if scenario.trials > 1 and not scenario.noisy:
        same = ("the regression's trials share its minibatches" if not scenario.model.is_function
                else f"no {key(Field.NOISE)} tells them apart")
        return [f"{key(Field.TRIALS)} {scenario.trials:,} without noise: the {scenario.trials:,} trials are "
                f"identical ({same})"]
    return []


def texts_of(keys: Mapping[str, Any]) -> dict[str, str | Sequence[str] | None]:
    """Python values as the keys' texts: a number as it reads back exactly, a list of numbers joined
    with commas (x0, lr), a list of texts as several optimizers; texts and None as they are."""
    out: dict[str, str | Sequence[str] | None] = {}
    for name, value in keys.items():
        if value is None or isinstance(value, str):
            out[name] = value
        elif isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value) and name == Field.OPTIMIZER:
            out[name] = list(value)
        elif isinstance(value, (list, tuple)) and value and all(_is_number(v) for v in value):
            out[name] = ", ".join(_number_text(v) for v in value)
        elif _is_number(value):
            out[name] = _number_text(value)
        else:
            raise TypeError(f"{name}: text or a number expected, got {value!r}")
    return out


def _is_number(value: object) -> bool:
    return type(value) in (int, float)  # not bool


def _number_text(value: int | float) -> str:
    return str(value) if type(value) is int else repr(float(value))
