"""A chart panel: its border says what it shows and holds the runs' legend; the drawing itself
is one function of ``lrtui.app.charts`` (scene, view, size, palette → canvas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.strip import Strip

from ..charts.palette import Palette
from ..view import View
from .panel import Panel

if TYPE_CHECKING:  # the drawing (NumPy, plotext) loads with the first result, not with the first frame
    from ..charts.canvas import Canvas
    from ..charts.scene import Scene

Draw = Callable[["Scene", View, int, int, Palette], "Canvas"]


class Chart(Panel["Scene"]):
    """Subclasses name their drawing function (``drawing``) and title (``title``)."""

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
        return self.drawing()(scene, self.view, width, height, self.palette).strips()
