"""The lrtui app: a theme, a screenshot folder, the keys that work everywhere, and the main screen.

Everything a user explores lives on :class:`MainScreen`. An unexpected exception (a bug) ends
the app as Textual does — with its traceback on stderr after the screen is restored and a
non-zero exit status — and that traceback is also kept in the error log: Textual prints it to
the app's ``error_console``, which here is :class:`~lrtui.app.error_log.LoggedConsole`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen

from ..errors import visible
from ..expr.client import expect, start_worker
from ..teaching.presets import preset
from ..teaching.scenario import Scenario
from . import collector
from .background import use_daemon_threads
from .charts.charset import DEFAULT
from .error_log import LoggedConsole
from .messages import Written
from .screens.main import MainScreen
from .sizes import HORIZONTAL_BREAKPOINTS, VERTICAL_BREAKPOINTS
from .theme import DEFAULT_THEME, LIGHT
from .widgets.chart import Chart

if TYPE_CHECKING:
    from ..teaching.lesson import Lesson

COLLECT_AT_THE_LATEST = 1.0  # s after the first frame: the garbage collector runs again, first result or not


class LrtuiApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "lrtui"
    HORIZONTAL_BREAKPOINTS = HORIZONTAL_BREAKPOINTS
    VERTICAL_BREAKPOINTS = VERTICAL_BREAKPOINTS
    charset: var[str] = var(DEFAULT)  # braille, block or ascii (lrtui.app.charts.charset)
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", priority=True, show=False,
                tooltip="quit, from anywhere (a field, help, the sweep)"),
        Binding("ctrl+p", "command_palette", "palette", priority=True, show=False,
                tooltip="command palette: presets, themes, screenshot, export"),
    ]

    def __init__(self, scenario: Scenario | None = None, *, screenshot_dir: str = ".",
                 theme: str | None = None, lesson: str | None = None, start_step: int | None = None,
                 plan: Lesson | None = None, scene: int = 0, served: bool = False, charset: str = DEFAULT) -> None:
        """``lesson`` is a preset's one-line lesson; ``plan`` a whole lesson (``lrtui lesson``),
        opened at its scene number ``scene`` (0-based) instead of ``scenario``. ``served``: the app
        runs in a browser tab (``lrtui serve``): what s and e write is delivered to the browser.
        ``charset``: what the charts draw lines with (braille, block or ascii; the palette changes it)."""
        super().__init__()
        self.charset = charset
        self.error_console = LoggedConsole()  # the traceback a bug ends the app with: stderr and the log
        first = scenario or preset("quadratic").scenario
        if plan is None and first.function is not None:  # a text lrtui does not know: sympy loads meanwhile
            expect(first.function)
        self.register_theme(LIGHT)
        self.theme = theme or DEFAULT_THEME
        self.served = served
        self._worker_asked = False
        self.main: MainScreen
        if plan is not None:
            from .screens.lesson import LessonScreen

            self.main = LessonScreen(plan, scene=scene, screenshot_dir=screenshot_dir)
        else:
            self.main = MainScreen(first, screenshot_dir=screenshot_dir, lesson=lesson, start_step=start_step)

    def watch_charset(self) -> None:
        """Every chart on every open screen redraws in the new characters."""
        for screen in self.screen_stack:
            for chart in screen.query(Chart):
                chart.invalidate()
                chart.show(chart.scene, chart.view)

    def on_load(self) -> None:
        use_daemon_threads()  # quitting never waits for a computation, a sweep or a function check

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        self.watch(self.main, "scene", self._first_result, init=False)

    def on_ready(self) -> None:
        """The first frame is on screen: load what the first result needs meanwhile (see
        :func:`load_result_modules`), in the gaps between the frames that settle the layout."""
        threading.Thread(target=load_result_modules, name="lrtui-load", daemon=True).start()
        self.set_timer(COLLECT_AT_THE_LATEST, collector.release)  # a first result that takes long

    def _first_result(self, scene: object) -> None:
        """The symbolic worker checks a function as a user types it: started once the first result
        is on screen (lrtui's own texts need no worker, so it never slows the first result), and
        only where a user types (a headless app, as ``lrtui shot``, starts it when a text needs it)."""
        if scene is not None:
            self.call_after_refresh(collector.release)  # held by lrtui's command (lrtui.app.collector)
        if scene is not None and not self.is_headless and not self._worker_asked:
            self._worker_asked = True
            self.call_after_refresh(start_worker)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's, but Screenshot is lrtui's own: an SVG in the screenshot folder (Textual's
        writes to ~/Downloads, which is often missing over SSH)."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        what = "download an SVG of the screen" if self.served else \
            f"save an SVG of the screen in {self.main.screenshot_dir}"
        yield SystemCommand("Screenshot", what, lambda: self.call_after_refresh(self.main.action_screenshot))

    @on(Written)
    def _written(self, event: Written) -> None:
        self.notify(visible(f"{event.what} {self.hand_over(event.path)}"), markup=False)

    def hand_over(self, path: Path) -> str:
        """Where a file that s or e wrote went, said as "to …": its path; served to a browser, the
        file (in the session's own temporary folder) is sent to the browser as a download."""
        if not self.served:
            return f"to {path}"
        mime = {".svg": "image/svg+xml", ".csv": "text/csv"}.get(path.suffix, "application/octet-stream")
        self.deliver_binary(path, open_method="download", mime_type=mime)
        return f"to your browser's downloads ({path.name})"


def load_result_modules() -> None:
    """Import what computing and drawing the first result needs beyond the first frame: NumPy,
    the engine, the analysis, the chart layer (plotext). The computation imports them anyway,
    later: started at the first frame, this runs while Textual waits between the frames that
    settle the layout, so the first result comes sooner (benchmarks/bench_ui.py). An import that
    fails here fails again, and is reported, where it is needed."""
    try:
        from ..analysis import analyse, formula  # noqa: F401
        from ..engine import descent, joined, scalar  # noqa: F401
        from ..expr import function  # noqa: F401
        from ..optim import registry  # noqa: F401
        from ..teaching import runs  # noqa: F401
        from .charts import contour, legend, loss, rates, scene  # noqa: F401
        from .charts import function as function_chart  # noqa: F401
    except Exception:  # only a head start: the import that needs the module reports its failure
        pass
