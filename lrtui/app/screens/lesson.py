"""A lesson on the main screen: its scene's title and note above the charts, PgDn/PgUp (n/p) between scenes.

Everything else is the main screen's: a teacher can step, turn the η dial or type a student's
question, and PgDn goes on with the lesson (the next scene opens as written). While the screen
shows something else than the scene as written, the panel says its note is about the scene as
written.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding

from ...teaching.lesson import Lesson, Scene
from ..sizes import TALL
from ..widgets.lesson_panel import LessonPanel, ShownScene
from .help import Section, key_rows
from .main import MainScreen

BACK, ON = "the lesson's previous scene, as written", "the lesson's next scene, as written"
MIN_F_CHART = 14  # rows of the f chart's panel a lesson keeps: 10 of plot, its x axis and labels, its border
FORM_ROWS = 3  # the fields' two rows and the message line
FORMULA_AND_FOOTER = 2
DETAILS_SHORT, DETAILS_TALL = 6, 12  # the step table's rows (app.tcss)


class LessonScreen(MainScreen):
    BINDINGS = [
        Binding("pageup", "scene(-1)", "previous", key_display="PgUp", show=False, tooltip=BACK),
        Binding("pagedown", "scene(1)", "next", key_display="PgDn", tooltip=ON),
        Binding("p", "scene(-1)", "previous scene", show=False, tooltip=BACK),
        Binding("n", "scene(1)", "next scene", show=False, tooltip=ON),
    ]

    def __init__(self, lesson: Lesson, *, scene: int = 0, screenshot_dir: str = ".") -> None:
        self.plan = lesson
        self.index = min(max(scene, 0), len(lesson.scenes) - 1)
        first = self.current
        super().__init__(first.scenario, screenshot_dir=screenshot_dir, start_step=first.step,
                         start_zoom=first.view)

    @property
    def current(self) -> Scene:
        return self.plan.scenes[self.index]

    def above_charts(self) -> ComposeResult:
        yield LessonPanel(id="lesson")

    def on_mount(self) -> None:  # after MainScreen's own on_mount (Textual calls both)
        self._show_scene()

    def action_scene(self, delta: int) -> None:
        """The previous or next scene, opened as written (at its step, in its view)."""
        index = self.index + delta
        if not 0 <= index < len(self.plan.scenes):
            count = len(self.plan.scenes)
            where = "the last scene" if delta > 0 else "the first scene"
            other = "PgUp goes back" if delta > 0 else "PgDn goes on"
            self.form.tell(f"this is {where} ({self.index + 1} of {count}); {other}")
            return
        self.open_scene(index)

    def open_scene(self, index: int) -> None:
        self.index = index
        scene = self.current
        self.player.stop()
        self.open(scene.scenario, step=scene.step, zoom=scene.view or "landscape")
        self._show_scene()

    def watch_pending(self) -> None:
        self._show_scene()

    def _show_scene(self) -> None:
        scene = self.current
        changed = self.pending != scene.scenario  # what is asked for (and soon shown) is not the scene
        shown = ShownScene(scene.number, len(self.plan.scenes), scene.title, scene.note, changed)
        panels = self.query(LessonPanel)  # none before the screen is composed
        for panel in panels:
            panel.show(shown)
        if panels:
            self.arrange_panels()  # a note of another length

    def arrange_panels(self) -> None:
        """The main screen's panels; and the step table and the runs only when the f chart still
        gets MIN_F_CHART rows beside them and the scene's note (at 80×24 it does not: the chart
        and the note are what a lesson shows)."""
        super().arrange_panels()
        panels = self.query(LessonPanel)
        if not panels:
            return
        width, height = self.size
        fields = max(self.form.outer_size.height, FORM_ROWS)
        room = height - fields - panels.first().height_at(width) - FORMULA_AND_FOOTER
        details = DETAILS_SHORT if height < TALL else DETAILS_TALL
        self.query_one("#details").display = room - details >= MIN_F_CHART

    def help_sections(self) -> list[Section]:
        return [(f"the lesson: {self.plan.title}", key_rows(LessonScreen.BINDINGS)), *super().help_sections()]
