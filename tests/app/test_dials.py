"""η and x0 as dials: ↑/↓ (shift: a decade) move the table's run's η on a ladder of round numbers,
, and . (< and > for y) move x0, a click on the chart puts x0 there; each recomputes at once."""

import numpy as np
import pytest
from app_helpers import make_app, settle
from textual.geometry import Offset
from textual.widgets import Input, Static

from lrtui.app.dials import eta_decade, eta_rung, nice_floor, nice_step, nudged, rounded
from lrtui.app.theme import CURRENT_MARKER
from lrtui.app.widgets.chart import Chart
from lrtui.app.widgets.run_status import RunStatus
from lrtui.app.widgets.step_table import StepTable
from lrtui.teaching.presets import preset

LADDER = [0.01, 0.012, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.08, 0.1, 0.12]


def frame(app):
    """The f chart's window, which the x0 dial's steps are a fortieth of."""
    return app.main.scene.frame(app.main.view.zoom, app.main.view.run)


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


def test_the_ladder_has_ten_round_rungs_a_decade():
    lr, seen = 0.01, [0.01]
    for _ in range(11):
        lr = eta_rung(lr, 1)
        seen.append(lr)
    assert seen == LADDER  # the floats nearest the decimals: 0.012, never 0.012000000000000002
    for _ in range(11):
        lr = eta_rung(lr, -1)
    assert lr == 0.01


@pytest.mark.parametrize("lr, up, down", [(0.07, 0.08, 0.06), (0.3 + 1e-16, 0.4, 0.3), (7e-5, 8e-5, 6e-5), (1.1, 1.2, 1.0)])
def test_off_the_ladder_the_first_press_goes_to_the_next_rung(lr, up, down):
    assert eta_rung(lr, 1) == up and eta_rung(lr, -1) == down


def test_a_decade_keeps_the_digits_and_the_ends_hold():
    assert eta_decade(0.07, 1) == 0.7 and eta_decade(0.012, -1) == 0.0012
    assert eta_rung(1e9, 1) == 1e9 and eta_decade(5e9, 1) == 5e9  # at or past the top: never down on ↑
    assert eta_rung(1e-9, -1) == 1e-9


def test_x0_moves_in_round_steps_and_lands_on_the_grid():
    assert nice_step(12.5) == 0.2 and nice_step(400) == 10.0
    assert nudged(10, 0.2, 1) == 10.2 and nudged(10, 0.2, -1) == 9.8
    assert nudged(10.03, 0.2, 1) == 10.2 and nudged(10.03, 0.2, -1) == 10.0
    assert nudged(-1.5, 0.2, 1) == -1.4
    assert rounded(3.41728, 0.37) == 3.4 and nice_floor(0.37) == 0.2


async def test_up_then_down_turns_the_eta_dial_and_recomputes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")
        await pilot.press("up")
        assert app.query_one("#lr", Input).value == "0.012, 0.1, 0.5"  # at once, before the result
        await settle(app, pilot)
        res = app.main.scene.result
        assert list(res.lrs) == [0.012, 0.1, 0.5] and res.x[0, 1, 0] == 10 - 0.012 * 16
        assert "η=0.012 · step 3 of 20" in app.query_one(StepTable).border_title  # the label follows, the step stays
        assert "η=0.012" in app.query_one(RunStatus).render().renderables[0].plain
        await pilot.press("down")
        await settle(app, pilot)
        assert list(app.main.scene.result.lrs) == [0.01, 0.1, 0.5]
        assert app.query_one("#lr", Input).value == "0.01, 0.1, 0.5" and app.main.view.step == 3


async def test_the_dial_turns_the_run_in_the_table_and_a_decade_with_shift():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "shift+up")
        await settle(app, pilot)
        assert list(app.main.scene.result.lrs) == [0.01, 1.0, 0.5]
        assert "η=1 " in app.query_one(StepTable).border_title
        await pilot.press("shift+down", "shift+down")
        await settle(app, pilot)
        assert list(app.main.scene.result.lrs) == [0.01, 0.01, 0.5]


async def test_held_down_the_dial_counts_every_press():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*["up"] * 5)  # faster than the results come back
        await settle(app, pilot)
        assert app.main.scene.result.lrs[0] == 0.03 and app.query_one("#lr", Input).value.startswith("0.03,")


