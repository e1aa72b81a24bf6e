"""Pictures of the screens: each view of the f chart, the step's arithmetic, 80×24 and 120×40.

Deterministic: fixed size, fixed theme, no clock, no blinking cursor (fields do not blink,
nothing is focused), no notifications. The SVG is the screenshot lrtui writes (box lines, blocks,
braille and subscripts drawn as shapes). Update with ``pytest tests/app --snapshot-update``
and look at the SVGs before committing them.
"""

import pytest
from app_helpers import make_app, settle
from syrupy.extensions.image import SVGImageSnapshotExtension

from lrtui.app.render import screen_svg
from lrtui.app.screens.sweep import SweepScreen
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


async def picture(app, size, keys=()):
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press(*keys)
        await pilot.pause()
        return screen_svg(app)


async def test_main_screen_80x24(svg_snapshot):
    assert await picture(make_app(), (80, 24), ["right", "right", "right"]) == svg_snapshot


async def test_main_screen_120x40(svg_snapshot):
    assert await picture(make_app(), (120, 40), ["right", "right", "right", "right_square_bracket"]) == svg_snapshot


@pytest.mark.parametrize("view, keys", [("path", ["z"]), ("wide", ["z", "z"])])
async def test_quadratic_in_each_view(svg_snapshot, view, keys):
    """The landscape is the default (above); z goes to the path of the selected run, then wide."""
    app = make_app()
    assert await picture(app, (100, 30), ["right", "right_square_bracket", *keys]) == svg_snapshot
    assert app.main.view.zoom == view


async def test_wiggly_wide_at_the_end(svg_snapshot):
    """The 4-cycle reads as its four points, and the global minimum near −1.31 is in view."""
    app = make_app(preset("wiggly").scenario, lesson=preset("wiggly").lesson)
    assert await picture(app, (120, 40), ["z", "z", "end"]) == svg_snapshot


@pytest.mark.parametrize("run, optimizer", [(0, "sgd"), (1, "momentum"), (2, "adam")])
async def test_the_step_s_arithmetic(svg_snapshot, run, optimizer):
    app = make_app(Scenario.of("(x-2)**2", (10.0,), (0.1,), 30, optimizers=("sgd", "momentum", "adam")))
    assert await picture(app, (120, 40), ["right", "right", "right"] + ["right_square_bracket"] * run) == svg_snapshot
    assert app.main.scene.result.optimizers[app.main.view.run].text == optimizer


async def test_diverging_scenario(svg_snapshot):
    app = make_app(preset("steep-wall").scenario, lesson=preset("steep-wall").lesson)
    assert await picture(app, (120, 40), ["shift+right", "right_square_bracket", "right_square_bracket"]) == svg_snapshot


async def test_light_theme_log_scale(svg_snapshot):
    app = make_app(preset("overshoot").scenario, theme="lrtui-light")
    assert await picture(app, (100, 30), ["shift+right", "l"]) == svg_snapshot


async def test_step_decay_with_the_lr_chart_80x24(svg_snapshot):
    """A short screen: g swaps the η_k chart in for the loss chart; η halves every 10 steps."""
    app = make_app(preset("step-decay").scenario, lesson=preset("step-decay").lesson)
    assert await picture(app, (80, 24), ["shift+right", "shift+right", "g"]) == svg_snapshot


async def test_bowl_80x24(svg_snapshot):
    app = make_app(preset("bowl").scenario, lesson=preset("bowl").lesson)
    assert await picture(app, (80, 24), ["shift+right", "shift+right", "right_square_bracket"]) == svg_snapshot


async def test_linreg_120x40(svg_snapshot):
    app = make_app(preset("linreg").scenario, lesson=preset("linreg").lesson)
    assert await picture(app, (120, 40), ["shift+right", "shift+right", "right_square_bracket"]) == svg_snapshot


async def test_linreg_80x24(svg_snapshot):
    app = make_app(preset("linreg").scenario, lesson=preset("linreg").lesson)
    assert await picture(app, (80, 24), ["shift+right"]) == svg_snapshot


async def test_sweep_screen_on_its_log_axis_80x24(svg_snapshot):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press("w")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SweepScreen) and screen.sweep is not None and screen.log_y
        assert "(log)" in str(screen.query_one("#sweep-chart").border_title)
        assert screen_svg(app) == svg_snapshot


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("name", ["wiggly", "bowl", "step-decay", "linreg"])
async def test_presets_at_both_sizes(svg_snapshot, name, size):
    """Every preset's look at 80×24 and 120×40 is in screenshots/ (scripts/make_screenshots.sh);
    these four (a curve, a plane, a schedule, the regression) are pinned here."""
    app = make_app(preset(name).scenario, lesson=preset(name).lesson)
    assert await picture(app, size, ["shift+right", "right"]) == svg_snapshot


async def test_the_wide_view_maximised_80x24(svg_snapshot):
    app = make_app(preset("wiggly").scenario, lesson=preset("wiggly").lesson)
    assert await picture(app, (80, 24), ["z", "z", "end", "m"]) == svg_snapshot
