"""Write tests/golden/catalogue/cat-*.json: torch 2.13's reference for issue 19, all in float64.

Run it with the torch venv (the project never depends on torch), from anywhere:

    /work/venvs/torch/bin/python scripts/make_golden_catalogue.py

It rewrites only ``tests/golden/catalogue/cat-*.json``; ``scripts/make_golden.py`` deletes
``tests/golden/*.json`` (top level only), so the new families live in their own folders.

Format
======

One JSON per case, the format of scripts/make_golden.py (the loader in tests/test_golden_torch.py
reads these files unchanged)::

    {"name", "torch", "function", "expression", "parameters", "x0", "optimizer" (lrtui text),
     "torch_optimizer", "schedule" (lrtui text), "torch_schedule", "lrs", "steps",
     "schedule_expansion" (recipes only: the composition lrtui's help writes),
     "records": [one per η: {"lr", "x": [x_0..x_N], "loss", "grad", "eta": [η_0..η_N],
                             "state": {name: [s_0..s_{N-1}]},
                             "momentum" | "beta1": [m_0..m_N]      (cycling schedules only),
                             "schedule_state": {name: [..N]}}]}     (plateau only)

- x_k, f(x_k), ∇f(x_k) (autograd) for k = 0..N; η_k = ``param_groups[0]["lr"]`` before step k
  (η_N is the lr after the last ``scheduler.step()``, never used, as in make_golden.py).
- ``momentum`` / ``beta1``: the value in ``param_groups[0]`` ("momentum" for SGD and RMSprop,
  ``betas[0]`` for the Adam family) that step k used, written by CyclicLR/OneCycleLR. Present
  only on the cases that cycle it (cycle_momentum=true).
- ``state``: the optimizer's state right after step k. Names: bias-corrected moments take the
  Adam convention's names (``m_hat = exp_avg/(1−β1^t)``, ``v_hat = exp_avg_sq/(1−β2^t)``,
  t = k + 1); every other entry keeps torch's own state name. A 0-d torch scalar is a number
  per step, a parameter-shaped tensor a list. The classic optimizers keep make_golden.py's
  names (``momentum_buffer``, ``sum``, ``square_avg``, ``grad_avg``, ``m_hat``, ``v_hat``,
  ``max_v_hat``) — a cycled plain ``sgd`` therefore gains ``momentum_buffer`` (see below).

  ==========  ==============================================================================
  adadelta    square_avg (E[g²]), acc_delta (E[Δx²])
  adamax      m_hat (exp_avg/(1−β1^t)), exp_inf (u_t, the infinity norm, not corrected)
  nadam       exp_avg (m_t, raw: NAdam mixes g and m with μ weights, there is no single m̂),
              v_hat (exp_avg_sq/(1−β2^t), what the step takes the root of),
              mu_product (scalar Π_{i≤t} μ_i)
  radam       m_hat, v_hat (as Adam)
  rprop       prev (the gradient remembered for the sign test, 0 where the sign flipped),
              step_size (per coordinate)
  asgd        ax (the average), eta (scalar: the η the NEXT step uses), mu (scalar: the
              averaging weight the NEXT step uses)
  ==========  ==============================================================================

- ``schedule_state`` (plateau): ReduceLROnPlateau's ``best``, ``num_bad_epochs`` and
  ``cooldown_counter`` after the k-th ``scheduler.step(f(x_k))``.
- ``cat-refused.json``: ``{"name", "torch", "cases": [{"optimizer", "schedule", "torch_call",
  "refused", "error_type", "error", "note", "torch_eta"}]}`` — what torch says about
  combinations lrtui must refuse; ``refused: false`` entries are things torch accepts (with the
  η_k it gives in ``torch_eta`` where it steps), listed because lrtui refuses some of them on its
  own (milestones not increasing, a negative lambda) or because torch's silence is a trap.

Everything is ``foreach=False`` (single-tensor code), ``torch.set_default_dtype(torch.float64)``;
the script asserts every state tensor (and torch's own 0-d ``step``/``mu_product``/``eta``/``mu``
scalars, which follow the default dtype) is float64, and that every run stays inside lrtui's
divergence bounds. 2-D functions use ONE parameter tensor of 2 elements, as lrtui has one x.

Cases
=====

- ``cat-opt-<spec>-<fn>``: each new optimizer with its defaults on quad, sinx, bowl (30 steps)
  and rosen (40 steps); each option on one function (alternately bowl and sinx), 30 steps;
  two η per case (see OPTIONS, LRS).
- ``cat-sched-<id>-<optimizer>-<fn>``: one schedule on one optimizer, two η, 25 steps (plateau 30);
  the list is SCHEDULE_CASES: constantlr; lambda (``0.95^k``, ``1/(1 + 0.1 k)``,
  ``min((k+1)/10, 1)``); multiplicative (``0.9``, ``1/(1 + 0.05 k)``, ``max(0.9, 1 - 0.01 k)``);
  plateau (patience, cooldown + min_lr, abs and rel thresholds, mode=max, eps); cyclic
  (triangular on sgd, momentum, nesterov, rmsprop, adam; triangular2 and exp_range with and
  without cycle_momentum); onecycle with torch's defaults on sgd, momentum, rmsprop, adam, adamw,
  nadam, and anneal_strategy=linear, three_phase=true, other momenta, cycle_momentum=false;
  schedules on rprop, asgd, adadelta, nadam, radam, adamax; SequentialLR (``then@``) with the
  hand-over cases below; ChainedScheduler (``and``) in both orders; the recipes warmup_cosine,
  wsd and inverse_sqrt. The lrtui text is turned into torch's scheduler by ``schedule()`` (a
  recipe through ``expand()``, issue 19's expansion), so the two texts cannot disagree.
- Formulas in k (lambda, multiplicative) are looked up in FORMULAS, each with the Python lambda
  torch's lr_lambda runs (k is torch's int last_epoch); the script evaluates no text.

torch's rules, as the fixtures show them (all checked by replaying the fixtures)
================================================================================

Optimizers (torch/optim/*.py, ``_single_tensor_*``; t = k + 1 is torch's step count)

- Adadelta: g += wd·x; v = ρv + (1−ρ)g²; Δ = √(u+ε)/√(v+ε)·g; u = ρu + (1−ρ)Δ²; x −= η·Δ.
  ε sits inside both roots; with torch's default η = 1 it barely moves for dozens of steps
  (the fixtures use η = 1 and 5–10).
- Adamax: m = lerp(m, g, 1−β1); u = max(β2·u, |g| + ε) (ε inside the max, not added to the
  denominator); x −= (η/(1−β1^t))·m/u.
- NAdam: μ_t = β1(1 − ½·0.96^(t·ψ)), μ_{t+1} likewise (ψ = momentum_decay); ``mu_product`` *= μ_t
  BEFORE the step, so the step uses Π_{i≤t}; m = lerp(m, g, 1−β1); v = β2v + (1−β2)g²;
  d = √(v/(1−β2^t)) + ε; x += (−η(1−μ_t)/(1−Π_t))·g/d, then x += (−η·μ_{t+1}/(1−Π_t·μ_{t+1}))·m/d
  (two separate addcdiv, in this order; Π_t·μ_{t+1} is not stored). Weight decay:
  decoupled_weight_decay=true → x *= 1 − η·wd first; else g += wd·x. A cycled β1 enters μ_t.
- RAdam: moments as Adam (m by lerp); ρ∞ = 2/(1−β2) − 1, ρ_t = ρ∞ − 2tβ2^t/(1−β2^t). If
  ρ_t > 5: x −= ((m̂·η)·(√(1−β2^t)/(√v_raw + ε)))·r_t with
  r_t = √((ρ_t−4)(ρ_t−2)ρ∞/((ρ∞−4)(ρ∞−2)ρ_t)); note ε is added to the root of the RAW
  exp_avg_sq, not of v̂. Otherwise x −= η·m̂ (no denominator at all: an SGD-with-momentum step
  on the raw gradient scale, which is why rosen needs η ≤ 0.003). With β2 = 0.999 and 0.9 the
  first rectified step is t = 6 (k = 5). decoupled_weight_decay as NAdam.
- Rprop: the step size is per coordinate, initialised to the group's lr AT THE FIRST STEP and
  never read from lr again: a schedule changes η_k and nothing else (cat-sched-exponential-rprop:
  the trajectory equals the constant-η one). s = sign(g·prev); factor = etaplus if s>0,
  etaminus if s<0, 1 if 0; step_size = clamp(step_size·factor, step_min, step_max) — the clamp
  also applies at step 1, so η > step_max is cut at once; where the factor is etaminus the
  gradient is zeroed (no move, and prev = 0 makes the next factor 1); x −= sign(g)·step_size;
  prev = g (zeroed). A gradient of exactly 0 does not move (bowl at η = 1 lands on 0 exactly).
- ASGD: x *= 1 − λ·η_s; x −= η_s·g (g += wd·x first); ax = x if μ == 1 else ax + μ(x − ax);
  then η_s = lr/(1 + λ·lr·t)^α and μ = 1/max(1, t − t0) for the NEXT step. η_s starts as the
  group lr at the first step, so a schedule reaches ASGD one step late (step k uses η_{k−1}'s
  formula; cat-sched-exponential-asgd). With t0 = 5: μ = 1 up to t = 6, ax = x for the first 7
  steps, averaging from step t = 8 (k = 7); with torch's t0 = 1e6 ax is just x. torch checks
  only lr ≥ 0 and weight_decay ≥ 0 (lambd, alpha, t0 are never checked).
- Adam's m uses ``lerp_`` (torch's lerp: w < 0.5 → a + w(b−a), else b − (b−a)(1−w)), and so do
  Adamax, NAdam, RAdam; v uses mul_/addcmul_.

Schedules (torch/optim/lr_scheduler.py)

- LambdaLR: η_k = η·f(k), f applied at construction too: η_0 = η·f(0) (``min((k+1)/10, 1)``
  starts at η/10). k is torch's int last_epoch.
- MultiplicativeLR: η_0 = η (f(0) is NOT applied at construction); η_k = η_{k−1}·f(k).
- ConstantLR: η·factor for k < total_iters, then η (chainable: ×(1/factor) at total_iters,
  so factor = 0 divides by zero there; torch accepts factor = 0 and fails at that step).
- ReduceLROnPlateau: the metric of step k is f(x_k), the loss whose gradient step k used
  (``scheduler.step(loss_k)`` after ``optimizer.step()``); η_{k+1} follows from f(x_0..x_k).
  better(a) = a < best·(1 − threshold) (min, rel), a < best − threshold (min, abs),
  a > best·(1 + threshold) (max, rel), a > best + threshold (max, abs); best starts at ±inf.
  If better: best = a, bad = 0, else bad += 1. Then if cooldown_counter > 0: counter −= 1 and
  bad = 0 (bad steps in cooldown are ignored, but best still updates). Then if bad > patience
  (patience + 1 bad steps in a row): new = max(η·factor, min_lr), applied only if
  η − new > eps; counter = cooldown; bad = 0. In rel mode a negative best makes
  best·(1 − threshold) LESS strict than best (−8·0.9999 = −7.9992). torch refuses only
  factor ≥ 1 (0 and negative factors are accepted). SequentialLR and ChainedScheduler refuse
  a ReduceLROnPlateau inside them.
- CyclicLR: base_lr = the run's η (written into the group at construction), cycle = ⌊1 +
  k/(up+down)⌋, x = 1 + k/(up+down) − cycle, s = x/r if x ≤ r else (x−1)/(r−1), r = up/(up+down);
  η_k = base + (max_lr − base)·s·scale, scale = 1 (triangular), 1/2^(cycle−1) (triangular2),
  γ^k (exp_range, by iteration). With cycle_momentum (default true): momentum_k = max_m −
  (max_m − base_m)·s·scale, written to ``group["momentum"]`` (SGD, RMSprop) or ``betas[0]``
  (the Adam family, incl. Adamax/NAdam/RAdam) BEFORE every step, from step 0 (= max_m). It
  REPLACES the optimizer's own momentum/β1, and optimizers with neither (Adagrad, Adadelta,
  Rprop, ASGD) are refused ("optimizer must support momentum or beta1 with `cycle_momentum`
  option enabled"). Replayed bit for bit by these closed forms.
- Plain SGD (momentum = 0) under cycle_momentum: torch writes the cycled value into
  ``group["momentum"]``, and SGD reads it every step, so plain SGD BECOMES heavy-ball SGD:
  the buffer is created at step 0 as a copy of g (so step 0 is a plain step), then
  buf = μ_k·buf + g. RMSprop with momentum = 0 likewise gets its momentum_buffer (created at
  its lazy init because momentum > 0 then). The fixtures' state shows ``momentum_buffer``.
- OneCycleLR (max_lr = the run's η, total_steps = steps + 1, torch's defaults
  cycle_momentum=True, base_momentum=0.85, max_momentum=0.95): initial_lr = max_lr/div_factor
  is OVERWRITTEN in the group, min_lr = initial_lr/final_div_factor. Phases (end_step, lr from→to,
  momentum from→to): [pct·T − 1: initial→max, max_m→base_m], [T − 1: max→min, base_m→max_m];
  three_phase: [pct·T − 1: initial→max, max_m→base_m], [2·pct·T − 2: max→initial,
  base_m→max_m], [T − 1: initial→min, max_m→max_m]; pct = (k − start)/(end − start), cos:
  end + (start − end)/2·(cos(π·pct) + 1), linear: (end − start)·pct + start. Momentum is cycled
  with the same anneal function as the lr, starting at max_momentum at step 0, into the same
  places as CyclicLR (plain SGD becomes momentum SGD: cat-sched-onecycle-sgd-quad). Raises past
  total_steps.
- SequentialLR([A, B, C], milestones=[N, M]): construction builds A, B, C (each doing its own
  initial step on the group's lr), then resets lr to initial_lr, decrements every child's
  last_epoch ("undo") and re-runs only A's initial step: η_0 is A's. At step k (after the k-th
  step() call), i = bisect_right(milestones, k); if k equals milestones[i−1] (the hand-over
  step) the child is set with ``_update_lr(0)``: its CLOSED FORM at epoch 0 from its base_lrs
  (= the original η), not from the current lr — so ``exponential then@6 exponential`` jumps
  back to η at k = 6, ``linear then@W cosine`` gives cosine's η at 0 = η, StepLR/ConstantLR/
  LinearLR give their epoch-0 values; a child without a closed form uses get_lr(): LambdaLR
  gives η·f(0), MultiplicativeLR gives the CURRENT lr·f(0) (η_15 = η_14·f(0) in
  cat-sched-seq-three). Otherwise the child steps chainably from the current lr. Milestones are
  never checked for order (cat-refused.json shows what torch does with [10, 5]).
- ChainedScheduler([A, B]): no initial step of its own; η_0 is what A's then B's constructors
  left. Each step() calls A.step() then B.step() on the same group lr. Chainable children
  multiply (ConstantLR·Exponential); a closed-form child (LambdaLR, OneCycle, Cyclic)
  overwrites whatever ran before it: ``lambda and exponential`` gives η·f(k)·γ (ONE γ, from
  the last step only), ``exponential and lambda`` gives η·f(k) (γ lost).
- Recipes: warmup_cosine, wsd and inverse_sqrt are built with exactly the SequentialLR /
  LambdaLR of their expansion (``schedule_expansion``). wsd's decay ends at end_factor·η at
  step W+S+D and stays there (LinearLR with end_factor = 0 reaches exactly 0).
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from typing import Any

import torch
from golden_common import (
    GOLDEN,
    NO_SCHEDULE,
    Optim,
    Sched,
    case,
    refusal,
    within_engine_bounds,
    write,
)
from make_golden import explained as classic_explained  # the names lrtui gives sgd/rmsprop/adagrad/adam

O = torch.optim  # noqa: E741 - the optimizers' namespace, as torch docs write it
S = torch.optim.lr_scheduler
OUT = GOLDEN / "catalogue"

# ---------------------------------------------------------------------------------------------
# optimizers: lrtui text -> torch constructor, one table, tuples split the way adam's betas are
# ---------------------------------------------------------------------------------------------

TUPLES = {  # torch tuple -> (lrtui keys, torch defaults)
    "betas": (("beta1", "beta2"), (0.9, 0.999)),
    "etas": (("etaminus", "etaplus"), (0.5, 1.2)),
    "step_sizes": (("step_min", "step_max"), (1e-6, 50.0)),
}
CLASSES: dict[str, tuple[type[torch.optim.Optimizer], dict[str, Any]]] = {
    "sgd": (O.SGD, {}),
    "momentum": (O.SGD, {"momentum": 0.9}),
    "nesterov": (O.SGD, {"momentum": 0.9, "nesterov": True}),
    "rmsprop": (O.RMSprop, {}),
    "adagrad": (O.Adagrad, {}),
    "adam": (O.Adam, {}),
    "adamw": (O.AdamW, {}),
    "adadelta": (O.Adadelta, {}),
    "adamax": (O.Adamax, {}),
    "nadam": (O.NAdam, {}),
    "radam": (O.RAdam, {}),
    "rprop": (O.Rprop, {}),
    "asgd": (O.ASGD, {}),
}


def torch_kwargs(text: str) -> tuple[type[torch.optim.Optimizer], dict[str, Any]]:
    """lrtui's ``name:key=value,...`` as torch's constructor arguments (the fixtures' own texts only)."""
    name, _, rest = text.partition(":")
    cls, fixed = CLASSES[name]
    kwargs: dict[str, Any] = dict(fixed)
    given: dict[str, Any] = {}
    for item in filter(None, rest.split(",")):
        key, _, raw = item.partition("=")
        given[key] = raw == "true" if raw in ("true", "false") else float(raw)
    for tup, (keys, defaults) in TUPLES.items():
        if any(k in given for k in keys):
            kwargs[tup] = tuple(given.pop(k, d) for k, d in zip(keys, defaults, strict=True))
    kwargs.update(given)
    return cls, kwargs


def torch_text(cls: type, kwargs: dict[str, Any]) -> str:
    return f"{cls.__name__}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())})"


def bias(group: dict[str, Any], t: float) -> tuple[float, float]:
    beta1, beta2 = group["betas"]
    return 1 - beta1**t, 1 - beta2**t


def explain_adadelta(opt, p):
    st = opt.state[p]
    return {"square_avg": st["square_avg"].tolist(), "acc_delta": st["acc_delta"].tolist()}


def explain_adamax(opt, p):
    st = opt.state[p]
    bc1, _ = bias(opt.param_groups[0], st["step"].item())
    return {"m_hat": (st["exp_avg"] / bc1).tolist(), "exp_inf": st["exp_inf"].tolist()}


def explain_nadam(opt, p):
    st = opt.state[p]
    _, bc2 = bias(opt.param_groups[0], st["step"].item())
    return {
        "exp_avg": st["exp_avg"].tolist(),
        "v_hat": (st["exp_avg_sq"] / bc2).tolist(),
        "mu_product": st["mu_product"].item(),
    }


def explain_radam(opt, p):
    st = opt.state[p]
    bc1, bc2 = bias(opt.param_groups[0], st["step"].item())
    return {"m_hat": (st["exp_avg"] / bc1).tolist(), "v_hat": (st["exp_avg_sq"] / bc2).tolist()}


def explain_rprop(opt, p):
    st = opt.state[p]
    return {"prev": st["prev"].tolist(), "step_size": st["step_size"].tolist()}


def explain_asgd(opt, p):
    st = opt.state[p]
    return {"ax": st["ax"].tolist(), "eta": st["eta"].item(), "mu": st["mu"].item()}


EXPLAIN = {
    "adadelta": explain_adadelta,
    "adamax": explain_adamax,
    "nadam": explain_nadam,
    "radam": explain_radam,
    "rprop": explain_rprop,
    "asgd": explain_asgd,
}


def optim(text: str) -> Optim:
    cls, kwargs = torch_kwargs(text)
    name = text.partition(":")[0]
    return Optim(
        text=text,
        torch_text=torch_text(cls, kwargs),
        make=lambda params, lr: cls(params, lr=lr, foreach=False, **kwargs),
        explain=EXPLAIN.get(name, classic_explained),
    )


# every new optimizer: defaults and options; lrs per function (stable, and each run doing something)
OPTIONS: dict[str, list[str]] = {
    "adadelta": ["adadelta", "adadelta:rho=0.5,eps=1e-3", "adadelta:weight_decay=0.1"],
    "adamax": ["adamax", "adamax:beta1=0.5,beta2=0.9,eps=1e-4", "adamax:weight_decay=0.05"],
    "nadam": [
        "nadam",
        "nadam:beta1=0.8,momentum_decay=0.01",
        "nadam:weight_decay=0.05",
        "nadam:weight_decay=0.1,decoupled_weight_decay=true",
    ],
    "radam": [
        "radam",
        "radam:beta1=0.5,beta2=0.9",
        "radam:weight_decay=0.05",
        "radam:weight_decay=0.1,decoupled_weight_decay=true",
    ],
    "rprop": ["rprop", "rprop:etaminus=0.3,etaplus=1.5", "rprop:step_min=0.01,step_max=0.5"],
    "asgd": ["asgd", "asgd:t0=5", "asgd:lambd=0.01,alpha=0.5,t0=3", "asgd:weight_decay=0.1"],
}
LRS: dict[str, dict[str, list[float]]] = {
    "adadelta": {"quad": [1.0, 10.0], "sinx": [1.0, 5.0], "bowl": [1.0, 5.0], "rosen": [1.0, 5.0]},
    "adamax": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2], "rosen": [0.01, 0.05]},
    "nadam": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2], "rosen": [0.01, 0.05]},
    "radam": {"quad": [0.1, 0.5], "sinx": [0.05, 0.3], "bowl": [0.05, 0.2], "rosen": [0.001, 0.003]},
    "rprop": {"quad": [0.1, 1.0], "sinx": [0.01, 0.5], "bowl": [0.05, 1.0], "rosen": [0.001, 0.01]},
    "asgd": {"quad": [0.05, 0.3], "sinx": [0.02, 0.1], "bowl": [0.01, 0.05], "rosen": [0.0005, 0.001]},
}
STEPS, ROSEN_STEPS = 30, 40


