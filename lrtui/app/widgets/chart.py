"""A plotext chart that redraws only when what it shows changed, and draws a run as a trace."""

from __future__ import annotations

from rich.text import Text
from textual_plotext import PlotextPlot

from ..plotting.scene import Scene
from ..plotting.trace import EDGE_MARKS, Piece
from ..theme import CURRENT_MARKER, run_colour, run_marker
from ..view import View


class Chart(PlotextPlot):
    """Subclasses say which part of the view they depend on (``key``) and how to draw it."""

    can_focus = True

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scene: Scene | None = None
        self.view = View()
        self._key: object = None
        self._built: tuple[object, Text] | None = None

    def key(self, view: View) -> object:
        raise NotImplementedError

    def titles(self, scene: Scene, view: View) -> None:
        """Set the border title (called when the key changes)."""

    def draw(self, view: View) -> None:
        raise NotImplementedError

    def invalidate(self) -> None:
        self._key = None
        self._built = None

    def show(self, scene: Scene | None, view: View) -> None:
        key = (id(scene), self.key(view))
        if key == self._key:
            return
        self._key, self.scene, self.view = key, scene, view
        if scene is not None:
            self.titles(scene, view)
        self.refresh()

    def render(self):
        dark = self.app.current_theme.dark
        built_key = (self._key, self.size, self.app.theme, dark)
        if self._built is not None and self._built[0] == built_key:
            return self._built[1]
        if self.scene is None or self.size.width < 8 or self.size.height < 4:
            return Text("computing…" if self.scene is None else "", style="dim", justify="center")
        self.plt.clear_figure()
        self.draw(self.view)
        text = super().render()
        self._built = (built_key, text)
        return text

    # -- drawing helpers ----------------------------------------------------------------------
    @property
    def dark(self) -> bool:
        return self.app.current_theme.dark

    def draw_piece(self, r: int, piece: Piece, label: str, current: tuple[float, float] | None) -> None:
        """One run: its path as lines, its steps as its marker, the current step emphasised,
        and a mark on the edge where it leaves the chart."""
        p = self.plt
        colour = run_colour(r, self.dark)
        if piece.xs.size:
            p.plot(piece.xs.tolist(), piece.ys.tolist(), marker="hd", color=colour)
        if piece.dot_x.size:
            p.scatter(piece.dot_x.tolist(), piece.dot_y.tolist(), marker=run_marker(r), color=colour, label=label)
            label = None
        for side, (xs, ys) in piece.edges.items():
            p.scatter(xs.tolist(), ys.tolist(), marker=EDGE_MARKS[side], color=colour, label=label, style="bold")
            label = None
        if current is not None:
            p.scatter([current[0]], [current[1]], marker=CURRENT_MARKER, color=colour, style="bold", label=label)
