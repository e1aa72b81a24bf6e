"""How the charts look (issue 18): braille by default and the other charsets, ticks at round values
on evenly spaced rows, a colour of its own for the step's arrow, shapes in SVG and PNG."""

from __future__ import annotations

import re

import numpy as np
import pytest
from app_helpers import make_app, settle

from lrtui.app.charts import function, loss, rates
from lrtui.app.charts.charset import best_for
from lrtui.app.charts.palette import Palette
from lrtui.app.charts.scene import build_scene
from lrtui.app.render import screen_svg
from lrtui.app.theme import run_colour
from lrtui.app.view import View
from lrtui.cli import main
from lrtui.teaching.presets import PRESETS, preset
from lrtui.teaching.scenario import Scenario, compute

PALETTE = Palette.default()
BRAILLE = re.compile("[\u2801-\u28ff]")
BLOCKS = re.compile("[▖▗▘▝▚▞▙▛▜▟▀▄▌▐█]")


def text(canvas) -> str:
    return "\n".join(strip.text for strip in canvas.strips())


def plot_area(canvas) -> str:
    """The cells inside the axes: what the data are drawn in."""
    canvas.strips()
    cols, rows = canvas.area
    lines = text(canvas).splitlines()
    return "\n".join(lines[len(lines) - 1 - r][cols.start:cols.stop] for r in rows)


def y_ticks(canvas) -> list[tuple[int, str]]:
    """(row from the top, label) of every y tick, top to bottom."""
    return [(i, row.split("┤")[0].strip()) for i, row in enumerate(text(canvas).splitlines()) if "┤" in row]


def scene_of(name: str):
    return build_scene(compute(preset(name).scenario))


def test_the_curve_is_drawn_in_braille_by_default_and_in_blocks_or_ascii_when_asked():
    scene = scene_of("quadratic")
    view = View(scene.result).at(4)
    braille = plot_area(function.draw(scene, view, 40, 12, PALETTE))
    assert BRAILLE.search(braille) and not BLOCKS.search(braille)
    block = plot_area(function.draw(scene, view, 40, 12, Palette.default(charset="block")))
    assert BLOCKS.search(block) and not BRAILLE.search(block)
    ascii_ = plot_area(function.draw(scene, view, 40, 12, Palette.default(charset="ascii")))
    drawn = set(ascii_) - set(" ")
    assert {"'", "."} <= drawn
    assert all(ch.isascii() for ch in drawn - {"●", "↙", "·"})  # the curve; the markers and the arrow stay


def test_ascii_is_the_choice_where_the_terminal_encodes_neither_braille_nor_blocks():
    def encodes(encoding):
        def check(text):
            try:
                text.encode(encoding)
            except UnicodeEncodeError:
                return False
            return True

        return check

    assert best_for(encodes("utf-8")) == "braille"
    assert best_for(encodes("latin-1")) == "ascii"
    assert best_for(encodes("ascii")) == "ascii"
    assert best_for(encodes("cp437")) == "ascii"  # it has ▀ ▄ █ ▌ ▐ but no quadrants ▖ ▗ ▘ ▝


def test_shot_takes_a_charset_and_refuses_an_unknown_one(tmp_path, capsys):
    out = tmp_path / "a.txt"
    assert main(["shot", "--charset", "block", "--size", "80x24", "--output", str(out)]) == 0
    assert BLOCKS.search(out.read_text(encoding="utf-8"))
    assert main(["shot", "--charset", "dots", "--output", str(tmp_path / "b.txt")]) == 2
    err = capsys.readouterr().err
    assert "--charset: 'dots' is not one of braille, block, ascii" in err and err.count("\n") == 1


async def test_the_palette_switches_the_charset_and_every_chart_redraws():
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#function-chart")
        assert BRAILLE.search("\n".join(s.text for s in chart.strips()))
        await pilot.press("ctrl+p")
        await pilot.press(*"charset: block")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.charset == "block"
        drawn = "\n".join(s.text for s in chart.strips())
        assert BLOCKS.search(drawn) and not BRAILLE.search(drawn)


# -- ticks -------------------------------------------------------------------------------------
SIZES = [(28, 6), (38, 8), (38, 10), (58, 14), (58, 26)]  # f and loss charts from 60×20 to 120×40


@pytest.mark.parametrize("name", list(PRESETS))
def test_ticks_are_round_values_on_evenly_spaced_rows(name):
    """At every size the app gives its charts, from 60×20 up: the y ticks of the f chart and of the
    loss chart (both scales) are equally many rows apart, their values equally far apart, and
    within what is drawn; a chart too short for two ticks has one, round."""
    scene = scene_of(name)
    last = int(scene.result.stopped_at.max())
    for cols, rows in SIZES:
        for k in (0, 3, last):
            view = View(scene.result).at(k)
            for canvas in (function.draw(scene, view, cols, rows, PALETTE), loss.draw(scene, view, cols, rows, PALETTE),
                           loss.draw(scene, view.scaled(True), cols, rows, PALETTE)):
                ticks = y_ticks(canvas)
                labels = [label for _, label in ticks]
                assert labels and (round_labels(labels) or _flat(labels)), (name, cols, rows, k, labels)
                assert _evenly_spaced(ticks), (name, cols, rows, k, ticks)


