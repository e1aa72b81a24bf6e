"""The engine against closed forms, every status on purpose-built cases, and its input checks."""

import numpy as np
import pytest

from lrtui.engine.descent import descend, run
from lrtui.engine.result import Status
from lrtui.errors import InputError
from lrtui.expr import parse_function
from lrtui.limits import MAX_STEPS
from lrtui.problem import Problem

QUAD = parse_function("(x-2)**2")


@pytest.mark.parametrize("eta", [0.01, 0.1, 0.3, 0.5, 0.75, 0.99])
def test_quadratic_follows_the_closed_form(eta):
    res = run(QUAD, [10.0], [eta], 20, tol=0)
    k = np.arange(21)
    expected = 2 + (1 - 2 * eta) ** k * 8.0
    np.testing.assert_allclose(res.x[0, :, 0], expected, rtol=1e-12, atol=1e-12)
    x = res.x[0, :, 0]  # f and f' at the recorded x (x − 2 cancels digits near 2)
    np.testing.assert_allclose(res.loss[0], (x - 2) ** 2, rtol=1e-12, atol=0)
    np.testing.assert_allclose(res.grad[0, :, 0], 2 * x - 4, rtol=1e-12, atol=0)
    assert np.all(res.lr[0] == eta)


def test_the_seed_script_numbers():
    """The first teaching script: (x−2)² from 10, 20 iterations, η = 0.01, 0.1, 0.5."""
    res = run(QUAD, [10.0], [0.01, 0.1, 0.5], 20)
    assert res.runs == 3 and res.parameters == ("x",)
    assert res.status == [Status.MAX_STEPS, Status.MAX_STEPS, Status.CONVERGED]
    assert list(res.stopped_at) == [20, 20, 1]
    assert res.x[2, 1, 0] == 2.0  # η = 1/f'' lands on the minimum in one step
    assert res.x[1, 20, 0] == pytest.approx(2 + 0.8**20 * 8, rel=1e-12)
    assert res.x[0, 20, 0] == pytest.approx(2 + 0.98**20 * 8, rel=1e-12)


def test_runs_at_once_equal_runs_one_by_one():
    f = parse_function("x**2 + 10*sin(x)")
    lrs = [0.001, 0.02, 0.1, 0.2, 0.3]
    together = run(f, [3.0], lrs, 300)
    for i, eta in enumerate(lrs):
        alone = run(f, [3.0], [eta], 300)
        s = alone.stopped_at[0]
        assert together.stopped_at[i] == s and together.status[i] == alone.status[0]
        np.testing.assert_array_equal(together.x[i, : s + 1], alone.x[0, : s + 1])


def test_wiggly_seed_never_settles_at_eta_0_3():
    """The second teaching script: x² + 10·sin(x) from 3, η = 0.3, tol 1e-8, 1000 steps."""
    res = run(parse_function("x**2 + 10*sin(x)"), [3.0], [0.3], 1000, tol=1e-8)
    assert res.status[0] == Status.MAX_STEPS
    assert res.stopped_at[0] == 1000


def test_converged_when_the_gradient_is_below_tol():
    res = run(QUAD, [10.0], [0.1], 1000, tol=1e-6)
    k = int(res.stopped_at[0])
    assert res.status[0] == Status.CONVERGED
    assert abs(res.grad[0, k, 0]) < 1e-6 <= abs(res.grad[0, k - 1, 0])


def test_tol_zero_turns_convergence_off():
    res = run(QUAD, [10.0], [0.5], 30, tol=0)
    assert res.status[0] == Status.MAX_STEPS and res.stopped_at[0] == 30


def test_diverged_within_60_steps():
    res = run(QUAD, [10.0], [1.5], 1000)
    assert res.status[0] == Status.DIVERGED
    assert res.stopped_at[0] <= 60
    assert np.all(np.isfinite(res.x[0, : res.stopped_at[0] + 1]))


def test_left_the_domain():
    # sqrt(x) from 1 with η = 5: x1 = 1 − 5·0.5 = −1.5, where sqrt is not a number
    res = run(parse_function("sqrt(x)"), [1.0], [5.0], 10)
    assert res.status[0] == Status.LEFT_DOMAIN
    assert res.stopped_at[0] == 1
    assert np.isnan(res.loss[0, 1])


def test_max_steps_and_records_after_a_stop_repeat_the_last_one():
    res = run(QUAD, [10.0], [0.5, 0.01], 20)
    assert res.x.shape == (2, 21, 1)
    assert np.all(res.x[0, 1:, 0] == 2.0)  # frozen after converging at step 1
    assert len(list(res.records(0))) == 2 and len(list(res.records(1))) == 21


def test_stops_early_and_records_only_what_was_needed():
    res = run(QUAD, [10.0], [0.5], MAX_STEPS)
    assert res.stopped_at[0] == 1 and res.x.shape[1] == 2


