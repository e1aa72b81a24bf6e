"""The terminal sizes the layout is built around (no Textual here: ``lrtui shot`` checks --size with it)."""

from __future__ import annotations

MIN_SIZE = (60, 20)  # below this the app asks for a larger terminal
TALL = 32  # rows from which the η_k chart fits under the loss chart
WIDE = 100  # columns from which the regression's data and (w, b) plane both fit

# the screen's classes by its size (Textual's breakpoints: the last threshold the size reaches)
HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (MIN_SIZE[0], "-narrow"), (WIDE, "-wide")]
VERTICAL_BREAKPOINTS = [(0, "-tiny-h"), (MIN_SIZE[1], "-short"), (TALL, "-tall")]


def breakpoint_classes(width: int, height: int) -> dict[str, bool]:
    """The breakpoint classes a screen of width × height has (True) and has not (False), as
    Textual sets them on the screen's first resize: set before it, the first styles are the right
    ones and that resize restyles nothing."""
    classes = {name: False for _, name in HORIZONTAL_BREAKPOINTS + VERTICAL_BREAKPOINTS}
    for size, breakpoints in ((width, HORIZONTAL_BREAKPOINTS), (height, VERTICAL_BREAKPOINTS)):
        reached = [name for threshold, name in breakpoints if size >= threshold]
        if reached:
            classes[reached[-1]] = True
    return classes
