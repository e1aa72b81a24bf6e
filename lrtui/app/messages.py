"""Messages that go up from the screens to the app."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message


class Written(Message):
    """A key wrote a file for the user (s: a screenshot, e: a CSV). The app says where it went after
    ``what`` ("screenshot saved", "η=0.1 exported"): its path, or, served to a browser, a download."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__()
        self.path, self.what = path, what
