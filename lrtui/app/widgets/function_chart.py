"""The f chart: f(x) with every run's steps on the curve, or the paths over f(x, y)'s level lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..view import View
from .chart import Chart, Draw

if TYPE_CHECKING:
    from ..charts.scene import Scene


class FunctionChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.run, view.zoom, view.trail)

    def title(self, scene: Scene, view: View) -> str:
        from ..charts import function

        return function.title(scene, view)

    def drawing(self) -> Draw:
        from ..charts import function

        return function.draw
