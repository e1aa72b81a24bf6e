"""Every key, with its visible effect, driving the real app headless."""

from app_helpers import highlighted, make_app, settle
from textual.command import CommandPalette
from textual.widgets import Input, Static

from lrtui.app.player import SPEEDS, Player
from lrtui.app.render import screen_text
from lrtui.app.screens.help import HelpScreen
from lrtui.app.screens.main import MainScreen
from lrtui.app.widgets.chart import Chart
from lrtui.app.widgets.run_status import RunStatus
from lrtui.app.widgets.step_table import StepTable
from lrtui.teaching.presets import preset


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


async def test_starts_on_the_first_run_at_step_0():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(StepTable)
        assert "η=0.01 · step 0 of 20" in table.border_title
        assert highlighted(table).split()[:2] == ["0", "10"]
        assert "▶ o η=0.01" in app.query_one(RunStatus).render().renderables[0].plain


async def test_arrows_step_one_and_shift_arrows_ten():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(StepTable)
        await pilot.press("right", "right")
        assert "step 2 of 20" in table.border_title
        assert highlighted(table).split()[:2] == ["2", "9.6832"]
        await pilot.press("left")
        assert app.main.view.step == 1
        await pilot.press("shift+right")
        assert "step 11 of 20" in table.border_title
        await pilot.press("shift+left", "shift+left")
        assert app.main.view.step == 0


async def test_home_and_end_jump_to_the_first_and_last_step():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("end")
        assert app.main.view.step == 20
        assert "step 20 of 20" in app.query_one(StepTable).border_title
        await pilot.press("home")
        assert app.main.view.step == 0


async def test_past_its_stop_a_run_stays_frozen_at_its_last_record():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket", "right_square_bracket", "end")  # η = 0.5 stopped at 1
        table = app.query_one(StepTable)
        assert "η=0.5 · step 20 of 20 (stopped at 1)" in table.border_title
        assert highlighted(table).split()[:2] == ["1", "2"]


async def test_brackets_select_the_run_in_the_table():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(StepTable)
        await pilot.press("right_square_bracket")
        assert "η=0.1" in table.border_title
        assert "▶ x η=0.1" in app.query_one(RunStatus).render().renderables[2].plain
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "η=0.5" in table.border_title


async def test_l_toggles_the_log_scale_in_the_chart_title():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#loss-chart", Chart)
        assert "linear" in chart.border_title
        await pilot.press("l")
        assert "log" in chart.border_title and "0 at the bottom" in chart.border_title
        await pilot.press("l")
        assert "linear" in chart.border_title


async def test_space_plays_and_pauses_and_plus_minus_change_the_speed():
    app = make_app(preset("quadratic").scenario.with_(steps=2000, tol=0))  # never ends while we look
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.query_one(StepTable)
        assert table.border_subtitle == "⏸ paused"
        await pilot.press("space")
        assert app.main.player.playing
        assert table.border_subtitle == "▶ playing · 10 steps/s"
        await pilot.press("plus")
        assert table.border_subtitle == "▶ playing · 20 steps/s"
        await pilot.press("minus", "minus")
        assert table.border_subtitle == "▶ playing · 5 steps/s"
        await pilot.press("space")
        assert not app.main.player.playing and table.border_subtitle == "⏸ paused · 5 steps/s"


def test_the_player_advances_by_strides_from_a_textual_timer():
    ticks, moved = [], []

    class FakeTimer:
        def stop(self):
            ticks.append("stopped")

    def set_interval(interval, callback):
        ticks.append(interval)
        ticks.append(callback)
        return FakeTimer()

    player = Player(set_interval, lambda n: moved.append(n) or len(moved) < 2)
    player.level = SPEEDS.index(200)  # strides of 10 steps at 20 frames a second
    player.start()
    interval, tick = ticks[0], ticks[1]
    assert abs(interval - 0.05) < 1e-12
    tick()
    tick()  # the advance says there is no more: the player stops
    assert moved == [10, 10] and not player.playing


async def test_stepping_keys_work_whichever_panel_has_focus():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for i, panel in enumerate(("#function-chart", "#loss-chart", "#step-table", "#run-status"), start=1):
            app.query_one(panel).focus()
            await pilot.press("right")
            assert app.main.view.step == i


async def test_tab_moves_between_fields_and_panels():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen = set()
        for _ in range(16):  # every field (σ and trials too), then the panels
            await pilot.press("tab")
            seen.add(app.focused.id)
        assert {"function", "lr", "x0", "steps", "function-chart", "loss-chart", "step-table", "run-status"} <= seen
        await pilot.press("shift+tab")
        assert app.focused is not None


