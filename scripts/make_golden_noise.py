"""Write tests/golden/noise/*.json: torch.optim fed noisy gradients, the noise drawn by NumPy as
lrtui documents it (lrtui.engine.noise), all in float64. Uses torch and NumPy, never lrtui:

    /work/venvs/torch/bin/python scripts/make_golden_noise.py

The noise of run r (its place among the case's η, from 0), trial t, at step k:

    stream  = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(r, t))))
    noise_k = sigma * stream.standard_normal((steps, d))[k]

and each step of torch's optimizer (``foreach=False``) sees ``p.grad = ∇f(x_k) + noise_k``: autograd's
gradient, then ``p.grad.add_(noise_k)`` before ``optimizer.step()``.

Every case is one JSON file, make_golden.py's format plus the noise:

    {"name", "torch", "numpy", "function", "expression", "parameters", "x0", "optimizer",
     "torch_optimizer", "schedule": "constant", "lrs", "steps", "sigma", "seed", "trials",
     "records": [one per η and recorded trial: {"lr", "run", "trial", "x": [x_0..x_N], "loss", "grad",
                 "noise": [noise_0..noise_{N−1}], "state": {name: [s_0..s_{N−1}]}}]}

``grad`` is the exact ∇f(x_k) (what lrtui records and tests against tol), ``noise`` what was added
to it for step k; ``state`` as make_golden.py names it (momentum_buffer; Adam's bias-corrected
m_hat and v_hat, t = k + 1).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
warnings.filterwarnings("ignore")

OUT = Path(__file__).resolve().parent.parent / "tests" / "golden" / "noise"

FUNCTIONS = {
    "quad": ("(x-2)**2", ["x"], [10.0], lambda p: (p[0] - 2) ** 2),
    "sinx": ("x**2 + 10*sin(x)", ["x"], [3.0], lambda p: p[0] ** 2 + 10 * torch.sin(p[0])),
    "bowl": ("x**2 + 10*y**2", ["x", "y"], [3.0, 1.0], lambda p: p[0] ** 2 + 10 * p[1] ** 2),
}

O = torch.optim  # noqa: E741
OPTIMIZERS = {
    "sgd": ("SGD()", lambda p, lr: O.SGD(p, lr=lr, foreach=False)),
    "momentum": ("SGD(momentum=0.9)", lambda p, lr: O.SGD(p, lr=lr, momentum=0.9, foreach=False)),
    "adam": ("Adam()", lambda p, lr: O.Adam(p, lr=lr, foreach=False)),
}
LRS = {
    "sgd": {"quad": [0.05, 0.3], "sinx": [0.02, 0.1], "bowl": [0.01, 0.05]},
    "momentum": {"quad": [0.05, 0.3], "sinx": [0.02, 0.1], "bowl": [0.01, 0.05]},
    "adam": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2]},
}
SIGMA, SEED, TRIALS, STEPS = 0.7, 2026, 4, 40
RECORDED_TRIALS = (0, 3)  # trial 0 and another, so that the stream's (run, trial) key is checked


def noise(seed: int, run: int, trial: int, steps: int, d: int, sigma: float) -> np.ndarray:
    stream = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(run, trial))))
    return sigma * stream.standard_normal((steps, d))


def explained(opt: torch.optim.Optimizer, p: torch.Tensor) -> dict[str, list[float]]:
    st = opt.state[p]
    if "exp_avg" in st:
        beta1, beta2 = opt.param_groups[0]["betas"]
        t = st["step"].item()
        return {"m_hat": (st["exp_avg"] / (1 - beta1**t)).tolist(),
                "v_hat": (st["exp_avg_sq"] / (1 - beta2**t)).tolist()}
    buf = st.get("momentum_buffer")
    return {"momentum_buffer": buf.tolist()} if buf is not None else {}


def trajectory(fid: str, opt_text: str, lr: float, run: int, trial: int) -> dict[str, Any]:
    _, params, x0, f = FUNCTIONS[fid]
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = OPTIMIZERS[opt_text][1]([p], lr)
    added = noise(SEED, run, trial, STEPS, len(params), SIGMA)
    rec: dict[str, Any] = {"lr": lr, "run": run, "trial": trial, "x": [], "loss": [], "grad": [], "noise": [],
                           "state": {}}
    for k in range(STEPS + 1):
        opt.zero_grad()
        loss = f(p)
        loss.backward()
        assert p.grad is not None and p.grad.dtype == torch.float64
        rec["x"].append(p.detach().tolist())
        rec["loss"].append(loss.item())
        rec["grad"].append(p.grad.tolist())
        if k == STEPS:
            break
        p.grad.add_(torch.from_numpy(added[k].copy()))  # ∇f(x_k) + noise_k: one addition, rounded once
        rec["noise"].append(added[k].tolist())
        opt.step()
        for name, value in explained(opt, p).items():
            rec["state"].setdefault(name, []).append(value)
    return rec


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("noise-*.json"):
        old.unlink()
    size = 0
    for opt_text, (torch_text, _) in OPTIMIZERS.items():
        for fid, (expr, params, x0, _) in FUNCTIONS.items():
            lrs = LRS[opt_text][fid]
            case = {
                "name": f"noise-{opt_text}-{fid}",
                "torch": torch.__version__,
                "numpy": np.__version__,
                "function": fid,
                "expression": expr,
                "parameters": params,
                "x0": x0,
                "optimizer": opt_text,
                "torch_optimizer": torch_text + " foreach=False, float64",
                "schedule": "constant",
                "lrs": lrs,
                "steps": STEPS,
                "sigma": SIGMA,
                "seed": SEED,
                "trials": TRIALS,
                "records": [trajectory(fid, opt_text, lr, r, t) for r, lr in enumerate(lrs) for t in RECORDED_TRIALS],
            }
            path = OUT / f"{case['name']}.json"
            path.write_text(json.dumps(case, separators=(",", ":"), allow_nan=False) + "\n")
            size += path.stat().st_size
    print(f"wrote {len(OPTIMIZERS) * len(FUNCTIONS)} cases, {size:,} bytes, to {OUT}")


if __name__ == "__main__":
    main()
