"""Quitting is never blocked, and a computation nobody will see stops: q and ctrl+q mid-computation,
a new apply over a running one, the sweep screen closed or quit mid-sweep."""

from __future__ import annotations

import gc
import weakref

import pytest
from app_helpers import make_app, settle

import lrtui.engine.descent
from lrtui.app.latest import Cancelled as CancelledOutcome
from lrtui.app.latest import Job
from lrtui.app.screens.sweep import SweepScreen
from lrtui.cancel import Cancelled
from lrtui.teaching.scenario import Scenario

# 19 η × a million steps with no stop rule: many seconds of work and hundreds of MB, were it finished
BIG = Scenario.of(function="x^2 + 10*sin(x)", x0=(3.0,), lrs=tuple(0.001 * (i + 1) for i in range(19)),
               steps=1_000_000, tol=0.0)
WAIT = 60  # seconds: only ever reached if something hangs


async def ended(job: Job, pilot) -> bool:
    """Wait, letting the app run (its thread hands its outcome to the UI thread), until the
    computation's thread has ended."""
    for _ in range(WAIT * 100):
        if job.finished.is_set():
            return True
        await pilot.pause(0.01)
    return False


async def running_job(app, pilot) -> Job:
    """The main screen's computation, once it has started."""
    for _ in range(500):
        job = app.main.computing.last
        if job is not None and not job.finished.is_set():
            return job
        await pilot.pause()
    raise AssertionError("the computation never started")


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quitting_mid_computation_ends_the_app_and_stops_the_computation(key):
    app = make_app(BIG)
    async with app.run_test(size=(80, 24)) as pilot:
        job = await running_job(app, pilot)
        assert not job.finished.is_set()
        await pilot.press(key)
        await pilot.pause()
    assert not app.is_running and app.return_code == 0
    assert job.finished.wait(WAIT)  # its thread ended …
    assert isinstance(job.outcome, CancelledOutcome) and job.token.cancelled  # … cancelled, not run to the end


async def test_a_new_apply_cancels_the_running_computation_and_frees_what_it_held(monkeypatch):
    recorders: list[weakref.ref] = []

    class Kept(lrtui.engine.descent.FullRecorder):
        def __init__(self, runs: int, d: int, steps: int) -> None:
            super().__init__(runs, d, steps)
            recorders.append(weakref.ref(self))

    monkeypatch.setattr(lrtui.engine.descent, "FullRecorder", Kept)
    app = make_app(BIG)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await running_job(app, pilot)
        app.main.apply(BIG.with_(steps=20))  # what Enter on a changed field does
        assert first.token.cancelled  # at once, not when it would have finished
        assert await ended(first, pilot) and isinstance(first.outcome, CancelledOutcome)
        await settle(app, pilot)
        assert app.main.scene.result.steps == 20 and not app.main.computing.busy
        gc.collect()
        alive = [ref() for ref in recorders if ref() is not None]
        assert [rec.size for rec in alive] == []  # the million-step buffers went with the cancelled run


async def test_applies_in_a_row_leave_one_computation_running():
    app = make_app(BIG)
    async with app.run_test(size=(80, 24)) as pilot:
        jobs = [await running_job(app, pilot)]
        for lr in (0.5, 0.4, 0.3):
            app.main.apply(BIG.with_(lrs=(lr,), steps=20_000))
            await pilot.pause()
            job = app.main.computing.last
            if job is not None and job not in jobs:
                jobs.append(job)
        await settle(app, pilot)
        assert all(job.finished.is_set() for job in jobs)
        assert isinstance(jobs[0].outcome, CancelledOutcome)
        assert app.main.scene.result.lrs.tolist() == [0.3]  # the newest is what shows


async def sweep_screen(app, pilot) -> SweepScreen:
    await settle(app, pilot)
    await pilot.press("w")
    for _ in range(500):
        if isinstance(app.screen, SweepScreen):
            return app.screen
        await pilot.pause()
    raise AssertionError("the sweep screen never opened")


@pytest.mark.parametrize("key", ["escape", "ctrl+q"])
async def test_the_sweep_stops_when_its_screen_closes_or_the_app_quits(key, monkeypatch):
    import threading

    import lrtui.analysis.sweep

    go, sweep, outcome = threading.Event(), lrtui.analysis.sweep.sweep, []

    def held(*args, **kwargs):  # the sweep starts once the test says go
        go.wait(WAIT)
        try:
            return sweep(*args, **kwargs)
        except Cancelled:
            outcome.append("cancelled")
            raise

    monkeypatch.setattr(lrtui.analysis.sweep, "sweep", held)
    app = make_app(Scenario.of(function="x^2 + 10*sin(x)", x0=(3.0,), lrs=(1e-4,), steps=99_000, tol=0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await sweep_screen(app, pilot)
        job = screen.sweeping.last
        assert not job.finished.is_set()  # held: mid-sweep, whatever the machine's speed
        await pilot.press(key)
        await pilot.pause()
        go.set()  # 200 η × 99,000 steps from here, were it not cancelled
        if key == "escape":
            assert app.screen is app.main and app.is_running
            assert await ended(job, pilot)
    assert job.token.cancelled
    assert job.finished.wait(WAIT) and screen.sweep is None  # nothing was shown …
    assert outcome == ["cancelled"]  # … and the sweep itself stopped


async def test_too_many_runs_mark_the_optimizer_field_and_keep_the_last_result():
    from textual.widgets import Input, Static

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.main.scene.result
        field = app.query_one("#optimizer", Input)
        field.focus()
        field.value = "; ".join(["adam"] * 22)  # 3 η × 22 optimizers = 66 runs
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        line = str(app.query_one("#message", Static).render())
        assert "too many runs: 3 η × 22 optimizers = 66 runs, at most 64" in line
        assert field.has_class("-bad") and app.main.scene.result is before