async def test_f_jumps_to_the_function_and_keys_then_type_and_escape_leaves():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        field = app.query_one("#function", Input)
        assert app.focused is field
        await pilot.press("end", "space", "q", "left", "l", "up", "w")
        assert field.value == "(x-2)**2 lwq"  # typed, nothing quit, no step taken, no log scale, no dial
        assert app.main.view.step == 0 and not app.main.view.log_scale and app.is_running
        assert list(app.main.scene.result.lrs) == [0.01, 0.1, 0.5] and app.screen is app.main
        await pilot.press("escape")  # leaves without applying: the field shows what is applied again
        assert not isinstance(app.focused, Input) and field.value == "(x-2)**2"
        await settle(app, pilot)
        assert app.main.scene.result.problem.text == "(x-2)**2"
        await pilot.press("right")
        assert app.main.view.step == 1


async def test_question_mark_opens_the_help_and_escape_closes_it():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_help_lists_every_key_from_the_bindings_and_reaches_its_end_at_80x24():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body")
        rows = [row for _, rows in app.screen.sections for row in rows]
        for b in MainScreen.BINDINGS:
            if b.tooltip:  # every documented binding has its row
                assert any(b.tooltip == what for _, what in rows), b.key
        keys = {k for k, _ in rows}
        assert {"ctrl+q", "ctrl+p", "Escape", "Enter", ", / .", "shift+↑ / shift+↓", "a / Enter"} <= keys
        assert body.max_scroll_y > 0  # it does not fit 80×24: it scrolls, at once (focused)
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()
        assert body.scroll_y == body.max_scroll_y
        assert "leaves." in screen_text(app)  # the last words of the help are on screen


async def test_ctrl_p_opens_the_palette_with_presets():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"preset: wiggly", "enter")
        await settle(app, pilot)
        assert app.main.scene.result.problem.text == "x**2 + 10*sin(x)"
        assert app.query_one("#function", Input).value == "x**2 + 10*sin(x)"


async def test_enter_applies_and_hands_the_keys_back_so_right_steps_at_once():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "end", *" + 1", "enter")
        assert not isinstance(app.focused, Input)
        await pilot.press("right")
        await settle(app, pilot)
        assert app.main.scene.result.problem.text == "(x-2)**2 + 1"
        assert app.main.view.step == 1 and "step 1 of 20" in app.query_one(StepTable).border_title


async def test_enter_goes_back_to_the_panel_that_had_the_keys():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.query_one(RunStatus).focus()
        await pilot.press("f", "enter")
        assert app.focused is app.query_one(RunStatus)


async def test_ctrl_q_quits_from_a_field():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_q_quits_from_the_help():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark", "ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_ctrl_c_in_a_field_says_how_to_quit():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f", "end", "ctrl+c")
        await pilot.pause()
        assert "ctrl+q" in list(app._notifications)[-1].message and app.is_running


async def test_in_a_field_the_footer_offers_what_works_there():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        shown = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"apply", "leave", "quit"} <= shown and not shown & {"step", "η", "play", "log", "help"}


async def test_g_says_why_without_a_schedule_and_shows_in_the_footer_with_one():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "g" not in {k for k, b in app.screen.active_bindings.items() if b.binding.show}
        await pilot.press("g")
        assert "η is constant here" in message(app)
        await pilot.press("ctrl+p", *"preset: step-decay", "enter")
        await settle(app, pilot)
        assert app.screen.active_bindings["g"].binding.description == "η_k"


async def test_v_says_why_when_it_does_not_apply():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        assert "not a regression" in message(app)
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("v")
        assert "both are shown" in message(app)


async def test_q_quits():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_click_on_a_run_selects_it():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        status = app.query_one(RunStatus)
        row = status._line_runs.index(2)
        await pilot.click(RunStatus, offset=(3, row + 1))  # +1: the border
        assert app.main.view.run == 2


async def test_the_help_names_the_regimes_in_the_verdicts_words():
    """It said η < 1/f'' "creeps in from one side" where the verdicts say "converges"."""
    from lrtui.analysis.verdicts import regime

    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        about = " ".join(str(app.screen.query_one("#help-about").render()).split())
    assert "creeps" not in about
    for r in (0.5, 0.95, -0.5, -1.0, -1.5):
        assert regime(r) in about
    assert "η < 1/f''(x*) converges from one side" in about
