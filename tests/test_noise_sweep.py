"""The sweep with noisy gradients (issue 21): a point's loss is the mean over its trials, and the
suggested η is the bottom of the U (the lowest floor among the safe, stable η)."""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.analysis.sweep import SAFETY, sweep
from lrtui.cli import main
from lrtui.engine.descent import run
from lrtui.engine.noise import Noise
from lrtui.engine.result import Status
from lrtui.engine.trials import window
from lrtui.errors import InputError
from lrtui.expr.function import parse_function


@pytest.fixture(scope="module")
def swept():
    return sweep(parse_function("(x-2)**2"), [10.0], 1e-3, 1.5, 30, 200, tol=0.0, noise=Noise(1.0, 16, seed=5))


def test_a_points_loss_is_the_mean_over_its_trials(swept):
    f = parse_function("(x-2)**2")
    i = 12
    trials = [run(f, [10.0], swept.lrs, 200, tol=0.0, noise=Noise(1.0, 16, 5), trial=t) for t in range(16)]
    last = np.array([res.loss[i, int(res.stopped_at[i])] for res in trials])
    assert swept.final_loss[i] == pytest.approx(last.mean(), rel=1e-12)
    start, count = window(200)
    floors = np.array([res.loss[i, start : start + count].mean() for res in trials])
    assert swept.floor[i] == pytest.approx(floors.mean(), rel=1e-12)


def test_the_suggestion_is_the_bottom_of_the_u(swept):
    assert swept.critical_lr == pytest.approx(1.0)
    safe = np.array([s == Status.MAX_STEPS for s in swept.status]) & (swept.lrs <= SAFETY * swept.critical_lr)
    i = swept.suggested_index
    assert i is not None and swept.floor[i] == swept.floor[safe].min()
    assert swept.floor[0] > 1000 * swept.floor[i]  # too small an η has not arrived
    assert swept.floor[safe][-1] > 10 * swept.floor[i]  # the largest safe η stalls on a higher floor
    assert swept.status[-1] == Status.DIVERGED and swept.as_dict()["noise"] == {"sigma": 1.0, "trials": 16, "seed": 5}


def test_too_many_trials_for_a_sweep_are_refused_in_one_line():
    with pytest.raises(InputError) as err:
        sweep(parse_function("(x-2)**2"), [10.0], 1e-3, 1.0, 200, 10, noise=Noise(1.0, 100))
    assert str(err.value) == ("200 η × 100 trials is too many runs for a sweep: at most 10,000 (100 η for 100 "
                              "trials)") and err.value.field == "trials"


def test_the_command_line_sweep_says_its_rule(capsys):
    code = main(["sweep", "-f", "(x-2)^2", "--x0", "10", "--steps", "200", "--tol", "0", "--noise", "1", "--trials",
                 "8", "--points", "12", "--lr-min", "0.001", "--lr-max", "1.5"])
    out = capsys.readouterr().out
    assert code == 0 and "noise σ = 1, 8 trials per η (seed 0)" in out and "floor" in out.splitlines()[4]
    assert "the lowest floor" in out and "the bottom of the U" in out and out.count("◀ suggested") == 1
