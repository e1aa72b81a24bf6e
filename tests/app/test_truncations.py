"""Nothing is cut where a shorter form would fit (issue 18, defect 6): the key bar of a lesson at
80×24, the regression's chart titles at 120×40, the model's line beside its fixed field."""

from __future__ import annotations

import pytest
from app_helpers import make_app, settle

from lrtui.app.app import LrtuiApp
from lrtui.app.render import screen_text
from lrtui.teaching.lesson import load_lesson
from lrtui.teaching.presets import preset

LESSON = load_lesson("learning-rate")


def footer(app) -> str:
    return screen_text(app).splitlines()[-1].rstrip()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
@pytest.mark.parametrize("scene", [4, 5])  # the regression (v plane) and the schedule (g η_k)
async def test_a_lesson_s_key_bar_fits_whole_keys_and_keeps_pgdn(size, scene):
    app = LrtuiApp(plan=LESSON, scene=scene)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        await pilot.pause()
        if LESSON.scenes[scene].ask is not None:  # its question's keys first, the usual ones once answered
            line = footer(app)
            assert "PgDn next" in line and line.endswith("⏎ answer r reveal"), line
            await pilot.press("r")
            await settle(app, pilot)
            await pilot.pause()
        line = footer(app)
        assert line.endswith("PgDn next"), line  # was "… g η_k PgDn ne"
        assert "? help" in line and "step" in line


async def test_the_key_bar_gives_way_whole_keys_on_a_narrow_screen():
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(app, pilot)
        await pilot.pause()
        line = footer(app)
        assert not line.endswith(" w") and "w sweep" not in line  # w went whole (it is in ? help)
        assert "? help" in line


async def test_the_regression_s_titles_fit_at_120x40():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for chart in ("#regression-chart", "#function-chart"):
            title = str(app.query_one(chart).border_title)
            assert title and "…" not in title, title
        assert "least squares ŷ = 2.99x + 2" in str(app.query_one("#regression-chart").border_title)


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_the_model_s_line_is_never_cut(size):
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        text = str(app.query_one("#derivative").render())
        assert text.startswith("model: linreg") and "…" not in text and "ctrl+p" in text, text
