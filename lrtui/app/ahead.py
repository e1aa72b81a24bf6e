"""Computing ahead: while the app waits for a key, what the dials' next turns would compute.

A run is a value keyed by its inputs (:mod:`lrtui.teaching.runs`), so the scenarios one turn of a
dial away (η one rung up and down for the selected run, x0 one rung either way) can be computed
before the key is pressed, as the turn would compute them (their runs, analysis and scene): the
turn then only draws. A turn that was not computed ahead takes over the runs that were. The work
runs in its own thread, one job at a time, and stops (within a block of steps) as soon as a
computation is asked for: it never delays what a key asks.

Only small scenarios of a typed function are computed ahead (at most ``AHEAD_RECORDS`` records
in all, every coordinate and every trial counted), and what is kept is the next turns alone (and
the runs of the computation before, for the way back): the memory stays a few times a
scenario's. Headless (``lrtui shot``, the tests) it is off unless ``enabled`` is set: nothing
waits there for a key; served (``lrtui serve``) too: one machine serves a whole class.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from ..teaching.scenario import Scenario
from .computed import Computed, runs_ahead
from .latest import Latest, Outcome

if TYPE_CHECKING:
    from ..teaching.runs import Part, RunKey

AHEAD_RECORDS = 1_000_000  # records of one scenario (runs × (steps + 1) × coordinates) computed ahead at most
AHEAD_AFTER = 0.1  # s after a result lands (its frame is out by then: the job would slow it)


def worth_ahead(scenario: Scenario) -> bool:
    """Is ``scenario`` small enough, and a typed function, to compute its next turns ahead?"""
    records = len(scenario.lrs) * len(scenario.optimizers) * (scenario.steps + 1) * len(scenario.x0) * scenario.trials
    return scenario.model.is_function and records <= AHEAD_RECORDS


class Ahead:
    """What was computed ahead (``runs``, which a computation takes over; :meth:`ready`, a turn
    computed whole) and the job that computes it."""

    def __init__(self, owner: DOMNode) -> None:
        self.runs: dict[RunKey, Part] = {}  # replaced whole by the job's thread as it goes
        self._made: list[Computed] = []  # the next turns computed whole, from ``_base`` (the same)
        self._base: Computed | None = None
        self.enabled: bool | None = None  # None: in a terminal (not headless, not served)
        self._owner = owner
        self._before: Computed | None = None  # the computation before the last: the way back
        self._jobs: Latest[None] = Latest(owner, self._landed, "ahead")

    def start(self, scenarios: Sequence[Scenario], previous: Computed | None) -> None:
        """Compute the runs of ``scenarios`` (the next turns of the computation ``previous``, just
        shown) that it lacks; the runs kept from before are those of these scenarios only."""
        app = self._owner.app
        enabled = not (app.is_headless or app.is_web) if self.enabled is None else self.enabled
        self._made, self._base = [], previous
        if not enabled or previous is None or not worth_ahead(previous.scenario):
            self.runs = {}
            return
        from ..teaching.runs import run_keys

        wanted = {key for scenario in scenarios for key in run_keys(scenario)}
        before, self._before = self._before, None
        found = {**before.runs.runs(), **self.runs} if before is not None and before.runs is not None else self.runs
        self.runs = {key: part for key, part in found.items() if key in wanted}
        self._jobs.submit(partial(runs_ahead, scenarios, previous=previous, seed=self.runs, publish=self._publish),
                          "computing the dials' next turns ahead")

    def ready(self, scenario: Scenario, previous: Computed | None) -> Computed | None:
        """In the compute job: ``scenario`` computed ahead from ``previous`` (None: it was not)."""
        from ..teaching.runs import run_keys

        if previous is None or previous is not self._base:
            return None
        keys = run_keys(scenario)  # numbers by their bits: −0.0 is not 0.0, though they compare equal
        return next((done for done in self._made
                     if done.scenario == scenario and done.runs is not None and done.runs.keys == keys), None)

    def came_from(self, before: Computed | None) -> None:
        """In the compute job: the computation before the one just made (a turn back takes its runs)."""
        self._before = before if before is not None and worth_ahead(before.scenario) else None

    def stop(self) -> None:
        """A computation is asked for: the job stops within a block of steps (what it published stays)."""
        self._jobs.cancel()

    def close(self) -> None:
        self._jobs.close()
        self.runs, self._before, self._made, self._base = {}, None, [], None

    def _publish(self, runs: dict[RunKey, Part], made: list[Computed]) -> None:
        self.runs, self._made = runs, made

    def _landed(self, outcome: Outcome[None]) -> None:
        """Nothing to show: what was computed is in ``runs`` (a bug is in the error log already)."""
