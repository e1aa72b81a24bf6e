"""The loss against the step for every run, on a linear or a log scale (l)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..view import View
from .chart import Chart, Draw

if TYPE_CHECKING:
    from ..charts.scene import Scene


class LossChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.run, view.log_scale, view.trail)

    def title(self, scene: Scene, view: View) -> str:
        from ..charts import loss

        return loss.title(scene, view)

    def drawing(self) -> Draw:
        from ..charts import loss

        return loss.draw
