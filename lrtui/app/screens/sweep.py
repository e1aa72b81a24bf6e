"""The sweep over η for the current scenario (and the LR range test), computed once in a thread.

←/→ move a cursor over the swept η; a (or Enter) adopts the η under the cursor into the
scenario and closes; l switches the final loss between a log axis (the default: one huge
loss does not flatten the others) and a linear one; r switches between the sweep and the
range test; Escape closes.
"""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...cancel import CancelToken
from ...teaching.scenario import Scenario
from ..charts.drawing import SWEEP
from ..latest import Done, Failed, Latest, Outcome, Refused
from ..view import View
from ..widgets.chart import Chart
from ..widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from ...analysis.sweep import RangeTest, Sweep
    from ...engine.noise import Noise

MOVE = Binding.Group("η", compact=True)
POINTS = 200
STATUS_WORDS = {"max_steps": "still moving", "left_domain": "left the domain"}
LR_CEILING = 1e4


def sweep_range(lrs: tuple[float, ...]) -> tuple[float, float]:
    """η from a hundredth of the smallest to a hundred times the largest (at most 1e4)."""
    lo, hi = min(lrs) / 100, min(max(lrs) * 100, LR_CEILING)
    return lo, hi if hi > lo else lo * 1e4


def legend_text(entries: list[tuple[str, tuple[int, int, int]]]) -> Text:
    """The chart's legend under it, outside the plot (wrapping between entries, never inside a
    label); each entry's first character is its mark on the chart, in its colour."""
    text = Text()
    for i, (label, (r, g, b)) in enumerate(entries):
        if i:
            text.append("  ")
        text.append(label[0], style=f"bold rgb({r},{g},{b})")
        text.append(label[1:].replace(" ", "\u00a0"))
    return text


def sweep_and_test(scenario: Scenario, token: CancelToken) -> tuple[Sweep, RangeTest]:
    """In the worker: the sweep over η around the scenario's, and the LR range test."""
    from ...analysis.sweep import range_test, sweep

    problem, steps = scenario.problem(), scenario.steps  # the scenario's own, read when it was
    optimizer = scenario.optimizers[0].value
    lo, hi = sweep_range(scenario.lrs)
    s = sweep(problem, scenario.x0, lo, hi, POINTS, steps, tol=scenario.tol, optimizer=optimizer,
              schedule=scenario.schedule.value, cancel=token, noise=sweep_noise(scenario))
    t = range_test(problem, scenario.x0, lo, hi, steps=min(max(steps, 100), 1000), optimizer=optimizer,
                   cancel=token)
    return s, t


