"""A scene's open question, under the scene's panel (which shows the question): the runs to pick, or
a field for a number.

For a question about runs it shows each run with its key, its marker in its colour and whether
it is picked ("1 [ ] o η=0.9  2 [x] x η=1  3 [ ] + η=1.5"); for a question for a number, a field
to type it in, and what is wrong with what was typed. Once the question is answered or revealed
the panel hides (the scene's panel says the outcome). The screen owns the state and hands it
down (:class:`AskShown`); the field posts what was typed up (``Input.Submitted``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from ...errors import visible
from ..theme import hex_colour, run_colour, run_marker
from .text_field import TextField

RUNS_HINT = "· Enter answers · r reveals"
NUMBER_HINT = "Enter answers · r reveals"
TYPING_HINT = "Enter answers · Escape leaves the field"


@dataclass(frozen=True)
class AskShown:
    """What the panel shows of an open question: its kind, the runs' names (a question about runs),
    what is picked, and what is wrong with the typed number."""

    kind: str  # runs | number
    names: tuple[str, ...] = ()
    picked: frozenset[int] = frozenset()
    problem: str | None = None  # the typed number is not one: why


class AskPanel(Widget):
    DEFAULT_CSS = """
    AskPanel {
        height: auto;
        padding: 0 1;
        layout: horizontal;
    }
    AskPanel #ask-text {
        width: 1fr;
        height: auto;
    }
    AskPanel #ask-label {
        width: auto;
        padding: 0 1 0 0;
        text-style: bold;
    }
    AskPanel #ask-number {
        width: 16;
        height: 1;
        border: none;
        padding: 0 1;
        background: $foreground 8%;
    }
    AskPanel #ask-number:focus {
        background: $primary 25%;
    }
    AskPanel #ask-number.-bad {
        background: $error 30%;
    }
    """
    BINDINGS = [Binding("escape", "leave", "leave", tooltip="leave the answer's field: the keys go back to the charts")]

    class Left(Message):
        """Escape in the answer's field: the keys go back to the charts."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.shown: AskShown | None = None

    def compose(self) -> ComposeResult:
        yield Static("your answer:", id="ask-label")
        yield TextField(placeholder="a number", id="ask-number", select_on_focus=False)
        yield Static("", id="ask-text")

    @property
    def field(self) -> TextField:
        return self.query_one("#ask-number", TextField)

    def show(self, shown: AskShown | None) -> None:
        """Show the open question's state (None: no open question; the panel hides)."""
        self.shown = shown
        self.display = shown is not None
        if shown is None:
            return
        typing = shown.kind == "number"
        self.query_one("#ask-label").display = typing
        self.field.display = typing
        self.field.set_class(shown.problem is not None, "-bad")
        self.refresh_text()

    def refresh_text(self) -> None:
        if self.shown is not None and self.is_mounted:
            self.query_one("#ask-text", Static).update(self.text(self.shown))

    def text(self, shown: AskShown) -> Text:
        if shown.kind == "number":
            typing = self.field.has_focus
            hint = shown.problem if shown.problem is not None else TYPING_HINT if typing else NUMBER_HINT
            return Text(visible(hint), style="bold red" if shown.problem else "dim")
        text = Text()
        dark = self.app.current_theme.dark
        for r, name in enumerate(shown.names):
            colour = hex_colour(run_colour(r, dark))
            text.append(f"{r + 1} ", style="bold")
            text.append("[x] " if r in shown.picked else "[ ] ", style="bold" if r in shown.picked else "")
            text.append(f"{run_marker(r)} {visible(name).replace(' = ', '=')}", style=colour)
            text.append("  ")
        text.append(RUNS_HINT, style="dim")
        return text

    def on_descendant_focus(self) -> None:
        self.refresh_text()

    def on_descendant_blur(self) -> None:
        self.refresh_text()

    def action_leave(self) -> None:
        self.post_message(self.Left())

    @on(TextField.Changed, "#ask-number")
    def _typed(self) -> None:
        if self.shown is not None and self.shown.problem is not None:  # typing again clears the complaint
            self.field.set_class(False, "-bad")
