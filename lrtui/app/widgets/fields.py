"""The scenario's fields: what each is called, how its text is checked, how a scenario fills it.

Every check is a ``lrtui.teaching.scenario.parse_*`` function or ``FunctionModel.parse``: a
whitelist that never evaluates the text; what a check reads is the value the scenario keeps.
Whatever else goes wrong in a check becomes a plain message too (and its traceback goes to the
error log), so no text can crash the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ...errors import Field, InputError
from ...expr.client import Superseded
from ...teaching.model import FunctionModel, Regression
from ...teaching.scenario import (
    Scenario,
    parse_batch_size,
    parse_lrs,
    parse_noise,
    parse_optimizers,
    parse_schedule_choice,
    parse_seed,
    parse_steps,
    parse_tol,
    parse_trials,
    parse_x0,
)

if TYPE_CHECKING:
    from ...problem import Problem

SEVERAL_OPTIMIZERS = "several: separate them with ';', e.g. sgd; adam"


def _function(text: str) -> FunctionModel:
    return FunctionModel.parse(text, group="field")  # the next keystroke's check supersedes this one


def _batch_size(text: str) -> int | None:
    return None if not text.strip() else parse_batch_size(text)


def short(value: float) -> str:
    """A float as the shortest text that reads back as the very same float: 0.1, 1e-8, 2.5e+20 → 2.5e20."""
    text = f"{value:g}"
    if float(text) != value:
        text = repr(float(value))
    m = re.fullmatch(r"(.*)e([+-])0*(\d+)", text)
    if m:
        text = f"{m.group(1)}e{'-' if m.group(2) == '-' else ''}{m.group(3)}"
    return text


def numbers(values: tuple[float, ...]) -> str:
    return ", ".join(short(v) for v in values)


def is_function(scenario: Scenario) -> bool:
    """Does the scenario descend on the typed function (rather than a model such as linreg)?"""
    return scenario.model.is_function


def batch_size(scenario: Scenario) -> int | None:
    """A model's minibatch size (None: full batch, or no model)."""
    return scenario.model.batch_size if isinstance(scenario.model, Regression) else None


def shown(f: FormField, scenario: Scenario) -> bool:
    """Is the field shown for this scenario: a model's for a model, a function's for a function,
    the noise's seed only with noise or trials?"""
    if f.model_only:
        return not is_function(scenario)
    if f.function_only and not is_function(scenario):
        return False
    return not f.noisy_only or scenario.noisy or scenario.trials > 1


def counts_epochs(scenario: Scenario) -> bool:
    """A model's budget field counts epochs: when the scenario gives epochs, or with full batches
    (one step is then one epoch). Minibatches with a plain step count keep counting steps."""
    return not is_function(scenario) and (scenario.epochs is not None or batch_size(scenario) is None)


def _budget(s: Scenario) -> int:
    return s.epochs if counts_epochs(s) and s.epochs is not None else s.steps


@dataclass(frozen=True)
class FormField:
    field: Field  # what it sets: its Input's id is the Field's value
    label: str
    tooltip: str
    parse: Callable[[str], Any]
    text_of: Callable[[Scenario], str]
    value_of: Callable[[Scenario], Any]  # what ``parse`` reads from ``text_of``: the applied value
    placeholder: str = ""  # an example ("e.g. …"), or what empty means (empty_means)
    empty_means: bool = False
    model_only: bool = False  # shown only for a model (linreg)
    function_only: bool = False  # shown only for a typed function (the noise: linreg's is its minibatches)
    noisy_only: bool = False  # shown only with noise or trials (the seed of the noise)
    also_shows: tuple[Field, ...] = ()  # other inputs whose errors it shows (the budget: epochs)

    @property
    def id(self) -> str:
        return self.field.value

    def label_of(self, scenario: Scenario) -> str:
        if self.field == Field.STEPS and counts_epochs(scenario):
            return "epochs"
        if self.field == Field.FUNCTION and not is_function(scenario):
            return "model"
        return self.label


