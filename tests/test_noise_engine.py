"""Noisy descents (issue 21): the update rule read back from the records, both loops alike,
reproducibility by seed, the statistics over trials, the floor against its closed form and the
halving law, the budget."""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.engine.noise import Noise
from lrtui.engine.result import Status
from lrtui.errors import InputError
from lrtui.expr.function import parse_function
from lrtui.optim.registry import parse_optimizer, parse_schedule
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import Scenario, compute


@pytest.fixture(scope="module")
def quad():
    return parse_function("(x-2)**2")


@pytest.fixture(scope="module")
def floor_preset():
    return compute(PRESETS["noise-floor"].scenario)


@pytest.mark.parametrize("loop", ["floats", "arrays"])
@pytest.mark.parametrize("expr, x0", [("(x-2)**2", [10.0]), ("x**2 + 10*sin(x)", [3.0]), ("x**2 + 10*y**2", [3.0, 1.0])])
def test_sgd_steps_from_the_recorded_gradient_plus_the_recorded_noise(loop, expr, x0):
    res = run(parse_function(expr), x0, [0.01, 0.04], 60, tol=0.0, path=loop, noise=Noise(0.8, 4, seed=5), trial=2)
    for r in range(res.runs):
        noise = res.noise_at(r)
        assert np.isnan(noise[-1]).all() and np.isfinite(noise[:-1]).all() and np.abs(noise[:-1]).max() > 0.1
        expected = res.x[r, :-1] - res.lrs[r] * (res.grad[r, :-1] + noise[:-1])  # x_{k+1} = x_k − η(∇f + noise)
        assert np.array_equal(res.x[r, 1:], expected)
        assert np.array_equal(res.loss[r], res.problem.loss(res.x[r]))  # the exact f and ∇f are recorded
        assert np.array_equal(res.grad[r], res.problem.gradient(res.x[r]))


OPTIMIZERS = ["sgd", "momentum", "nesterov:momentum=0.5,weight_decay=0.05", "adam", "rmsprop", "adagrad", "adamw",
              "adadelta", "adamax", "nadam", "radam", "rprop", "asgd:t0=5"]
CYCLING = {"sgd", "momentum", "nesterov:momentum=0.5,weight_decay=0.05", "adam", "rmsprop", "adamw", "adamax",
           "nadam", "radam"}  # those with a momentum or a β1 for cyclic to cycle


@pytest.mark.parametrize("opt, schedule", [(o, s) for o in OPTIMIZERS for s in (
    "step:step_size=10,gamma=0.5", "plateau:patience=2,factor=0.5", "cyclic:max_lr=0.08,step_size_up=5")
    if o in CYCLING or not s.startswith("cyclic")])
def test_both_loops_give_the_same_bits_with_noise(opt, schedule):
    f = parse_function("x**2 + 10*y**2")
    kw = dict(tol=0.0, optimizers=[parse_optimizer(opt)], schedule=parse_schedule(schedule),
              noise=Noise(2.0, 3, seed=9), trial=1)
    floats = run(f, [3.0, 1.0], [0.01, 0.05], 40, path="floats", **kw)
    arrays = run(f, [3.0, 1.0], [0.01, 0.05], 40, path="arrays", **kw)
    assert np.array_equal(floats.x, arrays.x) and np.array_equal(floats.grad, arrays.grad)
    for name in arrays.state:
        assert np.array_equal(floats.state[name], arrays.state[name], equal_nan=True)


def test_the_same_seed_gives_the_same_numbers_and_another_seed_others():
    s = Scenario.of("(x-2)**2", x0=10, lrs=[0.1, 0.3], steps=200, tol=0, noise=0.5, trials=16, seed=3)
    a, b, c = compute(s), compute(s), compute(s.with_(seed=4))
    assert np.array_equal(a.x, b.x) and np.array_equal(a.trials.mean, b.trials.mean)
    assert np.array_equal(a.trials.q90, b.trials.q90) and a.analysis[0].verdict == b.analysis[0].verdict
    assert not np.array_equal(a.x, c.x) and not np.array_equal(a.trials.mean, c.trials.mean)


def test_a_trial_is_the_same_whatever_else_is_computed_beside_it():
    s = Scenario.of("(x-2)**2", x0=10, lrs=[0.1, 0.3], steps=100, tol=0, noise=0.5, trials=4, seed=3)
    more = compute(s.with_(trials=8, trial=2))  # more trials: the first four streams do not change
    assert np.array_equal(compute(s.with_(trial=2)).x, more.x)
    longer = compute(s.with_(lrs=(0.1, 0.3, 0.05), trial=2))  # another η after them: runs 0 and 1 keep their noise
    assert np.array_equal(longer.x[:2], more.x)


def test_the_statistics_are_over_every_trial(quad):
    s = Scenario.of("(x-2)**2", x0=10, lrs=[0.1, 0.3], steps=120, tol=0, noise=0.5, trials=5, seed=1)
    res = compute(s)
    each = np.stack([compute(s.with_(trial=t)).loss for t in range(5)], axis=2)  # (runs, n, trials): trial t's records
    assert np.array_equal(res.trials.mean, each.mean(axis=2))
    assert np.array_equal(res.trials.q50, np.median(each, axis=2))
    assert np.array_equal(res.trials.q10, np.quantile(each, 0.1, axis=2))
    assert np.array_equal(res.trials.q90, np.quantile(each, 0.9, axis=2))
    assert res.trials.q10.shape == (2, 121) and (res.trials.q10 <= res.trials.q90).all()


