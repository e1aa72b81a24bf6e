"""The app rendered without a terminal: SVG and plain text of one settled frame.

How to take a picture (:class:`Shot`: the f chart's view, keys to press first, the footer and the
window decoration or not), waiting until the app has settled, and the screen exported: the SVG
with or without the window decoration, and the text for handouts. :mod:`.camera` takes the
pictures (``camera.render`` for one).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from typing import Any

from rich._export_format import CONSOLE_SVG_FORMAT
from rich.cells import cell_len
from rich.color import blend_rgb
from rich.console import Console
from rich.segment import Segment, Segments
from rich.style import Style
from rich.terminal_theme import SVG_EXPORT_THEME
from textual.app import App
from textual.widgets import Footer

from .shapes import drawn, scripts, shape, small

CHAR_WIDTH = 20 * 0.61  # rich's SVG cell: 20 px high, Fira Code's aspect ratio
LINE_HEIGHT = 20 * 1.22


@dataclass(frozen=True)
class Shot:
    """How to take the picture: the f chart's view, keys to press first, what to leave out."""

    zoom: str | None = None  # landscape, path or wide
    press: tuple[str, ...] = ()  # Textual key names, pressed in order once the app is ready
    footer: bool = True  # the key footer in the SVG (never in the text)
    chrome: bool = True  # the window decoration around the SVG
    charset: str | None = None  # what the charts draw lines with (None: the app's own)


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
    """The screen as SVG, as ``App.export_screenshot`` makes it but with box lines, blocks, braille
    and sub- and superscripts drawn as shapes (:mod:`.shapes`); ``chrome=False`` leaves out the
    window decoration (title bar, frame, shadow): just the terminal's cells, for slides."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    update: Any = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    cells = Segment.split_and_crop_lines(Segment.filter_control(console.render(update)), width, pad=False,
                                        include_new_lines=False)
    text, shapes = _shaped(cells)
    console.print(Segments(text), end="")
    code_format = CONSOLE_SVG_FORMAT
    if not chrome:
        view_box = f'viewBox="{{terminal_x}} {{terminal_y}} {width * CHAR_WIDTH:g} {height * LINE_HEIGHT:g}"'
        code_format = code_format.replace('viewBox="0 0 {width} {height}"', view_box).replace("{chrome}", "")
    svg = console.export_svg(title=app.title, code_format=code_format)
    return MATRIX.sub(lambda m: f'<g class="{m.group(1)}-shapes">{"".join(shapes)}</g>\n    {m.group(0)}', svg, 1)


MATRIX = re.compile(r'<g class="([\w-]+)-matrix">')


def _shaped(lines: Iterable[list[Segment]]) -> tuple[list[Segment], list[str]]:
    """The screen's rows as segments, each character that is drawn as a shape left blank (its
    background kept), and the shapes' SVG (in the terminal's coordinates, as rich lays out cells)."""
    out: list[Segment] = []
    shapes: list[str] = []
    for row, line in enumerate(lines):
        col = 0
        for seg in line:
            text, style = seg.text, seg.style
            if any(drawn(ch) for ch in text):
                kept = []
                top, fill, bold = row * LINE_HEIGHT + 1.5, _fill(style), bool(style and style.bold)
                for kind, group in groupby(text, key=scripts):
                    chars = "".join(group)
                    if kind:  # a run of sub- or superscripts: set close together
                        shapes.append(small(chars, col * CHAR_WIDTH, top, CHAR_WIDTH, LINE_HEIGHT, fill, bold))
                        kept.append(" " * len(chars))
                        col += len(chars)
                        continue
                    for ch in chars:
                        if drawn(ch):
                            shapes.append(shape(ch, col * CHAR_WIDTH, top, CHAR_WIDTH, LINE_HEIGHT, fill, bold))
                            kept.append(" ")
                        else:
                            kept.append(ch)
                        col += cell_len(ch)
                out.append(Segment("".join(kept), style))
            else:
                out.append(seg)
                col += cell_len(text)
        out.append(Segment.line())
    if out:
        out.pop()  # no new line after the last row
    return out, shapes


@lru_cache(maxsize=1024)
def _fill(style: Style | None) -> str:
    """The colour rich's SVG gives a character of this style (its default theme, reverse, dim)."""
    style = style or Style()
    theme = SVG_EXPORT_THEME
    color = theme.foreground_color if style.color is None or style.color.is_default else \
        style.color.get_truecolor(theme)
    bgcolor = theme.background_color if style.bgcolor is None or style.bgcolor.is_default else \
        style.bgcolor.get_truecolor(theme)
    if style.reverse:
        color, bgcolor = bgcolor, color
    if style.dim:
        color = blend_rgb(color, bgcolor, 0.4)
    return color.hex


def footers(app: App[Any], shown: bool) -> None:
    for footer in app.screen.query(Footer):
        footer.display = shown