def test_two_parameters():
    f = parse_function("x**2 + 10*y**2")
    res = run(f, [3.0, 1.0], [0.01, 0.05], 200, tol=0)
    assert res.x.shape == (2, 201, 2)
    k = np.arange(201)
    np.testing.assert_allclose(res.x[0, :, 0], 3 * (1 - 2 * 0.01) ** k, rtol=1e-12)
    np.testing.assert_allclose(res.x[0, :, 1], (1 - 20 * 0.01) ** k, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize(
    "kwargs, field",
    [
        (dict(lrs=[0.0]), "lr"),
        (dict(lrs=[-0.1]), "lr"),
        (dict(lrs=[float("nan")]), "lr"),
        (dict(lrs=[float("inf")]), "lr"),
        (dict(lrs=[]), "lr"),
        (dict(x0=[float("inf")]), "x0"),
        (dict(x0=[1.0, 2.0]), "x0"),
        (dict(steps=0), "steps"),
        (dict(steps=MAX_STEPS + 1), "steps"),
        (dict(steps=2.5), "steps"),
        (dict(tol=-1.0), "tol"),
        (dict(tol=float("nan")), "tol"),
    ],
)
def test_bad_input_is_refused_with_its_field(kwargs, field):
    args = dict(x0=[10.0], lrs=[0.1], steps=20, tol=1e-8) | kwargs
    with pytest.raises(InputError) as err:
        run(QUAD, args["x0"], args["lrs"], args["steps"], tol=args["tol"])
    assert err.value.field == field
    assert "\n" not in str(err.value)


def test_a_million_step_budget_runs_until_the_stop_rule():
    # |f'(x_k)| = 16·(1 − 2η)^k drops below 1e-8 at k = ceil(log(16/1e-8) / -log(1 − 2η))
    eta = 1e-3
    res = run(QUAD, [10.0], [eta], MAX_STEPS, tol=1e-8)
    expected = int(np.ceil(np.log(16 / 1e-8) / -np.log1p(-2 * eta)))
    assert res.status[0] == Status.CONVERGED
    assert abs(int(res.stopped_at[0]) - expected) <= 1
    assert res.x.shape[1] == res.stopped_at[0] + 1


# -- the seam: a recorder that keeps final values only ----------------------------------------
@pytest.mark.parametrize("path", ["arrays", "floats"])
def test_a_recorder_that_keeps_final_values_only_gets_the_same_finals(path):
    from lrtui.engine.finals import FinalRecorder

    f = parse_function("x**2 + 10*sin(x)")
    lrs = np.geomspace(1e-3, 2.0, 40 if path == "arrays" else 6)
    full = run(f, [3.0], lrs, 5000, tol=1e-8, path=path)
    done, rec = descend(f, [3.0], lrs, 5000, 1e-8, None, None, FinalRecorder.factory(), path=path)
    idx = np.arange(lrs.size)
    assert done.status == full.status and np.array_equal(done.stopped_at, full.stopped_at)
    assert Status.MAX_STEPS in done.status and Status.CONVERGED in done.status and Status.DIVERGED in done.status
    assert np.array_equal(rec.x, full.x[idx, full.stopped_at]) and np.array_equal(rec.loss, full.loss[idx, full.stopped_at])
    assert np.array_equal(rec.grad, full.grad[idx, full.stopped_at])


def test_a_final_values_recorder_holds_the_same_memory_for_a_thousand_steps_or_a_million():
    from lrtui.engine.finals import FinalRecorder

    def held(rec):
        return sum(v.nbytes for v in vars(rec).values() if isinstance(v, np.ndarray))

    assert held(FinalRecorder(200, 2, 1_000_000)) == held(FinalRecorder(200, 2, 1000)) < 5_000_000


def test_the_engine_returns_trajectories_without_an_analysis():
    res = run(QUAD, [10.0], [0.5], 20)
    assert res.analysis == [] and res.x[0, 1, 0] == 2.0
    from lrtui.teaching.scenario import run as analysed

    assert analysed(QUAD, [10.0], [0.5], 20).analysis[0].minimum == (2.0,)


class Bowl(Problem):
    """A problem that gives only f and ∇f: every other capability has its default."""

    text = "x^2 + 3y^2"
    parameters = ("x", "y")

    def loss(self, X):
        return X[:, 0] ** 2 + 3 * X[:, 1] ** 2

    def gradient(self, X, step=None):
        return np.stack([2 * X[:, 0], 6 * X[:, 1]], axis=1)


def test_a_problem_with_only_a_loss_and_a_gradient_runs_and_is_analysed():
    from lrtui.teaching.scenario import run as analysed

    p = Bowl()
    np.testing.assert_allclose(p.hessian(np.array([[1.0, 2.0]]))[0], [[2, 0], [0, 6]], rtol=1e-9)
    assert p.derivative_text == "" and not p.is_quadratic and not p.stochastic and p.extras(3) == {}
    res = analysed(p, [1.0, 1.0], [0.1, 0.4], 200)
    assert res.status == [Status.CONVERGED, Status.DIVERGED]
    assert res.analysis[0].minimum == pytest.approx((0.0, 0.0), abs=1e-12)
    assert res.analysis[0].critical_lr == pytest.approx(1 / 3, rel=1e-8)  # 2/λ_max with the numeric Hessian
