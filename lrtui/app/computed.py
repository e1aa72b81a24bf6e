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
               seed: Mapping[RunKey, Part], publish: Callable[[dict[RunKey, Part], list[Computed]], None]) -> None:
    """In the worker, while the app waits for a key: ``scenarios`` (the dials' next turns) computed
    from ``previous`` as a turn would compute them, taking over the runs of ``seed``, one after the
    other; after each, ``publish`` gets every run known so far and the computations made (a turn
    asked for meanwhile takes over what is there). A scenario the checks refuse is left out."""
    from ..errors import InputError

    found, made = dict(seed), []
    for scenario in scenarios:
        try:
            done = compute_scene(scenario, token, previous, found)
        except InputError:
            continue
        if done.runs is not None:
            found.update((key, part) for key, part in done.runs.runs().items() if key not in found)
        made.append(done)
        if not token.cancelled:
            publish(dict(found), list(made))
