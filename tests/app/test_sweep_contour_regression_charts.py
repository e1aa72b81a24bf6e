"""The contour, regression and sweep charts drawn headless, as a teacher reads them."""

import subprocess
import sys

import numpy as np

from lrtui.analysis.sweep import range_test, sweep
from lrtui.app.charts import function, regression
from lrtui.app.charts.palette import Palette
from lrtui.app.charts.scene import build_scene
from lrtui.app.charts.sweep import draw_range_test, draw_sweep, entries, frame, ylabel
from lrtui.app.view import View
from lrtui.expr import parse_function
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import compute

PALETTE = Palette.default()


def text(canvas) -> str:
    return "\n".join(strip.text for strip in canvas.strips())


def y_labels(canvas) -> list[str]:
    return [row.split("┤")[0].strip() for row in text(canvas).splitlines() if "┤" in row]


def test_the_contour_of_the_bowl_has_levels_paths_and_the_minimum():
    scene = build_scene(compute(PRESETS["bowl"].scenario))
    out = text(function.draw(scene, View(scene.result).at(5), 60, 20, PALETTE))
    assert "×" in out  # x* = (0, 0), no run there yet
    assert "●" in out and "o" in out
    assert any("\u2801" <= ch <= "\u28ff" for ch in out)  # level lines and paths in braille dots


def test_the_contour_at_80x24_keeps_five_levels_and_the_paths_on_top():
    scene = build_scene(compute(PRESETS["bowl"].scenario))
    function.draw(scene, View(scene.result).at(30), 38, 8, PALETTE)
    (lines,) = [v for k, v in scene.cache.items() if k[0] == "levels"]
    assert len(lines) == 4  # 5 bands, 4 lines
    assert PALETTE.level(0, 4) != PALETTE.run(0)


def test_the_saddle_is_marked():
    scene = build_scene(compute(PRESETS["saddle"].scenario))
    assert "×" in text(function.draw(scene, View(scene.result).at(20), 60, 20, PALETTE))


def test_the_regression_shows_the_data_and_never_ticks_below_what_it_draws():
    scene = build_scene(compute(PRESETS["linreg"].scenario))
    at_start = regression.draw(scene, View(scene.result), 60, 20, PALETTE)  # every line is ŷ = 0
    labels = y_labels(at_start)
    assert labels[-1] == "0" and not any(label.startswith("−") for label in labels)
    assert "•" in text(at_start)
    assert regression.title(scene, View(scene.result))[0].endswith("least squares ŷ = 2.99x + 2")


def test_a_regression_line_far_off_the_chart_is_clipped_not_squashing_the_data():
    res = compute(PRESETS["linreg"].scenario.with_(lrs=(0.1, 3.0), epochs=None, steps=60))
    scene = build_scene(res)
    canvas = regression.draw(scene, View(res).at(60), 60, 20, PALETTE)
    assert canvas.box.yhi < 10  # the diverging line (w, b ~ 1e6) does not set the window


def test_the_sweep_on_its_log_axis_shows_every_status_and_both_lines():
    s = sweep(parse_function("(x-2)**2"), [10.0], 0.01, 2.0, 40, 100)
    canvas = draw_sweep(s, 10, True, 70, 20, PALETTE)
    out = text(canvas)
    assert "•" in out and "▲" in out  # converged, and diverged on the top row
    assert "1e-10" in y_labels(canvas)  # decades
    labels = [label for label, _ in entries(s, PALETTE)]
    assert labels[0] == "• converged" and "▲ diverged (top row)" in labels
    assert "┃ critical η = 1" in labels and f"┃ suggested η = {s.suggested_lr:.4g}" in labels
    fr = frame(s, True)
    diverged = [i for i, st in enumerate(s.status) if st.value == "diverged"]
    assert np.all(fr.drawn[diverged] == fr.ceiling)


def test_a_final_loss_of_exactly_zero_gets_the_bottom_row_labelled_0():
    s = sweep(parse_function("(x-2)**2"), [10.0], 0.125, 2.0, 5, 100)  # η = 0.5 lands on x* = 2
    assert s.final_loss[2] == 0
    canvas = draw_sweep(s, None, True, 70, 20, PALETTE)
    assert y_labels(canvas)[-1] == "0"
    assert frame(s, True).drawn[2] == frame(s, True).zero_at


def test_the_sweep_on_a_linear_axis_never_ticks_below_zero():
    s = sweep(parse_function("(x-2)**2"), [10.0], 0.01, 2.0, 40, 100)
    labels = y_labels(draw_sweep(s, None, False, 70, 20, PALETTE))
    assert labels[-1] == "0" and not any(label.startswith("−") for label in labels)


def test_the_sweep_with_negative_losses_draws_the_distance_to_the_lowest():
    s = sweep(parse_function("x**2 + 10*sin(x)"), [3.0], 1e-3, 1.0, 100, 1000)
    assert ylabel(s, True).startswith("final loss − lowest (−7.9") or ylabel(s, True).startswith(
        "final loss − lowest (-7.9")
    assert "┃ critical η = 0.2378" in [label for label, _ in entries(s, PALETTE)]


def test_the_range_test_chart():
    t = range_test(parse_function("(x-2)**2"), [10.0])
    out = text(draw_range_test(t, 70, 20, PALETTE))
    assert "┤" in out and "┬" in out


def test_the_core_of_issue_5_does_not_import_plotext():
    code = (
        "import sys; import lrtui.analysis.sweep, lrtui.models.data, lrtui.models.linreg, lrtui.analysis.views, lrtui.analysis.formula;"
        "print('LOADED', [m for m in ('textual', 'plotext', 'rich') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
