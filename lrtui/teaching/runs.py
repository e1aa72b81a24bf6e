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

    def runs(self) -> dict[RunKey, tuple[Result, int]]:
        """Each run's key, and where its records are."""
        return {key: (self.result, r) for r, key in enumerate(self.keys)}

    def searches_for(self, scenario: Scenario) -> Searches:
        """The searches a computation of ``scenario`` may share: these, when it has the same model
        and x0 (and they are not too many), else none."""
        same = scenario.model == self.scenario.model and _bits(scenario.x0) == _bits(self.scenario.x0)
        return self.searches if same and len(self.searches) < MAX_SEARCHES else {}


def computed(scenario: Scenario, cancel: CancelToken | None = None,
             previous: Computation | None = None) -> Computation:
    """Check and compute a scenario, reusing the runs of ``previous`` whose keys it shares;
    raises InputError on bad input (:func:`lrtui.teaching.scenario.compute`), and
    :class:`~lrtui.cancel.Cancelled` when ``cancel`` is."""
    from ..engine.joined import joined
    from . import scenario as computing  # its compute, looked up when called

    check_runs(len(scenario.lrs), len(scenario.optimizers))
    keys = run_keys(scenario)
    kept = previous.runs() if previous is not None else {}
    searches = previous.searches_for(scenario) if previous is not None else {}
    if not any(key in kept for key in keys):  # every run is new: one computation of them all
        return Computation(scenario, computing.compute(scenario, cancel=cancel, searches=searches), searches, keys)
    found = dict(kept)
    for opt in scenario.optimizers:  # per optimizer, the η whose runs are new: a scenario of their own
        lrs = tuple(dict.fromkeys(lr for lr in scenario.lrs if run_key(scenario, lr, opt) not in found))
        if lrs:
            new = computing.compute(scenario.with_(lrs=lrs, optimizers=(opt,)), cancel=cancel, searches=searches)
            found.update((run_key(scenario, lr, opt), (new, r)) for r, lr in enumerate(lrs))
    return Computation(scenario, joined(scenario.problem(), [found[key] for key in keys]), searches, keys)
