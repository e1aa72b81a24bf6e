"""The chart layer without the app: windows, thinned paths, clipping at the float limit, honest axes."""

import numpy as np
import pytest

from lrtui.analysis.views import Box
from lrtui.app.charts import function, loss, ticks
from lrtui.app.charts.canvas import LINE_BUDGET, Canvas
from lrtui.app.charts.palette import Palette
from lrtui.app.charts.raster import Call
from lrtui.app.charts.scene import build_scene, loss_view
from lrtui.app.charts.trace import MAX_SEGMENTS, UP, Trace
from lrtui.app.theme import EDGE_MARKS
from lrtui.app.view import View
from lrtui.engine.result import Status
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario, compute

PALETTE = Palette.default()


def scene_of(scenario):
    return build_scene(compute(scenario))


def text(canvas) -> str:
    return "\n".join(strip.text for strip in canvas.strips())


def y_labels(canvas) -> list[str]:
    """The y axis' tick labels, top to bottom (each row's text before ┤)."""
    return [row.split("┤")[0].strip() for row in text(canvas).splitlines() if "┤" in row]


def test_the_landscape_holds_x0_the_minimum_and_every_path():
    scene = scene_of(preset("quadratic").scenario)
    box = scene.frame("landscape")
    assert box.xlo < 2 < 10 < box.xhi
    assert box.ylo < 0 < 64 < box.yhi


def test_a_diverging_run_does_not_squash_the_others():
    scene = scene_of(Scenario.of("(x-2)**2", (10.0,), (0.1, 0.5, 1.5), 60))
    assert scene.result.status[2] == Status.DIVERGED
    assert scene.bounded == [True, True, False]
    box = scene.frame("landscape")
    assert box.xhi - box.xlo < 30 and box.yhi < 1000  # x reached 1e7: the window stays near [2, 10]
    assert "(diverged)" in scene.label(2)
    runs = scene.runs_at(box, View(scene.result).at(60), 40, 12)
    marks = runs.traces.edges(runs.k)
    assert UP in runs.traces.edge_side[marks[runs.traces.edge_run[marks] == 2]]  # it leaves a mark on the top edge


def test_a_run_that_runs_away_without_diverging_is_clipped_too():
    scene = scene_of(preset("overshoot").scenario.with_(steps=30))  # η = 1.1 grows ×1.2 a step
    assert scene.bounded[-1] is False
    assert "(diverging)" in scene.label(len(scene.bounded) - 1)
    assert scene.frame("landscape").yhi < 500


def test_the_loss_window_comes_from_the_bounded_runs():
    scene = scene_of(Scenario.of("(x-2)**2", (10.0,), (0.1, 1.5), 60))
    lv = scene.loss[False]
    assert lv.yhi < 100 and lv.data_lo >= 0


def test_a_loss_of_exactly_zero_gets_its_own_row_on_the_log_axis():
    scene = scene_of(preset("quadratic").scenario)  # η = 0.5 reaches exactly 0 at step 1
    lv = scene.loss[True]
    assert lv.zero_at is not None and lv.zero_at < lv.data_lo
    assert lv.drawn(scene.result.loss[2, 1]) == lv.zero_at
    canvas = loss.draw(scene, View(scene.result).at(5).selected(2), 60, 20, PALETTE)
    assert y_labels(canvas)[-1] == "0"  # the lowest tick says 0
    bottom = [row for row in text(canvas).splitlines() if row.lstrip().startswith("0┤")][0]
    assert "●" in bottom or "+" in bottom  # and η = 0.5's point is drawn on it


def test_log_scale_of_negative_losses_shifts_by_the_minimum():
    res = compute(Scenario.of("x**2 - 5", (3.0,), (0.1,), 20))
    lv = loss_view(res, True, [True])
    assert "f − min f" in lv.note
    assert np.isfinite(lv.drawn(res.loss[0, :21])).all()


@pytest.mark.parametrize("name", ["quadratic", "overshoot", "flat", "linreg", "bowl"])
def test_no_tick_below_the_true_minimum_of_a_loss(name):
    scene = scene_of(preset(name).scenario)
    for k in (0, 3, scene.result.stopped_at.max()):
        canvas = loss.draw(scene, View(scene.result).at(int(k)), 50, 16, PALETTE)
        labels = y_labels(canvas)
        assert labels and not any(label.startswith("−") for label in labels), labels


