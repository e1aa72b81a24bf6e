"""The lrtui app: a theme, a screenshot folder, the keys that work everywhere, and the main screen.

Everything a user explores lives on :class:`MainScreen`. An unexpected exception (a bug) ends
the app as Textual does — with its traceback on stderr after the screen is restored and a
non-zero exit status — and its traceback is also kept in the error log.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..expr.client import start_worker
from ..presets import preset
from ..scenario import Scenario
from .background import use_daemon_threads
from .screens.main import MainScreen
from .sizes import MIN_SIZE
from .theme import DEFAULT_THEME, LIGHT


class LrtuiApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "lrtui"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_SIZE[0], "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_SIZE[1], "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", priority=True, show=False,
                tooltip="quit, from anywhere (a field, help, the sweep)"),
        Binding("ctrl+p", "command_palette", "palette", priority=True, show=False,
                tooltip="command palette: presets, themes, screenshot, export"),
    ]

    def __init__(self, scenario: Scenario | None = None, *, screenshot_dir: str = ".",
                 theme: str | None = None, lesson: str | None = None, start_step: int | None = None) -> None:
        super().__init__()
        start_worker()  # sympy loads in the symbolic worker, on the other core, while the UI starts
        self.register_theme(LIGHT)
        self.theme = theme or DEFAULT_THEME
        self.main = MainScreen(scenario or preset("quadratic").scenario, screenshot_dir=screenshot_dir,
                               lesson=lesson, start_step=start_step)

    def on_load(self) -> None:
        use_daemon_threads()  # quitting never waits for a computation, a sweep or a function check

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's, but Screenshot is lrtui's own: an SVG in the screenshot folder (Textual's
        writes to ~/Downloads, which is often missing over SSH)."""
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
                yield command
        yield SystemCommand("Screenshot", f"save an SVG of the screen in {self.main.screenshot_dir}",
                            lambda: self.call_after_refresh(self.main.action_screenshot))

    def _handle_exception(self, error: Exception) -> None:
        """A bug: its traceback goes to the error log too, then Textual ends the app (exit status 1)."""
        from textual.worker import WorkerFailed

        from .error_log import record

        record(error.error if isinstance(error, WorkerFailed) else error, "running the app")
        super()._handle_exception(error)
