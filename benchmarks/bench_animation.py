"""Animations: a 21-frame GIF and asciicast (steps 0:20 of the quadratic preset at 80×24) from one
headless session, against the way without it: one app session per frame, as 21 calls of
``lrtui shot --step K --output FILE.png`` would do (measured on a few steps, in the same process).

Also splits the GIF's time into its parts: taking the frames (the app), SVG → PNG (resvg),
assembling the GIF (Pillow). The machines are shared and noisy: read the ratios.

    python benchmarks/bench_animation.py [--size 80x24] [--frames 21] [--single 4]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import time
import warnings

from docs_page import writes_docs_section

from lrtui.app.app import LrtuiApp
from lrtui.app.camera import Camera, render
from lrtui.app.render import Shot
from lrtui.cli.animation import animate, gif
from lrtui.cli.png import svg_to_png
from lrtui.teaching.presets import preset


def app(step: int = 0) -> LrtuiApp:
    return LrtuiApp(preset("quadratic").scenario, start_step=step)


async def one_png(size: tuple[int, int], step: int) -> bytes:
    """A picture the way a single ``lrtui shot --output FILE.png`` takes it: its own app session."""
    svg, _ = await render(app(step), size, Shot())
    return svg_to_png(svg)


async def parts(size: tuple[int, int], frames: int) -> tuple[float, float, float]:
    """The GIF's time in parts: (taking the frames, SVG → PNG, Pillow)."""
    t0 = time.perf_counter()
    svgs = []
    async with Camera(app(), size, Shot()) as camera:
        for k in range(frames):
            await camera.at_step(k)
            svgs.append(await camera.svg())
    t1 = time.perf_counter()
    pngs = [svg_to_png(s) for s in svgs]
    t2 = time.perf_counter()
    gif(pngs)
    return t1 - t0, t2 - t1, time.perf_counter() - t2


async def main_async(size: tuple[int, int], frames: int, single: int) -> None:
    steps = (0, frames - 1)
    await one_png(size, 0)  # warm: the symbolic worker, imports, caches
    t = time.perf_counter()
    for k in range(single):
        await one_png(size, k * 5)
    per_frame_alone = (time.perf_counter() - t) / single
    t = time.perf_counter()
    made = await animate(app(), size, Shot(), steps, ".gif")
    gif_time = time.perf_counter() - t
    t = time.perf_counter()
    cast = await animate(app(), size, Shot(), steps, ".cast")
    cast_time = time.perf_counter() - t
    take, convert, assemble = await parts(size, frames)
    w, h = size
    print(f"{frames}-frame GIF at {w}x{h}: {gif_time:.2f} s ({len(made.data) / 1024:.0f} KB); "
          f"one app session per frame instead: {frames} × {per_frame_alone:.2f} s = {frames * per_frame_alone:.1f} s "
          f"(ratio {frames * per_frame_alone / gif_time:.1f})")
    print(f"  its parts: taking the frames {take:.2f} s, SVG → PNG {convert:.2f} s "
          f"({convert / frames * 1000:.0f} ms a frame), Pillow {assemble:.2f} s")
    print(f"{frames}-frame asciicast at {w}x{h}: {cast_time:.2f} s ({len(cast.data) / 1024:.0f} KB); "
          f"against the GIF: {gif_time / cast_time:.1f}× faster, {len(made.data) / len(cast.data):.0f}× smaller")


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--frames", type=int, default=21)
    parser.add_argument("--single", type=int, default=4, help="single shots measured for the baseline")
    args = parser.parse_args()
    w, h = (int(v) for v in args.size.split("x"))
    with warnings.catch_warnings(), contextlib.redirect_stderr(open(os.devnull, "w")):  # noqa: SIM115
        warnings.simplefilter("ignore")
        asyncio.run(main_async((w, h), args.frames, args.single))


if __name__ == "__main__":
    main()