def test_the_f_chart_never_ticks_below_the_lowest_f_it_draws():
    scene = scene_of(preset("quadratic").scenario)  # (x-2)², lowest value 0
    canvas = function.draw(scene, View(scene.result), 40, 16, PALETTE)
    labels = y_labels(canvas)
    assert labels[-1] == "0" and not any(label.startswith("−") for label in labels)


def test_ticks_are_round_and_inside_the_range():
    values, labels = ticks.linear(0.0, 77.4, 5)
    assert values == [0, 20, 40, 60] and labels == ["0", "20", "40", "60"]
    values, labels = ticks.linear(2.83, 4.41, 6)
    assert labels == ["3.00", "3.25", "3.50", "3.75", "4.00", "4.25"]
    assert ticks.linear(0.98392, 0.98393, 3)[1] == ["0.983920", "0.983925", "0.983930"]
    assert ticks.linear(2.5, 2.5, 4) == ([2.5], ["2.5"])  # one value: itself
    assert ticks.linear(-6e306, 1.27e308, 5)[1] == ["0", "5e307", "1e308"]  # near the float limit
    assert ticks.decades(-17.2, 1.9, 5)[1] == ["1e-17", "1e-13", "1e-9", "1e-5", "0.1"]
    assert ticks.steps(1000, 6)[1] == ["0", "200", "400", "600", "800", "1,000"]


def test_far_and_infinite_points_are_clipped_at_the_box_and_marked():
    box = Box(-10, 10, 0, 100)
    canvas = Canvas(40, 12, box, PALETTE)
    canvas.line([5, -8, 1e200, 1e308, -1e308], [25, 64, np.inf, 1e308, 1e308], (255, 0, 0))
    canvas.line([0, 9], [50, 1e308], (255, 0, 0))  # plotext alone raises OverflowError on such values
    marks = canvas.reserve([Call(mark, (255, 0, 0), "bold") for mark in EDGE_MARKS])
    canvas.edges(*canvas.unit(np.array([1e200, 5.0]), np.array([1e300, 200.0])), marks)  # as the trail's are
    drawn = text(canvas)
    assert "▲" in drawn
    top = drawn.splitlines()[0]
    assert top.strip(" │") != ""  # the line toward (9, 1e308) reaches the top frame


@pytest.mark.parametrize("x0", ["1e308", "1e154"])
def test_charts_near_the_float_limit_draw(x0):
    with np.errstate(all="ignore"):
        scene = scene_of(Scenario.of("(x-2)**2", (float(x0),), (0.1,), 20))
    for zoom in ("landscape", "path", "wide"):
        assert "┤" in text(function.draw(scene, View(scene.result).zoomed(zoom), 60, 20, PALETTE))
    for log in (False, True):
        assert text(loss.draw(scene, View(scene.result).scaled(log), 60, 20, PALETTE))


def test_exp_near_its_overflow_draws():
    scene = scene_of(Scenario.of("exp(x)", (700.0,), (0.1,), 20))  # x₁ = 700 − 0.1·e⁷⁰⁰ ≈ −1e303
    assert "●" in text(function.draw(scene, View(scene.result), 60, 20, PALETTE))  # at x0
    assert "◀" in text(function.draw(scene, View(scene.result).at(1), 60, 20, PALETTE))  # gone left


def test_a_million_steps_are_thinned_to_what_a_chart_can_show():
    from lrtui.app.charts.trace import TraceSet

    n = 1_000_001
    k = np.arange(n)
    x = 3.84 + 0.5 * (-1.0) ** k * np.exp(-k / 1e5)
    points = np.stack([x, x**2], axis=1)
    box = Box(3, 4.5, 9, 21)
    trace = Trace(points, box)
    assert len(trace.seg_step) < 5000
    ts = TraceSet(box, [points], 80, 24, [trace])
    assert ts.dot_u.size <= 80 * 24 and ts.seg_step.size <= 4 * 80 * 24
    assert ts.segments(np.array([n])).size <= MAX_SEGMENTS


