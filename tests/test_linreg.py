"""The regression model: formulas, minibatches, epochs, the scenario and the command line."""

import json

import numpy as np
import pytest

from lrtui.cli import main
from lrtui.engine.result import Status
from lrtui.models.linreg import LinearRegression, build_linreg
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import Scenario, compute, run

X = np.array([0.0, 0.5, 1.0, 2.0])
Y = np.array([1.0, 2.5, 2.0, 5.0])


def test_loss_gradient_and_hessian_are_the_mse_formulas_vectorized_over_runs():
    p = LinearRegression(X, Y)
    W = np.array([[0.0, 0.0], [1.0, 2.0], [-3.0, 0.5]])
    pred = W[:, :1] * X + W[:, 1:]
    np.testing.assert_allclose(p.loss(W), np.mean((pred - Y) ** 2, axis=1), rtol=1e-15)
    g = p.gradient(W, 0)
    np.testing.assert_allclose(g[:, 0], 2 * np.mean((pred - Y) * X, axis=1), rtol=1e-15)
    np.testing.assert_allclose(g[:, 1], 2 * np.mean(pred - Y, axis=1), rtol=1e-15)
    H = p.hessian(W)
    assert H.shape == (3, 2, 2)
    np.testing.assert_allclose(H[1], [[2 * np.mean(X**2), 2 * np.mean(X)], [2 * np.mean(X), 2.0]])
    assert p.parameters == ("w", "b") and p.text == "linreg"


def test_the_minimum_is_least_squares_and_critical_is_2_over_lambda_max():
    p = build_linreg(None, seed=0)
    res = run(p, [0.0, 0.0], [0.1], 200)
    a = res.analysis[0]
    w, b = np.polyfit(p.x, p.y, 1)
    assert a.minimum == pytest.approx((w, b), rel=1e-12)
    lam = np.linalg.eigvalsh(p.hessian(np.zeros((1, 2)))[0])
    assert a.critical_lr == pytest.approx(2 / lam[-1], rel=1e-12)
    assert a.optimal_lr == pytest.approx(2 / (lam[0] + lam[-1]), rel=1e-12)
    assert "no direction overshoots" in a.verdict


def test_full_batch_epochs_are_steps():
    p = build_linreg(None, seed=0)
    assert p.batches_per_epoch == 1 and not p.stochastic
    res = run(p, [0.0, 0.0], [0.1, 2.0], 30)
    assert res.status[1] == Status.DIVERGED
    epoch = res.extra["epoch"]
    assert epoch.shape == (2, res.x.shape[1])
    assert epoch[0].tolist() == list(range(res.x.shape[1]))
    k = res.stopped_at[1]
    assert np.all(epoch[1, k:] == k)  # after a stop, records repeat the last one


def test_minibatches_cover_every_row_once_per_epoch_and_keep_the_last_partial_batch():
    p = build_linreg(None, seed=0, batch_size=30)
    assert p.batches_per_epoch == 4
    for epoch in range(3):
        batches = [p.batch_indices(epoch * 4 + j) for j in range(4)]
        assert [b.size for b in batches] == [30, 30, 30, 10]
        assert sorted(np.concatenate(batches).tolist()) == list(range(100))
    # the draw order: default_rng(seed), x, noise, then one permutation per epoch
    rng = np.random.default_rng(0)
    rng.random(100), rng.normal(0, 0.1, 100)
    perms = [rng.permutation(100) for _ in range(3)]
    assert np.array_equal(p.batch_indices(4), perms[1][:30])
    assert np.array_equal(p.batch_indices(0), perms[0][:30])  # going back re-draws from the start
    assert np.array_equal(p.batch_indices(11), perms[2][90:])


