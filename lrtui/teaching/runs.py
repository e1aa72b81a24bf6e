"""A computed run is a value keyed by its inputs, and a later computation reuses it.

A run's inputs are the model, x0, its η, its optimizer, the schedule, the steps and tol
(:func:`run_key`); its records and its analysis depend on nothing else (:mod:`lrtui.engine.joined`,
:func:`lrtui.analysis.analyse.analyse`). So a scenario computed after another computes only the
runs whose keys are new, and joins them with the ones it keeps, bit for bit what computing it
afresh gives (tests/test_runs.py):

    first = computed(scenario)                                    # every run
    turned = computed(scenario.with_(lrs=(0.012, 0.1, 0.5)), previous=first)   # 1 η: its runs only
    moved = computed(scenario.with_(x0=(9.5,)), previous=turned)  # every run is new

The η dial thus recomputes one η's runs (one per optimizer) and their analysis; the x0 dial
recomputes every run. The searches of the analysis (where a run heads for) are kept for the
model and x0 too: a turned η's run that ends where another did needs no new search.

With gradient noise (or several trials) a run depends also on σ, the trials, the seed, the trial
followed and its place in the scenario (every optimizer × every η, in that order), whose noise
streams it draws (:mod:`lrtui.engine.noise`): a turned η's runs are computed apart from the
streams of their places. Another trial followed (k / K in the app) changes every run's key but
not its statistics over the trials (:func:`trials_key`): only that trial is descended again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .choices import OptimizerChoice, ScheduleChoice
from .model import Model
from .scenario import Scenario, check_runs

if TYPE_CHECKING:
    from ..analysis.analyse import Searches
    from ..cancel import CancelToken
    from ..engine.result import Result
    from ..engine.trials import TrialStats

NoiseKey = tuple[str, int, int, int, int]  # σ (its bits), trials, seed, the run's place, the trial followed
RunKey = tuple[Model, tuple[str, ...], str, OptimizerChoice, ScheduleChoice, int, str, NoiseKey | None]
Part = tuple["Result", int]  # a run: the result that holds it and its index there
MAX_SEARCHES = 4096  # the analysis's searches kept for one model and x0


def run_key(scenario: Scenario, lr: float, optimizer: OptimizerChoice, place: int = 0) -> RunKey:
    """What one run of ``scenario`` depends on: its model, x0, η, optimizer, schedule, steps and
    tol (numbers by their exact bits: −0.0 is not 0.0); with noise or trials, σ, the trials, the
    seed, the run's ``place`` in the scenario (which streams it draws) and the trial followed."""
    noise = None
    if scenario.noisy or scenario.trials > 1:
        noise = (float(scenario.noise).hex(), scenario.trials, scenario.seed, place, scenario.trial)
    return (scenario.model, _bits(scenario.x0), float(lr).hex(), optimizer, scenario.schedule, scenario.steps,
            float(scenario.tol).hex(), noise)


def trials_key(key: RunKey) -> RunKey:
    """What a run's statistics over the trials depend on: its key but the trial followed."""
    model, x0, lr, optimizer, schedule, steps, tol, noise = key
    if noise is not None:
        sigma, trials, seed, place, _ = noise
        noise = (sigma, trials, seed, place, -1)
    return (model, x0, lr, optimizer, schedule, steps, tol, noise)


def _bits(values: tuple[float, ...]) -> tuple[str, ...]:
    return tuple(float(v).hex() for v in values)


def run_keys(scenario: Scenario) -> list[RunKey]:
    """The key of every run, in the Result's order: every optimizer × every η."""
    n = len(scenario.lrs)
    return [run_key(scenario, lr, opt, i * n + j) for i, opt in enumerate(scenario.optimizers)
            for j, lr in enumerate(scenario.lrs)]


