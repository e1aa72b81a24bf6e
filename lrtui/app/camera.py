"""One headless session of the app that takes many pictures: a deck's scenes, an animation's steps.

Starting the app, its symbolic worker and the first result costs far more than a frame, so a
deck or an animation keeps one session open (``Camera``) and only moves the step cursor or
opens the next scene between pictures. Each picture is taken as ``lrtui shot`` takes one:
settled (no worker running), nothing focused, the f chart's view and the pressed keys applied.

A picture comes as SVG (for PNG and GIF), as plain text (handouts: never the key footer) or as
cells (a terminal recording: each cell's character and colours, ``cells``). ``render`` takes one
picture as SVG and text (``lrtui shot``).
"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from functools import lru_cache
from types import TracebackType
from typing import Any

from rich.cells import cell_len
from rich.color import ColorSystem
from rich.style import Style

from .render import Shot, footers, screen_svg, screen_text, settle


class Camera:
    def __init__(self, app: Any, size: tuple[int, int], shot: Shot | None = None) -> None:
        self.app, self.size, self.shot = app, size, shot or Shot()
        self._session: AbstractAsyncContextManager[Any] | None = None
        self.pilot: Any = None
        self._footer_shown: bool | None = None

    async def __aenter__(self) -> Camera:
        self._session = self.app.run_test(size=self.size)
        self.pilot = await self._session.__aenter__()
        await self._ready()
        return self

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:
        if self._session is not None:
            await self._session.__aexit__(kind, error, tb)

    async def _ready(self) -> None:
        """As a user would find it: the result on screen, the view picked, the keys pressed."""
        app, shot = self.app, self.shot
        if shot.charset is not None:
            app.charset = shot.charset
        await settle(app, self.pilot)
        if shot.zoom is not None:
            app.main.view = app.main.view.zoomed(shot.zoom)
        app.set_focus(None)
        await self.pilot.pause()
        for key in shot.press:
            await self.pilot.press(key)
            await settle(app, self.pilot)
        self._footer_shown = None

    # -- moving ----------------------------------------------------------------------------------
    async def open_scene(self, index: int) -> None:
        """A lesson's scene, as PgDn opens it (at its step, in its view), then the shot's view and keys:
        from the main screen (what the keys opened for the last scene, the sweep screen, is closed)."""
        while len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        self.app.main.open_scene(index)
        await self._ready()

    async def at_step(self, step: int) -> None:
        main = self.app.main
        main.view = main.view.at(step)
        await self.pilot.pause()

    @property
    def step(self) -> int:
        return int(self.app.main.view.step)

    @property
    def last_step(self) -> int:
        return int(self.app.main.view.last_step)

    # -- pictures --------------------------------------------------------------------------------
    async def _footer(self, shown: bool) -> None:
        if self._footer_shown is not shown:
            footers(self.app, shown)
            self._footer_shown = shown
            await self.pilot.pause()

    async def svg(self) -> str:
        await self._footer(self.shot.footer)
        return screen_svg(self.app, self.shot.chrome)

    async def text(self) -> str:
        await self._footer(False)  # the handout: the screen without the keys
        return screen_text(self.app)

    async def cells(self) -> list[list[Cell]]:
        """The screen's rows, cell by cell: (character, SGR parameters) as a colour terminal draws
        them (``"1;38;2;160;160;160"``; ``""`` for the terminal's default). A wide character's
        second cell is ``("", sgr)``."""
        await self._footer(self.shot.footer)
        update = self.app.screen._compositor.render_update(full=True, screen_stack=self.app._background_screens)
        rows: list[list[Cell]] = []
        for line in update.strips:
            row: list[Cell] = []
            for strip in line:
                for text, style, control in strip:
                    if control:
                        continue
                    sgr = _sgr(style)
                    for ch in text:
                        row.append((ch, sgr))
                        if cell_len(ch) == 2:
                            row.append(("", sgr))
            rows.append(row)
        return rows


Cell = tuple[str, str]


@lru_cache(maxsize=4096)
def _sgr(style: Style | None) -> str:
    """A style's SGR parameters in 24-bit colour, as rich writes them."""
    if style is None or not style:
        return ""
    rendered = style.render("x", color_system=ColorSystem.TRUECOLOR)
    return rendered[2:rendered.index("m")] if rendered.startswith("\x1b[") else ""


async def render(app: Any, size: tuple[int, int], shot: Shot | None = None) -> tuple[str, str]:
    """(SVG, text) of the app at ``size`` once its first result is on screen and the keys are pressed."""
    async with Camera(app, size, shot) as camera:
        return await camera.svg(), await camera.text()
