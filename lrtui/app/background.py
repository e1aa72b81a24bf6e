"""Threads nothing waits for: the app's work in the background never holds up quitting.

Textual runs a thread worker in its event loop's default executor, and Python waits for
every thread of a ``ThreadPoolExecutor`` before it exits: a computation of a million steps, a
sweep or a function check still running would hold q up for seconds. Here each job gets a
daemon thread of its own instead (:class:`DaemonThreads`, made the loop's default executor
when the app loads), so the app ends as soon as its screen is restored; the computations
are also cancelled (:mod:`lrtui.cancel`), so they stop within a block of steps anyway.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = ["DaemonThreads", "use_daemon_threads"]


class DaemonThreads(ThreadPoolExecutor):
    """An executor that runs each job on a new daemon thread and never waits for one.

    What a job raises is kept in its future (never printed from the thread)."""

    def __init__(self, name: str = "lrtui-background") -> None:
        super().__init__(max_workers=1, thread_name_prefix=name)
        self._name = name

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def job() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as err:  # noqa: BLE001 - handed to whoever awaits the future
                future.set_exception(err)
            else:
                future.set_result(result)

        threading.Thread(target=job, name=self._name, daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Nothing to wait for: the jobs' threads are daemons."""


def use_daemon_threads(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Make daemon threads the default executor of ``loop`` (the running loop by default)."""
    (loop or asyncio.get_running_loop()).set_default_executor(DaemonThreads())
