"""The app rendered without a terminal: SVG and plain text of one settled frame."""

from __future__ import annotations

import io

from rich.console import Console
from textual.app import App


async def settle(app: App, pilot) -> None:
    """Wait until every worker (computing, checking) is done and the screen has caught up."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: App) -> str:
    """The screen as plain text, line by line, without styles."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


async def render(app, size: tuple[int, int]) -> tuple[str, str]:
    """(SVG, text) of the app at ``size`` once its first result is on screen, nothing focused."""
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.pause()
        return app.export_screenshot(), screen_text(app)
