"""The colours a chart draws with, taken once from the app's theme: runs, the curve, levels, faded
trails, the step's arrow (a colour of its own), what f did (the formula line's arrow); and the
characters it draws lines with (its charset: lrtui.app.charts.charset).

Fading blends a colour toward the background (not a terminal's "dim", which PNG and SVG
exports render differently), so an old step reads as quieter in every output; under
NO_COLOR Textual turns the blend into a lighter grey.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..theme import RGB, curve_colour, run_colour
from .charset import DEFAULT

DOWN_DARK, UP_DARK = (0, 200, 140), (255, 90, 90)
DOWN_LIGHT, UP_LIGHT = (27, 127, 59), (192, 24, 43)
CHALK_DARK, CHALK_LIGHT = (255, 255, 255), (0, 0, 0)


@dataclass(frozen=True)
class Palette:
    dark: bool
    background: RGB
    foreground: RGB
    charset: str = DEFAULT  # braille, block or ascii

    @classmethod
    def default(cls, dark: bool = True, charset: str = DEFAULT) -> Palette:
        return cls(dark, (30, 30, 30) if dark else (255, 255, 255), (224, 224, 224) if dark else (17, 17, 17), charset)

    def run(self, r: int) -> RGB:
        return run_colour(r, self.dark)

    def faded(self, rgb: RGB, keep: float = 0.45) -> RGB:
        """``rgb`` blended toward the background, keeping ``keep`` of it."""
        b = self.background
        return (
            round(b[0] + keep * (rgb[0] - b[0])),
            round(b[1] + keep * (rgb[1] - b[1])),
            round(b[2] + keep * (rgb[2] - b[2])),
        )

    @property
    def curve(self) -> RGB:
        return curve_colour(self.dark)

    @property
    def axes(self) -> RGB:
        return self.faded(self.foreground, 0.7)

    @property
    def arrow(self) -> RGB:
        """The colour of the current step's arrow on the f chart: chalk (white on dark, black on
        light), which no run uses, so a step never reads as part of another run's series. What f
        did is in its head (↘ down, ↗ up), which survives NO_COLOR and grey prints."""
        return CHALK_DARK if self.dark else CHALK_LIGHT

    def went(self, direction: str) -> RGB:
        """The colour of a step by what f did: down (good), up, or flat."""
        if direction == "down":
            return DOWN_DARK if self.dark else DOWN_LIGHT
        if direction == "up":
            return UP_DARK if self.dark else UP_LIGHT
        return self.foreground

    def level(self, t: int, levels: int) -> RGB:
        """Level line t of ``levels``: light greys close to the background, low levels a little stronger."""
        f = t / max(levels - 1, 1)
        return self.faded(self.foreground, 0.3 - 0.15 * f)
