"""The app rendered without a terminal: SVG and plain text of one settled frame.

How to take a picture (:class:`Shot`: the f chart's view, keys to press first, the footer and the
window decoration or not), waiting until the app has settled, and the screen exported: the SVG
with or without the window decoration, and the text for handouts. :mod:`.camera` takes the
pictures (``camera.render`` for one).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.console import Console
from textual.app import App
from textual.widgets import Footer

CHAR_WIDTH = 20 * 0.61  # rich's SVG cell: 20 px high, Fira Code's aspect ratio
LINE_HEIGHT = 20 * 1.22


@dataclass(frozen=True)
class Shot:
    """How to take the picture: the f chart's view, keys to press first, what to leave out."""

    zoom: str | None = None  # landscape, path or wide
    press: tuple[str, ...] = ()  # Textual key names, pressed in order once the app is ready
    footer: bool = True  # the key footer in the SVG (never in the text)
    chrome: bool = True  # the window decoration around the SVG


async def settle(app: App[Any], pilot: Any) -> None:
    """Wait until every worker (computing, checking) is done and the screen has caught up."""
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def screen_text(app: App[Any]) -> str:
    """The screen as plain text, line by line, without styles."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system=None, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def screen_svg(app: App[Any], chrome: bool = True) -> str:
    """The screen as SVG, as ``App.export_screenshot`` makes it; ``chrome=False`` leaves out the
    window decoration (title bar, frame, shadow): just the terminal's cells, for slides."""
    if chrome:
        return app.export_screenshot()
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    view_box = f'viewBox="{{terminal_x}} {{terminal_y}} {width * CHAR_WIDTH:g} {height * LINE_HEIGHT:g}"'
    bare = CONSOLE_SVG_FORMAT.replace('viewBox="0 0 {width} {height}"', view_box).replace("{chrome}", "")
    return console.export_svg(title=app.title, code_format=bare)


def footers(app: App[Any], shown: bool) -> None:
    for footer in app.screen.query(Footer):
        footer.display = shown
