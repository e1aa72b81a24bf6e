"""Optimizers and schedules in the app: η_k and the optimizer's state in the step table, the η_k chart."""

from app_helpers import make_app, settle

from lrtui.app.widgets.chart import Chart
from lrtui.app.widgets.step_table import StepTable
from lrtui.teaching.presets import preset


def header(app) -> list[str]:
    return app.query_one(StepTable)._lines()[0].text.split()


async def test_eta_k_column_only_with_a_schedule():
    app = make_app(preset("step-decay").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "η_k" in header(app)
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "η_k" not in header(app)
        assert "η·f'(x)" in header(app)


async def test_adam_shows_its_state_and_the_actual_move_at_80_columns():
    app = make_app(preset("adam-steps").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("right_square_bracket")  # the adam run
        cols = header(app)
        assert {"m̂", "v̂", "Δx"} <= set(cols)
        assert "buf" not in cols
        table = app.query_one(StepTable)
        assert all(strip.cell_length == table.size.width for strip in table._lines())  # m̂ is one cell


async def test_new_optimizers_headers_are_whole_or_marked_at_80_columns():
    """adadelta's E[Δx²] was cut to "E[Δx²" unmarked; asgd's columns are recorded after step k (the
    average with x_{k+1}, the e and μ step k+1 uses) and say so; a longer header ends in … (amsgrad's
    max_v_hat)."""
    from lrtui.teaching.scenario import Scenario

    scenario = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.3,), steps=50,
                           optimizers="adadelta; asgd:t0=5; adam:amsgrad=true")
    app = make_app(scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert header(app)[-3:] == ["E[g²]", "E[Δx²]", "Δx"]
        await pilot.press("right_square_bracket")
        assert header(app)[-4:] == ["aₖ₊₁", "eₖ₊₁", "μₖ₊₁", "Δx"]
        res = app.main.scene.result
        assert res.state["eta"][1, 0, 0] == res.lr[1, 0] / (1 + 1e-4 * res.lr[1, 0] * 1) ** 0.75  # e₁, row 0
        await pilot.press("right_square_bracket")
        assert "max_v…" in header(app)  # max_v_hat, marked cut


async def test_momentum_shows_its_buffer_and_labels_stay_distinct():
    app = make_app(preset("momentum").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        res = app.main.scene.result
        assert [res.label(r) for r in range(res.runs)] == ["sgd η=0.02", "momentum η=0.02"]
        assert "buf" not in header(app)
        await pilot.press("right_square_bracket")
        assert "buf" in header(app)


async def test_the_eta_k_chart_shows_only_with_a_schedule():
    app = make_app(preset("step-decay").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#lr-chart", Chart)
        assert chart.display and app.query_one("#loss-chart", Chart).display
        assert "η_k · step:step_size=10,gamma=0.5" in str(chart.border_title)
        await pilot.press("right")
        assert chart.view.step == 1
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert not app.query_one("#lr-chart", Chart).display
        await pilot.press("g")
        assert not app.query_one("#lr-chart", Chart).display


async def test_g_swaps_the_loss_chart_for_the_eta_k_chart_at_80x24():
    app = make_app(preset("step-decay").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not app.query_one("#lr-chart", Chart).display and app.query_one("#loss-chart", Chart).display
        await pilot.press("g")
        assert app.query_one("#lr-chart", Chart).display and not app.query_one("#loss-chart", Chart).display
        await pilot.press("g")
        assert app.query_one("#loss-chart", Chart).display
