"""Replay the reference packages of the methods that learn η (tests/golden/learned, from
scripts/make_golden_learned.py): lion-pytorch, schedulefree, prodigyopt and dadaptation on torch
CPU in float64.

Each case is replayed as tests/test_golden_torch.py replays torch's: teacher-forced (one step at
a time from the package's own x_k and ∇f(x_k): the rule alone, to 1e-12) and by the real engine
(trajectories and the state the packages keep, to 1e-10 relative). The packages' internals
(schedule-free's c, Prodigy's d̂) are checked where lrtui keeps them. What the packages refuse at
construction, lrtui refuses with one line; what lrtui refuses beyond them is listed.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_golden_torch import RTOL, _Problem

from lrtui.engine.descent import run
from lrtui.errors import InputError
from lrtui.optim.registry import parse_optimizer

GOLDEN = Path(__file__).parent / "golden" / "learned"
CASES = sorted(GOLDEN.glob("learn-opt-*.json"))
ATOL = 1e-12

# Runs whose trajectory amplifies a difference of one ulp (torch fuses a + α·b into one rounding,
# NumPy rounds twice) faster than 1e-10 allows over the whole run: the engine is compared with
# the package over the steps before that, and every step of the run teacher-forced.
AMPLIFIED = {
    # d reaches 10.7 at η = 1: x jumps between −25 and 12 and an ulp grows ×10 a step from step 12
    "learn-opt-dadapt_adam-wd0p1-decoupletrue-sinx": 20,
}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def records(case: dict, key: str) -> np.ndarray:
    return np.array([r[key] for r in case["records"]], dtype=np.float64)


def state(case: dict, name: str, d: int) -> np.ndarray:
    """The package's state ``name`` per step, (runs, steps, d): a per-run scalar (d) repeated."""
    values = np.array([r["state"][name] for r in case["records"]], dtype=np.float64)
    return values if values.ndim == 3 else np.repeat(values[:, :, None], d, axis=2)


def test_every_method_has_its_cases():
    names = {load(p)["optimizer"].partition(":")[0] for p in CASES}
    assert names == {"lion", "sf_sgd", "sf_adamw", "prodigy", "dadapt_sgd", "dadapt_adam"}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_teacher_forced(path):
    """x_{k+1} and the state from the package's x_k, ∇f(x_k): the update rule alone."""
    case = load(path)
    X, G = records(case, "x"), records(case, "grad")
    opt = parse_optimizer(case["optimizer"])
    lrs = np.array(case["lrs"])[:, None]
    kept = opt.start(X[:, 0].copy())
    for k in range(case["steps"]):
        nxt = opt.update(X[:, k].copy(), G[:, k].copy(), lrs, k, kept)
        np.testing.assert_allclose(nxt, X[:, k + 1], rtol=1e-12, atol=1e-14, err_msg=f"step {k}")
        explained = opt.explain(kept)
        for name in case["records"][0]["state"]:
            want = state(case, name, X.shape[2])[:, k]
            np.testing.assert_allclose(explained[name], want, rtol=1e-12, atol=1e-14, err_msg=f"{name} at {k}")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_engine(path):
    """The engine (the loop on floats, as the app runs one or two η) against the package."""
    case = load(path)
    steps = case["steps"]
    res = run(_Problem(case["function"], len(case["x0"])), case["x0"], case["lrs"], steps, tol=0.0,
              optimizers=[parse_optimizer(case["optimizer"])])
    n = AMPLIFIED.get(case["name"], steps) + 1
    for key, got in (("x", res.x), ("grad", res.grad)):
        np.testing.assert_allclose(got[:, :n], records(case, key)[:, :n], rtol=RTOL, atol=ATOL, err_msg=key)
    # f near a zero crossing (x² + 10·sin x ≈ 0) cancels: to 1e-10 of the size f takes on the run
    loss = records(case, "loss")
    scale = np.max(np.abs(loss), axis=1, keepdims=True)
    assert np.all(np.abs(res.loss[:, :n] - loss[:, :n]) <= RTOL * scale[:, :1] + ATOL), "loss"
    for name in case["records"][0]["state"]:
        want = state(case, name, res.dims)
        np.testing.assert_allclose(res.state[name][:, : min(n, steps)], want[:, : min(n, steps)], rtol=RTOL,
                                   atol=ATOL, err_msg=name)


