"""The regression model's data as a scatter with every run's current line ŷ = w·x + b."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..theme import run_colour
from ..view import View
from .chart import Chart

if TYPE_CHECKING:
    from ..plotting.scene import Scene


def is_regression(scene: Scene | None) -> bool:
    return scene is not None and hasattr(scene.result.problem, "x") and scene.result.parameters == ("w", "b")


class RegressionChart(Chart):
    def key(self, view: View) -> object:
        return view.step

    def title(self, scene: Scene, view: View) -> str:
        return f"{scene.result.problem.x.size} points · ŷ = w·x + b"

    def draw(self, view: View) -> None:
        from ..charts.regression import draw_regression

        res = self.scene.result
        colours = [run_colour(r, self.dark) for r in range(res.runs)]
        draw_regression(self.plt, res, step=view.step, colors=colours, title="")
        self.plt.xlabel("")
        self.plt.ylabel("")

    def show(self, scene: Scene | None, view: View) -> None:
        super().show(scene if is_regression(scene) else None, view)  # hidden for a typed function
