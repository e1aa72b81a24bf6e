"""The scenario's fields: what each is called, how its text is checked, how a scenario fills it.

Every check is a ``lrtui.teaching.scenario.parse_*`` function or ``lrtui.expr.parse_function``: a
whitelist that never evaluates the text. Whatever else goes wrong in a check becomes a
plain message too (and its traceback goes to the error log), so no text can crash the app.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ...expr.client import Superseded
from ...teaching.scenario import (
    Scenario,
    parse_batch_size,
    parse_lrs,
    parse_optimizers,
    parse_schedule_text,
    parse_steps,
    parse_tol,
    parse_x0,
)

SEVERAL_OPTIMIZERS = "several: separate them with ';', e.g. sgd; adam"


def _function(text: str) -> Any:
    from ...expr import parse_function

    return parse_function(text, group="field")  # the next keystroke's check supersedes this one


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
    return getattr(scenario, "model", "function") == "function"


def counts_epochs(scenario: Scenario) -> bool:
    """A model's budget field counts epochs: when the scenario gives epochs, or with full batches
    (one step is then one epoch). Minibatches with a plain step count keep counting steps."""
    return not is_function(scenario) and (scenario.epochs is not None or scenario.batch_size is None)


def _budget_text(s: Scenario) -> str:
    return str(s.epochs) if counts_epochs(s) and s.epochs is not None else str(s.steps)


@dataclass(frozen=True)
class Field:
    name: str  # the Input's id and InputError.field
    label: str
    tooltip: str
    parse: Callable[[str], Any]
    text_of: Callable[[Scenario], str]
    placeholder: str = ""  # an example ("e.g. …"), or what empty means (empty_means)
    empty_means: bool = False
    model_only: bool = False  # shown only for a model (linreg)

    def label_of(self, scenario: Scenario) -> str:
        if self.name == "steps" and counts_epochs(scenario):
            return "epochs"
        if self.name == "function" and not is_function(scenario):
            return "model"
        return self.label


FIELDS: tuple[Field, ...] = (
    Field("function", "f(x)", "the function to descend, e.g. (x-2)**2 or x^2 + 10 sin(x)", _function,
          lambda s: s.function if is_function(s) else s.model, "(x-2)**2"),
    Field("batch_size", "batch", "minibatch size; empty: the full batch", _batch_size,
          lambda s: "" if s.batch_size is None else str(s.batch_size), "full batch", empty_means=True,
          model_only=True),
    Field("lr", "η", "learning rates, one run each: 0.01, 0.1, 0.5", parse_lrs, lambda s: numbers(s.lrs),
          "0.01, 0.1"),
    Field("x0", "x0", "the start point (two numbers for f(x, y))", parse_x0, lambda s: numbers(s.x0), "10"),
    Field("steps", "steps", "the step budget, 1 to 1,000,000 (epochs for a model)", parse_steps, _budget_text,
          "20"),
    Field("tol", "tol", "stop when |f'(x)| < tol (0: never)", parse_tol, lambda s: short(s.tol), "1e-8"),
    Field("optimizer", "opt", f"the optimizer; {SEVERAL_OPTIMIZERS}", parse_optimizers,
          lambda s: "; ".join(s.optimizers), "sgd; adam"),
    Field("schedule", "sched", "the η schedule (constant, step:step_size=10, cosine:t_max=50, …)",
          parse_schedule_text, lambda s: s.schedule, "constant"),
)
BY_NAME = {f.name: f for f in FIELDS}
FIRST_ROW = ("function", "batch_size")


def check(name: str, text: str) -> tuple[Any, str | None]:
    """(parsed value, None) or (None, the one line that says what is wrong)."""
    try:
        return BY_NAME[name].parse(text), None
    except InputError as err:
        return None, _message(name, str(err))
    except RecursionError:
        return None, _message(name, "too deeply nested")
    except Superseded:
        raise  # the next keystroke's check took over: nothing is wrong with this text
    except Exception as err:  # a broken check must never take the app down; the log keeps the bug
        from ..error_log import record

        record(err, f"checking the {name} field: {text[:300]!r}")
        return None, _message(name, f"cannot read this ({type(err).__name__})")


def _message(name: str, text: str) -> str:
    if name == "optimizer" and text.startswith("unknown optimizer"):
        return f"{text} ({SEVERAL_OPTIMIZERS})"
    return f"f(x): {text}" if name == "function" and not text.startswith("f") else text


def scenario_of(base: Scenario, values: dict[str, Any], function_text: str) -> Scenario:
    """The base scenario (which keeps what has no field: the model, its data…) with the fields' values.

    For a model the budget field sets epochs when it counts them (see ``counts_epochs``), so a
    preset's epochs never override what was typed."""
    changes: dict[str, Any] = {
        "x0": values["x0"], "lrs": values["lr"], "tol": values["tol"],
        "optimizers": values["optimizer"], "schedule": values["schedule"],
    }
    if is_function(base):
        changes.update(function=function_text.strip(), steps=values["steps"])
    elif counts_epochs(base):
        changes.update(epochs=values["steps"], steps=values["steps"], batch_size=values["batch_size"])
    else:
        changes.update(epochs=None, steps=values["steps"], batch_size=values["batch_size"])
    return base.with_(**changes)


def derivative_line(function: Any) -> str:
    text = getattr(function, "derivative_text", "")
    if len(getattr(function, "parameters", ())) == 1:
        return f"f'(x) = {text}"
    return str(text)


def model_line(scenario: Scenario) -> str:
    return f"model: {scenario.model} (a preset from ctrl+p changes it)"
