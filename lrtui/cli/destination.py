"""Where ``lrtui shot`` writes: the file ``--output`` names, or a deck's folder.

Checked before any work (one :class:`InputError` line): the kind of file, a folder that exists
and can be written, never a symlink, a folder, a FIFO or a device where a file goes. What is
written later and still fails (a disk that fills, a folder that turns out read-only, as /sys is
even for root) is one line too (:class:`CannotWrite`), never a traceback.

An animation is written as its frames are taken (:func:`replacing`): into a new hidden file
beside the output, which takes the output's name only once it is complete, so a failed or
interrupted animation leaves the old file as it was and no half of a new one.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from .picture import KINDS

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class CannotWrite(Exception):
    """A file could not be written: the message is the one line to say."""


def check_output(text: str) -> Path:
    path = Path(text).expanduser()
    if path.suffix.lower() not in KINDS:
        raise InputError(f"--output: {text!r} must end in {', '.join(KINDS)}", field="output")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"--output: the folder {str(folder)!r} does not exist", field="output")
    if path.is_symlink() or (path.exists() and not path.is_file()):
        what = "a symlink" if path.is_symlink() else "a folder" if path.is_dir() else "not a regular file"
        raise InputError(f"--output: {text!r} is {what}; lrtui writes only regular files", field="output")
    if not os.access(folder, os.W_OK):
        raise InputError(f"--output: cannot write {text!r}", field="output")
    return path


def check_folder(text: str) -> Path:
    """The deck's folder: an existing one, or a new one in an existing folder (never a file)."""
    path = Path(text).expanduser()
    if path.is_dir():
        if not os.access(path, os.W_OK):
            raise InputError(f"--output: cannot write in {text!r}", field="output")
        return path
    if path.exists() or path.is_symlink():
        raise InputError(f"--output: {text!r} is not a folder; with --lesson it names the deck's folder",
                         field="output")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"--output: the folder {str(parent)!r} does not exist", field="output")
    if not os.access(parent, os.W_OK):
        raise InputError(f"--output: cannot make the folder {text!r}: {str(parent)!r} is read-only", field="output")
    return path


def make_folder(path: Path, text: str) -> None:
    """Make the deck's folder (if it is new); a folder that refuses it is one line."""
    try:
        path.mkdir(exist_ok=True)
    except OSError as err:
        raise InputError(f"--output: cannot make the folder {text!r}: {err.strerror or err}", field="output") from None


def write_file(out: Path, data: str | bytes) -> None:
    """Write what was made (a symlink or a device is refused here too)."""
    from ..app.files import write_named

    try:
        write_named(out, data)
    except OSError as err:
        raise CannotWrite(f"cannot write {str(out)!r}: {err.strerror or err}") from None


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[BinaryIO]:
    """A new file to write ``out``'s content into as it is made; on success it takes ``out``'s
    place (a regular file there is replaced; a symlink, a folder or a device is refused), on
    failure it is removed. Failures to write are :class:`CannotWrite`."""
    folder = out.parent if str(out.parent) else Path(".")
    part = folder / f".{out.name}.{secrets.token_hex(4)}.part"
    try:
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as err:
        raise CannotWrite(f"cannot write {str(out)!r}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        _check_replaceable(out)
        os.replace(part, out)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise CannotWrite(f"cannot write {str(out)!r}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(part)
        raise


def _check_replaceable(out: Path) -> None:
    try:
        st = os.lstat(out)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        what = "a symlink" if stat.S_ISLNK(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode) else \
            "not a regular file"
        raise CannotWrite(f"cannot write {str(out)!r}: it is {what}; lrtui writes only regular files")