async def test_the_step_is_kept_clamped_to_the_new_run_length():
    app = make_app(preset("quadratic").scenario.with_(lrs=(0.1,)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("shift+right")
        assert app.main.view.step == 10
        await pilot.press(*["up"] * 7)  # 0.1 → 0.12 … 0.4 → 0.5 = 1/f'': the minimum in one step
        await settle(app, pilot)
        assert app.main.scene.result.lrs[0] == 0.5 and app.main.view.last_step == 1 and app.main.view.step == 1


async def test_the_dial_says_when_it_reaches_its_end():
    app = make_app(preset("quadratic").scenario.with_(lrs=(1e9,), steps=5))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        await pilot.press("up")
        await settle(app, pilot)
        assert app.main.scene.result is before and "at the end of the dial" in message(app)


async def test_in_a_field_up_and_down_do_not_turn_the_dial():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.query_one("#x0", Input).focus()
        await pilot.press("up", "down", "shift+up")
        await settle(app, pilot)
        assert list(app.main.scene.result.lrs) == [0.01, 0.1, 0.5]


async def test_comma_and_full_stop_move_x0_by_a_fortieth_of_the_chart():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = frame(app)
        step = nice_step(box.xhi - box.xlo)
        assert 0.5 < 40 * step / (box.xhi - box.xlo) < 2
        await pilot.press("full_stop")
        assert app.query_one("#x0", Input).value == f"{10 + step:g}"
        await settle(app, pilot)
        assert app.main.scene.result.x[0, 0, 0] == 10 + step
        await pilot.press("comma")  # the window followed the paths; the dial's rungs stay put
        await settle(app, pilot)
        assert app.main.scene.result.x[0, 0, 0] == 10


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_x0_dial_undoes_itself(size):
    """, , . . at 120×40 went 10 → 9.5 → 9 → 9.2 → 9.5: the step followed the re-fitted window.
    On a ladder that stays put while dialling, it comes back to 10; typing x0 starts a new one."""
    app = make_app(preset("quadratic").scenario)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        seen = []
        for key in ("comma", "comma", "full_stop", "full_stop"):
            await pilot.press(key)
            await settle(app, pilot)
            seen.append(app.main.scene.result.x0[0])
        assert seen[1] < seen[0] < 10 and seen[2] == seen[0] and seen[3] == 10
        assert app.query_one("#x0", Input).value == "10"


async def test_y_keys_move_y0_of_f_x_y_and_say_why_not_otherwise():
    app = make_app(preset("bowl").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        box = frame(app)
        await pilot.press("greater_than_sign")
        await settle(app, pilot)
        assert tuple(app.main.scene.result.x0) == (3.0, nudged(1.0, nice_step(box.yhi - box.ylo), 1))
        assert app.main.scene.result.x0[1] > 1
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("less_than_sign")
        assert "f(x, y)" in message(app) and "one parameter" in message(app)


def marker_cell(chart) -> Offset:
    for y, strip in enumerate(chart.strips()):
        if CURRENT_MARKER in strip.text:
            return Offset(strip.text.index(CURRENT_MARKER), y)
    raise AssertionError("no current-step marker on the chart")


async def test_a_click_on_the_plane_puts_x0_there():
    """Clicking the cell where ● marks the start (3, 1) gives back (3, 1) within a cell, rounded."""
    app = make_app(preset("bowl").scenario.with_(steps=50))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#function-chart", Chart)
        cell = marker_cell(chart)
        x, y, dx, dy = chart.data_at(cell)
        assert abs(x - 3) <= dx and abs(y - 1) <= dy
        await pilot.click("#function-chart", offset=cell + (1, 1))  # +1: the border
        await settle(app, pilot)
        x0 = app.main.scene.result.x0
        assert abs(x0[0] - 3) <= dx and abs(x0[1] - 1) <= dy
        assert app.query_one("#x0", Input).value == f"{rounded(x, dx):g}, {rounded(y, dy):g}"


async def test_a_click_on_f_of_x_sets_x0_and_outside_the_plot_nothing():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#function-chart", Chart)
        cols = chart._canvas.area[0]
        target = Offset(cols.start + len(cols) // 4, 3)
        x, _, dx, _ = chart.data_at(target)
        await pilot.click("#function-chart", offset=target + (1, 1))
        await settle(app, pilot)
        assert app.main.scene.result.x0[0] == rounded(x, dx) and abs(rounded(x, dx) - x) <= dx
        before = app.main.scene.result
        assert chart.data_at(Offset(0, 3)) is None  # the y axis' labels
        await pilot.click("#function-chart", offset=(1, 4))
        await settle(app, pilot)
        assert app.main.scene.result is before


async def test_the_next_turns_are_computed_ahead_and_a_turn_takes_them_over(monkeypatch):
    """While the app waits for a key it computes the runs of the dials' next turns (↑ ↓ . ,): a
    turn then computes nothing, and shows exactly what computing it afresh gives."""
    import lrtui.teaching.scenario as computing

    app = make_app()
    calls = []
    real = computing.compute
    monkeypatch.setattr(computing, "compute", lambda scenario, *a, **k: calls.append(scenario) or real(scenario, *a, **k))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right", "right", "right")
        for key, lrs, x0 in (("up", [0.012, 0.1, 0.5], 10.0), ("full_stop", [0.012, 0.1, 0.5], None)):
            app.main.ahead.enabled = True
            calls.clear()
            app.main._compute_ahead()  # as it does once a result is on screen
            await settle(app, pilot)
            assert len(calls) >= 3  # the next turns: η up, η down (unless it was the one before), x0 either way
            app.main.ahead.enabled = False  # no more ahead: what is computed from here is the turn's
            calls.clear()
            await pilot.press(key)
            await settle(app, pilot)
            assert calls == []  # taken over, not computed
            res = app.main.scene.result
            assert list(res.lrs) == lrs and (x0 is None or res.x0[0] == x0)
            fresh = real(app.main.scenario)
            for name in ("x", "loss", "grad"):
                assert np.array_equal(getattr(res, name), getattr(fresh, name))
            assert [repr(a) for a in res.analysis] == [repr(a) for a in fresh.analysis]
        assert app.main.scenario.x0[0] > 10.0  # . moved x0 up
