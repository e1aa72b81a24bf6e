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


Searches = dict[tuple[float, ...], "Stationary | Minimum | None"]


def analyse(result: Result, cancel: CancelToken | None = None, searches: Searches | None = None,
            runs: range | list[int] | None = None) -> list[Analysis | None]:
    """One Analysis per run of ``result`` (``cancel`` is checked before each run's).

    A run's analysis depends on that run alone: the search for where it heads starts from its
    last point rounded to 12 decimals, so runs that end together share one search and a run
    analysed again, alone or among others, gets the same analysis. ``searches``: the searches
    made so far for this problem and x0, by rounded start (filled as it goes; runs of another
    computation of the same problem and x0 may share it). ``runs``: only these runs' analyses."""
    problem = result.problem
    out: list[Analysis | None] = []
    found: Searches = {} if searches is None else searches
    with np.errstate(all="ignore"):
        for r in range(result.runs) if runs is None else runs:
            raise_if_cancelled(cancel)
            key = tuple(float(v) for v in np.round(_start_point(result, r), 12))
            start = np.array(key, dtype=np.float64)
            if result.dims > 1:
                if key not in found:
                    found[key] = stationary_point(problem, start)
                point = found[key]
                assert point is None or isinstance(point, Stationary)
                out.append(verdict_nd(result, r, point))
                continue
            if key not in found:
                found[key] = find_minimum(problem, start, result.x0)
            minimum = found[key]
            assert minimum is None or isinstance(minimum, Minimum)
            out.append(verdict_1d(result, r, minimum))
    return out


def _start_point(result: Result, r: int) -> Array:
    """Where the search starts: the run's last point, or x0 when the run ran away."""
    last: Array = result.x[r, result.stopped_at[r]]
    if result.status[r] in (Status.DIVERGED, Status.LEFT_DOMAIN) or not np.all(np.isfinite(last)):
        return result.x0.copy()
    return last.astype(np.float64)
