"""The regression model's data as a scatter with every run's current line ŷ = w·x + b."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..charts import regression
from ..charts.regression import is_regression
from ..view import View
from .chart import Chart, Draw

if TYPE_CHECKING:
    from ..charts.scene import Scene

__all__ = ["RegressionChart", "is_regression"]


class RegressionChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.run)

    def title(self, scene: Scene, view: View) -> str:
        return regression.title(scene, view)

    def drawing(self) -> Draw:
        return regression.draw

    def show(self, scene: Scene | None, view: View) -> None:
        super().show(scene if is_regression(scene) else None, view)  # hidden for a typed function
