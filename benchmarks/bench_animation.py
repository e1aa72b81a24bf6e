"""Animations: time, and peak memory against the number of frames.

1. Time (printed second): a 21-frame GIF and asciicast (steps 0:20 of the quadratic preset at 80×24) from one
   headless session, against the way without it: one app session per frame, as 21 calls of
   ``lrtui shot --step K --output FILE.png`` would do (measured on a few steps, in the same
   process). Also splits the GIF's time into its parts: taking the frames (the app), SVG →
   pixels (resvg, band by band) alone, and the GIF writer (those pixels, palette, differences, LZW).
2. Memory (printed first, while this process is small: a child's peak counts what it inherits
   from this process at its start): the peak resident memory of ``lrtui shot … --output FILE.gif`` in a
   fresh process (``os.wait4``'s ``ru_maxrss``) for growing frame counts, at 120×40 and at the
   largest size (400×200), beside two baselines measured in the same run: the same command
   writing one PNG of the same size (one frame, resvg's whole-screen rendering) and an SVG (the
   app alone). The aim (issue 17): at most 400 MB whatever the size and the frame count, and
   time linear in the frames (the seconds a frame are printed too).

The machines are shared and noisy: read the ratios.

    python benchmarks/bench_animation.py [--size 80x24] [--frames 21] [--single 4]
                                         [--counts 1,8,32] [--sizes 120x40,400x200] [--memory-only]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import time
import warnings

from docs_page import writes_docs_section

AIM_MB = 400.0
RUN = ["-f", "(x-2)^2", "--x0", "10", "--lr", "0.01", "--steps", "600"]  # a run of 600 steps: frames to spare


def app(step: int = 0):
    from lrtui.app.app import LrtuiApp
    from lrtui.teaching.presets import preset

    return LrtuiApp(preset("quadratic").scenario, start_step=step)


async def one_png(size: tuple[int, int], step: int) -> bytes:
    """A picture the way a single ``lrtui shot --output FILE.png`` takes it: its own app session."""
    from lrtui.app.camera import render
    from lrtui.app.render import Shot
    from lrtui.cli.png import svg_to_png

    svg, _ = await render(app(step), size, Shot())
    return svg_to_png(svg)


async def parts(size: tuple[int, int], frames: int) -> tuple[float, float, float]:
    """The GIF's time in parts: (taking the frames, SVG → pixels alone, the GIF writer: pixels and GIF)."""
    from lrtui.app.camera import Camera
    from lrtui.app.render import Shot
    from lrtui.cli.gif import GifWriter
    from lrtui.cli.png import svg_bands

    t0 = time.perf_counter()
    svgs = []
    async with Camera(app(), size, Shot()) as camera:
        for k in range(frames):
            await camera.at_step(k)
            svgs.append(await camera.svg())
    t1 = time.perf_counter()
    for svg in svgs:
        for band in svg_bands(svg):
            band.rgb()
    t2 = time.perf_counter()
    writer = GifWriter(io.BytesIO(), 4.0)
    for svg in svgs:
        writer.add(svg)
    writer.close()
    return t1 - t0, t2 - t1, time.perf_counter() - t2


async def timing(size: tuple[int, int], frames: int, single: int) -> None:
    from lrtui.app.render import Shot
    from lrtui.cli.animation import animate

    steps = (0, frames - 1)
    await one_png(size, 0)  # warm: the symbolic worker, imports, caches
    t = time.perf_counter()
    for k in range(single):
        await one_png(size, k * 5)
    per_frame_alone = (time.perf_counter() - t) / single
    gif, cast = io.BytesIO(), io.BytesIO()
    t = time.perf_counter()
    await animate(app(), size, Shot(), steps, ".gif", gif)
    gif_time = time.perf_counter() - t
    t = time.perf_counter()
    await animate(app(), size, Shot(), steps, ".cast", cast)
    cast_time = time.perf_counter() - t
    take, convert, assemble = await parts(size, frames)
    w, h = size
    gif_kb, cast_kb = len(gif.getvalue()) / 1024, len(cast.getvalue()) / 1024
    print(f"{frames}-frame GIF at {w}x{h}: {gif_time:.2f} s ({gif_kb:.0f} KB); "
          f"one app session per frame instead: {frames} × {per_frame_alone:.2f} s = {frames * per_frame_alone:.1f} s "
          f"(ratio {frames * per_frame_alone / gif_time:.1f})")
    print(f"  its parts: taking the frames {take:.2f} s, SVG → pixels {convert:.2f} s "
          f"({convert / frames * 1000:.0f} ms a frame); the GIF writer, those pixels included, {assemble:.2f} s")
    print(f"{frames}-frame asciicast at {w}x{h}: {cast_time:.2f} s ({cast_kb:.0f} KB); "
          f"against the GIF: {gif_time / cast_time:.1f}× faster, {gif_kb / cast_kb:.0f}× smaller")