def _flat(labels: list[str]) -> bool:
    """A range so narrow that no round value lies in it (the saddle's loss on the log scale, all
    within 1e-12 of 2.17e12 once shifted by min f): its ends, exactly."""
    values = [value(label) for label in labels]
    return len(values) == 2 and abs(values[0] - values[1]) <= 1e-9 * abs(values[0])


def _evenly_spaced(ticks) -> bool:
    """Equal rows apart (the log scale's loss of exactly 0, labelled 0 at the bottom, has a row of
    its own below the decades, not on their grid)."""
    if len(ticks) > 2 and ticks[-1][1] == "0" and "e" in "".join(label for _, label in ticks) + "1e":
        ticks = ticks[:-1]
    return len({b[0] - a[0] for a, b in zip(ticks, ticks[1:], strict=False)}) <= 1


def test_the_labels_that_read_11_8_and_8_32_are_round_now():
    """The wiggly preset at 60×20 and 80×24 (its f chart): labels were 11.8 and 8.32, the ends of
    the range; now round values on whole rows."""
    scene = scene_of("wiggly")
    for cols, rows in ((28, 6), (38, 10)):
        labels = [label for _, label in y_ticks(function.draw(scene, View(scene.result).at(40), cols, rows, PALETTE))]
        assert labels and round_labels(labels), labels


def value(label: str) -> float:
    return float(label.replace("−", "-").replace(",", ""))


def nice(step: float) -> bool:
    mantissa = step / 10 ** np.floor(np.log10(step))
    return any(np.isclose(mantissa, m) for m in (1, 2, 2.5, 5, 10))


def round_labels(labels: list[str]) -> bool:
    """Whole decades (1e-3 … 0.1, 1, 10 …), or multiples of one 1-2-2.5-5 step, equally far apart;
    a lone label: a nice number (at most two significant digits)."""
    values = [value(label) for label in labels]
    decades = values[:-1] if len(values) > 1 and labels[-1] == "0" else values  # the log scale's 0 row
    if all(v > 0 and np.isclose(np.log10(v), round(np.log10(v))) for v in decades):
        return True
    if len(values) == 1:
        return values[0] == 0 or np.isclose(values[0], float(f"{values[0]:.2g}"))
    steps = {round(a - b, 9) for a, b in zip(values, values[1:], strict=False)}
    step = abs(values[0] - values[1])
    return len(steps) == 1 and nice(step) and all(np.isclose(v / step, round(v / step)) for v in values)


def test_a_quartic_s_loss_axis_has_no_unround_label():
    """Its loss axis read a single "9.71e3" (the range's end): now round values only."""
    scene = build_scene(compute(Scenario.of("x**4", (10.0,), (0.001, 0.0001), 50)))
    for rows in (8, 10, 14):
        for k in (0, 5, 50):
            labels = [label for _, label in y_ticks(loss.draw(scene, View(scene.result).at(k), 38, rows, PALETTE))]
            assert labels and round_labels(labels), labels


def test_the_eta_chart_ticks_are_evenly_spaced_too():
    scene = scene_of("step-decay")
    for rows in (6, 10, 14):
        ticks = y_ticks(rates.draw(scene, View(scene.result).at(5), 38, rows, PALETTE))
        assert len({b[0] - a[0] for a, b in zip(ticks, ticks[1:], strict=False)}) <= 1, ticks


# -- the arrow ---------------------------------------------------------------------------------
@pytest.mark.parametrize("dark", [True, False])
def test_the_step_s_arrow_has_a_colour_no_run_uses(dark):
    """η = 0.9's step must not look like part of the η = 1.5 series: the arrow's colour is none of
    the runs' (it was f-went-down green, the third run's)."""
    scene = build_scene(compute(Scenario.of("(x-2)**2", (10.0,), (0.1, 0.5, 0.9, 1.5), 20)))
    palette = Palette.default(dark)
    for r in range(4):
        canvas = function.draw(scene, View(scene.result).at(0).selected(r), 60, 20, palette)
        canvas.strips()
        heads = [c for c in canvas.raster.calls if c.marker in "↘↙↗↖"]
        assert heads, r
        runs = {run_colour(i, dark) for i in range(8)}
        assert all(c.colour not in runs for c in heads)
        assert all(c.colour == palette.arrow for c in heads)


