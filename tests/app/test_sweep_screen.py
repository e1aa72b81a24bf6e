"""The sweep screen: opens on w, computes in a worker, shows critical/suggested η, adopts an η, closes."""

from app_helpers import make_app, settle

from lrtui.app.screens.sweep import SweepScreen


async def open_sweep(app, pilot):
    await settle(app, pilot)
    await pilot.press("w")
    await settle(app, pilot)
    assert isinstance(app.screen, SweepScreen)
    return app.screen


async def test_the_sweep_shows_critical_and_suggested_eta_and_escape_closes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sweep(app, pilot)
        summary = str(screen.query_one("#sweep-summary").content)
        assert "critical η = 2/f''(x*) = 1" in summary
        assert "suggested η = 0.495" in summary
        before = screen.cursor
        await pilot.press("right")
        assert screen.cursor == before + 1
        assert f"({before + 2} of 200)" in str(screen.query_one("#sweep-cursor").content)
        await pilot.press("r")
        assert "steep η" in str(screen.query_one("#sweep-summary").content)
        await pilot.press("escape")
        assert not isinstance(app.screen, SweepScreen)
        assert list(app.main.scene.result.lrs) == [0.01, 0.1, 0.5]


async def test_adopting_an_eta_adds_it_to_the_field_and_recomputes():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sweep(app, pilot)
        await pilot.press("a")  # the cursor starts on the suggested η
        await settle(app, pilot)
        assert not isinstance(app.screen, SweepScreen)
        assert 0.495 in list(app.main.scene.result.lrs)
        assert app.main.form.text("lr").replace(" ", "").endswith("0.495")


async def test_a_function_with_no_minimum_says_so_plainly():
    """f(x) = x has no minimum: no critical η, no suggestion, a plain sentence and no crash."""
    from lrtui.teaching.scenario import Scenario

    app = make_app(Scenario.from_text(preset="quadratic", function="x"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sweep(app, pilot)
        summary = str(screen.query_one("#sweep-summary").content)
        assert "no critical η (no minimum with curvature found)" in summary
        assert "lowest final loss at η = 50 (the largest η swept: f may fall without end)" in summary
        assert "half the critical η" not in summary and "could not" not in summary
        legend = str(screen.query_one("#sweep-legend").content).replace("\u00a0", " ")
        assert "lowest loss at η = 50" in legend and "suggested" not in legend
        await pilot.press("right", "s", "r", "r", "a")
        await settle(app, pilot)
        assert app.is_running


async def test_ctrl_q_quits_from_the_sweep_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_sweep(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_a_bug_while_sweeping_is_one_line_and_its_traceback_goes_to_the_log(monkeypatch, tmp_path):
    import lrtui.analysis.sweep

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(lrtui.analysis.sweep, "sweep", broken)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sweep(app, pilot)
        summary = str(screen.query_one("#sweep-summary").content)
        assert summary.startswith("could not sweep: boom (a bug; traceback in") and app.is_running
        assert "ZeroDivisionError: boom" in (tmp_path / "lrtui" / "errors.log").read_text()


async def test_the_sweep_of_a_million_step_scenario_works():
    """w on the longest scenario the app accepts: 200 η × 1,000,000 steps, each run's end kept only."""
    from lrtui.teaching.presets import preset

    app = make_app(preset("quadratic").scenario.with_(steps=1_000_000))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_sweep(app, pilot)
        assert screen.sweep is not None and screen.sweep.lrs.size == 200
        summary = str(screen.query_one("#sweep-summary").content)
        assert "critical η = 2/f''(x*) = 1" in summary and "could not" not in summary
