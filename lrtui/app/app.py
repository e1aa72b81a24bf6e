"""The lrtui app: fields on top, f(x) and the loss side by side, the step table and run status below.

The app holds one :class:`View` (result, step, run, scale); keys swap it for another and every
panel redraws only if its part changed. Applying the fields computes once, in a thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import var
from textual.widgets import Footer, Input, Static

from ..errors import InputError
from ..expr.client import start_worker
from ..presets import preset
from ..scenario import Scenario, compute
from .commands import LrtuiCommands
from .files import export_run, save_svg  # noqa: I001 - numpy loads in the compute worker
from .player import Player
from .screens.help import HelpScreen
from .screens.sweep import SweepScreen
from .theme import DEFAULT_THEME, LIGHT
from .view import View
from .widgets.function_chart import FunctionChart
from .widgets.loss_chart import LossChart
from .widgets.lr_chart import LrChart
from .widgets.regression_chart import RegressionChart, is_regression
from .widgets.run_status import RunStatus
from .widgets.scenario_form import ScenarioForm
from .widgets.step_formula import StepFormula
from .widgets.step_table import StepTable

if TYPE_CHECKING:
    from .charts.scene import Scene

STEP, TEN = Binding.Group("step", compact=True), Binding.Group("±10", compact=True)
RUN, SPEED = Binding.Group("run", compact=True), Binding.Group("speed", compact=True)
ENDS = Binding.Group("jump")
MIN_SIZE = (60, 20)
TALL = 32  # rows from which the η_k chart fits under the loss chart
WIDE = 100  # columns from which the regression's data and (w, b) plane both fit
TYPED_IN_A_FIELD = {
    "sweep", "toggle_regression", "toggle_lr_chart", "play", "run", "toggle_log",
    "screenshot", "export", "help", "quit", "speed", "focus_function", "zoom", "toggle_trail",
}


class LrtuiApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "lrtui"
    COMMANDS = App.COMMANDS | {LrtuiCommands}
    AUTO_FOCUS = "#function-chart"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_SIZE[0], "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_SIZE[1], "-short"), (32, "-tall")]
    # The footer shows what teaches (it must fit 80 columns); the rest is in ? help and the palette.
    BINDINGS = [
        Binding("left", "step(-1)", "step", key_display="←", group=STEP),
        Binding("right", "step(1)", "step", key_display="→", group=STEP),
        Binding("space", "play", "play"),
        Binding("left_square_bracket", "run(-1)", "run", key_display="[", group=RUN),
        Binding("right_square_bracket", "run(1)", "run", key_display="]", group=RUN),
        Binding("l", "toggle_log", "log"),
        Binding("z", "zoom", "view", show=False),
        Binding("t", "toggle_trail", "trail", show=False),
        Binding("w", "sweep", "sweep η"),
        Binding("g", "toggle_lr_chart", "η_k"),
        Binding("v", "toggle_regression", "plane"),
        Binding("f", "focus_function", "f(x)", show=False),
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("q", "quit", "quit"),
        Binding("s", "screenshot", "shot", show=False),
        Binding("e", "export", "csv", show=False),
        Binding("shift+left", "step(-10)", "±10", key_display="⇧←", group=TEN, show=False),
        Binding("shift+right", "step(10)", "±10", key_display="⇧→", group=TEN, show=False),
        Binding("home", "first", "first", key_display="home", group=ENDS, show=False),
        Binding("end", "last", "last", key_display="end", group=ENDS, show=False),
        Binding("minus", "speed(-1)", "speed", key_display="−", group=SPEED, show=False),
        Binding("plus,equals_sign", "speed(1)", "speed", key_display="+", group=SPEED, show=False),
        Binding("escape", "leave_field", "leave field"),
    ]
    view: var[View] = var(View, init=False)

    def __init__(self, scenario: Scenario | None = None, *, screenshot_dir: str = ".",
                 theme: str | None = None, lesson: str | None = None, start_step: int = 0) -> None:
        super().__init__()
        start_worker()  # sympy loads in the symbolic worker, on the other core, while the UI starts
        self.register_theme(LIGHT)
        self.theme = theme or DEFAULT_THEME
        self.scenario = scenario or preset("quadratic").scenario
        self.screenshot_dir = screenshot_dir
        self.lesson = lesson
        self.scene: Scene | None = None
        self._generation = 0
        self._start_step: int | None = start_step
        self.player = Player(self.set_interval, self._advance)
        self.lr_chart_wanted: bool | None = None  # None: shown when it fits under the loss chart
        self.plane_wanted = False  # the regression on a narrow screen: data and lines (False) or the (w, b) plane

    def compose(self) -> ComposeResult:
        with Vertical(id="main"):
            yield ScenarioForm(self.scenario, id="form")
            with Horizontal(id="charts"):
                yield RegressionChart(id="regression-chart")
                yield FunctionChart(id="function-chart")
                with Vertical(id="loss-side"):
                    yield LossChart(id="loss-chart")
                    yield LrChart(id="lr-chart")
            yield StepFormula(id="step-formula")
            with Horizontal(id="details"):
                yield StepTable(id="step-table")
                yield RunStatus(id="run-status")
        yield Static(f"enlarge the terminal (need ≥ {MIN_SIZE[0]}×{MIN_SIZE[1]})", id="too-small")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, lambda _theme: self._redraw(force=True))
        self.form.set_info(self.lesson)
        self.form.set_busy(True)
        self.call_after_refresh(self.apply, self.scenario)  # the first frame first, then the work

    @property
    def form(self) -> ScenarioForm:
        return self.query_one(ScenarioForm)

    def _redraw(self, force: bool = False) -> None:
        panels = "RegressionChart, FunctionChart, LossChart, LrChart, StepFormula, StepTable, RunStatus"
        for panel in self.query(panels):
            if force:
                panel.invalidate()
            panel.show(self.scene, self.view)

    def on_resize(self) -> None:
        self.arrange()
        self.refresh_bindings()

    @property
    def scheduled(self) -> bool:
        return self.scene is not None and not self.scene.result.schedule.is_constant

    def arrange(self) -> None:
        """Which panels show: the η_k chart under the loss chart when a schedule is on and the
        screen is tall; on a short screen it takes the loss chart's place when asked for (g)."""
        tall = self.size.height >= TALL
        wanted = tall if self.lr_chart_wanted is None else self.lr_chart_wanted
        lr = self.scheduled and wanted
        self.query_one(LrChart).display = lr
        self.query_one(LossChart).display = not lr or tall
        self.query_one("#loss-side").set_class(lr and tall, "-both")
        regression, wide = is_regression(self.scene), self.size.width >= WIDE
        self.query_one(RegressionChart).display = regression and (wide or not self.plane_wanted)
        self.query_one(FunctionChart).display = not regression or wide or self.plane_wanted

    def action_toggle_regression(self) -> None:
        self.plane_wanted = not self.plane_wanted
        self.arrange()

    def action_toggle_lr_chart(self) -> None:
        tall = self.size.height >= TALL
        wanted = tall if self.lr_chart_wanted is None else self.lr_chart_wanted
        self.lr_chart_wanted = not wanted
        self.arrange()

    def watch_view(self) -> None:
        self._redraw()

    # -- computing ----------------------------------------------------------------------------
    def apply(self, scenario: Scenario) -> None:
        """Compute a scenario once, in a thread; the last good result stays on screen meanwhile."""
        self._generation += 1
        self.form.set_busy(True)
        self._compute(scenario, self._generation)

    @work(thread=True, exclusive=True, group="compute")
    def _compute(self, scenario: Scenario, generation: int) -> None:
        try:
            from .charts.scene import build_scene  # NumPy: off the path to the first frame

            scene = build_scene(compute(scenario))
        except InputError as err:
            self.call_from_thread(self._failed, generation, err.field, str(err))
        except Exception as err:  # noqa: BLE001 - reported in the message line, never a crash
            self.call_from_thread(self._failed, generation, None, f"could not compute: {err}")
        else:
            self.call_from_thread(self._computed, generation, scenario, scene)

    def _computed(self, generation: int, scenario: Scenario, scene: Scene) -> None:
        if generation != self._generation:
            return
        self.scene, self.scenario = scene, scenario
        self.form.show_result(scenario, scene.result.problem)
        self.form.set_busy(False)
        view = self.view.showing(scene.result)
        if self._start_step is not None:
            view, self._start_step = view.at(self._start_step), None
        self.arrange()
        self.view = view
        self._show_player()
        self.refresh_bindings()

    def _failed(self, generation: int, field: str | None, message: str) -> None:
        if generation != self._generation:
            return
        self.form.set_busy(False)
        if field in ("function", "lr", "x0", "steps", "tol", "optimizer", "schedule"):
            self.form.mark(field, message)
        else:
            self.notify(message, severity="error", timeout=8)

    @on(ScenarioForm.Applied)
    def _applied(self, event: ScenarioForm.Applied) -> None:
        self.form.set_info(None)
        self.apply(event.scenario)

    def load_preset(self, name: str) -> None:
        p = preset(name)
        self.form.fill(p.scenario)
        self.form.set_info(p.lesson)
        self.apply(p.scenario)

    # -- keys ---------------------------------------------------------------------------------
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

    def action_zoom(self) -> None:
        """The f chart's next view: landscape → path → wide (lrtui.views)."""
        self.view = self.view.zoomed()

    def action_toggle_trail(self) -> None:
        """The last 10 steps in full and older ones faded, or every step in full."""
        self.view = self.view.trailing(not self.view.trail)

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

    def _advance(self, n: int) -> bool:
        self.view = self.view.moved(n)
        more = self.view.step < self.view.last_step
        if not more:
            self.call_later(self._show_player)
        return more

    def _show_player(self) -> None:
        table = self.query_one(StepTable)
        table.playing = self.player.label()
        table.show(self.scene, self.view)

    def action_focus_function(self) -> None:
        self.query_one("#function", Input).focus()

    def action_leave_field(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(StepTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In a field, keys type: the footer then offers only what still works there."""
        if isinstance(self.screen, SweepScreen):
            return action not in MAIN_SCREEN_ONLY  # its footer shows its own keys
        in_field = isinstance(self.focused, Input)
        if action == "leave_field":
            return in_field
        if action == "toggle_lr_chart" and not self.scheduled:
            return False
        if action == "toggle_regression" and not (is_regression(self.scene) and self.size.width < WIDE):
            return False
        return not (in_field and action in TYPED_IN_A_FIELD)

    def action_sweep(self) -> None:
        self.push_screen(SweepScreen(self.scenario), self.adopt_lr)

    def adopt_lr(self, lr: float | None) -> None:
        """Add η to the scenario (once) and compute it."""
        if lr is None:
            return
        lrs = self.scenario.lrs if lr in self.scenario.lrs else (*self.scenario.lrs, lr)
        scenario = self.scenario.with_(lrs=lrs)
        self.form.fill(scenario)
        self.apply(scenario)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_screenshot(self) -> None:
        try:
            path = save_svg(self.export_screenshot(), self.screenshot_dir)
        except OSError as err:
            self.notify(f"could not save the screenshot: {err.strerror or err}", severity="error")
        else:
            self.notify(f"screenshot saved to {path}")

    def action_export(self) -> None:
        if self.scene is None:
            return
        try:
            path = export_run(self.scene.result, self.view.run, self.screenshot_dir)
        except OSError as err:
            self.notify(f"could not export: {err.strerror or err}", severity="error")
        else:
            self.notify(f"{self.scene.result.label(self.view.run)} exported to {path}")


MAIN_SCREEN_ONLY = {b.action.split("(")[0] for b in LrtuiApp.BINDINGS} - {"help", "quit"}
