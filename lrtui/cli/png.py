"""SVG to pixels with the optional ``png`` extra (resvg-py and the Fira Code font package).

:func:`svg_to_png` renders a whole screen at once (``lrtui shot --output FILE.png``).
:func:`svg_bands` renders it a band of rows at a time, for an animation's frames: resvg needs
about three times the band's RGBA bytes while it works, so a 400×200-cell screen (4898×4930
pixels: 1 GB of resvg's buffers at once) stays within a few tens of MB. Each band is rendered
with a margin above and below that is then cut off: resvg smooths a shape's edge differently
where the picture ends, and the margin keeps those edges out of the rows kept, so the bands put
together are the very pixels of one whole rendering (tests/test_animation_memory.py). resvg lays out
every text of an SVG however little of it is drawn, so a band's SVG keeps only the screen's cells
(Textual's ``<rect>`` backgrounds and ``<text>`` runs) within ``REACH`` units of the band: far
more than a glyph reaches from its row, so what is drawn is the same.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BAND_PIXELS = 4_000_000  # pixels resvg renders at once for an animation's frame
MARGIN = 32  # rows rendered above and below a band and cut off
REACH = 64  # units above and below a band within which the screen's cells are kept in its SVG
_NUMBER = r"(-?\d+(?:\.\d+)?)"
_VIEWBOX = re.compile(f'viewBox="{_NUMBER} {_NUMBER} {_NUMBER} {_NUMBER}"')
_TERMINAL = re.compile(rf'<g transform="translate\({_NUMBER}, {_NUMBER}\)" clip-path="url\(#[\w-]+-clip-terminal\)">')
_CELL = re.compile(r'<(?:rect|text)\b[^<>]*?\sy="(-?\d+(?:\.\d+)?)"[^<>]*?(?:/>|>[^<]*</text>)')


def available(gif: bool = False) -> bool:
    """Whether the ``png`` extra is installed (with ``gif``: Pillow too, which assembles a GIF)."""
    try:
        import fontpkg_fira_code  # noqa: F401
        import resvg_py  # noqa: F401

        if gif:
            import PIL  # noqa: F401
    except ImportError:
        return False
    return True


def font_files() -> list[str]:
    import fontpkg_fira_code

    root = Path(fontpkg_fira_code.ROOT)
    return sorted(str(p) for p in root.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))


# characters Fira Code lacks, drawn with the nearest one it has (a missing glyph is an empty box)
STAND_INS = {"⏸": "‖"}


def _with_stand_ins(svg: str) -> str:
    for missing, stand_in in STAND_INS.items():
        svg = svg.replace(missing, stand_in)
    return svg


def svg_to_png(svg: str, zoom: float = 1.0) -> bytes:
    """Render with Fira Code (the font the SVG names); system fonts fill in other missing glyphs."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=_with_stand_ins(svg), font_files=font_files(), zoom=zoom))


def _view_box(svg: str) -> re.Match[str]:
    m = _VIEWBOX.search(svg, 0, 1000)
    if m is None:
        raise ValueError("not a screen's SVG: no viewBox at its start")
    return m


def frame_size(svg: str) -> tuple[int, int]:
    """The pixels of a screen's frame: its SVG's width and height, rounded up."""
    m = _view_box(svg)
    return math.ceil(float(m.group(3))), math.ceil(float(m.group(4)))


@dataclass(frozen=True)
class Band:
    """Rows ``y`` to ``y + rows`` of a frame, as resvg's PNG of them with ``above`` rows of margin on top."""

    y: int
    rows: int
    png: bytes
    above: int

    def rgb(self) -> Any:
        """The band's pixels as an RGB Pillow image (the margins cut off)."""
        from PIL import Image

        with Image.open(io.BytesIO(self.png)) as image:
            rgb = image.convert("RGB")
        if rgb.height == self.rows:
            return rgb
        return rgb.crop((0, self.above, rgb.width, self.above + self.rows))


def svg_bands(svg: str, band_pixels: int = BAND_PIXELS) -> Iterator[Band]:
    """The screen's frame (:func:`frame_size`) in bands of rows, top to bottom, each as wide as the
    frame. The frame is the SVG's view box from its top-left corner, one pixel per unit."""
    import resvg_py

    svg = _with_stand_ins(svg)
    m = _view_box(svg)
    left, up = m.group(1), float(m.group(2))
    width, height = frame_size(svg)
    rows = max(1, band_pixels // width)
    fonts = font_files()
    for y in range(0, height, rows):
        kept = min(rows, height - y)
        top, bottom = max(0, y - MARGIN), min(height, y + kept + MARGIN)
        band = _cells_within(svg, up + top - REACH, up + bottom + REACH) if (top, bottom) != (0, height) else svg
        band = band.replace(m.group(0), f'viewBox="{left} {up + top!r} {width} {bottom - top}" width="{width}" '
                            f'height="{bottom - top}"', 1)
        yield Band(y, kept, bytes(resvg_py.svg_to_bytes(svg_string=band, font_files=fonts)), y - top)


def _cells_within(svg: str, low: float, high: float) -> str:
    """The SVG without the screen's cells whose ``y`` lies outside [low, high] (the whole SVG when
    it is not laid out as Textual's screens are)."""
    terminal = _TERMINAL.search(svg)
    if terminal is None:
        return svg
    dy = float(terminal.group(2))

    def kept(cell: re.Match[str]) -> str:
        return cell.group(0) if low <= dy + float(cell.group(1)) <= high else ""

    return svg[:terminal.end()] + _CELL.sub(kept, svg[terminal.end():])
