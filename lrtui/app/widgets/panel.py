"""A panel of a screen that explores a result: it shows one part of the view, and redraws only
when that part changed.

The main screen finds its panels by this class (``query(Panel)``) and hands each the scene and
the view it shows; a new theme makes each forget what it drew (``invalidate``).
"""

from __future__ import annotations

from typing import Generic, Protocol, TypeVar, cast

from textual.widget import Widget

from ..charts.palette import Palette
from ..view import View

S = TypeVar("S")


class Looks(Protocol):
    """What the app says of the look beyond its theme: the characters the charts draw lines with."""

    charset: str
  # what the panel shows: a Scene (the main screen's panels), a sweep, …


class Panel(Widget, Generic[S]):
    def show(self, scene: S | None, view: View) -> None:
        """Show ``view`` of ``scene`` (None: no result yet); repaint only what changed."""
        raise NotImplementedError

    def invalidate(self) -> None:
        """Forget what was drawn: the next ``show`` repaints it all (the colours changed)."""
        raise NotImplementedError

    @property
    def palette(self) -> Palette:
        """The colours it draws with: the theme's, on its own background; and the app's charset."""
        _, _, background, foreground = self.colors
        return Palette(self.app.current_theme.dark, background.rgb, foreground.rgb, cast(Looks, self.app).charset)
