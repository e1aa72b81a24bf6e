"""Stopping a computation whose result will not be used: a token the caller cancels and the
computation checks between blocks of work.

    token = CancelToken()
    result = compute(scenario, cancel=token)   # in a thread
    token.cancel()                             # from anywhere: compute raises Cancelled soon

The engine checks its token once per block of steps (at most ``engine.LARGEST_BLOCK`` steps,
milliseconds of work), where it applies the stop rules; the analysis checks it once per run.
A cancelled computation raises :class:`Cancelled`, and the arrays it was filling are freed as
the exception unwinds (the caller must not keep the exception: its traceback holds them).
"""

from __future__ import annotations

import threading

__all__ = ["CancelToken", "Cancelled", "raise_if_cancelled"]


class Cancelled(Exception):
    """The computation was cancelled: a newer one superseded it, or the program is ending."""


class CancelToken:
    """A one-way switch shared by the code that asks for a computation and the computation."""

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def raise_if_cancelled(token: CancelToken | None) -> None:
    """Raise :class:`Cancelled` when ``token`` was cancelled; no token: never."""
    if token is not None and token.cancelled:
        raise Cancelled()
