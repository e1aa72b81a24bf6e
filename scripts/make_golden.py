"""Write tests/golden/*.json: reference trajectories from torch.optim, all in float64.

Run it with a throwaway interpreter that has torch (the project never depends on torch):

    python3 -m venv /tmp/torchenv && /tmp/torchenv/bin/pip install torch==2.13.0 numpy sympy
    /tmp/torchenv/bin/python scripts/make_golden.py

Every case is one JSON file:

    {"name", "torch" (version), "function" (id), "expression", "parameters", "x0",
     "optimizer" (lrtui text), "torch_optimizer" (constructor used),
     "schedule" (lrtui text), "torch_schedule", "lrs", "steps",
     "records": [one per η: {"lr": η, "x": [x_0..x_N], "loss": [...], "grad": [...],
                             "eta": [η_0..η_N], "state": {name: [s_0..s_{N-1}]}}]}

Record k holds x_k, f(x_k), ∇f(x_k) (autograd) and η_k, the lr the optimizer used for
the step x_k → x_{k+1} (``param_groups[0]["lr"]`` before ``optimizer.step()``, equal to
``scheduler.get_last_lr()`` after k ``scheduler.step()`` calls). ``state`` holds, for
k = 0..N−1, the optimizer state right after step k, named as ``Optimizer.explain`` names
it: ``momentum_buffer`` (SGD with momentum, RMSprop with momentum), ``sum`` (Adagrad),
``square_avg`` / ``grad_avg`` (RMSprop), and for Adam/AdamW the bias-corrected moments
``m_hat = exp_avg / (1 − β1^t)``, ``v_hat = exp_avg_sq / (1 − β2^t)`` (and with amsgrad
``max_v_hat = max_exp_avg_sq / (1 − β2^t)``), t = k + 1.

``schedules.json`` holds longer η_k sequences of schedules alone (no descent).
"""

from __future__ import annotations

import json
import math
import sys
import warnings
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden"

FUNCTIONS = {
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

O = torch.optim  # noqa: E741 - the optimizers' namespace, as torch docs write it
S = torch.optim.lr_scheduler

# lrtui text -> (torch constructor text, factory(params, lr))
OPTIMIZERS = {
    "sgd": ("SGD()", lambda p, lr: O.SGD(p, lr=lr, foreach=False)),
    "sgd:weight_decay=0.1": ("SGD(weight_decay=0.1)", lambda p, lr: O.SGD(p, lr=lr, weight_decay=0.1, foreach=False)),
    "momentum": ("SGD(momentum=0.9)", lambda p, lr: O.SGD(p, lr=lr, momentum=0.9, foreach=False)),
    "momentum:dampening=0.5": (
        "SGD(momentum=0.9, dampening=0.5)",
        lambda p, lr: O.SGD(p, lr=lr, momentum=0.9, dampening=0.5, foreach=False),
    ),
    "nesterov": (
        "SGD(momentum=0.9, nesterov=True)",
        lambda p, lr: O.SGD(p, lr=lr, momentum=0.9, nesterov=True, foreach=False),
    ),
    "nesterov:momentum=0.5,weight_decay=0.05": (
        "SGD(momentum=0.5, nesterov=True, weight_decay=0.05)",
        lambda p, lr: O.SGD(p, lr=lr, momentum=0.5, nesterov=True, weight_decay=0.05, foreach=False),
    ),
    "adagrad": ("Adagrad()", lambda p, lr: O.Adagrad(p, lr=lr, foreach=False)),
    "adagrad:lr_decay=0.1,initial_accumulator_value=0.5,weight_decay=0.01": (
        "Adagrad(lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.01)",
        lambda p, lr: O.Adagrad(
            p, lr=lr, lr_decay=0.1, initial_accumulator_value=0.5, weight_decay=0.01, foreach=False
        ),
    ),
    "rmsprop": ("RMSprop()", lambda p, lr: O.RMSprop(p, lr=lr, foreach=False)),
    "rmsprop:centered=true,momentum=0.5,alpha=0.9": (
        "RMSprop(alpha=0.9, momentum=0.5, centered=True)",
        lambda p, lr: O.RMSprop(p, lr=lr, alpha=0.9, momentum=0.5, centered=True, foreach=False),
    ),
    "rmsprop:momentum=0.8,weight_decay=0.02": (
        "RMSprop(momentum=0.8, weight_decay=0.02)",
        lambda p, lr: O.RMSprop(p, lr=lr, momentum=0.8, weight_decay=0.02, foreach=False),
    ),
    "adam": ("Adam()", lambda p, lr: O.Adam(p, lr=lr, foreach=False)),
    "adam:amsgrad=true,beta1=0.3": (
        "Adam(betas=(0.3, 0.999), amsgrad=True)",
        lambda p, lr: O.Adam(p, lr=lr, betas=(0.3, 0.999), amsgrad=True, foreach=False),
    ),
    "adam:weight_decay=0.05,eps=1e-6,beta2=0.99": (
        "Adam(betas=(0.9, 0.99), eps=1e-6, weight_decay=0.05)",
        lambda p, lr: O.Adam(p, lr=lr, betas=(0.9, 0.99), eps=1e-6, weight_decay=0.05, foreach=False),
    ),
    "adamw": ("AdamW()", lambda p, lr: O.AdamW(p, lr=lr, foreach=False)),
    "adamw:weight_decay=0.1,beta1=0.8": (
        "AdamW(betas=(0.8, 0.999), weight_decay=0.1)",
        lambda p, lr: O.AdamW(p, lr=lr, betas=(0.8, 0.999), weight_decay=0.1, foreach=False),
    ),
}

# learning rates per optimizer family and function: stable, and each case doing something
LRS = {
    "sgd": {"quad": [0.05, 0.3], "sinx": [0.02, 0.1], "bowl": [0.01, 0.05]},
    "adagrad": {"quad": [0.5, 2.0], "sinx": [0.3, 1.0], "bowl": [0.3, 1.0]},
    "rmsprop": {"quad": [0.01, 0.1], "sinx": [0.01, 0.05], "bowl": [0.01, 0.05]},
    "adam": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2], "rosen": [0.01, 0.05, 0.1]},
}


