"""A lesson's scene above the charts: "scene 2 of 6 · its title", then its note (or its open question).

The note is wrapped to the panel's width and kept to a few lines (two on a short screen); a
note that does not fit ends in "…" (the whole of it is in the lesson file). When what is on
screen is no longer the scene as written (η turned, a field applied), the note is said to be
about the scene as written, so it never passes for a description of what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Console
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from ...errors import visible
from ..sizes import TALL

SHORT_LINES, TALL_LINES = 3, 4  # the most lines the panel takes on a short and a tall screen


@dataclass(frozen=True)
class ShownScene:
    """What the panel says: the scene's place in the lesson, its title and note, and whether the
    screen still shows it as written."""

    number: int
    count: int
    title: str
    note: str | None
    changed: bool = False
    question: str | None = None  # an open question: shown instead of the note (which may give it away)
    outcome: str | None = None  # an answered (or revealed) question: "right: …", said before the note
    right: bool | None = None  # answered right, wrong, or (None) revealed


def lines_of(shown: ShownScene, width: int, most: int, console: Console) -> list[Text]:
    """The panel's text wrapped to ``width`` cells, at most ``most`` lines, a cut marked with …"""
    text = Text()
    text.append(f"scene {shown.number} of {shown.count}", style="bold")
    text.append(" · ")
    text.append(visible(shown.title), style="bold")
    if shown.changed:
        text.append(" · as written, before your changes", style="italic")
    if shown.question:
        text.append(" · asks: " if not shown.changed else " — asks: ")
        text.append(visible(shown.question), style="bold")
        return wrap_cut(text, width, most + 1, console)  # a question is read whole: a line more than a note
    if shown.outcome:
        head, _, rest = visible(shown.outcome).partition(": ")
        style = "bold red" if shown.right is False else "bold green" if shown.right else "bold"
        text.append(" · ")
        text.append(f"{head}:" if rest else head, style=style)
        text.append(f" {rest}." if rest and not rest.endswith(".") else f" {rest}" if rest else "")
        most += 1  # the outcome and the note: a line more than a note alone
    if shown.note:
        text.append(": " if not shown.changed and not shown.outcome else " — " if shown.changed else " ")
        text.append(visible(shown.note), style="dim" if shown.changed else "")
    return wrap_cut(text, width, most, console)


def wrap_cut(text: Text, width: int, most: int, console: Console) -> list[Text]:
    """``text`` wrapped to ``width`` cells, at most ``most`` lines, a cut marked with …"""
    lines = list(text.wrap(console, max(width, 1), overflow="fold"))
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        last.rstrip()
        if last.cell_len >= width:
            last.truncate(width - 1)
            last.rstrip()
        last.append("…")
    return lines


class LessonPanel(Widget):
    DEFAULT_CSS = """
    LessonPanel {
        height: auto;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown: ShownScene | None = None

    def show(self, shown: ShownScene) -> None:
        if shown != self.shown:
            self.shown = shown
            self.refresh(layout=True)

    @property
    def most_lines(self) -> int:
        return TALL_LINES if self.app.size.height >= TALL else SHORT_LINES

    def _lines(self, width: int) -> list[Text]:
        if self.shown is None:
            return []
        return lines_of(self.shown, width, self.most_lines, self.app.console)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self._lines(width)), 1)

    def height_at(self, width: int) -> int:
        """The rows the panel takes on a screen ``width`` cells wide (its padding left out)."""
        return max(len(self._lines(width - 2)), 1)

    def render(self) -> Text:
        return Text("\n").join(self._lines(self.content_size.width))
