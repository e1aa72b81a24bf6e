"""Errors that reach a user as one plain line, and the one rule for quoting what a user gave.

Text from someone else (a lesson file's value, a file's name, a path typed on the command
line, a frame a browser sent) can hold terminal escapes: ``ESC ] 52 ; c ; … BEL`` writes the
clipboard, ``ESC ] 0 ; … BEL`` the window's title. Whatever lrtui says quotes such text only
through :func:`visible`, which shows every control character as Python writes it in a string
(``\\x1b``, ``\\x07``, ``\\n``, ``\\u202e``): the terminal sees letters, never a command. Every
:class:`InputError` message passes through it, so does every line the command line prints.
"""

from __future__ import annotations

__all__ = ["InputError", "visible"]


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
    ``field`` names the input it concerns (``function``, ``lr``, ``x0``, ``steps``,
    ``tol``, ``optimizer``, ``schedule``, ...) so the app can mark that field;
    ``column`` (1-based) points into the text when the problem has a place.
    """

    def __init__(self, message: str, *, field: str | None = None, column: int | None = None):
        message = visible(message)
        super().__init__(message)
        self.message = message
        self.field = field
        self.column = column
