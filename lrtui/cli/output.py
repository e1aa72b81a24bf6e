"""Writing to the terminal or a pipe, whatever it is: any encoding, a reader that goes away,
a full disk, a closed stdout.

* **Encodings.** Where stdout or stderr cannot encode a character lrtui writes (η, ∇, ², −, x₁
  under ASCII; η under Latin-1), it is written in ASCII words instead: ``eta``, ``grad``,
  ``^2``, ``-``, ``x_1`` (:mod:`.ascii`). The streams get an error handler that does this
  for everything written; tables translate their cells first (:meth:`Output.text`) so that
  columns stay aligned; a full-screen app gets look-alikes of the same width instead
  (:func:`screen_streams`). JSON under such a stream escapes instead (``\\u03b7``): exact,
  and still JSON.
* **A reader that goes away** (``| head -1``): the command stops writing and exits 0, quietly.
* **A write that fails** (``> /dev/full``, stdout opened read-only): one line on stderr, exit 1.
* **No stdout at all** (started with ``>&-``): one line on stderr, exit 1.
* **Escapes in what is quoted.** Every line said on stderr (:func:`say`) and every line of a
  result (:meth:`Output.line`) shows its control characters as letters
  (:func:`lrtui.errors.visible`): a value, a path or a file name from someone else's lesson
  cannot reach the terminal as a command.

In each case the rest of the buffered output is dropped (stdout then points at /dev/null), so
that Python's last flush at exit has nothing left to complain about.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import TextIO

from ..errors import visible
from .ascii import CELLS, ERRORS

__all__ = [
    "Output", "OutputClosed", "OutputFailed", "flush_stdout", "prepare_streams", "require_stdout",
    "say", "screen_streams", "write_failed", "writing",
]


def say(line: str) -> None:
    """One line on stderr (control characters made visible), if there is a stderr to write it to."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(visible(line), file=sys.stderr, flush=True)


@contextlib.contextmanager
def screen_streams() -> Iterator[None]:
    """While a full-screen app draws: what the terminal cannot encode keeps its cells (a layout
    in ASCII look-alikes rather than words that would shift every column); words again after."""
    changed = []
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and getattr(stream, "errors", None) == ERRORS and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=CELLS)
                changed.append(stream)
    try:
        yield
    finally:
        for stream in changed:
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=ERRORS)


def encodes(stream: TextIO, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    except LookupError:
        return True
    return True


def prepare_streams() -> None:
    """stdout and stderr write what they cannot encode as ASCII words (see :func:`.ascii.fallback`)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if stream is not None and not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors=ERRORS)


class OutputClosed(Exception):
    """The reader went away (a broken pipe): stop writing; not an error."""


class OutputFailed(Exception):
    """The output cannot be written: the message is the one line to show."""


class Output:
    """Where a command writes its results: stdout, with the text it can encode."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.unicode = encodes(stream, "η∇²−x₁m̂…─━│┃┏┓┗┛┡┩╇┳┻")
        self.encoding = getattr(stream, "encoding", None) or "utf-8"

    def text(self, text: str) -> str:
        """``text`` as this output shows it: what it cannot encode in ASCII words (:func:`.ascii.fallback`)."""
        if self.unicode:
            return text
        try:
            return text.encode(self.encoding, ERRORS).decode(self.encoding)
        except LookupError:
            return text

    def write(self, text: str) -> None:
        self.stream.write(text)

    def line(self, text: str = "") -> None:
        self.stream.write(self.text(visible(text)) + "\n")


def require_stdout() -> None:
    """Before the work: refuse to start when there is no stdout to write its result to."""
    if sys.stdout is None:
        raise OutputFailed("cannot write the output: the standard output is closed")


def write_failed(stream: object, err: OSError, what: str = "the output") -> Exception:
    """What a failed write of ``stream`` becomes: :class:`OutputClosed` for a broken pipe,
    :class:`OutputFailed` otherwise; either way what is still buffered is dropped."""
    _drop(stream)
    if isinstance(err, BrokenPipeError):
        return OutputClosed()
    return OutputFailed(f"cannot write {what}: {err.strerror or err}")


def flush_stdout() -> None:
    """The last flush of what a command printed (``--help`` too), with its failures said as above."""
    stream = sys.stdout
    if stream is None:
        return
    try:
        stream.flush()
    except OSError as err:
        raise write_failed(stream, err) from None
    except ValueError:  # closed by whoever replaced it
        pass


@contextlib.contextmanager
def writing() -> Iterator[Output]:
    """The command's output; a broken pipe becomes :class:`OutputClosed`, any other failure to
    write (the last flush included) :class:`OutputFailed`."""
    require_stdout()
    stream = sys.stdout
    try:
        yield Output(stream)
        stream.flush()
    except OSError as err:
        raise write_failed(stream, err) from None


def _drop(stream: object) -> None:
    """Point the stream's file descriptor at /dev/null: what is still buffered goes nowhere."""
    try:
        fd = stream.fileno()  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
