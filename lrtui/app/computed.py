"""The compute job of the main screen: a scenario's Result and everything its charts need from it
(a :class:`~lrtui.app.charts.scene.Scene`), made in a worker thread (:mod:`.latest`).

A job is handed the computation before it: the runs whose inputs did not change, and what the
charts keep of them, are taken over (:mod:`lrtui.teaching.runs`, :func:`~.charts.scene.build_scene`),
so a turn of the η dial computes, analyses and thins one η's runs, and the x0 dial every run but
not what depends on f alone. NumPy, the engine and the drawing load here, off the path to the
first frame.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ..cancel import CancelToken
from ..teaching.scenario import Scenario

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..teaching.runs import Computation, Part, RunKey
    from .charts.scene import Scene


class Computed(NamedTuple):
    scenario: Scenario
    scene: Scene
    runs: Computation | None = None  # what the next computation takes over (None: nothing)


def compute_scene(scenario: Scenario, token: CancelToken, previous: Computed | None = None,
                  ahead: Mapping[RunKey, Part] | None = None) -> Computed:
    """In the worker: the scenario's Result, and its scene, reusing what ``previous`` computed and
    the runs computed ahead (:func:`runs_ahead`); ``token`` cancels both between blocks."""
    from ..teaching.runs import computed
    from .charts.scene import build_scene

    done = computed(scenario, token, previous.runs if previous is not None else None, ahead)
    scene = build_scene(done.result, token, done.keys, previous.scene if previous is not None else None,
                        scenario.model)
    return Computed(scenario, scene, done)


def runs_ahead(scenarios: Sequence[Scenario], token: CancelToken, previous: Computed | None,
               seed: Mapping[RunKey, Part], publish: Callable[[dict[RunKey, Part]], None]) -> None:
    """In the worker, while the app waits for a key: the runs of ``scenarios`` (the dials' next
    turns) that neither ``previous`` nor ``seed`` holds, computed one scenario after the other;
    after each, ``publish`` gets ``seed`` and every run computed so far (a turn asked for
    meanwhile takes over what is there). A scenario the checks refuse is left out."""
    from ..errors import InputError
    from ..teaching.runs import runs_ahead as compute_ahead

    found = dict(seed)
    for scenario in scenarios:
        try:
            found.update(compute_ahead(scenario, token, previous.runs if previous is not None else None, found))
        except InputError:
            continue
        if not token.cancelled:
            publish(dict(found))
