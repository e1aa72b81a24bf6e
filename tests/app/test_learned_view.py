"""The methods that learn η and the effective learning rate in the app (issue 20): the η_k chart
with η_eff, the step table's η_eff column (c), a schedule-free run's average (a), ? help."""

from app_helpers import highlighted, make_app, settle
from textual.widgets import Static

from lrtui.app.screens.help import HelpScreen
from lrtui.app.widgets.chart import Chart
from lrtui.app.widgets.step_table import StepTable
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import Scenario


def header(app) -> list[str]:
    return app.query_one(StepTable)._lines()[0].text.split()


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


async def test_c_shows_the_eta_eff_column_and_plain_descents_is_its_eta():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "η_eff" not in header(app)
        await pilot.press("right_square_bracket", "c")  # the run with η = 0.1
        cols = header(app)
        assert "η_eff" in cols
        row = highlighted(app.query_one(StepTable)).split()
        assert row[cols.index("η_eff")] == "0.1"
        await pilot.press("c")
        assert "η_eff" not in header(app)


async def test_with_two_parameters_the_column_is_one_per_coordinate():
    app = make_app(preset("effective-eta").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        text = app.query_one(StepTable)._lines()[0].text
        assert "ηeff x" in text and "ηeff y" in text  # "η_eff x" where the cells are wider
        row = highlighted(app.query_one(StepTable))
        assert row.split()[-3:-1] == ["0.0083", "0.0025"]  # η/|∂f/∂x| = 0.05/6, 0.05/20


async def test_g_shows_the_eta_k_chart_for_adam_without_a_schedule_with_eta_eff_on_a_log_axis():
    app = make_app(preset("adam-steps").scenario)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#lr-chart", Chart)
        assert not chart.display
        await pilot.press("g")
        assert chart.display and not app.query_one("#loss-chart", Chart).display
        assert str(chart.border_title).startswith("η_k · η_eff faded · log")


async def test_on_a_tall_screen_the_eta_k_chart_with_eta_eff_gets_an_equal_share_of_the_loss_side():
    """η_k alone (plain descent with a schedule) is one line a run: a third of the side; with
    η_eff beside it (a run that is not plain descent) it gets half, so the lines stay apart."""
    heights = {}
    for name, scenario in (("schedule", preset("step-decay").scenario), ("eta_eff", preset("no-eta").scenario)):
        app = make_app(scenario)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(app, pilot)
            rates, losses = app.query_one("#lr-chart", Chart), app.query_one("#loss-chart", Chart)
            assert rates.display and losses.display
            heights[name] = (rates.size.height, losses.size.height)
    assert heights["schedule"][1] >= 2 * heights["schedule"][0] - 1
    assert abs(heights["eta_eff"][0] - heights["eta_eff"][1]) <= 1


async def test_the_eta_k_chart_keeps_the_schedule_in_its_title_before_saying_log():
    """With η_eff drawn the title is long: what it gives up first is "· log" (the ticks say it),
    not the schedule it charts."""
    scenario = Scenario.of("(x-2)^2", x0=(10.0,), lrs=(0.1, 0.5), steps=60, optimizers="sgd; adam",
                           schedule="cosine_restarts:t_0=10,t_mult=2")
    app = make_app(scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        title = str(app.query_one("#lr-chart", Chart).border_title)
        assert title == "η_k · cosine_restarts:t_0=10,t_mult=2 · η_eff faded"


async def test_a_preset_about_eta_eff_opens_with_the_eta_k_chart():
    p = preset("effective-eta")
    app = make_app(p.scenario, lesson=p.lesson)  # as lrtui --preset effective-eta starts it
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#lr-chart", Chart)
        assert chart.display and str(chart.border_title) == "η_k · η_eff faded (x, y) · log"  # what fits 80×24
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"preset: no-eta", "enter")
        await settle(app, pilot)
        chart = app.query_one("#lr-chart", Chart)
        assert chart.display and str(chart.border_title).startswith("η_k, η·d · η_eff")


async def test_a_draws_the_average_of_a_schedule_free_run_and_the_title_says_so():
    app = make_app(preset("schedule-free").scenario)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        chart = app.query_one("#function-chart", Chart)
        assert "· gradient points x" in str(chart.border_title)
        await pilot.press("right", "right", "right", "a")
        await pilot.pause()
        assert "· x and its average x_avg ◆" in str(chart.border_title)
        rows = [strip.text for strip in chart.strips()]
        assert "◆" in "".join(rows)
        # the average's path is dots (one cell each), not a marker's name written out across the frame
        assert "hd" not in "".join(rows) and len({len(row) for row in rows}) == 1


async def test_a_says_why_without_a_schedule_free_run():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        assert "no run here is schedule-free" in message(app) and not app.main.view.average


async def test_help_defines_eta_eff_and_lists_the_optimizers():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        about = str(app.screen.query_one("#help-about", Static).content)
        assert "η_eff = |x_{k+1} − x_k| / |∂f/∂x(x_k)|" in about
        keys = app.screen.query_one("#help-keys", Static).content
        cells = [str(c) for col in keys.columns for c in col._cells]
        assert {"lion", "sf_sgd", "sf_adamw", "prodigy", "dadapt_sgd", "dadapt_adam"} <= set(cells)
        assert any(c.startswith("step table: the η_eff column") for c in cells)


async def test_the_optimizers_section_leaves_the_descriptions_room_at_80x24():
    """Its title sits in the keys' column, which never wraps: a long one squeezed every
    description of the help into a narrow column ("one step back /" over two lines)."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys", Static).content
        assert "optimizers (opt)" in [str(c) for c in keys.columns[0]._cells]
        assert max(len(str(c)) for c in keys.columns[0]._cells) <= 24
        shown = app.screen.query_one("#help-keys", Static)
        lines = [shown.render_line(y).text for y in range(shown.size.height)]
        assert any("one step back / forward" in line for line in lines)


def test_with_many_runs_the_eta_k_chart_draws_the_table_runs_eta_eff_alone():
    from lrtui.app.charts import rates
    from lrtui.app.charts.palette import Palette
    from lrtui.app.charts.scene import build_scene
    from lrtui.app.view import View
    from lrtui.teaching.scenario import Scenario, compute

    res = compute(Scenario.of("(x-2)**2", (10.0,), tuple(0.01 * (i + 1) for i in range(5)), 20,
                              optimizers=("sgd", "adam")))
    scene = build_scene(res)
    assert rates.title(scene, View())[0] == "η_k · η_eff of the table's run faded · log"
    palette = Palette.default()
    full = {palette.run(r) for r in range(res.runs)}
    for run in (6, 9):  # adam runs: their η_eff differs from η
        canvas = rates.draw(scene, View().showing(res).selected(run), 56, 12, palette)
        faded = {call.colour for call in canvas.raster.calls} - full
        assert faded == {palette.faded(palette.run(run), 0.55)}
