"""Issue 19's optimizers and schedules in the app: typed into the opt and sched fields they compute
what the command line computes, show their η_k chart and verdicts; a combination torch refuses
marks its field with the hint on screen; the η dial with a schedule that follows the loss gives
the fresh result; ? help has a row for every name the fields take."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import make_app, settle
from textual.widgets import Input, Static

from lrtui.app.render import screen_text
from lrtui.app.widgets.run_status import RunStatus
from lrtui.optim.registry import OPTIMIZERS, SCHEDULES
from lrtui.teaching.presets import preset
from lrtui.teaching.scenario import compute


async def type_into(app, pilot, name: str, text: str) -> Input:
    field = app.query_one(f"#{name}", Input)
    field.focus()
    field.value = text
    await settle(app, pilot)
    return field


def message(app) -> str:
    return str(app.query_one("#message", Static).render())


def same_bits(a, b) -> bool:
    return a.shape == b.shape and np.array_equal(np.asarray(a).view(np.int64), np.asarray(b).view(np.int64))


async def test_new_optimizers_and_a_recipe_typed_into_the_fields_compute_and_chart_their_eta_k():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await type_into(app, pilot, "optimizer", "adadelta; nadam; rprop")
        await type_into(app, pilot, "schedule", "warmup_cosine:warmup=5,t_max=20")
        await pilot.press("enter")
        await settle(app, pilot)
        res = app.main.scene.result
        assert [o.text for o in res.optimizers[::3]] == ["adadelta", "nadam", "rprop"]
        assert res.schedule.text == "warmup_cosine:warmup=5,t_max=20"
        fresh = compute(app.main.scenario)
        assert same_bits(res.x, fresh.x) and same_bits(res.lr, fresh.lr)
        assert res.lr[0, 0] == 0.01 * 0.01 and res.lr[0, 5] == 0.01  # warmed up from 1 % of η over 5 steps
        assert "η_k · warmup_cosine:warmup=5,t_max=20" in screen_text(app)  # at 120×40 beside the loss chart
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket",
                          "right_square_bracket", "right_square_bracket", "right_square_bracket")  # rprop η=0.01
        await settle(app, pilot)
        runs = "".join(getattr(line, "renderable", line).plain for line in app.query_one(RunStatus).render().renderables)
        said = ("rprop with warmup_cosine:warmup=5,t_max=20: its step size adapts to the sign of the slope; η only sets "
                "the first step size")
        assert said.replace(" ", "") in "".join(runs.split())  # as wrapped into the runs panel


async def test_a_cycle_momentum_torch_refuses_marks_the_schedule_with_its_hint_on_an_80_column_screen():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        await type_into(app, pilot, "optimizer", "adagrad")
        await type_into(app, pilot, "schedule", "onecycle")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.query_one("#schedule", Input).has_class("-bad")
        assert app.main.scene.result is before  # the last good result stays
        line = next(line for line in screen_text(app).splitlines() if "⚠" in line)
        assert "adagrad has no momentum or beta1 to cycle: add cycle_momentum=false" in line
        await type_into(app, pilot, "schedule", "onecycle:cycle_momentum=false")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.main.scene.result.schedule.text == "onecycle:cycle_momentum=false"
        assert "⚠" not in message(app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_an_eta_turn_with_plateau_gives_the_fresh_result_and_its_reductions(size):
    """plateau's η_k is each run's own, worked out from its losses: the turned run's is new, the kept
    run's is its own from the computation before."""
    app = make_app(preset("plateau").scenario)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await pilot.press("up")  # the table's run, η = 0.3, one rung up: 0.4
        await settle(app, pilot)
        res = app.main.scene.result
        assert list(res.lrs) == [0.4, 0.5]
        fresh = compute(app.main.scenario)
        for name in ("x", "loss", "grad", "lr"):
            assert same_bits(getattr(res, name), getattr(fresh, name)), name
        steps = np.flatnonzero(np.diff(res.lr[0, : res.stopped_at[0] + 1]))
        assert steps.size >= 2 and np.all(res.lr[0, steps + 1] == res.lr[0, steps] * 0.5)  # halved, twice or more
        if size == (80, 24):  # g: the η_k chart in the loss chart's place, its title cut with …
            await pilot.press("g")
            await settle(app, pilot)
            assert "η_k · plateau:factor=0.5,patience… ─" in screen_text(app)
        else:
            assert "η_k · plateau:factor=0.5,patience=5 · log scale ─" in screen_text(app)


async def test_the_help_has_a_row_for_every_optimizer_and_schedule_and_each_recipe_s_expansion():
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        rows = dict(row for title, rows in app.screen.sections if title.startswith(("optimizers", "schedules"))
                    for row in rows)
    names = [name for cls in (*OPTIMIZERS, *SCHEDULES) for name in cls.TABLE]
    assert [name for name in rows if name in names] == names
    assert rows["inverse_sqrt"].startswith("= lambda:f=min((k+1)/W, sqrt(W/(k+1)))")
    assert rows["warmup_cosine"].startswith("= linear:start_factor=S,")
    assert "A then@N B" in rows and "A and B" in rows
    assert "η is only the first step size" in rows["rprop"]
