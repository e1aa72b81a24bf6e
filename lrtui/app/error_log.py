"""Unexpected exceptions (bugs, not bad input) keep their tracebacks: in a file under the user's
state folder ($XDG_STATE_HOME/lrtui/errors.log, by default ~/.local/state/lrtui/errors.log), or
the file ``LRTUI_ERROR_LOG`` names (``lrtui serve`` names its own user's log for every tab, whose
state folder is a temporary one, removed with the tab).

The terminal belongs to the app while it runs, so the traceback goes to the file (and Textual's
devtools log); the screen gets one line that says where to find it.
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console

MAX_BYTES = 1_000_000  # the log starts over beyond this
LOG_ENV = "LRTUI_ERROR_LOG"
TAB_ENV = "LRTUI_TAB"


def log_path() -> Path:
    named = os.environ.get(LOG_ENV)
    if named:
        return Path(named)
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(state) / "lrtui" / "errors.log"


def record(error: BaseException, where: str) -> Path | None:
    """Append the traceback of ``error`` (raised while ``where``) to the log; its path, or None
    when it cannot be written (never raises: a broken log must not hide the error it reports).
    Work that was cancelled or superseded (:class:`lrtui.cancel.Cancelled`, the symbolic
    worker's ``Superseded`` among them) is no bug: it is not recorded, and the answer is None."""
    from ..cancel import Cancelled

    if isinstance(error, Cancelled):
        return None
    return keep("".join(traceback.format_exception(error)), where)


def keep(text: str, where: str) -> Path | None:
    """Append a traceback already written out (``text``) to the log, as :func:`record` does; under
    ``lrtui serve`` the entry names the browser tab (its server reports it)."""
    path = log_path()
    tab = os.environ.get(TAB_ENV, "")
    at = f"tab {tab} · " if tab.isdigit() else ""
    entry = f"--- {datetime.now().isoformat(timespec='seconds')} · {at}{where}\n{text}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            return None  # never write through a link planted at the log's place
        mode = "w" if path.exists() and path.stat().st_size > MAX_BYTES else "a"
        with path.open(mode, encoding="utf-8") as fh:
            fh.write(entry)
    except OSError:
        return None
    return path


def shown(path: Path) -> str:
    """A path as a user reads it (``~`` for the home folder)."""
    home = os.path.expanduser("~")
    text = str(path)
    return "~" + text[len(home):] if home not in ("", "/") and text.startswith(home + os.sep) else text


def report(error: BaseException, where: str) -> str:
    """Record ``error`` and say in a few words where its traceback went."""
    path = record(error, where)
    return f"traceback in {shown(path)}" if path is not None else f"the log {shown(log_path())} cannot be written"


class LoggedConsole(Console):
    """The app's ``error_console``: Textual prints to it, once the screen is restored, the traceback
    of the exception that ended the app (a bug). It goes to stderr, as Textual's own does, and
    into the log as well."""

    def __init__(self) -> None:
        super().__init__(markup=False, highlight=False, stderr=True, record=True)

    def print(self, *objects: Any, **kwargs: Any) -> None:
        super().print(*objects, **kwargs)
        text = self.export_text(clear=True)
        if text.strip():
            keep(text, "running the app")
