"""A scene that asks, in the app: until answered it hides what gives the answer away (the runs' fates,
the paths beyond step 0, the loss chart, the step's arithmetic, the table and the statuses); keys 1–9
pick runs or a field takes a number, Enter answers, r reveals; then everything shows with "right" or
"not quite: …"."""

from __future__ import annotations

import pytest
from app_helpers import settle
from syrupy.extensions.image import SVGImageSnapshotExtension
from textual.widgets import Input, Static

from lrtui.app.app import LrtuiApp
from lrtui.app.render import screen_text
from lrtui.app.widgets.ask_panel import AskPanel
from lrtui.app.widgets.lesson_panel import LessonPanel
from lrtui.teaching.lesson import load_lesson

LESSON = load_lesson("learning-rate")
TOO_LARGE, NEVER_SETTLES, RESCUE = 2, 3, 5  # the scenes that ask (0-based)


def panel(app) -> str:
    return " ".join(str(app.query_one(LessonPanel).render()).split())


def asked(app) -> str:
    return " ".join(str(app.query_one("#ask-text", Static).render()).split())


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


def shown(app, selector: str) -> bool:
    widget = app.query_one(selector)
    return widget.display and widget.styles.display != "none" and widget.region.area > 0


def f_chart_text(app) -> str:
    chart = app.query_one("#function-chart")
    return "\n".join(strip.text for strip in chart.strips()) + str(chart.border_subtitle)


async def open_at(scene: int, size=(80, 24)):
    app = LrtuiApp(plan=LESSON, scene=scene)
    return app, app.run_test(size=size)