FIELDS: tuple[FormField, ...] = (
    FormField(Field.FUNCTION, "f(x)", "the function to descend, e.g. (x-2)**2 or x^2 + 10 sin(x)", _function,
              lambda s: s.model.text, lambda s: s.model, "(x-2)**2"),
    FormField(Field.BATCH, "batch", "minibatch size; empty: the full batch", _batch_size,
              lambda s: "" if batch_size(s) is None else str(batch_size(s)), batch_size, "full batch",
              empty_means=True, model_only=True),
    FormField(Field.LR, "η", "learning rates, one run each: 0.01, 0.1, 0.5", parse_lrs, lambda s: numbers(s.lrs),
              lambda s: s.lrs, "0.01, 0.1"),
    FormField(Field.X0, "x0", "the start point (two numbers for f(x, y))", parse_x0, lambda s: numbers(s.x0),
              lambda s: s.x0, "10"),
    FormField(Field.STEPS, "steps", "the step budget, 1 to 1,000,000 (epochs for a model)", parse_steps,
              lambda s: str(_budget(s)), _budget, "20", also_shows=(Field.EPOCHS,)),
    FormField(Field.TOL, "tol", "stop when |f'(x)| < tol (0: never)", parse_tol, lambda s: short(s.tol),
              lambda s: s.tol, "1e-8"),
    FormField(Field.OPTIMIZER, "opt", f"the optimizer; {SEVERAL_OPTIMIZERS}", parse_optimizers,
              lambda s: "; ".join(o.text for o in s.optimizers), lambda s: s.optimizers, "sgd; adam"),
    FormField(Field.SCHEDULE, "sched", "the η schedule (constant, step:step_size=10, cosine:t_max=50, …)",
              parse_schedule_choice, lambda s: s.schedule.text, lambda s: s.schedule, "constant"),
    FormField(Field.NOISE, "σ", "gradient noise: the optimizer sees ∇f + σ·ξ, ξ ~ N(0, I) fresh at every step "
              "(0: none)", parse_noise, lambda s: short(s.noise), lambda s: s.noise, "0", function_only=True),
    FormField(Field.TRIALS, "trials", "independent noise streams per run, 1 to 1,024: the loss chart draws their "
              "mean and a 10–90 % band; k / K: the trial the table and the f chart follow", parse_trials,
              lambda s: str(s.trials), lambda s: s.trials, "1", function_only=True),
    FormField(Field.SEED, "seed", "the seed of the noise streams (the same seed, the same numbers)", parse_seed,
              lambda s: str(s.seed), lambda s: s.seed, "0", function_only=True, noisy_only=True),
)
BY_FIELD = {f.field: f for f in FIELDS}
FIRST_ROW = (Field.FUNCTION, Field.BATCH, Field.NOISE, Field.TRIALS, Field.SEED)


def showing(field: Field | None) -> FormField | None:
    """The form field that shows an error about ``field`` (None: no field does; the screen says it)."""
    return next((f for f in FIELDS if field == f.field or field in f.also_shows), None)


def check(field: Field, text: str) -> tuple[Any, str | None]:
    """(parsed value, None) or (None, the one line that says what is wrong)."""
    try:
        return BY_FIELD[field].parse(text), None
    except InputError as err:
        return None, _message(field, str(err))
    except RecursionError:
        return None, _message(field, "too deeply nested")
    except Superseded:
        raise  # the next keystroke's check took over: nothing is wrong with this text
    except Exception as err:  # a broken check must never take the app down; the log keeps the bug
        from ..error_log import record

        record(err, f"checking the {field} field: {text[:300]!r}")
        return None, _message(field, f"cannot read this ({type(err).__name__})")


def _message(field: Field, text: str) -> str:
    if field == Field.OPTIMIZER and text.startswith("unknown optimizer"):
        return f"{text} ({SEVERAL_OPTIMIZERS})"
    return f"f(x): {text}" if field == Field.FUNCTION and not text.startswith("f") else text


def scenario_of(base: Scenario, values: dict[Field, Any]) -> Scenario:
    """The base scenario (which keeps what has no field: the model's data…) with the fields' values.

    For a model the budget field sets epochs when it counts them (see ``counts_epochs``), so a
    preset's epochs never override what was typed; the steps are then worked out from the model's
    batches (raises InputError on the batch or the budget field, as the command line would)."""
    changes: dict[str, Any] = {
        "x0": values[Field.X0], "lrs": values[Field.LR], "tol": values[Field.TOL],
        "optimizers": values[Field.OPTIMIZER], "schedule": values[Field.SCHEDULE],
    }
    model = base.model
    if not isinstance(model, Regression):
        trials = values[Field.TRIALS]
        changes.update(model=values[Field.FUNCTION], steps=values[Field.STEPS], noise=values[Field.NOISE],
                       trials=trials, seed=values.get(Field.SEED, base.seed),
                       trial=base.trial if base.trial < trials else 0)  # the followed trial, while there is one
        return base.with_(**changes)
    batch = values[Field.BATCH]
    model = model if batch == model.batch_size else model.with_batch_size(batch)  # the data is not read again
    if counts_epochs(base):
        changes.update(epochs=values[Field.STEPS], steps=model.steps_for(values[Field.STEPS]))
    else:
        changes.update(epochs=None, steps=values[Field.STEPS])
    return base.with_(model=model, **changes)


def derivative_line(problem: Problem) -> str:
    if len(problem.parameters) == 1:
        return f"f'(x) = {problem.derivative_notation}"
    return problem.derivative_notation


def model_line(scenario: Scenario) -> tuple[str, ...]:
    """What stands for f'(x) beside a model's fixed field, richest first (the form picks what fits)."""
    name = f"model: {scenario.model}"
    return (f"{name} (a preset from ctrl+p changes it)", f"{name} (ctrl+p: another preset)", f"{name} (ctrl+p)",
            name)
