"""The scenario's fields: what each is called, how its text is checked, how a scenario fills it.

Every check is a ``lrtui.scenario.parse_*`` function or ``lrtui.expr.parse_function``: a
whitelist that never evaluates the text. Whatever else goes wrong in a check becomes a
plain message too, so no text can crash the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...errors import InputError
from ...scenario import (
    Scenario,
    parse_lrs,
    parse_optimizers,
    parse_schedule_text,
    parse_steps,
    parse_tol,
    parse_x0,
)


def _function(text: str):
    from ...expr import parse_function

    return parse_function(text, group="field")  # the next keystroke's check supersedes this one


@dataclass(frozen=True)
class Field:
    name: str  # the Input's id and InputError.field
    label: str
    tooltip: str
    parse: Callable[[str], Any]
    text_of: Callable[[Scenario], str]
    placeholder: str = ""


FIELDS: tuple[Field, ...] = (
    Field("function", "f(x)", "the function to descend, e.g. (x-2)**2 or x^2 + 10 sin(x)", _function,
          lambda s: s.function, "(x-2)**2"),
    Field("lr", "η", "learning rates, one run each: 0.01, 0.1, 0.5", parse_lrs, lambda s: s.lrs_text, "0.1"),
    Field("x0", "x0", "the start point (two numbers for f(x, y))", parse_x0, lambda s: s.x0_text, "10"),
    Field("steps", "steps", "the step budget, 1 to 1,000,000", parse_steps, lambda s: str(s.steps), "20"),
    Field("tol", "tol", "stop when |f'(x)| < tol (0: never)", parse_tol, lambda s: f"{s.tol:g}", "1e-8"),
    Field("optimizer", "opt", "optimizers separated by ';' (sgd, …)", parse_optimizers,
          lambda s: s.optimizers_text, "sgd"),
    Field("schedule", "sched", "the η schedule (constant, …)", parse_schedule_text, lambda s: s.schedule,
          "constant"),
)
BY_NAME = {f.name: f for f in FIELDS}


def check(name: str, text: str) -> tuple[Any, str | None]:
    """(parsed value, None) or (None, the one line that says what is wrong)."""
    try:
        return BY_NAME[name].parse(text), None
    except InputError as err:
        return None, _message(name, str(err))
    except RecursionError:
        return None, _message(name, "too deeply nested")
    except Exception as err:  # noqa: BLE001 - a broken field must never take the app down
        return None, _message(name, f"cannot read this ({type(err).__name__})")


def _message(name: str, text: str) -> str:
    return f"f(x): {text}" if name == "function" and not text.startswith("f") else text


def scenario_of(base: Scenario, values: dict[str, Any], function_text: str) -> Scenario:
    """The base scenario (which keeps what has no field: the model, its data…) with the fields' values."""
    return base.with_(
        function=function_text.strip() if is_function(base) else base.function,
        x0=values["x0"],
        lrs=values["lr"],
        steps=values["steps"],
        tol=values["tol"],
        optimizers=values["optimizer"],
        schedule=values["schedule"],
    )


def derivative_line(function) -> str:
    text = getattr(function, "derivative_text", "")
    if len(getattr(function, "parameters", ())) == 1:
        return f"f'(x) = {text}"
    return text


def is_function(scenario: Scenario) -> bool:
    """Does the scenario descend on the typed function (rather than a model such as linreg)?"""
    return getattr(scenario, "model", "function") == "function"


def model_line(scenario: Scenario) -> str:
    return f"model: {scenario.model} (a preset from ctrl+p changes it)"
