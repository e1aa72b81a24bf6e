"""The selected run's records around the current step: a window that fits, never the whole run.

Building the window costs the same for 20 steps or 1,000,000: only the visible rows are read.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from ..format import fit
from ..theme import hex_colour, run_colour, run_marker
from ..view import View

if TYPE_CHECKING:
    from ...result import Result


SHORT = {"f(x)": "f", "f'(x)": "f'", "η·f'(x)": "η·f'", "x_k − x_k+1": "Δx"}  # headers for narrow tables


def columns(result: "Result", r: int) -> list[str]:
    names = result.parameters
    if result.dims == 1:
        head = ["step", "x", "f(x)", "f'(x)"]
        return head + (["η·f'(x)"] if result.optimizers[r] == "sgd" else ["x_k − x_k+1"])
    grads = [f"∂f/∂{n}" for n in names]
    return ["step", *names, "f", *grads, "|step|"]


def row(result: "Result", r: int, k: int, width: int) -> list[str]:
    x, g = result.x[r, k], result.grad[r, k]
    if result.optimizers[r] == "sgd":
        move = result.lr[r, k] * g
    elif k < int(result.stopped_at[r]):
        move = x - result.x[r, k + 1]
    else:
        move = None
    cells = [f"{k:,}", *(fit(v, width) for v in x), fit(result.loss[r, k], width), *(fit(v, width) for v in g)]
    if move is None:
        cells.append("")
    elif result.dims == 1:
        cells.append(fit(move[0], width))
    else:
        cells.append(fit(math.hypot(*(float(v) for v in move)), width))
    return cells


class StepTable(Widget, can_focus=True):
    COMPONENT_CLASSES = {"step-table--current", "step-table--header", "step-table--ahead"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = View()
        self._key: object = None
        self._built: tuple[object, list[Strip]] | None = None
        self.playing = ""

    def invalidate(self) -> None:
        self._key = None
        self._built = None

    def show(self, scene, view: View) -> None:
        res = view.result
        key = (id(res), view.run, view.run_step() if res is not None else 0, view.step, self.playing)
        if key == self._key:
            return
        self._key, self.view = key, view
        if res is not None:
            r = view.run
            k = view.run_step()
            frozen = f" (stopped at {k:,})" if view.step > k else ""
            colour = hex_colour(run_colour(r, self.app.current_theme.dark))
            self.border_title = Text.assemble(
                (run_marker(r), f"bold {colour}"), f" {res.label(r)} · step {view.step:,} of {view.last_step:,}{frozen}"
            )
            self.border_subtitle = Text(self.playing)
        self.refresh()

    def window(self, height: int) -> range:
        """The records to list: the current one and its neighbours, as many as ``height`` rows hold."""
        view = self.view
        last = int(view.result.stopped_at[view.run])
        k = view.run_step()
        rows = max(1, height)
        start = max(0, min(k - rows // 2, last + 1 - rows))
        return range(start, min(last + 1, start + rows))

    def render_line(self, y: int) -> Strip:
        lines = self._lines()
        return lines[y] if y < len(lines) else Strip.blank(self.size.width, self.rich_style)

    def _lines(self) -> list[Strip]:
        """The header and the window of rows, built once per (what it shows, size, theme):
        plain fixed-width cells, cheaper than laying out a table on every step."""
        width, height = self.size
        key = (self._key, width, height, self.app.theme)
        if self._built is not None and self._built[0] == key:
            return self._built[1]
        base = self.rich_style
        res = self.view.result
        if res is None:
            lines = [Strip([Segment("computing…".ljust(width)[:width], base + Style(dim=True))], width)]
        else:
            r, k = self.view.run, self.view.run_step()
            names = columns(res, r)
            step_width = max(4, len(f"{int(res.stopped_at[r]):,}"))
            cell = max(5, (width - 1 - step_width) // max(1, len(names) - 1) - 1)
            current = base + self.get_component_rich_style("step-table--current")
            ahead = base + self.get_component_rich_style("step-table--ahead")
            header = base + self.get_component_rich_style("step-table--header")
            if cell < max(len(n) for n in names[1:]):
                names = [SHORT.get(n, n) for n in names]
            lines = [_line(names, step_width, cell, width, header)]
            for i in self.window(height - 1):
                style = current if i == k else (ahead if i > k else base)
                lines.append(_line(row(res, r, i, cell), step_width, cell, width, style))
        self._built = (key, lines)
        return lines


def _line(cells: list[str], step_width: int, cell: int, width: int, style: Style) -> Strip:
    first, *rest = cells
    text = first.rjust(step_width) + "".join(" " + c.rjust(cell) for c in rest)
    text = text[: width - 1].rjust(width - 1) + " "  # a space off the border; the rest on the left
    return Strip([Segment(text, style)], width)
