"""The sweep screen's chart: the final loss against η (or the range test), drawn by ``charts.sweep``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.strip import Strip

from ..view import View
from .panel import Panel


@dataclass(frozen=True)
class SweepShown:
    """What the sweep chart shows: the sweep and the range test, the cursor, the axis, which one."""

    sweep: Any
    test: Any
    cursor: int
    log_y: bool
    range_test: bool


class SweepChart(Panel[SweepShown]):
    DEFAULT_CSS = """
    SweepChart {
        border: round $foreground 30%;
        border-title-color: $text;
        border-title-style: bold;
    }
    """

    def key(self, view: View) -> object:
        return None  # a new SweepShown every time: id(scene) already says what changed

    def titles(self, scene: SweepShown, view: View) -> tuple[Text, Text]:
        from ..charts import sweep as draw  # NumPy and plotext: once there is a sweep

        if scene.range_test:
            return Text("loss against η as it grows within one run"), Text("")
        return Text(f"{draw.ylabel(scene.sweep, scene.log_y)} against η · {scene.sweep.lrs.size} η"), Text("")

    def paint(self, scene: SweepShown, width: int, height: int) -> list[Strip]:
        from ..charts import sweep as draw

        if scene.range_test:
            return draw.draw_range_test(scene.test, width, height, self.palette).strips()
        return draw.draw_sweep(scene.sweep, scene.cursor, scene.log_y, width, height, self.palette).strips()

    def entries(self, scene: SweepShown) -> list[tuple[str, tuple[int, int, int]]]:
        from ..charts import sweep as draw

        if scene.range_test:
            return draw.range_entries(scene.test, self.palette)
        return draw.entries(scene.sweep, self.palette)