def peak(argv: list[str]) -> tuple[float, float, str]:
    """(peak RSS in MB, seconds, the first line of stderr) of ``lrtui`` with argv, in a fresh process."""
    start = time.perf_counter()
    with open(os.devnull, "w") as null:
        proc = subprocess.Popen([sys.executable, "-m", "lrtui", *argv], stdout=null, stderr=subprocess.PIPE, text=True)
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"lrtui {' '.join(argv)}: {err.strip()}")
    return usage.ru_maxrss / 1024.0, time.perf_counter() - start, (err.strip().splitlines() or [""])[0]


def memory(sizes: list[str], counts: list[int]) -> None:
    folder = tempfile.mkdtemp(prefix="lrtui-bench-animation-")
    print("peak resident memory of lrtui shot in a fresh process (the symbolic worker not counted)")
    print(f"{'size':<9} {'what':<26} {'peak MB':>8} {'× PNG':>7} {'seconds':>8} {'s/frame':>8}")
    worst = 0.0
    for size in sizes:
        svg_mb, _, _ = peak(["shot", *RUN, "--size", size, "--output", os.path.join(folder, "a.svg")])
        png_mb, png_s, _ = peak(["shot", *RUN, "--size", size, "--output", os.path.join(folder, "a.png")])
        print(f"{size:<9} {'SVG (the app alone)':<26} {svg_mb:>8.0f} {svg_mb / png_mb:>7.2f}")
        print(f"{size:<9} {'PNG (one frame, whole)':<26} {png_mb:>8.0f} {1.0:>7.2f} {png_s:>8.1f}")
        for n in counts:
            mb, seconds, _ = peak(["shot", *RUN, "--size", size, "--step", f"0:{n - 1}",
                                   "--output", os.path.join(folder, "a.gif")])
            worst = max(worst, mb)
            print(f"{size:<9} {f'GIF, {n} frames':<26} {mb:>8.0f} {mb / png_mb:>7.2f} {seconds:>8.1f} "
                  f"{seconds / n:>8.2f}", flush=True)
    verdict = "within" if worst <= AIM_MB else "ABOVE"
    print(f"largest GIF peak {worst:.0f} MB: {verdict} the aim of {AIM_MB:.0f} MB")


@writes_docs_section  # --write-docs: rewrite this script's section of docs/benchmarks.md
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="80x24")
    parser.add_argument("--frames", type=int, default=21)
    parser.add_argument("--single", type=int, default=4, help="single shots measured for the baseline")
    parser.add_argument("--memory-only", action="store_true", help="only the peak memory against the frame count")
    parser.add_argument("--sizes", default="120x40,400x200", help="the memory's sizes ('' for none)")
    parser.add_argument("--counts", default="1,8,32")
    args = parser.parse_args()
    if args.sizes:  # first: a child's peak counts what it inherits from this process when it starts
        memory(args.sizes.split(","), [int(n) for n in args.counts.split(",")])
    if not args.memory_only:
        w, h = (int(v) for v in args.size.split("x"))
        with warnings.catch_warnings(), contextlib.redirect_stderr(open(os.devnull, "w")):  # noqa: SIM115
            warnings.simplefilter("ignore")
            asyncio.run(timing((w, h), args.frames, args.single))


if __name__ == "__main__":
    main()
