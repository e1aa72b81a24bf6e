"""The selected run's records around the current step: a window that fits, never the whole run.

Building the window costs the same for 20 steps or 1,000,000: only the visible rows are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

from ..step_columns import cell_text, columns, fitting
from ..theme import hex_colour, run_colour, run_marker
from ..view import View
from .panel import Panel

if TYPE_CHECKING:
    from ..charts.scene import Scene


class StepTable(Panel["Scene"], can_focus=True):
    COMPONENT_CLASSES = {"step-table--current", "step-table--header", "step-table--ahead"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view = View()
        self._key: object = None
        self._built: tuple[object, list[Strip]] | None = None
        self.playing = ""

    def invalidate(self) -> None:
        self._key = None
        self._built = None

    def show(self, scene: Scene | None, view: View) -> None:
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
            noise = res.noise
            trial = f" · trial {res.trial} of {noise.trials:,}" if noise is not None and noise.trials > 1 else ""
            self.border_title = Text.assemble(
                (run_marker(r), f"bold {colour}"),
                f" {res.label(r)}{trial} · step {view.step:,} of {view.last_step:,}{frozen}",
            )
            self.border_subtitle = Text(self.playing)
        self.refresh()

    def window(self, height: int) -> range:
        """The records to list: the current one and its neighbours, as many as ``height`` rows hold."""
        view = self.view
        if view.result is None:
            return range(0)
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
            every = columns(res, r)
            step_width = max(4, len(every[0].name), len(f"{int(res.stopped_at[r]):,}"))  # "epoch" too
            cols, cell = fitting(every, width, step_width)
            while len(cols) > 1 and step_width + (len(cols) - 1) * (cell + 1) > width - 1:
                cols = cols[:-1]  # a column that does not fit whole is left out, never cut
            current = base + self.get_component_rich_style("step-table--current")
            ahead = base + self.get_component_rich_style("step-table--ahead")
            header = base + self.get_component_rich_style("step-table--header")
            narrow = cell < max(len(c.name) for c in cols[1:])
            lines = [_line([c.short if narrow else c.name for c in cols], step_width, cell, width, header)]
            for i in self.window(height - 1):
                style = current if i == k else (ahead if i > k else base)
                cells = [f"{c.value(i):,}" if c.whole else cell_text(c.value(i), cell) for c in cols]
                lines.append(_line(cells, step_width, cell, width, style))
        self._built = (key, lines)
        return lines


def _line(cells: list[str], step_width: int, cell: int, width: int, style: Style) -> Strip:
    first, *rest = cells
    text = _right(first, step_width) + "".join(" " + _right(c, cell) for c in rest)
    text = _right(set_cell_size(text, width - 1) if cell_len(text) > width - 1 else text, width - 1) + " "
    return Strip([Segment(text, style)], width)  # a space off the border; the rest on the left


def _right(text: str, width: int) -> str:
    """Right-aligned by cells, not characters: m̂ is two characters in one cell."""
    return " " * max(0, width - cell_len(text)) + text
