"""The sweep (critical and suggested η, one engine call), the range test, and `lrtui sweep`."""

import csv
import io
import json

import numpy as np
import pytest

from lrtui.analysis.sweep import ExponentialRange, range_test, smooth, steep_lr, sweep
from lrtui.cli import main
from lrtui.engine.descent import run
from lrtui.engine.result import Status
from lrtui.expr import parse_function
from lrtui.models.linreg import build_linreg
from lrtui.optim.registry import parse_optimizer

QUAD = parse_function("(x-2)**2")
WIGGLY = parse_function("x**2 + 10*sin(x)")


def test_critical_is_exactly_one_for_the_quadratic():
    s = sweep(QUAD, [10.0], 0.01, 2.0, 50, 100)
    assert s.critical_lr == 1.0 and s.minimum == (2.0,)
    assert s.lrs[0] == 0.01 and s.lrs[-1] == 2.0 and np.all(np.diff(np.log(s.lrs)) > 0)
    above = s.lrs > 1.0
    assert all(st == Status.DIVERGED for st, a in zip(s.status, above, strict=True) if a)


def test_critical_for_the_wiggly_function_from_3():
    s = sweep(WIGGLY, [3.0], 1e-3, 1.0, 100, 1000)
    assert s.critical_lr == pytest.approx(0.2378, abs=5e-5)
    assert s.minimum[0] == pytest.approx(3.8374671, abs=1e-6)


def test_critical_in_2d_is_2_over_lambda_max():
    s = sweep(parse_function("x**2 + 10*y**2"), [3.0, 1.0], 1e-3, 1.0, 40, 200)
    assert s.critical_lr == pytest.approx(0.1, rel=1e-12)
    s = sweep(build_linreg(None, 0), [0.0, 0.0], 1e-3, 2.0, 40, 200)
    lam = np.linalg.eigvalsh(build_linreg(None, 0).hessian(np.zeros((1, 2)))[0])
    assert s.critical_lr == pytest.approx(2 / lam[-1], rel=1e-12)


def records(s, problem, x0, steps, **kwargs):
    """Every record of the sweep's runs (the sweep itself keeps each run's end only)."""
    return run(problem, x0, s.lrs, steps, **kwargs)


def test_the_sweep_equals_single_runs():
    s = sweep(WIGGLY, [3.0], 1e-3, 1.0, 30, 300)
    assert s.lrs.size == 30
    for i in (0, 7, 20, 29):
        alone = run(WIGGLY, [3.0], [s.lrs[i]], 300)
        assert alone.status[0] == s.status[i] and alone.stopped_at[0] == s.stopped_at[i]
        assert alone.loss[0, alone.stopped_at[0]] == s.final_loss[i]


def test_the_suggested_rule_quadratic():
    # η ≤ ½·critical = 0.5 only; among them the first to get within 0.1 % of the way down
    s = sweep(QUAD, [10.0], 0.01, 2.0, 50, 100)
    cand = s.lrs[s.lrs <= 0.5]
    assert s.suggested_lr == cand[-1]  # on a quadratic the largest safe η is the fastest
    assert s.suggested_lr <= 0.5 * s.critical_lr
    i = s.suggested_index
    level = s.final_loss[s.lrs <= 0.5].min() + 1e-3 * (64.0 - s.final_loss[s.lrs <= 0.5].min())
    k = s.steps_to_band[i]
    res = records(s, QUAD, [10.0], 100)
    assert res.loss[i, k] <= level < res.loss[i, k - 1]
    assert all(s.steps_to_band[j] >= k for j in np.flatnonzero(s.steps_to_band >= 0))


