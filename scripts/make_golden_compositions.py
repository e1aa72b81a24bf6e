"""Write tests/golden/compositions/compositions.json: torch 2.13's η_k (and momentum) of compositions the
descent fixtures do not reach — the quirks of SequentialLR and ChainedScheduler with every kind of
part (closed forms, cycling momentum, OneCycleLR's overwrite of initial_lr, CyclicLR's base_lr,
warm restarts, a MultiplicativeLR hand-over, two affine cosines chained). Schedules alone, no
descent, like tests/golden/schedules.json.

Run it with the torch venv (the project never depends on torch):

    /work/venvs/torch/bin/python scripts/make_golden_compositions.py

Every text is turned into torch's schedulers by scripts/make_golden_catalogue.py's own
``schedule()`` (extended here with cosine_restarts, multistep and polynomial), so lrtui's text and
torch's call cannot disagree. Format::

    {"torch", "steps", "lrs", "sequences": {text: {"eta": [[η_0..η_N] per lr],
                                                   "momentum": [m_0..m_N] or null}}}

``momentum`` is the group's momentum (a plain SGD's, 0 until a cycling part writes it) before each
step, recorded when some part writes it (null when it stays 0).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_golden_catalogue as catalogue  # noqa: E402

S = torch.optim.lr_scheduler
OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "compositions" / "compositions.json"
STEPS = 60
LRS = [0.7, 0.123]

catalogue.SCHEDULES.update({
    "cosine_restarts": S.CosineAnnealingWarmRestarts,
    "multistep": S.MultiStepLR,
    "polynomial": S.PolynomialLR,
})
catalogue.RENAMED.update({"t_0": "T_0", "t_mult": "T_mult"})
catalogue.INTS.update({"t_0", "t_mult"})
catalogue.FORMULAS.update({
    "0.9^k": ("0.9**k", lambda k: 0.9**k),
    "0.99^k": ("0.99**k", lambda k: 0.99**k),
    "0.95": ("0.95", lambda k: 0.95),
})
_one = catalogue.one


def one(text: str):  # milestones=5/15 as torch's list; a cyclic with its own base_lr
    name, _, rest = text.partition(":")
    if name == "cyclic" and "base_lr=" in rest:
        items = dict(item.split("=") for item in rest.split(","))
        base = float(items.pop("base_lr"))
        call, make = _one("cyclic:" + ",".join(f"{k}={v}" for k, v in items.items()))
        return call.replace("base_lr=lr", f"base_lr={base}"), lambda o, lr, n: make(o, base, n)
    if name != "multistep":
        return _one(text)
    kwargs = dict(item.split("=") for item in rest.split(","))
    milestones = [int(m) for m in kwargs["milestones"].split("/")]
    gamma = float(kwargs.get("gamma", 0.1))
    return (f"MultiStepLR(milestones={milestones}, gamma={gamma})",
            lambda o, lr, n: S.MultiStepLR(o, milestones, gamma))


catalogue.one = one

TEXTS = [
    "linear:start_factor=0.1,total_iters=5 then@5 onecycle",
    "onecycle:three_phase=true then@20 exponential:gamma=0.9",
    "cyclic:max_lr=0.5,step_size_up=5 then@20 cosine:t_max=30",
    "exponential:gamma=0.95 and cyclic:max_lr=0.5,step_size_up=5",
    "cyclic:max_lr=0.5,step_size_up=5 and exponential:gamma=0.95",
    "cyclic:max_lr=0.5,step_size_up=5,base_lr=0.05 then@15 exponential:gamma=0.9",
    "exponential:gamma=0.9 then@10 onecycle:max_lr=1 then@40 cosine:t_max=10",
    "cosine_restarts:t_0=5,t_mult=2 then@12 multistep:milestones=0/5/5,gamma=0.5 "
    "then@30 polynomial:total_iters=10,power=2",
    "multiplicative:f=0.9 then@10 multiplicative:f=0.95",
    "cosine:t_max=10,eta_min=0.01 and cosine:t_max=7,eta_min=0.02",
    "cosine:t_max=8 and linear:start_factor=0.5,total_iters=20",
    "lambda:f=0.9^k then@10 cosine_restarts:t_0=5",
    "onecycle:cycle_momentum=false and lambda:f=0.99^k",
    "constantlr:factor=0.5,total_iters=0 then@5 exponential:gamma=0.9",
    "step:step_size=3,gamma=0.5 then@7 cosine:t_max=10,eta_min=0.05 then@20 cosine:t_max=10,eta_min=0.05",
    "linear:start_factor=0.2,total_iters=10 then@10 onecycle:anneal_strategy=linear "
    "then@50 cyclic:max_lr=0.3,step_size_up=3",
    "cosine_restarts:t_0=4 and multistep:milestones=3/9,gamma=0.5 and exponential:gamma=0.98",
]


def sequence(text: str) -> dict:
    sched = catalogue.schedule(text)
    etas, momentum = [], None
    for lr in LRS:
        p = torch.zeros(1, requires_grad=True)
        opt = torch.optim.SGD([p], lr=lr, momentum=0.0)
        s = sched.make(opt, lr, STEPS)
        eta, mom = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["momentum"]]
        for _ in range(STEPS):
            opt.step()
            s.step()
            eta.append(opt.param_groups[0]["lr"])
            mom.append(opt.param_groups[0]["momentum"])
        etas.append([float(v) for v in eta])
        momentum = [float(v) for v in mom] if any(mom) else None  # a plain SGD's 0 until a part cycles it
    return {"torch_schedule": sched.torch_text, "eta": etas, "momentum": momentum}


def main() -> int:
    data = {"torch": torch.__version__, "steps": STEPS, "lrs": LRS, "sequences": {t: sequence(t) for t in TEXTS}}
    OUT.write_text(json.dumps(data, separators=(",", ":")) + "\n")
    print(f"{len(TEXTS)} compositions, {OUT.stat().st_size / 1e3:.0f} kB in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
