"""The runs' legend for a chart's bottom border: outside the plot, so it never covers a point."""

from __future__ import annotations

from rich.text import Text

from ..theme import hex_colour, run_marker
from .palette import Palette
from .scene import Scene


def legend(scene: Scene, palette: Palette, width: int = 10_000) -> Text:
    """Each run's marker and label in its colour, shortened to fit ``width``:
    "o η=0.1  x η=0.5  + η=2 (diverged)", then "η: o 0.1 x 0.5 + 2 (diverged)", then "… + 2↑";
    cut with … when even that does not fit."""
    full = [scene.label(r) for r in range(scene.result.runs)]
    short = [t.replace("η=", "") for t in full]
    tiny = [t.replace(" (diverged)", "↑").replace(" (diverging)", "↑") for t in short]
    room = width - 6
    for labels, head, sep in ((full, "", "  "), (short, "η: ", " "), (short, "", " "), (tiny, "η: ", " ")):
        if len(head) + sum(len(t) + 2 + len(sep) for t in labels) - len(sep) <= room:
            break
    out = Text(head)
    for r, label in enumerate(labels):
        if r:
            out.append(sep)
        out.append(f"{run_marker(r)} {label}", style=hex_colour(palette.run(r)))
    if out.cell_len > room > 1:
        out.truncate(room, overflow="ellipsis")
    return out
