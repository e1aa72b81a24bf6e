"""A scene as a question shows it: every run at its start, nothing that gives the answer away.

Until a lesson's question is answered the charts draw a copy of the result cut to its first
record (:func:`at_start`): each run's x0, and the tangent there, but no step, no path, no status
(every run reads as one that has not moved), no verdict and no "(diverged)" in the legend. The
f chart keeps the window of the whole result (:class:`AskedScene`), so the picture does not
jump when the answer shows; the path view, which fits one run's path, shows the landscape.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from ...analysis.views import Box
from ...engine.result import Analysis, Result, Status
from .scene import Scene


def at_start(result: Result) -> Result:
    """``result`` cut to record 0: every run at x0, not yet moved; of the analysis only the
    minima (the f chart's window and marks), never a verdict or a noise floor; no statistics
    over trials (their bands would draw the steps to come)."""
    runs = result.runs

    def first(values: np.ndarray) -> np.ndarray:
        return np.ascontiguousarray(values[:, :1])

    analysis: list[Analysis | None] = [
        Analysis(a.minimum, None, None, None, "", saddle=a.saddle) if a is not None else None
        for a in result.analysis
    ]
    return replace(
        result, steps=0, x=first(result.x), loss=first(result.loss), grad=first(result.grad), lr=first(result.lr),
        status=[Status.MAX_STEPS] * runs, stopped_at=np.zeros(runs, dtype=np.int64),
        state={name: first(v) for name, v in result.state.items()},
        extra={name: first(v) for name, v in result.extra.items()}, analysis=analysis, trials=None,
    )


@dataclass
class AskedScene(Scene):
    """The scene at its start, in the whole scene's windows."""

    whole: Scene | None = None

    def frame(self, zoom: str, run: int = 0) -> Box:
        if self.whole is None:
            return super().frame(zoom, run)
        return self.whole.frame("landscape" if zoom == "path" else zoom, 0)


def asked(scene: Scene) -> Scene:
    """What the charts draw of ``scene`` while its question is open."""
    return AskedScene(at_start(scene.result), whole=scene)
