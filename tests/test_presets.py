"""Each preset's one-line lesson is true of its actual runs, in the verdicts' own words.

(rosenbrock and saddle: tests/test_two_params.py; linreg: tests/test_linreg.py.)
"""

import numpy as np
import pytest

from lrtui.engine.result import Status
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import compute


@pytest.fixture(scope="module")
def results():
    return {name: compute(p.scenario) for name, p in PRESETS.items()}


def verdicts(res):
    return [a.verdict for a in res.analysis]


def test_quadratic(results):
    v = verdicts(results["quadratic"])
    assert "η = 0.01 crawls, 0.1 converges, 0.5 = 1/f'' lands on the minimum in one step" == PRESETS["quadratic"].lesson
    assert ": crawls toward" in v[0] and ": converges toward" in v[1] and v[2].endswith("reaches the minimum in one step")


def test_wiggly(results):
    res = results["wiggly"]
    a = res.analysis[0]
    assert a.minimum[0] == pytest.approx(3.84, abs=0.005) and a.critical_lr == pytest.approx(0.238, abs=5e-4)
    assert "cannot settle at x* = 3.837" in a.verdict and res.status_text(0).startswith("in a cycle of 4 points")


def test_overshoot(results):
    res = results["overshoot"]
    v = verdicts(res)
    assert "between 1/f'' and 2/f''" in v[1] and "flips side every step, and converges" in v[1]
    assert "bounces between two points around x* = 2 forever" in v[2] and res.status_text(2).startswith("bouncing")
    assert res.status[3] == Status.DIVERGED and "and diverges" in v[3]


def test_flat(results):
    res = results["flat"]
    assert res.x[0, 200, 0] > 3.0 and "still far from x* = 1" in res.analysis[0].verdict  # crawling across
    assert res.status[1] == Status.CONVERGED


def test_steep_wall(results):
    res = results["steep-wall"]
    a = res.analysis[2]
    assert a.critical_lr == pytest.approx(2.0) and res.status[2] == Status.DIVERGED and res.stopped_at[2] == 1
    assert "the first step already moved x by 37.1" in a.verdict


def test_trap(results):
    res = results["trap"]
    assert res.analysis[0].minimum[0] == pytest.approx(1.35, abs=0.005)
    assert res.analysis[1].minimum[0] == pytest.approx(-1.47, abs=0.005)
    assert res.x[1, 1, 0] < 0.0 < res.x[1, 0, 0]  # over the hump on its first step
    assert res.status[2] == Status.DIVERGED


def test_momentum(results):
    res = results["momentum"]
    assert res.status == [Status.CONVERGED] * 2
    assert res.analysis[0].minimum[0] == pytest.approx(3.84, abs=0.005)
    assert res.analysis[1].minimum[0] == pytest.approx(-1.31, abs=0.005)


def test_adam_steps(results):
    res = results["adam-steps"]
    adam, sgd = np.abs(res.move(1)[:10, 0]), np.abs(res.move(0)[:10, 0])
    assert np.all(np.abs(adam - 0.3) < 0.01)  # close to η whatever the slope
    assert np.all(np.diff(sgd) < 0)  # SGD's step shrinks with the gradient


def test_step_decay(results):
    res = results["step-decay"]
    v = verdicts(res)
    assert res.status == [Status.CONVERGED] * 2
    assert "fixed at 1 it bounces between two points forever" in v[0]
    assert "fixed at 1.05 it overshoots and flips side every step, and cannot settle" in v[1]


def test_abs(results):
    res = results["abs"]
    assert [res.status_text(r) for r in range(3)] == [
        "bouncing between 2 points at step 50", "bouncing between 2 points at step 50", "converged at step 3"
    ]
    assert res.x[2, 3, 0] == 0.0


def test_bowl(results):
    v = verdicts(results["bowl"])
    assert "along the shallow one (1, 0) it crawls" in v[0]
    assert "along the steep direction (0, 1) it overshoots and flips side every step, and converges" in v[1]
    assert "(0, 1) it overshoots and flips side every step, and diverges" in v[2] and "(1, 0) it converges" in v[2]



def test_warmup(results):
    res = results["warmup"]
    assert res.schedule.expansion.startswith("linear:start_factor=0.01,end_factor=1,total_iters=10 then@10 cosine")
    np.testing.assert_allclose(res.lr[:, 0], [0.005, 0.015], rtol=1e-15)  # 1% of η at the first step
    assert res.status == [Status.CONVERGED, Status.CONVERGED]
    assert res.analysis[0].minimum[0] == pytest.approx(0.0, abs=1e-6)
    steep = results["steep-wall"]  # the same η = 0.5, constant, from the same x0: off on the first step
    assert steep.lrs[2] == 0.5 and steep.status[2] == Status.DIVERGED and steep.stopped_at[2] == 1


def test_cyclic(results):
    res = results["cyclic"]
    assert res.optimizers[0].cycled is not None  # sgd with the momentum cycled, as torch's CyclicLR
    assert float(res.lr[0].max()) == pytest.approx(0.05) and int(np.argmax(res.lr[0])) == 25
    assert res.x[0, res.stopped_at[0], 0] == pytest.approx(-1.31, abs=0.005)  # over the hump: the global minimum
    assert "which also cycles its momentum (0.8 to 0.9)" in res.analysis[0].verdict
    without = compute(PRESETS["cyclic"].scenario.with_(
        schedule=PRESETS["cyclic"].scenario.schedule.parse("cyclic:max_lr=0.05,step_size_up=25,cycle_momentum=false")))
    assert without.x[0, without.stopped_at[0], 0] == pytest.approx(3.84, abs=0.005)  # the local minimum


def test_rprop(results):
    res = results["rprop"]
    ends = res.x[np.arange(res.runs), res.stopped_at, 0]
    assert np.all(np.abs(ends) < 1e-3)  # every η reaches the minimum of cosh at 0
    assert all("η only sets the first step size" in v for v in verdicts(res))
    np.testing.assert_array_equal(res.state["step_size"][:, 0, 0], [0.001, 0.1, 1.0, 10.0])  # s₀ = η


def test_plateau(results):
    res = results["plateau"]
    assert res.status == [Status.CONVERGED, Status.CONVERGED]
    assert [a.minimum[0] for a in res.analysis] == [pytest.approx(3.837, abs=1e-3)] * 2
    for r in range(2):
        lr = res.lr[r, : res.stopped_at[r] + 1]
        cuts = np.flatnonzero(np.diff(lr)) + 1
        assert cuts.size >= 2 and np.all(lr[cuts] == lr[cuts - 1] * 0.5)  # halved, at a few steps
        assert cuts[0] >= 6  # the first loss is the best so far: 6 steps without a better one first
        assert lr[0] > res.analysis[r].critical_lr > lr[-1]  # from above 2/f'' to below it
    assert "by the schedule" in res.analysis[0].verdict
