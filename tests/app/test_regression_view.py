"""The regression model in the app: data and fitted lines, the (w, b) plane, loss per epoch."""

from app_helpers import make_app, settle
from textual.widgets import Input, Label

from lrtui.app.widgets.chart import Chart
from lrtui.app.widgets.step_table import StepTable
from lrtui.teaching.presets import preset


def chart_text(chart) -> str:
    return "\n".join(strip.text for strip in chart.strips())


async def test_linreg_at_80x24_shows_the_data_and_v_swaps_in_the_plane():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        data = app.query_one("#regression-chart", Chart)
        assert data.display and not app.query_one("#function-chart", Chart).display
        assert "least squares ŷ = 2.99x + 2" in str(data.border_title)  # what fits of "100 points · ŷ = w·x + b · …"
        assert "•" in chart_text(data)  # the data
        assert "loss per epoch" in str(app.query_one("#loss-chart", Chart).border_title)
        await pilot.press("v")
        assert not data.display and app.query_one("#function-chart", Chart).display
        assert "paths in the plane" in str(app.query_one("#function-chart", Chart).border_title)


async def test_the_fitted_lines_follow_the_step():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        data = app.query_one("#regression-chart", Chart)
        assert data.display and app.query_one("#function-chart", Chart).display  # wide: both
        before = chart_text(data)
        await pilot.press("end")
        assert chart_text(data) != before


async def test_linreg_table_shows_epoch_w_b_loss_and_both_gradients_at_80_columns():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        head = app.query_one(StepTable)._lines()[0].text.split()
        assert head[:4] == ["epoch", "w", "b", "f"]
        assert len(head) == 6  # and ∂f/∂w, ∂f/∂b (short or long)


async def test_the_budget_field_counts_epochs_and_a_typed_value_wins_over_the_preset():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert str(app.query_one("#steps-label", Label).content) == "epochs"
        field = app.query_one("#steps", Input)
        field.focus()
        field.value = "50"
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.scene.result.steps == 50  # the preset's 200 epochs no longer override it
        assert "step 0 of 50" in app.query_one(StepTable).border_title


async def test_a_batch_size_field_empty_is_full_batch():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        batch = app.query_one("#batch_size", Input)
        assert batch.display and batch.value == "" and "full" in batch.placeholder
        batch.focus()
        batch.value = "10"
        app.query_one("#steps", Input).value = "5"
        await pilot.press("enter")
        await settle(app, pilot)
        res = app.main.scene.result
        assert res.problem.batches_per_epoch == 10 and res.steps == 50  # 5 epochs of 10 minibatches
        assert app.main.scenario.model.batch_size == 10 and app.main.scenario.epochs == 5
        batch.focus()
        batch.value = "0"
        await pilot.pause()
        assert batch.has_class("-bad") and "batch size: must be at least 1" in str(app.query_one("#message").render())
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.query_one("#batch_size", Input).display  # a typed function has no batches


async def test_f_in_the_regression_focuses_its_fields_and_says_why_f_is_fixed():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f")
        assert app.focused is app.query_one("#batch_size", Input)  # the first field that can be edited
        assert "f(x) is fixed: the model is linreg" in str(app.query_one("#message").render())


async def test_steps_from_the_command_line_win_over_the_presets_epochs():
    from lrtui.cli import app as cli_app

    args = cli_app.build_parser().parse_args(["--preset", "linreg", "--steps", "30"])
    scenario = cli_app.scenario_from_args(args)
    app = make_app(scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.main.scene.result.steps == 30 and app.query_one("#steps", Input).value == "30"
