"""Colours and marks: a light theme that prints well, and a colour and a marker per run.

Runs differ by marker as well as by colour, so a chart stays readable in grey (NO_COLOR,
a black-and-white printer). Colours follow Okabe–Ito, which colour-blind readers can tell apart.
"""

from __future__ import annotations

from textual.theme import Theme

LIGHT = Theme(
    name="lrtui-light",
    primary="#0B5CAD",
    secondary="#6A3D9A",
    accent="#B35900",
    warning="#B35900",
    error="#C0182B",
    success="#1B7F3B",
    foreground="#111111",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E6E6E6",
    dark=False,
    variables={
        "footer-key-foreground": "#0B5CAD",
        "border-blurred": "#BBBBBB",
        "input-selection-background": "#0B5CAD 30%",
    },
)

DEFAULT_THEME = "textual-dark"
THEMES = (DEFAULT_THEME, LIGHT.name)

RGB = tuple[int, int, int]

_ON_DARK: list[RGB] = [
    (86, 180, 233),  # sky blue
    (230, 159, 0),  # orange
    (0, 200, 140),  # bluish green
    (240, 228, 66),  # yellow
    (204, 121, 167),  # reddish purple
    (213, 94, 0),  # vermillion
    (120, 160, 255),  # blue
    (190, 150, 255),  # lavender (not grey: the step's arrow is white)
]
_ON_LIGHT: list[RGB] = [
    (0, 114, 178),  # blue
    (213, 94, 0),  # vermillion
    (0, 140, 100),  # bluish green
    (170, 60, 140),  # reddish purple
    (150, 110, 0),  # dark yellow
    (110, 60, 190),  # violet (not near black: the step's arrow is black)
    (86, 140, 200),  # sky blue, darker
    (140, 80, 20),  # brown
]
EDGE_MARKS = "▲▼◀▶"  # where a point beyond the chart left it: above, below, left, right (charts.trace's sides)
RUN_MARKERS = ["o", "x", "+", "*", "#", "@", "%", "&"]
CURRENT_MARKER = "●"


def run_colour(r: int, dark: bool) -> RGB:
    palette = _ON_DARK if dark else _ON_LIGHT
    return palette[r % len(palette)]


def run_marker(r: int) -> str:
    return RUN_MARKERS[r % len(RUN_MARKERS)]


def curve_colour(dark: bool) -> RGB:
    """The colour of f itself: quieter than the runs."""
    return (140, 140, 140) if dark else (120, 120, 120)


def hex_colour(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)
