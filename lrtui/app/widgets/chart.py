"""A chart panel, whatever it draws: its border says what it shows and holds the runs' legend; the
drawing itself is a :class:`~lrtui.app.charts.drawing.Drawing` (shown, view, size, palette → canvas).

It redraws only when the part of the view its drawing depends on changed, paints its rows once
per (what it shows, size, theme), and repaints only the rows that differ: over SSH every byte
counts, and a step that moves one point of a chart sends that row, not the whole panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip

from ..charts.drawing import Drawing
from ..format import ascii_notation
from ..view import View
from .fitted_text import richest
from .panel import Panel

TITLE_FRAME = 6  # the border's cells around its title: "╭─ " and " ─╮"

if TYPE_CHECKING:  # the drawing (NumPy, plotext) loads with the first result, not with the first frame
    from ..charts.canvas import Canvas


class Chart(Panel[Any], can_focus=True):
    """A click inside the plot area posts ``Clicked`` with its data coordinates (the main screen
    starts the runs there)."""

    class Clicked(Message):
        """A click inside the plot area, in data coordinates; ``dx``, ``dy``: one cell's size there."""

        def __init__(self, chart: Chart, x: float, y: float, dx: float, dy: float) -> None:
            super().__init__()
            self.chart, self.x, self.y, self.dx, self.dy = chart, x, y, dx, dy

        @property
        def control(self) -> Chart:
            return self.chart

    def __init__(self, drawing: Drawing, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.drawing = drawing
        self.scene: Any = None  # what it shows (None: nothing yet)
        self.view = View()
        self._key: object = None
        self._built: tuple[object, list[Strip]] | None = None
        self._titles: tuple[str, str] | None = None
        self._legend: tuple[object, Text] | None = None
        self._canvas: Canvas | None = None  # the last drawn: it knows where its cells are

    def invalidate(self) -> None:
        self._key = None
        self._built = None
        self._titles = None

    def on_resize(self) -> None:
        self._key, self._titles = None, None  # a legend shortens or grows with the width
        self.show(self.scene, self.view)

    def show(self, scene: Any, view: View) -> None:
        """Show a view; repaint only the rows that changed."""
        if scene is not None and not self.drawing.shows(scene):
            scene = None  # not for this chart (a typed function has no regression data): hidden anyway
        key = (id(scene), self.drawing.depends(view))
        if key == self._key:
            return
        self._key, self.scene, self.view = key, scene, view
        old = self._built[1] if self._built is not None else None
        retitled = False
        if scene is not None:
            title, subtitle = self.titles(scene, view)
            if self._titles != (title.markup, subtitle.markup):
                self._titles = (title.markup, subtitle.markup)
                self.border_title, self.border_subtitle = title, subtitle  # each repaints it all
                retitled = True
        new = self.strips()
        if retitled or old is None or len(old) != len(new):
            self.refresh()
        else:
            width = self.size.width
            changed = [Region(0, y, width, 1) for y, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
            if changed:
                self.refresh(*changed)

    def titles(self, scene: Any, view: View) -> tuple[Text, Text]:
        """The border's title, and the runs' legend (cached: it does not move with the cursor)."""
        forms = self.drawing.drawn_by().title(scene, view)
        forms = (forms,) if isinstance(forms, str) else forms
        if self.palette.charset == "ascii":  # a terminal without ² and ·: x^2, not its look-alike x2
            forms = tuple(ascii_notation(form) for form in forms)
        title = Text(richest(forms, self.outer_size.width - TITLE_FRAME))
        if not self.drawing.legend:
            return title, Text("")
        from ..charts.legend import legend

        palette = self.palette
        key = (id(scene), palette, self.outer_size.width)
        if self._legend is None or self._legend[0] != key:
            self._legend = (key, legend(scene, palette, self.outer_size.width))
        return title, self._legend[1]

    def render_line(self, y: int) -> Strip:
        strips = self.strips()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)

    def strips(self) -> list[Strip]:
        """The rows, built once per (what it shows, size, theme)."""
        width, height = self.size
        built_key = (self._key, width, height, self.app.theme, self.palette.charset)
        if self._built is not None and self._built[0] == built_key:
            return self._built[1]
        if self.scene is None or width < 8 or height < 4:
            note = "computing…" if self.scene is None else ""
            line = Strip([Segment(note.center(width)[:width], self.rich_style + Style(dim=True))], width)
            strips = [Strip.blank(width, self.rich_style)] * (height // 2) + [line]
        else:
            canvas = self.drawing.drawn_by().draw(self.scene, self.view, width, height, self.palette)
            strips = canvas.strips()
            self._canvas = canvas
        self._built = (built_key, strips)
        return strips

    # -- clicks -----------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        point = self.data_at(offset) if offset is not None else None
        if point is not None:
            self.post_message(self.Clicked(self, *point))

    def data_at(self, offset: Offset) -> tuple[float, float, float, float] | None:
        """(x, y, dx, dy) under a cell of the last drawn chart; None outside the plot area.
        plotext puts cell c of an axis n cells long at lo + c·(hi − lo)/(n − 1) of its limits,
        and the canvas maps its box onto those limits."""
        canvas = self._canvas
        if canvas is None or self._built is None:
            return None
        cols, rows = canvas.area
        (ulo, uhi), (vlo, vhi) = (0.0, 1.0), (0.0, 1.0)  # the canvas's unit square
        row = self.size.height - 1 - offset.y  # plotext counts rows from the bottom
        if offset.x not in cols or row not in rows or len(cols) < 2 or len(rows) < 2:
            return None
        du, dv = (uhi - ulo) / (len(cols) - 1), (vhi - vlo) / (len(rows) - 1)
        u, v = ulo + (offset.x - cols.start) * du, vlo + (row - rows.start) * dv
        b = canvas.box
        return b.xlo + u * b.width, b.ylo + v * b.height, du * b.width, dv * b.height
