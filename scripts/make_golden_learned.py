"""Write tests/golden/learned/learn-*.json: the reference packages of issue 20 on torch CPU, float64.

Run it with the torch venv (torch 2.13.0+cpu, lion-pytorch 0.2.5, schedulefree 1.4.1,
prodigyopt 1.1.2, dadaptation 3.2; the project never depends on them):

    /work/venvs/torch/bin/python scripts/make_golden_learned.py

It rewrites only ``tests/golden/learned/learn-*.json``.

Format
======

The format of scripts/make_golden.py (tests/test_golden_torch.py's loader reads it unchanged;
see scripts/make_golden_catalogue.py for the shared keys), plus ``"packages"`` (the reference
packages' versions) and, per record, ``"internals"``: per-step scalars of the package that lrtui
need not show but an implementer can compare against to find where a mismatch starts. The
schedule is always ``constant`` (η fixed; these methods bring their own η).

``torch_optimizer`` names the package's class and only the arguments given; every other
argument is the package's default (the issue's table). lrtui's ``beta1``/``beta2`` are the
package's ``betas`` tuple; ``beta3`` (Prodigy) is its own argument (None → √beta2).

=============  =================================  ==============================================
name           state (after step k)               internals (after step k)
=============  =================================  ==============================================
lion           exp_avg                            —
sf_sgd         x_avg, z                           scheduled_lr, ckp1
sf_adamw       x_avg, z, v (raw exp_avg_sq)       scheduled_lr, ckp1
prodigy        d (group["d"] after the step)      d_hat, d_numerator, d_denom
dadapt_sgd     d                                  numerator_weighted
dadapt_adam    d                                  numerator_weighted
=============  =================================  ==============================================

Cases: ``learn-opt-<spec>-<fn>``, each optimizer with its defaults on quad, sinx and bowl
(40 steps) and each option on one function (alternately bowl and sinx, 30 steps); two η per case
(Prodigy and D-Adaptation at η = 1 and 0.5). ``learn-refused.json``: what the packages refuse
(and accept) at construction, as cat-refused.json.

Every tensor is float64 (``torch.set_default_dtype(torch.float64)``; the script asserts the
state's dtype after every step). None of the five packages casts to float32 on this path: their
scalars (d, d_hat, numerators, denominators, ckp1, weight_sum) are Python floats, taken from
float64 tensors with ``.item()``. The fsdp/cuda branches are not taken. 2-D functions use one
parameter tensor of two elements, so "one d per parameter group" means one d per run.

How each package computes (read from its source in the venv; every rule below was checked by
replaying the fixtures step by step in float64 to ≤ 1e-13 relative)
====================================================================================================

Lion (lion_pytorch/lion_pytorch.py ``update_fn``)

- x *= 1 − η·λ (always executed; ×1.0 when λ = 0); c = m·β1 + g·(1−β1);
  x −= η·sign(c) (sign(0) = 0); m = m·β2 + g·(1−β2) — the update uses the OLD m, the EMA is
  updated after. Every coordinate moves by exactly η (± the decay) unless c = 0.
- Checks: ``assert lr > 0`` and ``0 ≤ beta ≤ 1`` (AssertionError with no message; β = 1
  passes). decoupled_weight_decay=False (the default, not exposed) leaves λ as given.

Schedule-free (schedulefree/sgd_schedulefree.py, adamw_schedulefree.py; foreach=False used, and
the script asserts foreach=True gives the same bits on CPU)

- The parameter holds y (train mode): the point where ∇f is evaluated — the recorded x.
  ``optimizer.train()`` must be called before the first step (the package raises otherwise;
  at that time z does not exist, so train() only sets the flag). z = clone(y) at the first step.
- Step k (package counter k = 0, 1, …): lr_k = η·(k+1)/warmup_steps while k < warmup_steps,
  else η (``scheduled_lr``); lr_max = max(lr_max, lr_k) (lr_max starts at −1);
  weight = (k+1)^r · lr_max^weight_lr_power; weight_sum += weight (a running float sum);
  c = weight/weight_sum (``ckp1``; 0 if weight_sum = 0).
  With r = 0 and no warm-up c is 1/(k+1) mathematically but NOT bitwise (from k = 6 on in
  learn-opt-sf_sgd-quad): replay the running sum. c = 1 at k = 0.
  weight_lr_power = 0 with r = 1 weighs the points by (k+1) (later points count more).
- SGDScheduleFree: g += wd·y (at y, in place on p.grad); y = lerp(y, z, c);
  y += lr_k·(β(1−c) − 1)·g; z −= lr_k·g.  (β = momentum, must be in (0, 1).)
- AdamWScheduleFree: v = β2·v + (1−β2)g² (mul_/addcmul_); ĝ = g/(√(v/(1−β2^(k+1))) + ε)
  (in place on p.grad); ĝ += wd·y (decay at y, AFTER the normalisation); then y, z as SGD with
  β = β1 and ĝ. There is no first moment: β1 only interpolates. Nothing is validated.
- x_avg = what ``optimizer.eval()`` puts in the parameter: lerp(y, z, 1 − 1/β) (weight < 0, so
  torch's lerp computes y + w·(z − y)); mathematically (y − (1−β)z)/β. The fixtures read it by
  calling eval() on a ``copy.deepcopy`` of the optimizer after each step, and assert it equals
  ``y.clone().lerp_(z, 1 − 1/β)`` bit for bit. They do NOT call eval() then train() on the live
  optimizer: that round trip (lerp to x, lerp back with weight 1 − β) changes y's last bits in
  most steps (54 of 60 for SGD, 41 of 60 for AdamW in a check on sinx/bowl), so a training
  loop that evaluates every step follows a (slightly) different trajectory than the recorded
  one. lrtui reproduces the uninterrupted train-mode run. eval() with β1 = 0 divides by zero.

Prodigy (prodigyopt/prodigy.py; lr = max over groups, one group here)

- Step k with d = d_k (``group["d"]`` before the step) and bc = √(1−β2^(k+1))/(1−β1^(k+1)) if
  use_bias_correction else 1: dlr = d·η·bc.
  g += wd·x first if weight decay is coupled (decouple=false; in place on p.grad).
  numerator: d_numerator = β3·d_numerator_prev + (d/d0)·dlr·⟨g, x0 − x_k⟩ (⟨·⟩ = torch.dot, then
  .item(); x0 is the first x, ``p0``; 0 at k = 0).
  m = β1·m + d(1−β1)·g (skipped when β1 = 0: no exp_avg at all); v = β2·v + d²(1−β2)·g²;
  s = β3·s + g·(d/d0)·dlr (safeguard_warmup: g·(d/d0)·d); d_denom = Σ|s| (.item()).
  d_hat = d_coef·d_numerator/d_denom; if d == d0 (still the start): d = max(d, d_hat);
  d_max = max(d_max, d_hat); d_{k+1} = min(d_max, d·growth_rate) (growth_rate = inf → d_max).
  If d_denom == 0 the package returns before the update: no step, no k += 1.
- Then the step uses the OLD d in dlr but the NEW d in the denominator:
  x −= dlr·m/(√v + d_{k+1}·ε) (addcdiv with value −dlr); decoupled decay first:
  x += x·(−wd·dlr). With β1 = 0: x −= (dlr·d_{k+1})·g/(√v + d_{k+1}·ε).
- So the d recorded after step k (d_{k+1}) is the d of step k+1's dlr and EMAs, and the ε-scale
  of step k's denominator. d_hat at k = 0 is 0 (x0 − x0 = 0), so step 0 runs with d0 and d
  stays d0 after it; d never decreases with growth_rate = inf (d = d_max).
- Checks: d0 > 0, lr > 0, eps > 0, 0 ≤ β1, β2 < 1 (ValueError). beta3, d_coef and growth_rate
  are not checked (growth_rate < 1 is accepted). Prints "Using decoupled weight decay" to
  stdout when decouple and weight_decay > 0 (silenced here).

D-Adaptation SGD (dadaptation/dadapt_sgd.py)

- At k = 0: g0_norm = ‖g_0‖ — WITHOUT weight decay: the package's ``grad.add(p, alpha=decay)``
  there is not in place and its result is dropped (a bug lrtui must copy). dlr = d_k·η/g0_norm.
- g += wd·x (in place); numerator_weighted += dlr·⟨g, s⟩ (s BEFORE adding g); s += dlr·g;
  sk_sq = Σs²; d_hat = 2·numerator_weighted/√sk_sq; d_{k+1} = max(d, min(d_hat, d·growth_rate)).
  If sk_sq == 0 the package returns before the update (no step, no k += 1).
- z = x0 − s; x = x·(1 − ck) + ck·z with ck = 1 − momentum (``p.mul_(1−ck).add_(z, alpha=ck)``);
  with momentum = 0 this is 0·x + z (NaN if x is inf). d enters the step only through s, so d_k
  scales step k; step 0 is x0 − d0·η·g0/‖g0‖ (a step of length d0·η; d_hat = 0 at k = 0).
- Checks: d0 > 0, lr > 0 only (momentum and growth_rate are not checked; momentum = 1 freezes x).

D-Adaptation Adam (dadaptation/dadapt_adam.py)

- dlr = d_k·η·bc (bc as Prodigy's, if use_bias_correction). g += wd·x if not decouple.
  numerator_acum = dlr·⟨g, s/(√v_old + ε)⟩ (v and s BEFORE this step's update);
  m = β1·m + dlr(1−β1)·g (d and η live inside m); v = β2·v + (1−β2)·g² (no d, no bias
  correction); s = √β2·s + dlr(1−√β2)·g; sk_l1 = Σ|s|;
  numerator_weighted = √β2·numerator_weighted + (1−√β2)·numerator_acum;
  d_hat = numerator_weighted/((1−√β2)·sk_l1); d_{k+1} = max(d, min(d_hat, d·growth_rate)).
  If sk_l1 == 0: return before the update.
- x += x·(−wd·dlr) if decouple; x −= m/(√v_new + ε) (value −1: η and d are already in m).
  d_hat = 0 at k = 0 (s starts at 0), so d stays d0 after step 0.
- Checks: d0 > 0, lr > 0, eps > 0, 0 ≤ β < 1. Prints a line when decouple=true (silenced here).
"""

