"""A plotext chart that redraws only when what it shows changed, and draws a run as a trace."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip
from textual_plotext import PlotextPlot

from ..plotting.strips import matrix_strips
from ..theme import CURRENT_MARKER, EDGE_MARKS, hex_colour, run_colour, run_marker
from ..view import View

if TYPE_CHECKING:  # NumPy comes with the first result, not with the first frame
    from ..plotting.scene import Scene
    from ..plotting.trace import Piece


class Chart(PlotextPlot):
    """Subclasses say which part of the view they depend on (``key``) and how to draw it."""

    can_focus = True

    class Clicked(Message):
        """A click inside the plot area, in data coordinates; ``dx``, ``dy``: one cell's size there."""

        def __init__(self, chart: Chart, x: float, y: float, dx: float, dy: float) -> None:
            super().__init__()
            self.chart, self.x, self.y, self.dx, self.dy = chart, x, y, dx, dy

        @property
        def control(self) -> Chart:
            return self.chart

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.scene: Scene | None = None
        self.view = View()
        self._key: object = None
        self._built: tuple[object, list[Strip]] | None = None
        self._titles: tuple[str, str] | None = None

    def key(self, view: View) -> object:
        raise NotImplementedError

    def title(self, scene: Scene, view: View) -> str:
        raise NotImplementedError

    def draw(self, view: View) -> None:
        raise NotImplementedError

    def invalidate(self) -> None:
        self._key = None
        self._built = None
        self._titles = None

    def on_resize(self) -> None:
        self._key, self._titles = None, None  # the legend shortens or grows with the width
        self.show(self.scene, self.view)

    def show(self, scene: Scene | None, view: View) -> None:
        """Show a view; repaint only the rows of the chart that changed (over SSH, bytes count)."""
        key = (id(scene), self.key(view))
        if key == self._key:
            return
        self._key, self.scene, self.view = key, scene, view
        old = self._built[1] if self._built is not None else None
        retitled = False
        if scene is not None:
            title, subtitle = Text(self.title(scene, view)), legend(scene, self.dark, self.outer_size.width)
            if self._titles != (title.markup, subtitle.markup):
                self._titles = (title.markup, subtitle.markup)
                self.border_title, self.border_subtitle = title, subtitle  # each repaints it all
                retitled = True
        new = self._strips()
        if retitled or old is None or len(old) != len(new):
            self.refresh()
        else:
            width = self.size.width
            changed = [Region(0, y, width, 1) for y, (a, b) in enumerate(zip(old, new, strict=False)) if a != b]
            if changed:
                self.refresh(*changed)

    def render_line(self, y: int) -> Strip:
        strips = self._strips()
        return strips[y] if y < len(strips) else Strip.blank(self.size.width, self.rich_style)

    def _strips(self) -> list[Strip]:
        """The chart's rows, built once per (what it shows, size, theme)."""
        width, height = self.size
        built_key = (self._key, width, height, self.app.theme)
        if self._built is not None and self._built[0] == built_key:
            return self._built[1]
        if self.scene is None or width < 8 or height < 4:
            note = "computing…" if self.scene is None else ""
            line = Strip([Segment(note.center(width)[:width], self.rich_style + Style(dim=True))], width)
            strips = [Strip.blank(width, self.rich_style)] * (height // 2) + [line]
        else:
            p = self.plt
            p.clear_figure()
            p.xaxes(True, False)  # axes left and below only: the widget's border frames it
            p.yaxes(True, False)
            self.draw(self.view)
            p.plotsize(width, height)
            p._set_size(width, height)  # as PlotextPlot.render does
            p.theme(self._get_plotext_theme_name(self.app.theme))
            p._set_sizes()
            p._build_matrix()
            strips = matrix_strips(p.monitor.matrix)
        self._built = (built_key, strips)
        return strips

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        point = self.data_at(offset) if offset is not None and self._built is not None else None
        if point is not None:
            self.post_message(self.Clicked(self, *point))

    def data_at(self, offset: Offset) -> tuple[float, float, float, float] | None:
        """(x, y, dx, dy) under a cell of the last drawn chart (plotext puts cell c of an axis
        n cells long at lo + c·(hi − lo)/(n − 1)); None outside the plot area."""
        monitor = self.plt.monitor
        cols, rows = monitor.matrix.Cols_canvas, monitor.matrix.Rows_canvas
        (xlo, xhi), (ylo, yhi) = monitor.xlim[0], monitor.ylim[0]
        row = self.size.height - 1 - offset.y  # plotext counts rows from the bottom
        if offset.x not in cols or row not in rows or None in (xlo, xhi, ylo, yhi) or len(cols) < 2 or len(rows) < 2:
            return None
        dx, dy = (xhi - xlo) / (len(cols) - 1), (yhi - ylo) / (len(rows) - 1)
        return xlo + (offset.x - cols.start) * dx, ylo + (row - rows.start) * dy, abs(dx), abs(dy)

    # -- drawing helpers ----------------------------------------------------------------------
    @property
    def dark(self) -> bool:
        return self.app.current_theme.dark

    def draw_runs(self, pieces: dict[int, tuple[Piece, tuple[float, float] | None]]) -> None:
        """Every run in layers: paths as lines, then each step as the run's marker, then the marks
        where a run leaves the chart, then the current step (●) — so no line hides a point.
        The selected run goes last in every layer."""
        p, dark = self.plt, self.dark
        order = sorted(pieces, key=lambda r: r == self.view.run)
        for r in order:
            piece = pieces[r][0]
            if piece.xs.size:
                p.plot(piece.xs.tolist(), piece.ys.tolist(), marker="hd", color=run_colour(r, dark))
        for r in order:
            piece = pieces[r][0]
            if piece.dot_x.size:
                p.scatter(piece.dot_x.tolist(), piece.dot_y.tolist(), marker=run_marker(r), color=run_colour(r, dark))
        for r in order:
            for side, (xs, ys) in pieces[r][0].edges.items():
                p.scatter(xs.tolist(), ys.tolist(), marker=EDGE_MARKS[side], color=run_colour(r, dark), style="bold")
        for r in order:
            here = pieces[r][1]
            if here is not None:
                p.scatter([here[0]], [here[1]], marker=CURRENT_MARKER, color=run_colour(r, dark), style="bold")


def legend(scene: Scene, dark: bool, width: int = 10_000) -> Text:
    """The runs' markers and labels, in their colours, for the bottom border (a legend inside
    the chart would hide the very points a run starts from). Shortened to fit the border:
    "η: o 0.1 x 0.5 + 2 (diverged)", then "… + 2↑"."""
    full = [scene.label(r) for r in range(scene.result.runs)]
    short = [t.replace("η=", "") for t in full]
    tiny = [t.replace(" (diverged)", "↑").replace(" (diverging)", "↑") for t in short]
    for labels, head, sep in ((full, "", "  "), (short, "η: ", " "), (short, "", " "), (tiny, "η: ", " ")):
        if len(head) + sum(len(t) + 2 + len(sep) for t in labels) - len(sep) <= width - 6:
            break
    out = Text(head)
    for r, label in enumerate(labels):
        if r:
            out.append(sep)
        out.append(f"{run_marker(r)} {label}", style=hex_colour(run_colour(r, dark)))
    return out
