"""Fields are checked as typed; Enter applies; the last good result stays until replaced."""

import pytest
from app_helpers import make_app, settle
from textual.widgets import Input, Static

from lrtui.app.widgets import scenario_form
from lrtui.app.widgets.fields import check
from lrtui.errors import Field


async def type_into(app, pilot, name: str, text: str) -> Input:
    field = app.query_one(f"#{name}", Input)
    field.focus()
    field.value = text
    await settle(app, pilot)
    return field


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


async def test_the_derivative_is_shown_beside_the_function():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert str(app.query_one("#derivative", Static).render()) == "f'(x) = 2x − 4"
        await type_into(app, pilot, "function", "x**3")
        assert str(app.query_one("#derivative", Static).render()) == "f'(x) = 3x²"


async def test_an_unknown_name_marks_the_field_and_says_where():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        field = await type_into(app, pilot, "function", "x + z")
        assert field.has_class("-bad")
        assert "unknown name 'z' at column 5" in message(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.scene.result is before  # the last good result stays on screen
        assert app.focused is field


async def test_enter_on_valid_fields_computes_a_new_result():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_into(app, pilot, "lr", "0.2, 0.3")
        await type_into(app, pilot, "steps", "30")
        await pilot.press("enter")
        await settle(app, pilot)
        res = app.main.scene.result
        assert list(res.lrs) == [0.2, 0.3] and res.steps == 30
        assert "f(x) = (x − 2)²" in app.query_one("#function-chart").border_title


async def test_a_bad_field_stays_marked_after_it_is_left():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        field = await type_into(app, pilot, "lr", "0.1, abc")
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is not field
        assert field.has_class("-bad") and "η #2: 'abc' is not a number" in message(app)


async def test_fixing_a_field_clears_its_mark():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        field = await type_into(app, pilot, "lr", "0.1, abc")
        assert field.has_class("-bad") and "η #2: 'abc' is not a number" in message(app)
        await type_into(app, pilot, "lr", "0.1, 0.2")
        assert not field.has_class("-bad") and "⚠" not in message(app)


@pytest.mark.parametrize(
    "name, text, words",
    [
        ("lr", "-1", "must be > 0"),
        ("x0", "1, 2, 3", "at most two numbers"),
        ("steps", "2000000", "from 1 to 1,000,000"),
        ("steps", "1.5", "not a whole number"),
        ("tol", "-1", "≥ 0"),
        ("optimizer", "nosuch", "unknown optimizer"),
        ("schedule", "nosuch", "unknown schedule"),
    ],
)
async def test_each_field_says_why_it_is_invalid(name, text, words):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        field = await type_into(app, pilot, name, text)
        assert field.has_class("-bad")
        assert words in message(app)


@pytest.mark.parametrize(
    "text",
    ["__import__('os')", "9**9**9**9", "x" * 10_000, "((x+1)", "x)", "", "lambda: 1", "x.__class__", "x;1"],
)
async def test_hostile_or_broken_text_never_runs_and_never_crashes(text):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        field = await type_into(app, pilot, "function", text)
        await pilot.press("enter")
        await settle(app, pilot)
        assert field.has_class("-bad")
        assert message(app).startswith("⚠ f(x):")
        assert app.main.scene.result is before and app.is_running


@pytest.mark.parametrize("function, x0", [("1e300*x", "1"), ("exp(exp(exp(x)))", "3"), ("log(x)", "0.5")])
async def test_valid_but_wild_functions_compute_without_a_crash(function, x0):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await type_into(app, pilot, "function", function)
        await type_into(app, pilot, "x0", x0)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("end", "l")
        assert app.is_running and app.main.scene.result.problem.text == function


def test_a_failing_check_is_a_message_not_a_crash(monkeypatch):
    from lrtui.app.widgets import fields

    def broken(text):
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(fields.BY_FIELD, Field.TOL, fields.FormField(Field.TOL, "tol", "", broken, str, str))
    value, error = check(Field.TOL, "1")
    assert value is None and "cannot read this (ZeroDivisionError)" in error


async def test_a_problem_found_while_computing_marks_its_field():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        field = await type_into(app, pilot, "x0", "1, 2")  # two numbers for a function of x alone
        await pilot.press("enter")
        await settle(app, pilot)
        assert field.has_class("-bad") and "x0" in message(app)
        assert app.main.scene.result is before


async def test_computing_shows_and_keeps_the_last_result(monkeypatch):
    import threading

    import lrtui.teaching.scenario

    monkeypatch.setattr(scenario_form, "BUSY_AFTER", 0)  # said at once (normally after 0.25 s: no flashing)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        go, compute = threading.Event(), lrtui.teaching.scenario.compute
        monkeypatch.setattr(lrtui.teaching.scenario, "compute", lambda s, **kw: go.wait(30) and compute(s, **kw))  # a long one
        await type_into(app, pilot, "steps", "5000")
        await pilot.press("enter")
        await pilot.pause()
        assert "computing…" in message(app)
        assert app.main.scene.result is before
        go.set()
        await settle(app, pilot)
        assert app.main.scene.result.steps == 5000 and "computing" not in message(app)


async def test_a_bug_while_computing_is_one_line_and_its_traceback_goes_to_the_log(monkeypatch, tmp_path):
    import lrtui.teaching.scenario

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result

        def broken(scenario, **kw):
            raise ZeroDivisionError("boom")

        monkeypatch.setattr(lrtui.teaching.scenario, "compute", broken)
        await pilot.press("up")
        await settle(app, pilot)
        note = list(app._notifications)[-1]
        assert note.severity == "error" and "could not compute: boom (a bug; traceback in" in note.message
        assert app.main.scene.result is before and app.is_running
        log = (tmp_path / "lrtui" / "errors.log").read_text()
        assert "ZeroDivisionError: boom" in log and "in broken" in log


async def test_how_to_give_several_optimizers_is_said():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        field = await type_into(app, pilot, "optimizer", "sgd, adam")
        assert "separate them with ';', e.g. sgd; adam" in message(app)
        assert "sgd; adam" in field.placeholder
        await type_into(app, pilot, "optimizer", "sgd; adam")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [o.name for o in app.main.scene.result.optimizers] == ["sgd"] * 3 + ["adam"] * 3


async def test_an_edited_field_is_marked_until_applied():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        field = await type_into(app, pilot, "steps", "30")
        assert field.has_class("-edited") and message(app).startswith("edited: Enter applies")
        await pilot.press("enter")
        await settle(app, pilot)
        assert not field.has_class("-edited") and "edited" not in message(app)


async def test_another_spelling_of_what_is_applied_is_not_an_edit():
    """SGD is sgd and 0.10 is 0.1: applied, the fields say what is applied, and Enter again computes nothing."""
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        opt = await type_into(app, pilot, "optimizer", "SGD; Adam")
        lr = await type_into(app, pilot, "lr", "0.010, 0.20")
        assert opt.has_class("-edited") and lr.has_class("-edited")
        await pilot.press("enter")
        await settle(app, pilot)
        assert [o.text for o in app.main.scenario.optimizers] == ["sgd", "adam"] and app.main.scenario.lrs == (0.01, 0.2)
        assert not opt.has_class("-edited") and not lr.has_class("-edited") and "edited" not in message(app)
        shown = app.main.scene
        await type_into(app, pilot, "tol", "1e-8")  # the applied tol, as it is shown
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.scene is shown  # nothing changed: nothing computed again


async def test_a_bug_in_showing_a_result_ends_the_app_with_its_traceback(monkeypatch, tmp_path):
    """Not swallowed by the worker thread: the app stops (status 1) and the log keeps the traceback."""
    from lrtui.app.screens.main import MainScreen

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def broken(self, scenario, scene):
        raise RuntimeError("a bug in showing")

    monkeypatch.setattr(MainScreen, "_computed", broken)
    app = make_app()
    with pytest.raises(RuntimeError, match="a bug in showing"):  # shown on the app's thread: the error itself
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
    assert app.return_code == 1
    assert "RuntimeError: a bug in showing" in (tmp_path / "lrtui" / "errors.log").read_text()