from __future__ import annotations

import contextlib
import copy
import io
import sys
from importlib.metadata import version
from typing import Any

import torch
from dadaptation import DAdaptAdam, DAdaptSGD
from golden_common import GOLDEN, NO_SCHEDULE, Optim, case, refusal, within_engine_bounds, write
from lion_pytorch import Lion
from prodigyopt import Prodigy
from schedulefree import AdamWScheduleFree, SGDScheduleFree

OUT = GOLDEN / "learned"
PACKAGES = {name: version(name) for name in ("lion-pytorch", "schedulefree", "prodigyopt", "dadaptation")}

# name -> (class, the package's defaults of the parameters lrtui exposes, tuples split as adam's betas)
CLASSES: dict[str, tuple[type, dict[str, Any]]] = {
    "lion": (Lion, {"beta1": 0.9, "beta2": 0.99, "weight_decay": 0.0}),
    "sf_sgd": (
        SGDScheduleFree,
        {"momentum": 0.9, "weight_decay": 0.0, "warmup_steps": 0, "r": 0.0, "weight_lr_power": 2.0},
    ),
    "sf_adamw": (
        AdamWScheduleFree,
        {
            "beta1": 0.9,
            "beta2": 0.999,
            "eps": 1e-8,
            "weight_decay": 0.0,
            "warmup_steps": 0,
            "r": 0.0,
            "weight_lr_power": 2.0,
        },
    ),
    "prodigy": (
        Prodigy,
        {
            "beta1": 0.9,
            "beta2": 0.999,
            "beta3": None,
            "eps": 1e-8,
            "weight_decay": 0.0,
            "decouple": True,
            "use_bias_correction": False,
            "safeguard_warmup": False,
            "d0": 1e-6,
            "d_coef": 1.0,
            "growth_rate": float("inf"),
        },
    ),
    "dadapt_sgd": (DAdaptSGD, {"momentum": 0.0, "weight_decay": 0.0, "d0": 1e-6, "growth_rate": float("inf")}),
    "dadapt_adam": (
        DAdaptAdam,
        {
            "beta1": 0.9,
            "beta2": 0.999,
            "eps": 1e-8,
            "weight_decay": 0.0,
            "d0": 1e-6,
            "growth_rate": float("inf"),
            "decouple": False,
            "use_bias_correction": False,
        },
    ),
}
INTS = {"warmup_steps"}


