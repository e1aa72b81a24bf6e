"""Every key, and what the charts mean: a modal screen on ``?``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS = [
    ("→ / ←", "one step forward / back"),
    ("shift+→ / shift+←", "ten steps"),
    ("Home / End", "the first / the last step"),
    ("space", "play / pause"),
    ("+ / −", "play faster / slower"),
    ("[ / ]", "the previous / next run in the table"),
    ("l", "loss chart: linear or log scale"),
    ("z", "f chart: landscape → path (the run in the table) → wide"),
    ("t", "f and loss charts: the last 10 steps in full, older faded ↔ every step in full"),
    ("f", "type a function (the f(x) field)"),
    ("g", "the η_k chart (with a schedule)"),
    ("v", "regression: the data and lines, or the (w, b) plane"),
    ("w", "sweep η: final loss against η; ←/→ pick, a adopts, r range test"),
    ("tab / shift+tab", "next / previous field or panel"),
    ("Enter", "apply the fields (in a field)"),
    ("Escape", "leave a field"),
    ("s", "save a screenshot (SVG)"),
    ("e", "export the run in the table as CSV"),
    ("ctrl+p", "command palette: presets, themes, export"),
    ("?", "this help"),
    ("q", "quit"),
]

ABOUT = (
    "Each η is one run from x0. The f(x) chart marks every run's steps on the curve (● is the current "
    "step; ▲▼◀▶ mark a run leaving the chart); the arrow is the step being taken by the run in the "
    "table, green (↘ ↙) when f goes down, red (↗ ↖) when it goes up, over the dotted tangent; the line "
    "under the charts writes that step out with its numbers. The loss chart shows each run's loss per "
    "step. Near a minimum x* where "
    "f is locally quadratic, η < 1/f''(x*) creeps in from one side, 1/f'' < η < 2/f'' oscillates "
    "but settles, and η > 2/f'' cannot settle at x*. In a field, keys type: Escape gives them back."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "close", show=True),
    ]

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for key, what in KEYS:
            table.add_row(key, what)
        with VerticalScroll(id="help-body") as body:
            body.border_title = "lrtui · keys"
            body.border_subtitle = "Escape closes"
            yield Static(table)
            yield Static(Text(ABOUT), id="help-about")