def test_the_amplified_runs_do_amplify():
    """Each run excused above does leave 1e-10 after its step: the exception is needed."""
    for name, until in AMPLIFIED.items():
        case = load(GOLDEN / f"{name}.json")
        res = run(_Problem(case["function"], len(case["x0"])), case["x0"], case["lrs"], case["steps"], tol=0.0,
                  optimizers=[parse_optimizer(case["optimizer"])])
        want = records(case, "x")
        assert np.allclose(res.x[:, : until + 1], want[:, : until + 1], rtol=RTOL, atol=ATOL)
        assert not np.allclose(res.x, want, rtol=RTOL, atol=ATOL), name


@pytest.mark.parametrize("name", ["sf_sgd", "sf_adamw"])
def test_schedule_free_averaging_weight_is_the_packages(name):
    """c_k, the weight of the new point in the average, is the package's ckp1, bit for bit where
    the running sum makes it differ from 1/(k+1)."""
    for path in sorted(GOLDEN.glob(f"learn-opt-{name}*.json")):
        case = load(path)
        res = run(_Problem(case["function"], len(case["x0"])), case["x0"], case["lrs"], case["steps"], tol=0.0,
                  optimizers=[parse_optimizer(case["optimizer"])])
        want = np.array([r["internals"]["ckp1"] for r in case["records"]])
        assert np.array_equal(res.state["c"][:, : case["steps"], 0], want), path.stem


def test_prodigy_d_grows_from_d0_only_after_the_first_step():
    case = load(GOLDEN / "learn-opt-prodigy-quad.json")
    res = run(_Problem("quad", 1), case["x0"], case["lrs"], case["steps"], tol=0.0,
              optimizers=[parse_optimizer("prodigy")])
    d = res.state["d"][:, :, 0]
    assert np.all(d[:, 0] == 1e-6)  # d̂ = 0 at k = 0: x₀ − x₀ = 0
    assert np.all(np.diff(d[:, : case["steps"]], axis=1) >= 0)  # d never shrinks
    assert np.all(d[:, case["steps"] - 1] > 0.1)


REFUSED = load(GOLDEN / "learn-refused.json")["cases"]


@pytest.mark.parametrize("entry", [e for e in REFUSED if e["refused"]], ids=lambda e: e["optimizer"])
def test_what_the_packages_refuse_lrtui_refuses(entry):
    with pytest.raises(InputError) as err:
        parse_optimizer(entry["optimizer"])
    assert err.value.field == "optimizer"
    assert "\n" not in str(err.value)


# accepted by a package, refused by lrtui (the bad input: growth_rate < 1, beta ≥ 1; and
# parameters a package never checks that would freeze or break the run)
BEYOND = {"prodigy:growth_rate=0.5", "prodigy:beta3=1.5", "dadapt_sgd:momentum=1", "dadapt_sgd:growth_rate=0.5",
          "lion:beta1=1", "lion:beta1=1.5", "sf_adamw:beta1=0", "sf_adamw:beta1=1.5"}


@pytest.mark.parametrize("entry", [e for e in REFUSED if not e["refused"]], ids=lambda e: e["optimizer"])
def test_what_lrtui_refuses_beyond_the_packages(entry):
    assert entry["optimizer"] in BEYOND
    with pytest.raises(InputError) as err:
        parse_optimizer(entry["optimizer"])
    key = entry["optimizer"].partition(":")[2].partition("=")[0]
    assert key in str(err.value)
