"""Animations of the app stepping through a run: a GIF (Pillow) or an asciicast v2 recording (.cast).

Both are written frame by frame as the steps are taken, into the file they go to: what is held
at once is one or two frames, whatever the number of frames (``benchmarks/bench_animation.py``
measures the peak memory against the frame count).

- GIF (:mod:`lrtui.cli.gif`): each step's screen goes the way of ``lrtui shot --output FILE.png``
  (SVG → pixels with resvg and Fira Code, a band of rows at a time), then onto one shared
  palette (so a frame adds no colours of its own and only the cells that changed are stored),
  ``fps`` frames a second, looping forever.
- .cast: one JSON header line (``{"version": 2, "width": …, "height": …}``), then one
  ``[time, "o", text]`` event per frame. The first frame hides the cursor, clears the screen
  and draws every row; each later one redraws only the rows that changed, each from its first
  column, so frames replace each other cleanly. Text stays text: ``asciinema play`` and the
  asciinema web player show it in any terminal font; a 20-frame recording is a few tens of KB.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from ..app.camera import Camera
    from ..app.render import Shot

DEFAULT_FPS = 4.0
FPS_LIMITS = (0.1, 50.0)
HIDE_CURSOR, CLEAR, HOME = "\x1b[?25l", "\x1b[2J", "\x1b[H"


@dataclass(frozen=True)
class Made:
    """An animation's number of frames, and a notice for stderr."""

    frames: int
    notice: str | None = None


async def animate(app: Any, size: tuple[int, int], shot: Shot, steps: tuple[int, int], kind: str,
                  sink: BinaryIO, fps: float = DEFAULT_FPS, title: str | None = None) -> Made:
    """The app headless at ``size``, one frame per step from A to B, as ``kind`` (.gif or .cast),
    written into ``sink``."""
    from ..app.camera import Camera

    async with Camera(app, size, shot) as camera:
        return await record(camera, steps, kind, sink, fps, title)


async def record(camera: Camera, steps: tuple[int, int], kind: str, sink: BinaryIO, fps: float = DEFAULT_FPS,
                 title: str | None = None) -> Made:
    """One frame per step from A to B in an open session, written into ``sink`` as it is taken.
    Steps past the runs' last step would all show the last one: the animation ends there
    instead, and the notice says so."""
    first, last = steps
    end = min(last, camera.last_step)
    first = min(first, end)
    notice = None
    if end < last:
        count = end - first + 1
        notice = (f"the runs end at step {camera.last_step:,}: the animation shows steps {first:,} to {end:,} "
                  f"({count:,} frame{'s' if count != 1 else ''})")
    if kind == ".gif":
        from .gif import GifWriter

        gif = GifWriter(sink, fps)
        for k in range(first, end + 1):
            await camera.at_step(k)
            gif.add(await camera.svg())
        gif.close()
        return Made(gif.frames, notice)
    width, height = camera.size
    cast = CastWriter(sink, width, height, fps, title)
    for k in range(first, end + 1):
        await camera.at_step(k)
        cast.add(await camera.cells())
    return Made(cast.frames, notice)


Cell = tuple[str, str]  # a character and its SGR parameters ("1;38;2;160;160;160"; "" the default)
JOIN_GAP = 4  # unchanged cells between two changes redrawn rather than jumped over (a jump costs ~8 bytes)


class CastWriter:
    """An asciicast v2 recording written as it goes: the header line, then one output event per
    frame (rows of cells) as ``add`` is given it; only the last frame is kept, to compare."""

    def __init__(self, sink: BinaryIO, width: int, height: int, fps: float = DEFAULT_FPS,
                 title: str | None = None) -> None:
        header: dict[str, object] = {"version": 2, "width": width, "height": height,
                                     "env": {"TERM": "xterm-256color"}}
        if title:
            header["title"] = title
        self.sink, self.fps, self.frames = sink, fps, 0
        self._previous: Sequence[Sequence[Cell]] = ()
        self._line(header)

    def add(self, rows: Sequence[Sequence[Cell]]) -> None:
        pen = _Pen()
        if self.frames == 0:
            pen.out.append(HIDE_CURSOR + "\x1b[0m" + CLEAR)
        for y, row in enumerate(rows):
            old = self._previous[y] if y < len(self._previous) else ()
            for start, end in _changed(old, row):
                pen.draw(y, start, row[start:end])
        text = pen.text() or HOME  # an unchanged frame is still a frame
        self._line([round(self.frames / self.fps, 6), "o", text])
        self._previous = rows
        self.frames += 1

    def _line(self, value: object) -> None:
        self.sink.write((json.dumps(value, ensure_ascii=False) + "\n").encode("utf-8"))


def _changed(old: Sequence[Cell], new: Sequence[Cell]) -> list[tuple[int, int]]:
    """The spans [start, end) of a row to redraw: cells that differ, near ones joined; a span
    never starts on the second half of a wide character."""
    spans: list[list[int]] = []
    for x, cell in enumerate(new):
        if x < len(old) and old[x] == cell:
            continue
        start = x - 1 if cell[0] == "" and x > 0 else x
        if spans and start - spans[-1][1] <= JOIN_GAP:
            spans[-1][1] = x + 1
        else:
            spans.append([start, x + 1])
    return [(a, b) for a, b in spans]


class _Pen:
    """Writes cells at places: a cursor move per span, an SGR code only where the style changes."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.sgr: str | None = None

    def draw(self, y: int, x: int, cells: Sequence[Cell]) -> None:
        self.out.append(f"\x1b[{y + 1};{x + 1}H")
        for ch, sgr in cells:
            if not ch:
                continue  # the second cell of a wide character: the terminal moved past it
            if sgr != self.sgr:
                self.out.append(f"\x1b[0;{sgr}m" if sgr else "\x1b[0m")
                self.sgr = sgr
            self.out.append(ch)

    def text(self) -> str:
        return "".join(self.out)
