"""Work off the app's thread where the latest request wins: the one helper for every background job
(a scenario's computation, the function field's check, the sweep).

    computing = Latest(self, self._landed, "compute")      # self: the screen or widget it works for
    computing.submit(partial(compute_scene, scenario), f"computing {scenario!r}")

A job is a function of a :class:`~lrtui.cancel.CancelToken`. How it ended comes back to its owner
on the app's thread as one typed :data:`Outcome`:

- ``Done(value)``: what it returned;
- ``Refused(error)``: an :class:`~lrtui.errors.InputError`, the one line a user reads (a field to mark);
- ``Cancelled()``: superseded by a newer request (its token was cancelled, or the symbolic worker
  said :class:`~lrtui.expr.client.Superseded`): nothing to show, and nothing for the error log;
- ``Failed(error, where)``: anything else is a bug: its traceback is already in the error log
  (:mod:`.error_log`), ``where`` says so in a few words.

A newer request cancels the job before it (it stops within a block of steps). By default one job
runs at a time and only the newest request waits: what a cancelled job held is freed before the
next starts, and holding ↑ on the η dial never piles up work. ``overlap=True`` starts each job at
once, for work that learns by its own means that it was superseded (the symbolic worker's group).

An outcome is posted to the owner's message queue (``post_message`` is thread-safe): an owner that
is closing, or an app that is quitting, drops it. :meth:`Latest.close` (the owner goes away) cancels
what runs and forgets what waits. Jobs run as Textual thread workers (``app.workers`` sees them:
tests and ``lrtui shot`` wait for them to settle), on daemon threads (:mod:`.background`).

The compute job keeps to this shape so that a later change can reuse what a newer request shares
with the older: a job is a plain function of its inputs, and its value is handed over whole.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from textual.dom import DOMNode

from .. import cancel
from ..errors import InputError
from ..expr.client import Superseded

T = TypeVar("T")


@dataclass(frozen=True)
class Done(Generic[T]):
    value: T


@dataclass(frozen=True)
class Refused:
    error: InputError


@dataclass(frozen=True)
class Cancelled:
    pass


@dataclass(frozen=True)
class Failed:
    error: Exception  # without its traceback (that holds the job's arrays); the error log has it
    where: str  # "traceback in ~/.local/state/lrtui/errors.log"


Outcome = Done[T] | Refused | Cancelled | Failed
Work = Callable[[cancel.CancelToken], T]


@dataclass(eq=False)
class Job(Generic[T]):
    """One request: its work, what it is about (for the error log), its cancel switch, and how it ended."""

    work: Work[T]
    about: str
    token: cancel.CancelToken = field(default_factory=cancel.CancelToken)
    finished: threading.Event = field(default_factory=threading.Event)  # set once it ended (or never will run)
    outcome: Outcome[T] | None = None  # as its thread saw it (a superseded Done is still Done here)


def run(job: Job[T]) -> Outcome[T]:
    """Run a job in this thread and say how it ended."""
    try:
        return Done(job.work(job.token))
    except (cancel.Cancelled, Superseded):  # not bound to a name: its traceback, and what it holds, go now
        return Cancelled()
    except InputError as err:
        return Refused(err.with_traceback(None))
    except Exception as err:  # a bug, not bad input: its traceback to the log, one line for the screen
        from .error_log import report

        where = report(err, job.about)
        return Failed(err.with_traceback(None), where)


class Latest(Generic[T]):
    def __init__(self, owner: DOMNode, land: Callable[[Outcome[T]], None], name: str, *,
                 overlap: bool = False) -> None:
        """``land`` gets each outcome on the app's thread; ``name`` names the workers (Textual's log)."""
        self._owner, self._land, self._name, self._overlap = owner, land, name, overlap
        self._lock = threading.Lock()  # _next and _draining, shared with the worker thread
        self._next: Job[T] | None = None  # the newest request, waiting for the running job to end
        self._draining = False  # a worker runs jobs (one at a time) until none waits
        self.last: Job[T] | None = None  # the newest request (app thread)
        self.busy = False  # the newest request has not landed yet (app thread)
        self._closed = False

    def submit(self, work: Work[T], about: str) -> Job[T]:
        """Ask for ``work``; the request before it is cancelled (its outcome lands as Cancelled)."""
        job = Job(work, about)
        older, self.last, self.busy = self.last, job, True
        if older is not None:
            older.token.cancel()  # it stops within a block of steps and frees its arrays
        if self._overlap:
            self._start(lambda: self._finish(job, run(job)))
            return job
        with self._lock:
            skipped, self._next = self._next, job
            start = not self._draining
            self._draining = True
        if skipped is not None:  # waited and never ran
            self._finish(skipped, Cancelled())
        if start:
            self._start(self._drain)
        return job

    def cancel(self) -> None:
        """Stop what runs and forget what waits (their outcomes land as Cancelled); later requests run."""
        with self._lock:
            skipped, self._next = self._next, None
        if skipped is not None:
            self._finish(skipped, Cancelled())
        if self.last is not None:
            self.last.token.cancel()
        self.busy = False

    def close(self) -> None:
        """The owner goes away (its screen closes, the app quits): stop what runs, forget what
        waits, and deliver nothing more."""
        self._closed, self.busy = True, False
        with self._lock:
            skipped, self._next = self._next, None
        if skipped is not None:
            skipped.token.cancel()
            skipped.outcome = Cancelled()
            skipped.finished.set()
        if self.last is not None:
            self.last.token.cancel()

    def _start(self, target: Callable[[], None]) -> None:
        # What a job raises comes back as its outcome; what escapes is a bug of this helper: the
        # app ends with its traceback.
        self._owner.run_worker(target, name=self._name, group=self._name, thread=True, exit_on_error=True)

    def _drain(self) -> None:
        """In a worker thread: the waiting job, then the next one to wait meanwhile, until none waits."""
        while True:
            with self._lock:
                job, self._next = self._next, None
                if job is None:
                    self._draining = False
                    return
            self._finish(job, run(job))

    def _finish(self, job: Job[T], outcome: Outcome[T]) -> None:
        job.outcome = outcome
        job.finished.set()
        if not self._closed:
            self._owner.call_later(self._landed, job, outcome)  # post_message: dropped if the owner is closing

    def _landed(self, job: Job[T], outcome: Outcome[T]) -> None:
        """On the app's thread: hand the outcome over; an older request's lands as Cancelled."""
        if self._closed or not self._owner.app.is_running:  # the app quits: its widgets are being taken down
            return
        if job is not self.last:
            outcome = Cancelled()
        else:
            self.busy = False
        if isinstance(outcome, Failed):
            self._owner.log.error(f"{job.about}: {outcome.error!r} ({outcome.where})")
        self._land(outcome)
