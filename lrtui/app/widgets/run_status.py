"""Per run: how it ended (converged / diverged / left the domain / still moving, bouncing, in a
cycle) and why, in words. A verdict taller than the panel is cut, its last line ending in …."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.text import Text
from textual import events
from textual.message import Message

from ..format import wrap_words
from ..theme import hex_colour, run_colour, run_marker
from ..view import View
from .panel import Panel

if TYPE_CHECKING:
    from ..charts.scene import Scene

INDENT = 4


class RunStatus(Panel["Scene"], can_focus=True):
    COMPONENT_CLASSES = {"run-status--selected", "run-status--verdict"}

    class Picked(Message):
        """A run was clicked."""

        def __init__(self, run: int) -> None:
            super().__init__()
            self.run = run

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.view = View()
        self._key: object = None
        self._line_runs: list[int] = []  # the run on each rendered line, for clicks

    def show(self, scene: Scene | None, view: View) -> None:
        key = (id(view.result), view.run)
        if key == self._key:
            return
        self._key, self.view = key, view
        self.border_title = "runs"
        self.refresh()

    def invalidate(self) -> None:
        self._key = None

    def lines(self, r: int, with_verdict: bool, width: int = 80) -> list[Text]:
        res = self.view.result
        assert res is not None  # lines are only asked for with a result
        dark = self.app.current_theme.dark
        colour = hex_colour(run_colour(r, dark))
        selected = r == self.view.run
        head = Text.assemble(
            ("▶ " if selected else "  "),
            (run_marker(r) + " ", f"bold {colour}"),
            (f"{res.label(r)} ", "bold"),
            res.status_text(r, brief=True),
            no_wrap=True,
            overflow="ellipsis",
        )
        if selected:
            head.stylize(self.get_component_rich_style("run-status--selected"))
        out = [head]
        a = res.analysis[r] if res.analysis else None
        if with_verdict and a is not None:
            verdict = "\n".join(wrap_words(a.verdict, width - INDENT))  # never inside gamma=0.5
            out.append(Text(verdict, style=self.get_component_rich_style("run-status--verdict")))
        return out

    @staticmethod
    def cut(text: Text, rows: int, width: int) -> Text:
        """The first ``rows`` lines of a wrapped verdict, the last one ending in … (it goes on)."""
        kept = text.plain.split("\n")[:rows]
        last = kept[-1]
        kept[-1] = (last if len(last) < width else last[: max(width - 1, 0)].rstrip()) + "…"
        return Text("\n".join(kept), style=text.style)

    def render(self) -> RenderableType:
        res = self.view.result
        if res is None:
            return Text("computing…", style="dim")
        width, height = max(self.size.width, 1), self.size.height
        sel = self.view.run
        many = res.runs >= height  # the runs' heads fill the panel: only the selected run's verdict can show
        groups = {r: self.lines(r, r == sel or not many, width) for r in range(res.runs)}
        counts = {r: sum(len(t.wrap(self.app.console, w)) for t, w in zip(g, (width, width - INDENT), strict=False))
                  for r, g in groups.items()}
        if sum(counts.values()) > height:  # only the selected run's verdict
            groups = {r: (g if r == sel else g[:1]) for r, g in groups.items()}
            counts = {r: (counts[r] if r == sel else 1) for r in groups}
        shown = list(range(res.runs))
        if sum(counts.values()) > height:  # the selected verdict is cut to fit, marked with …
            verdict_rows = counts[sel] - 1
            heads = min(res.runs, max(1, height - min(verdict_rows, max(2, height // 2))))
            start = max(0, min(sel - heads // 2, res.runs - heads))
            shown = list(range(start, start + heads))
            room = max(0, height - heads)
            if verdict_rows > room:
                groups[sel] = groups[sel][:1] + ([self.cut(groups[sel][1], room, width - INDENT)] if room else [])
                counts[sel] = 1 + room
        lines: list[RenderableType] = []
        owners: list[int] = []
        for r in shown:
            head, *verdict = groups[r]
            lines.append(head)
            lines.extend(Padding(t, (0, 0, 0, INDENT)) for t in verdict)
            owners.extend([r] * counts[r])
        self._line_runs = owners
        return Group(*lines)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is not None and 0 <= offset.y < len(self._line_runs):
            self.post_message(self.Picked(self._line_runs[offset.y]))
