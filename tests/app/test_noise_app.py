"""The app with noisy gradients (issue 21): the loss chart's mean and 10–90 % band, the key that
chooses the trial the table and the f chart follow, the fields σ, trials and seed."""

from __future__ import annotations

import numpy as np
from app_helpers import make_app, settle

from lrtui.app.charts import loss
from lrtui.app.charts.band import FADED
from lrtui.app.charts.palette import Palette
from lrtui.app.charts.scene import build_scene
from lrtui.app.view import View
from lrtui.errors import Field
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import Scenario, compute

PALETTE = Palette.default()
NOISY = Scenario.of("(x-2)**2", x0=2, lrs=[0.1], steps=120, tol=0, noise=1, trials=64, seed=3)


def cells(canvas) -> dict[tuple[int, int], tuple[str, tuple[int, int, int] | None]]:
    """(column, row from the bottom) of the plot area -> (character, its colour)."""
    strips = canvas.strips()
    cols, rows = canvas.area
    out = {}
    for r in rows:
        line = strips[len(strips) - 1 - r]
        x = 0
        for seg in line:
            for ch in seg.text:
                if x in cols:
                    colour = seg.style.color.triplet if seg.style is not None and seg.style.color else None
                    out[(x - cols.start, r - rows.start)] = (ch, tuple(colour) if colour else None)
                x += 1
    return out


def test_the_loss_chart_draws_the_mean_and_the_band_between_the_percentiles():
    result = compute(NOISY)
    scene = build_scene(result)
    view = View(result).at(120)
    canvas = loss.draw(scene, view, 60, 20, PALETTE)
    faded = PALETTE.faded(PALETTE.run(0), FADED)
    drawn = cells(canvas)
    band = {xy for xy, (_, colour) in drawn.items() if colour == tuple(faded)}
    assert band, "no cell in the band's colour"
    stats = result.trials
    lv = scene.loss[False]
    # the band's top row over the whole span is the row of the highest 90th percentile, its bottom the lowest 10th
    _, top = canvas.cells(*canvas.unit(np.array([0.0]), np.array([stats.q90[0].max()])))
    _, bottom = canvas.cells(*canvas.unit(np.array([0.0]), np.array([stats.q10[0].min()])))
    rows = {r for _, r in band}
    assert max(rows) <= int(top[0]) and min(rows) >= int(bottom[0]) and max(rows) >= int(top[0]) - 1
    assert np.array_equal(lv.loss[0], stats.mean[0])  # the run's line is the mean over the trials
    assert loss.title(scene, view) == "loss · linear · mean of 64 trials, 10–90 % band"


def test_the_band_goes_as_far_as_the_line_and_has_no_gaps_across_a_few_steps():
    """A span of 20 steps on a chart 60 columns wide: the band fills every column from step 0 to the
    step shown (straight between two steps' columns, as the line), and none beyond it."""
    result = compute(NOISY)
    scene = build_scene(result)
    faded = tuple(PALETTE.faded(PALETTE.run(0), FADED))
    for step in (12, 20):
        canvas = loss.draw(scene, View(result).at(step), 60, 20, PALETTE)
        assert scene.loss[False].span(step) == 20
        columns = {c for (c, _), (_, colour) in cells(canvas).items() if colour == faded}
        first, last = canvas.cells(*canvas.unit(np.array([0.0, float(step)]), np.array([0.0, 0.0])))[0].astype(int)
        # every trial starts at x0 (a band of no height at step 0, beneath the line's marker there)
        assert set(range(first + 1, last + 1)) <= columns and max(columns) == last, step
    assert not {xy for xy, (_, colour) in cells(loss.draw(scene, View(result).at(0), 60, 20, PALETTE)).items()
                if colour == faded and xy[0] > 0}


def test_without_trials_there_is_no_band():
    result = compute(NOISY.with_(trials=1))
    scene = build_scene(result)
    canvas = loss.draw(scene, View(result).at(120), 60, 20, PALETTE)
    faded = tuple(PALETTE.faded(PALETTE.run(0), FADED))
    assert all(colour != faded for _, colour in cells(canvas).values())
    assert loss.title(scene, View(result)) == "loss · linear"


async def test_k_follows_the_next_trial_and_help_names_it():
    app = make_app(NOISY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        first = app.main.scene.result
        assert first.trial == 0 and "trial 0 of 64" in str(app.query_one("#step-table").border_title)
        await pilot.press("k")
        await settle(app, pilot)
        second = app.main.scene.result
        assert second.trial == 1 and "trial 1 of 64" in str(app.query_one("#step-table").border_title)
        assert np.array_equal(second.x, compute(NOISY.with_(trial=1)).x)  # the f chart's and table's path
        assert second.trials is first.trials  # the band is every trial's: kept, only trial 1 is descended
        await pilot.press("K", "K")
        await settle(app, pilot)
        assert app.main.scene.result.trial == 63  # it wraps around
        await pilot.press("question_mark")
        await settle(app, pilot)
        rows = dict((key, what) for _, rows in app.screen.sections for key, what in rows)
        assert rows["k / K"].startswith("with noise and trials: the next / previous trial the table and the f chart "
                                        "follow")


async def test_k_says_why_it_does_nothing_without_noise():
    app = make_app(PRESETS["quadratic"].scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("k")
        assert "k and K follow another trial of a noisy scenario" in str(app.query_one("#message").render())


async def test_k_on_the_regression_says_its_noise_is_its_minibatches():
    app = make_app(PRESETS["noise-batch"].scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("k")
        said = str(app.query_one("#message").render())
        assert "the regression's noise is its minibatches" in said and "σ > 0" not in said


async def test_the_noise_fields():
    app = make_app(PRESETS["quadratic"].scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.query_one("#seed").display  # the seed shows with noise only
        form = app.main.form
        form.query_one("#noise").value = "-1"
        await pilot.pause()
        assert form.errors[Field.NOISE].startswith("noise: must be ≥ 0")
        form.query_one("#noise").value = "0.5"
        form.query_one("#trials").value = "16"
        await pilot.pause()
        form.query_one("#noise").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        result = app.main.scene.result
        assert result.noise.sigma == 0.5 and result.trials.trials == 16 and app.query_one("#seed").display
        form.query_one("#noise").value = "0"
        await pilot.pause()
        form.query_one("#noise").focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert "trials 16 without noise: the 16 trials are identical" in str(app.query_one("#message").render())


async def test_the_regression_has_no_noise_fields():
    app = make_app(PRESETS["noise-batch"].scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not any(app.query_one(f"#{name}").display for name in ("noise", "trials", "seed"))
        assert "minibatch noise floor" in app.main.scene.result.analysis[0].verdict


async def test_the_sweep_screen_with_noise_takes_the_trials_and_says_its_rule():
    from lrtui.app.screens.sweep import SweepScreen

    app = make_app(Scenario.of("(x-2)**2", x0=10, lrs=[0.1], steps=200, tol=0, noise=1, trials=8))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert isinstance(app.screen, SweepScreen)
        sweep = app.screen.sweep
        assert sweep.noise.trials == 8 and sweep.floor is not None
        summary = str(app.screen.query_one("#sweep-summary").content)
        assert "the lowest floor of 8 trials" in summary
        i = sweep.suggested_index
        assert sweep.floor[i] == min(f for f, lr in zip(sweep.floor, sweep.lrs, strict=True) if lr <= 0.5)
        assert "mean final loss" in str(app.screen.query_one("#sweep-cursor").content)