def family(text: str) -> str:
    name = text.split(":")[0]
    return {"momentum": "sgd", "nesterov": "sgd", "adamw": "adam"}.get(name, name)


# lrtui text -> (torch text, factory(optimizer, lr, steps) or None for no scheduler)
SCHEDULES = {
    "constant": ("none", None),
    "step:step_size=8,gamma=0.5": ("StepLR(step_size=8, gamma=0.5)", lambda o, lr, n: S.StepLR(o, 8, 0.5)),
    "multistep:milestones=5/12/20,gamma=0.3": (
        "MultiStepLR(milestones=[5, 12, 20], gamma=0.3)",
        lambda o, lr, n: S.MultiStepLR(o, [5, 12, 20], 0.3),
    ),
    # repeated milestones multiply by gamma ** (times listed); order does not matter; 0 scales η_0
    "multistep:milestones=8/8/20,gamma=0.5": (
        "MultiStepLR(milestones=[8, 8, 20], gamma=0.5)",
        lambda o, lr, n: S.MultiStepLR(o, [8, 8, 20], 0.5),
    ),
    "multistep:milestones=0/12/5/12,gamma=0.7": (
        "MultiStepLR(milestones=[0, 12, 5, 12], gamma=0.7)",
        lambda o, lr, n: S.MultiStepLR(o, [0, 12, 5, 12], 0.7),
    ),
    "exponential:gamma=0.93": ("ExponentialLR(gamma=0.93)", lambda o, lr, n: S.ExponentialLR(o, 0.93)),
    "cosine:t_max=12": ("CosineAnnealingLR(T_max=12)", lambda o, lr, n: S.CosineAnnealingLR(o, 12)),
    "cosine:t_max=11,eta_min=0.003": (
        "CosineAnnealingLR(T_max=11, eta_min=0.003)",
        lambda o, lr, n: S.CosineAnnealingLR(o, 11, eta_min=0.003),
    ),
    "cosine_restarts:t_0=4,t_mult=2,eta_min=0.001": (
        "CosineAnnealingWarmRestarts(T_0=4, T_mult=2, eta_min=0.001)",
        lambda o, lr, n: S.CosineAnnealingWarmRestarts(o, 4, 2, eta_min=0.001),
    ),
    "linear": ("LinearLR()", lambda o, lr, n: S.LinearLR(o)),
    "linear:start_factor=0.1,end_factor=0.6,total_iters=20": (
        "LinearLR(start_factor=0.1, end_factor=0.6, total_iters=20)",
        lambda o, lr, n: S.LinearLR(o, 0.1, 0.6, 20),
    ),
    "polynomial:total_iters=25,power=2": (
        "PolynomialLR(total_iters=25, power=2.0)",
        lambda o, lr, n: S.PolynomialLR(o, 25, 2.0),
    ),
    "onecycle:cycle_momentum=false": (
        "OneCycleLR(max_lr=lr, total_steps=steps+1, cycle_momentum=False)",
        lambda o, lr, n: S.OneCycleLR(o, max_lr=lr, total_steps=n + 1, cycle_momentum=False),
    ),
    "onecycle:max_lr=0.08,total_steps=30,pct_start=0.2,div_factor=10,final_div_factor=100,cycle_momentum=false": (
        (
            "OneCycleLR(max_lr=0.08, total_steps=30, pct_start=0.2, div_factor=10, final_div_factor=100,"
            " cycle_momentum=False)"
        ),
        lambda o, lr, n: S.OneCycleLR(
            o,
            max_lr=0.08,
            total_steps=30,
            pct_start=0.2,
            div_factor=10.0,
            final_div_factor=100.0,
            cycle_momentum=False,
        ),
    ),
}