def slug(text: str) -> str:
    out = text.replace(":", "-").replace(",", "-").replace("=", "").replace(".", "p")
    return out.replace("decoupled_weight_decay", "dwd").replace("weight_decay", "wd")


def optimizer_cases() -> list[dict[str, Any]]:
    cases = []
    for fam, texts in OPTIONS.items():
        for i, text in enumerate(texts):
            # defaults on all four functions; each option on one, alternating 2-D bowl and 1-D sinx
            fids = ("quad", "sinx", "bowl", "rosen") if text == fam else (("bowl", "sinx")[i % 2],)
            for fid in fids:
                steps = ROSEN_STEPS if fid == "rosen" else STEPS
                cases.append(case(f"cat-opt-{slug(text)}-{fid}", fid, optim(text), NO_SCHEDULE, LRS[fam][fid], steps))
    return cases


# ---------------------------------------------------------------------------------------------
# schedules
# ---------------------------------------------------------------------------------------------


def plateau_state(s) -> dict[str, Any]:
    return {"best": s.best, "num_bad_epochs": s.num_bad_epochs, "cooldown_counter": s.cooldown_counter}


# lrtui's schedule text -> torch's scheduler. Formulas in k (lambda, multiplicative) are only the fixtures'
# own, each with the Python torch's lr_lambda runs (nothing is evaluated from text).
FORMULAS: dict[str, tuple[str, Callable[[int], float]]] = {
    "0.95^k": ("0.95**k", lambda k: 0.95**k),
    "1/(1 + 0.1 k)": ("1 / (1 + 0.1 * k)", lambda k: 1 / (1 + 0.1 * k)),
    "min((k+1)/10, 1)": ("min((k + 1) / 10, 1)", lambda k: min((k + 1) / 10, 1)),
    "0.5^k": ("0.5**k", lambda k: 0.5**k),
    "0.9": ("0.9", lambda k: 0.9),
    "0.97": ("0.97", lambda k: 0.97),
    "1/(1 + 0.05 k)": ("1 / (1 + 0.05 * k)", lambda k: 1 / (1 + 0.05 * k)),
    "max(0.9, 1 - 0.01 k)": ("max(0.9, 1 - 0.01 * k)", lambda k: max(0.9, 1 - 0.01 * k)),
    "1 - 0.1 k": ("1 - 0.1 * k", lambda k: 1 - 0.1 * k),
    # inverse_sqrt's expansion, for the warm-ups the fixtures use
    "min((k+1)/5, sqrt(5/(k+1)))": (
        "min((k + 1) / 5, math.sqrt(5 / (k + 1)))",
        lambda k: min((k + 1) / 5, math.sqrt(5 / (k + 1))),
    ),
}

