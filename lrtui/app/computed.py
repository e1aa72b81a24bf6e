"""The compute job of the main screen: a scenario's Result and everything its charts need from it
(a :class:`~lrtui.app.charts.scene.Scene`), made in a worker thread (:mod:`.latest`).

NumPy, the engine and the drawing load here, off the path to the first frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..cancel import CancelToken
from ..teaching.scenario import Scenario

if TYPE_CHECKING:
    from ..engine.trials import TrialStats
    from .charts.scene import Scene


class Computed(NamedTuple):
    scenario: Scenario
    scene: Scene


def compute_scene(scenario: Scenario, token: CancelToken, stats: TrialStats | None = None) -> Computed:
    """In the worker: the scenario's Result, and its scene; ``token`` cancels both between blocks.
    ``stats``: the statistics over the trials of the same scenario but for the trial followed."""
    from ..teaching.scenario import compute
    from .charts.scene import build_scene

    return Computed(scenario, build_scene(compute(scenario, cancel=token, stats=stats), cancel=token))
