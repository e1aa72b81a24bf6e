"""Errors that reach a user as one plain line, and the names of the inputs they concern."""

from __future__ import annotations

from enum import StrEnum


class Field(StrEnum):
    """An input a user gives: a scenario's key (a command-line flag, a lesson scene's key, a field of
    the app), or another command's option. Its value is the key as a lesson file and argparse spell
    it (``batch_size``; the flag is ``--batch-size``)."""

    PRESET = "preset"
    FUNCTION = "function"
    X0 = "x0"
    LR = "lr"
    STEPS = "steps"
    TOL = "tol"
    OPTIMIZER = "optimizer"
    SCHEDULE = "schedule"
    MODEL = "model"
    DATA = "data"
    SEED = "seed"
    BATCH = "batch_size"
    EPOCHS = "epochs"
    # a lesson and its scenes
    LESSON = "lesson"
    SCENE = "scene"
    STEP = "step"
    VIEW = "view"
    # other commands' options
    POINTS = "points"
    FORMAT = "format"
    OUTPUT = "output"
    SIZE = "size"
    FPS = "fps"
    PRESS = "press"
    CHROME = "chrome"
    THEME = "theme"
    CHARSET = "charset"
    HOST = "host"
    PORT = "port"
    PUBLIC_URL = "public_url"


class InputError(ValueError):
    """Something a user typed is not acceptable.

    ``str(error)`` is the one line a front end shows: what is wrong and where.
    ``field`` is the :class:`Field` it concerns, so the app can mark that field (its text, e.g.
    ``"optimizer"`` as the symbolic worker's answer carries it, is read as its Field);
    ``column`` (1-based) points into the text when the problem has a place.
    """

    def __init__(self, message: str, *, field: Field | str | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.field: Field | None = None if field is None else Field(field)
        self.column = column
