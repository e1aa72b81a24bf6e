"""A field's text box: keys type in it, and unfocused it never shows a false value.

An Input that, when it has not the focus, shows its text from the start and marks a cut with …
("0.01, 0.07, …", never "0.01, 0.07, 0.1" for 0.12); focused, it scrolls as any Input does.
It keeps ↑/↓ (which turn the η dial elsewhere) so they do nothing while typing.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.binding import Binding
from textual.strip import Strip
from textual.widgets import Input

from ..format import cut

TYPING_KEYS = frozenset({"up", "down", "shift+up", "shift+down"})


class TextField(Input):
    BINDINGS = [
        Binding("enter", "submit", "apply", key_display="⏎",
                tooltip="apply the fields; the keys go back to the charts (→ steps at once)"),
        Binding("ctrl+q", "app.quit", "quit", priority=True),  # the app's, shown in the footer while typing
    ]

    def __init__(self, value: str | None = None, **kwargs: Any) -> None:
        # no validators, so nothing to validate: Input would still set its -valid class at each
        # change of the text, each a restyle (two per field while the form is built, at start-up)
        kwargs.setdefault("validate_on", ())
        super().__init__(value, **kwargs)

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Printable keys type; the dial's keys are kept too, so they never act from a field."""
        return key in TYPING_KEYS or super().check_consume_key(key, character)

    def render_line(self, y: int) -> Strip:
        if y != 0 or (self.has_focus and self.value):
            return super().render_line(y)
        width = self.scrollable_content_region.width
        if self.value:
            segments = [Segment(cut(self.value, width))]
        else:  # the placeholder too: cut with …, never wrapped
            style = self.get_component_rich_style("input--placeholder")
            text = cut(self.placeholder, width)
            if self.has_focus and self._cursor_visible:
                cursor = self.get_component_rich_style("input--cursor")
                segments = [Segment(text[:1] or " ", style + cursor), Segment(text[1:], style)]
            else:
                segments = [Segment(text, style)]
        return Strip(segments).extend_cell_length(width).apply_style(self.rich_style)

    def action_copy(self) -> None:
        """ctrl+c copies a selection; with none, it says how to quit (as it does outside fields)."""
        if self.selection.is_empty:
            self.app.action_help_quit()
        else:
            super().action_copy()