def sweep_noise(scenario: Scenario) -> Noise | None:
    """The scenario's gradient noise for the sweep: its trials, as many as fit the sweep's runs
    (lrtui.analysis.sweep.MAX_POINTS η × trials in all)."""
    from ...analysis.sweep import MAX_POINTS
    from ...engine.noise import Noise

    if not scenario.noisy:
        return None
    return Noise(scenario.noise, max(1, min(scenario.trials, MAX_POINTS // POINTS)), scenario.seed)


def adoptable(lr: float) -> float:
    """η as typed into the field: three significant digits."""
    return float(f"{lr:.3g}")


class SweepScreen(Screen[float | None]):
    BINDINGS = [
        Binding("escape,q", "dismiss(None)", "close", tooltip="back to the main screen"),
        Binding("left", "move(-1)", "η", key_display="←", group=MOVE, tooltip="the cursor to the previous / next η"),
        Binding("right", "move(1)", "η", key_display="→", group=MOVE, tooltip="the cursor to the previous / next η"),
        Binding("shift+left", "move(-10)", "±10", key_display="⇧←", show=False, tooltip="ten η back / on"),
        Binding("shift+right", "move(10)", "±10", key_display="⇧→", show=False, tooltip="ten η back / on"),
        Binding("a,enter", "adopt", "adopt η", tooltip="add the η under the cursor to the runs and go back"),
        Binding("s", "suggested", "to suggested", tooltip="the cursor to the suggested η"),
        Binding("l", "toggle_log", "log/linear", tooltip="final loss on a log or linear axis"),
        Binding("r", "toggle_range_test", "sweep/range test", tooltip="the sweep ↔ the LR range test"),
    ]

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        self.scenario = scenario
        self.sweep: Sweep | None = None
        self.test: RangeTest | None = None
        self.cursor = 0
        self.range_test = False
        self.log_y = True
        self.sweeping: Latest[tuple[Sweep, RangeTest]] = Latest(self, self._landed, "sweep")

    def compose(self) -> ComposeResult:
        yield Static("sweeping η…", id="sweep-summary")
        yield Chart(SWEEP, id="sweep-chart")
        yield Static("", id="sweep-legend")
        yield Static("", id="sweep-cursor")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self.sweeping.submit(partial(sweep_and_test, self.scenario), f"sweeping {self.scenario!r}")

    def on_unmount(self) -> None:
        self.sweeping.close()  # closed (or the app quits) mid-sweep: it stops within a block of steps

    def _landed(self, outcome: Outcome[tuple[Sweep, RangeTest]]) -> None:
        match outcome:
            case Done((s, t)):
                self._computed(s, t)
            case Refused(error):
                self._say(f"could not sweep: {error}")
            case Failed(error, where):
                self._say(f"could not sweep: {error} (a bug; {where})")

    def _say(self, message: str) -> None:
        self.query_one("#sweep-summary", Static).update(Text(message))

    def _computed(self, s: Sweep, t: RangeTest) -> None:
        self.sweep, self.test = s, t
        self.cursor = s.suggested_index if s.suggested_index is not None else s.lrs.size // 2
        self._show()

    # -- drawing --------------------------------------------------------------------------------
    def summary(self) -> str:
        s, t = self.sweep, self.test
        if s is None or t is None:
            return "sweeping η…"
        if self.range_test:
            steep = "no steep η found" if t.steep_lr is None else f"steep η = {t.steep_lr:.3g}"
            return f"LR range test: η grows from {t.lr[0]:.3g} to {t.lr[-1]:.3g} within one run · {steep}"
        if s.critical_lr is None:
            critical = "no critical η (no minimum with curvature found)"
        else:
            what = "2/f''(x*)" if len(s.minimum or ()) == 1 else "2/λ_max(x*)"
            critical = f"critical η = {what} = {s.critical_lr:.3g}"
        if s.suggested_lr is None:
            suggested = "no η to suggest"
        elif s.noise is not None:  # the bottom of the U (lrtui.analysis.sweep's rule with noise)
            suggested = (f"suggested η = {s.suggested_lr:.3g} (≤ half the critical η, the lowest floor of "
                         f"{s.noise.trials:,} trials)")
        elif s.critical_lr is not None:
            suggested = f"suggested η = {s.suggested_lr:.3g} (≤ half the critical η, lowest loss fastest)"
        else:
            suggested = f"lowest final loss at η = {s.suggested_lr:.3g}"
            if s.suggested_index == s.lrs.size - 1:
                suggested += " (the largest η swept: f may fall without end)"
        return f"{critical} · {suggested}"

    def cursor_line(self) -> str:
        s, i = self.sweep, self.cursor
        if s is None:
            return ""
        loss = float(s.final_loss[i])
        shown = f"{loss:.4g}" if math.isfinite(loss) else "not a number"
        status = STATUS_WORDS.get(s.status[i].value, s.status[i].value)
        mean = "mean final loss" if s.noise is not None else "final loss"
        floor = f" · floor {float(s.floor[i]):.4g}" if s.floor is not None else ""
        return (f"η = {s.lrs[i]:.4g} ({i + 1} of {s.lrs.size}) · {mean} {shown}{floor} · {status} "
                f"after {int(s.stopped_at[i]):,} steps · a adopts {adoptable(float(s.lrs[i])):g}")

    def _show(self) -> None:
        if self.sweep is None:
            return
        from ..charts.sweep import SweepShown, legend_entries  # NumPy and plotext: once there is a sweep

        chart = self.query_one("#sweep-chart", Chart)
        shown = SweepShown(self.sweep, self.test, self.cursor, self.log_y, self.range_test)
        chart.show(shown, View())
        self.query_one("#sweep-legend", Static).update(legend_text(legend_entries(shown, chart.palette)))
        self._say(self.summary())
        self.query_one("#sweep-cursor", Static).update(Text("" if self.range_test else self.cursor_line()))

    # -- keys -----------------------------------------------------------------------------------
    def action_move(self, delta: int) -> None:
        if self.sweep is not None and not self.range_test:
            self.cursor = max(0, min(self.cursor + delta, self.sweep.lrs.size - 1))
            self._show()

    def action_suggested(self) -> None:
        if self.sweep is not None and self.sweep.suggested_index is not None:
            self.cursor = self.sweep.suggested_index
            self._show()

    def action_toggle_log(self) -> None:
        self.log_y = not self.log_y
        self._show()

    def action_toggle_range_test(self) -> None:
        self.range_test = not self.range_test
        self._show()

    def action_adopt(self) -> None:
        if self.sweep is None:
            return
        if self.range_test:
            lr = self.test.steep_lr if self.test is not None else None
            if lr is None:
                self.notify("the range test found no steep η to adopt", severity="warning")
                return
        else:
            lr = float(self.sweep.lrs[self.cursor])
        self.dismiss(adoptable(lr))
