"""A lesson on the main screen: its scene's title and note above the charts, PgDn/PgUp (n/p) between scenes.

Everything else is the main screen's: a teacher can step, turn the η dial or type a student's
question, and PgDn goes on with the lesson (the next scene opens as written). While the screen
shows something else than the scene as written, the panel says its note is about the scene as
written.

A scene that asks a question ([scene.ask], :mod:`lrtui.teaching.ask`) opens with the question
in place of its note and hides what would give the answer away: the charts draw every run at
its start only (:mod:`lrtui.app.charts.asked`), and the loss chart, the step's arithmetic, the
table and the runs' statuses and verdicts are not shown; the keys that step, play or turn a
dial say so instead. Keys 1–9 pick runs (or type the number), Enter answers, r reveals without
answering; then everything shows, with "right" or "not quite: …", one sentence from the
verdicts. The answer is computed from the scene's own result, never written by the author.
Each scene keeps its state: PgUp back to an answered scene shows it answered.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from ...errors import visible
from ...numeric import NotANumber, real
from ...teaching.ask import Ask, answer, judge, revealed, run_name
from ...teaching.lesson import Lesson, Scene
from ..sizes import TALL
from ..view import View
from ..widgets.ask_panel import AskPanel, AskShown
from ..widgets.lesson_panel import LessonPanel, ShownScene
from ..widgets.text_field import TextField
from .help import Section, key_rows
from .main import MainScreen

if TYPE_CHECKING:
    from ...engine.result import Result
    from ..charts.scene import Scene as ChartScene

BACK, ON = "the lesson's previous scene, as written", "the lesson's next scene, as written"
# what stepping, playing, the dials, the sweep and the export would show while a question is open
HIDDEN_ACTIONS = frozenset({
    "step", "first", "last", "play", "speed", "run", "toggle_log", "zoom", "toggle_trail", "sweep",
    "toggle_lr_chart", "why_not", "eta", "eta_decade", "x0", "export", "maximise",
})
HIDDEN_KEYS = ("left,right,shift+left,shift+right,home,end,space,up,down,shift+up,shift+down,left_square_bracket,"
               "right_square_bracket,l,z,t,w,g,m,e,comma,full_stop,less_than_sign,greater_than_sign,minus,plus,"
               "equals_sign")
ASK_ACTIONS = frozenset({"pick", "type", "answer", "reveal", "hidden"})
MIN_F_CHART = 14  # rows of the f chart's panel a lesson keeps: 10 of plot, its x axis and labels, its border
FORM_ROWS = 3  # the fields' two rows and the message line
FORMULA_AND_FOOTER = 2
DETAILS_SHORT, DETAILS_TALL = 6, 12  # the step table's rows (app.tcss)
PICK = "pick or unpick run N (a question about runs)"
TYPE = "type the number (a question for a number)"


def _also(base: list[BindingType], own: list[Binding]) -> list[Binding]:
    """``own`` bindings for keys the base screen binds too, after the base's: in Textual a screen's
    binding of a key replaces its base class's bindings of that key, so they are repeated here
    (each is enabled at its own time: check_action)."""
    keys = dict.fromkeys(k.strip() for b in own for k in b.key.split(","))
    kept = [replace(b, key=k) for b in base if isinstance(b, Binding) for k in b.key.split(",") if k.strip() in keys]
    return [*kept, *own]


@dataclass(frozen=True)
class AskState:
    """Where a scene's question stands: what is picked (runs) and, once answered or revealed, the outcome."""

    picked: frozenset[int] = frozenset()
    outcome: str | None = None  # None: open
    right: bool | None = None  # None: revealed without answering (or open)
    problem: str | None = None  # the typed answer is not a number: why
    typed: str = ""  # what the answer's field held when the student went to another scene


