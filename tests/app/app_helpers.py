"""Helpers for driving the real app headless (imported by the tests of this folder)."""

from __future__ import annotations

from lrtui.app.app import LrtuiApp
from lrtui.app.render import settle
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario

__all__ = ["settle", "highlighted", "make_app"]


def make_app(scenario: Scenario | None = None, **kwargs) -> LrtuiApp:
    return LrtuiApp(scenario or preset("quadratic").scenario, **kwargs)


def highlighted(table) -> str:
    """The text of the step table's highlighted row (the one drawn in the current-row style)."""
    current = table.get_component_rich_style("step-table--current")
    for strip in table._lines():
        if any(seg.style is not None and seg.style.bgcolor == current.bgcolor for seg in strip):
            return strip.text.strip()
    return ""
