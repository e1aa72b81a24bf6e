"""A scenario: everything a user types — function, η list, x0, steps, tol, optimizers, schedule.

The text of each field is checked by the ``parse_*`` functions here, shared by the command
line and the app: each raises :class:`InputError` naming its field, with one plain line.
``compute`` turns a valid scenario into a finished Result; ``run`` does the same from a
problem and parsed optimizers: the engine's trajectories, then the analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..limits import MAX_RUNS, MAX_STEPS
from ..models import MODELS
from ..numeric import read_real, read_whole, shortest

if TYPE_CHECKING:  # the app imports this module before NumPy: the rest loads on first use
    from numpy.typing import ArrayLike

    from ..cancel import CancelToken
    from ..engine.result import Result
    from ..optim.optimizer import Optimizer
    from ..optim.schedules.base import Schedule
    from ..problem import Problem

MAX_FIELD = 300
MAX_LRS = MAX_RUNS


@dataclass(frozen=True)
class Scenario:
    function: str = "(x-2)**2"
    x0: tuple[float, ...] = (10.0,)
    lrs: tuple[float, ...] = (0.01, 0.1, 0.5)
    steps: int = 20
    tol: float = 1e-8
    optimizers: tuple[str, ...] = ("sgd",)
    schedule: str = "constant"
    # the model: "function" descends on the function text above; "linreg" fits
    # ŷ = w·x + b to `data` (a CSV path; None: the synthetic set drawn from `seed`) by MSE,
    # with minibatches of `batch_size` (None: full batch). `epochs`, when set, sets the step
    # budget: steps = epochs × batches per epoch (compute() derives it; `steps` then follows).
    model: str = "function"
    data: str | None = None
    seed: int = 0
    batch_size: int | None = None
    epochs: int | None = None

    def with_(self, **changes: Any) -> Scenario:
        return replace(self, **changes)

    # text forms, as the app's fields show them
    @property
    def lrs_text(self) -> str:
        return ", ".join(_num(v) for v in self.lrs)

    @property
    def x0_text(self) -> str:
        return ", ".join(_num(v) for v in self.x0)

    @property
    def optimizers_text(self) -> str:
        return "; ".join(self.optimizers)


def _num(v: float) -> str:
    return shortest(v)


def _check_length(text: str, field: str) -> str:
    if len(text) > MAX_FIELD:
        raise InputError(f"{field}: too long ({len(text)} characters, at most {MAX_FIELD})", field=field)
    return text.strip()


def parse_lrs(text: str) -> tuple[float, ...]:
    """``"0.01, 0.1, 0.5"`` → (0.01, 0.1, 0.5). Commas or spaces separate; every η > 0."""
    text = _check_length(str(text), "lr")
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("η: give at least one learning rate, e.g. 0.01, 0.1, 0.5", field="lr")
    if len(parts) > MAX_LRS:
        raise InputError(f"η: at most {MAX_LRS} learning rates, got {len(parts)}", field="lr")
    values = []
    for i, p in enumerate(parts, 1):
        v = read_real(p, f"η #{i}", "lr")
        if v <= 0:
            raise InputError(f"η #{i}: a learning rate must be > 0, got {p}", field="lr")
        values.append(v)
    return tuple(values)


def parse_x0(text: str) -> tuple[float, ...]:
    """``"10"`` → (10.0,); ``"3, 1"`` → (3.0, 1.0)."""
    text = _check_length(str(text), "x0")
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("x0: give a start point, e.g. 10", field="x0")
    if len(parts) > 2:
        raise InputError(f"x0: at most two numbers (x, y), got {len(parts)}", field="x0")
    return tuple(read_real(p, "x0", "x0") for p in parts)


def parse_steps(text: str | int) -> int:
    return read_whole(text, "steps", "steps", 1, MAX_STEPS, hint=f" (1 to {MAX_STEPS:,})")


def parse_tol(text: str | float) -> float:
    value = read_real(str(text), "tol", "tol")
    if value < 0:
        raise InputError(f"tol: must be ≥ 0 (0 turns the stop rule off), got {value:g}", field="tol")
    return value


def parse_optimizers(text: str) -> tuple[str, ...]:
    """``"sgd; adam:beta1=0.8"`` → ("sgd", "adam:beta1=0.8"), each checked; empty text is refused."""
    from ..optim.registry import parse_optimizer

    text = _check_length(str(text), "optimizer")
    parts = tuple(p.strip() for p in text.split(";") if p.strip())
    if not parts:
        raise InputError("give at least one optimizer, e.g. sgd (several: sgd; adam)", field="optimizer")
    for p in parts:
        parse_optimizer(p)
    return parts


def parse_schedule_text(text: str) -> str:
    """A schedule's text, checked (``constant`` or ``none`` for none); empty text is refused."""
    from ..optim.registry import parse_schedule

    text = _check_length(str(text), "schedule")
    if not text:
        raise InputError("give a schedule, e.g. constant or step:step_size=10", field="schedule")
    parse_schedule(text)
    return text


