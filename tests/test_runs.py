"""A scenario computed after another reuses the runs whose inputs it shares, and gets exactly
what computing it afresh gives: every record, state, stop, status and analysis, bit for bit.

The η dial recomputes one η's runs (one per optimizer, on floats) and joins them with the runs it
keeps (computed on arrays, among others); the x0 dial recomputes every run. Both are compared
with a fresh computation, for a function of one and of two parameters, with a schedule, for
the regression in minibatches (whose shuffles are drawn per epoch, the same for every run); with
issue 19's optimizers and schedules: a recipe, plateau (η_k of each run its own), cyclic and
onecycle cycling the momentum or β1, a composition of formulas; and with gradient noise in one
trial and in many (each run draws the streams of its place).
"""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.teaching import scenario as computing
from lrtui.teaching.runs import computed, run_keys
from lrtui.teaching.scenario import Scenario, compute

OPTIMIZERS = ("sgd", "momentum", "adam", "rmsprop")


def bits(a) -> np.ndarray:
    a = np.ascontiguousarray(a, dtype=np.float64)
    return np.where(np.isnan(a), np.nan, a).view(np.int64)


def assert_same(joined, fresh) -> None:
    assert joined.runs == fresh.runs
    assert [s.value for s in joined.status] == [s.value for s in fresh.status]
    assert np.array_equal(joined.stopped_at, fresh.stopped_at)
    assert [o.text for o in joined.optimizers] == [o.text for o in fresh.optimizers]
    assert np.array_equal(bits(joined.lrs), bits(fresh.lrs))
    for name in ("x", "loss", "grad", "lr"):
        assert getattr(joined, name).shape == getattr(fresh, name).shape, name
        assert np.array_equal(bits(getattr(joined, name)), bits(getattr(fresh, name))), name
    assert list(joined.state) == list(fresh.state)
    for name in fresh.state:
        assert np.array_equal(bits(joined.state[name]), bits(fresh.state[name])), name
    assert joined.extra.keys() == fresh.extra.keys()
    for name in fresh.extra:
        assert np.array_equal(joined.extra[name], fresh.extra[name]), name
    assert [repr(a) for a in joined.analysis] == [repr(a) for a in fresh.analysis]
    assert joined.noise == fresh.noise and joined.trial == fresh.trial
    for r in range(fresh.runs):  # the noise each step added, drawn again from the run's stream
        assert np.array_equal(bits(joined.noise_at(r)), bits(fresh.noise_at(r)))
    assert (joined.trials is None) == (fresh.trials is None)
    if fresh.trials is not None:
        a, b = joined.trials, fresh.trials
        assert a.trials == b.trials and a.window_start == b.window_start
        assert np.array_equal(a.window_parts, b.window_parts)
        for name in ("mean", "q10", "q50", "q90", "loss", "window_means"):
            assert getattr(a, name).shape == getattr(b, name).shape, name
            assert np.array_equal(bits(getattr(a, name)), bits(getattr(b, name))), name
        assert np.array_equal(a.stopped_at, b.stopped_at)
        assert [[s.value for s in run] for run in a.status] == [[s.value for s in run] for run in b.status]


def turned(scenario: Scenario, i: int, lr: float) -> Scenario:
    lrs = list(scenario.lrs)
    assert lr not in lrs  # a new η
    lrs[i] = lr
    return scenario.with_(lrs=tuple(lrs))


WIGGLY = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.001, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.5), steps=400,
                     tol=1e-6, optimizers="; ".join(OPTIMIZERS))
SCHEDULED = Scenario.of("x^4 - 3x^2 + x", x0=2, lrs=(0.001, 0.01, 0.02, 0.05, 0.1), steps=120, tol=1e-7,
                        optimizers="adam; sgd; momentum", schedule="step:step_size=7,gamma=0.5")
PLANE = Scenario.of("(1-x)^2 + 100(y-x^2)^2", x0=(-1.5, 2.0), lrs=(0.0002, 0.0005, 0.001, 0.0021, 0.003),
                    steps=300, tol=1e-6, optimizers="sgd; adam; rmsprop")
REGRESSION = Scenario.of(model="linreg", x0=(0.0, 0.0), lrs=(0.01, 0.05, 0.1, 0.3, 0.6), batch_size=10, epochs=6,
                         optimizers="sgd; adam")
FULL_BATCH = Scenario.of(model="linreg", x0=(0.0, 0.0), lrs=(0.01, 0.1, 0.5, 1.2), epochs=40,
                         optimizers="sgd; momentum")
NOISY = Scenario.of("(x-2)^2", x0=10, lrs=(0.01, 0.05, 0.1, 0.3), steps=600, tol=1e-8, optimizers="sgd; adam",
                    noise=1.0, seed=7)
TRIALS = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.001, 0.01, 0.05, 0.1, 0.25), steps=300, tol=1e-6,
                     optimizers="sgd; momentum", schedule="cosine:t_max=300", noise=0.5, trials=16, seed=3, trial=5)
