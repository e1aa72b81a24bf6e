"""lrtui's engine against torch.optim.SGD (float64) for f(x, y) and the regression model.

The fixtures in tests/golden/two_params/ come from scripts/make_golden_two_params.py (torch 2.13 CPU).
Positions and losses match to 1e-10 relative; gradients too, with an absolute floor scaled to
the run's largest gradient (a gradient near zero is a difference of large terms).
"""

import json
from pathlib import Path

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.expr import parse_function
from lrtui.models.linreg import build_linreg

GOLDEN = Path(__file__).parent / "golden" / "two_params"
RTOL = 1e-10


def load(name):
    return json.loads((GOLDEN / name).read_text())


def check_run(res, r, expected):
    n = int(res.stopped_at[r]) + 1
    x = np.array(expected["x"], dtype=np.float64)[:n]
    loss = np.array(expected["loss"], dtype=np.float64)[:n]
    grad = np.array(expected["grad"], dtype=np.float64)[:n]
    np.testing.assert_allclose(res.x[r, :n], x, rtol=RTOL, atol=0)
    np.testing.assert_allclose(res.loss[r, :n], loss, rtol=RTOL, atol=1e-300)
    np.testing.assert_allclose(res.grad[r, :n], grad, rtol=RTOL, atol=RTOL * np.abs(grad).max())
    return n


@pytest.mark.parametrize("name", ["bowl.json", "rosenbrock.json"])
def test_functions_of_x_and_y_match_torch(name):
    doc = load(name)
    f = parse_function(doc["function"])
    lrs = [r["lr"] for r in doc["runs"]]
    res = run(f, doc["x0"], lrs, doc["steps"], tol=0)
    compared = [check_run(res, r, expected) for r, expected in enumerate(doc["runs"])]
    assert min(compared) > 30  # every run compared over many steps, diverging ones until they stop


def test_the_bowl_fixture_has_a_diverging_run_that_lrtui_stops():
    doc = load("bowl.json")
    res = run(parse_function(doc["function"]), doc["x0"], [r["lr"] for r in doc["runs"]], doc["steps"], tol=0)
    assert [s.value for s in res.status] == ["max_steps", "max_steps", "diverged"]


def test_the_seed_data_are_drawn_as_documented():
    doc = load("linreg_full.json")
    p = build_linreg(None, seed=0)
    assert np.array_equal(p.x, np.array(doc["data_x"])) and np.array_equal(p.y, np.array(doc["data_y"]))


def test_full_batch_regression_matches_torch():
    doc = load("linreg_full.json")
    p = build_linreg(None, seed=doc["seed"])
    res = run(p, [0.0, 0.0], [r["lr"] for r in doc["runs"]], doc["epochs"], tol=0)
    for r, expected in enumerate(doc["runs"]):
        assert check_run(res, r, expected) == doc["epochs"] + 1
    assert np.array_equal(res.extra["epoch"][0], np.arange(doc["epochs"] + 1))


def test_minibatch_regression_matches_torch_on_the_same_batches():
    doc = load("linreg_minibatch.json")
    p = build_linreg(None, seed=doc["seed"], batch_size=doc["batch_size"])
    steps = doc["steps"]
    assert steps == doc["epochs"] * p.batches_per_epoch
    # lrtui still draws the batches the fixture recorded: rng permutation per epoch, in order
    for k, batch in enumerate(doc["batches"]):
        assert p.batch_indices(k).tolist() == batch
    res = run(p, [0.0, 0.0], [r["lr"] for r in doc["runs"]], steps, tol=0)
    for r, expected in enumerate(doc["runs"]):
        assert check_run(res, r, expected) == steps + 1
    assert res.extra["epoch"][0, -1] == doc["epochs"]
