"""The function field's as-you-type checks go to the symbolic worker; the newest keystroke wins."""

from app_helpers import make_app, settle
from textual.widgets import Input, Static

SLOW = "tanh(tan(tanh(x^(-2.5)))) * tanh(tan(tanh(y^(-2.5))))"  # about 0.4 s of sympy


async def checked(app, pilot) -> None:
    """Wait for every check, superseded ones too (settle's wait would raise on a cancelled one)."""
    for _ in range(400):  # at most 20 s
        if not list(app.workers):
            break
        await pilot.pause(0.05)
    await settle(app, pilot)


async def function_field(app, pilot) -> Input:
    """The f(x) field, focused, once the first result is on screen."""
    await settle(app, pilot)
    field = app.query_one("#function", Input)
    field.focus()
    return field


async def typed(text: str) -> tuple[str, str, bool]:
    """What the f(x) field and the message line show once ``text`` is typed and checked."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        field = await function_field(app, pilot)
        field.value = text
        await checked(app, pilot)
        return shown(app)


def shown(app) -> tuple[str, str, bool]:
    field = app.query_one("#function", Input)
    return (str(app.query_one("#derivative", Static).render()), str(app.query_one("#message", Static).render()),
            field.has_class("-bad"))


async def test_typing_key_by_key_ends_on_the_last_text():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        field = await function_field(app, pilot)
        field.value = ""
        await pilot.press(*"x^3 + 1e", "backspace", "backspace", "2", "x")  # 1e is unfinished on the way
        await settle(app, pilot)
        assert field.value == "x^3 + 2x"
        derivative, message, invalid = shown(app)
        assert derivative == "f'(x) = 3x² + 2" and not invalid and "unfinished" not in message


async def test_a_slow_check_is_superseded_by_the_next_text():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        field = await function_field(app, pilot)
        field.value = SLOW
        await pilot.pause()
        field.value = "x^4"
        await checked(app, pilot)
        derivative, message, invalid = shown(app)
        assert derivative == "f'(x) = 4x³" and not invalid and "⚠" not in message


async def test_a_refused_text_marks_the_field_in_one_line():
    derivative, message, invalid = await typed("x + １")
    assert invalid and derivative == ""
    assert message == "⚠ f(x): non-ASCII digit '１' at column 5 (write numbers with the digits 0-9)"


async def test_a_check_a_newer_keystroke_superseded_is_neither_a_problem_nor_a_bug(monkeypatch, tmp_path):
    """The symbolic worker says Superseded: the field is not marked and the error log stays empty."""
    import lrtui.expr.function
    from lrtui.expr.client import Superseded

    asked = lrtui.expr.function.derivation_of

    def superseded_for_x5(text, group=None):
        if text == "x^5":
            raise Superseded(text)
        return asked(text, group=group)

    monkeypatch.setattr(lrtui.expr.function, "derivation_of", superseded_for_x5)
    derivative, message, invalid = await typed("x^5")
    assert not invalid and "⚠" not in message
    assert not (tmp_path / "state" / "lrtui" / "errors.log").exists()
