"""An animated GIF written frame by frame as the frames come: memory that does not grow with them.

Every frame of a screen's animation shares one palette: the first frame's 255 colours (Pillow's
median cut, no dithering; a frame larger than ``SAMPLE_PIXELS`` is sampled on an even grid to
choose them); the 256th index is free, and marks "as it was" in later frames. A
frame is rendered band by band (:func:`lrtui.cli.png.svg_bands`) and mapped to that palette
band by band, so only two frames of palette indices (this one and the last) are ever held, one
byte a pixel. Each frame stores only the rectangle that changed since the last one, with the
pixels inside it that did not change marked transparent ("leave as it was": disposal 1); a frame
that changes nothing adds its time to the one before.

The GIF's blocks (the header, the loop, each frame's graphic control) are written here from the
GIF89a specification; each frame's pixels are LZW-encoded by Pillow
(``PIL.GifImagePlugin.getdata``, its documented GIF utility).
"""

from __future__ import annotations

import math
import struct
from collections.abc import Iterable
from typing import Any, BinaryIO

import numpy as np

from .png import BAND_PIXELS, Band, frame_size, svg_bands

COLOURS = 255  # the palette; the index after it marks a pixel the frame leaves as it was
SAMPLE_PIXELS = 4_000_000  # a larger first frame chooses the palette from an even grid of this many pixels


class GifWriter:
    """``add(svg)`` per frame, then ``close()``; ``fps`` frames a second, looping forever."""

    def __init__(self, sink: BinaryIO, fps: float, band_pixels: int = BAND_PIXELS) -> None:
        self.sink = sink
        self.delay = 1000 / fps  # milliseconds a frame is shown
        self.band_pixels = band_pixels
        self.frames = 0  # frames added (a frame that changes nothing is counted, not stored)
        self._palette: Any = None  # a 1×1 image holding the palette (Pillow maps to it)
        self._palette_bytes = b""
        self._previous: np.ndarray | None = None
        self._pending: tuple[bytes, float, bool] | None = None  # a frame written once its time is known

    def add(self, svg: str) -> None:
        width, height = frame_size(svg)
        if self._previous is not None and self._previous.shape != (height, width):
            raise ValueError("every frame of an animation has the first one's size")
        if self._palette is None:
            indices = self._first(svg, width, height)
        else:
            indices = self._mapped(svg_bands(svg, self.band_pixels), width, height)
        self.frames += 1
        self._store(indices)

    def close(self) -> None:
        if self._palette is None:
            raise ValueError("no frames")
        self._flush()
        self.sink.write(b";")

    # -- palette indices ----------------------------------------------------------------------
    def _first(self, svg: str, width: int, height: int) -> np.ndarray:
        """The palette, from the first frame (every pixel, or an even grid of ``SAMPLE_PIXELS`` of a
        larger frame), then the frame on it. Its bands are kept as resvg's PNGs meanwhile."""
        from PIL import Image

        bands = list(svg_bands(svg, self.band_pixels))
        step = max(1, math.ceil(math.sqrt(width * height / SAMPLE_PIXELS)))
        sample = np.empty(((height + step - 1) // step, (width + step - 1) // step, 3), dtype=np.uint8)
        for band in bands:
            first = -band.y % step  # the band's first row on the grid
            rows = np.asarray(band.rgb())[first::step, ::step]
            start = (band.y + first) // step
            sample[start:start + len(rows)] = rows
            del rows
        quantized = Image.fromarray(sample).quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT,
                                                     dither=Image.Dither.NONE)
        del sample
        self._palette_bytes = bytes(quantized.getpalette() or b"")[: 3 * COLOURS]
        self._palette = Image.new("P", (1, 1))
        self._palette.putpalette(self._palette_bytes)
        self._header(width, height)
        if step == 1:
            return np.array(quantized, dtype=np.uint8)  # median cut's own mapping, as Pillow's GIFs have it
        return self._mapped(bands, width, height)

    def _mapped(self, bands: Iterable[Band], width: int, height: int) -> np.ndarray:
        from PIL import Image

        indices = np.empty((height, width), dtype=np.uint8)
        for band in bands:
            mapped = band.rgb().quantize(palette=self._palette, dither=Image.Dither.NONE)
            indices[band.y:band.y + band.rows] = np.asarray(mapped)
            del mapped
        return indices

    # -- the file -----------------------------------------------------------------------------
    @property
    def _transparent(self) -> int:
        return len(self._palette_bytes) // 3  # the first index the palette does not use

    def _header(self, width: int, height: int) -> None:
        entries = max(2, 1 << (self._transparent).bit_length())  # a power of two, the free index included
        size_bits = entries.bit_length() - 2
        table = self._palette_bytes + bytes(3 * entries - len(self._palette_bytes))
        self.sink.write(b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80 | size_bits, 0, 0) + table)
        self.sink.write(b"!\xff\x0bNETSCAPE2.0\x03\x01" + struct.pack("<H", 0) + b"\x00")  # loop forever

    def _store(self, indices: np.ndarray) -> None:
        from PIL import GifImagePlugin, Image

        previous, transparent = self._previous, False
        if previous is None:
            region, x0, y0 = indices, 0, 0
        else:
            changed = indices != previous
            rows = np.flatnonzero(changed.any(axis=1))
            if rows.size == 0:  # nothing changed: the last frame stays up longer
                assert self._pending is not None
                data, shown, marked = self._pending
                self._pending = (data, shown + self.delay, marked)
                return
            cols = np.flatnonzero(changed.any(axis=0))
            y0, y1, x0, x1 = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
            region = indices[y0:y1, x0:x1].copy()
            unchanged = changed[y0:y1, x0:x1]
            del changed
            np.logical_not(unchanged, out=unchanged)
            region[unchanged] = self._transparent
            del unchanged
            transparent = True
        self._flush()
        image = Image.fromarray(region)
        image.putpalette(self._palette_bytes)
        data = b"".join(GifImagePlugin.getdata(image, offset=(x0, y0)))
        del image, region
        self._pending = (data, self.delay, transparent)
        self._previous = indices

    def _flush(self) -> None:
        if self._pending is None:
            return
        data, shown, transparent = self._pending
        packed = (1 << 2) | (1 if transparent else 0)  # disposal 1: leave the frame as it is
        index = self._transparent if transparent else 0
        control = b"!\xf9\x04" + struct.pack("<BHBB", packed, int(shown / 10), index, 0)  # time in 1/100 s
        self.sink.write(control + data)
        self._pending = None