def parse_model(text: str) -> str:
    key = _check_length(str(text), "model").lower()
    if key not in MODELS:
        shown = f"unknown model {text.strip()!r}" if key else "give a model"
        raise InputError(f"{shown}; valid: {', '.join(MODELS)}", field="model")
    return key


def parse_seed(text: str | int) -> int:
    return read_whole(text, "seed", "seed", 0, 2**63 - 1)


def parse_batch_size(text: str | int) -> int:
    return read_whole(text, "batch size", "batch_size", 1)


def parse_epochs(text: str | int) -> int:
    return read_whole(text, "epochs", "epochs", 1, MAX_STEPS)


# -- computing -------------------------------------------------------------------------------
def check_runs(lrs: int, optimizers: int) -> None:
    """Refuse more than MAX_RUNS runs (every optimizer × every η), in one line."""
    if lrs * optimizers > MAX_RUNS:
        field = "optimizer" if optimizers > 1 else "lr"
        raise InputError(
            f"too many runs: {lrs:,} η × {optimizers:,} optimizer{'s' if optimizers > 1 else ''} = "
            f"{lrs * optimizers:,} runs, at most {MAX_RUNS}",
            field=field,
        )


def compute(scenario: Scenario, cancel: CancelToken | None = None) -> Result:
    """Parse, check and run a scenario; return the analysed Result (raises InputError on bad input).

    ``cancel``: a computation that is cancelled raises :class:`~lrtui.cancel.Cancelled`."""
    from ..optim.registry import parse_optimizer, parse_schedule

    check_runs(len(scenario.lrs), len(scenario.optimizers))
    problem, steps = build_problem(scenario)
    return run(
        problem,
        scenario.x0,
        scenario.lrs,
        steps,
        tol=scenario.tol,
        optimizers=[parse_optimizer(t) for t in scenario.optimizers],
        schedule=parse_schedule(scenario.schedule),
        cancel=cancel,
    )


def run(
    problem: Problem,
    x0: ArrayLike,
    lrs: Sequence[float],
    steps: int,
    tol: float = 1e-8,
    optimizers: Sequence[Optimizer] | None = None,
    schedule: Schedule | None = None,
    cancel: CancelToken | None = None,
) -> Result:
    """The engine's trajectories with the analysis added: the one place that joins them."""
    from ..analysis.analyse import analyse
    from ..engine.descent import run as descend

    result = descend(problem, x0, lrs, steps, tol=tol, optimizers=optimizers, schedule=schedule, cancel=cancel)
    result.analysis = analyse(result, cancel)
    return result


def build_problem(scenario: Scenario) -> tuple[Problem, int]:
    """The scenario's problem and its step budget: (problem, steps).

    For ``model == "function"`` the parsed function and ``scenario.steps``. For ``"linreg"``
    the regression problem (the function text is ignored) and, when ``epochs`` is set,
    epochs × batches per epoch steps.
    """
    model = parse_model(scenario.model)
    if model == "function":
        from ..expr import parse_function

        return parse_function(scenario.function), scenario.steps
    from ..models.linreg import build_linreg

    seed = parse_seed(scenario.seed)
    batch = None if scenario.batch_size is None else parse_batch_size(scenario.batch_size)
    problem = build_linreg(scenario.data, seed, batch)
    if scenario.epochs is None:
        return problem, scenario.steps
    epochs = parse_epochs(scenario.epochs)
    steps = epochs * problem.batches_per_epoch
    if steps > MAX_STEPS:
        raise InputError(
            f"epochs: {epochs:,} epochs × {problem.batches_per_epoch:,} batches = {steps:,} steps, "
            f"more than {MAX_STEPS:,}",
            field="epochs",
        )
    return problem, steps
