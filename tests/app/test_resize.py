"""From 120×40 down to 40×12 and back: panels give way to a clear message, then return."""

import pytest
from app_helpers import make_app, settle
from textual.widgets import Footer

from lrtui.app.render import screen_text
from lrtui.app.widgets.step_table import StepTable


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (60, 20)])
async def test_every_panel_shows_at_usual_sizes(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        for words in ("f(x) = (x − 2)²", "loss · linear", "step 0 of 20", "runs", "f'(x) = 2x − 4"):
            assert words in text, words
        assert not app.query_one("#too-small").display


async def test_down_to_40x12_and_back():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for w, h in [(100, 30), (80, 24), (59, 24), (60, 19), (40, 12)]:
            await pilot.resize_terminal(w, h)
            await pilot.press("right")  # keys keep working whatever the size
        await pilot.pause()
        assert app.query_one("#too-small").display
        assert "enlarge the terminal (need ≥ 60×20)" in screen_text(app)
        assert app.query_one(Footer).display
        for w, h in [(60, 20), (80, 24), (120, 40)]:
            await pilot.resize_terminal(w, h)
        await pilot.pause()
        assert not app.query_one("#too-small").display
        text = screen_text(app)
        assert "step 5 of 20" in text and "f(x) = (x − 2)²" in text
        assert app.query_one(StepTable).size.height > 5
