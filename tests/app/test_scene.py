"""A scene built after a turn of a dial takes over what the charts keep of every run it shares
with the scene before (and, for the same model, what depends on f alone), and draws exactly
what a scene built afresh draws: every chart, every view, cell by cell and colour by colour."""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.analysis.views import Box
from lrtui.app.charts import function, loss, rates, regression
from lrtui.app.charts import trace as trace_module
from lrtui.app.charts.palette import Palette
from lrtui.app.charts.trace import Trace, TraceSet
from lrtui.app.computed import compute_scene
from lrtui.app.view import View
from lrtui.teaching.scenario import Scenario

PALETTE = Palette.default()
SIZES = ((60, 20), (38, 9))

WIGGLY = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=tuple(0.002 * 100 ** (i / 7) for i in range(8)), steps=600,
                     tol=0, optimizers="sgd; momentum; adam; rmsprop")
SCHEDULED = Scenario.of("x^4 - 3x^2 + x", x0=2, lrs=(0.001, 0.01, 0.02, 0.05), steps=150, tol=1e-7,
                        optimizers="adam; sgd", schedule="step:step_size=7,gamma=0.5")
PLANE = Scenario.of("(1-x)^2 + 100(y-x^2)^2", x0=(-1.5, 2.0), lrs=(0.0002, 0.0005, 0.001, 0.0021), steps=400,
                    tol=1e-6, optimizers="sgd; adam")
NEGATIVE = Scenario.of("x^2 - 5", x0=3, lrs=(0.001, 0.002, 0.05, 0.004), steps=60, tol=0, optimizers="sgd; adam")
ZERO = Scenario.of("(x-2)^2", x0=10, lrs=(0.01, 0.1, 0.5, 0.3), steps=40)  # η = 0.5 lands on 2 exactly: f = 0
PLATEAU = Scenario.of("(x^2-4)^2 + x + 10", x0=3, lrs=(0.01, 0.05, 0.1, 0.2), steps=200, tol=1e-9,
                      optimizers="sgd; nadam", schedule="plateau:patience=3,factor=0.5,threshold=0.01")  # η_k per run
WARMED = Scenario.of("x^2 + 10 sin(x)", x0=6, lrs=(0.005, 0.01, 0.02, 0.03), steps=300, tol=1e-8,
                     optimizers="sgd; rprop", schedule="warmup_cosine:warmup=20,t_max=280")
REGRESSION = Scenario.of(model="linreg", x0=(0.0, 0.0), lrs=(0.01, 0.05, 0.1, 0.6), batch_size=10, epochs=6,
                         optimizers="sgd; adam")
NOISY = Scenario.of("(x-2)^2", x0=6, lrs=(0.02, 0.05, 0.1, 0.4), steps=300, tol=0, optimizers="sgd; adam",
                    noise=1.0, trials=16, seed=5, trial=3)  # the loss chart: each run's mean and band


def turned(scenario: Scenario, i: int, factor: float) -> Scenario:
    lrs = list(scenario.lrs)
    lrs[i] *= factor
    return scenario.with_(lrs=tuple(lrs))


def moved(scenario: Scenario) -> Scenario:
    return scenario.with_(x0=tuple(v + 0.5 for v in scenario.x0))