async def test_an_open_question_hides_the_runs_fates(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=TOO_LARGE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert panel(app) == "scene 3 of 7 · Too large · asks: 2/f'' = 1 here. Which of these learning rates diverge?"
        assert "doubles the error" not in screen_text(app)  # the note says it: it waits for the answer
        assert asked(app) == "1 [ ] o η=0.9 2 [ ] x η=1 3 [ ] + η=1.5 · Enter answers · r reveals"
        for hidden in ("#loss-chart", "#step-formula", "#step-table", "#run-status"):
            assert not shown(app, hidden), hidden
        assert shown(app, "#function-chart")
        assert app.main.view.step == 10  # the scene opens at its step …
        drawn_scene, view = app.main.drawn(app.main.scene, app.main.view)
        assert view.step == 0 and drawn_scene.result.stopped_at.tolist() == [0, 0, 0]  # … but draws its start
        assert "diverged" not in f_chart_text(app) and "η=1.5" in f_chart_text(app)
        assert "diverged" not in screen_text(app) and "bouncing" not in screen_text(app)
        await pilot.press("right", "end", "space", "w", "up")  # keys that would show it say so instead
        await settle(app, pilot)
        assert app.main.view.step == 10 and app.main.pending.lrs == (0.9, 1.0, 1.5)
        assert len(app.screen_stack) == 1  # no sweep screen
        assert "answer first (Enter) or reveal (r)" in message(app)


async def test_picking_runs_and_answering_right_shows_everything(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=TOO_LARGE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "3", "1")  # pick, pick, unpick
        assert asked(app).startswith("1 [ ] o η=0.9 2 [ ] x η=1 3 [x] + η=1.5")
        await pilot.press("enter")
        await settle(app, pilot)
        assert panel(app).startswith("scene 3 of 7 · Too large · right: η = 1.5 flips side and diverges at step 10 "
                                     "(it doubles the error each step). 2/f'' = 1 is the limit.")
        assert not app.query_one(AskPanel).display
        for now_shown in ("#loss-chart", "#step-formula", "#step-table", "#run-status"):
            assert shown(app, now_shown), now_shown
        assert "η=1.5 (diverged)" in f_chart_text(app)
        await pilot.press("right")  # the keys step again
        assert app.main.view.step == 11


async def test_a_wrong_answer_says_why_in_one_sentence_and_the_scene_keeps_it(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=TOO_LARGE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("1", "enter")
        await settle(app, pilot)
        assert panel(app).startswith(
            "scene 3 of 7 · Too large · not quite: η = 1.5 flips side and diverges at step 10 (it doubles the error "
            "each step); η = 0.9 flips side and is still moving after 20 steps (the error shrinks ×0.8 each step).")
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert "asks: Above which learning rate" in panel(app) and not shown(app, "#loss-chart")
        await pilot.press("pageup")
        await settle(app, pilot)
        assert "not quite:" in panel(app) and shown(app, "#loss-chart")  # answered stays answered


async def test_a_number_is_typed_checked_and_judged(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=NEVER_SETTLES, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press("0", "full_stop", "2", "x", "enter")  # a digit outside the field goes into it
        await settle(app, pilot)
        field = app.query_one("#ask-number", Input)
        assert field.value == "0.2x" and field.has_class("-bad")
        assert asked(app) == "'0.2x' is not a number" and "asks:" in panel(app)
        await pilot.press("backspace", "4", "enter")
        await settle(app, pilot)
        assert panel(app).startswith("scene 4 of 7 · Never settles · right: 2/f''(x*) = 0.237796 (f'' = 8.41057 at "
                                     "x* = 3.83747): above it the error grows each step.")
        assert app.focused is not field


async def test_a_typed_answer_stays_with_its_scene(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=NEVER_SETTLES, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press("0", "full_stop", "2", "escape", "pagedown", "pagedown")  # to scene 6, which asks a number
        await settle(app, pilot)
        field = app.query_one("#ask-number", Input)
        assert "asks: η halves every 10 steps" in panel(app) and field.value == ""
        await pilot.press("pageup", "pageup")
        await settle(app, pilot)
        assert "asks: Above which learning rate" in panel(app) and field.value == "0.2"


async def test_r_reveals_without_answering(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=RESCUE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        assert panel(app).startswith("scene 6 of 7 · A schedule rescues a large η · the answer: η = 1.05 converged "
                                     "at step 18.")
        assert shown(app, "#loss-chart")


async def test_the_footer_and_help_list_the_question_s_keys(tmp_path):
    app = LrtuiApp(plan=LESSON, scene=TOO_LARGE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "1–9 pick" in footer and "⏎ answer" in footer and "r reveal" in footer
        assert "step" not in footer and "play" not in footer  # hidden until answered
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert "1 … 9" in help_text and "pick or unpick run N" in help_text
        assert "reveal the question's answer without answering" in help_text
        await pilot.press("escape", "pagedown")
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "0–9 type" in footer and "1–9 pick" not in footer
        await pilot.press("pageup", "pageup")  # a scene that asks nothing: the usual keys
        await settle(app, pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "answer" not in footer and "step" in footer


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


@pytest.mark.parametrize("keys", [(), ("3", "enter")], ids=["asked", "answered"])
async def test_a_scene_that_asks_before_and_after_the_answer(svg_snapshot, tmp_path, keys):
    app = LrtuiApp(plan=LESSON, scene=TOO_LARGE, screenshot_dir=str(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        assert app.export_screenshot() == svg_snapshot


def test_a_deck_shows_the_question_open_and_with_press_the_answer(tmp_path):
    from lrtui.cli import main

    common = ["shot", "--lesson", "learning-rate", "--scene", "3", "--size", "80x24", "--format", "txt"]
    assert main([*common, "-o", str(tmp_path / "open")]) == 0
    assert main([*common, "--press", "3,enter", "-o", str(tmp_path / "answered")]) == 0
    opened = (tmp_path / "open" / "03-too-large.txt").read_text(encoding="utf-8")
    answered = (tmp_path / "answered" / "03-too-large.txt").read_text(encoding="utf-8")
    assert "scene 3 of 7 · Too large · asks: 2/f'' = 1 here." in opened and "loss" not in opened
    assert "scene 3 of 7 · Too large · right: η = 1.5 flips side and diverges at step 10" in answered
    assert "loss · linear" in answered and "(diverged)" in answered