def test_a_chart_draws_a_bounded_number_of_segments_whatever_the_runs():
    box = Box(0, 1, 0, 1)
    canvas = Canvas(80, 24, box, PALETTE)
    rng = np.random.default_rng(0)
    for _ in range(64):
        canvas.line(rng.random(10_000), rng.random(10_000), (200, 200, 200))
    assert canvas.drawn_segments <= LINE_BUDGET


def test_a_cycle_is_drawn_as_its_few_points():
    scene = scene_of(preset("wiggly").scenario)
    res = scene.result
    r = int(np.flatnonzero([res.cycle(i) == 4 for i in range(res.runs)])[0])
    runs = scene.runs_at(scene.frame("landscape"), View(res).at(1000), 60, 20)
    ts = runs.traces
    mine = ts.dots(runs.k)
    mine = mine[ts.dot_run[mine] == r]
    late = mine[ts.dot_step[mine] > 200]
    assert late.size <= 4  # after its first steps the run only revisits the cycle's cells: no smear


def test_the_loss_axis_starts_short_and_doubles_as_the_cursor_passes_its_end():
    lv = scene_of(Scenario.of("x**2 + 10*sin(x)", (3.0,), (0.3,), 1000, 0.0)).loss[False]
    assert [lv.span(k) for k in (0, 20, 21, 40, 41, 700, 1000)] == [20, 20, 40, 40, 80, 1000, 1000]
    box = lv.box(30)
    assert box.xhi < 42 and box == lv.box(35) and lv.box(41).xhi > 80  # the frame moves at a doubling only
    short = scene_of(preset("quadratic").scenario.with_(steps=5)).loss[False]
    assert short.span(3) == 5


def test_the_first_frame_comes_before_numpy_and_plotext_are_loaded():
    """The charts' drawing loads with the first result: the empty screen shows sooner."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from lrtui.app.app import LrtuiApp\n"
        "app = LrtuiApp()\n"
        "seen = []\n"
        "def display(screen, update, _d=app._display):\n"
        "    if update is not None and not seen:\n"
        "        seen.append([m for m in ('numpy', 'plotext', 'sympy') if m in sys.modules])\n"
        "        print('LOADED', seen[0]); app.exit()\n"
        "    return _d(screen, update)\n"
        "app._display = display\n"
        "app.run(headless=True, size=(80, 24))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr


def test_every_runs_layer_shows_a_cell_exactly_when_the_run_had_visited_it():
    """The traces of 64 runs × 10,000 steps, thinned to an 80-column chart's own cells: at any step
    a run's older dots cover exactly the cells it had visited by then (the cells the raster draws
    them in), each in its own marker."""
    from lrtui.app.charts.raster import dot
    from lrtui.app.charts.trace import TraceSet, to_unit

    scene = scene_of(Scenario.of("x**2 + 10*sin(x)", (3.0,), tuple(0.001 * 300 ** (i / 15) for i in range(16)), 10_000,
                              0.0, optimizers=("sgd", "momentum", "adam", "rmsprop")))
    res, box = scene.result, scene.frame("landscape")
    cols, rows = 40, 16
    n = res.stopped_at + 1
    ts = TraceSet(box, [np.stack([res.x[r, : n[r], 0], res.loss[r, : n[r]]], axis=1) for r in range(res.runs)],
                  cols, rows)
    assert res.runs == 64 and ts.dot_u.size <= res.runs * cols * rows

    def cells(u, v):
        return set(zip((dot(u, cols, 2) // 2).tolist(), (dot(v, rows, 4) // 4).tolist(), strict=True))

    rng = np.random.default_rng(5)
    for k in [0, 10, 5000, 10_000, *rng.integers(0, 10_001, 5).tolist()]:
        upto = np.minimum(k, res.stopped_at)
        chosen = ts.dots(upto)
        for r in rng.choice(res.runs, 6, replace=False):
            n = int(upto[r]) + 1
            u, v = to_unit(box, res.x[r, :n, 0], res.loss[r, :n])
            inside = (u >= 0) & (u <= 1) & (v >= 0) & (v <= 1)
            mine = chosen[ts.dot_run[chosen] == r]
            assert cells(ts.dot_u[mine], ts.dot_v[mine]) == cells(u[inside], v[inside])
