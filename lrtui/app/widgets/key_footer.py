"""The key bar: Textual's Footer, rebuilt once for a burst of binding changes, and only when its keys change.

Textual's Footer removes and mounts all its keys again after every change of the screen's
bindings, one rebuild per change even when several come together and even when the keys it shows
stay the same. At start-up the main screen's bindings change six times in a row (its size, its
scene, the focus…), and those rebuilds ran while the first result was being computed: ≈ 60 ms of
the path to the first frame with a result (benchmarks/bench_ui.py). This footer asks for one
rebuild after the next refresh, however many changes came before it, and skips it when the keys
it would show are the ones it shows.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    _rebuild_asked = False
    _shown: tuple[Any, ...] | None = None  # what the keys on screen were built from

    def bindings_changed(self, screen: Screen[Any]) -> None:
        self._bindings_ready = True  # as Footer does: from now on it composes its keys
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_asked:
            self._rebuild_asked = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_asked = False
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()

    def _keys(self) -> tuple[Any, ...]:
        """Everything Footer.compose reads from the bindings: the keys, their labels and state."""
        if not self.is_attached:
            return ()
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.action, binding.description, binding.show,
             binding.group, binding.tooltip, enabled, tooltip)
            for _node, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
