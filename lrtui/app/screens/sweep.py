"""The sweep over η for the current scenario (and the LR range test), computed once in a thread.

←/→ move a cursor over the swept η; a (or Enter) adopts the η under the cursor into the
scenario and closes; l switches the final loss between a log axis (the default: one huge
loss does not flatten the others) and a linear one; r switches between the sweep and the
range test; Escape closes.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from ...cancel import Cancelled, CancelToken
from ...errors import InputError
from ...teaching.scenario import Scenario
from ..widgets.key_footer import KeyFooter
from ..widgets.sweep_chart import SweepChart, SweepShown

if TYPE_CHECKING:
    from ...analysis.sweep import RangeTest, Sweep

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
        self.token = CancelToken()  # cancelled when the screen closes
        self.finished = threading.Event()  # set when the sweep's thread ends

    def compose(self) -> ComposeResult:
        yield Static("sweeping η…", id="sweep-summary")
        yield SweepChart(id="sweep-chart")
        yield Static("", id="sweep-legend")
        yield Static("", id="sweep-cursor")
        yield KeyFooter(compact=True)

    def on_mount(self) -> None:
        self._compute(self.scenario, self.token)

    def on_unmount(self) -> None:
        self.token.cancel()  # closed (or the app quits) mid-sweep: it stops within a block of steps

    @work(thread=True, exclusive=True, group="sweep")
    def _compute(self, scenario: Scenario, token: CancelToken) -> None:
        """In a thread: the sweep and the range test; ``finished`` is set as it ends, however."""
        try:
            self._show_from_thread(token, *self._sweep(scenario, token))
        except Cancelled:  # the screen closed: nothing to show, and what it held goes now
            pass
        finally:
            self.finished.set()

    def _sweep(self, scenario: Scenario, token: CancelToken) -> tuple[Callable[..., None], tuple[object, ...]]:
        """What to call on the UI thread with what: the results, or the one line that says why not."""
        try:
            from ...analysis.sweep import range_test, sweep

            problem, steps = scenario.problem(), scenario.steps  # the scenario's own, read when it was
            optimizer = scenario.optimizers[0].value
            lo, hi = sweep_range(scenario.lrs)
            s = sweep(problem, scenario.x0, lo, hi, POINTS, steps, tol=scenario.tol, optimizer=optimizer,
                      schedule=scenario.schedule.value, cancel=token)
            t = range_test(problem, scenario.x0, lo, hi, steps=min(max(steps, 100), 1000), optimizer=optimizer,
                           cancel=token)
        except InputError as err:
            return self._say, (f"could not sweep: {err}",)
        except Cancelled:
            raise
        except Exception as err:  # a bug: said on the screen in one line, its traceback in the error log
            from ..error_log import report

            where = report(err, f"sweeping {scenario!r}")
            return self._say, (f"could not sweep: {err} (a bug; {where})",)
        return self._computed, (s, t)

    def _show_from_thread(self, token: CancelToken, show: Callable[..., None], args: tuple[object, ...]) -> None:
        if not token.cancelled and self.app.is_running:  # else closed meanwhile: no screen to show it on
            self.app.call_from_thread(show, *args)

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
        return (f"η = {s.lrs[i]:.4g} ({i + 1} of {s.lrs.size}) · final loss {shown} · {status} "
                f"after {int(s.stopped_at[i]):,} steps · a adopts {adoptable(float(s.lrs[i])):g}")

    def _show(self) -> None:
        if self.sweep is None:
            return
        chart = self.query_one(SweepChart)
        shown = SweepShown(self.sweep, self.test, self.cursor, self.log_y, self.range_test)
        chart.show(shown, chart.view)
        self.query_one("#sweep-legend", Static).update(legend_text(chart.entries(shown)))
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
