"""What the charts draw: robust windows, clipped paths, thinned long runs, log scale."""

import math

import numpy as np

from lrtui.app.plotting.frame import bounded_runs, loss_values
from lrtui.app.plotting.scene import build_scene
from lrtui.app.plotting.trace import MAX_SEGMENTS, UP, Box, Trace
from lrtui.presets import preset
from lrtui.result import Status
from lrtui.scenario import Scenario, compute


def scene_of(scenario):
    return build_scene(compute(scenario))


def test_the_window_holds_x0_the_minimum_and_every_path():
    scene = scene_of(preset("quadratic").scenario)
    box = scene.box
    assert box.xlo < 2 < 10 < box.xhi
    assert box.ylo < 0 < 64 < box.yhi


def test_a_diverging_run_does_not_squash_the_others():
    scene = scene_of(Scenario("(x-2)**2", (10.0,), (0.1, 0.5, 1.5), 60))
    assert scene.result.status[2] == Status.DIVERGED
    assert scene.bounded == [True, True, False]
    assert scene.box.xhi - scene.box.xlo < 30  # x reached 1e7: the window stays near [2, 10]
    assert scene.box.yhi < 1000
    assert "(diverged)" in scene.label(2)
    # the diverging run leaves a mark on the top edge
    piece = scene.traces[2].upto(60)
    assert UP in piece.edges


def test_a_run_that_runs_away_without_diverging_is_clipped_too():
    scene = scene_of(preset("overshoot").scenario.with_(steps=30))  # η = 1.1 grows ×1.2 a step
    assert scene.bounded[-1] is False
    assert "(diverging)" in scene.label(len(scene.bounded) - 1)
    assert scene.box.yhi < 500


def test_the_loss_window_comes_from_the_bounded_runs():
    scene = scene_of(Scenario("(x-2)**2", (10.0,), (0.1, 1.5), 60))
    box = scene.loss[False].box
    assert box.yhi < 100 and box.ylo < 0 < box.xhi


def test_log_scale_draws_zero_at_the_smallest_positive_loss():
    res = compute(preset("quadratic").scenario)  # η = 0.5 reaches exactly 0
    values, note = loss_values(res, True)
    assert np.isfinite(values[2, :2]).all()
    assert note.startswith("log, 0 drawn at")


def test_log_scale_of_negative_losses_shifts_by_the_minimum():
    res = compute(Scenario("x**2 - 5", (3.0,), (0.1,), 20))
    values, note = loss_values(res, True)
    assert "f − min f" in note
    assert np.isfinite(values[0, :21]).all()


def test_log_scale_of_bounded_runs_is_finite_for_a_diverging_one():
    scene = scene_of(Scenario("(x-2)**2", (10.0,), (0.1, 1.5), 60))
    box = scene.loss[True].box
    assert all(math.isfinite(v) for v in (box.xlo, box.xhi, box.ylo, box.yhi))


def test_far_points_are_clipped_at_the_box_and_marked():
    box = Box(-10, 10, 0, 100)
    pts = np.array([[5, 25], [-8, 64], [1e200, np.inf], [np.nan, np.nan]])
    trace = Trace(pts, box)
    piece = trace.upto(3)
    assert np.nanmax(np.abs(piece.xs)) <= 10 and np.nanmax(piece.ys) <= 100
    assert UP in piece.edges


def test_a_path_grows_with_the_step():
    pts = np.stack([np.linspace(0, 1, 11), np.linspace(0, 1, 11)], axis=1)
    trace = Trace(pts, Box(0, 1, 0, 1))
    assert trace.upto(0).xs.size == 0 and trace.upto(0).dot_x.size == 1
    assert trace.upto(5).dot_x.size == 6
    assert np.nanmax(trace.upto(5).xs) == 0.5


def test_a_million_steps_are_thinned_to_what_a_chart_can_show():
    n = 1_000_001
    k = np.arange(n)
    x = 3.84 + 0.5 * (-1.0) ** k * np.exp(-k / 1e5)
    trace = Trace(np.stack([x, x**2], axis=1), Box(3, 4.5, 9, 21), (512, 512))
    assert len(trace.seg_step) < 5000 and len(trace.dot_step) < 5000
    piece = trace.upto(n)
    assert piece.xs.size <= 3 * MAX_SEGMENTS


def test_bounded_runs_of_a_plain_quadratic_are_all_bounded():
    assert bounded_runs(compute(preset("quadratic").scenario)) == [True, True, True]


def test_two_parameters_draw_paths_in_the_plane():
    scene = scene_of(Scenario("x**2 + 10*y**2", (3.0, 1.0), (0.01, 0.09), 50))
    assert scene.plane
    assert scene.box.xlo < 0 < 3 < scene.box.xhi and scene.box.ylo < 0 < 1 < scene.box.yhi


def test_the_loss_axis_starts_short_and_doubles_as_the_cursor_passes_its_end():
    lv = scene_of(Scenario("x**2 + 10*sin(x)", (3.0,), (0.3,), 1000, 0.0)).loss[False]
    assert [lv.span(k) for k in (0, 20, 21, 40, 41, 700, 1000)] == [20, 20, 40, 40, 80, 1000, 1000]
    box, traces = lv.window(30)
    assert box.xhi < 42 and len(traces) == 1
    assert lv.window(35)[0] is box  # built once per span
    short = scene_of(preset("quadratic").scenario.with_(steps=5)).loss[False]
    assert short.span(3) == 5
