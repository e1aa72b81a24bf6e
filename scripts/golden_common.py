"""Shared by scripts/make_golden_catalogue.py and scripts/make_golden_learned.py (torch only, never lrtui).

One descent loop that records a case the way scripts/make_golden.py does (same keys, same meaning),
plus the few keys the new fixture families need. See those scripts' docstrings for the format.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")

GOLDEN = Path(__file__).resolve().parent.parent / "tests" / "golden"

# id -> (lrtui expression, parameters, x0, torch function); the same four as scripts/make_golden.py
FUNCTIONS: dict[str, tuple[str, list[str], list[float], Callable[[torch.Tensor], torch.Tensor]]] = {
    "quad": ("(x-2)**2", ["x"], [10.0], lambda p: (p[0] - 2) ** 2),
    "sinx": ("x**2 + 10*sin(x)", ["x"], [3.0], lambda p: p[0] ** 2 + 10 * torch.sin(p[0])),
    "bowl": ("x**2 + 10*y**2", ["x", "y"], [3.0, 1.0], lambda p: p[0] ** 2 + 10 * p[1] ** 2),
    "rosen": (
        "(1-x)**2 + 100*(y-x**2)**2",
        ["x", "y"],
        [-1.5, 2.0],
        lambda p: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    ),
}


@dataclass
class Optim:
    """An optimizer as the fixtures know it: lrtui text, torch text, factory and what to record."""

    text: str  # lrtui's spec
    torch_text: str  # the constructor, as written in the fixture
    make: Callable[[list[torch.Tensor], float], torch.optim.Optimizer]
    explain: Callable[[torch.optim.Optimizer, torch.Tensor], dict[str, Any]]
    # per-step diagnostics that are not lrtui state (written under "internals", not compared as state)
    internals: Callable[[torch.optim.Optimizer, torch.Tensor], dict[str, Any]] | None = None
    # called once before the first step (schedule-free: optimizer.train())
    prepare: Callable[[torch.optim.Optimizer], None] | None = None


@dataclass
class Sched:
    """A schedule: lrtui text, torch text, factory(optimizer, lr, steps); ``loss`` when step() takes f(x_k)."""

    text: str
    torch_text: str
    make: Callable[[torch.optim.Optimizer, float, int], Any] | None
    loss: bool = False
    expansion: str | None = None  # a recipe's composition, as lrtui's help writes it
    extra: dict[str, Any] = field(default_factory=dict)


NO_SCHEDULE = Sched("constant", "none", None)


def tensors(value: torch.Tensor) -> list[float] | float:
    """A state tensor as JSON: a list for a parameter-shaped tensor, a number for a 0-d scalar."""
    assert value.dtype == torch.float64, value.dtype
    return value.item() if value.dim() == 0 else value.tolist()


def assert_float64(opt: torch.optim.Optimizer, p: torch.Tensor) -> None:
    """Every tensor the optimizer keeps for p is float64 (no silent float32 anywhere)."""
    assert p.dtype == torch.float64
    for key, value in opt.state[p].items():
        if isinstance(value, torch.Tensor):
            assert value.dtype == torch.float64, (key, value.dtype)
        else:
            assert isinstance(value, (int, float)), (key, type(value))


def group_momentum(opt: torch.optim.Optimizer) -> tuple[str, float] | None:
    """The momentum-like hyper-parameter a cycling schedule writes: ("momentum", m) or ("beta1", β1)."""
    group = opt.param_groups[0]
    if "betas" in group:
        return "beta1", float(group["betas"][0])
    if "momentum" in group:
        return "momentum", float(group["momentum"])
    return None


def trajectory(
    fid: str,
    optim: Optim,
    sched: Sched,
    lr: float,
    steps: int,
    *,
    track_momentum: bool = False,
    schedule_state: Callable[[Any], dict[str, Any]] | None = None,
    after_step: Callable[[torch.optim.Optimizer, torch.Tensor, dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """One run, recorded as make_golden.py records it (x_k, f(x_k), ∇f(x_k), η_k for k = 0..N;
    state after step k for k = 0..N−1), plus the optional per-step lists of the new families."""
    _, _, x0, f = FUNCTIONS[fid]
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = optim.make([p], lr)
    if optim.prepare is not None:
        optim.prepare(opt)
    scheduler = sched.make(opt, lr, steps) if sched.make is not None else None
    rec: dict[str, Any] = {"lr": lr, "x": [], "loss": [], "grad": [], "eta": [], "state": {}}
    momentum_key = None
    if track_momentum:
        found = group_momentum(opt)
        assert found is not None, optim.text
        momentum_key = found[0]
        rec[momentum_key] = []
    for k in range(steps + 1):
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        assert loss.dtype == torch.float64 and p.grad is not None and p.grad.dtype == torch.float64
        eta = opt.param_groups[0]["lr"]
        if scheduler is not None:
            assert scheduler.get_last_lr()[0] == eta
        rec["x"].append(p.detach().tolist())
        rec["loss"].append(loss.item())
        rec["grad"].append(p.grad.tolist())
        rec["eta"].append(float(eta))
        if momentum_key is not None:
            found = group_momentum(opt)
            assert found is not None and found[0] == momentum_key
            rec[momentum_key].append(found[1])
        if k == steps:
            break
        opt.step()
        assert_float64(opt, p)
        for name, value in optim.explain(opt, p).items():
            rec["state"].setdefault(name, []).append(value)
        if optim.internals is not None:
            for name, value in optim.internals(opt, p).items():
                rec.setdefault("internals", {}).setdefault(name, []).append(value)
        if after_step is not None:
            after_step(opt, p, rec)
        if scheduler is not None:
            if sched.loss:
                scheduler.step(loss.item())  # f(x_k): the loss whose gradient step k used
            else:
                scheduler.step()
            if schedule_state is not None:
                for name, value in schedule_state(scheduler).items():
                    rec.setdefault("schedule_state", {}).setdefault(name, []).append(value)
    return rec


def case(
    name: str,
    fid: str,
    optim: Optim,
    sched: Sched,
    lrs: list[float],
    steps: int,
    *,
    versions: dict[str, str] | None = None,
    **options: Any,
) -> dict[str, Any]:
    expr, params, x0, _ = FUNCTIONS[fid]
    out: dict[str, Any] = {
        "name": name,
        "torch": torch.__version__,
        "function": fid,
        "expression": expr,
        "parameters": params,
        "x0": x0,
        "optimizer": optim.text,
        "torch_optimizer": optim.torch_text + " foreach=False, float64",
        "schedule": sched.text,
        "torch_schedule": sched.torch_text,
        "lrs": lrs,
        "steps": steps,
    }
    if versions:
        out["packages"] = versions
    if sched.expansion is not None:
        out["schedule_expansion"] = sched.expansion
    out["records"] = [trajectory(fid, optim, sched, lr, steps, **options) for lr in lrs]
    return out


def within_engine_bounds(c: dict[str, Any]) -> bool:
    """The run stays inside lrtui's divergence rule (lrtui.engine.descent), as make_golden.py checks."""
    x0 = c["x0"]
    for r in c["records"]:
        f0 = r["loss"][0]
        far = any(abs(x[i] - x0[i]) > 1e6 * (1 + abs(x0[i])) for x in r["x"] for i in range(len(x0)))
        high = any(not math.isfinite(v) or v > f0 + 1e6 * (1 + abs(f0)) for v in r["loss"])
        if far or high:
            return False
    return True


def write(folder: Path, cases: list[dict[str, Any]], prefix: str) -> int:
    """Replace folder/prefix*.json by the cases; returns the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob(f"{prefix}*.json"):
        old.unlink()
    names = [c["name"] for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    size = 0
    for c in cases:
        assert c["name"].startswith(prefix), c["name"]
        path = folder / f"{c['name']}.json"
        path.write_text(json.dumps(c, separators=(",", ":"), allow_nan=False) + "\n")
        size += path.stat().st_size
    return size


def refusal(make: Callable[[], Any]) -> dict[str, Any]:
    """What torch (or the package) says when make() builds and runs the combination."""
    try:
        make()
    except Exception as err:  # noqa: BLE001 - any refusal is the datum
        return {"refused": True, "error_type": type(err).__name__, "error": str(err)}
    return {"refused": False}
