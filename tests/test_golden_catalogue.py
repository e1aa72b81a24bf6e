"""Replay torch 2.13's reference for issue 19 (tests/golden/catalogue, from scripts/make_golden_catalogue.py).

Every new optimizer with its options, every new schedule (constantlr, cyclic, plateau, lambda,
multiplicative, onecycle with momentum cycling), the compositions (``then@``, ``and``) and the
recipes, each run through the real engine on both of its loops (arrays of runs, and one run
at a time on floats: the same bits), against torch's x_k, f(x_k), ∇f(x_k), η_k, the state after
each step and, for the cycling schedules, the momentum or β1 each step used. Trajectories
must match to 1e-10 relative, as the classic fixtures (tests/test_golden_torch.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from test_golden_torch import ATOL, RTOL, _Problem

from lrtui.engine.descent import run
from lrtui.optim.registry import parse_optimizer, parse_schedule

GOLDEN = Path(__file__).parent / "golden" / "catalogue"
CASES = sorted(p for p in GOLDEN.glob("cat-*.json") if p.name != "cat-refused.json")
OPTIMIZER_CASES = [p for p in CASES if p.name.startswith("cat-opt-")]


class _OnFloats(_Problem):
    """The fixture's function with code for one point (NumPy's, a point at a time): the engine's
    loop on floats then runs the optimizer's and the schedule's rules on floats."""

    def scalar_code(self):
        return self.at_point


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def _stack(values: list) -> np.ndarray:
    return np.array(values, dtype=np.float64)


def expected(case: dict) -> dict:
    recs = case["records"]
    out = {key: _stack([r[key] for r in recs]) for key in ("x", "loss", "grad", "eta")}
    out["state"] = {name: _stack([r["state"][name] for r in recs]) for name in recs[0]["state"]}
    for key in ("momentum", "beta1"):
        if key in recs[0]:
            out["cycled"] = _stack([r[key] for r in recs])
    return out


def same_state(got: np.ndarray, want: np.ndarray, name: str) -> None:
    """A state as torch keeps it: per coordinate (runs, N, d), or one number per run (runs, N)."""
    if want.ndim == got.ndim - 1:  # a 0-d torch scalar: lrtui repeats it along the parameters
        assert np.array_equal(got, np.repeat(got[..., :1], got.shape[-1], axis=-1)), name
        got = got[..., 0]
    np.testing.assert_allclose(got, want, rtol=RTOL, atol=ATOL, err_msg=name)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
@pytest.mark.parametrize("path_", ["arrays", "floats"])
def test_engine(path, path_):
    case = load(path)
    want = expected(case)
    steps = case["steps"]
    problem = (_OnFloats if path_ == "floats" else _Problem)(case["function"], len(case["x0"]))
    res = run(
        problem,
        case["x0"],
        case["lrs"],
        steps,
        tol=0.0,
        optimizers=[parse_optimizer(case["optimizer"])],
        schedule=parse_schedule(case["schedule"]),
        path=path_,
    )
    for key, got in (("x", res.x), ("loss", res.loss), ("grad", res.grad), ("eta", res.lr)):
        np.testing.assert_allclose(got, want[key], rtol=RTOL, atol=ATOL, err_msg=key)
    assert set(res.state) == set(want["state"])
    for name in want["state"]:
        same_state(res.state[name][:, :steps], want["state"][name], name)
    if "cycled" in want:
        cycled = res.optimizers[0].cycled
        assert cycled is not None
        for row in want["cycled"]:
            np.testing.assert_allclose(cycled[: steps + 1], row, rtol=1e-15, atol=0)
    else:
        assert all(o.cycled is None for o in res.optimizers)


@pytest.mark.parametrize("path", OPTIMIZER_CASES, ids=lambda p: p.stem)
def test_teacher_forced(path):
    """x_{k+1} from torch's own x_k, ∇f(x_k) and η_k: the update rule alone, to about an ulp."""
    case = load(path)
    want = expected(case)
    opt = parse_optimizer(case["optimizer"])
    X, G, eta = want["x"], want["grad"], want["eta"]
    state = opt.start(X[:, 0])
    for k in range(case["steps"]):
        with np.errstate(all="ignore"):
            nxt = opt.update(X[:, k].copy(), G[:, k].copy(), eta[:, k : k + 1], k, state)
        np.testing.assert_allclose(nxt, X[:, k + 1], rtol=1e-13, atol=1e-15, err_msg=f"step {k}")


def test_every_new_optimizer_and_schedule_has_fixtures():
    optimizers = {load(p)["optimizer"].partition(":")[0] for p in CASES}
    schedules = {load(p)["schedule"].partition(":")[0] for p in CASES}
    assert {"adadelta", "adamax", "nadam", "radam", "rprop", "asgd"} <= optimizers
    assert {"constantlr", "cyclic", "plateau", "lambda", "multiplicative", "onecycle", "warmup_cosine", "wsd",
            "inverse_sqrt"} <= schedules
