"""A chart panel: its border says what it shows and holds the runs' legend; the drawing itself
is one function of ``lrtui.app.charts`` (scene, view, size, palette → canvas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.geometry import Offset
from textual.message import Message
from textual.strip import Strip

from ..charts.palette import Palette
from ..view import View
from .panel import Panel

if TYPE_CHECKING:  # the drawing (NumPy, plotext) loads with the first result, not with the first frame
    from ..charts.canvas import Canvas
    from ..charts.scene import Scene

Draw = Callable[["Scene", View, int, int, Palette], "Canvas"]


class Chart(Panel["Scene"]):
    """Subclasses name their drawing function (``drawing``) and title (``title``).

    A click inside the plot area posts ``Clicked`` with its data coordinates (the main screen
    starts the runs there)."""

    class Clicked(Message):
        """A click inside the plot area, in data coordinates; ``dx``, ``dy``: one cell's size there."""

        def __init__(self, chart: Chart, x: float, y: float, dx: float, dy: float) -> None:
            super().__init__()
            self.chart, self.x, self.y, self.dx, self.dy = chart, x, y, dx, dy

        @property
        def control(self) -> Chart:
            return self.chart

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._canvas: Canvas | None = None  # the last drawn: it knows where its cells are

    def title(self, scene: Scene, view: View) -> str:
        raise NotImplementedError

    def drawing(self) -> Draw:
        raise NotImplementedError

    _legend: tuple[object, Text] | None = None

    def titles(self, scene: Scene, view: View) -> tuple[Text, Text]:
        from ..charts.legend import legend

        palette = self.palette
        key = (id(scene), palette, self.outer_size.width)  # the legend does not move with the cursor
        if self._legend is None or self._legend[0] != key:
            self._legend = (key, legend(scene, palette, self.outer_size.width))
        return Text(self.title(scene, view)), self._legend[1]

    def paint(self, scene: Scene, width: int, height: int) -> list[Strip]:
        canvas = self.drawing()(scene, self.view, width, height, self.palette)
        strips = canvas.strips()
        self._canvas = canvas
        return strips

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
