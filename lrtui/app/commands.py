"""The main screen's command palette (ctrl+p): presets, themes, charsets, export, sweep, log scale.

Each entry runs an action of the screen the palette was opened on, the very action its key runs
(``e`` exports, ``w`` sweeps…): the palette needs nothing of the screen but its actions' names.
(The screenshot is Textual's own palette entry, which ``LrtuiApp`` points at lrtui's screenshot.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..teaching.presets import PRESETS
from .theme import THEMES

CHARSET_HELP = {  # the palette's charset entries (lrtui.app.charts.charset)
    "braille": "the charts' lines in braille dots, 2×4 a cell (the default)",
    "block": "the charts' lines in quadrant blocks, 2×2 a cell",
    "ascii": "the charts' lines in ASCII ' . :, for terminals without braille or blocks",
}

ACTIONS = (  # (what the palette says, the screen's action, its help)
    ("export the run in the table as CSV", "export", "a timestamped .csv in the screenshot folder"),
    ("sweep η: final loss against η, critical and suggested η", "sweep", "w"),
    ("toggle the log scale of the loss chart", "toggle_log", "linear ↔ log"),
    ("the f chart's next view", "zoom", "z: landscape → path → wide"),
    ("the last 10 steps or every step in full", "toggle_trail", "t: trail ↔ all steps"),
)


class LrtuiCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        def on_screen(action: str) -> Callable[[], object]:
            return partial(self.app.run_action, action, self.screen)

        out = [(f"preset: {p.name}", on_screen(f"preset({p.name!r})"), p.lesson) for p in PRESETS.values()]
        for name in THEMES:
            out.append((f"theme: {name}", partial(setattr, self.app, "theme", name), "switch the colours"))
        for name, help_text in CHARSET_HELP.items():
            out.append((f"charset: {name}", partial(setattr, self.app, "charset", name), help_text))
        out += [(name, on_screen(action), help_text) for name, action, help_text in ACTIONS]
        return out

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
