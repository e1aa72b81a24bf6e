"""Applying a scenario: one computation at a time, in a thread; while one runs, only the newest
request waits (holding ↑ on the η dial never piles up work), and only the newest result is shown.

A newer request cancels the computation it supersedes (:mod:`lrtui.cancel`: it stops within a
block of steps, and what it held is freed before the newest starts); so does :meth:`Computing.close`
(the screen going away, the app quitting). The thread is a daemon (:mod:`.background`): quitting
never waits for it.

A bad input comes back as its InputError; anything else is a bug: its traceback goes to the
error log and the screen says so in one line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from textual.dom import DOMNode

from ..cancel import Cancelled, CancelToken
from ..errors import Field, InputError
from ..teaching.scenario import Scenario

if TYPE_CHECKING:
    from .charts.scene import Scene

@dataclass(frozen=True)
class Bug:
    message: str  # the one line for the screen
    traceback: str  # for Textual's log (the file has it too)


Done = Callable[[Scenario, "Scene"], None]
Failed = Callable[[Field | None, str], None]  # (the field to mark or None, the one line to show)


@dataclass
class Job:
    """One computation: its cancel switch, and whether (and how) its thread has finished."""

    scenario: Scenario
    token: CancelToken = field(default_factory=CancelToken)
    finished: threading.Event = field(default_factory=threading.Event)  # set as the thread ends
    outcome: str = ""  # "done", "bad input", "bug" or "cancelled", once finished


class Computing:
    def __init__(self, owner: DOMNode, done: Done, failed: Failed) -> None:
        self._owner, self._done, self._failed = owner, done, failed
        self.job: Job | None = None  # the running computation
        self._waiting: Scenario | None = None
        self._generation = 0  # the newest request's; a result of an older one is dropped
        self._closed = False

    @property
    def busy(self) -> bool:
        return self.job is not None or self._waiting is not None

    def request(self, scenario: Scenario) -> None:
        self._generation += 1
        if self.job is not None:
            self.job.token.cancel()  # superseded: it stops within a block of steps and frees its arrays
            self._waiting = scenario
        else:
            self._start(scenario)

    def close(self) -> None:
        """The owner goes away (its screen closes, the app quits): forget what waits, stop what
        runs, and show nothing more."""
        self._closed = True
        self._generation += 1
        self._waiting = None
        if self.job is not None:
            self.job.token.cancel()

    def _start(self, scenario: Scenario) -> None:
        self.job = job = Job(scenario)
        work = partial(self._work, job, self._generation)
        # A failure of the computation comes back as an outcome; what escapes is a bug in showing it
        # (_finished runs on the UI thread through call_from_thread): the app ends with its traceback.
        self._owner.run_worker(work, thread=True, group="compute", name="compute", exit_on_error=True)

    def _work(self, job: Job, generation: int) -> None:
        """In the worker thread: the Result and everything the charts need from it."""
        scenario = job.scenario
        try:
            from ..teaching.scenario import compute
            from .charts.scene import build_scene  # NumPy: off the path to the first frame

            outcome: object = build_scene(compute(scenario, cancel=job.token), cancel=job.token)
            job.outcome = "done"
        except Cancelled:  # not bound to a name: its traceback, and the arrays it holds, go now
            outcome = None
            job.outcome = "cancelled"
        except InputError as err:
            outcome = err
            job.outcome = "bad input"
        except Exception as err:  # a bug, not bad input: keep its traceback, say it in one line
            import traceback

            from .error_log import report

            where = report(err, f"computing {scenario!r}")
            outcome = Bug(f"could not compute: {err} (a bug; {where})", "".join(traceback.format_exception(err)))
            job.outcome = "bug"
        try:
            # closed, or the app stopped: there is no screen to show it on
            if not self._closed and self._owner.app.is_running:
                self._owner.app.call_from_thread(self._finished, job, generation, outcome)
        finally:
            job.finished.set()

    def _finished(self, job: Job, generation: int, outcome: object) -> None:
        if self.job is job:
            self.job = None
        if not self._owner.app.is_running:  # it landed as the app quits: the widgets are being taken down
            return
        if self._waiting is not None:
            newest, self._waiting = self._waiting, None
            self._start(newest)
        if generation != self._generation or outcome is None:
            return
        if isinstance(outcome, InputError):
            self._failed(outcome.field, str(outcome))
        elif isinstance(outcome, Bug):
            self._owner.log.error(outcome.traceback)
            self._failed(None, outcome.message)
        else:
            self._done(job.scenario, outcome)  # type: ignore[arg-type]