def test_a_sweep_keeps_final_values_only_so_a_million_steps_fit(capsys):
    """200 η × 1,000,001 records would be 200 million: the sweep keeps each run's end instead."""
    s = sweep(QUAD, [10.0], 0.01, 1.5, 200, 1_000_000)
    assert s.critical_lr == 1.0 and s.suggested_lr is not None
    assert set(s.status) == {Status.CONVERGED, Status.DIVERGED}
    for i in (0, 120):
        alone = run(QUAD, [10.0], [s.lrs[i]], 1_000_000)
        assert alone.stopped_at[0] == s.stopped_at[i] and alone.loss[0, -1] == s.final_loss[i]
    assert main(["sweep", "--preset", "quadratic", "--points", "200", "--steps", "1000000", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["points"]) == 200


@pytest.mark.parametrize("opt", ["momentum", "adam"])
def test_without_the_losses_on_the_way_the_sweep_finds_the_same_entries(monkeypatch, opt):
    """Beyond HISTORY the runs that end in the band are descended again: the same bits, the same answer."""
    kept = sweep(WIGGLY, [3.0], 1e-3, 1.0, 40, 300, optimizer=parse_optimizer(opt))
    monkeypatch.setattr("lrtui.analysis.sweep.HISTORY", 0)
    again = sweep(WIGGLY, [3.0], 1e-3, 1.0, 40, 300, optimizer=parse_optimizer(opt))
    assert again.suggested_lr == kept.suggested_lr is not None
    assert np.array_equal(again.steps_to_band, kept.steps_to_band) and (kept.steps_to_band >= 0).sum() > 3
    assert np.array_equal(again.final_loss, kept.final_loss) and again.status == kept.status


def test_a_sweep_with_a_schedule_goes_in_groups_when_its_rates_are_too_many(monkeypatch):
    from lrtui.optim.registry import parse_schedule

    step = parse_schedule("step:step_size=20,gamma=0.5")
    whole = sweep(WIGGLY, [3.0], 1e-3, 1.0, 30, 200, schedule=step)
    monkeypatch.setattr("lrtui.analysis.sweep.TABLE", 7 * 201)  # η tables of 7 runs at a time
    monkeypatch.setattr("lrtui.analysis.sweep.HISTORY", 0)
    grouped = sweep(WIGGLY, [3.0], 1e-3, 1.0, 30, 200, schedule=step)
    assert np.array_equal(grouped.final_loss, whole.final_loss) and grouped.status == whole.status
    assert grouped.suggested_lr == whole.suggested_lr and np.array_equal(grouped.steps_to_band, whole.steps_to_band)


def test_the_suggested_rule_when_one_eta_is_exactly_optimal():
    s = sweep(QUAD, [10.0], 0.125, 2.0, 5, 50)  # 0.125, 0.25, 0.5, 1, 2
    assert s.lrs[2] == 0.5 and s.suggested_lr == 0.5  # 1/f'': one step
    assert s.steps_to_band[2] == 1


def test_the_suggested_rule_wiggly_is_below_half_critical():
    s = sweep(WIGGLY, [3.0], 1e-3, 1.0, 100, 1000)
    assert s.suggested_lr is not None and s.suggested_lr <= 0.5 * s.critical_lr
    assert s.status[s.suggested_index] == Status.CONVERGED


def test_no_minimum_no_cap_and_all_diverged_no_suggestion():
    s = sweep(parse_function("abs(x)"), [3.0], 0.01, 1.0, 10, 50)
    assert s.critical_lr is None and s.suggested_lr is not None  # uncapped
    s = sweep(parse_function("x**2 - y**2"), [2.0, 0.01], 0.5, 2.0, 5, 200)
    assert s.critical_lr is None and s.suggested_lr is None


def test_json_shape(capsys):
    code = main(["sweep", "--function", "(x-2)^2", "--x0", "10", "--lr-min", "0.01", "--lr-max", "2",
                 "--points", "20", "--steps", "100", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert set(doc) == {"points", "critical_lr", "suggested_lr"}
    assert doc["critical_lr"] == 1.0 and 0 < doc["suggested_lr"] <= 0.5
    assert len(doc["points"]) == 20
    assert set(doc["points"][0]) == {"lr", "final_loss", "status", "stopped_at"}
    assert doc["points"][0]["lr"] == 0.01 and doc["points"][-1]["lr"] == 2.0
    assert doc["points"][-1]["status"] == "diverged"


def test_table_and_csv(capsys):
    code = main(["sweep", "--preset", "quadratic", "--lr-min", "0.01", "--lr-max", "2", "--points", "15"])
    out, _ = capsys.readouterr()
    assert code == 0 and "── critical η = 1 ──" in out and "◀ suggested" in out
    assert "suggested η = " in out and "η ≤ 0.5·critical" in out
    code = main(["sweep", "--preset", "quadratic", "--points", "5", "--format", "csv"])
    out, _ = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0]) == ["lr", "final_loss", "status", "stopped_at"] and len(rows) == 5


def test_sweep_of_the_regression_model(capsys):
    code = main(["sweep", "--preset", "linreg", "--lr-min", "0.01", "--lr-max", "2", "--points", "12", "--format", "json"])
    out, _ = capsys.readouterr()
    doc = json.loads(out)
    assert code == 0 and doc["critical_lr"] == pytest.approx(0.7558, abs=1e-4)
    assert all(p["stopped_at"] <= 200 for p in doc["points"])


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--lr-min", "0"], "--lr-min: must be a positive finite number, got 0"),
        (["--lr-min", "-1"], "--lr-min: must be a positive finite number"),
        (["--lr-min", "x"], "--lr-min: 'x' is not a number"),
        (["--lr-max", "nan"], "--lr-max: must be a positive finite number"),
        (["--lr-min", "1", "--lr-max", "0.5"], "--lr-max (0.5) must be greater than --lr-min (1)"),
        (["--lr-min", "1", "--lr-max", "1"], "must be greater than"),
        (["--points", "1"], "--points: must be a whole number from 2 to 10,000, got 1"),
        (["--points", "10001"], "--points: must be a whole number from 2 to 10,000"),
        (["--points", "3.5"], "--points: must be a whole number"),
        (["--lr", "0.1"], "--lr does not apply to lrtui sweep"),
        (["--range-test", "--points", "5"], "--points does not apply to --range-test"),
        (["--range-test", "--schedule", "step:step_size=2"], "--schedule: does not apply to --range-test"),
        (["--optimizer", "sgd", "--optimizer", "adam"], "one optimizer"),
        (["--format", "xml"], "unknown format 'xml'"),
        (["--steps", "0"], "steps"),
    ],
)
def test_bad_flags_exit_2_with_one_line(capsys, argv, fragment):
    code = main(["sweep", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err and "Traceback" not in err


# -- the range test ------------------------------------------------------------------------
def test_the_range_schedule_grows_exponentially_from_min_to_max():
    table = ExponentialRange(1e-4, 1.0).table(np.array([1e-4]), 4)
    np.testing.assert_allclose(table[0], [1e-4, 1e-3, 1e-2, 1e-1, 1.0], rtol=1e-12)
    assert table[0, 0] == 1e-4 and table[0, -1] == 1.0


def test_range_test_is_one_run_with_growing_eta():
    t = range_test(QUAD, [10.0], 1e-7, 10.0, 100)
    assert t.result.runs == 1
    assert t.lr[0] == 1e-7 and t.lr.size == t.stopped_at + 1
    np.testing.assert_allclose(np.diff(np.log(t.lr)), np.log(1e8) / 100, rtol=1e-9)
    assert t.loss[0] == 64.0
    assert t.status == Status.MAX_STEPS  # it blows up only at the very end
    assert t.loss[-1] > 1e6  # past 2/f'' = 1 the loss explodes
    assert t.steep_lr is not None and 1e-3 < t.steep_lr < 1.0


def test_smoothing_is_fastais_debiased_average():
    loss = np.array([4.0, 2.0, 1.0])
    b = 0.98
    a1 = (1 - b) * 4.0
    a2 = b * a1 + (1 - b) * 2.0
    a3 = b * a2 + (1 - b) * 1.0
    np.testing.assert_allclose(smooth(loss, b), [a1 / (1 - b), a2 / (1 - b**2), a3 / (1 - b**3)], rtol=1e-15)


def test_steep_is_the_most_negative_slope_per_log_eta_after_skipping_like_fastai():
    lr = np.geomspace(1e-3, 1.0, 40)
    s = np.full(40, 10.0)
    s[20:] = np.linspace(10.0, 1.0, 20)
    s[25] = s[24] - 3.0  # the steepest drop: from record 24 to 25
    s[26:] = np.minimum(s[26:], s[25])
    got, (a, b) = steep_lr(lr, s)
    assert (a, b) == (4, 35)  # first tenth and last 5 dropped
    assert got == lr[24]


def test_steep_stops_where_the_smoothed_loss_passes_4x_its_best():
    lr = np.geomspace(1e-3, 1.0, 30)
    s = np.concatenate([np.linspace(10, 1, 20), [5.0], np.full(9, 100.0)])
    _, (a, b) = steep_lr(lr, s)
    assert b == 21 - 5  # stopped after record 20 (5 > 4 × 1), then the last 5 dropped


def test_range_test_command(capsys):
    code = main(["sweep", "--preset", "quadratic", "--range-test", "--format", "json"])
    out, _ = capsys.readouterr()
    doc = json.loads(out)
    assert code == 0 and set(doc) == {"points", "steep_lr", "status", "stopped_at"}
    assert len(doc["points"]) == 101 and doc["points"][0] == {"step": 0, "lr": 1e-07, "loss": 64.0, "smoothed_loss": 64.0}
    code = main(["sweep", "--preset", "quadratic", "--range-test", "--steps", "50", "--lr-min", "1e-4", "--lr-max", "5"])
    out, _ = capsys.readouterr()
    assert code == 0 and "steep η = " in out and "◀ steep" in out and "fastai" in out


def replay_the_rule(s, res):
    """The README's rule, from the records of the sweep's runs: candidates η ≤ ½·critical that did
    not diverge or leave the domain; L their lowest final loss; the band loss ≤ L + 0.001·(f(x0) − L);
    each candidate's entry k = the first record from which its loss stays in the band."""
    cand = [i for i in range(res.runs) if s.status[i] in (Status.CONVERGED, Status.MAX_STEPS)
            and (s.critical_lr is None or s.lrs[i] <= 0.5 * s.critical_lr)]
    L = min(s.final_loss[i] for i in cand)
    level = L + 1e-3 * (s.f0 - L)
    entries = {}
    for i in cand:
        losses = list(res.loss[i, : res.stopped_at[i] + 1])
        stays = [k for k in range(len(losses)) if all(v <= level for v in losses[k:])]
        if stays:
            entries[i] = stays[0]
    best = min(entries.values())
    return s.lrs[min(i for i, k in entries.items() if k == best)], entries


def test_the_momentum_suggestion_enters_the_band_and_stays():
    s = sweep(QUAD, [10.0], 1e-3, 2.0, 60, 100, optimizer=parse_optimizer("momentum"))
    res = records(s, QUAD, [10.0], 100, optimizers=[parse_optimizer("momentum")])
    want, entries = replay_the_rule(s, res)
    i = s.suggested_index
    assert s.suggested_lr == want and s.steps_to_band[i] == entries[i]
    L = min(s.final_loss[j] for j in entries)
    level = L + 1e-3 * (s.f0 - L)
    k = s.steps_to_band[i]
    assert res.loss[i, k - 1] > level and np.all(res.loss[i, k:] <= level)
    # the old reading (the first record inside the band) would pick an η that comes in and goes out again
    first_in = {j: int(np.argmax(res.loss[j] <= level)) for j in entries}
    quick = min(first_in, key=lambda j: (first_in[j], j))
    assert quick != i and np.any(res.loss[quick, first_in[quick]:] > level)


@pytest.mark.parametrize("opt", ["sgd", "nesterov", "adam"])
def test_the_suggestion_follows_the_rule_for_other_optimizers_too(opt):
    s = sweep(WIGGLY, [3.0], 1e-3, 1.0, 40, 300, optimizer=parse_optimizer(opt))
    assert s.suggested_lr == replay_the_rule(s, records(s, WIGGLY, [3.0], 300, optimizers=[parse_optimizer(opt)]))[0]
