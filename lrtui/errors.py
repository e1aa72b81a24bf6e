"""Errors that reach a user as one plain line."""

from __future__ import annotations


class InputError(ValueError):
    """Something a user typed is not acceptable.

    ``str(error)`` is the one line a front end shows: what is wrong and where.
    ``field`` names the input it concerns (``function``, ``lr``, ``x0``, ``steps``,
    ``tol``, ``optimizer``, ``schedule``, ...) so the app can mark that field;
    ``column`` (1-based) points into the text when the problem has a place.
    """

    def __init__(self, message: str, *, field: str | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.column = column