def drawings(scene) -> list[list]:
    """Every chart of the scene in every view worth seeing, at two sizes: their rows (text and colours)."""
    res = scene.result
    charts = [function, loss]
    if not res.schedule.is_constant:
        charts.append(rates)
    if res.parameters == ("w", "b"):
        charts.append(regression)
    last = int(res.stopped_at.max())
    out = []
    for cols, rows in SIZES:
        for step in (0, 7, last // 2, last):
            for zoom in ("landscape", "path", "wide"):
                for log in (False, True):
                    view = View(zoom=zoom).showing(res).at(step).selected(1).scaled(log)
                    for chart in charts:
                        out.append(list(chart.draw(scene, view, cols, rows, PALETTE).strips()))
    return out


@pytest.mark.parametrize("scenario", [WIGGLY, SCHEDULED, PLANE, REGRESSION, NEGATIVE, ZERO, PLATEAU, WARMED, NOISY],
                         ids=["wiggly", "scheduled", "plane", "regression", "negative f", "f = 0", "plateau",
                              "warm-up", "noisy"])
@pytest.mark.parametrize("turn", [lambda s: turned(s, 2, 1.3), lambda s: turned(s, -1, 0.6), moved],
                         ids=["eta up", "eta down", "x0"])
def test_a_scene_after_a_turn_draws_what_a_fresh_scene_draws(scenario, turn):
    first = compute_scene(scenario, None)
    drawings(first.scene)  # the charts keep what they thinned
    after = compute_scene(turn(scenario), None, first)
    fresh = compute_scene(turn(scenario), None)
    assert drawings(after.scene) == drawings(fresh.scene)


@pytest.mark.parametrize("trial", [4, 0])
def test_a_scene_after_another_trial_followed_draws_what_a_fresh_scene_draws(trial):
    first = compute_scene(NOISY, None)
    drawings(first.scene)
    after = compute_scene(NOISY.with_(trial=trial), None, first)
    assert drawings(after.scene) == drawings(compute_scene(NOISY.with_(trial=trial), None).scene)
    assert drawings(after.scene) != drawings(first.scene)  # the f chart follows the other trial's path


def count_thinnings(monkeypatch) -> list[int]:
    """The runs thinned from now on, one 1 each."""
    built = []
    real = TraceSet.each.__func__

    def counting(cls, box, xs, ys, counts, cols, rows, paths=None, dots=(2, 4)):
        out = real(cls, box, xs, ys, counts, cols, rows, paths, dots)
        built.extend([1] * len(out))
        return out

    monkeypatch.setattr(trace_module.TraceSet, "each", classmethod(counting))
    return built


def test_an_eta_turn_thins_the_new_runs_only_when_the_window_holds(monkeypatch):
    """η of the middle run of each optimizer a little up: the windows stay, and the f and loss
    charts thin that η's four runs, not the 32."""
    first = compute_scene(WIGGLY, None)
    view = View().showing(first.scene.result).at(300)
    function.draw(first.scene, view, 60, 20, PALETTE)
    loss.draw(first.scene, view, 60, 20, PALETTE)
    after = compute_scene(turned(WIGGLY, 3, 1.05), None, first)
    assert after.scene.frame("landscape") == first.scene.frame("landscape")
    assert after.scene.loss[False].box(300) == first.scene.loss[False].box(300)
    kept = [p for p in after.scene.parts if any(p is q for q in first.scene.parts)]
    assert len(kept) == 28
    built = count_thinnings(monkeypatch)
    function.draw(after.scene, view, 60, 20, PALETTE)
    assert len(built) == 4
    loss.draw(after.scene, view, 60, 20, PALETTE)
    assert len(built) == 8


def test_the_x0_dial_recomputes_every_run_and_keeps_the_curve_of_f(monkeypatch):
    first = compute_scene(WIGGLY, None)
    view = View().showing(first.scene.result)
    function.draw(first.scene, view, 60, 20, PALETTE)
    after = compute_scene(moved(WIGGLY), None, first)
    assert not any(p is q for p in after.scene.parts for q in first.scene.parts)
    curves = {k: v for k, v in first.scene.cache.items() if k[0] == "curve"}
    assert curves and all(after.scene.cache[k] is v for k, v in curves.items())  # f on the same window


def test_another_function_keeps_nothing():
    first = compute_scene(WIGGLY, None)
    function.draw(first.scene, View().showing(first.scene.result), 60, 20, PALETTE)
    other = WIGGLY.with_(model=Scenario.of("x^2 + 9 sin(x)").model)
    after = compute_scene(other, None, first)
    assert not after.scene.cache
    assert not any(p is q for p in after.scene.parts for q in first.scene.parts)


@pytest.mark.parametrize("plane", [False, True])
def test_sets_of_one_run_joined_are_the_set_of_every_run(plane):
    rng = np.random.default_rng(3)
    box = Box(-1.0, 1.0, -1.0, 1.0)
    runs = [np.cumsum(rng.normal(scale=0.2, size=(n, 2)), axis=0) for n in (1, 50, 400, 3)]
    runs[2][100] = np.nan  # a break in the path
    paths = [Trace(p, box) for p in runs] if plane else None
    together = TraceSet(box, runs, 30, 12, paths)
    joined = TraceSet.joined([TraceSet(box, [p], 30, 12, [paths[i]] if paths else None) for i, p in enumerate(runs)])
    for name in ("dot_u", "dot_v", "dot_run", "dot_step", "edge_u", "edge_v", "edge_side", "edge_run", "edge_step",
                 "seg_a", "seg_b", "seg_run", "seg_step"):
        assert np.array_equal(getattr(joined, name), getattr(together, name)), name
    assert joined.runs == together.runs


@pytest.mark.parametrize("dots", [(2, 4), (2, 2), (1, 1)], ids=["braille", "block", "ascii"])
@pytest.mark.parametrize("plane", [False, True])
def test_each_run_thinned_together_is_each_run_thinned_alone(plane, dots):
    """TraceSet.each thins every run at once, a few NumPy calls in all: the very sets each run
    thinned on its own gives — points inside, beyond (each side), not finite, past its stop."""
    rng = np.random.default_rng(5)
    box = Box(-1.0, 1.0, -1.0, 1.0)
    n = 500
    xs = np.cumsum(rng.normal(scale=0.15, size=(6, n)), axis=1)
    ys = np.cumsum(rng.normal(scale=0.15, size=(6, n)), axis=1)
    xs[1, 40:60] = np.nan
    ys[2, 300] = np.inf
    xs[3] = 0.25  # stays in one cell
    counts = np.array([n, n, 120, 1, n, 7])
    paths = [Trace(np.stack([xs[r, : counts[r]], ys[r, : counts[r]]], axis=1), box) for r in range(6)] if plane else None
    each = TraceSet.each(box, xs, ys, counts, 17, 9, paths, dots)
    for r in range(6):
        alone = TraceSet(box, [np.stack([xs[r, : counts[r]], ys[r, : counts[r]]], axis=1)], 17, 9,
                         [paths[r]] if paths else None, dots)
        for name in ("dot_u", "dot_v", "dot_run", "dot_step", "edge_u", "edge_v", "edge_side", "edge_run",
                     "edge_step", "seg_a", "seg_b", "seg_run", "seg_step"):
            assert np.array_equal(getattr(each[r], name), getattr(alone, name)), (r, name)