def test_without_colour_the_arrow_s_head_still_says_what_f_did():
    scene = build_scene(compute(Scenario.of("(x-2)**2", (10.0,), (0.1, 1.5), 20)))
    down = text(function.draw(scene, View(scene.result).at(0), 60, 20, PALETTE))
    up = text(function.draw(scene, View(scene.result).at(0).selected(1), 60, 20, PALETTE))
    assert "↙" in down and ("↗" in up or "↖" in up)


# -- shapes in SVG and PNG ---------------------------------------------------------------------
async def test_the_svg_draws_lines_blocks_braille_and_subscripts_as_shapes():
    app = make_app(Scenario.of("(x-2)**2", (10.0,), (0.01, 0.1, 0.5), 30))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        app.main.view = app.main.view.at(20)
        await pilot.pause()
        svg = screen_svg(app)
        screen = app.export_screenshot()  # Textual's own: every character left to the font
    dots = sum(bin(ord(ch) - 0x2800).count("1") for ch in BRAILLE.findall(screen))
    texts = "".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert not BRAILLE.search(texts) and not re.search("[─│╭╮╰╯┤┬└⏸]", texts)  # none left to the font
    assert not re.search("[₀-₉]", texts)  # subscripts are the font's own digits, smaller
    assert re.search(r'font-size="12\.8px"[^>]*>20</text>', svg)  # x₂₀: the digits 2 and 0, small, together
    assert dots > 20 and svg.count(' rx="') == dots + 1  # a rounded square per braille dot (+ the window's frame)
    assert "-shapes" in svg


def test_a_png_of_the_screen_has_crisp_braille_dots(tmp_path):
    from PIL import Image

    out = tmp_path / "a.png"
    assert main(["shot", "--size", "80x24", "--step", "4", "--chrome", "none", "--output", str(out)]) == 0
    with Image.open(out) as image:
        pixels = np.asarray(image.convert("RGB"))
    assert pixels.shape[0] > 500 and len(np.unique(pixels.reshape(-1, 3), axis=0)) > 10


# -- the wide view -----------------------------------------------------------------------------
@pytest.mark.parametrize("cols, rows", [(38, 10), (58, 26)])
def test_the_wide_view_keeps_the_runs_well_readable(cols, rows):
    """x² + 10·sin(x) from 3 at η = 0.3 (a 4-cycle in the well at 3.84) beside the minimum at
    −1.31: the window stops a little above the well's rim (the crest near 1.9), so the well is
    rows deep; the runs are drawn a row above the curve, so its bottom still shows."""
    scene = scene_of("wiggly")
    view = View(scene.result).at(1000).zoomed("wide")
    box = scene.frame("wide")
    assert box.xlo < -1.31 and 3.84 < box.xhi  # both minima
    assert box.yhi < 16  # the rim is f ≈ 13.7; the curve's wall on the right goes on up to 50
    canvas = function.draw(scene, view, cols, rows, PALETTE)
    f = lambda x: x**2 + 10 * np.sin(x)  # noqa: E731
    u, v = canvas.unit(np.array([3.8375, 1.9, -1.306]), f(np.array([3.8375, 1.9, -1.306])))
    col, row = canvas.cells(u, v)
    _, dots = canvas.dots(u, v)
    assert dots[1] - dots[0] >= 4  # the well is at least a row of braille deep (4 dots; 5.4 of f)
    assert rows < 20 or row[1] - row[0] >= 3  # on a tall chart, rows
    canvas.strips()
    lines = text(canvas).splitlines()
    top = len(lines) - 1 - canvas.area[1].start  # the text line of the plot area's first row
    for c, r in zip(col.tolist(), row.tolist(), strict=True):  # the bottoms of both wells and the crest
        ch = lines[top - r][canvas.area[0].start + c]
        assert BRAILLE.match(ch), (c, r, ch)  # the curve's dots, not a marker over them


def test_in_ascii_the_notation_keeps_its_powers():
    """An ASCII terminal's look-alikes turn ² into 2 (x² would read x2): with the ascii charset the
    titles and the derivative write x^2, 10*sin(x), -."""
    from lrtui.app.format import ascii_notation

    assert ascii_notation("f(x) = x² + 10·sin(x) · wide") == "f(x) = x^2 + 10*sin(x) · wide"
    assert ascii_notation("f'(x) = −400x·(−x² + y) + 2x − 2") == "f'(x) = -400x*(-x^2 + y) + 2x - 2"
    assert ascii_notation("x⁻¹ + 2π") == "x^-1 + 2pi"


async def test_an_ascii_app_writes_the_title_and_derivative_in_ascii():
    app = make_app(preset("wiggly").scenario, charset="ascii")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert str(app.query_one("#function-chart").border_title) == "f(x) = x^2 + 10*sin(x)"
        assert str(app.query_one("#derivative").render()) == "f'(x) = 2x + 10*cos(x)"
