"""The command palette (ctrl+p): presets, themes, export, screenshot, log scale."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..presets import PRESETS
from .theme import THEMES


class LrtuiCommands(Provider):
    def _commands(self) -> list[tuple[str, object, str]]:
        app = self.app
        out: list[tuple[str, object, str]] = []
        for p in PRESETS.values():
            out.append((f"preset: {p.name}", partial(app.load_preset, p.name), p.lesson))
        for name in THEMES:
            out.append((f"theme: {name}", partial(setattr, app, "theme", name), "switch the colours"))
        out += [
            ("export the run in the table as CSV", app.action_export, "a timestamped .csv in the screenshot folder"),
            ("save a screenshot", app.action_screenshot, "a timestamped .svg in the screenshot folder"),
            ("sweep η: final loss against η, critical and suggested η", app.action_sweep, "w"),
            ("toggle the log scale of the loss chart", app.action_toggle_log, "linear ↔ log"),
            ("the f chart's next view", app.action_zoom, "z: landscape → path → wide"),
            ("the last 10 steps or every step in full", app.action_toggle_trail, "t: trail ↔ all steps"),
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
