"""One line under the charts: the selected run's current step written out with its numbers,
x₁ = x₀ − η·f'(x₀) = 10 − 0.1 × 16 = 8.4 (``lrtui.analysis.formula``), shortened to fit the width;
the arrow at its end (f went ↓ or ↑) in the colour of the step's arrow on the f chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text

from ..theme import hex_colour, run_marker
from ..view import View
from .panel import Panel

if TYPE_CHECKING:
    from ..charts.scene import Scene


class StepFormula(Panel["Scene"]):
    DEFAULT_CSS = """
    StepFormula {
        height: 1;
        padding: 0 1;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view = View()
        self._key: object = None

    def invalidate(self) -> None:
        self._key = None

    def show(self, scene: Scene | None, view: View) -> None:
        res = view.result
        key = (id(res), view.run, view.run_step() if res is not None else 0)
        if key != self._key:
            self._key, self.view = key, view
            self.refresh()

    def render(self) -> Text:
        res = self.view.result
        if res is None:
            return Text("")
        from ...analysis.formula import fitted  # NumPy: loaded with the first result
        r, k = self.view.run, self.view.run_step()
        palette = self.palette
        line, formula = fitted(res, r, k, max(self.content_size.width - 2, 1))
        text = Text.assemble((run_marker(r), f"bold {hex_colour(palette.run(r))}"), " ", line)
        if formula.went in ("down", "up") and line.endswith(("↓", "↑")):
            text.stylize(f"bold {hex_colour(palette.went(formula.went))}", len(text) - 1)
        return text
