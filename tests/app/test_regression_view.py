"""The regression model in the app: data and fitted lines, the (w, b) plane, loss per epoch."""

from app_helpers import make_app, settle

from lrtui.app.widgets.function_chart import FunctionChart
from lrtui.app.widgets.loss_chart import LossChart
from lrtui.app.widgets.regression_chart import RegressionChart
from lrtui.app.widgets.step_table import StepTable
from lrtui.presets import preset


def chart_text(chart) -> str:
    return "\n".join(strip.text for strip in chart.strips())


async def test_linreg_at_80x24_shows_the_data_and_v_swaps_in_the_plane():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        data = app.query_one(RegressionChart)
        assert data.display and not app.query_one(FunctionChart).display
        assert "100 points" in str(data.border_title)
        assert "•" in chart_text(data)  # the data
        assert "loss per epoch" in str(app.query_one(LossChart).border_title)
        await pilot.press("v")
        assert not data.display and app.query_one(FunctionChart).display
        assert "(w, b) plane" in str(app.query_one(FunctionChart).border_title)


async def test_the_fitted_lines_follow_the_step():
    app = make_app(preset("linreg").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        data = app.query_one(RegressionChart)
        assert data.display and app.query_one(FunctionChart).display  # wide: both
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