SCHEDULES: dict[str, type] = {
    "constantlr": S.ConstantLR,
    "linear": S.LinearLR,
    "cosine": S.CosineAnnealingLR,
    "exponential": S.ExponentialLR,
    "step": S.StepLR,
    "lambda": S.LambdaLR,
    "multiplicative": S.MultiplicativeLR,
    "plateau": S.ReduceLROnPlateau,
    "cyclic": S.CyclicLR,
    "onecycle": S.OneCycleLR,
}
RENAMED = {"t_max": "T_max"}  # every other key is torch's own name
INTS = {"total_iters", "t_max", "step_size", "step_size_up", "step_size_down", "total_steps", "patience", "cooldown"}
WORDS = {"mode", "threshold_mode", "anneal_strategy"}


def expand(text: str) -> str:
    """A recipe written out as issue 19 defines it; other text unchanged."""
    name, _, rest = text.partition(":")
    if name not in ("warmup_cosine", "wsd", "inverse_sqrt"):
        return text
    kw = dict(item.split("=", 1) for item in filter(None, rest.split(",")))
    if name == "warmup_cosine":
        w, t, sf, em = kw["warmup"], kw["t_max"], kw.get("start_factor", "0.01"), kw.get("eta_min", "0")
        return f"linear:start_factor={sf},end_factor=1,total_iters={w} then@{w} cosine:t_max={t},eta_min={em}"
    if name == "wsd":
        w, st, d = int(kw["warmup"]), int(kw["stable"]), kw["decay"]
        sf, ef = kw.get("start_factor", "0.01"), kw.get("end_factor", "0")
        return (
            f"linear:start_factor={sf},total_iters={w} then@{w} constantlr:factor=1,total_iters={st} "
            f"then@{w + st} linear:start_factor=1,end_factor={ef},total_iters={d}"
        )
    if name == "inverse_sqrt":
        w = kw["warmup"]
        return f"lambda:f=min((k+1)/{w}, sqrt({w}/(k+1)))"
    raise AssertionError(name)


