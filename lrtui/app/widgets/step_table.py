"""The selected run's records around the current step: a window that fits, never the whole run.

Building the window costs the same for 20 steps or 1,000,000: only the visible rows are read.
"""

from __future__ import annotations

import numpy as np
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from ...result import Result
from ..format import fit
from ..theme import hex_colour, run_colour, run_marker
from ..view import View


def columns(result: Result, r: int) -> list[str]:
    names = result.parameters
    if result.dims == 1:
        head = ["step", "x", "f(x)", "f'(x)"]
        return head + (["η·f'(x)"] if result.optimizers[r] == "sgd" else ["x_k − x_k+1"])
    grads = [f"∂f/∂{n}" for n in names]
    return ["step", *names, "f", *grads, "|step|"]


def row(result: Result, r: int, k: int, width: int) -> list[str]:
    x, g = result.x[r, k], result.grad[r, k]
    if result.optimizers[r] == "sgd":
        move = result.lr[r, k] * g
    elif k < int(result.stopped_at[r]):
        move = x - result.x[r, k + 1]
    else:
        move = None
    cells = [f"{k:,}", *(fit(v, width) for v in x), fit(result.loss[r, k], width), *(fit(v, width) for v in g)]
    if move is None:
        cells.append("")
    elif result.dims == 1:
        cells.append(fit(move[0], width))
    else:
        cells.append(fit(float(np.sqrt(np.sum(np.square(move)))), width))
    return cells


class StepTable(Widget, can_focus=True):
    COMPONENT_CLASSES = {"step-table--current", "step-table--header", "step-table--ahead"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.view = View()
        self._key: object = None
        self.playing = ""

    def invalidate(self) -> None:
        self._key = None

    def show(self, scene, view: View) -> None:
        res = view.result
        key = (id(res), view.run, view.run_step() if res is not None else 0, view.step, self.playing)
        if key == self._key:
            return
        self._key, self.view = key, view
        if res is not None:
            r = view.run
            k = view.run_step()
            frozen = f" (stopped at {k:,})" if view.step > k else ""
            colour = hex_colour(run_colour(r, self.app.current_theme.dark))
            self.border_title = Text.assemble(
                (run_marker(r), f"bold {colour}"), f" {res.label(r)} · step {view.step:,} of {view.last_step:,}{frozen}"
            )
            self.border_subtitle = Text(self.playing)
        self.refresh()

    def window(self, height: int) -> range:
        """The records to list: the current one and its neighbours, as many as ``height`` rows hold."""
        view = self.view
        last = int(view.result.stopped_at[view.run])
        k = view.run_step()
        rows = max(1, height)
        start = max(0, min(k - rows // 2, last + 1 - rows))
        return range(start, min(last + 1, start + rows))

    def render(self):
        res = self.view.result
        if res is None:
            return Text("computing…", style="dim")
        r, k = self.view.run, self.view.run_step()
        names = columns(res, r)
        step_width = max(4, len(f"{int(res.stopped_at[r]):,}"))
        width = max(6, (self.size.width - step_width - len(names)) // max(1, len(names) - 1))
        table = Table(
            box=None,
            padding=(0, 0, 0, 1),
            pad_edge=False,
            expand=True,
            show_edge=False,
            header_style=self.get_component_rich_style("step-table--header"),
        )
        for name in names:
            table.add_column(name, justify="right", no_wrap=True, overflow="crop")
        current = self.get_component_rich_style("step-table--current")
        ahead = self.get_component_rich_style("step-table--ahead")
        for i in self.window(self.size.height - 1):
            style = current if i == k else (ahead if i > k else None)
            table.add_row(*row(res, r, i, width), style=style)
        return table
