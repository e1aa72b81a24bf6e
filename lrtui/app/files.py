"""Files lrtui writes for a user: screenshots, CSV exports and ``lrtui shot``'s output.

Two rules, whatever the folder holds:
- a name lrtui chooses (``s``, ``e``: timestamped) is always a new file: created with O_EXCL,
  so neither an existing file nor a symlink planted at that name is ever written through;
- a name the user gave (``lrtui shot --output``) may be overwritten only when it is a regular
  file: never a symlink (O_NOFOLLOW), a folder, a FIFO or a device.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.result import Result

MAX_TRIES = 100
clock = datetime.now  # the time in a file's name (tests set it)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class NotARegularFile(OSError):
    """The path names a symlink, a folder or a device: lrtui writes only regular files."""


def candidates(folder: str | Path, stem: str, suffix: str, now: datetime | None = None) -> Iterator[Path]:
    """``folder/stem-20261128-181502.suffix``, then ``…-2.suffix``, ``…-3.suffix``, …"""
    stamp = (now or clock()).strftime("%Y%m%d-%H%M%S")
    base = Path(folder).expanduser() / f"{stem}-{stamp}"
    yield Path(f"{base}{suffix}")
    for n in range(2, MAX_TRIES + 1):
        yield Path(f"{base}-{n}{suffix}")


def create_new(folder: str | Path, stem: str, suffix: str, data: str | bytes, now: datetime | None = None) -> Path:
    """Write ``data`` to a new timestamped file in ``folder`` (never over anything); its path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
    for path in candidates(folder, stem, suffix, now):
        try:
            fd = os.open(path, flags, 0o644)
        except FileExistsError:
            continue  # a file, a folder or a (dangling) symlink has that name: the next one
        _write_all(fd, data)
        return path
    raise FileExistsError(errno.EEXIST, f"{MAX_TRIES} names taken", str(folder))


def write_named(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` to the file the user named: create it, or replace a regular file's content;
    refuse a symlink, a folder, a FIFO or a device (NotARegularFile)."""
    path = Path(path)
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        pass
    else:
        if not stat.S_ISREG(st.st_mode):
            raise NotARegularFile(errno.EPERM, _what(st.st_mode), str(path))
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _BINARY, 0o644)
    except OSError as err:
        if err.errno == errno.ELOOP:  # a symlink appeared since the check
            raise NotARegularFile(errno.EPERM, "a symlink", str(path)) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the check: write nothing
        os.close(fd)
        raise NotARegularFile(errno.EPERM, "not a regular file", str(path))
    os.ftruncate(fd, 0)
    _write_all(fd, data)


def _write_all(fd: int, data: str | bytes) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with os.fdopen(fd, "wb") as fh:
        fh.write(raw)


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


# -- what the app writes ---------------------------------------------------------------------
def save_svg(svg: str, folder: str | Path) -> Path:
    return create_new(folder, "lrtui", ".svg", svg)


def export_stem(result: Result, r: int) -> str:
    """``lrtui-lr0.01``, ``lrtui-adam-lr0.3``: the run's whole η (``repr``, so 0.30000000000000004
    stays distinct from 0.3) and, when the runs' optimizers differ, the optimizer; ASCII only."""
    lr = repr(float(result.lrs[r]))
    label = result.label(r)
    opt = label.split(" η=")[0] if " η=" in label else ""
    opt = re.sub(r"[^A-Za-z0-9.=_-]+", "_", opt).strip("_")
    return f"lrtui-{opt}-lr{lr}" if opt else f"lrtui-lr{lr}"


def export_run(result: Result, r: int, folder: str | Path) -> Path:
    """The run's records as CSV (``lrtui.teaching.export.write_csv``) in a new file."""
    import io

    from ..teaching.export import write_csv

    buffer = io.StringIO()
    write_csv(result, buffer, runs=[r])
    return create_new(folder, export_stem(result, r), ".csv", buffer.getvalue())