def one(text: str) -> tuple[str, Callable[[torch.optim.Optimizer, float, int], Any]]:
    """One schedule spec -> (torch text, factory(optimizer, lr, steps))."""
    name, _, rest = text.partition(":")
    cls = SCHEDULES[name]
    kwargs: dict[str, Any] = {}
    shown: list[str] = []
    if name in ("lambda", "multiplicative"):
        assert rest.startswith("f="), text  # f= is the last key and runs to the end, commas included
        python, fn = FORMULAS[rest[2:]]
        kwargs["lr_lambda"] = fn
        shown.append(f"lr_lambda=lambda k: {python}")
        rest = ""
    for item in filter(None, rest.split(",")):
        key, _, raw = item.partition("=")
        value: Any
        if key in WORDS:
            value = raw
        elif raw in ("true", "false"):
            value = raw == "true"
        elif key in INTS:
            value = int(raw)
        else:
            value = float(raw)
        kwargs[RENAMED.get(key, key)] = value
    shown += [f"{k}={v!r}" for k, v in kwargs.items() if k != "lr_lambda"]
    lead = {"cyclic": ["base_lr=lr"], "onecycle": []}.get(name, [])
    if name == "onecycle":
        lead = [] if "max_lr" in kwargs else ["max_lr=lr"]
        lead += [] if "total_steps" in kwargs else ["total_steps=steps+1"]
    shown = lead + shown
    torch_call = f"{cls.__name__}({', '.join(shown)})"

    def make(o: torch.optim.Optimizer, lr: float, steps: int) -> Any:
        if name == "cyclic":
            return cls(o, base_lr=lr, **kwargs)
        if name == "onecycle":
            return cls(o, **{"max_lr": lr, "total_steps": steps + 1, **kwargs})
        return cls(o, **kwargs)

    return torch_call, make


