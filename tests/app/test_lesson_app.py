"""A lesson in the app: the scene's title and note above the charts, PgDn/PgUp and n/p between scenes,
everything else as usual, and PgDn goes on with the lesson after a detour."""

from __future__ import annotations

import pytest
from app_helpers import settle
from syrupy.extensions.image import SVGImageSnapshotExtension
from textual.widgets import Input, Static

from lrtui.app.app import LrtuiApp
from lrtui.app.render import screen_svg, screen_text
from lrtui.app.widgets.lesson_panel import LessonPanel
from lrtui.teaching.lesson import load_lesson

LESSON = load_lesson("learning-rate")


def panel(app) -> str:
    return str(app.query_one(LessonPanel).render())


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


def field(app, name: str) -> str:
    return app.query_one(f"#{name}", Input).value


async def test_the_first_scene_opens_as_written(tmp_path):
    app = LrtuiApp(plan=LESSON, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        words = " ".join(panel(app).split())
        assert words.startswith("scene 1 of 7 · Too small: f(x) = (x−2)² from x0 = 10.")
        assert words.endswith("after 20 steps x is still 7.34.")  # the whole note fits at 80×24
        assert field(app, "lr") == "0.01" and app.main.view.step == 20  # its η, at its step


async def test_pgdn_pgup_n_and_p_move_between_scenes(tmp_path):
    app = LrtuiApp(plan=LESSON, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert "scene 2 of 7 · Three learning rates" in panel(app) and field(app, "lr") == "0.01, 0.1, 0.5"
        await pilot.press("n")
        await settle(app, pilot)
        assert "scene 3 of 7 · Too large" in panel(app) and field(app, "lr") == "0.9, 1, 1.5"
        assert app.main.view.step == 10 and app.main.scene.result.lrs.tolist() == [0.9, 1.0, 1.5]
        await pilot.press("p", "pageup")
        await settle(app, pilot)
        assert "scene 1 of 7 · Too small" in panel(app) and field(app, "lr") == "0.01"
        await pilot.press("pageup")
        assert "this is the first scene (1 of 7); PgDn goes on" in message(app)
        assert "scene 1 of 7" in panel(app)


async def test_a_detour_is_marked_and_pgdn_comes_back_to_the_lesson(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=1, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "scene 2 of 7" in panel(app) and "as written" not in panel(app)
        await pilot.press("home", "right", "right")  # stepping is the scene itself
        assert app.main.view.step == 2 and "as written" not in panel(app)
        await pilot.press("up")  # the η dial: a student's question
        await settle(app, pilot)
        assert field(app, "lr") == "0.012, 0.1, 0.5"
        assert "scene 2 of 7 · Three learning rates · as written, before your changes" in panel(app)
        await pilot.press("down")  # back to the scene's own η: no longer a detour
        await settle(app, pilot)
        assert "as written" not in panel(app)
        await pilot.press("f")  # a student's function, typed
        app.query_one("#function", Input).value = "x^4"
        await pilot.press("end", "n")  # n types in a field: it does not turn the page
        assert field(app, "function") == "x^4n" and "scene 2 of 7" in panel(app)
        await pilot.press("backspace", "enter")
        await settle(app, pilot)
        assert app.main.scenario.function == "x^4" and "as written" in panel(app)
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert "scene 3 of 7 · Too large" in panel(app) and "as written" not in panel(app)
        assert field(app, "function") == "(x-2)^2" and app.main.view.step == 10


async def test_the_last_scene_says_so_and_help_names_the_lesson_keys(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=6, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "scene 7 of 7 · Adam next to SGD" in panel(app)
        await pilot.press("pagedown")
        assert "this is the last scene (7 of 7); PgUp goes back" in message(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "the lesson: What the learning rate does" in help_text
        assert "PgDn / n" in help_text and "the lesson's next scene, as written" in help_text


async def test_a_long_note_is_cut_with_an_ellipsis_on_a_short_screen(tmp_path):
    lesson = tmp_path / "long.toml"
    lesson.write_text("[[scene]]\ntitle = 'Long'\nnote = '" + "word " * 70 + "end'\n", encoding="utf-8")
    app = LrtuiApp(plan=load_lesson(str(lesson)), screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        lines = panel(app).splitlines()
        assert len(lines) == 3 and lines[-1].endswith("…") and "end" not in panel(app)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert len(panel(app).splitlines()) == 4


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_scene_with_its_note(svg_snapshot, tmp_path, size):
    app = LrtuiApp(plan=LESSON, scene=6, screenshot_dir=str(tmp_path))  # a scene that asks nothing
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        assert screen_svg(app) == svg_snapshot


async def test_a_passing_note_about_the_last_scene_goes_with_it(tmp_path):
    """PgDn on the last scene says so; PgUp opens scene 6, which is not the last: the note goes."""
    app = LrtuiApp(plan=LESSON, scene=len(LESSON.scenes) - 1, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("pagedown")
        assert "this is the last scene (7 of 7)" in message(app)
        await pilot.press("pageup")
        await settle(app, pilot)
        assert "scene 6 of 7" in panel(app)
        assert "last scene" not in message(app)


@pytest.mark.parametrize("scene", range(len(LESSON.scenes)))
async def test_at_80x24_every_scene_keeps_the_f_chart_at_least_ten_rows(tmp_path, scene):
    """The scene's note and the charts come first in a lesson: at 80×24 the step table gives way
    (the formula line still writes the step out), and the f chart (or the regression's data)
    keeps 10 rows of plot."""
    asks = LESSON.scenes[scene].ask is not None
    app = LrtuiApp(plan=LESSON, scene=scene, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for reveal in ((), ("r",)) if asks else ((),):  # a question's answer adds a line or two
            await pilot.press(*reveal)
            await settle(app, pilot)
            chart = next(c for c in app.query("#function-chart, #regression-chart") if c.display)
            canvas = chart._canvas
            assert len(canvas.area[1]) >= 10
            assert not app.query_one("#details").display
            assert "step" in str(app.query_one("#step-formula").render()) or app.main.view.step >= 0
    app = LrtuiApp(plan=LESSON, scene=scene, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:  # a tall screen has room for the table too
        await settle(app, pilot)
        if asks:  # once the question is answered (or revealed)
            assert not app.query_one("#details").display
            await pilot.press("r")
            await settle(app, pilot)
        assert app.query_one("#details").display
