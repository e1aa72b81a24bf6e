"""A line of text said in the richest of its forms that fits: "model: linreg (a preset from ctrl+p
changes it)" at 120 columns, "model: linreg (ctrl+p)" at 80; the last form cut with … if even it
does not fit (a cut is always marked)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static


def richest(forms: Sequence[str], width: int) -> str:
    """The first of ``forms`` (richest first) that fits ``width`` cells; else the last, cut with …"""
    for form in forms:
        if cell_len(form) <= width:
            return form
    last = forms[-1] if forms else ""
    return last[: max(width - 1, 0)] + "…" if width > 0 else ""


class FittedText(Static):
    def __init__(self, *forms: str, **kwargs: object) -> None:
        super().__init__("", **kwargs)  # type: ignore[arg-type]
        self.forms: tuple[str, ...] = forms

    def say(self, *forms: str) -> None:
        """Say one of ``forms`` (richest first), the one that fits."""
        if forms != self.forms:
            self.forms = forms
            self.refresh(layout=True)

    def render(self) -> Text:
        return Text(richest(self.forms, self.content_size.width) if self.forms else "")
