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


# --- what torch refuses: one line naming the bad part, exit 2 (cat-refused.json) ------------------
REFUSED = load(GOLDEN / "cat-refused.json")["cases"]
# the compositions torch's own calls show, in lrtui's text
WRITTEN = {
    "an empty composition (then@)": "then@5 cosine:t_max=10",
    "an empty composition (and)": "cosine:t_max=10 and",
    "one milestone too many": "exponential:gamma=0.9 then@5 cosine:t_max=10 then@8",
}
# the part of the text each refusal must name
NAMED = {
    "rprop:etaminus=1": "etaminus", "rprop:etaminus=0": "etaminus", "rprop:etaplus=1": "etaplus",
    "adadelta:rho=1.5": "rho", "adamax:beta1=1": "beta1", "nadam:beta2=1": "beta2",
    "nadam:momentum_decay=-0.1": "momentum_decay", "radam:eps=-1": "eps", "radam:weight_decay=-0.1": "weight_decay",
    "asgd:weight_decay=-0.1": "weight_decay",
    "cyclic:max_lr=0.3": "cycle_momentum=false", "onecycle": "cycle_momentum=false",
    "constantlr:factor=1.5": "factor", "constantlr:factor=-0.1": "factor", "constantlr:factor=0": "factor",
    "plateau:factor=1": "factor", "plateau:mode=avg": "mode", "plateau:threshold_mode=pct": "threshold_mode",
    "linear:start_factor=0": "start_factor", "linear:end_factor=1.5": "end_factor",
    "cyclic:max_lr=0.3,mode=sine": "mode", "cyclic:max_lr=0.3,step_size_up=0": "step_size_up",
    "onecycle:anneal_strategy=cubic": "anneal_strategy", "onecycle:total_steps=5,cycle_momentum=false": "total_steps",
    "plateau then@5 cosine:t_max=10": "plateau", "cosine:t_max=10 and plateau": "plateau",
    "then@5 cosine:t_max=10": "then@5", "cosine:t_max=10 and": "and",
    "exponential:gamma=0.9 then@5 cosine:t_max=10 then@8": "then@8",
    # torch takes these; lrtui refuses them (issue 19), naming why
    "exponential:gamma=0.9 then@10 step:step_size=2,gamma=0.5 then@5 cosine:t_max=10": "then@5 must come after then@10",
    "lambda:f=1 - 0.1 k": "negative at k = 11",
    "asgd:lambd=-1,alpha=-2,t0=-5": "lambd must be ≥ 0",  # torch's ** fails at t = 10: 0.0 to a negative power
}
LRTUI_REFUSES = {"exponential:gamma=0.9 then@10 step:step_size=2,gamma=0.5 then@5 cosine:t_max=10", "lambda:f=1 - 0.1 k",
                 "asgd:lambd=-1,alpha=-2,t0=-5"}


def _argv(case: dict) -> list[str]:
    sched = WRITTEN.get(case["schedule"], case["schedule"])
    argv = ["run", "--function", "x^2", "--x0", "1", "--lr", "0.1", "--steps", "12", "--optimizer", case["optimizer"],
            "--format", "summary"]
    return argv + (["--schedule", sched] if sched else [])


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: f"{c['optimizer']}|{c['schedule']}")
def test_what_torch_refuses_exits_2_in_one_line_naming_the_bad_part(case, capsys):
    from lrtui.cli import main

    refused = case["refused"] or {case["optimizer"], WRITTEN.get(case["schedule"], case["schedule"])} & LRTUI_REFUSES
    code = main(_argv(case))
    out, err = capsys.readouterr()
    if not refused:
        assert code == 0 and err == "", err
        return
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    bad = WRITTEN.get(case["schedule"], case["schedule"]) if case["optimizer"] not in NAMED else case["optimizer"]
    assert NAMED[bad] in err, err


class _Square(_Problem):
    """x², torch's loss in the refusals' runs (from x = 1, η = 0.1)."""

    def __init__(self):
        self.text, self.parameters = "x^2", ("x",)

    def loss(self, X):
        return X[:, 0] ** 2

    def gradient(self, X, step=None):
        return 2 * X


@pytest.mark.parametrize("case", [c for c in REFUSED if not c["refused"] and "torch_eta" in c
                                  and c["schedule"] not in LRTUI_REFUSES], ids=lambda c: c["schedule"])
def test_what_torch_takes_gives_torchs_eta(case):
    """Combinations torch takes (a negative plateau factor, adamax's β1 cycled, onecycle without the
    momentum on adagrad) give torch's η_k, stepped 12 times with x² from 1 at η = 0.1."""
    text = case["schedule"] + (",total_steps=31" if case["schedule"].startswith("onecycle") else "")  # torch's 30 + 1
    want = np.array(case["torch_eta"])
    res = run(_Square(), [1.0], [0.1], want.size - 1, tol=0.0, optimizers=[parse_optimizer(case["optimizer"])],
              schedule=parse_schedule(text))
    np.testing.assert_allclose(res.lr[0], want, rtol=1e-13, atol=0)
