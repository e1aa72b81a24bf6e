"""The main screen's command palette (ctrl+p): presets, themes, export, sweep, log scale.

(The screenshot is Textual's own palette entry, which ``LrtuiApp`` points at lrtui's screenshot.)
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..teaching.presets import PRESETS
from .theme import THEMES

if TYPE_CHECKING:
    from .screens.main import MainScreen


class LrtuiCommands(Provider):
    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        screen = cast("MainScreen", self.screen)
        out: list[tuple[str, Callable[[], object], str]] = []
        for p in PRESETS.values():
            out.append((f"preset: {p.name}", partial(screen.load_preset, p.name), p.lesson))
        for name in THEMES:
            out.append((f"theme: {name}", partial(setattr, self.app, "theme", name), "switch the colours"))
        out += [
            ("export the run in the table as CSV", screen.action_export, "a timestamped .csv in the screenshot folder"),
            ("sweep η: final loss against η, critical and suggested η", screen.action_sweep, "w"),
            ("toggle the log scale of the loss chart", screen.action_toggle_log, "linear ↔ log"),
            ("the f chart's next view", screen.action_zoom, "z: landscape → path → wide"),
            ("the last 10 steps or every step in full", screen.action_toggle_trail, "t: trail ↔ all steps"),
        ]
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
