"""A panel that shows one part of the view: it redraws only when that part changed, paints its
rows once per (what it shows, size, theme), and repaints only the rows that differ.

Subclasses say what they depend on (``key``), what their border says (``titles``) and how
their rows look (``paint``). Over SSH every byte counts: a step that moves one point of a
chart sends that row, not the whole panel.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from ..charts.palette import Palette
from ..view import View

S = TypeVar("S")  # what the panel shows: a Scene (the main screen's charts), a sweep, …


class Panel(Widget, Generic[S], can_focus=True):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.scene: S | None = None
        self.view = View()
        self._key: object = None
        self._built: tuple[object, list[Strip]] | None = None
        self._titles: tuple[str, str] | None = None

    # -- what subclasses say --------------------------------------------------------------------
    def key(self, view: View) -> object:
        """The part of the view this panel depends on."""
        raise NotImplementedError

    def titles(self, scene: S, view: View) -> tuple[Text, Text]:
        """The border's title and subtitle."""
        return Text(""), Text("")

    def paint(self, scene: S, width: int, height: int) -> list[Strip]:
        """The panel's rows, top first."""
        raise NotImplementedError

    # -- showing --------------------------------------------------------------------------------
    @property
    def palette(self) -> Palette:
        _, _, background, foreground = self.colors
        return Palette(self.app.current_theme.dark, background.rgb, foreground.rgb)

    def invalidate(self) -> None:
        self._key = None
        self._built = None
        self._titles = None

    def on_resize(self) -> None:
        self._key, self._titles = None, None  # a legend shortens or grows with the width
        self.show(self.scene, self.view)

    def show(self, scene: S | None, view: View) -> None:
        """Show a view; repaint only the rows that changed."""
        key = (id(scene), self.key(view))
        if key == self._key:
            return
        self._key, self.scene, self.view = key, scene, view
        old = self._built[1] if self._built is not None else None
        retitled = False
        if scene is not None:
            title, subtitle = self.titles(scene, view)
            if self._titles != (title.markup, subtitle.markup):
                self._titles = (title.markup, subtitle.markup)
                self.border_title, self.border_subtitle = title, subtitle  # each repaints it all
                retitled = True
        new = self.strips()
        if retitled or old is None or len(old) != len(new):
            self.refresh()
        else:
            width = self.size.width
            changed = [Region(0, y, width, 1) for y, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
            if changed:
                self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        strips = self.strips()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)

    def strips(self) -> list[Strip]:
        """The rows, built once per (what it shows, size, theme)."""
        width, height = self.size
        built_key = (self._key, width, height, self.app.theme)
        if self._built is not None and self._built[0] == built_key:
            return self._built[1]
        if self.scene is None or width < 8 or height < 4:
            note = "computing…" if self.scene is None else ""
            line = Strip([Segment(note.center(width)[:width], self.rich_style + Style(dim=True))], width)
            strips = [Strip.blank(width, self.rich_style)] * (height // 2) + [line]
        else:
            strips = self.paint(self.scene, width, height)
        self._built = (built_key, strips)
        return strips
