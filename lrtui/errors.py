"""Errors that reach a user as one plain line, the names of the inputs they concern, and the one
rule for quoting what a user gave.

Text from someone else (a lesson file's value, a file's name, a path typed on the command
line, a frame a browser sent) can hold terminal escapes: ``ESC ] 52 ; c ; … BEL`` writes the
clipboard, ``ESC ] 0 ; … BEL`` the window's title. Whatever lrtui says quotes such text only
through :func:`visible`, which shows every control character as Python writes it in a string
(``\\x1b``, ``\\x07``, ``\\n``, ``\\u202e``): the terminal sees letters, never a command. Every
:class:`InputError` message passes through it, so does every line the command line prints.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Field", "InputError", "visible"]


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
    NOISE = "noise"  # the gradient noise σ
    TRIALS = "trials"  # independent noise streams per run
    TRIAL = "trial"  # the trial whose records a result holds
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
    MAX_SESSIONS = "max_sessions"


def visible(text: str) -> str:
    """``text`` with every character that is not printable (control characters, format
    characters such as the bidi overrides, line and paragraph separators, lone surrogates)
    written as ``repr`` writes it: ``"a\\x1b]0;X\\x07"`` → ``a\\x1b]0;X\\x07``. Printable text,
    backslashes included, is left as it is, so the function is idempotent and a value already
    quoted with ``repr`` (``{name!r}``) reads the same."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


class InputError(ValueError):
    """Something a user typed is not acceptable.

    ``str(error)`` is the one line a front end shows: what is wrong and where, with every
    control character made visible (:func:`visible`: the message may quote what was typed).
    ``field`` is the :class:`Field` it concerns, so the app can mark that field (its text, e.g.
    ``"optimizer"`` as the symbolic worker's answer carries it, is read as its Field);
    ``column`` (1-based) points into the text when the problem has a place.
    """

    def __init__(self, message: str, *, field: Field | str | None = None, column: int | None = None):
        message = visible(message)
        super().__init__(message)
        self.message = message
        self.field: Field | None = None if field is None else Field(field)
        self.column = column
