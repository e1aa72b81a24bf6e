"""Replay torch.optim's reference trajectories (tests/golden, from scripts/make_golden.py).

Each case is replayed three ways, all with lrtui's optimizers and schedules and
hand-written NumPy gradients (torch is not needed here):

* ``test_replay``: a tiny local descent loop, every η of the case at once (vectorized);
* ``test_engine``: the real engine, ``lrtui.engine.descent.run``;
* ``test_teacher_forced``: one step at a time from torch's own x_k and ∇f(x_k), which
  isolates the update rule from the gradient's last-ulp differences (torch's sin/cos).

Trajectories must match to 1e-10 relative; single teacher-forced steps to 1e-13.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.optim.registry import parse_optimizer, parse_schedule
from lrtui.problem import Problem

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p for p in GOLDEN.glob("*.json") if p.name != "schedules.json")
RTOL, ATOL = 1e-10, 1e-12


def _quad(X):
    return (X[:, 0] - 2) ** 2, 2 * (X - 2)


def _sinx(X):
    x = X[:, 0]
    return x**2 + 10 * np.sin(x), (2 * x + 10 * np.cos(x))[:, None]


def _bowl(X):
    x, y = X[:, 0], X[:, 1]
    return x**2 + 10 * y**2, np.stack([2 * x, 10 * (2 * y)], axis=1)


def _rosen(X):
    x, y = X[:, 0], X[:, 1]
    r = y - x**2
    g2 = 100 * (2 * r)
    return (1 - x) ** 2 + 100 * r**2, np.stack([-(2 * (1 - x)) - g2 * (2 * x), g2], axis=1)


FUNCTIONS = {"quad": _quad, "sinx": _sinx, "bowl": _bowl, "rosen": _rosen}


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def expected(case: dict) -> dict[str, np.ndarray]:
    """The case's records as arrays: x (runs, N+1, d), loss, grad, eta, state (runs, N, d)."""
    recs = case["records"]
    out = {
        "x": np.array([r["x"] for r in recs]),
        "loss": np.array([r["loss"] for r in recs]),
        "grad": np.array([r["grad"] for r in recs]),
        "eta": np.array([r["eta"] for r in recs]),
    }
    out["state"] = {name: np.array([r["state"][name] for r in recs]) for name in recs[0]["state"]}
    return out


def descend(case: dict) -> dict[str, np.ndarray]:
    """The local reference loop: all η of the case as runs of one vectorized descent."""
    fn = FUNCTIONS[case["function"]]
    opt = parse_optimizer(case["optimizer"])
    sched = parse_schedule(case["schedule"])
    lrs = np.array(case["lrs"], dtype=np.float64)
    steps = case["steps"]
    table = sched.table(lrs, steps)
    x = np.repeat(np.array(case["x0"], dtype=np.float64)[None, :], lrs.size, axis=0)
    state = opt.start(x)
    xs, losses, grads, states = [], [], [], {}
    for k in range(steps + 1):
        loss, g = fn(x)
        xs.append(x.copy())
        losses.append(loss)
        grads.append(g)
        if k == steps:
            break
        x = opt.update(x, g, table[:, k : k + 1], k, state)
        for name, value in opt.explain(state).items():
            states.setdefault(name, []).append(value)
    return {
        "x": np.stack(xs, axis=1),
        "loss": np.stack(losses, axis=1),
        "grad": np.stack(grads, axis=1),
        "eta": table,
        "state": {name: np.stack(v, axis=1) for name, v in states.items()},
    }


def check(got: dict, want: dict, rtol=RTOL, atol=ATOL) -> None:
    for key in ("eta", "x", "loss", "grad"):
        np.testing.assert_allclose(got[key], want[key], rtol=rtol, atol=atol, err_msg=key)
    assert set(got["state"]) == set(want["state"])
    for name in want["state"]:
        np.testing.assert_allclose(got["state"][name], want["state"][name], rtol=rtol, atol=atol, err_msg=name)


def test_fixtures_are_there_and_small():
    assert len(CASES) >= 100
    total = sum(p.stat().st_size for p in GOLDEN.glob("*.json"))
    assert total < 1_500_000


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_replay(path):
    case = load(path)
    check(descend(case), expected(case))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_teacher_forced(path):
    """x_{k+1} from torch's x_k, ∇f(x_k), η_k: the update rule alone, to about an ulp."""
    case = load(path)
    want = expected(case)
    opt = parse_optimizer(case["optimizer"])
    X, G, eta = want["x"], want["grad"], want["eta"]
    state = opt.start(X[:, 0])
    for k in range(case["steps"]):
        nxt = opt.update(X[:, k].copy(), G[:, k].copy(), eta[:, k : k + 1], k, state)
        np.testing.assert_allclose(nxt, X[:, k + 1], rtol=1e-13, atol=1e-15, err_msg=f"step {k}")


class _Problem(Problem):
    def __init__(self, fid: str, d: int):
        self.text = fid
        self.parameters = ("x", "y")[:d]
        self._fn = FUNCTIONS[fid]

    def loss(self, X):
        return self._fn(X)[0]

    def gradient(self, X, step=None):
        return self._fn(X)[1]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_engine(path):
    case = load(path)
    want = expected(case)
    res = run(
        _Problem(case["function"], len(case["x0"])),
        case["x0"],
        case["lrs"],
        case["steps"],
        tol=0.0,
        optimizers=[parse_optimizer(case["optimizer"])],
        schedule=parse_schedule(case["schedule"]),
    )
    got = {
        "x": res.x,
        "loss": res.loss,
        "grad": res.grad,
        "eta": res.lr,
        "state": {name: v[:, : case["steps"]] for name, v in res.state.items()},
    }
    check(got, want)


def test_schedule_sequences():
    """Long η_k sequences (400 steps, several periods of cosine) against torch."""
    data = load(GOLDEN / "schedules.json")
    lrs = np.array(data["lrs"])
    for text, seqs in data["sequences"].items():
        want = np.array(seqs)
        got = parse_schedule(text).table(lrs, want.shape[1] - 1)
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=0, err_msg=text)


def test_multiplicative_schedules_are_bit_identical_to_torch():
    """The chainable schedules replay torch's rounding exactly, not just closely.

    Only those made of + − × ÷ are checked bit for bit; the ones with cos or pow are too on
    this machine (NumPy's cos/pow agree with libm's here) but need not be everywhere.
    """
    data = load(GOLDEN / "schedules.json")
    lrs = np.array(data["lrs"])
    exact = [t for t in data["sequences"] if t.startswith(("step:", "multistep:", "exponential:", "linear:"))]
    assert len(exact) == 5
    for text in exact:
        want = np.array(data["sequences"][text])
        got = parse_schedule(text).table(lrs, want.shape[1] - 1)
        assert np.array_equal(got, want), text