def explained(opt, p) -> dict[str, list[float]]:
    st = opt.state[p]
    group = opt.param_groups[0]
    out = {}
    if "exp_avg" in st:
        beta1, beta2 = group["betas"]
        t = st["step"].item()
        bc1, bc2 = 1 - beta1**t, 1 - beta2**t
        out["m_hat"] = (st["exp_avg"] / bc1).tolist()
        out["v_hat"] = (st["exp_avg_sq"] / bc2).tolist()
        if group["amsgrad"]:
            out["max_v_hat"] = (st["max_exp_avg_sq"] / bc2).tolist()
        return out
    for name in ("sum", "square_avg", "grad_avg", "momentum_buffer"):
        if name in st and st[name] is not None:
            out[name] = st[name].tolist()
    return out


def trajectory(fid: str, opt_text: str, sched_text: str, lr: float, steps: int) -> dict:
    _, _, x0, f = FUNCTIONS[fid]
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[opt_text][1]([p], lr)
    make = SCHEDULES[sched_text][1]
    sched = make(opt, lr, steps) if make else None
    rec = {"lr": lr, "x": [], "loss": [], "grad": [], "eta": [], "state": {}}
    for k in range(steps + 1):
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        eta = opt.param_groups[0]["lr"]
        if sched is not None:
            assert sched.get_last_lr()[0] == eta
        rec["x"].append(p.detach().tolist())
        rec["loss"].append(loss.item())
        rec["grad"].append(p.grad.tolist())
        rec["eta"].append(float(eta))
        if k == steps:
            break
        opt.step()
        for name, value in explained(opt, p).items():
            rec["state"].setdefault(name, []).append(value)
        if sched is not None:
            sched.step()
    return rec


def slug(text: str) -> str:
    keep = text.replace(":", "-").replace(",", "-").replace("=", "").replace("/", "_").replace(".", "p")
    return keep[:60]


def case(name, fid, opt_text, sched_text, lrs, steps) -> dict:
    expr, params, x0, _ = FUNCTIONS[fid]
    return {
        "name": name,
        "torch": torch.__version__,
        "function": fid,
        "expression": expr,
        "parameters": params,
        "x0": x0,
        "optimizer": opt_text,
        "torch_optimizer": OPTIMIZERS[opt_text][0] + " foreach=False, float64",
        "schedule": sched_text,
        "torch_schedule": SCHEDULES[sched_text][0],
        "lrs": lrs,
        "steps": steps,
        "records": [trajectory(fid, opt_text, sched_text, lr, steps) for lr in lrs],
    }


