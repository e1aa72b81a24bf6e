"""The analysis of a result: for each run, the minimum it heads for and the verdict on its η.

:mod:`lrtui.analysis.minima` finds the minimum (or the stationary point) a run heads for;
:mod:`lrtui.analysis.verdicts` measures the run against it and words the verdict; :func:`analyse`
does both for every run (runs that end at the same point share the search), and
:func:`lrtui.teaching.scenario.run` attaches the result to the engine's trajectories. The record
itself, :class:`~lrtui.engine.result.Analysis`, lives with the Result that holds it.
"""

from __future__ import annotations

import numpy as np

from ..cancel import CancelToken, raise_if_cancelled
from ..engine.result import Analysis, Result, Status
from ..problem import Array
from .minima import Minimum, Stationary, find_minimum, stationary_point
from .verdicts import verdict_1d, verdict_nd

__all__ = ["Analysis", "analyse"]


def analyse(result: Result, cancel: CancelToken | None = None) -> list[Analysis | None]:
    """One Analysis per run of ``result`` (``cancel`` is checked before each run's)."""
    problem = result.problem
    out: list[Analysis | None] = []
    with np.errstate(all="ignore"):
        points: dict[tuple[float, ...], Stationary | None] = {}
        minima: dict[tuple[float, ...], Minimum | None] = {}
        for r in range(result.runs):
            raise_if_cancelled(cancel)
            start = _start_point(result, r)
            key = tuple(float(v) for v in np.round(start, 12))
            if result.dims > 1:
                if key not in points:
                    points[key] = stationary_point(problem, start)
                out.append(verdict_nd(result, r, points[key]))
                continue
            if key not in minima:
                minima[key] = find_minimum(problem, start, result.x0)
            out.append(verdict_1d(result, r, minima[key]))
    return out


def _start_point(result: Result, r: int) -> Array:
    """Where the search starts: the run's last point, or x0 when the run ran away."""
    last: Array = result.x[r, result.stopped_at[r]]
    if result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN) or not np.all(np.isfinite(last)):
        return result.x0.copy()
    return last.astype(np.float64)
