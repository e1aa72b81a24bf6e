"""A scenario: everything a run needs — what to descend on, x0, the η list, steps, tol, the
optimizers and the schedule — as values, each read from its text once.

The ``parse_*`` functions here read the text of each input, for the command line, the lesson
files and the app's fields alike: each raises :class:`InputError` naming its :class:`Field`,
with one plain line. The model (:mod:`.model`), the optimizers and the schedule (:mod:`.choices`)
keep their canonical text for the fields and for comparing scenarios: two scenarios are equal
when every input is, whatever spelling it was typed in.

``compute`` turns a scenario into a finished Result; ``run`` does the same from a problem and
optimizers: the engine's trajectories, then the analysis.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..errors import Field, InputError
from ..limits import MAX_RUNS, MAX_STEPS, MAX_TRIALS
from ..models import MODELS
from ..numeric import read_real, read_whole
from .choices import OptimizerChoice, ScheduleChoice
from .model import DEFAULT_FUNCTION, FunctionModel, Model, Regression

if TYPE_CHECKING:  # the app imports this module before NumPy: the rest loads on first use
    from numpy.typing import ArrayLike

    from ..analysis.analyse import Searches
    from ..cancel import CancelToken
    from ..engine.noise import Noise
    from ..engine.result import Result
    from ..engine.trials import TrialStats
    from ..expr.function import Function
    from ..optim.optimizer import Optimizer
    from ..optim.schedules.base import Schedule
    from ..problem import Problem

MAX_FIELD = 300
MAX_LRS = MAX_RUNS


@dataclass(frozen=True)
class Scenario:
    """A scenario, every input parsed (the defaults are the ``quadratic`` preset's).

    ``model``: a :class:`FunctionModel` (the typed function) or a :class:`Regression`.
    ``epochs``: a model's budget in epochs when it was given so; ``steps`` is then epochs × the
    model's batches per epoch (worked out where the scenario is read, see ``Regression.steps_for``).
    ``noise``: σ of the noise added to every gradient the optimizer sees (0: none; a typed function
    only, :mod:`lrtui.engine.noise`); ``trials``: independent noise streams per run; ``seed``: the
    seed of every stream (and of the regression's synthetic data and shuffles); ``trial``: the trial
    whose records the result holds (the others are kept as statistics), 0 … trials − 1.
    Build one from Python values with :meth:`of`, or from texts as the command line takes them
    with :meth:`from_text`.
    """

    model: Model = FunctionModel.known(DEFAULT_FUNCTION)
    x0: tuple[float, ...] = (10.0,)
    lrs: tuple[float, ...] = (0.01, 0.1, 0.5)
    steps: int = 20
    tol: float = 1e-8
    optimizers: tuple[OptimizerChoice, ...] = (OptimizerChoice.known("sgd"),)
    schedule: ScheduleChoice = ScheduleChoice.known("constant")
    epochs: int | None = None
    noise: float = 0.0
    trials: int = 1
    seed: int = 0
    trial: int = 0

    def with_(self, **changes: Any) -> Scenario:
        return replace(self, **changes)

    @property
    def function(self) -> str | None:
        """The function's text as typed; None for a model that is not a typed function."""
        return self.model.text if self.model.is_function else None

    def problem(self) -> Problem:
        """What the engine descends on (a function parsed once; the regression on data read once)."""
        return self.model.problem()

    @classmethod
    def of(
        cls,
        function: str | Function = DEFAULT_FUNCTION,
        x0: Iterable[float] | float = (10.0,),
        lrs: Iterable[float] | float = (0.01, 0.1, 0.5),
        steps: int = 20,
        tol: float = 1e-8,
        optimizers: str | Sequence[str | Optimizer | OptimizerChoice] = ("sgd",),
        schedule: str | Schedule | ScheduleChoice = "constant",
        *,
        model: str = "function",
        data: str | None = None,
        seed: int = 0,
        batch_size: int | None = None,
        epochs: int | None = None,
        noise: float = 0.0,
        trials: int = 1,
        trial: int = 0,
    ) -> Scenario:
        """A scenario from Python values, each text read now (raises InputError as the fields do):

            Scenario.of("(x-2)^2", x0=10, lrs=[0.01, 0.1], steps=20, optimizers="sgd; adam")
            Scenario.of(model="linreg", x0=(0, 0), lrs=[0.1], batch_size=10, epochs=5)

        ``model="linreg"`` fits the CSV file ``data`` (None: the synthetic set of ``seed``) in
        minibatches of ``batch_size`` and ignores ``function``; ``epochs`` then sets the steps.
        ``noise``, ``trials`` and ``seed``: gradient noise σ, its trials and their seed (a function only);
        ``trial``: the trial whose records the result holds."""
        kind = parse_model(model)
        chosen: Model
        if kind == "linreg":
            chosen = Regression.load(data, seed, batch_size)
        else:
            chosen = FunctionModel.given(function)
        if epochs is not None and isinstance(chosen, Regression):
            steps = chosen.steps_for(epochs)
        else:
            epochs = None
        chosen_optimizers = (parse_optimizers(optimizers) if isinstance(optimizers, str)
                             else tuple(map(OptimizerChoice.given, optimizers)))
        sigma, count = parse_noise(noise), parse_trials(trials)
        if sigma > 0 and not chosen.is_function:
            raise InputError("noise " + LINREG_NOISE.format(batch="batch_size"), field=Field.NOISE)
        return cls(chosen, _floats(x0), _floats(lrs), steps, tol, chosen_optimizers, ScheduleChoice.given(schedule),
                   epochs, sigma, count, parse_seed(seed), parse_trial(trial, count))

    @property
    def noisy(self) -> bool:
        """Is noise added to every gradient (σ > 0)?"""
        return self.noise > 0

    @classmethod
    def from_text(cls, **keys: Any) -> Scenario:
        """A scenario from the keys a lesson scene and the command line take, as text (``lr="0.01, 0.1"``)
        or as Python numbers and lists (``lr=[0.01, 0.1]``): the named ``preset`` (or the default),
        every key given over it, read as ``lrtui run`` reads its flags (:mod:`lrtui.teaching.keys`)."""
        from .keys import LESSON_KEYS, scenario_of, texts_of

        return scenario_of(texts_of(keys), LESSON_KEYS)


def _floats(values: Iterable[float] | float) -> tuple[float, ...]:
    return (float(values),) if isinstance(values, (int, float)) else tuple(float(v) for v in values)


def _check_length(text: str, field: Field) -> str:
    if len(text) > MAX_FIELD:
        raise InputError(f"{field}: too long ({len(text)} characters, at most {MAX_FIELD})", field=field)
    return text.strip()


def parse_lrs(text: str) -> tuple[float, ...]:
    """``"0.01, 0.1, 0.5"`` → (0.01, 0.1, 0.5). Commas or spaces separate; every η > 0."""
    text = _check_length(str(text), Field.LR)
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("η: give at least one learning rate, e.g. 0.01, 0.1, 0.5", field=Field.LR)
    if len(parts) > MAX_LRS:
        raise InputError(f"η: at most {MAX_LRS} learning rates, got {len(parts)}", field=Field.LR)
    values = []
    for i, p in enumerate(parts, 1):
        v = read_real(p, f"η #{i}", Field.LR)
        if v <= 0:
            raise InputError(f"η #{i}: a learning rate must be > 0, got {p}", field=Field.LR)
        values.append(v)
    return tuple(values)


def parse_x0(text: str) -> tuple[float, ...]:
    """``"10"`` → (10.0,); ``"3, 1"`` → (3.0, 1.0)."""
    text = _check_length(str(text), Field.X0)
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise InputError("x0: give a start point, e.g. 10", field=Field.X0)
    if len(parts) > 2:
        raise InputError(f"x0: at most two numbers (x, y), got {len(parts)}", field=Field.X0)
    return tuple(read_real(p, "x0", Field.X0) for p in parts)


def parse_steps(text: str | int) -> int:
    return read_whole(text, "steps", Field.STEPS, 1, MAX_STEPS, hint=f" (1 to {MAX_STEPS:,})")


def parse_tol(text: str | float) -> float:
    value = read_real(str(text), "tol", Field.TOL)
    if value < 0:
        raise InputError(f"tol: must be ≥ 0 (0 turns the stop rule off), got {value:g}", field=Field.TOL)
    return value


def parse_optimizers(text: str) -> tuple[OptimizerChoice, ...]:
    """``"sgd; adam:beta1=0.8"`` → the two optimizers, each read; empty text is refused."""
    text = _check_length(str(text), Field.OPTIMIZER)
    parts = tuple(p.strip() for p in text.split(";") if p.strip())
    if not parts:
        raise InputError("give at least one optimizer, e.g. sgd (several: sgd; adam)", field=Field.OPTIMIZER)
    return tuple(OptimizerChoice.parse(p) for p in parts)


def parse_schedule_choice(text: str) -> ScheduleChoice:
    """A schedule, read (``constant`` or ``none`` for none); empty text is refused."""
    text = _check_length(str(text), Field.SCHEDULE)
    if not text:
        raise InputError("give a schedule, e.g. constant or step:step_size=10", field=Field.SCHEDULE)
    return ScheduleChoice.parse(text)


def parse_model(text: str) -> str:
    """The model's name: ``function`` (descend on the typed function) or ``linreg``."""
    key = _check_length(str(text), Field.MODEL).lower()
    if key not in MODELS:
        shown = f"unknown model {text.strip()!r}" if key else "give a model"
        raise InputError(f"{shown}; valid: {', '.join(MODELS)}", field=Field.MODEL)
    return key


LINREG_NOISE = "applies only to a typed function: the regression's gradient noise is its minibatches ({batch})"


def parse_noise(text: str | float) -> float:
    """σ of the noise added to every gradient: a finite number ≥ 0 (0: none)."""
    value = read_real(str(text), "noise", Field.NOISE)
    if value < 0:
        raise InputError(f"noise: must be ≥ 0 (the σ of the noise added to every gradient; 0 for none), "
                         f"got {value:g}", field=Field.NOISE)
    return value + 0.0  # −0 is 0


def parse_trials(text: str | int) -> int:
    return read_whole(text, "trials", Field.TRIALS, 1, MAX_TRIALS, hint=f" (1 to {MAX_TRIALS:,})")


def parse_trial(text: str | int, trials: int, what: str = "trial") -> int:
    """The followed trial, 0 … trials − 1."""
    value = read_whole(text, what, Field.TRIAL, 0, MAX_TRIALS - 1)
    if value >= trials:
        some = f"the {trials:,} trials (0 to {trials - 1:,})" if trials > 1 else "the one trial (0)"
        raise InputError(f"{what} {value:,} is not one of {some}", field=Field.TRIAL)
    return value


def parse_seed(text: str | int) -> int:
    return read_whole(text, "seed", Field.SEED, 0, 2**63 - 1)


def parse_batch_size(text: str | int) -> int:
    return read_whole(text, "batch size", Field.BATCH, 1)


def parse_epochs(text: str | int) -> int:
    return read_whole(text, "epochs", Field.EPOCHS, 1, MAX_STEPS)


# -- computing -------------------------------------------------------------------------------
def check_runs(lrs: int, optimizers: int) -> None:
    """Refuse more than MAX_RUNS runs (every optimizer × every η), in one line."""
    if lrs * optimizers > MAX_RUNS:
        field = Field.OPTIMIZER if optimizers > 1 else Field.LR
        raise InputError(
            f"too many runs: {lrs:,} η × {optimizers:,} optimizer{'s' if optimizers > 1 else ''} = "
            f"{lrs * optimizers:,} runs, at most {MAX_RUNS}",
            field=field,
        )


def compute(scenario: Scenario, cancel: CancelToken | None = None, searches: Searches | None = None,
            stats: TrialStats | None = None, streams: tuple[int, ...] | None = None) -> Result:
    """Check and run a scenario; return the analysed Result (raises InputError on bad input).

    ``cancel``: a computation that is cancelled raises :class:`~lrtui.cancel.Cancelled`.
    ``searches``: the analysis's searches so far for this model and x0 (see :mod:`.runs`, which
    computes a scenario after another reusing the runs they share).
    ``stats``: the statistics over the trials of a computation that differed only in the
    followed trial (they are the same: only that trial is descended again).
    ``streams``: with noise, the stream number of each run (None: its place in ``scenario``; runs
    of a larger scenario computed apart take their places there, :class:`~lrtui.engine.noise.Noise`)."""
    check_runs(len(scenario.lrs), len(scenario.optimizers))
    return run(
        scenario.problem(),
        scenario.x0,
        scenario.lrs,
        scenario.steps,
        tol=scenario.tol,
        optimizers=[o.value for o in scenario.optimizers],
        schedule=scenario.schedule.value,
        cancel=cancel,
        searches=searches,
        noise=noise_of(scenario, streams),
        trial=scenario.trial,
        stats=stats,
    )


def noise_of(scenario: Scenario, streams: tuple[int, ...] | None = None) -> Noise | None:
    """The scenario's gradient noise for the engine (None: no noise and one trial); ``streams``:
    the stream number of each run (None: its place)."""
    if not scenario.noisy and scenario.trials == 1:
        return None
    from ..engine.noise import Noise

    return Noise(scenario.noise, scenario.trials, scenario.seed, streams)


def run(
    problem: Problem,
    x0: ArrayLike,
    lrs: Sequence[float],
    steps: int,
    tol: float = 1e-8,
    optimizers: Sequence[Optimizer] | None = None,
    schedule: Schedule | None = None,
    cancel: CancelToken | None = None,
    searches: Searches | None = None,
    noise: Noise | None = None,
    trial: int = 0,
    stats: TrialStats | None = None,
) -> Result:
    """The engine's trajectories with the analysis added: the one place that joins them.

    With ``noise``: every trial's statistics (:mod:`lrtui.engine.trials`, computed first: its
    budget refuses what is too much before any other work; ``stats``: those of the same runs,
    computed before), the records of trial ``trial``, and each run's noise floor in its analysis
    (:mod:`lrtui.analysis.floor`)."""
    from ..analysis.analyse import analyse
    from ..engine.descent import run as descend

    if noise is not None:
        parse_trial(trial, noise.trials)
        if noise.active and noise.trials > 1 and stats is None:
            from ..engine.checks import record_numbers
            from ..engine.trials import descend_trials
            from ..optim.schedules.constant import CONSTANT
            from ..optim.sgd import PLAIN

            opts = list(optimizers) if optimizers else [PLAIN]
            numbers, _ = record_numbers(problem, len(problem.parameters), opts, schedule or CONSTANT)
            stats = descend_trials(problem, x0, lrs, steps, tol, optimizers, schedule, noise, cancel, numbers)
    result = descend(problem, x0, lrs, steps, tol=tol, optimizers=optimizers, schedule=schedule, cancel=cancel,
                     noise=noise, trial=trial)
    result.analysis = analyse(result, cancel, searches)
    if noise is not None or problem.stochastic:  # the floor the noise leaves (minibatches: measured only)
        from ..analysis.floor import add_floors
        from ..engine.trials import single_trial

        trials = noise.trials if noise is not None else 1
        if stats is None:
            stats = single_trial(result, trials)
        result.trials = stats if trials > 1 else None
        add_floors(result, stats, noise.sigma if noise is not None else 0.0)
    return result
