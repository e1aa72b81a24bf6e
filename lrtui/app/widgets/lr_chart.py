"""η_k over the steps for every run (when a schedule is on), the current step marked ●."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..view import View
from .chart import Chart, Draw

if TYPE_CHECKING:
    from ..charts.scene import Scene


class LrChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.run)

    def title(self, scene: Scene, view: View) -> str:
        from ..charts import rates

        return rates.title(scene, view)

    def drawing(self) -> Draw:
        from ..charts import rates

        return rates.draw
