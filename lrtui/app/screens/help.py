"""Every key, and what the charts mean: a modal screen on ``?``.

The list is built from the bindings themselves (their ``tooltip`` says what a key does), so it
cannot drift from them. It scrolls at once: ↓, PgDn and End reach its end at 80×24.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

ABOUT = (
    "Each η is one run from x0. The f(x) chart marks every run's steps on the curve (● is the current "
    "step; ▲▼◀▶ mark a run leaving the chart); the arrow is the step being taken by the run in the "
    "table, in a colour of its own, its head down (↘ ↙) when f goes down and up (↗ ↖) when it goes up, "
    "over the dotted tangent; the line under the charts writes that step out with its numbers. The "
    "loss chart shows each run's loss per step. Near a minimum x* where f is locally quadratic, {regimes}. "
    "In a field, keys type: Enter applies, Escape leaves."
)
NAMES = {
    "left": "←", "right": "→", "up": "↑", "down": "↓", "home": "Home", "end": "End", "pageup": "PgUp",
    "pagedown": "PgDn", "escape": "Escape", "enter": "Enter", "tab": "Tab", "space": "space",
    "minus": "−", "plus": "+", "equals_sign": "=",
}
Section = tuple[str, list[tuple[str, str]]]


def about() -> str:
    """The help's closing paragraph; the regimes in the verdicts' own words."""
    from ...analysis.verdicts import regimes_in_words

    return ABOUT.format(regimes=regimes_in_words())


def key_name(key: str) -> str:
    """A key as the help names it: shift+→, ctrl+q, [, ?, Enter."""
    *mods, last = key.split("+")
    name = NAMES.get(last) or key_to_character(last) or last
    return "+".join([*mods, name])


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a tooltip; bindings that share a tooltip share
    a row ("← / →", "one step back / forward"), in the order they are declared."""
    rows: dict[str, list[str]] = {}
    for b in bindings:
        if not isinstance(b, Binding) or not b.tooltip:
            continue
        keys = rows.setdefault(b.tooltip, [])
        keys.extend(key_name(k.strip()) for k in b.key.split(",") if key_name(k.strip()) not in keys)
    return [(" / ".join(keys), what) for what, keys in rows.items()]


def described_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """As ``key_rows``, for bindings that may say what they do only in their description."""
    return key_rows(replace(b, tooltip=b.tooltip or b.description) for b in bindings if isinstance(b, Binding))


def catalogue_sections() -> list[Section]:
    """The optimizers and schedules a field takes, each with what it does and its parameters
    (from the registry: the help lists what the parser reads)."""
    from ...optim.registry import COMPOSITIONS, OPTIMIZERS, SCHEDULES, described_names

    return [
        ("optimizers (opt)", described_names(OPTIMIZERS)),
        ("schedules (sched)", [*described_names(SCHEDULES), *COMPOSITIONS]),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "close", show=True),
    ]

    def __init__(self, sections: list[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for i, (title, rows) in enumerate(self.sections):
            if i:
                table.add_row("", "")
            table.add_row(Text(title, style="bold underline"), "")
            for keys, what in rows:
                table.add_row(keys, what)
        with VerticalScroll(id="help-body") as body:
            body.border_title = "lrtui · keys"
            body.border_subtitle = "↓ PgDn End · Escape closes"
            yield Static(table, id="help-keys")
            yield Static(Text(about()), id="help-about")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # ↓, PgDn and End scroll at once
