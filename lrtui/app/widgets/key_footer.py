"""The key bar: Textual's Footer, rebuilt once for a burst of binding changes, and only when its keys change.

Textual's Footer removes and mounts all its keys again after every change of the screen's
bindings, one rebuild per change even when several come together and even when the keys it shows
stay the same. At start-up the main screen's bindings change six times in a row (its size, its
scene, the focus…), and those rebuilds ran while the first result was being computed: ≈ 60 ms of
the path to the first frame with a result (benchmarks/bench_ui.py). This footer asks for one
rebuild after the next refresh, however many changes came before it, and skips it when the keys
it would show are the ones it shows.

A screen can hold its footer until its first result (``KeyFooter(held=True)``, then
:meth:`KeyFooter.release`): the result changes the screen's bindings (which keys apply), so keys
built before it would be built again with it, on the way to the first frame with a result
(≈ 50 ms of it at start-up, benchmarks/bench_ui.py).

An app that starts unfocused (a tab of ``lrtui serve``: Textual's web driver starts so) still
shows its keys; they work at once (a click on one focuses the app).

On a narrow screen (60 columns, or a lesson's footer with its PgDn at 80) the keys would not fit
and the footer would cut the last ones mid-word ("PgDn ne"): the least needed go first (w sweep,
l log, [] run, space play), whole, until the rest fit; every key stays in ? help.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

# the actions whose keys give way first when the footer is too narrow, in that order
GIVE_WAY = ("sweep", "toggle_log", "run", "play", "toggle_lr_chart", "toggle_regression", "eta")


class KeyFooter(Footer):
    _rebuild_asked = False
    _shown: tuple[Any, ...] | None = None  # what the keys on screen were built from

    def __init__(self, *, held: bool = False, **kwargs: Any) -> None:
        """``held``: no keys until :meth:`release` (Footer's other arguments as keywords)."""
        super().__init__(**kwargs)
        self.held = held

    def release(self) -> None:
        """Show the keys a held footer kept back (the screen's bindings as they are now); once."""
        if self.held:
            self.held = False
            if self.is_attached:  # in the footer's own turn: its keys compose as its children
                self.call_later(self.bindings_changed, self.screen)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self.held:
            return
        self._bindings_ready = True  # as Footer does: from now on it composes its keys
        # an unfocused app keeps the keys it shows (as Footer does), but shows them once: Textual's
        # web driver starts a served tab unfocused, and its key bar stayed empty until a click
        unfocused = not screen.app.app_focus and self._shown is not None
        if unfocused or not self.is_attached or screen is not self.screen:
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
            self.call_after_refresh(self.fit)

    def compose(self) -> ComposeResult:
        """Footer's keys, each made compact (or not) before it mounts: bound to the footer's
        ``compact`` afterwards, each would restyle itself on mounting (≈ 1 ms a key, at start-up)."""
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    def fit(self) -> None:
        """Every key shown again, then the least needed hidden, whole, until the rest fit the width."""
        for child in self.children:
            child.display = True
        self.call_after_refresh(self._hide_until_it_fits)

    def _hide_until_it_fits(self) -> None:
        items: list[tuple[str, list[Widget]]] = []  # (action, its widgets: a key, or a group and its label)
        for child in self.children:
            if child.has_class("-command-palette"):
                continue
            if isinstance(child, FooterKey):
                items.append((child.action, [child]))
            elif isinstance(child, KeyGroup):
                keys = list(child.query(FooterKey))
                items.append((keys[0].action if keys else "", [child]))
            elif isinstance(child, FooterLabel) and items:
                items[-1][1].append(child)
        if not items:
            return
        starts = [widgets[0].region.x for _, widgets in items]
        ends = [*starts[1:], items[-1][1][-1].region.right + 1]  # each item's room, up to the next one's
        over = ends[-1] - 1 - self.region.right
        for name in GIVE_WAY:
            if over <= 0:
                break
            for (action, widgets), start, end in zip(items, starts, ends, strict=True):
                if action.split("(")[0] == name and widgets[0].display:
                    over -= end - start
                    for widget in widgets:
                        widget.display = False

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