def schedule(text: str) -> Sched:
    """lrtui's schedule text (recipes, ``A then@N B [then@M C]``, ``A and B``) -> the torch scheduler."""
    full = expand(text)
    expansion = full if full != text else None
    if " then@" in full:
        pieces = re.split(r" then@(\d+) ", full)
        parts, milestones = [one(t) for t in pieces[::2]], [int(m) for m in pieces[1::2]]
        torch_call = f"SequentialLR([{', '.join(t for t, _ in parts)}], milestones={milestones})"

        def make(o, lr, n, parts=parts, milestones=milestones):
            return S.SequentialLR(o, [m(o, lr, n) for _, m in parts], milestones)

        return Sched(text, torch_call, make, expansion=expansion)
    if " and " in full:
        parts = [one(t) for t in full.split(" and ")]
        torch_call = f"ChainedScheduler([{', '.join(t for t, _ in parts)}])"
        return Sched(text, torch_call, lambda o, lr, n: S.ChainedScheduler([m(o, lr, n) for _, m in parts]))
    torch_call, make = one(full)
    if full.partition(":")[0] == "plateau":
        return Sched(text, torch_call + "; scheduler.step(f(x_k)) after optimizer.step()", make, loss=True)
    return Sched(text, torch_call, make, expansion=expansion)


