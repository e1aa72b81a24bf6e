"""torch.optim fed the same noisy gradients as lrtui (tests/golden/noise, scripts/make_golden_noise.py).

The fixtures' noise was drawn by NumPy as lrtui.engine.noise documents it, in a script that never
imports lrtui; torch added it to autograd's gradient before each step. So these tests check the
documented generator (lrtui draws the very same numbers, bit for bit) and the update with noise
(sgd, momentum, adam), on both of the engine's loops and one step at a time from torch's records.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.engine.noise import Noise
from lrtui.expr.function import parse_function
from lrtui.optim.registry import parse_optimizer

CASES = sorted((Path(__file__).parent / "golden" / "noise").glob("noise-*.json"))
RTOL, ATOL = 1e-10, 1e-12


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def test_the_fixtures_cover_sgd_momentum_and_adam_in_one_and_two_parameters():
    cases = [load(p) for p in CASES]
    assert {c["optimizer"] for c in cases} == {"sgd", "momentum", "adam"}
    assert {len(c["x0"]) for c in cases} == {1, 2} and all(c["torch"].startswith("2.13") for c in cases)
    assert sum(p.stat().st_size for p in CASES) < 300_000


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_lrtui_draws_the_fixtures_noise_bit_for_bit(path):
    case = load(path)
    noise = Noise(case["sigma"], case["trials"], case["seed"])
    for rec in case["records"]:
        drawn = noise.vectors(rec["run"], rec["trial"], case["steps"], len(case["x0"]))
        assert np.array_equal(drawn, np.array(rec["noise"])), (rec["run"], rec["trial"])


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("loop", ["floats", "arrays"])
def test_the_engine_replays_torch_fed_the_same_noise(path, loop):
    case = load(path)
    problem = parse_function(case["expression"])
    noise = Noise(case["sigma"], case["trials"], case["seed"])
    steps = case["steps"]
    for trial in sorted({rec["trial"] for rec in case["records"]}):
        res = run(problem, case["x0"], case["lrs"], steps, tol=0.0, optimizers=[parse_optimizer(case["optimizer"])],
                  path=loop, noise=noise, trial=trial)
        for rec in (rec for rec in case["records"] if rec["trial"] == trial):
            r = rec["run"]
            np.testing.assert_allclose(res.x[r], rec["x"], rtol=RTOL, atol=ATOL, err_msg="x")
            np.testing.assert_allclose(res.grad[r], rec["grad"], rtol=RTOL, atol=ATOL, err_msg="the exact ∇f")
            np.testing.assert_allclose(res.loss[r], rec["loss"], rtol=RTOL, atol=ATOL, err_msg="f")
            assert np.array_equal(res.noise_at(r, 0, steps), np.array(rec["noise"]))  # what each step added
            assert np.isnan(res.noise_at(r, steps)).all()  # no step from the last record
            for name, values in rec["state"].items():
                np.testing.assert_allclose(res.state[name][r, :steps], values, rtol=RTOL, atol=ATOL, err_msg=name)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_step_from_torchs_records(path):
    """x_{k+1} from torch's x_k, ∇f(x_k) + noise_k and η: the update rule alone, to about an ulp."""
    case = load(path)
    opt = parse_optimizer(case["optimizer"])
    for rec in case["records"]:
        X, G, E = np.array(rec["x"]), np.array(rec["grad"]), np.array(rec["noise"])
        state = opt.start(X[:1])
        for k in range(case["steps"]):
            nxt = opt.update(X[k : k + 1].copy(), G[k : k + 1] + E[k : k + 1], np.array([[rec["lr"]]]), k, state)
            np.testing.assert_allclose(nxt[0], X[k + 1], rtol=1e-13, atol=1e-15, err_msg=f"step {k}")
