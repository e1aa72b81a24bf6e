"""Pictures of the main screen: 80×24, 120×40, a diverging scenario and the light theme.

Deterministic: fixed size, fixed theme, no clock, no blinking cursor (fields do not blink,
nothing is focused), no notifications. Update with ``pytest tests/app --snapshot-update``
and look at the SVGs before committing them.
"""

import pytest
from app_helpers import make_app, settle
from syrupy.extensions.image import SVGImageSnapshotExtension

from lrtui.presets import preset


@pytest.fixture
def svg_snapshot(snapshot):
    return snapshot.use_extension(SVGImageSnapshotExtension)


async def picture(app, size, keys=()):
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press(*keys)
        await pilot.pause()
        return app.export_screenshot()


async def test_main_screen_80x24(svg_snapshot):
    assert await picture(make_app(), (80, 24), ["right", "right", "right"]) == svg_snapshot


async def test_main_screen_120x40(svg_snapshot):
    assert await picture(make_app(), (120, 40), ["right", "right", "right", "right_square_bracket"]) == svg_snapshot


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


async def test_linreg_120x40(svg_snapshot):
    app = make_app(preset("linreg").scenario, lesson=preset("linreg").lesson)
    assert await picture(app, (120, 40), ["shift+right", "shift+right", "right_square_bracket"]) == svg_snapshot


async def test_sweep_screen_80x24(svg_snapshot):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.set_focus(None)
        await pilot.press("w")
        await settle(app, pilot)
        assert await app.workers.wait_for_complete() is None
        await pilot.pause()
        assert app.export_screenshot() == svg_snapshot