# (case id, schedule, optimizer, function, lrs); 25 steps unless the id is in LONGER
ONECYCLE_MOMS = "onecycle:pct_start=0.2,base_momentum=0.5,max_momentum=0.8,div_factor=10"
CYCLIC_TRI = "cyclic:max_lr=0.3,step_size_up=4"
CYCLIC_EXP = "cyclic:max_lr=0.2,step_size_up=3,mode=exp_range,gamma=0.9,base_momentum=0.5,max_momentum=0.7"
THREE = "constantlr:factor=0.5,total_iters=3 then@4 step:step_size=5,gamma=0.5 then@15 multiplicative:f=0.9"
SCHEDULE_CASES: list[tuple[str, str, str, str, list[float]]] = [
    ("constantlr", "constantlr", "sgd", "quad", [0.05, 0.3]),
    ("constantlr-f0p5-t10", "constantlr:factor=0.5,total_iters=10", "adam", "sinx", [0.05, 0.3]),
    # LambdaLR: η·f(k); MultiplicativeLR: η_{k−1}·f(k)
    ("lambda1", "lambda:f=0.95^k", "sgd", "quad", [0.05, 0.3]),
    ("lambda2", "lambda:f=1/(1 + 0.1 k)", "adam", "sinx", [0.05, 0.3]),
    ("lambda3", "lambda:f=min((k+1)/10, 1)", "momentum", "bowl", [0.01, 0.05]),
    ("multiplicative1", "multiplicative:f=0.9", "sgd", "quad", [0.05, 0.3]),
    ("multiplicative2", "multiplicative:f=1/(1 + 0.05 k)", "sgd", "quad", [0.05, 0.3]),
    ("multiplicative3", "multiplicative:f=max(0.9, 1 - 0.01 k)", "sgd", "quad", [0.05, 0.3]),
    # ReduceLROnPlateau: the metric of step k is f(x_k), the loss whose gradient the step just used
    ("plateau-p2", "plateau:patience=2", "sgd", "sinx", [0.2, 0.3]),
    ("plateau-p2", "plateau:patience=2", "adam", "quad", [0.5, 1.0]),
    ("plateau-cooldown", "plateau:factor=0.5,patience=1,cooldown=2,min_lr=0.02", "sgd", "sinx", [0.2, 0.3]),
    ("plateau-abs", "plateau:factor=0.5,patience=1,threshold=0.05,threshold_mode=abs", "adam", "bowl", [0.2, 0.5]),
    ("plateau-rel", "plateau:factor=0.3,patience=1,threshold=0.05", "momentum", "quad", [0.05, 0.3]),
    ("plateau-max", "plateau:mode=max,factor=0.5,patience=3", "sgd", "quad", [0.05, 0.3]),
    ("plateau-eps", "plateau:factor=0.5,patience=1,eps=0.05", "sgd", "sinx", [0.2, 0.3]),
    # CyclicLR: base_lr is the run's η; cycle_momentum (the default) on plain SGD makes it heavy-ball SGD
    ("cyclic-tri", CYCLIC_TRI, "sgd", "quad", [0.01, 0.05]),
    ("cyclic-tri", CYCLIC_TRI, "momentum", "sinx", [0.01, 0.05]),
    ("cyclic-tri", CYCLIC_TRI, "nesterov", "quad", [0.01, 0.05]),
    ("cyclic-tri", CYCLIC_TRI, "rmsprop", "bowl", [0.01, 0.05]),
    ("cyclic-tri", CYCLIC_TRI, "adam", "bowl", [0.01, 0.05]),
    (
        "cyclic-tri2-nomom",
        "cyclic:max_lr=0.3,step_size_up=3,step_size_down=5,mode=triangular2,cycle_momentum=false",
        "sgd",
        "quad",
        [0.01, 0.05],
    ),
    (
        "cyclic-tri2",
        "cyclic:max_lr=0.15,step_size_up=3,step_size_down=5,mode=triangular2",
        "momentum",
        "bowl",
        [0.005, 0.02],
    ),
    ("cyclic-exp", CYCLIC_EXP, "momentum", "sinx", [0.01, 0.05]),
    ("cyclic-exp", CYCLIC_EXP, "adam", "quad", [0.01, 0.05]),
    (
        "cyclic-exp-nomom",
        "cyclic:max_lr=0.2,step_size_up=2,mode=exp_range,gamma=0.95,cycle_momentum=false",
        "adagrad",
        "sinx",
        [0.1, 0.5],
    ),
    # OneCycleLR with torch's defaults: max_lr = the run's η, total_steps = steps + 1, momentum cycled
    ("onecycle", "onecycle", "sgd", "quad", [0.05, 0.3]),
    ("onecycle", "onecycle", "momentum", "sinx", [0.02, 0.1]),
    ("onecycle", "onecycle", "rmsprop", "quad", [0.01, 0.1]),
    ("onecycle", "onecycle", "adam", "bowl", [0.05, 0.2]),
    ("onecycle", "onecycle", "adamw", "sinx", [0.05, 0.3]),
    ("onecycle", "onecycle", "nadam", "quad", [0.1, 0.5]),
    ("onecycle-linear", "onecycle:anneal_strategy=linear", "momentum", "quad", [0.05, 0.3]),
    ("onecycle-3phase", "onecycle:three_phase=true", "adam", "sinx", [0.05, 0.3]),
    ("onecycle-3phase", "onecycle:three_phase=true", "sgd", "bowl", [0.01, 0.05]),
    ("onecycle-moms", ONECYCLE_MOMS, "momentum", "bowl", [0.01, 0.05]),
    ("onecycle-nomom", "onecycle:cycle_momentum=false", "adagrad", "quad", [0.5, 2.0]),
    # schedules on optimizers that use η their own way: Rprop reads it once, ASGD one step late
    ("exponential", "exponential:gamma=0.8", "rprop", "sinx", [0.01, 0.5]),
    ("exponential", "exponential:gamma=0.8", "asgd", "quad", [0.05, 0.3]),
    ("linear", "linear:start_factor=0.1,total_iters=10", "adadelta", "bowl", [1.0, 5.0]),
    ("cosine", "cosine:t_max=20", "nadam", "sinx", [0.05, 0.3]),
    ("cosine", "cosine:t_max=20", "radam", "bowl", [0.05, 0.2]),
    ("step", "step:step_size=5,gamma=0.5", "adamax", "quad", [0.1, 0.5]),
    # SequentialLR: the hand-over at each milestone
    ("seq-linear-cosine", "linear:start_factor=0.1,total_iters=5 then@5 cosine:t_max=20", "sgd", "quad", [0.05, 0.3]),
    ("seq-exp-exp", "exponential:gamma=0.9 then@6 exponential:gamma=0.8", "sgd", "quad", [0.05, 0.3]),
    ("seq-three", THREE, "momentum", "sinx", [0.02, 0.1]),
    ("seq-exp-lambda", "exponential:gamma=0.9 then@5 lambda:f=0.5^k", "sgd", "bowl", [0.01, 0.05]),
    ("seq-cosine-linear", "cosine:t_max=20 then@8 linear:start_factor=0.1,total_iters=5", "adam", "quad", [0.1, 0.5]),
    # ChainedScheduler: A.step() then B.step() on the same lr, every step
    ("chain-const-exp", "constantlr:factor=0.1,total_iters=2 and exponential:gamma=0.9", "sgd", "quad", [0.05, 0.3]),
    ("chain-lambda-exp", "lambda:f=0.95^k and exponential:gamma=0.9", "sgd", "quad", [0.05, 0.3]),
    ("chain-exp-lambda", "exponential:gamma=0.9 and lambda:f=0.95^k", "sgd", "quad", [0.05, 0.3]),
    ("chain-linear-cosine", "linear:start_factor=0.2,total_iters=5 and cosine:t_max=15", "adam", "sinx", [0.05, 0.3]),
    ("chain-step-mult", "step:step_size=5,gamma=0.5 and multiplicative:f=0.97", "momentum", "bowl", [0.01, 0.05]),
    # recipes, each exactly its expansion
    ("warmup_cosine", "warmup_cosine:warmup=5,t_max=20", "sgd", "quad", [0.05, 0.3]),
    ("warmup_cosine", "warmup_cosine:warmup=5,t_max=20", "adam", "sinx", [0.05, 0.3]),
    (
        "warmup_cosine-em",
        "warmup_cosine:warmup=4,t_max=15,start_factor=0.1,eta_min=0.001",
        "momentum",
        "bowl",
        [0.01, 0.05],
    ),
    ("wsd", "wsd:warmup=4,stable=8,decay=8", "sgd", "sinx", [0.02, 0.1]),
    ("wsd", "wsd:warmup=4,stable=8,decay=8", "adam", "bowl", [0.05, 0.2]),
    ("wsd-ef", "wsd:warmup=3,stable=5,decay=10,start_factor=0.2,end_factor=0.1", "momentum", "quad", [0.05, 0.3]),
    ("inverse_sqrt", "inverse_sqrt:warmup=5", "sgd", "quad", [0.05, 0.3]),
]
STEPS_SCHEDULE, STEPS_PLATEAU = 25, 30


