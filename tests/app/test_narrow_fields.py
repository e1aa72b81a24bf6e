"""At 80×24 a long schedule stays readable: short fields keep their text, the focused field's
whole text is in the message line, and the run status never breaks inside ``gamma=0.5``."""

from app_helpers import make_app, settle
from textual.widgets import Input, Static

from lrtui.app.format import wrap_words
from lrtui.app.render import screen_text
from lrtui.presets import preset


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


async def test_step_decay_fields_and_status_at_80x24():
    p = preset("step-decay")
    app = make_app(p.scenario, lesson=p.lesson)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for name in ("lr", "x0", "steps", "tol", "optimizer"):
            field = app.query_one(f"#{name}", Input)
            assert field.content_size.width >= len(field.value), name
        sched = app.query_one("#schedule", Input)
        assert sched.content_size.width >= 16  # the long one gets the room the short ones leave
        sched.focus()
        await pilot.pause()
        assert message(app) == "sched = step:step_size=10,gamma=0.5"
        await pilot.press("escape")
        await pilot.pause()
        assert message(app) == p.lesson  # back to the lesson once the field is left
        text = screen_text(app)
        assert "gamma=0.\n" not in text.replace(" ", "").replace("│", "")


def test_wrap_words_breaks_at_spaces_and_commas_only():
    line = "sgd with step:step_size=10,gamma=0.5: converged at step 11"
    assert wrap_words(line, 30) == ["sgd with step:step_size=10,", "gamma=0.5: converged at step", "11"]
    assert wrap_words("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_words("", 5) == [""]
