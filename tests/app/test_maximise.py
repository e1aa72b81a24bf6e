"""m: the f chart and the step's formula line on the whole screen; m again: every panel back."""

from __future__ import annotations

import pytest
from app_helpers import make_app, settle

from lrtui.app.app import LrtuiApp
from lrtui.app.render import screen_text
from lrtui.teaching.lesson import load_lesson
from lrtui.teaching.presets import preset


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_m_maximises_the_f_chart_with_its_formula_line_and_m_restores(size):
    app = make_app(preset("wiggly").scenario)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        before = screen_text(app)
        chart = app.query_one("#function-chart")
        rows_before = chart.size.height
        await pilot.press("m")
        await pilot.pause()
        assert chart.outer_size.height == size[1] - 2  # the whole screen but the formula line and the footer
        assert chart.outer_size.width == size[0]
        for hidden in ("#form", "#loss-side", "#details"):
            assert not app.query_one(hidden).region.area, hidden
        text = screen_text(app)
        assert "x₁ = x₀ − η·f'(x₀)" in text  # the formula line stays
        await pilot.press("right")  # keys still step
        await pilot.pause()
        assert app.main.view.step == 1 and "x₂ = x₁ − η·f'(x₁)" in screen_text(app)
        await pilot.press("left", "m")
        await pilot.pause()
        app.set_focus(None)
        await pilot.pause()
        assert chart.size.height == rows_before and screen_text(app) == before


async def test_m_works_in_a_lesson_and_hides_the_note_too():
    app = LrtuiApp(plan=load_lesson("learning-rate"), scene=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert not app.query_one("#lesson").region.area
        assert app.query_one("#function-chart").size.height >= 20
        await pilot.press("pagedown")  # the lesson goes on, maximised
        await settle(app, pilot)
        assert app.main.index == 1 and app.query_one("#function-chart").size.height >= 20
        await pilot.press("pagedown")  # a scene that asks: its question shows, m waits for the answer
        await settle(app, pilot)
        assert app.main.index == 2 and not app.main.maximised and app.query_one("#lesson").region.area
        await pilot.press("m")
        assert not app.main.maximised
