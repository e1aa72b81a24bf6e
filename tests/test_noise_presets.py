"""The noise presets' one-line lessons are true of their runs (issue 21)."""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.engine.trials import window
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import compute


def test_noise_floor_from_x_star_with_three_learning_rates():
    p = PRESETS["noise-floor"]
    s = p.scenario
    assert (s.function, s.x0, s.lrs, s.noise) == ("(x-2)**2", (2.0,), (0.1, 0.05, 0.025), 1.0)
    res = compute(s)
    predicted = [res.analysis[r].floor.predicted for r in range(3)]
    assert [f"{v:.2g}" for v in predicted] == ["0.028", "0.013", "0.0064"]
    assert "0.0278, 0.0132, 0.0064" in p.lesson and f"{predicted[1]:.3g}" == "0.0132" and f"{predicted[2]:.2g}" == "0.0064"
    assert all("halving η halves it" in a.verdict for a in res.analysis)


def test_noise_decay_goes_below_the_constant_floor():
    res = compute(PRESETS["noise-decay"].scenario)
    floor = res.analysis[0].floor
    constant = 0.1 / (2 * 1.8)
    assert f"{constant:.3g}" == "0.0278" and "≈ 0.0278" in PRESETS["noise-decay"].lesson
    start, count = window(res.steps)
    assert res.trials.mean[0, start:].mean() < constant / 5  # far below the floor a constant η would hold
    assert res.lr[0, -1] < 1e-5 and floor.measured < constant / 5


@pytest.mark.parametrize("batch, said", [(8, "0.00014"), (1, "0.0015"), (64, "0.0000064")])
def test_noise_batch_floors_fall_with_the_batch_size(batch, said):
    p = PRESETS["noise-batch"]
    scenario = p.scenario.with_(model=p.scenario.model.with_batch_size(batch))
    res = compute(scenario)
    a = res.analysis[0]
    lstar = float(res.problem.loss(np.array([a.minimum]))[0])
    start, count = window(res.steps)
    excess = float(res.loss[0, start : start + count].mean()) - lstar
    assert f"{excess:.2g}" == f"{float(said):.2g}" and said in p.lesson
    assert a.floor.measured == pytest.approx(excess, rel=1e-9) and a.floor.settled
    assert "minibatch noise floor" in a.verdict
