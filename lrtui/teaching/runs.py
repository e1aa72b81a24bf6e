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
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .choices import OptimizerChoice, ScheduleChoice
from .model import Model
from .scenario import Scenario, check_runs

if TYPE_CHECKING:
    from ..analysis.analyse import Searches
    from ..cancel import CancelToken
    from ..engine.result import Result

RunKey = tuple[Model, tuple[str, ...], str, OptimizerChoice, ScheduleChoice, int, str]
Part = tuple["Result", int]  # a run: the result that holds it and its index there
MAX_SEARCHES = 4096  # the analysis's searches kept for one model and x0


def run_key(scenario: Scenario, lr: float, optimizer: OptimizerChoice) -> RunKey:
    """What one run of ``scenario`` depends on: its model, x0, η, optimizer, schedule, steps and
    tol (numbers by their exact bits: −0.0 is not 0.0)."""
    return (scenario.model, _bits(scenario.x0), float(lr).hex(), optimizer, scenario.schedule, scenario.steps,
            float(scenario.tol).hex())


def _bits(values: tuple[float, ...]) -> tuple[str, ...]:
    return tuple(float(v).hex() for v in values)


def run_keys(scenario: Scenario) -> list[RunKey]:
    """The key of every run, in the Result's order: every optimizer × every η."""
    return [run_key(scenario, lr, opt) for opt in scenario.optimizers for lr in scenario.lrs]


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

    def searches_for(self, scenario: Scenario) -> Searches:
        """The searches a computation of ``scenario`` may share: these, when it has the same model
        and x0 (and they are not too many), else none."""
        same = scenario.model == self.scenario.model and _bits(scenario.x0) == _bits(self.scenario.x0)
        return self.searches if same and len(self.searches) < MAX_SEARCHES else {}


def computed(scenario: Scenario, cancel: CancelToken | None = None,
             previous: Computation | None = None, ahead: Mapping[RunKey, Part] | None = None) -> Computation:
    """Check and compute a scenario, reusing the runs of ``previous`` whose keys it shares, and
    those computed ahead of it (``ahead``: :func:`runs_ahead`); raises InputError on bad input
    (:func:`lrtui.teaching.scenario.compute`), and :class:`~lrtui.cancel.Cancelled` when ``cancel`` is."""
    from ..engine.joined import joined
    from . import scenario as computing  # its compute, looked up when called

    check_runs(len(scenario.lrs), len(scenario.optimizers))
    keys = run_keys(scenario)
    found = _kept(previous, ahead)
    searches = previous.searches_for(scenario) if previous is not None else {}
    if not any(key in found for key in keys):  # every run is new: one computation of them all
        return Computation(scenario, computing.compute(scenario, cancel=cancel, searches=searches), searches, keys)
    found.update(_new_runs(scenario, found, cancel, searches))
    parts = [found[key] for key in keys]
    whole = parts[0][0]  # every run where one result has it (all computed ahead together): that result
    if whole.runs == len(parts) and all(res is whole and r == i for i, (res, r) in enumerate(parts)):
        return Computation(scenario, whole, searches, keys)
    return Computation(scenario, joined(scenario.problem(), parts), searches, keys)


def runs_ahead(scenario: Scenario, cancel: CancelToken | None = None, previous: Computation | None = None,
               ahead: Mapping[RunKey, Part] | None = None) -> dict[RunKey, Part]:
    """The runs of ``scenario`` that neither ``previous`` nor ``ahead`` holds, computed now and
    analysed (what a dial turn would compute, done before it: :func:`computed` then takes them
    over); raises as :func:`computed` does. The searches of ``previous`` are copied, not shared."""
    check_runs(len(scenario.lrs), len(scenario.optimizers))
    found = _kept(previous, ahead)
    searches = dict(previous.searches_for(scenario)) if previous is not None else {}
    return _new_runs(scenario, found, cancel, searches)


def _kept(previous: Computation | None, ahead: Mapping[RunKey, Part] | None) -> dict[RunKey, Part]:
    found = dict(ahead) if ahead else {}
    if previous is not None:
        found.update(previous.runs())
    return found


def _new_runs(scenario: Scenario, found: Mapping[RunKey, Part], cancel: CancelToken | None,
              searches: Searches) -> dict[RunKey, Part]:
    """The runs of ``scenario`` whose keys ``found`` lacks: all of them in one computation when
    none is found, else per optimizer the η whose runs are new, a scenario of their own."""
    from . import scenario as computing

    keys = run_keys(scenario)
    if not any(key in found for key in keys):
        result = computing.compute(scenario, cancel=cancel, searches=searches)
        return {key: (result, r) for r, key in reversed(list(enumerate(keys)))}  # a repeated η: its first run
    new: dict[RunKey, Part] = {}
    for opt in scenario.optimizers:
        lrs = tuple(dict.fromkeys(lr for lr in scenario.lrs if run_key(scenario, lr, opt) not in found))
        if lrs:
            res = computing.compute(scenario.with_(lrs=lrs, optimizers=(opt,)), cancel=cancel, searches=searches)
            new.update((run_key(scenario, lr, opt), (res, r)) for r, lr in enumerate(lrs))
    return new