@dataclass(frozen=True)
class Computation:
    """A scenario and its finished Result (analysed), with what a later computation reuses."""

    scenario: Scenario
    result: Result
    searches: Searches = field(default_factory=dict, compare=False, repr=False)  # for this model and x0
    keys: list[RunKey] = field(default_factory=list, compare=False, repr=False)  # of each run of result

    def runs(self) -> dict[RunKey, Part]:
        """Each run's key, and where its records are."""
        return {key: (self.result, r) for r, key in enumerate(self.keys)}

    def stats(self) -> dict[RunKey, tuple[TrialStats, int]]:
        """Each run's :func:`trials_key`, and where its statistics over the trials are (none: one trial)."""
        stats = self.result.trials
        return {} if stats is None else {trials_key(key): (stats, r) for r, key in enumerate(self.keys)}

    def searches_for(self, scenario: Scenario) -> Searches:
        """The searches a computation of ``scenario`` may share: these, when it has the same model
        and x0 (and they are not too many), else none."""
        same = scenario.model == self.scenario.model and _bits(scenario.x0) == _bits(self.scenario.x0)
        return self.searches if same and len(self.searches) < MAX_SEARCHES else {}


def computed(scenario: Scenario, cancel: CancelToken | None = None,
             previous: Computation | None = None, ahead: Mapping[RunKey, Part] | None = None) -> Computation:
    """Check and compute a scenario, reusing the runs of ``previous`` whose keys it shares (and
    the statistics over the trials of those that differ only in the trial followed), and the runs
    ``ahead`` holds (computed before they were asked for); raises InputError on bad input
    (:func:`lrtui.teaching.scenario.compute`), and :class:`~lrtui.cancel.Cancelled` when ``cancel`` is."""
    from ..engine.joined import joined
    from . import scenario as computing  # its compute, looked up when called

    check_runs(len(scenario.lrs), len(scenario.optimizers))
    keys = run_keys(scenario)
    found = dict(ahead) if ahead else {}
    if previous is not None:
        found.update(previous.runs())
    searches = previous.searches_for(scenario) if previous is not None else {}
    stats_of = _stats_of(previous)
    if not any(key in found for key in keys):  # every run is new: one computation of them all
        result = computing.compute(scenario, cancel=cancel, searches=searches, stats=stats_of(keys))
        return Computation(scenario, result, searches, keys)
    noisy = keys[0][-1] is not None
    n = len(scenario.lrs)
    for i, opt in enumerate(scenario.optimizers):  # per optimizer, the runs that are new: a scenario of their own
        new = {keys[i * n + j]: (lr, i * n + j) for j, lr in enumerate(scenario.lrs) if keys[i * n + j] not in found}
        if new:
            lrs = tuple(lr for lr, _ in new.values())
            streams = tuple(place for _, place in new.values()) if noisy else None
            part = computing.compute(scenario.with_(lrs=lrs, optimizers=(opt,)), cancel=cancel, searches=searches,
                                     stats=stats_of(list(new)), streams=streams)
            found.update((key, (part, r)) for r, key in enumerate(new))
    parts = [found[key] for key in keys]
    whole = parts[0][0]  # every run where one result has it (a turn computed ahead): that result
    if whole.runs == len(parts) and all(res is whole and r == i for i, (res, r) in enumerate(parts)):
        return Computation(scenario, whole, searches, keys)
    return Computation(scenario, joined(scenario.problem(), parts), searches, keys)


def _stats_of(previous: Computation | None) -> Callable[[list[RunKey]], TrialStats | None]:
    """The statistics over the trials of the runs ``wanted``, joined from those ``previous`` has
    (None: it lacks some)."""
    from ..engine.trials import joined_stats

    known = previous.stats() if previous is not None else {}

    def stats_of(wanted: list[RunKey]) -> TrialStats | None:
        found = [known.get(trials_key(key)) for key in wanted]
        parts = [part for part in found if part is not None]
        return joined_stats(parts) if parts and len(parts) == len(wanted) else None

    return stats_of