def torch_kwargs(text: str) -> tuple[type, dict[str, Any]]:
    """lrtui's ``name:key=value,...`` as the package's constructor arguments (only the keys given)."""
    name, _, rest = text.partition(":")
    cls, defaults = CLASSES[name]
    given: dict[str, Any] = {}
    for item in filter(None, rest.split(",")):
        key, _, raw = item.partition("=")
        assert key in defaults, (text, key)
        if raw in ("true", "false"):
            given[key] = raw == "true"
        elif key in INTS:
            given[key] = int(raw)
        else:
            given[key] = float(raw)
    kwargs: dict[str, Any] = {}
    if "beta1" in given or "beta2" in given:
        kwargs["betas"] = (given.pop("beta1", defaults["beta1"]), given.pop("beta2", defaults["beta2"]))
    kwargs.update(given)
    if cls in (SGDScheduleFree, AdamWScheduleFree):
        kwargs["foreach"] = False
    return cls, kwargs


def torch_text(cls: type, kwargs: dict[str, Any]) -> str:
    return f"{cls.__module__.split('.')[0]}.{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def quiet(make):
    """Prodigy and DAdaptAdam print a line when weight decay is decoupled; keep the script's output clean."""

    def wrapped(params, lr):
        with contextlib.redirect_stdout(io.StringIO()):
            return make(params, lr)

    return wrapped


