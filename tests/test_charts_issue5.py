"""The standalone chart builders (contour, sweep, range test, regression), built into plotext."""

import subprocess
import sys

import numpy as np
import plotext
import pytest

from lrtui.app.charts.contour import Window, clip_path, draw_contour, thin, window
from lrtui.app.charts.regression import clip_line, draw_regression
from lrtui.app.charts.sweep import draw_range_test, draw_sweep
from lrtui.expr import parse_function
from lrtui.presets import PRESETS
from lrtui.scenario import compute
from lrtui.sweep import range_test, sweep


@pytest.fixture
def plt():
    plotext.clear_figure()
    plotext.plot_size(100, 30)
    plotext.theme("clear")
    yield plotext
    plotext.clear_figure()


def text(plt) -> str:
    return plt.uncolorize(plt.build())


def test_contour_of_the_bowl_has_levels_paths_and_the_minimum(plt):
    res = compute(PRESETS["bowl"].scenario)
    box = draw_contour(plt, res)
    out = text(plt)
    for label in ("η=0.01", "η=0.09", "η=0.11", "x* (0, 0)"):
        assert label in out
    assert "x**2 + 10*y**2" in out
    assert box.x0 < 0 < 3 < box.x1 and box.y0 < 0 < 1 < box.y1
    assert box.y1 < 10  # the diverging run does not blow the window up
    assert "▞" in out or "▚" in out  # hd marks (no braille)
    assert not any(0x2800 <= ord(c) <= 0x28FF for c in out)


def test_contour_at_a_step_draws_paths_so_far(plt):
    res = compute(PRESETS["rosenbrock"].scenario)
    draw_contour(plt, res, step=10, title="step 10")
    out = text(plt)
    assert "step 10" in out and "η=0.0005" in out and "x* (1, 1)" in out


def test_contour_of_the_saddle_marks_it(plt):
    res = compute(PRESETS["saddle"].scenario)
    draw_contour(plt, res)
    out = text(plt)
    assert "saddle (0, 0)" in out and "η=0.01" in out


def test_contour_of_the_regression_loss_over_w_and_b(plt):
    res = compute(PRESETS["linreg"].scenario)
    draw_contour(plt, res)
    out = text(plt)
    assert "x* (2.987, 1.999)" in out and "η=0.1" in out


def test_contour_refuses_one_parameter(plt):
    res = compute(PRESETS["quadratic"].scenario)
    with pytest.raises(ValueError, match="two parameters"):
        draw_contour(plt, res)


def test_clip_path_keeps_only_what_is_inside():
    box = Window(0.0, 1.0, 0.0, 1.0)
    P = np.array([[0.5, 0.5], [0.5, 2.0], [0.5, 0.2], [0.2, 0.2], [5.0, 5.0]])
    chains = clip_path(P, box)
    assert len(chains) == 2
    np.testing.assert_allclose(chains[0], [[0.5, 0.5], [0.5, 1.0]])
    np.testing.assert_allclose(chains[1], [[0.5, 1.0], [0.5, 0.2], [0.2, 0.2], [1.0, 1.0]])
    for c in chains:
        assert box.contains(c).all()
    assert clip_path(np.array([[5.0, 5.0], [6.0, 6.0]]), box) == []
    assert thin(np.array([[0.0, 0.0], [0.001, 0.0], [0.002, 0.0], [0.9, 0.9]]), box, (10, 10)).shape == (2, 2)


def test_window_ignores_a_runaway_run():
    res = compute(PRESETS["saddle"].scenario)
    box = window(res)
    assert box.y1 < 5 and box.x1 < 3


def test_sweep_chart_has_status_groups_and_both_lines(plt):
    s = sweep(parse_function("(x-2)**2"), [10.0], 0.01, 2.0, 40, 100)
    draw_sweep(plt, s)
    out = text(plt)
    assert "converged" in out and "diverged (drawn at the top)" in out
    assert "critical η = 1" in out and f"suggested η = {s.suggested_lr:.4g}" in out
    assert "η" in out and "final loss" in out


def test_sweep_chart_with_negative_losses_draws_the_distance_to_the_lowest(plt):
    s = sweep(parse_function("x**2 + 10*sin(x)"), [3.0], 1e-3, 1.0, 100, 1000)
    draw_sweep(plt, s)
    out = text(plt)
    assert "critical η = 0.2378" in out and "final loss − lowest (-7.9" in out


def test_range_test_chart(plt):
    t = range_test(parse_function("(x-2)**2"), [10.0])
    draw_range_test(plt, t)
    out = text(plt)
    assert "loss" in out and "smoothed (β = 0.98)" in out and f"steep η = {t.steep_lr:.4g}" in out


def test_regression_chart_has_data_lines_and_the_fit(plt):
    res = compute(PRESETS["linreg"].scenario)
    draw_regression(plt, res, step=50)
    out = text(plt)
    assert "data (100 points)" in out and "least squares ŷ = 2.99x + 2" in out
    w, b = res.x[2, 50]
    assert f"η=0.1: ŷ = {w:.3g}x + {b:.3g}" in out
    assert "η=0.001" in out  # its line is below the data: the window grows to show it


def test_regression_chart_skips_a_line_far_off_the_chart(plt):
    res = compute(PRESETS["linreg"].scenario.with_(lrs=(0.1, 3.0), epochs=None, steps=60))
    draw_regression(plt, res)
    out = text(plt)
    assert "η=0.1" in out and "η=3" not in out


def test_clip_line():
    assert clip_line(1.0, 0.0, 0.0, 1.0, 0.0, 0.5) == ([0.0, 0.5], [0.0, 0.5])
    assert clip_line(0.0, 2.0, 0.0, 1.0, 0.0, 1.0) is None
    assert clip_line(0.0, 0.5, 0.0, 1.0, 0.0, 1.0) == ([0.0, 1.0], [0.5, 0.5])


def test_the_chart_modules_do_not_import_textual():
    code = (
        "import sys; import lrtui.app.charts.contour, lrtui.app.charts.sweep, lrtui.app.charts.regression;"
        "import lrtui.sweep, lrtui.data, lrtui.models.linreg;"
        "print('LOADED', [m for m in ('textual', 'textual_plotext', 'rich') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr


def test_the_core_of_issue_5_does_not_import_plotext():
    code = (
        "import sys; import lrtui.sweep, lrtui.data, lrtui.models.linreg;"
        "print('LOADED', [m for m in ('textual', 'plotext', 'rich') if m in sys.modules])"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "LOADED []" in proc.stdout, proc.stdout + proc.stderr
