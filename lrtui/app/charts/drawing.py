"""What each chart draws, named without loading the drawing: a chart panel is built, and shows
"computing…", before NumPy and plotext are loaded (they load with the first result).

A :class:`Drawing` names the module of :mod:`lrtui.app.charts` that draws the chart (its
``title`` and ``draw``: :class:`Draws`) and the part of the view the chart depends on (a chart
redraws only when that part changed).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..view import View

if TYPE_CHECKING:
    from .canvas import Canvas
    from .palette import Palette
    from .scene import Scene


class Draws(Protocol):
    """A drawing module: the chart's title (or its forms, richest first: the panel shows the first
    that fits its border), and the chart itself on a canvas of cols × rows cells."""

    def title(self, shown: Any, view: View) -> str | tuple[str, ...]: ...

    def draw(self, shown: Any, view: View, cols: int, rows: int, palette: Palette) -> Canvas: ...


def is_regression(scene: Scene | None) -> bool:
    """Is this the linreg model (data to draw), not a typed function?"""
    return scene is not None and hasattr(scene.result.problem, "x") and scene.result.parameters == ("w", "b")


def _always(shown: object) -> bool:
    return True


@dataclass(frozen=True)
class Drawing:
    module: str  # the module of lrtui.app.charts that draws it
    depends: Callable[[View], object]  # the part of the view the chart depends on
    legend: bool = True  # the runs' legend in the bottom border (the sweep's is under its chart)
    shows: Callable[[Any], bool] = _always  # what it can draw (else it shows nothing)

    def drawn_by(self) -> Draws:
        return cast(Draws, importlib.import_module(f"{__package__}.{self.module}"))


FUNCTION = Drawing("function", lambda v: (v.step, v.run, v.zoom, v.trail))  # f(x) or the (x, y) plane
LOSS = Drawing("loss", lambda v: (v.step, v.run, v.log_scale, v.trail))
RATES = Drawing("rates", lambda v: (v.step, v.run))  # η_k, when a schedule is on
REGRESSION = Drawing("regression", lambda v: (v.step, v.run), shows=is_regression)  # the data and the lines
SWEEP = Drawing("sweep", lambda v: None, legend=False)  # a new SweepShown for every change