# --- what each keeps, under the names lrtui shows ---------------------------------------------


def explain_lion(opt, p):
    return {"exp_avg": opt.state[p]["exp_avg"].tolist()}


def x_avg(opt, p) -> torch.Tensor:
    """The point eval mode reports, read from a deep copy (eval() then train() on the live optimizer
    would change y's last bits: lerp there and back does not round-trip)."""
    twin = copy.deepcopy(opt)
    twin.eval()
    seen = twin.param_groups[0]["params"][0].detach().clone()
    group = opt.param_groups[0]
    beta = group["momentum"] if "momentum" in group else group["betas"][0]
    same = p.detach().clone().lerp_(opt.state[p]["z"], 1 - 1 / beta)  # what eval() does, on a copy
    assert torch.equal(seen, same)
    return seen


def explain_sf_sgd(opt, p):
    return {"x_avg": x_avg(opt, p).tolist(), "z": opt.state[p]["z"].tolist()}


def explain_sf_adamw(opt, p):
    st = opt.state[p]
    return {"x_avg": x_avg(opt, p).tolist(), "z": st["z"].tolist(), "v": st["exp_avg_sq"].tolist()}


def sf_internals(opt, p):
    g = opt.param_groups[0]
    weight = ((g["k"]) ** g["r"]) * (g["lr_max"] ** g["weight_lr_power"])  # of the step just taken (k was k+1)
    return {"scheduled_lr": g["scheduled_lr"], "ckp1": weight / g["weight_sum"] if g["weight_sum"] else 0.0}


def explain_d(opt, p):
    return {"d": float(opt.param_groups[0]["d"])}


def prodigy_internals(opt, p):
    g = opt.param_groups[0]
    return {k: float(g[k]) for k in ("d_hat", "d_numerator", "d_denom")}


def dadapt_sgd_internals(opt, p):
    g = opt.param_groups[0]
    return {"numerator_weighted": float(g["numerator_weighted"])}


def dadapt_adam_internals(opt, p):
    return {"numerator_weighted": float(opt.param_groups[0]["numerator_weighted"])}


EXPLAIN = {
    "lion": (explain_lion, None),
    "sf_sgd": (explain_sf_sgd, sf_internals),
    "sf_adamw": (explain_sf_adamw, sf_internals),
    "prodigy": (explain_d, prodigy_internals),
    "dadapt_sgd": (explain_d, dadapt_sgd_internals),
    "dadapt_adam": (explain_d, dadapt_adam_internals),
}


