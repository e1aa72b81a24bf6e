"""What a noisy run writes (issue 21): JSON, CSV, the table, the summary, the formula line, and
what the command line refuses (exit 2, one line) or warns about."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from lrtui.analysis.formula import step_formula
from lrtui.cli import main
from lrtui.engine.noise import Noise
from lrtui.teaching.scenario import Scenario, compute


def run_cli(capsys, *argv):
    code = main(["run", *argv])
    out, err = capsys.readouterr()
    return code, out, err


NOISY = ("--function", "(x-2)^2", "--x0", "10", "--lr", "0.1,0.3", "--steps", "60", "--tol", "0", "--noise", "0.5",
         "--seed", "7")


def test_json_steps_carry_the_noise_and_runs_the_trials(capsys):
    code, out, err = run_cli(capsys, *NOISY, "--trials", "16", "--format", "json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert doc["noise"]["sigma"] == 0.5 and doc["noise"]["trials"] == 16 and doc["noise"]["seed"] == 7
    assert doc["noise"]["trial"] == 0
    for r, run in enumerate(doc["runs"]):
        steps = run["steps"]
        added = np.array([s["noise"] for s in steps[:-1]])
        assert np.array_equal(added, Noise(0.5, 16, 7).vectors(r, 0, 60, 1)[:, 0]) and steps[-1]["noise"] is None
        xs = np.array([s["x"] for s in steps])
        grads = np.array([s["grad"] for s in steps])
        assert np.array_equal(xs[1:], xs[:-1] - run["lr"] * (grads[:-1] + added))  # the update rule, from the JSON
        assert run["trials"] == 16 and len(run["loss_mean"]) == 61
        q = run["loss_quantiles"]
        assert set(q) == {"q10", "q50", "q90"} and all(len(v) == 61 for v in q.values())
        assert all(a <= b <= c for a, b, c in zip(q["q10"], q["q50"], q["q90"], strict=True))
        assert run["analysis"]["noise_floor"]["trials"] == 16


def test_one_trial_has_no_statistics_over_trials(capsys):
    code, out, _ = run_cli(capsys, *NOISY, "--format", "json")
    run = json.loads(out)["runs"][0]
    assert code == 0 and "trials" not in run and "loss_mean" not in run and "noise" in run["steps"][0]


def test_csv_carries_the_noise_and_the_loss_over_the_trials(capsys):
    code, out, _ = run_cli(capsys, *NOISY, "--trials", "4", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and list(rows[0])[-5:] == ["noise", "loss_mean", "loss_q10", "loss_q50", "loss_q90"]
    res = compute(Scenario.of("(x-2)^2", 10, [0.1, 0.3], 60, 0, noise=0.5, trials=4, seed=7))
    first = [row for row in rows if row["run"] == "0"]
    assert [float(row["noise"]) for row in first[:-1]] == res.noise_at(0)[:-1, 0].tolist() and first[-1]["noise"] == ""
    assert [float(row["loss_mean"]) for row in first] == res.trials.mean[0].tolist()
    assert [float(row["loss_q90"]) for row in first] == res.trials.q90[0].tolist()
    xs, moves = [float(row["x"]) for row in first], [float(row["update"]) for row in first[:-1]]
    assert [a - m for a, m in zip(xs, moves, strict=False)] == xs[1:]  # update = η·(f'(x_k) + noise_k): the step
    assert first[-1]["update"] == ""  # no step from the last record


def test_two_parameters_write_a_noise_column_each(capsys):
    code, out, _ = run_cli(capsys, "-f", "x^2 + 10 y^2", "--x0", "3,1", "--lr", "0.01", "--steps", "5", "--noise", "1",
                           "--format", "csv")
    assert code == 0 and out.splitlines()[0].endswith(",noise_x,noise_y")


def test_the_table_and_the_summary(capsys):
    code, out, _ = run_cli(capsys, *NOISY, "--trials", "4", "--steps", "50")
    assert code == 0 and "η=0.1: still moving at 50 (trial 0 of 4)" in out
    head = next(line for line in out.splitlines() if "noise" in line and "step" in line)
    assert head.index("noise") < head.index("mean f") < head.index("f q10") < head.index("f q50") < head.index("f q90")
    assert "first step: x₁ = x₀ − η·(f'(x₀) + ξ₀) = 10 − 0.1 × (16 + " in out
    code, out, _ = run_cli(capsys, "--preset", "noise-floor", "--lr", "0.1", "--trials", "256", "--format", "summary")
    assert code == 0 and "trial=0 of 256" in out
    assert "noise floor ≈ 0.0278 predicted (ησ²/(2(2−ηf''))), 0.0278 ± 0.000361 measured over 256 trials" in out


def test_the_formula_line_writes_the_noisy_step():
    res = compute(Scenario.of("(x-2)^2", 3, [0.1], 5, 0, noise=0.5, optimizers="sgd; adam"))
    e = res.noise_at(0)[3, 0]
    line = step_formula(res, 0, 3).text()
    assert line.startswith("x₄ = x₃ − η·(f'(x₃) + ξ₃) = ") and f" + {e:.6g})" in line.replace("−", "-")
    adam = step_formula(res, 1, 3).text()
    assert adam.startswith("g̃₃ = f'(x₃) + ξ₃ = ") and "x₄ = x₃ − η·m̂₃/(√v̂₃ + ε)" in adam


@pytest.mark.parametrize("argv, message", [
    (["--noise", "-1"], "noise: must be ≥ 0 (the σ of the noise added to every gradient; 0 for none), got -1"),
    (["--noise", "nan"], "noise: 'nan' is not a finite number"),
    (["--noise", "inf"], "noise: 'inf' is not a finite number"),
    (["--trials", "0"], "trials: must be from 1 to 1,024, got 0"),
    (["--trials", "1025"], "trials: must be from 1 to 1,024, got 1,025"),
    (["--trials", "2.5"], "trials: '2.5' is not a whole number (1 to 1,024)"),
    (["--model", "linreg", "--noise", "1"], "--noise applies only to a typed function"),
])
def test_bad_noise_flags_exit_2_in_one_line(capsys, argv, message):
    code, out, err = run_cli(capsys, *argv, "--format", "summary")
    assert code == 2 and out == "" and len(err.splitlines()) == 1 and message in err and "Traceback" not in err


def test_trials_without_noise_warn_once(capsys):
    code, out, err = run_cli(capsys, "--trials", "8", "--format", "summary")
    assert code == 0 and out
    assert err == ("lrtui run: warning: --trials 8 without noise: the 8 trials are identical "
                   "(no --noise tells them apart)\n")
    code, _, err = run_cli(capsys, "--trials", "8", "--noise", "0.1", "--format", "summary")
    assert code == 0 and err == ""
