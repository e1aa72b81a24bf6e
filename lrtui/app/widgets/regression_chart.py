"""The regression model's data as a scatter with every run's current line ŷ = w·x + b."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..view import View
from .chart import Chart, Draw

if TYPE_CHECKING:
    from ..charts.scene import Scene

__all__ = ["RegressionChart", "is_regression"]


def is_regression(scene: Scene | None) -> bool:
    """Is this the linreg model (data to draw), not a typed function?"""
    return scene is not None and hasattr(scene.result.problem, "x") and scene.result.parameters == ("w", "b")


class RegressionChart(Chart):
    def key(self, view: View) -> object:
        return (view.step, view.run)

    def title(self, scene: Scene, view: View) -> str:
        from ..charts import regression

        return regression.title(scene, view)

    def drawing(self) -> Draw:
        from ..charts import regression

        return regression.draw

    def show(self, scene: Scene | None, view: View) -> None:
        super().show(scene if is_regression(scene) else None, view)  # hidden for a typed function