NOISY_PLANE = Scenario.of("(x-1)^2 + 4(y+2)^2", x0=(3.0, 1.0), lrs=(0.01, 0.05, 0.2), steps=250, tol=1e-6,
                          optimizers="sgd; adam", noise=0.3, trials=8)
# issue 19's optimizers and schedules: a recipe (a composition), a schedule that follows the loss (η_k
# reduced per run, 19 to 24 times; sgd's larger η diverge in a few steps and hold their η), schedules that cycle the optimizer's momentum or β1, a composition with formulas
CATALOGUE = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.001, 0.01, 0.05, 0.1, 0.3), steps=300, tol=1e-6,
                        optimizers="adadelta; adamax; nadam; radam:decoupled_weight_decay=true,weight_decay=0.01; "
                                   "rprop; asgd:t0=20", schedule="warmup_cosine:warmup=10,t_max=200")
PLATEAU = Scenario.of("(x^2-4)^2 + x + 10", x0=3, lrs=(0.01, 0.05, 0.1, 0.2, 0.3), steps=200, tol=1e-9,
                      optimizers="sgd; adam; rprop; nadam", schedule="plateau:patience=3,factor=0.5,threshold=0.01")
CYCLED = Scenario.of("(1-x)^2 + 100(y-x^2)^2", x0=(-1.5, 2.0), lrs=(0.0002, 0.0005, 0.001, 0.002), steps=300,
                     tol=1e-6, optimizers="sgd; momentum; adam; rmsprop:centered=true; radam",
                     schedule="cyclic:max_lr=0.003,step_size_up=20,mode=triangular2")
ONECYCLE = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.001, 0.01, 0.1, 0.3), steps=150, tol=1e-8,
                       optimizers="sgd; nadam; adamax", schedule="onecycle:max_lr=0.4,total_steps=151,three_phase=true")
FORMULAS = Scenario.of("x^4 - 3x^2 + x", x0=2, lrs=(0.001, 0.01, 0.05, 0.1), steps=160, tol=1e-9,
                       optimizers="sgd; adadelta; adam",
                       schedule="constantlr:factor=0.5,total_iters=20 then@20 multiplicative:f=0.99 "
                                "then@60 lambda:f=min((k+1)/10, 1)")
# noise under a schedule that follows the loss (each trial's η_k its own) and one that cycles β1 / the momentum
NOISY_PLATEAU = Scenario.of("(x^2-4)^2 + x + 10", x0=3, lrs=(0.01, 0.05, 0.1, 0.2), steps=200, tol=0,
                            optimizers="sgd; adam; rprop", schedule="plateau:patience=3,factor=0.5,threshold=0.01",
                            noise=0.5, trials=8, seed=2, trial=1)
NOISY_CYCLED = Scenario.of("x^2 + 10 sin(x)", x0=3, lrs=(0.001, 0.01, 0.1), steps=150, tol=0,
                           optimizers="momentum; nadam", schedule="onecycle:max_lr=0.4,total_steps=151", noise=1.0,
                           trials=4)
SCENARIOS = {"wiggly": WIGGLY, "scheduled": SCHEDULED, "plane": PLANE, "regression": REGRESSION,
             "full batch": FULL_BATCH, "catalogue": CATALOGUE, "plateau": PLATEAU, "cycled": CYCLED,
             "onecycle": ONECYCLE, "formulas": FORMULAS, "noisy": NOISY, "trials": TRIALS, "noisy plane": NOISY_PLANE,
             "noisy plateau": NOISY_PLATEAU, "noisy cycled": NOISY_CYCLED}


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("i", [0, 2, -1])
@pytest.mark.parametrize("factor", [1.2, 0.77, 3.3])
def test_an_eta_turn_recomputes_that_eta_only_and_gives_the_fresh_result(name, i, factor):
    scenario = SCENARIOS[name]
    first = computed(scenario)
    after = turned(scenario, i, scenario.lrs[i] * factor)
    again = computed(after, previous=first)
    assert_same(again.result, compute(after))
    assert again.keys == run_keys(after)
    kept = sum(key in first.keys for key in again.keys)
    assert kept == len(again.keys) - len(scenario.optimizers)  # one η's runs are new, one per optimizer


@pytest.mark.parametrize("name", SCENARIOS)
def test_an_x0_turn_recomputes_every_run_and_gives_the_fresh_result(name):
    scenario = SCENARIOS[name]
    first = computed(scenario)
    x0 = tuple(v + 0.25 for v in scenario.x0)
    again = computed(scenario.with_(x0=x0), previous=first)
    assert_same(again.result, compute(scenario.with_(x0=x0)))
    assert not set(again.keys) & set(first.keys)


def test_the_first_computation_is_the_fresh_result():
    assert_same(computed(WIGGLY).result, compute(WIGGLY))


