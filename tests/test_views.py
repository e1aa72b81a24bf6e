"""The f chart's three windows (landscape, path, wide), worked out in the core from a Result."""

import math

import numpy as np
import pytest

from lrtui.analysis.views import VIEWS, bounded_runs, landscape, other_minima, path, wide, window
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario, compute


def quadratic():
    return compute(preset("quadratic").scenario)  # (x-2)^2 from 10, η = 0.01, 0.1, 0.5


def margins(lo, hi, inner_lo, inner_hi):
    """The room left and right of [inner_lo, inner_hi] in [lo, hi], as fractions of the width."""
    width = hi - lo
    return (inner_lo - lo) / width, (hi - inner_hi) / width


def test_the_landscape_holds_x0_the_minimum_and_every_visited_point_with_a_tenth_each_side():
    res = quadratic()
    lo, hi = landscape(res)
    # the runs cover [2, 10]; the other side of the bowl adds half that width on the left
    # (toward 2·x* − x0 = −6, where f would be as high as f(x0)); then 10 % either side
    assert (lo[0], hi[0]) == pytest.approx((-3.2, 11.2))
    left, right = margins(lo[0], hi[0], -2.0, 10.0)
    assert left == pytest.approx(1 / 12) and right == pytest.approx(1 / 12)  # 10 % of the inner width
    assert 0.25 < (2.0 - lo[0]) / (hi[0] - lo[0]) < 0.4  # x* well inside: a whole bowl, not half of one
    box = window(res)
    assert box.ylo < 0 < 64 < box.yhi  # the bottom of the bowl and f(x0)


def test_the_other_side_of_a_well_never_raises_the_picture():
    res = compute(preset("trap").scenario)  # x0 = 2.5; the global minimum near −1.47 has a steep left wall
    lo, hi = landscape(res)
    bounded = bounded_runs(res)
    top = max(float(res.loss[r, : int(res.stopped_at[r]) + 1].max()) for r in range(res.runs) if bounded[r])
    inner = (lo[0] + 0.1 * (hi[0] - lo[0]) / 1.2, hi[0])
    assert res.problem.loss(np.array([[inner[0]]]))[0] <= top  # the left wall shown no higher than the runs went
    assert lo[0] < -1.47 - 1.0  # but the well around the global minimum is shown whole


def test_with_two_parameters_the_landscape_adds_no_other_side():
    res = compute(preset("bowl").scenario)
    lo, hi = landscape(res)
    assert lo[0] > -1.0  # x from 0 (x*) to 3 (x0) with margins, not mirrored to −3


def test_the_wiggly_landscape_holds_the_cycle_and_the_local_minimum():
    res = compute(preset("wiggly").scenario)
    lo, hi = landscape(res)
    xs = res.x[0, : int(res.stopped_at[0]) + 1, 0]
    xstar = res.analysis[0].minimum[0]
    inner_lo, inner_hi = min(xs.min(), xstar), max(xs.max(), xstar)
    left, right = margins(lo[0], hi[0], inner_lo, inner_hi)
    assert left >= 0.1 * (inner_hi - inner_lo) / (hi[0] - lo[0]) - 1e-12 and right > 0
    assert lo[0] < 2.9 and hi[0] > 4.3 and lo[0] > 2.5  # the 4-cycle 2.96 … 4.28, not the global minimum


def test_a_diverged_run_does_not_stretch_the_landscape():
    res = compute(Scenario.of("(x-2)**2", (10.0,), (0.1, 1.5), 60))
    assert bounded_runs(res) == [True, False]
    lo, hi = landscape(res)
    assert (lo[0], hi[0]) == pytest.approx((-3.2, 11.2), abs=0.01)  # as without the diverging run


def test_the_path_view_fits_the_selected_run():
    res = quadratic()
    lo, hi = path(res, 1)  # η = 0.1: 10 → 2.09 in 20 steps
    xs = res.x[1, :21, 0]
    assert lo[0] < xs.min() < xs.max() < hi[0]
    width = hi[0] - lo[0]
    assert (xs.min() - lo[0]) / width == pytest.approx(1 / 12)
    assert hi[0] - lo[0] < 10.8 - 1.2
    lo2, hi2 = path(res, 0)  # η = 0.01 moves only from 10 to 7.3: a narrower window
    assert hi2[0] - lo2[0] < hi[0] - lo[0] and lo2[0] > 6


def test_the_wide_view_of_wiggly_shows_the_global_minimum():
    res = compute(preset("wiggly").scenario)
    lo, hi = wide(res)
    (found,) = other_minima(res.problem, *landscape(res))  # only on the left: none to the right
    assert found[0] == pytest.approx(-1.30644, abs=1e-5)
    assert lo[0] < found[0] - 0.09 * (hi[0] - lo[0])  # off the frame by the margin
    assert hi[0] - lo[0] >= 4 * (landscape(res)[1][0] - landscape(res)[0][0]) - 1e-9


def test_the_wide_view_without_another_minimum_is_four_landscape_widths():
    res = quadratic()
    (llo,), (lhi,) = landscape(res)
    (wlo,), (whi,) = wide(res)
    assert whi - wlo == pytest.approx(4 * (lhi - llo))
    assert (wlo + whi) / 2 == pytest.approx((llo + lhi) / 2)


def test_another_minimum_beyond_a_hundred_widths_is_not_sought():
    res = compute(Scenario.of("(x-2)**2 * ((x+2000)**2 + 1)", (3.0,), (0.0001,), 5))
    assert other_minima(res.problem, *landscape(res)) == []


def test_two_parameters_set_the_contour_window_in_each_view():
    res = compute(preset("bowl").scenario)
    box = window(res, "landscape")
    assert box.xlo < 0 < 3 < box.xhi and box.ylo < 0 < 1 < box.yhi
    assert (0 - box.xlo) / box.width == pytest.approx(1 / 12)
    wide_box = window(res, "wide")
    assert wide_box.width == pytest.approx(4 * box.width) and wide_box.height == pytest.approx(4 * box.height)
    assert window(res, "path", 0).width < box.width  # η = 0.01 has not reached x* yet


def test_the_wide_contour_finds_the_other_valley():
    res = compute(Scenario.of("(x**2 - 1)**2 + y**2", (1.5, 0.5), (0.01,), 300))
    box = window(res, "landscape")
    assert box.xlo > 0  # the run stays in the valley at (1, 0)
    wide_box = window(res, "wide")
    assert wide_box.xlo < -1 < wide_box.xhi


@pytest.mark.parametrize("x0", [1e15, 1e154, 1e308, -1.7e308])
def test_windows_near_the_float_limit_are_finite(x0):
    with np.errstate(all="ignore"):
        res = compute(Scenario.of("(x-2)**2", (x0,), (0.1,), 20))
    for view in VIEWS:
        box = window(res, view)
        assert all(math.isfinite(v) for v in (box.xlo, box.xhi, box.ylo, box.yhi))
        assert box.xlo <= x0 <= box.xhi


def test_an_unknown_view_is_refused():
    with pytest.raises(ValueError, match="landscape, path, wide"):
        window(quadratic(), "zoom")