def test_minibatch_gradient_is_the_batch_mean_and_loss_the_whole_set():
    p = build_linreg(None, seed=0, batch_size=10)
    W = np.array([[1.0, 1.0]])
    idx = p.batch_indices(7)
    r = W[0, 0] * p.x[idx] + W[0, 1] - p.y[idx]
    np.testing.assert_allclose(p.gradient(W, 7)[0], [2 * np.mean(r * p.x[idx]), 2 * np.mean(r)], rtol=1e-15)
    np.testing.assert_allclose(p.gradient(W)[0], build_linreg(None, seed=0).gradient(W)[0], rtol=0)
    full = W[0, 0] * p.x + W[0, 1] - p.y
    assert p.loss(W)[0] == pytest.approx(np.mean(full**2), rel=1e-15)


def test_every_run_sees_the_same_batches_and_runs_repeat_exactly():
    s = Scenario.of(model="linreg", x0=(0.0, 0.0), lrs=(0.05, 0.2), batch_size=10, epochs=3)
    a, b = compute(s), compute(s)
    assert a.x.shape == (2, 31, 2)
    np.testing.assert_array_equal(a.x, b.x)
    alone = compute(s.with_(lrs=(0.2,)))
    np.testing.assert_array_equal(alone.x[0], a.x[1])
    assert a.extra["epoch"][0].tolist() == [k // 10 for k in range(31)]
    assert "jitters around x*" in a.analysis[0].verdict


def test_a_batch_as_large_as_the_data_is_full_batch():
    p = build_linreg(None, seed=0, batch_size=100)
    assert p.batch_size is None and p.batches_per_epoch == 1


def test_the_seed_changes_data_and_shuffling():
    a, b = build_linreg(None, 0, 10), build_linreg(None, 1, 10)
    assert not np.array_equal(a.x, b.x)
    assert not np.array_equal(a.batch_indices(0), b.batch_indices(0))


def test_preset_reproduces_the_seed_comparison():
    res = compute(PRESETS["linreg"].scenario)
    assert res.parameters == ("w", "b") and list(res.lrs) == [0.001, 0.01, 0.1]
    assert res.x.shape == (3, 201, 2)
    final = res.loss[:, -1]
    assert final[0] > final[1] > final[2]
    assert final[2] < 1.1 * float(res.problem.loss(np.array([res.analysis[2].minimum]))[0])
    assert res.analysis[0].critical_lr == pytest.approx(0.7558, abs=1e-4)


def cli(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_for_the_model(capsys):
    code, out, err = cli(capsys, "--model", "linreg", "--lr", "0.1", "--epochs", "2", "--batch-size", "50", "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["function"] == "linreg" and doc["parameters"] == ["w", "b"]
    assert doc["derivative"].startswith("(∂L/∂w, ∂L/∂b) = (2·mean((w·x + b − y)·x), 2·mean(w·x + b − y))")
    steps = doc["runs"][0]["steps"]
    assert len(steps) == 5 and steps[0]["x"] == [0.0, 0.0]
    assert [s["epoch"] for s in steps] == [0, 0, 1, 1, 2]


def test_x0_sets_w_and_b(capsys):
    code, out, _ = cli(capsys, "--model", "linreg", "--x0", "3,2", "--lr", "0.1", "--steps", "1", "--format", "json")
    assert code == 0 and json.loads(out)["runs"][0]["steps"][0]["x"] == [3.0, 2.0]


def test_steps_and_epochs_together_must_agree(capsys):
    code, out, _ = cli(capsys, "--model", "linreg", "--lr", "0.1", "--epochs", "3", "--batch-size", "30", "--steps", "12", "--format", "summary")
    assert code == 0 and "stopped_at=12" in out
    code, _, err = cli(capsys, "--model", "linreg", "--epochs", "3", "--batch-size", "30", "--steps", "10")
    assert code == 2 and "--steps 10 and --epochs 3 disagree: 3 epochs are 12 steps here" in err


def test_explicit_steps_override_the_presets_epochs(capsys):
    code, out, _ = cli(capsys, "--preset", "linreg", "--steps", "7", "--format", "summary")
    assert code == 0 and out.count("stopped_at=7") == 3


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--model", "svm"], "unknown model 'svm'; valid: function, linreg"),
        (["--model", "linreg", "--batch-size", "0"], "batch size: must be at least 1, got 0"),
        (["--model", "linreg", "--batch-size", "abc"], "batch size: 'abc' is not a whole number"),
        (["--model", "linreg", "--batch-size", "101"], "batch size 101 is larger than the data (100 points)"),
        (["--model", "linreg", "--epochs", "0"], "epochs: must be from 1 to 1,000,000, got 0"),
        (["--model", "linreg", "--epochs", "1000000", "--batch-size", "1"], "batches = 100,000,000 steps, more than 1,000,000"),
        (["--model", "linreg", "--seed", "-1"], "seed: must be from 0"),
        (["--model", "linreg", "--seed", "1.5"], "seed: '1.5' is not a whole number"),
        (["--model", "linreg", "--function", "x^2"], "--function does not apply to --model linreg"),
        (["--model", "linreg", "--noise", "0.5"], "--noise applies only to a typed function: the regression's gradient noise is its minibatches (--batch-size)"),
        (["--batch-size", "3"], "--batch-size applies only to --model linreg"),
        (["--model", "linreg", "--x0", "1"], "x0 needs 2 numbers (w, b), got 1"),
    ],
)
def test_bad_model_flags_exit_2_with_one_line(capsys, argv, fragment):
    code, out, err = cli(capsys, *argv, "--format", "summary")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err


def test_the_whole_data_loss_is_worked_out_once_and_never_reads_the_rows_again():
    """A million rows cost one step what a hundred cost: the loss comes from the data's statistics."""
    rng = np.random.default_rng(3)
    x = rng.random(1_000_000)
    y = 3 * x + 2 + rng.normal(0, 0.1, x.size)
    p = LinearRegression(x, y)
    W = np.array([[0.0, 0.0], [3.0, 2.0], [-1.0, 7.5]])
    want = np.array([np.mean((w * x + b - y) ** 2) for w, b in W])
    p.x = p.y = None  # type: ignore[assignment]  # the rows are gone: the loss must not need them
    np.testing.assert_allclose(p.loss(W), want, rtol=1e-12)


def test_the_loss_keeps_its_digits_for_data_far_from_zero():
    """Centred statistics: data around x = 10⁶ near the least-squares line lose nothing to cancellation."""
    from fractions import Fraction

    rng = np.random.default_rng(4)
    x = 1e6 + rng.random(50)
    y = 0.5 * x + rng.normal(0, 1e-3, 50)
    p = LinearRegression(x, y)
    w, b = np.polyfit(x, y, 1)
    exact = sum((Fraction(w) * Fraction(xi) + Fraction(b) - Fraction(yi)) ** 2 for xi, yi in zip(x, y, strict=True)) / 50
    assert p.loss(np.array([[w, b]]))[0] == pytest.approx(float(exact), rel=1e-12)


@pytest.mark.parametrize("lr, epochs", [("0.1", "100"), ("0.05", "300")])
def test_a_minibatch_run_at_the_least_squares_solution_is_told_of_noise_not_distance(capsys, lr, epochs):
    """The seed's Keras script at Keras's batch size: the run sits at the least-squares solution up
    to minibatch noise (loss 0.00956 against 0.0094); its verdict said "still far from x*"."""
    assert main(["run", "--model", "linreg", "--lr", lr, "--epochs", epochs, "--batch-size", "32",
                 "--format", "summary"]) == 0
    line = capsys.readouterr().out.strip()
    assert "still far" not in line and "jitters around x*" in line
    assert "against 0.009401 there" in line  # its loss beside f(x*)


def test_a_minibatch_run_still_on_its_way_is_not_said_to_jitter_there(capsys):
    assert main(["run", "--model", "linreg", "--lr", "0.001", "--epochs", "5", "--batch-size", "32",
                 "--format", "summary"]) == 0
    line = capsys.readouterr().out.strip()
    assert "jitters around x* (loss" not in line and "once there, the noise of its minibatches" in line
