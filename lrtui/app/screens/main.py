"""The main screen: fields on top, f(x) and the loss side by side, the step table and run status below.

It holds one :class:`View` (result, step, run, scale); keys swap it for another and every panel
(:class:`~lrtui.app.widgets.panel.Panel`) redraws only if its part changed. Applying a scenario
computes once, in a thread, where the latest request wins (:class:`~lrtui.app.latest.Latest`).
The keys are this screen's bindings; in a field the keys a field takes (printable ones, ↑/↓)
never reach them (``TextField.check_consume_key``), so no action is filtered by its name.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from ...cancel import CancelToken
from ...errors import Field, visible
from ...teaching.keys import LESSON_KEYS, warnings
from ...teaching.presets import PRESETS, preset
from ...teaching.scenario import Scenario
from ..ahead import AHEAD_AFTER, Ahead
from ..charts.drawing import FUNCTION, LOSS, RATES, REGRESSION, is_regression
from ..commands import LrtuiCommands
from ..computed import Computed, compute_scene
from ..dials import X0Dial, eta_decade, eta_rung, rounded
from ..files import export_run, save_svg
from ..latest import Done, Failed, Latest, Outcome, Refused
from ..messages import Written
from ..player import Player
from ..sizes import MIN_SIZE, TALL, WIDE, breakpoint_classes
from ..view import View
from ..widgets.chart import Chart
from ..widgets.fields import BY_FIELD, is_function, short
from ..widgets.key_footer import KeyFooter
from ..widgets.panel import Panel
from ..widgets.run_status import RunStatus
from ..widgets.scenario_form import ScenarioForm
from ..widgets.step_formula import StepFormula
from ..widgets.step_table import StepTable
from ..widgets.text_field import TextField
from .help import HelpScreen, Section, catalogue_sections, described_rows, key_rows
from .sweep import SweepScreen

if TYPE_CHECKING:
    from ..charts.scene import Scene

KEYS_AT_THE_LATEST = 0.5  # s after mounting: the key bar shows though the first result is not in yet

STEP, TEN = Binding.Group("step", compact=True), Binding.Group("±10", compact=True)
RUN, SPEED = Binding.Group("run", compact=True), Binding.Group("speed", compact=True)
ETA, X0, Y0 = Binding.Group("η", compact=True), Binding.Group("x0", compact=True), Binding.Group("y0", compact=True)
ENDS, DECADE = Binding.Group("jump"), Binding.Group("η ×10", compact=True)


def _keys(*specs: tuple[str, str, str, str], group: Binding.Group | None = None, tooltip: str = "",
          show: bool = True) -> list[Binding]:
    """A pair (or more) of keys that share a description, a footer group and a help line."""
    return [Binding(key, action, description, key_display=display, group=group, show=show, tooltip=tooltip)
            for key, action, description, display in specs]


class MainScreen(Screen[None]):
    AUTO_FOCUS = "#function-chart"
    COMMANDS = {LrtuiCommands}
    # The footer shows what teaches (it must fit 80 columns); every key with a tooltip is in ? help.
    BINDINGS = [
        Binding("question_mark", "help", "help", key_display="?", tooltip="this help"),
        *_keys(("left", "step(-1)", "step", "←"), ("right", "step(1)", "step", "→"), group=STEP,
               tooltip="one step back / forward"),
        *_keys(("up", "eta(1)", "η", "↑"), ("down", "eta(-1)", "η", "↓"), group=ETA,
               tooltip="the table's run: η one rung up / down (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k)"),
        Binding("space", "play", "play", tooltip="play / pause"),
        *_keys(("left_square_bracket", "run(-1)", "run", "["), ("right_square_bracket", "run(1)", "run", "]"),
               group=RUN, tooltip="the previous / next run in the table"),
        Binding("l", "toggle_log", "log", tooltip="loss chart: linear or log scale"),
        Binding("z", "zoom", "view", show=False,
                tooltip="f chart: landscape → path (the run in the table) → wide (another minimum too; with "
                        "one parameter the runs' points a row above the curve, no tangent: the curve shows)"),
        Binding("t", "toggle_trail", "trail", show=False,
                tooltip="f and loss charts: the last 10 steps in full, older faded ↔ every step in full"),
        Binding("w", "sweep", "sweep", tooltip="sweep η: final loss against η (keys below)"),
        Binding("g", "toggle_lr_chart", "η_k", tooltip="the η_k chart: the schedule's η_k and each run's η_eff"),
        Binding("g", "why_not('g')", show=False),  # reached only when g does not apply: it says why
        Binding("c", "toggle_eta_eff", "η_eff", show=False,
                tooltip="step table: the η_eff column, the η the optimizer really applied"),
        Binding("a", "toggle_average", "x_avg", show=False,
                tooltip="f chart: a schedule-free run's average x_avg (the point it reports) or its gradient points x"),
        Binding("a", "why_not('a')", show=False),
        Binding("v", "toggle_regression", "plane", tooltip="regression: the data and lines, or the (w, b) plane"),
        Binding("v", "why_not('v')", show=False),
        Binding("m", "maximise", "max", show=False,
                tooltip="the f chart and the step's formula on the whole screen; m again: every panel"),
        *_keys(("k", "trial(1)", "trial", "k"), ("K", "trial(-1)", "trial", "K"), show=False,
               tooltip="with noise and trials: the next / previous trial the table and the f chart follow (the "
                       "loss chart draws the trials' mean and their 10–90 % band)"),
        Binding("q", "app.quit", "quit", show=False, tooltip="quit (ctrl+q quits from anywhere)"),
        *_keys(("shift+up", "eta_decade(1)", "η ×10", "⇧↑"), ("shift+down", "eta_decade(-1)", "η ×10", "⇧↓"),
               group=DECADE, show=False, tooltip="the table's run: η a decade up / down (×10, ÷10)"),
        *_keys(("comma", "x0(0, -1)", "x0", ","), ("full_stop", "x0(0, 1)", "x0", "."), group=X0, show=False,
               tooltip="x0 left / right by 1/40 of the chart's width (a click on the chart: x0 there)"),
        *_keys(("less_than_sign", "x0(1, -1)", "y0", "<"), ("greater_than_sign", "x0(1, 1)", "y0", ">"),
               group=Y0, show=False, tooltip="f(x, y): y0 down / up by 1/40 of the chart's height"),
        *_keys(("shift+left", "step(-10)", "±10", "⇧←"), ("shift+right", "step(10)", "±10", "⇧→"), group=TEN,
               show=False, tooltip="ten steps back / forward"),
        *_keys(("home", "first", "first", "home"), ("end", "last", "last", "end"), group=ENDS, show=False,
               tooltip="the first / the last step"),
        *_keys(("minus", "speed(-1)", "speed", "−"), ("plus,equals_sign", "speed(1)", "speed", "+"), group=SPEED,
               show=False, tooltip="play slower / faster"),
        Binding("f", "focus_function", "f(x)", show=False, tooltip="type a function (the f(x) field)"),
        *_keys(("tab", "app.focus_next", "next", "tab"), ("shift+tab", "app.focus_previous", "previous", "⇧tab"),
               show=False, tooltip="the next / previous field or panel"),
        Binding("s", "screenshot", "shot", show=False, tooltip="save a screenshot (SVG) in the screenshot folder"),
        Binding("e", "export", "csv", show=False, tooltip="export the table's run as CSV in the screenshot folder"),
    ]
    view: var[View] = var(View, init=False)
    scene: var[Scene | None] = var(None, init=False, bindings=True, always_update=True)  # never compared: arrays
    lr_chart_wanted: var[bool | None] = var(None, init=False, bindings=True)  # None: shown when it fits
    plane_wanted: var[bool] = var(False, init=False, bindings=True)  # regression, narrow: the (w, b) plane
    maximised: var[bool] = var(False, init=False)  # m: the f chart and the formula line alone
    pending: var[Scenario] = var(Scenario, init=False)  # the last scenario asked for (a dial turns from here)

    def __init__(self, scenario: Scenario, *, screenshot_dir: str = ".", lesson: str | None = None,
                 start_step: int | None = None, start_zoom: str | None = None) -> None:
        super().__init__()
        self.screenshot_dir = screenshot_dir  # where s and e write
        self.scenario = scenario  # the last computed
        self.pending = scenario
        self.lesson = (scenario, lesson) if lesson else None  # said while that very scenario is shown
        # how the next result opens (a step, a view of the f chart): None keeps the view as it is
        self._opening = (start_step or 0, start_zoom) if start_step is not None or start_zoom else None
        self._rates_on_open = bool(lesson) and any(p.rates and p.lesson == lesson for p in PRESETS.values())
        self._last_panel: Widget | None = None
        self._panels: list[Panel[Scene]] | None = None
        self.player = Player(self.set_interval, self._advance)
        self.x0_dial = X0Dial()
        self.computing: Latest[Computed] = Latest(self, self._landed, "compute")
        self._newest: Computed | None = None  # the last computation to finish (worker threads, one at a time)
        self.ahead = Ahead(self)  # the runs of the dials' next turns, computed while the app waits for a key

    def compose(self) -> ComposeResult:
        # the size's classes before the first styles (not after them, on the first resize: every
        # widget styled twice before the first frame settles)
        self.update_classes(breakpoint_classes(*self.app.size))
        with Vertical(id="main"):
            yield ScenarioForm(self.scenario, id="form")
            yield from self.above_charts()
            with Horizontal(id="charts"):
                yield Chart(REGRESSION, id="regression-chart")
                yield Chart(FUNCTION, id="function-chart")
                with Vertical(id="loss-side"):
                    yield Chart(LOSS, id="loss-chart")
                    yield Chart(RATES, id="lr-chart")
            yield StepFormula(id="step-formula")
            with Horizontal(id="details"):
                yield StepTable(id="step-table")
                yield RunStatus(id="run-status")
        yield Static(f"enlarge the terminal (need ≥ {MIN_SIZE[0]}×{MIN_SIZE[1]})", id="too-small")
        yield KeyFooter(compact=True, held=True)  # its keys come with the first result (_landed)

    def above_charts(self) -> ComposeResult:
        """What a screen built on this one shows between the fields and the charts (a lesson's scene)."""
        yield from ()

    def on_mount(self) -> None:
        if self._rates_on_open:  # a preset about η_eff opens with the η_k chart
            self.lr_chart_wanted = True
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._redraw(force=True))
        self.form.set_info(self.lesson[1] if self.lesson else None)
        self.call_after_refresh(self.apply, self.scenario)  # the first frame first, then the work
        self.set_timer(KEYS_AT_THE_LATEST, self._show_keys)  # a long first computation: the keys meanwhile

    def on_unmount(self) -> None:
        self.computing.close()  # quitting: the computation stops within a block of steps
        self.ahead.close()

    @property
    def form(self) -> ScenarioForm:
        return self.query_one(ScenarioForm)

    @property
    def panels(self) -> list[Panel[Scene]]:
        """The screen's panels (looked up once: they never change)."""
        if self._panels is None:
            self._panels = list(self.query(Panel))
        return self._panels

    def _redraw(self, force: bool = False) -> None:
        """Every panel shown draws the view; a hidden one waits until it shows (``arrange_panels``)."""
        scene, view = self.drawn(self.scene, self.view)
        for panel in self.panels:
            if force:
                panel.invalidate()
            if panel.display:
                panel.show(scene, view)

    def drawn(self, scene: Scene | None, view: View) -> tuple[Scene | None, View]:
        """What the panels draw of a computed scene, and how: all of it here, as the keys chose (a
        lesson's open question hides what would give its answer away)."""
        return scene, view

    def watch_view(self) -> None:
        self._redraw()

    # -- layout -----------------------------------------------------------------------------------
    def on_resize(self) -> None:
        self.arrange_panels()
        self.refresh_bindings()  # v applies on a narrow screen only

    @property
    def scheduled(self) -> bool:
        return self.scene is not None and not self.scene.result.schedule.is_constant

    @property
    def rates_apply(self) -> bool:
        """The η_k chart has something to show: a schedule, or a run whose η_eff is not η (not plain descent)."""
        return self.scheduled or self.rates_effective

    @property
    def rates_effective(self) -> bool:
        """The η_k chart draws η_eff too: some run is not plain descent."""
        return self.scene is not None and not all(o.is_plain for o in self.scene.result.optimizers)

    @property
    def averages(self) -> bool:
        """A run reports an average rather than its gradient points (schedule-free)."""
        return self.scene is not None and any(o.KEPT_POINT for o in self.scene.result.optimizers)

    @property
    def plane_swaps(self) -> bool:
        """The regression on a narrow screen: the data and the (w, b) plane take turns (v)."""
        return is_regression(self.scene) and self.size.width < WIDE

    def watch_scene(self) -> None:
        self.arrange_panels()

    def watch_lr_chart_wanted(self) -> None:
        self.arrange_panels()

    def watch_plane_wanted(self) -> None:
        self.arrange_panels()

    def watch_maximised(self, maximised: bool) -> None:
        self.set_class(maximised, "-maximised")  # the fields, a lesson's note, the table: app.tcss
        self.arrange_panels()
        if isinstance(self.focused, Widget) and not self.focused.display or maximised:
            self.set_focus(self.query_one("#function-chart"))

    def action_maximise(self) -> None:
        """The f chart (with the step's formula line under it) on the whole screen, or back."""
        self.maximised = not self.maximised

    def arrange_panels(self) -> None:
        """Which panels show: the η_k chart under the loss chart when a schedule is on and the
        screen is tall; on a short screen it takes the loss chart's place when asked for (g)."""
        tall = self.size.height >= TALL
        wanted = tall if self.lr_chart_wanted is None else self.lr_chart_wanted
        lr = self.rates_apply and wanted
        self.query_one("#lr-chart").display = lr
        self.query_one("#loss-chart").display = not lr or tall
        self.query_one("#loss-side").set_class(lr and tall, "-both")
        # with η_eff beside η_k (some run is not plain descent) the η_k chart says more: an equal share
        self.query_one("#loss-side").set_class(lr and tall and self.rates_effective, "-effective")
        regression, wide = is_regression(self.scene), self.size.width >= WIDE
        self.query_one("#regression-chart").display = regression and (wide or not self.plane_wanted)
        self.query_one("#function-chart").display = not regression or wide or self.plane_wanted
        if self.maximised:  # m: the f chart alone (with two parameters, the plane)
            self.query_one("#regression-chart").display = False
            self.query_one("#loss-side").display = False
            self.query_one("#function-chart").display = True
        else:
            self.query_one("#loss-side").display = True
        if self.scene is None or self.view.result is self.scene.result:  # (a new scene: its view comes next)
            self._redraw()  # the panels that now show catch up

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """g and v show in the footer only when they apply; otherwise their key says why (why_not)."""
        if action == "toggle_lr_chart":
            return self.rates_apply
        if action == "toggle_average":
            return self.averages
        if action == "toggle_regression":
            return self.plane_swaps
        return True

    def action_toggle_regression(self) -> None:
        self.plane_wanted = not self.plane_wanted

    def action_toggle_lr_chart(self) -> None:
        tall = self.size.height >= TALL
        wanted = tall if self.lr_chart_wanted is None else self.lr_chart_wanted
        self.lr_chart_wanted = not wanted

    def action_toggle_eta_eff(self) -> None:
        self.view = self.view.with_eta_eff(not self.view.eta_eff)

    def action_toggle_average(self) -> None:
        self.view = self.view.averaged(not self.view.average)

    def action_why_not(self, key: str) -> None:
        if key == "g":
            self.form.tell("g shows η_k and η_eff: here η is constant and plain descent's η_eff is η itself (set a "
                           "schedule in sched, e.g. step:step_size=10, or another optimizer, e.g. adam)")
        elif key == "a":
            self.form.tell("a shows a schedule-free run's average x_avg; no run here is schedule-free "
                           "(opt: sf_sgd or sf_adamw)")
        elif is_regression(self.scene):
            self.form.tell("v swaps the data and the (w, b) plane on a narrow screen; here both are shown")
        else:
            self.form.tell("v swaps the regression's data and (w, b) plane; this is not a regression "
                           "(ctrl+p → preset: linreg)")

    def action_trial(self, delta: int) -> None:
        """k / K: follow the next / previous trial (its records are descended; the statistics stay)."""
        s = self.pending
        if not s.model.is_function:
            self.form.tell("k and K follow another trial of a noisy function; the regression's noise is its "
                           "minibatches, one run each")
            return
        if not (s.noisy and s.trials > 1):
            need = "σ > 0 and trials > 1" if not s.noisy else "trials > 1"
            self.form.tell(f"k and K follow another trial of a noisy scenario; set {need} in the fields")
            return
        trial = (s.trial + delta) % s.trials
        self.form.tell(f"following trial {trial} of {s.trials:,}")
        self.apply(s.with_(trial=trial))

    # -- computing --------------------------------------------------------------------------------
    def apply(self, scenario: Scenario) -> None:
        """Compute a scenario once, in a thread; the last good result stays on screen meanwhile.
        The runs of the last computation to finish that it shares are taken over, not computed again
        (another trial followed: that trial alone is descended, the statistics of every trial kept)."""
        for line in warnings(scenario, LESSON_KEYS):  # trials without noise: said, computed all the same
            self.form.tell(line)
        self.pending = scenario
        self.form.set_busy(True)
        self.ahead.stop()  # what a key asks for comes first
        self.computing.submit(partial(self._compute, scenario), f"computing {scenario!r}")

    def _compute(self, scenario: Scenario, token: CancelToken) -> Computed:
        """In the worker (one job at a time): from the last computation to finish, shown or not."""
        before = self._newest
        done = self.ahead.ready(scenario, before) or compute_scene(scenario, token, before, self.ahead.runs)
        self._newest = done
        self.ahead.came_from(before)
        return done

    def _show_keys(self) -> None:
        self.query_one(KeyFooter).release()

    def _landed(self, outcome: Outcome[Computed]) -> None:
        self._show_keys()  # the first outcome: its keys are built after its frame (once: released)
        match outcome:
            case Done(Computed(scenario, scene)):
                self._computed(scenario, scene)
                self.set_timer(AHEAD_AFTER, self._compute_ahead)  # once its frame is out
            case Refused(error):
                self._failed(error.field, str(error))
            case Failed(error, where):
                self._failed(None, f"could not compute: {error} (a bug; {where})")

    def _computed(self, scenario: Scenario, scene: Scene) -> None:
        self.scenario = scenario
        self.form.set_info(self.lesson[1] if self.lesson and self.lesson[0] == scenario else None)
        self.form.show_result(scenario, scene.result.problem)
        self.form.set_busy(self.computing.busy)
        view = self.view.showing(scene.result)
        if self._opening is not None:  # a fresh view: the first run, the linear scale, the trail
            (step, zoom), self._opening = self._opening, None
            view = (View(zoom=zoom) if zoom else View()).showing(scene.result).at(step)
        self.scene = scene  # which panels show (watch_scene), which keys apply (bindings=True)
        self.view = view
        self._show_player()
        if isinstance(self.focused, Widget) and not self.focused.display:
            self.hand_back_keys()  # a hidden panel had the focus

    def _failed(self, field: Field | None, message: str) -> None:
        self.pending = self.scenario  # a dial turns on from the last good scenario
        self.form.set_busy(self.computing.busy)
        if not self.form.show_error(field, message):  # the field it concerns is marked, or the screen says it
            self.notify(visible(message), severity="error", timeout=10, markup=False)

    @on(ScenarioForm.Applied)
    def _applied(self, event: ScenarioForm.Applied) -> None:
        if event.scenario != self.pending:  # Enter on unchanged fields only gives the keys back
            self.apply(event.scenario)
        self.hand_back_keys()

    @on(ScenarioForm.Left)
    def _left(self) -> None:
        self.hand_back_keys()

    def hand_back_keys(self) -> None:
        """Focus the panel that had it before the fields (or the first chart shown): → steps at once."""
        panel = self._last_panel
        if panel is None or not panel.display or not panel.is_attached:
            panel = next((p for p in self.panels if p.can_focus and p.display), None)
        self.set_focus(panel)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if not isinstance(event.widget, Input):
            self._last_panel = event.widget

    def action_preset(self, name: str) -> None:
        p = preset(name)
        if p.rates:
            self.lr_chart_wanted = True
        self.open(p.scenario, note=p.lesson)

    def open(self, scenario: Scenario, *, note: str | None = None, step: int | None = None,
             zoom: str | None = None) -> None:
        """Show a scenario as a preset or a lesson's scene does: the fields show it, its note is said
        while that very scenario is shown, and with a step or a view its result opens there afresh."""
        self.lesson = (scenario, note) if note else None
        self.form.fill(scenario)
        self.form.forget_note()  # a passing note was about what was on screen before
        self.form.set_info(note)
        if step is not None or zoom is not None:
            self._opening = (step or 0, zoom)
        self.apply(scenario)

    def _compute_ahead(self) -> None:
        """While the app waits for a key: the runs of the dials' next turns (:mod:`..ahead`)."""
        if not self.computing.busy and self.scene is not None:
            self.ahead.start(self._next_turns(), self._newest)

    def _next_turns(self) -> list[Scenario]:
        """The scenarios one turn of the η dial (↑, ↓) and the x0 dial (., ,) away, in that order."""
        lrs, i = self.pending.lrs, self._lr_index()
        turns = [self._with_lr(eta_rung(lrs[i], direction)) for direction in (1, -1)]
        turns += [self._with_x0(0, direction, self.x0_dial.peek) for direction in (1, -1)]
        return [turn for turn in turns if turn is not None]

    # -- dials: η and x0 --------------------------------------------------------------------------
    def _turn(self, scenario: Scenario, field: Field) -> None:
        self.form.set_text(field, BY_FIELD[field].text_of(scenario))
        self.apply(scenario)

    def _lr_index(self) -> int:
        return min(self.view.run % len(self.pending.lrs), len(self.pending.lrs) - 1)

    def _with_lr(self, lr: float) -> Scenario | None:
        """The scenario with the selected run's η set to ``lr`` (None: it is that already)."""
        lrs, i = self.pending.lrs, self._lr_index()
        return None if lr == lrs[i] else self.pending.with_(lrs=(*lrs[:i], lr, *lrs[i + 1:]))

    def _set_lr(self, lr: float) -> None:
        turned = self._with_lr(lr)
        if turned is None:
            self.form.tell(f"η = {short(lr)} is at the end of the dial (1e-9 to 1e9)")
            return
        self._turn(turned, Field.LR)

    def action_eta(self, direction: int) -> None:
        self._set_lr(eta_rung(self.pending.lrs[self._lr_index()], direction))

    def action_eta_decade(self, direction: int) -> None:
        self._set_lr(eta_decade(self.pending.lrs[self._lr_index()], direction))

    def _with_x0(self, axis: int, direction: int, turn: Callable[[int, float, float, int], float]) -> Scenario | None:
        """The scenario with x0's coordinate ``axis`` one rung of ``turn`` (the x0 dial's) that way
        (None: nothing shown yet, or no such coordinate)."""
        scene, x0 = self.scene, self.pending.x0
        if scene is None or axis >= len(x0):
            return None
        box = scene.frame(self.view.zoom, self.view.run)  # the window the f chart shows
        span = box.xhi - box.xlo if axis == 0 else box.yhi - box.ylo
        moved = turn(axis, x0[axis], span, direction)
        return self.pending.with_(x0=(*x0[:axis], moved, *x0[axis + 1:]))

    def action_x0(self, axis: int, direction: int) -> None:
        if self.scene is None:
            return
        turned = self._with_x0(axis, direction, self.x0_dial.turn)  # a ladder that stays put while dialling
        if turned is None:
            self.form.tell("< and > move y0 of f(x, y); this f has one parameter (, and . move x0)")
            return
        self._turn(turned, Field.X0)

    @on(Chart.Clicked, "#function-chart")
    def _chart_clicked(self, event: Chart.Clicked) -> None:
        """A click on f(x) or the (x, y) plane: the runs start there."""
        if self.scene is None:
            return
        x = rounded(event.x, event.dx)
        x0 = (x,) if self.scene.result.dims == 1 else (x, rounded(event.y, event.dy))
        if x0 != self.pending.x0:
            self._turn(self.pending.with_(x0=x0), Field.X0)

    # -- stepping ---------------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        self.view = self.view.moved(delta)

    def action_first(self) -> None:
        self.view = self.view.at(0)

    def action_last(self) -> None:
        self.view = self.view.at(self.view.last_step)

    def action_run(self, delta: int) -> None:
        self.view = self.view.selected(delta)

    @on(RunStatus.Picked)
    def _picked(self, event: RunStatus.Picked) -> None:
        self.view = self.view.selected(event.run - self.view.run)

    def action_toggle_log(self) -> None:
        self.view = self.view.scaled(not self.view.log_scale)

    def action_play(self) -> None:
        if self.player.playing:
            self.player.stop()
        else:
            if self.view.step >= self.view.last_step:
                self.view = self.view.at(0)
            self.player.start()
        self._show_player()

    def action_speed(self, delta: int) -> None:
        self.player.change(delta)
        self._show_player()

    def action_zoom(self) -> None:
        """The f chart's next view: landscape → path → wide (lrtui.analysis.views)."""
        self.view = self.view.zoomed()

    def action_toggle_trail(self) -> None:
        """The last 10 steps in full and older ones faded, or every step in full."""
        self.view = self.view.trailing(not self.view.trail)

    def _advance(self, n: int) -> bool:
        self.view = self.view.moved(n)
        more = self.view.step < self.view.last_step
        if not more:
            self.call_later(self._show_player)
        return more

    def _show_player(self) -> None:
        table = self.query_one(StepTable)
        table.playing = self.player.label()
        table.show(*self.drawn(self.scene, self.view))

    # -- fields -----------------------------------------------------------------------------------
    def action_focus_function(self) -> None:
        if is_function(self.scenario):
            self.query_one("#function", Input).focus()
            return
        first = next(f for f in self.query(TextField) if f.display and not f.disabled)
        first.focus()
        self.form.tell(f"f(x) is fixed: the model is {self.scenario.model} (a preset from ctrl+p changes it); "
                       "here are its other fields")

    # -- other screens and files ------------------------------------------------------------------
    def action_sweep(self) -> None:
        self.app.push_screen(SweepScreen(self.scenario), self.adopt_lr)

    def adopt_lr(self, lr: float | None) -> None:
        """Add η to the scenario (once) and compute it."""
        if lr is None:
            return
        lrs = self.scenario.lrs if lr in self.scenario.lrs else (*self.scenario.lrs, lr)
        scenario = self.scenario.with_(lrs=lrs)
        self.form.fill(scenario)
        self.apply(scenario)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[Section]:
        return [
            ("exploring", key_rows(MainScreen.BINDINGS)),
            ("in a field", key_rows([*TextField.BINDINGS, *ScenarioForm.BINDINGS])),
            ("everywhere", key_rows(self.app.BINDINGS)),
            ("the sweep screen (w)", described_rows(SweepScreen.BINDINGS)),
            *catalogue_sections(),
        ]

    def action_screenshot(self) -> None:
        try:
            path = save_svg(self.app.export_screenshot(), self.screenshot_dir)
        except OSError as err:
            self.notify(visible(f"could not save the screenshot: {err.strerror or err}"), severity="error",
                        markup=False)
        else:
            self.post_message(Written(path, "screenshot saved"))

    def action_export(self) -> None:
        if self.scene is None:
            return
        try:
            path = export_run(self.scene.result, self.view.run, self.screenshot_dir)
        except OSError as err:
            self.notify(visible(f"could not export: {err.strerror or err}"), severity="error", markup=False)
        else:
            self.post_message(Written(path, f"{self.scene.result.label(self.view.run)} exported"))
