"""A GIF is written as its frames come: its memory does not grow with the number of frames, and its
frames are the very pixels Pillow's own GIF of whole renderings would show."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from lrtui.cli import main
from lrtui.cli.gif import GifWriter
from lrtui.cli.png import frame_size, svg_bands


@pytest.fixture(scope="module")
def screens(tmp_path_factory) -> list[str]:
    """Four steps of a run at 60×20, as SVG, the last one twice (a frame that changes nothing)."""
    folder = tmp_path_factory.mktemp("screens")
    out = []
    for step in (0, 1, 2, 2):
        path = folder / f"s{step}.svg"
        assert main(["shot", "--preset", "quadratic", "--size", "60x20", "--step", str(step), "--output", str(path)]) == 0
        out.append(path.read_text(encoding="utf-8"))
    return out


def whole(svg: str) -> np.ndarray:
    """The frame rendered in one piece."""
    width, height = frame_size(svg)
    (band,) = svg_bands(svg, width * height)
    return np.asarray(band.rgb())


@pytest.mark.parametrize("band_rows", [5, 50])
def test_a_frame_rendered_in_bands_is_the_frame_rendered_whole(screens, band_rows):
    svg = screens[1]
    width, _ = frame_size(svg)
    bands = list(svg_bands(svg, band_rows * width))
    assert len(bands) > 1
    assert np.array_equal(np.concatenate([np.asarray(b.rgb()) for b in bands]), whole(svg))


def test_a_frame_without_the_window_decoration_renders_in_bands_too(tmp_path):
    path = tmp_path / "bare.svg"
    assert main(["shot", "--preset", "wiggly", "--size", "60x20", "--chrome", "none", "--output", str(path)]) == 0
    svg = path.read_text(encoding="utf-8")
    width, _ = frame_size(svg)
    banded = np.concatenate([np.asarray(b.rgb()) for b in svg_bands(svg, 40 * width)])
    assert np.array_equal(banded, whole(svg))


def frames(gif: bytes) -> list[tuple[np.ndarray, int]]:
    out = []
    with Image.open(io.BytesIO(gif)) as image:
        assert image.info["loop"] == 0
        for i in range(image.n_frames):
            image.seek(i)
            out.append((np.asarray(image.convert("RGB")), image.info["duration"]))
    return out


@pytest.mark.parametrize("band_rows", [20, 10_000])
def test_the_gif_shows_what_pillow_s_own_gif_of_whole_frames_shows(screens, band_rows):
    sink = io.BytesIO()
    writer = GifWriter(sink, fps=4, band_pixels=band_rows * frame_size(screens[0])[0])
    for svg in screens:
        writer.add(svg)
    writer.close()
    # Pillow's way, with every frame held: one palette from the first frame, the rest mapped onto it
    images = [Image.fromarray(whole(svg)) for svg in screens]
    first = images[0].quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    rest = [im.quantize(palette=first, dither=Image.Dither.NONE) for im in images[1:]]
    reference = io.BytesIO()
    first.save(reference, format="GIF", save_all=True, append_images=rest, loop=0, duration=250, optimize=True,
               disposal=1)
    ours, theirs = frames(sink.getvalue()), frames(reference.getvalue())
    assert writer.frames == 4 and len(ours) == len(theirs) == 3  # the repeated step: one frame shown twice as long
    assert [d for _, d in ours] == [d for _, d in theirs] == [250, 250, 500]
    assert all(np.array_equal(a, b) for (a, _), (b, _) in zip(ours, theirs, strict=True))


def peak_mb(last_step: int, out: str) -> float:
    """The peak resident memory of ``lrtui shot`` writing a GIF of steps 0 to last_step."""
    code = ("import sys, resource; from lrtui.cli import main; code = main(sys.argv[1:]);"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, "shot", "--function", "(x-2)^2", "--x0", "10", "--lr", "0.01",
                           "--steps", "100", "--size", "60x20", "--step", f"0:{last_step}", "--output", out],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 0, proc.stderr
    return int(proc.stdout.split()[-1]) / 1024


def test_a_gif_s_memory_does_not_grow_with_its_frames(tmp_path):
    """Every frame held at once (the way before) took about 2 MB more a frame at 60×20: 70 MB over these
    35 frames; now the peak stays where one frame puts it."""
    few = peak_mb(2, str(tmp_path / "few.gif"))
    many = peak_mb(37, str(tmp_path / "many.gif"))
    with Image.open(tmp_path / "many.gif") as image:
        assert image.n_frames == 38
    assert many - few < 20, (few, many)