def schedule_sequences() -> dict:
    """Long η_k sequences of schedules alone, stepped like the descent (no optimizer math)."""
    n = 400
    lrs = [0.7, 0.123456789]
    specs = {
        "step:step_size=7,gamma=0.9": lambda o: S.StepLR(o, 7, 0.9),
        "multistep:milestones=50/120/121/350,gamma=0.7": lambda o: S.MultiStepLR(o, [50, 120, 121, 350], 0.7),
        "multistep:milestones=100/100/100/250/30,gamma=0.8": lambda o: S.MultiStepLR(o, [100, 100, 100, 250, 30], 0.8),
        "exponential:gamma=0.997": lambda o: S.ExponentialLR(o, 0.997),
        "cosine:t_max=100": lambda o: S.CosineAnnealingLR(o, 100),
        "cosine:t_max=90,eta_min=0.01": lambda o: S.CosineAnnealingLR(o, 90, eta_min=0.01),
        "cosine:t_max=7,eta_min=0.003": lambda o: S.CosineAnnealingLR(o, 7, eta_min=0.003),
        "cosine:t_max=1": lambda o: S.CosineAnnealingLR(o, 1),
        "cosine_restarts:t_0=10,t_mult=3,eta_min=0.002": lambda o: S.CosineAnnealingWarmRestarts(o, 10, 3, 0.002),
        "cosine_restarts:t_0=33": lambda o: S.CosineAnnealingWarmRestarts(o, 33),
        "linear:start_factor=0.05,end_factor=0.9,total_iters=200": lambda o: S.LinearLR(o, 0.05, 0.9, 200),
        "polynomial:total_iters=300,power=0.5": lambda o: S.PolynomialLR(o, 300, 0.5),
        "onecycle:cycle_momentum=false": None,  # max_lr = lr, total_steps = n + 1
        "onecycle:total_steps=300,pct_start=0.25,cycle_momentum=false": None,  # torch raises past total_steps
    }
    out = {"torch": torch.__version__, "steps": n, "lrs": lrs, "sequences": {}}
    for text, make in specs.items():
        seqs = []
        for lr in lrs:
            p = torch.zeros(1, requires_grad=True)
            opt = O.SGD([p], lr=lr)
            if text == "onecycle:cycle_momentum=false":
                sched, m = S.OneCycleLR(opt, max_lr=lr, total_steps=n + 1, cycle_momentum=False), n
            elif text.startswith("onecycle:"):
                sched, m = S.OneCycleLR(opt, max_lr=lr, total_steps=300, pct_start=0.25, cycle_momentum=False), 300
            else:
                sched, m = make(opt), n
            seq = [opt.param_groups[0]["lr"]]
            for _ in range(m):
                opt.step()
                sched.step()
                seq.append(sched.get_last_lr()[0])
            seqs.append(seq)
        out["sequences"][text] = seqs
    return out


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.json"):
        old.unlink()
    cases = []
    # the seed scripts: plain SGD
    cases.append(case("seed-quad", "quad", "sgd", "constant", [0.01, 0.1, 0.5], 20))
    cases.append(case("seed-sinx", "sinx", "sgd", "constant", [0.3], 60))
    # every optimizer, defaults and variants, on three functions
    for opt_text in OPTIMIZERS:
        fam = family(opt_text)
        for fid in ("quad", "sinx", "bowl"):
            cases.append(case(f"opt-{slug(opt_text)}-{fid}", fid, opt_text, "constant", LRS[fam][fid], 40))
    cases.append(case("opt-adam-rosen", "rosen", "adam", "constant", LRS["adam"]["rosen"], 60))
    cases.append(case("opt-adamw-rosen", "rosen", "adamw", "constant", LRS["adam"]["rosen"][:2], 60))
    # every schedule with sgd and with adam
    for sched_text in SCHEDULES:
        if sched_text == "constant":
            continue
        for opt_text in ("sgd", "adam"):
            for fid in ("quad", "sinx", "bowl"):
                steps = 30
                cases.append(
                    case(
                        f"sched-{slug(sched_text)}-{opt_text}-{fid}",
                        fid,
                        opt_text,
                        sched_text,
                        LRS[family(opt_text)][fid],
                        steps,
                    )
                )
    sizes = 0
    for c in cases:
        path = OUT / f"{c['name']}.json"
        path.write_text(json.dumps(c, separators=(",", ":")) + "\n")
        sizes += path.stat().st_size
    seq = OUT / "schedules.json"
    seq.write_text(json.dumps(schedule_sequences(), separators=(",", ":")) + "\n")
    sizes += seq.stat().st_size
    print(f"{len(cases)} cases + schedules.json, {sizes / 1e6:.2f} MB in {OUT}")
    # every run must stay inside the engine's divergence bounds (lrtui.engine.descent.DIVERGENCE_RULE)
    bad = []
    for c in cases:
        x0 = c["x0"]
        for r in c["records"]:
            f0 = r["loss"][0]
            far = any(abs(x[i] - x0[i]) > 1e6 * (1 + abs(x0[i])) for x in r["x"] for i in range(len(x0)))
            high = any(not math.isfinite(v) or v > f0 + 1e6 * (1 + abs(f0)) for v in r["loss"])
            if far or high:
                bad.append(f"{c['name']} η={r['lr']}")
    if bad:
        print("diverging runs:", ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