def optim(text: str) -> Optim:
    cls, kwargs = torch_kwargs(text)
    name = text.partition(":")[0]
    explain, internals = EXPLAIN[name]
    sf = name.startswith("sf_")
    return Optim(
        text=text,
        torch_text=torch_text(cls, kwargs),
        make=quiet(lambda params, lr: cls(params, lr=lr, **kwargs)),
        explain=explain,
        internals=internals,
        prepare=(lambda o: o.train()) if sf else None,
    )


OPTIONS: dict[str, list[str]] = {
    "lion": ["lion", "lion:beta1=0.95,beta2=0.98", "lion:weight_decay=0.5"],
    "sf_sgd": [
        "sf_sgd",
        "sf_sgd:warmup_steps=10",
        "sf_sgd:momentum=0.5,r=1,weight_lr_power=0",
        "sf_sgd:weight_decay=0.1",
    ],
    "sf_adamw": ["sf_adamw", "sf_adamw:warmup_steps=10", "sf_adamw:beta1=0.5,r=2,weight_decay=0.1"],
    "prodigy": [
        "prodigy",
        "prodigy:use_bias_correction=true,safeguard_warmup=true",
        "prodigy:weight_decay=0.1",
        "prodigy:weight_decay=0.1,decouple=false",
        "prodigy:beta1=0,beta3=0.9",
        "prodigy:d0=1e-3,d_coef=0.5,growth_rate=1.5",
    ],
    "dadapt_sgd": [
        "dadapt_sgd",
        "dadapt_sgd:momentum=0.9",
        "dadapt_sgd:weight_decay=0.1",
        "dadapt_sgd:d0=1e-3,growth_rate=1.2",
    ],
    "dadapt_adam": [
        "dadapt_adam",
        "dadapt_adam:use_bias_correction=true",
        "dadapt_adam:weight_decay=0.1",
        "dadapt_adam:weight_decay=0.1,decouple=true",
        "dadapt_adam:d0=1e-4,growth_rate=1.1",
    ],
}
LRS: dict[str, dict[str, list[float]]] = {
    "lion": {"quad": [0.1, 0.3], "sinx": [0.05, 0.2], "bowl": [0.05, 0.2]},
    "sf_sgd": {"quad": [0.05, 0.3], "sinx": [0.02, 0.1], "bowl": [0.01, 0.05]},
    "sf_adamw": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2]},
    "prodigy": {"quad": [1.0, 0.5], "sinx": [1.0, 0.5], "bowl": [1.0, 0.5]},
    "dadapt_sgd": {"quad": [1.0, 0.5], "sinx": [1.0, 0.5], "bowl": [1.0, 0.5]},
    "dadapt_adam": {"quad": [1.0, 0.5], "sinx": [1.0, 0.5], "bowl": [1.0, 0.5]},
}
STEPS, OPTION_STEPS = 40, 30  # defaults, options


def slug(text: str) -> str:
    out = text.replace(":", "-").replace(",", "-").replace("=", "").replace(".", "p")
    return out.replace("weight_decay", "wd").replace("use_bias_correction", "bc").replace("safeguard_warmup", "sw")


def cases() -> list[dict[str, Any]]:
    out = []
    for fam, texts in OPTIONS.items():
        for i, text in enumerate(texts):
            fids = ("quad", "sinx", "bowl") if text == fam else (("bowl", "sinx")[i % 2],)
            steps = STEPS if text == fam else OPTION_STEPS
            for fid in fids:
                out.append(
                    case(
                        f"learn-opt-{slug(text)}-{fid}",
                        fid,
                        optim(text),
                        NO_SCHEDULE,
                        LRS[fam][fid],
                        steps,
                        versions=PACKAGES,
                    )
                )
    return out