def test_a_stopped_trial_repeats_its_last_loss_in_the_statistics(quad):
    """η = 1.05 > 2/f'' diverges in every trial; each one's loss after its stop is its last."""
    s = Scenario.of("(x-2)**2", x0=10, lrs=[1.05], steps=300, tol=0, noise=0.1, trials=6, seed=2)
    res = compute(s)
    stats = res.trials
    assert stats.lost(0) == 6 and all(st == Status.DIVERGED for st in stats.status[0])
    for t in range(6):
        one = compute(s.with_(trial=t))
        k = int(one.stopped_at[0])
        assert stats.stopped_at[0, t] == k and stats.loss[0, t] == one.loss[0, k]
    assert "6 of 6 trials diverged or left the domain: no floor" in res.analysis[0].verdict


def test_the_measured_floor_is_within_5_percent_of_the_closed_form(floor_preset):
    """(x−2)² from x* with σ = 1 and 256 trials: E[f − f*] = ησ²/(2(2 − ηf'')) at η = 0.1, 0.05, 0.025."""
    for r, eta in enumerate((0.1, 0.05, 0.025)):
        floor = floor_preset.analysis[r].floor
        assert floor.predicted == pytest.approx(eta / (2 * (2 - 2 * eta)), rel=1e-12)
        assert floor.settled and floor.trials == 256
        assert floor.measured == pytest.approx(floor.predicted, rel=0.05)
    assert "noise floor ≈ 0.0278 predicted (ησ²/(2(2−ηf''))), 0.0278" in floor_preset.analysis[0].verdict


def test_halving_eta_about_halves_the_floor(floor_preset):
    floors = [floor_preset.analysis[r].floor for r in range(3)]
    for big, small in zip(floors, floors[1:], strict=False):  # η = 0.1 → 0.05 → 0.025
        assert small.predicted == pytest.approx(big.halved, rel=1e-12)
        assert 0.45 < big.halved / big.predicted <= 0.5
        assert small.measured / big.measured == pytest.approx(big.halved / big.predicted, rel=0.07)
        assert "halving η halves it" in floor_preset.analysis[floors.index(big)].verdict


def test_other_optimizers_and_schedules_are_measured_without_a_closed_form():
    s = Scenario.of("(x-2)**2", x0=2, lrs=[0.05], steps=1000, tol=0, optimizers="sgd; adam", noise=1, trials=64)
    res = compute(s)
    adam = res.analysis[1]
    assert adam.floor.predicted is None and adam.floor.measured > 0 and "no closed form applies to adam" in adam.verdict
    decay = compute(PRESETS["noise-decay"].scenario).analysis[0]
    assert decay.floor.predicted is None and "at a constant η = 0.1 it would settle at ≈ 0.0278" in decay.verdict
    assert "still falling" in decay.verdict


def test_a_trial_stopped_by_tol_is_said_to_hide_the_floor(quad):
    res = compute(Scenario.of("(x-2)**2", x0=2, lrs=[0.1], steps=50, tol=1e-8, noise=1, trials=8))
    assert res.trials.status[0].count(Status.CONVERGED) == 8  # every trial starts at x*, where f' = 0 < tol
    assert "8 of 8 trials stopped where |∇f| < tol" in res.analysis[0].verdict and res.analysis[0].floor.measured is None


def test_trials_count_toward_the_budget():
    s = Scenario.of("(x-2)**2", x0=10, lrs=[0.1] * 8, steps=100_000, tol=0, noise=1, trials=64)
    with pytest.raises(InputError) as err:
        compute(s)
    assert err.value.field == "trials" and str(err.value) == (
        "8 runs × 64 trials × 100,000 steps is too much work: every trial counts, at most 20,000,000 run-steps in "
        "all: at most 39,061 steps for 64 trials, or fewer trials")


def test_trials_without_noise_are_one_run_said_k_times():
    res = compute(Scenario.of("(x-2)**2", x0=10, lrs=[0.1], steps=30, trials=4))
    assert res.trials.trials == 4 and np.array_equal(res.trials.mean[0], res.loss[0])
    assert np.array_equal(res.trials.q10, res.trials.q90) and np.all(res.noise_at(0)[:-1] == 0)


def test_another_trial_from_the_same_statistics():
    """Following another trial descends that trial alone: the statistics are those of every trial."""
    s = Scenario.of("(x-2)**2", x0=10, lrs=[0.1, 0.3], steps=80, tol=0, noise=0.5, trials=6, seed=8)
    first = compute(s)
    third = compute(s.with_(trial=3), stats=first.trials)
    assert third.trials is first.trials and third.trial == 3
    assert np.array_equal(third.x, compute(s.with_(trial=3)).x) and not np.array_equal(third.x, first.x)


@pytest.mark.parametrize("keys, message", [
    (dict(trial="4", trials="4", noise="1"), "--trial 4 is not one of the 4 trials (0 to 3)"),
    (dict(trial="1", noise="1"), "--trial 1 is not one of the one trial (0)"),
    (dict(trial="-1", trials="4", noise="1"), "--trial: must be from 0 to 1,023, got -1"),
])
def test_a_trial_that_is_not_there_is_refused(keys, message):
    from lrtui.teaching.keys import scenario_of

    with pytest.raises(InputError) as err:
        scenario_of(keys)
    assert str(err.value) == message and err.value.field == "trial"
