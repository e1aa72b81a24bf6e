"""Themes and NO_COLOR: the light theme is registered; without colour every panel still draws."""

from app_helpers import make_app, settle

from lrtui.app.render import screen_text
from lrtui.app.theme import LIGHT, run_colour, run_marker
from lrtui.teaching.presets import preset


async def test_no_color_draws_every_panel(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(preset("overshoot").scenario)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.no_color
        await pilot.press("shift+right", "l", "right_square_bracket")
        await pilot.resize_terminal(40, 12)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "1.1 (diverged)" in text and "loss · log" in text


async def test_the_light_theme_recolours_the_charts():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert LIGHT.name in app.available_themes
        app.theme = LIGHT.name
        await pilot.pause()
        chart = app.query_one("#function-chart")
        colours = {tuple(seg.style.color.get_truecolor()) for strip in chart.strips() for seg in strip
                   if seg.style.color}
        assert run_colour(0, dark=False) in colours


def test_runs_differ_by_marker_as_well_as_colour():
    assert len({run_marker(r) for r in range(8)}) == 8
    assert len({run_colour(r, True) for r in range(8)}) == 8
    assert len({run_colour(r, False) for r in range(8)}) == 8


async def test_without_colour_a_character_says_whether_f_went_down_or_up(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(preset("wiggly").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*["right"] * 5)  # x₅ = 4.147 → x₆ = 3.266: left, and f goes up
        await pilot.pause()
        text = screen_text(app)
        assert "↖" in text and not any(c in text for c in "↘↙↗")
        assert "3.26618; f ↑" in text  # the step's line keeps what f did, even at 80 columns
        await pilot.press("right")  # x₆ → x₇ = 4.283: right, and f goes down
        await pilot.pause()
        assert "↘" in screen_text(app) and "f ↓" in screen_text(app)