def foreach_agrees() -> None:
    """The schedule-free packages default to foreach=True; on CPU it gives the very same bits."""
    for text in ("sf_sgd:weight_decay=0.1", "sf_adamw:beta1=0.5,r=2,weight_decay=0.1", "sf_adamw:warmup_steps=10"):
        runs = []
        for foreach in (False, True):
            cls, kwargs = torch_kwargs(text)
            kwargs["foreach"] = foreach
            p = torch.tensor([3.0, 1.0], requires_grad=True)
            opt = cls([p], lr=0.1, **kwargs)
            opt.train()
            for _ in range(20):
                opt.zero_grad()
                (p[0] ** 2 + 10 * torch.sin(p[1])).backward()
                opt.step()
            runs.append((p.detach().clone(), opt.state[p]["z"].clone()))
        assert all(torch.equal(a, b) for a, b in zip(*runs, strict=True)), text


def _build(text: str):
    cls, kwargs = torch_kwargs(text)
    with contextlib.redirect_stdout(io.StringIO()):
        return cls([torch.tensor([1.0], requires_grad=True)], lr=1.0, **kwargs)


REFUSALS = [
    ("prodigy:d0=0", "Prodigy(d0=0.0)", ""),
    ("prodigy:beta1=1", "Prodigy(betas=(1.0, 0.999))", ""),
    ("prodigy:beta2=1", "Prodigy(betas=(0.9, 1.0))", ""),
    ("prodigy:eps=0", "Prodigy(eps=0.0)", "eps must be > 0"),
    ("prodigy:growth_rate=0.5", "Prodigy(growth_rate=0.5)", "accepted by the package: d may then shrink"),
    ("prodigy:beta3=1.5", "Prodigy(beta3=1.5)", "accepted by the package: beta3 is never checked"),
    ("dadapt_sgd:d0=-1", "DAdaptSGD(d0=-1.0)", ""),
    (
        "dadapt_sgd:momentum=1",
        "DAdaptSGD(momentum=1.0)",
        "accepted by the package: momentum is never checked (ck = 1 − momentum = 0: x never moves)",
    ),
    (
        "dadapt_sgd:growth_rate=0.5",
        "DAdaptSGD(growth_rate=0.5)",
        "accepted by the package; d = max(d, min(d_hat, d·growth_rate)) never shrinks anyway",
    ),
    ("dadapt_adam:d0=0", "DAdaptAdam(d0=0.0)", ""),
    ("dadapt_adam:beta1=1", "DAdaptAdam(betas=(1.0, 0.999))", ""),
    ("dadapt_adam:eps=0", "DAdaptAdam(eps=0.0)", ""),
    ("lion:beta1=1.5", "Lion(betas=(1.5, 0.99))", "an assert (AssertionError, empty message): 0 ≤ beta ≤ 1"),
    ("lion:beta1=1", "Lion(betas=(1.0, 0.99))", "accepted by the package: beta = 1 passes its assert"),
    ("sf_sgd:momentum=0", "SGDScheduleFree(momentum=0.0)", "momentum must be in (0, 1)"),
    ("sf_sgd:momentum=1", "SGDScheduleFree(momentum=1.0)", ""),
    ("sf_sgd:weight_decay=-1", "SGDScheduleFree(weight_decay=-1.0)", ""),
    (
        "sf_adamw:beta1=0",
        "AdamWScheduleFree(betas=(0.0, 0.999))",
        "accepted by the constructor (it checks nothing), but eval() divides by beta1: ZeroDivisionError there",
    ),
    ("sf_adamw:beta1=1.5", "AdamWScheduleFree(betas=(1.5, 0.999))", "accepted by the package: nothing is checked"),
]


def refusals() -> dict[str, Any]:
    out = []
    for text, call, note in REFUSALS:
        entry: dict[str, Any] = {"optimizer": text, "torch_call": call}
        entry.update(refusal(lambda text=text: _build(text)))
        if note:
            entry["note"] = note
        out.append(entry)
    return {"name": "learn-refused", "torch": torch.__version__, "packages": PACKAGES, "cases": out}


def main() -> int:
    foreach_agrees()
    found = cases()
    bad = [c["name"] for c in found if not within_engine_bounds(c)]
    size = write(OUT, found + [refusals()], "learn-")
    print(f"{len(found)} cases + learn-refused.json, {size / 1e3:.0f} kB in {OUT}")
    if bad:
        print("outside the engine's divergence bounds:", ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