def schedule_cases() -> list[dict[str, Any]]:
    cases = []
    for cid, text, opt_text, fid, lrs in SCHEDULE_CASES:
        s = schedule(text)
        options: dict[str, Any] = {}
        if s.loss:
            options["schedule_state"] = plateau_state
        name = text.partition(":")[0]
        if name in ("cyclic", "onecycle") and "cycle_momentum=false" not in text:
            options["track_momentum"] = True
        steps = STEPS_PLATEAU if s.loss else STEPS_SCHEDULE
        cases.append(
            case(f"cat-sched-{cid}-{opt_text.partition(':')[0]}-{fid}", fid, optim(opt_text), s, lrs, steps, **options)
        )
    return cases


# ---------------------------------------------------------------------------------------------
# what torch refuses (and a few things it accepts that lrtui may refuse on its own)
# ---------------------------------------------------------------------------------------------


def _opt(text: str, p: torch.Tensor | None = None) -> torch.optim.Optimizer:
    cls, kwargs = torch_kwargs(text)
    p = torch.zeros(1, requires_grad=True) if p is None else p
    return cls([p], lr=0.1, foreach=False, **kwargs)


def _run(opt_text: str, sched_text: str, steps: int = 12) -> list[float]:
    """Build the optimizer and the schedule (η = 0.1, 12 steps of x²) and step both; the η_k torch gives."""
    p = torch.tensor([1.0], requires_grad=True)
    opt = _opt(opt_text, p)
    s = schedule(sched_text)
    assert s.make is not None
    sch = s.make(opt, 0.1, 30)
    etas = [opt.param_groups[0]["lr"]]
    for _ in range(steps):
        opt.zero_grad()
        loss = (p**2).sum()
        loss.backward()
        opt.step()
        sch.step(loss.item()) if s.loss else sch.step()
        etas.append(opt.param_groups[0]["lr"])
    return etas