def test_a_turn_that_makes_the_longest_run_shorter_or_longer_joins_to_the_new_length():
    """The arrays end at the longest run's stop: a turn that stops that run earlier shortens
    them (the runs kept are cut), one that makes a run go on lengthens them (the kept runs'
    last records repeated)."""
    scenario = Scenario.of("(x-2)^2", x0=10, lrs=(0.001, 0.1, 0.5), steps=5000, tol=1e-8, optimizers="sgd; adam")
    first = computed(scenario)
    shorter = turned(scenario, 0, 0.3)
    second = computed(shorter, previous=first)
    assert second.result.x.shape[1] < first.result.x.shape[1]
    assert_same(second.result, compute(shorter))
    longer = turned(shorter, 1, 0.0001)
    third = computed(longer, previous=second)
    assert third.result.x.shape[1] > second.result.x.shape[1]
    assert_same(third.result, compute(longer))


def test_an_optimizer_added_computes_its_runs_only_and_a_repeated_eta_is_computed_once():
    scenario = WIGGLY.with_(lrs=(0.01, 0.1, 0.01))
    first = computed(scenario.with_(optimizers=scenario.optimizers[:2]))
    again = computed(scenario, previous=first)
    assert_same(again.result, compute(scenario))
    assert sum(key in first.keys for key in again.keys) == 6


def test_runs_of_another_steps_budget_or_tol_are_not_reused():
    first = computed(WIGGLY)
    for changed in (WIGGLY.with_(steps=401), WIGGLY.with_(tol=1e-7)):
        again = computed(changed, previous=first)
        assert not set(again.keys) & set(first.keys)
        assert_same(again.result, compute(changed))


def test_another_trial_followed_descends_that_trial_alone_and_gives_the_fresh_result(monkeypatch):
    """k / K: every run's key changes (its records are another trial's), its statistics over the
    trials do not: they are handed on, and no trial but the followed one is descended again."""
    import lrtui.engine.trials as trials

    first = computed(TRIALS)
    calls = []
    descend_trials = trials.descend_trials
    monkeypatch.setattr(trials, "descend_trials", lambda *a, **k: calls.append(1) or descend_trials(*a, **k))
    for trial in (6, 0, 15):
        again = computed(TRIALS.with_(trial=trial), previous=first)
        assert not set(again.keys) & set(first.keys)
        assert again.result.trials is first.result.trials  # the same statistics, handed on
        assert calls == []
        monkeypatch.undo()
        assert_same(again.result, compute(TRIALS.with_(trial=trial)))
        monkeypatch.setattr(trials, "descend_trials", lambda *a, **k: calls.append(1) or descend_trials(*a, **k))
        first = again


def test_an_eta_turn_and_another_trial_at_once_hand_on_the_statistics_of_the_runs_kept():
    first = computed(TRIALS)
    after = turned(TRIALS, 1, 0.02).with_(trial=2)
    again = computed(after, previous=first)
    assert_same(again.result, compute(after))


@pytest.mark.parametrize("change", [{"noise": 0.75}, {"seed": 8}, {"trials": 17}, {"noise": 0.0}])
def test_runs_of_another_sigma_seed_or_trials_are_not_reused(change):
    first = computed(TRIALS)
    changed = TRIALS.with_(**change)
    again = computed(changed, previous=first)
    assert not set(again.keys) & set(first.keys)
    assert_same(again.result, compute(changed))


def test_with_noise_an_eta_put_in_front_moves_every_run_to_another_stream():
    """A run's noise is that of its place: an η added in front moves the others, so all are new."""
    first = computed(NOISY)
    moved = NOISY.with_(lrs=(0.02, *NOISY.lrs))
    again = computed(moved, previous=first)
    assert not set(again.keys) & set(first.keys)
    assert_same(again.result, compute(moved))
    appended = NOISY.with_(optimizers=(*NOISY.optimizers, *Scenario.of(optimizers="rmsprop").optimizers))
    third = computed(appended, previous=first)
    assert sum(key in first.keys for key in third.keys) == len(first.keys)  # an optimizer added after: kept
    assert_same(third.result, compute(appended))


@pytest.mark.parametrize("name", SCENARIOS)
def test_runs_computed_ahead_are_taken_over_and_give_the_fresh_result(name, monkeypatch):
    """The dials' next turns computed before the key (the app does it while it waits): the turn
    then computes nothing, and gets what computing it afresh gives."""
    scenario = SCENARIOS[name]
    first = computed(scenario)
    up = turned(scenario, 0, scenario.lrs[0] * 1.2)
    moved = scenario.with_(x0=tuple(v + 0.25 for v in scenario.x0))
    fresh_up, fresh_moved = compute(up), compute(moved)
    turned_ahead = computed(up, previous=first)  # as the app computes the next turns
    moved_ahead = computed(moved, previous=first)
    ahead = {**turned_ahead.runs(), **moved_ahead.runs()}

    def refuse(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(computing, "compute", refuse)
    again = computed(up, previous=first, ahead=ahead)
    assert_same(again.result, fresh_up)
    there = computed(moved, previous=again, ahead=ahead)
    assert there.result is moved_ahead.result  # computed ahead all together: that very result
    assert_same(there.result, fresh_moved)