class LessonScreen(MainScreen):
    DEFAULT_CSS = """
    LessonScreen.-asking #step-formula {
        display: none;
    }
    """
    BINDINGS = [
        Binding("pageup", "scene(-1)", "previous", key_display="PgUp", show=False, tooltip=BACK),
        Binding("pagedown", "scene(1)", "next", key_display="PgDn", tooltip=ON),
        Binding("p", "scene(-1)", "previous scene", show=False, tooltip=BACK),
        Binding("n", "scene(1)", "next scene", show=False, tooltip=ON),
        Binding("1", "pick(1)", "pick", key_display="1–9", tooltip=PICK),
        *(Binding(str(n), f"pick({n})", "pick", show=False) for n in range(2, 10)),
        Binding("1", "type('1')", "type", key_display="0–9", tooltip=TYPE),
        *(Binding(str(n), f"type('{n}')", "type", show=False) for n in (0, *range(2, 10))),
        Binding("enter", "answer", "answer", key_display="⏎",
                tooltip="answer the scene's question (then the runs' fates, the loss and the table show)"),
        Binding("r", "reveal", "reveal", tooltip="reveal the question's answer without answering"),
        *_also(MainScreen.BINDINGS, [Binding("full_stop", "type('.')", "type", show=False),
                                     Binding("minus", "type('-')", "type", show=False),
                                     *(Binding(key, "hidden", show=False) for key in HIDDEN_KEYS.split(","))]),
    ]

    def __init__(self, lesson: Lesson, *, scene: int = 0, screenshot_dir: str = ".") -> None:
        self.plan = lesson
        self.index = min(max(scene, 0), len(lesson.scenes) - 1)
        self.asks: dict[int, AskState] = {}  # by scene index
        self.written: dict[int, Result] = {}  # an asking scene's result as written: its answer's source
        self._asked: tuple[int, ChartScene] | None = None  # the last scene drawn at its start, by id
        first = self.current
        super().__init__(first.scenario, screenshot_dir=screenshot_dir, start_step=first.step,
                         start_zoom=first.view)

    @property
    def current(self) -> Scene:
        return self.plan.scenes[self.index]

    @property
    def ask(self) -> Ask | None:
        return self.current.ask

    @property
    def state(self) -> AskState:
        return self.asks.get(self.index, AskState())

    @property
    def asking(self) -> bool:
        """Is the scene's question open (asked, neither answered nor revealed)?"""
        return self.ask is not None and self.state.outcome is None

    def above_charts(self) -> ComposeResult:
        yield LessonPanel(id="lesson")
        yield AskPanel(id="ask")

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
        if self.focused is not None and self.focused.id == "ask-number":
            self.hand_back_keys()
        fields = self.query("#ask-number").results(TextField)
        field = next(fields, None)
        if field is not None:  # each scene's answer keeps what was typed for it, and only that
            if self.asking:
                self.asks[self.index] = replace(self.state, typed=field.value)
            field.value = self.asks.get(index, AskState()).typed
        self.index = index
        scene = self.current
        self.player.stop()
        self.open(scene.scenario, step=scene.step, zoom=scene.view or "landscape")
        if self.asking and getattr(self, "maximised", False):
            self.maximised = False  # the f chart alone would hide the question
        self._ask_changed()

    def watch_pending(self) -> None:
        self._show_scene()

    def watch_scene(self) -> None:
        super().watch_scene()
        if self.scene is not None and self.scenario == self.current.scenario:
            self.written[self.index] = self.scene.result

    # -- what the charts draw -----------------------------------------------------------------------
    def drawn(self, scene: ChartScene | None, view: View) -> tuple[ChartScene | None, View]:
        """While the question is open: the scene at its start (:mod:`..charts.asked`), at step 0."""
        if scene is None or not self.asking:
            return scene, view
        if self._asked is None or self._asked[0] != id(scene):
            from ..charts.asked import asked

            self._asked = (id(scene), asked(scene))
        start = self._asked[1]
        return start, replace(view, result=start.result, step=0, zoom="landscape" if view.zoom == "path" else view.zoom)

    def arrange_panels(self) -> None:
        """The main screen's panels; and the step table and the runs only when the f chart still
        gets MIN_F_CHART rows beside them and the scene's note (at 80×24 it does not: the chart
        and the note are what a lesson shows). While a question is open, none of what would
        give its answer away: the loss chart, the step's arithmetic, the table and the runs."""
        super().arrange_panels()
        asking = self.asking
        self.set_class(asking, "-asking")
        panels = self.query(LessonPanel)
        if not panels:
            return
        width, height = self.size
        fields = max(self.form.outer_size.height, FORM_ROWS)
        room = height - fields - panels.first().height_at(width) - FORMULA_AND_FOOTER
        details = DETAILS_SHORT if height < TALL else DETAILS_TALL
        self.query_one("#details").display = not asking and room - details >= MIN_F_CHART
        if asking:
            self.query_one("#loss-side").display = False

    def _show_scene(self) -> None:
        scene = self.current
        changed = self.pending != scene.scenario  # what is asked for (and soon shown) is not the scene
        question = scene.ask.question if self.asking and scene.ask is not None else None
        state = self.state
        shown = ShownScene(scene.number, len(self.plan.scenes), scene.title, scene.note, changed, question,
                           state.outcome, state.right)
        panels = self.query(LessonPanel)  # none before the screen is composed
        for panel in panels:
            panel.show(shown)
        self._show_ask()
        if panels:
            self.arrange_panels()  # a note of another length

    def _show_ask(self) -> None:
        ask, state = self.ask, self.state
        shown = None
        if ask is not None and state.outcome is None:
            s = self.current.scenario
            names = tuple(run_name(s, r) for r in range(len(s.lrs) * len(s.optimizers))) if ask.kind == "runs" else ()
            shown = AskShown(ask.kind, names, state.picked, state.problem)
        for panel in self.query(AskPanel):
            panel.show(shown)

    def _ask_changed(self) -> None:
        """The question opened, was answered or revealed: the panels, the layout and the keys follow."""
        self._show_scene()
        self.arrange_panels()
        self._redraw()
        self._show_player()
        self.refresh_bindings()

    # -- keys -----------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a question is open the keys that would show its answer give way to ``hidden``
        (which says so); the question's keys work only then, each for its kind of question."""
        asking = self.asking
        if action in ASK_ACTIONS:
            if not asking:
                return False
            ask = self.ask
            if action == "pick":
                return ask is not None and ask.kind == "runs"
            if action == "type":
                return ask is not None and ask.kind == "number"
            return True
        if asking and action in HIDDEN_ACTIONS:
            return False
        return super().check_action(action, parameters)

    def action_hidden(self) -> None:
        self.form.tell("answer first (Enter) or reveal (r); then the steps, loss and table show")

    def action_pick(self, n: int) -> None:
        s = self.current.scenario
        runs = len(s.lrs) * len(s.optimizers)
        if not 1 <= n <= runs:
            self.form.tell(f"this scene has {runs} run{'s' if runs != 1 else ''}: keys 1–{runs} pick them")
            return
        picked = self.state.picked ^ {n - 1}
        self.asks[self.index] = replace(self.state, picked=frozenset(picked))
        self._show_ask()

    def action_type(self, char: str) -> None:
        """A digit, a point or a minus typed outside the answer's field: it goes into the field."""
        field = self.query_one("#ask-number", TextField)
        field.focus()
        field.insert_text_at_cursor(char)

    def action_answer(self) -> None:
        ask, state = self.ask, self.state
        if ask is None or state.outcome is not None:
            return
        result = self.written.get(self.index)
        if result is None:
            self.form.tell("the scene is still being computed: answer once its charts show")
            return
        given: frozenset[int] | float
        if ask.kind == "number":
            text = self.query_one("#ask-number", TextField).value.strip()
            try:
                if not text:
                    raise NotANumber(text, "is empty: type a number, then Enter")
                given = real(text)
            except NotANumber as err:
                words = err.reason if not text else f"{text!r} {err.reason}"
                self.asks[self.index] = replace(state, problem=visible(words))
                self._show_ask()
                return
        else:
            given = state.picked
        verdict = judge(ask, answer(ask, result), given, result)
        self.asks[self.index] = replace(state, outcome=verdict.words, right=verdict.right, problem=None)
        self._answered()

    def action_reveal(self) -> None:
        ask, state = self.ask, self.state
        if ask is None or state.outcome is not None:
            return
        result = self.written.get(self.index)
        if result is None:
            self.form.tell("the scene is still being computed: r reveals once its charts show")
            return
        self.asks[self.index] = replace(state, outcome=revealed(answer(ask, result)), right=None, problem=None)
        self._answered()

    def _answered(self) -> None:
        if self.focused is not None and self.focused.id == "ask-number":
            self.hand_back_keys()
        self._ask_changed()

    @on(TextField.Submitted, "#ask-number")
    def _number_given(self, event: TextField.Submitted) -> None:
        event.stop()
        self.action_answer()

    @on(AskPanel.Left)
    def _left_answer(self) -> None:
        self.hand_back_keys()

    def help_sections(self) -> list[Section]:
        return [(f"the lesson: {self.plan.title}", lesson_rows()), *super().help_sections()]


def lesson_rows() -> list[tuple[str, str]]:
    """The lesson's keys as ? help and the keys' reference list them: each set of keys in one row."""
    sets = {PICK: "1 … 9", TYPE: "0 … 9 . −"}
    return [(sets.get(what, keys), what) for keys, what in key_rows(LessonScreen.BINDINGS)]