# (optimizer, schedule or None, note); the torch call is what optim()/schedule() build from the text
REFUSALS: list[tuple[str, str | None, str]] = [
    (
        "adagrad",
        "cyclic:max_lr=0.3",
        "cycle_momentum (default true) needs momentum or betas; hint cycle_momentum=false",
    ),
    ("adagrad", "onecycle", "as CyclicLR; hint cycle_momentum=false"),
    ("adadelta", "onecycle", "Adadelta has rho, not momentum"),
    ("rprop", "onecycle", ""),
    ("asgd", "cyclic:max_lr=0.3", ""),
    ("adagrad", "onecycle:cycle_momentum=false", "accepted: the hint works"),
    ("adamax", "cyclic:max_lr=0.3", "accepted: every optimizer with betas gets beta1 cycled"),
    ("rprop:etaminus=1", None, "needs 0 < etaminus < 1 < etaplus"),
    ("rprop:etaminus=0", None, ""),
    ("rprop:etaplus=1", None, ""),
    (
        "rprop:step_min=1,step_max=0.5",
        None,
        "accepted (step_sizes is never checked); clamp_(min, max), min > max → max",
    ),
    ("adadelta:rho=1.5", None, "rho must be in [0, 1] (1 accepted)"),
    ("adamax:beta1=1", None, "betas in [0, 1)"),
    ("nadam:beta2=1", None, ""),
    ("nadam:momentum_decay=-0.1", None, ""),
    ("radam:eps=-1", None, ""),
    ("radam:weight_decay=-0.1", None, ""),
    ("asgd:weight_decay=-0.1", None, ""),
    ("asgd:lambd=-1,alpha=-2,t0=-5", None, "accepted: ASGD checks only lr and weight_decay"),
    ("sgd", "constantlr:factor=1.5", "factor must be in [0, 1]"),
    ("sgd", "constantlr:factor=-0.1", ""),
    ("sgd", "constantlr:factor=0", "accepted at construction, then lr·(1/factor) at total_iters: ZeroDivisionError"),
    ("sgd", "plateau:factor=1", "factor must be < 1"),
    ("sgd", "plateau:factor=-0.5", "accepted (only factor ≥ 1 is refused); a reduction gives max(η·factor, min_lr)"),
    ("sgd", "plateau:mode=avg", ""),
    ("sgd", "plateau:threshold_mode=pct", ""),
    ("sgd", "linear:start_factor=0", "start_factor must be in (0, 1]"),
    ("sgd", "linear:end_factor=1.5", "end_factor must be in [0, 1]"),
    ("momentum", "cyclic:max_lr=0.3,mode=sine", ""),
    ("momentum", "cyclic:max_lr=0.3,step_size_up=0", "torch divides by step_size_up + step_size_down"),
    ("momentum", "onecycle:anneal_strategy=cubic", ""),
    ("sgd", "onecycle:total_steps=5,cycle_momentum=false", "stepped 12 times: torch raises past total_steps"),
    (
        "sgd",
        "exponential:gamma=0.9 then@10 step:step_size=2,gamma=0.5 then@5 cosine:t_max=10",
        "accepted: milestones are never checked for order; bisect_right on [10, 5] picks the child and a hand-over "
        "happens only where a milestone equals the step (torch_eta). lrtui refuses it (issue 19)",
    ),
    ("sgd", "plateau then@5 cosine:t_max=10", "plateau cannot be composed"),
    ("sgd", "cosine:t_max=10 and plateau", ""),
    ("sgd", "lambda:f=1 - 0.1 k", "accepted: η_k < 0 from k = 11 and SGD steps uphill; lrtui refuses, naming k = 11"),
]


def refusals() -> dict[str, Any]:
    out = []
    for opt_text, sched_text, note in REFUSALS:
        entry: dict[str, Any] = {"optimizer": opt_text, "schedule": sched_text}
        if sched_text is None:
            cls, kwargs = torch_kwargs(opt_text)
            entry["torch_call"] = torch_text(cls, kwargs)
            entry.update(refusal(lambda t=opt_text: _opt(t)))
        else:
            entry["torch_call"] = f"{torch_text(*torch_kwargs(opt_text))}; {schedule(sched_text).torch_text}"
            etas: list[list[float]] = []
            entry.update(refusal(lambda o=opt_text, s=sched_text, etas=etas: etas.append(_run(o, s))))
            if etas:
                entry["torch_eta"] = etas[0]
        if note:
            entry["note"] = note
        out.append(entry)
    # compositions that lrtui's grammar cannot even write, as torch sees them
    for text, call, make, note in (
        (
            "an empty composition (then@)",
            "SequentialLR(optimizer, [], milestones=[])",
            lambda: S.SequentialLR(_opt("sgd"), [], []),
            "",
        ),
        ("an empty composition (and)", "ChainedScheduler([])", lambda: S.ChainedScheduler([]), ""),
        (
            "one milestone too many",
            "SequentialLR([ExponentialLR(gamma=0.9), CosineAnnealingLR(T_max=10)], [5, 8])",
            lambda: (lambda o: S.SequentialLR(o, [S.ExponentialLR(o, 0.9), S.CosineAnnealingLR(o, 10)], [5, 8]))(
                _opt("sgd")
            ),
            "len(milestones) must be len(schedulers) − 1",
        ),
    ):
        entry = {"optimizer": "sgd", "schedule": text, "torch_call": call, **refusal(make)}
        if note:
            entry["note"] = note
        out.append(entry)
    return {"name": "cat-refused", "torch": torch.__version__, "cases": out}


def main() -> int:
    cases = optimizer_cases() + schedule_cases()
    bad = [c["name"] for c in cases if not within_engine_bounds(c)]
    size = write(OUT, cases + [refusals()], "cat-")
    print(f"{len(cases)} cases + cat-refused.json, {size / 1e3:.0f} kB in {OUT}")
    if bad:
        print("outside the engine's divergence bounds:", ", ".join(bad), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
