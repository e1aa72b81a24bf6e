"""What the screen shows of a finished Result: the step cursor, the selected run, the scale,
the f chart's view (landscape, path, wide) and whether older steps fade (the trail).

One immutable value in one place: the app swaps it, every panel reads it and redraws only
when the part it depends on changed. Nothing here recomputes the descent.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.result import Result


@dataclass(frozen=True, eq=False)
class View:
    result: Result | None = None
    step: int = 0  # the global step cursor, 0..last_step
    run: int = 0  # the run shown in the step table
    log_scale: bool = False
    zoom: str = "landscape"  # the f chart's window: landscape, path or wide (lrtui.analysis.views.VIEWS)
    trail: bool = True  # the last 10 steps in full, older ones faded (False: every step in full)
    average: bool = False  # the f chart draws schedule-free runs' average x_avg beside their gradient points
    eta_eff: bool = False  # the step table shows the η_eff column

    def _fields(self) -> tuple[object, ...]:
        return (self.step, self.run, self.log_scale, self.zoom, self.trail, self.average, self.eta_eff)

    def __eq__(self, other: object) -> bool:
        """The same result (the very object: results hold arrays) shown the same way."""
        if not isinstance(other, View):
            return NotImplemented
        return self.result is other.result and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((id(self.result), *self._fields()))

    @property
    def last_step(self) -> int:
        return int(self.result.stopped_at.max()) if self.result is not None else 0

    def run_step(self, r: int | None = None) -> int:
        """The record run r shows at the cursor: a stopped run stays frozen at its last record."""
        if self.result is None:
            return 0
        r = self.run if r is None else r
        return min(self.step, int(self.result.stopped_at[r]))

    def at(self, step: int) -> View:
        return replace(self, step=max(0, min(int(step), self.last_step)))

    def moved(self, delta: int) -> View:
        return self.at(self.step + delta)

    def selected(self, delta: int) -> View:
        runs = self.result.runs if self.result is not None else 1
        return replace(self, run=(self.run + delta) % runs)

    def scaled(self, log_scale: bool) -> View:
        return replace(self, log_scale=log_scale)

    def zoomed(self, zoom: str | None = None) -> View:
        """The named view of the f chart, or the next one (landscape → path → wide → landscape)."""
        from ..analysis.views import VIEWS  # NumPy: not on the path to the first frame

        if zoom is None:
            zoom = VIEWS[(VIEWS.index(self.zoom) + 1) % len(VIEWS)]
        if zoom not in VIEWS:
            raise ValueError(f"unknown view {zoom!r}; valid: {', '.join(VIEWS)}")
        return replace(self, zoom=zoom)

    def trailing(self, trail: bool) -> View:
        return replace(self, trail=trail)

    def averaged(self, average: bool) -> View:
        return replace(self, average=average)

    def with_eta_eff(self, shown: bool) -> View:
        return replace(self, eta_eff=shown)

    def showing(self, result: Result) -> View:
        """The same view of a new result: run and step kept where they still exist; at the end stays at the end."""
        at_end = self.result is not None and self.step >= self.last_step > 0
        new = replace(self, result=result, run=min(self.run, result.runs - 1))
        return new.at(new.last_step if at_end else self.step)
