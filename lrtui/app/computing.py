"""Applying a scenario: one computation at a time, in a thread; while one runs, only the newest
request waits (holding ↑ on the η dial never piles up work), and only the newest result is shown.

A bad input comes back as its InputError; anything else is a bug: its traceback goes to the
error log and the screen says so in one line. ``cancel`` forgets what waits and drops what runs:
the place to stop a running computation once the engine can be interrupted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from ..errors import InputError
from ..scenario import Scenario

if TYPE_CHECKING:
    from .charts.scene import Scene

@dataclass(frozen=True)
class Bug:
    message: str  # the one line for the screen
    traceback: str  # for Textual's log (the file has it too)


Done = Callable[[Scenario, "Scene"], None]
Failed = Callable[[str | None, str], None]  # (the field to mark or None, the one line to show)


class Computing:
    def __init__(self, owner: DOMNode, done: Done, failed: Failed) -> None:
        self._owner, self._done, self._failed = owner, done, failed
        self._running = False
        self._waiting: Scenario | None = None
        self._generation = 0  # the newest request's; a result of an older one is dropped

    @property
    def busy(self) -> bool:
        return self._running or self._waiting is not None

    def request(self, scenario: Scenario) -> None:
        self._generation += 1
        if self._running:
            self._waiting = scenario
        else:
            self._start(scenario)

    def cancel(self) -> None:
        self._generation += 1
        self._waiting = None

    def _start(self, scenario: Scenario) -> None:
        self._running = True
        work = partial(self._work, scenario, self._generation)
        # A failure of the computation comes back as an outcome; what escapes is a bug in showing it
        # (_finished runs on the UI thread through call_from_thread): the app ends with its traceback.
        self._owner.run_worker(work, thread=True, group="compute", name="compute", exit_on_error=True)

    def _work(self, scenario: Scenario, generation: int) -> None:
        """In the worker thread: the Result and everything the charts need from it."""
        try:
            from ..scenario import compute
            from .charts.scene import build_scene  # NumPy: off the path to the first frame

            outcome: object = build_scene(compute(scenario))
        except InputError as err:
            outcome = err
        except Exception as err:  # a bug, not bad input: keep its traceback, say it in one line
            import traceback

            from .error_log import report

            where = report(err, f"computing {scenario!r}")
            outcome = Bug(f"could not compute: {err} (a bug; {where})", "".join(traceback.format_exception(err)))
        self._owner.app.call_from_thread(self._finished, scenario, generation, outcome)

    def _finished(self, scenario: Scenario, generation: int, outcome: object) -> None:
        self._running = False
        if self._waiting is not None:
            newest, self._waiting = self._waiting, None
            self._start(newest)
        if generation != self._generation:
            return
        if isinstance(outcome, InputError):
            self._failed(outcome.field, str(outcome))
        elif isinstance(outcome, Bug):
            self._owner.log.error(outcome.traceback)
            self._failed(None, outcome.message)
        else:
            self._done(scenario, outcome)  # type: ignore[arg-type]
