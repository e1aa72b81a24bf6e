"""The view: step cursor, selected run, scale, the f chart's window (z) and trail (t) over a finished result."""

from lrtui.app.view import View
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import compute


def quadratic():
    return compute(preset("quadratic").scenario)  # stopped_at = [20, 20, 1]


def test_starts_at_step_0_on_the_first_run():
    view = View(quadratic())
    assert (view.step, view.run, view.last_step) == (0, 0, 20)


def test_the_cursor_stays_within_0_and_the_last_step():
    view = View(quadratic())
    assert view.moved(-1).step == 0
    assert view.moved(10).moved(10).moved(10).step == 20
    assert view.at(999).step == 20


def test_a_stopped_run_is_frozen_at_its_last_record():
    view = View(quadratic()).at(7)
    assert view.run_step(2) == 1  # η = 0.5 converged at step 1
    assert view.run_step(0) == 7


def test_selecting_runs_wraps_around():
    view = View(quadratic())
    assert view.selected(-1).run == 2
    assert view.selected(1).selected(1).selected(1).run == 0


def test_a_new_result_keeps_the_step_and_the_end_stays_at_the_end():
    res = quadratic()
    other = compute(preset("quadratic").scenario.with_(steps=30))
    assert View(res).at(5).showing(other).step == 5
    assert View(res).at(20).showing(other).step == 30
    short = compute(preset("quadratic").scenario.with_(lrs=(0.1,)))
    assert View(res).selected(2).showing(short).run == 0


def test_views_compare_by_the_very_result_never_by_its_arrays():
    res = quadratic()
    twin = compute(preset("quadratic").scenario)
    twin.problem = res.problem  # equal fields up to the arrays: comparing them must not be tried
    assert View(res) == View(res) and View(res) != View(twin)
    assert View(res).moved(1) != View(res)


def test_z_cycles_the_f_chart_s_views_and_t_toggles_the_trail():
    view = View(quadratic())
    assert view.zoom == "landscape" and view.trail
    assert [view.zoomed().zoom, view.zoomed().zoomed().zoom, view.zoomed().zoomed().zoomed().zoom] == [
        "path", "wide", "landscape"]
    assert view.zoomed("wide").zoom == "wide" and view.zoomed() != view
    assert not view.trailing(False).trail and view.trailing(False) != view


async def test_the_keys_change_the_view_the_chart_and_its_title():
    from app_helpers import make_app, settle

    from lrtui.app.widgets.chart import Chart

    app = make_app(preset("wiggly").scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#function-chart", Chart)
        landscape = [s.text for s in chart.strips()]
        await pilot.press("z")
        assert app.main.view.zoom == "path" and str(chart.border_title).endswith("· path")
        await pilot.press("z")
        assert app.main.view.zoom == "wide" and str(chart.border_title).endswith("· wide")
        assert [s.text for s in chart.strips()] != landscape
        assert app.main.scene.frame("wide").xlo < -1.31 < app.main.scene.frame("landscape").xlo  # the global minimum
        await pilot.press("z", "end")
        faded = chart.strips()
        await pilot.press("t")
        assert not app.main.view.trail and chart.strips() != faded  # every step in full now
