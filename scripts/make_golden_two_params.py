"""Write tests/golden/two_params/*.json from torch (float64): f(x, y) and the regression model.

Run once, in a throwaway environment that has torch and numpy and sees this checkout
(the project never depends on torch):

    python3 -m venv /tmp/torch-two-params && /tmp/torch-two-params/bin/pip install torch==2.13.0 numpy
    PYTHONPATH=. /tmp/torch-two-params/bin/python scripts/make_golden_two_params.py

Each fixture holds the inputs and, for every η, torch's x_k, loss_k and grad_k for
k = 0..steps (x_k before step k, the gradient that step k uses). Plain SGD
(``torch.optim.SGD(lr=η)``; another fixture set covers the other optimizers).

- ``bowl.json`` x² + 10y² from (3, 1), η = 0.01, 0.09, 0.11, 60 steps
- ``rosenbrock.json`` (1−x)² + 100(y−x²)² from (−1.5, 2), η = 0.0005, 0.0015, 300 steps
- ``linreg_full.json`` the seed's data (seed 0), full batch, η = 0.001, 0.01, 0.1, 50 epochs
- ``linreg_minibatch.json`` the same data, batches of 10 drawn by lrtui's own code
  (the indices are exported into the fixture and fed to torch), η = 0.05, 0.2, 5 epochs

The regression's data are drawn here with numpy exactly as lrtui documents it
(``rng = default_rng(0)``; ``x = rng.random(100)``; ``noise = rng.normal(0, 0.1, 100)``;
``y = 3x + 2 + noise``) and stored in the fixture; the test checks lrtui draws the same.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parents[1] / "tests" / "golden" / "two_params"
torch.set_default_dtype(torch.float64)


def descend(loss_fn, x0, lr, steps, batches=None):
    """Plain torch SGD; returns lists x_k, loss_k (full loss), grad_k for k = 0..steps."""
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr)
    xs, losses, grads = [], [], []
    for k in range(steps + 1):
        opt.zero_grad()
        with torch.no_grad():
            full = loss_fn(p, None)
        batch = None if batches is None else batches[k]
        loss = loss_fn(p, batch)
        loss.backward()
        xs.append(p.detach().tolist())
        losses.append(float(full))
        grads.append(p.grad.detach().tolist())
        if k < steps:
            opt.step()
    return xs, losses, grads


def function_fixture(name, text, fn, x0, lrs, steps):
    runs = []
    for lr in lrs:
        xs, losses, grads = descend(lambda p, _b: fn(p[0], p[1]), x0, lr, steps)
        runs.append({"lr": lr, "x": xs, "loss": losses, "grad": grads})
    doc = {"function": text, "x0": x0, "steps": steps, "optimizer": "torch.optim.SGD", "runs": runs}
    write(name, doc)


def seed_data(seed=0, n=100):
    rng = np.random.default_rng(seed)
    x = rng.random(n)
    noise = rng.normal(0.0, 0.1, n)
    return x, 3 * x + 2 + noise, rng


def regression_loss(xt, yt):
    def loss(p, batch):
        xb, yb = (xt, yt) if batch is None else (xt[batch], yt[batch])
        pred = p[0] * xb + p[1]
        return ((pred - yb) ** 2).mean()

    return loss


def linreg_full():
    x, y, _ = seed_data(0)
    xt, yt = torch.tensor(x), torch.tensor(y)
    runs = []
    for lr in (0.001, 0.01, 0.1):
        xs, losses, grads = descend(regression_loss(xt, yt), [0.0, 0.0], lr, 50)
        runs.append({"lr": lr, "x": xs, "loss": losses, "grad": grads})
    write("linreg_full.json", {"model": "linreg", "seed": 0, "batch_size": None, "epochs": 50,
                               "data_x": x.tolist(), "data_y": y.tolist(), "runs": runs})


def linreg_minibatch():
    from lrtui.models.linreg import build_linreg  # the batches come from lrtui's own code

    x, y, _ = seed_data(0)
    problem = build_linreg(None, 0, 10)
    assert np.array_equal(problem.x, x) and np.array_equal(problem.y, y)
    epochs = 5
    steps = epochs * problem.batches_per_epoch
    batches = [problem.batch_indices(k).tolist() for k in range(steps + 1)]
    xt, yt = torch.tensor(x), torch.tensor(y)
    tb = [torch.tensor(b, dtype=torch.long) for b in batches]
    runs = []
    for lr in (0.05, 0.2):
        xs, losses, grads = descend(regression_loss(xt, yt), [0.0, 0.0], lr, steps, tb)
        runs.append({"lr": lr, "x": xs, "loss": losses, "grad": grads})
    write("linreg_minibatch.json", {"model": "linreg", "seed": 0, "batch_size": 10, "epochs": epochs,
                                    "steps": steps, "batches": batches, "data_x": x.tolist(),
                                    "data_y": y.tolist(), "runs": runs})


def write(name, doc):
    OUT.mkdir(parents=True, exist_ok=True)
    doc["torch"] = torch.__version__
    (OUT / name).write_text(json.dumps(doc, separators=(",", ":")) + "\n")
    print(f"{name}: {(OUT / name).stat().st_size:,} bytes")


def main():
    function_fixture("bowl.json", "x**2 + 10*y**2", lambda x, y: x**2 + 10 * y**2, [3.0, 1.0], [0.01, 0.09, 0.11], 60)
    function_fixture(
        "rosenbrock.json",
        "(1-x)**2 + 100*(y-x**2)**2",
        lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        [-1.5, 2.0],
        [0.0005, 0.0015],
        300,
    )
    linreg_full()
    linreg_minibatch()


if __name__ == "__main__":
    main()
