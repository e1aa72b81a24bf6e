"""Schedules: parsing, closed forms, torch's recursions over long horizons, vectorization."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrtui.errors import InputError
from lrtui.optim.registry import SCHEDULES, parse_schedule
from lrtui.optim.schedules.base import Schedule
from lrtui.optim.schedules.constant import CONSTANT

NAMES = [
    "constant",
    "step",
    "multistep",
    "exponential",
    "cosine",
    "cosine_restarts",
    "linear",
    "polynomial",
    "onecycle",
    "constantlr",
    "cyclic",
    "plateau",
    "lambda",
    "multiplicative",
    "warmup_cosine",
    "wsd",
    "inverse_sqrt",
]

EXAMPLES = [
    "constant",
    "step:step_size=3,gamma=0.5",
    "multistep:milestones=2/5/9,gamma=0.3",
    "exponential:gamma=0.9",
    "cosine:t_max=7",
    "cosine:t_max=5,eta_min=0.01",
    "cosine_restarts:t_0=3",
    "cosine_restarts:t_0=2,t_mult=3,eta_min=0.001",
    "linear",
    "linear:start_factor=0.2,end_factor=0.7,total_iters=8",
    "polynomial",
    "polynomial:total_iters=12,power=0.5",
    "onecycle",
    "onecycle:max_lr=0.3,total_steps=70,pct_start=0.4",
    "onecycle:anneal_strategy=linear,three_phase=true",
    "constantlr",
    "cyclic:max_lr=0.9,step_size_up=3,mode=triangular2",
    "lambda:f=0.9^k",
    "multiplicative:f=1/(1 + 0.05 k)",
    "linear:total_iters=4 then@4 cosine:t_max=10 then@12 exponential:gamma=0.9",
    "constantlr:factor=0.1,total_iters=2 and exponential:gamma=0.9",
    "warmup_cosine:warmup=3,t_max=10",
    "wsd:warmup=2,stable=3,decay=4",
    "inverse_sqrt:warmup=4",
]


# --- torch's get_lr, transcribed (torch.optim.lr_scheduler, torch 2.13) --------------------
# Pure Python floats, exactly the arithmetic torch performs, stepped like scheduler.step().


def torch_cosine(lr0, T, eta_min, steps):
    lr, out = lr0, [lr0]
    for e in range(1, steps + 1):
        if (e - 1 - T) % (2 * T) == 0:
            lr = lr + (lr0 - eta_min) * (1 - math.cos(math.pi / T)) / 2
        else:
            lr = (1 + math.cos(math.pi * e / T)) / (1 + math.cos(math.pi * (e - 1) / T)) * (lr - eta_min) + eta_min
        out.append(lr)
    return out


def torch_linear(lr0, sf, ef, total, steps):
    lr = lr0 * sf
    out = [lr]
    for e in range(1, steps + 1):
        if e <= total:
            lr = lr * (1.0 + (ef - sf) / (total * sf + (e - 1) * (ef - sf)))
        out.append(lr)
    return out


def torch_polynomial(lr0, total, power, steps):
    lr, out = lr0, [lr0]
    for e in range(1, steps + 1):
        if e <= total:
            lr = lr * ((1.0 - e / total) / (1.0 - (e - 1) / total)) ** power
        out.append(lr)
    return out


def torch_exponential(lr0, gamma, steps):
    lr, out = lr0, [lr0]
    for _ in range(steps):
        lr = lr * gamma
        out.append(lr)
    return out


def torch_step(lr0, size, gamma, steps):
    lr, out = lr0, [lr0]
    for e in range(1, steps + 1):
        if e % size == 0:
            lr = lr * gamma
        out.append(lr)
    return out


def torch_restarts(lr0, T0, mult, eta_min, steps):
    t_cur, t_i, out = 0, T0, []
    for e in range(steps + 1):
        if e > 0:
            t_cur += 1
            if t_cur >= t_i:
                t_cur, t_i = t_cur % t_i, t_i * mult
        out.append(eta_min + (lr0 - eta_min) * (1 + math.cos(math.pi * t_cur / t_i)) / 2)
    return out


def torch_onecycle(max_lr, total, steps, pct_start=0.3, div=25.0, final_div=1e4):
    initial = max_lr / div
    lo = initial / final_div
    phases = [(float(pct_start * total) - 1, initial, max_lr), (total - 1, max_lr, lo)]
    out = []
    for e in range(steps + 1):
        start_step = 0.0
        for i, (end_step, a, b) in enumerate(phases):
            if e <= end_step or i == len(phases) - 1:
                pct = (e - start_step) / (end_step - start_step)
                out.append(b + (a - b) / 2.0 * (math.cos(math.pi * pct) + 1))
                break
            start_step = end_step
    return out


# --- parsing ---------------------------------------------------------------------------


def test_every_schedule_has_parameters():
    assert [name for cls in SCHEDULES for name in cls.TABLE] == NAMES


@pytest.mark.parametrize(
    "text,name,params",
    [
        ("constant", "constant", {}),
        ("none", "constant", {}),
        (" NONE: ", "constant", {}),
        ("step:step_size=10", "step", {"step_size": 10, "gamma": 0.1}),
        ("multistep:milestones=5/15", "multistep", {"milestones": [5, 15], "gamma": 0.1}),
        ("exponential:gamma=0.9", "exponential", {"gamma": 0.9}),
        ("cosine:t_max=50", "cosine", {"t_max": 50, "eta_min": 0.0}),
        ("cosine_restarts:t_0=10", "cosine_restarts", {"t_0": 10, "t_mult": 1, "eta_min": 0.0}),
        ("linear", "linear", {"start_factor": 1.0 / 3, "end_factor": 1.0, "total_iters": 5}),
        ("polynomial", "polynomial", {"total_iters": 5, "power": 1.0}),
        (
            "onecycle",
            "onecycle",
            {"max_lr": None, "total_steps": None, "pct_start": 0.3, "anneal_strategy": "cos", "cycle_momentum": True,
             "base_momentum": 0.85, "max_momentum": 0.95, "div_factor": 25.0, "final_div_factor": 1e4,
             "three_phase": False},
        ),
        ("Step: step_size = 1e1 , gamma=0.5", "step", {"step_size": 10, "gamma": 0.5}),
    ],
)
def test_parse(text, name, params):
    s = parse_schedule(text)
    assert s.name == name
    assert s.params == params
    assert s.is_constant == (name == "constant")


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("constant", "constant"),
        ("none", "constant"),
        ("CONSTANT:", "constant"),
        ("step:step_size=10", "step:step_size=10"),
        ("Step: gamma = 0.50, step_size = 1e1", "step:step_size=10,gamma=0.5"),
        ("step:step_size=10,gamma=0.1", "step:step_size=10"),
        ("multistep:milestones=10/10/20", "multistep:milestones=10/10/20"),
        ("onecycle:div_factor=25,final_div_factor=1e4", "onecycle"),
        ("onecycle:max_lr=0.3", "onecycle:max_lr=0.3"),
        ("cosine:t_max=7,eta_min=0.003", "cosine:t_max=7,eta_min=0.003"),
    ],
)
def test_names_are_normalised_once_when_parsed(text, canonical):
    s = parse_schedule(text)
    assert s.text == str(s) == canonical


def test_none_is_the_one_constant_schedule():
    assert parse_schedule("none") is CONSTANT and parse_schedule("constant") is CONSTANT
    assert CONSTANT.is_constant and not parse_schedule("step:step_size=10").is_constant
    np.testing.assert_array_equal(CONSTANT.table([0.1, 0.5], 3), [[0.1] * 4, [0.5] * 4])


VALID = ("constant, step, multistep, exponential, cosine, cosine_restarts, linear, polynomial, onecycle, constantlr, "
         "cyclic, plateau, lambda, multiplicative, warmup_cosine, wsd, inverse_sqrt")
BAD = [
    ("stepp", f"unknown schedule 'stepp'; valid: {VALID}"),
    ("", f"give a schedule name, e.g. constant; valid: {VALID}"),
    (":", f"give a schedule name, e.g. constant; valid: {VALID}"),
    (":gamma=0.5", f"give a schedule name, e.g. constant; valid: {VALID}"),
    ("step", "step needs step_size, e.g. step:step_size=10"),
    ("step:gamma=0.5", "step needs step_size, e.g. step:step_size=10"),
    ("exponential", "exponential needs gamma, e.g. exponential:gamma=0.5"),
    ("cosine", "cosine needs t_max, e.g. cosine:t_max=10"),
    ("cosine:eta_min=0.1", "cosine needs t_max, e.g. cosine:t_max=10"),
    ("multistep", "multistep needs milestones, e.g. multistep:milestones=5/15"),
    ("cosine_restarts", "cosine_restarts needs t_0, e.g. cosine_restarts:t_0=10"),
    ("constant:gamma=0.5", "constant takes no parameters; got 'gamma=0.5'"),
    ("step:step_size=2.5", "step step_size must be an integer, got 2.5"),
    ("step:step_size=0", "step step_size must be an integer ≥ 1, got 0"),
    ("step:step_size=x", "step step_size must be an integer, got x"),
    ("step:step_size=10,gamma=0", "step gamma must be > 0, got 0"),
    ("step:step_size=10,gamma=-1", "step gamma must be > 0, got -1"),
    ("step:step_size=10,beta=1", "step has no parameter 'beta'; valid: step_size, gamma"),
    ("multistep:milestones=5/-1", "multistep milestones must be steps ≥ 0, e.g. 5/15, got 5/-1"),
    ("step:step_size=１０", "step step_size must be written with the digits 0-9, got １０"),
    ("multistep:milestones=5/a", "multistep milestones must be integers separated by /, e.g. 5/15, got 5/a"),
    ("multistep:milestones=5/2.5", "multistep milestones must be integers separated by /, e.g. 5/15, got 5/2.5"),
    ("exponential:gamma=0", "exponential gamma must be > 0, got 0"),
    ("exponential:gamma=inf", "exponential gamma must be a finite number, got inf"),
    ("cosine:t_max=0", "cosine t_max must be an integer ≥ 1, got 0"),
    ("cosine:t_max=10,eta_min=-0.1", "cosine eta_min must be ≥ 0, got -0.1"),
    ("cosine_restarts:t_0=5,t_mult=0", "cosine_restarts t_mult must be an integer ≥ 1, got 0"),
    ("cosine_restarts:t_0=5,t_mult=1.5", "cosine_restarts t_mult must be an integer, got 1.5"),
    ("linear:start_factor=0", "linear start_factor must be in (0, 1], got 0"),
    ("linear:start_factor=1.5", "linear start_factor must be in (0, 1], got 1.5"),
    ("linear:end_factor=2", "linear end_factor must be in [0, 1], got 2"),
    ("linear:total_iters=0", "linear total_iters must be an integer ≥ 1, got 0"),
    ("polynomial:power=-1", "polynomial power must be ≥ 0, got -1"),
    ("polynomial:total_iters=-3", "polynomial total_iters must be an integer ≥ 1, got -3"),
    ("onecycle:pct_start=1.5", "onecycle pct_start must be in [0, 1], got 1.5"),
    ("onecycle:max_lr=0", "onecycle max_lr must be > 0, got 0"),
    ("onecycle:total_steps=0", "onecycle total_steps must be an integer ≥ 1, got 0"),
    ("onecycle:div_factor=0", "onecycle div_factor must be > 0, got 0"),
    ("onecycle:final_div_factor=-5", "onecycle final_div_factor must be > 0, got -5"),
    (
        "onecycle:anneal=linear",
        "onecycle has no parameter 'anneal'; valid: max_lr, total_steps, pct_start, anneal_strategy, cycle_momentum, "
        "base_momentum, max_momentum, div_factor, final_div_factor, three_phase",
    ),
    ("cosine:t_max", "cosine t_max needs a value, e.g. t_max=10"),
    ("cosine:t_max=5,t_max=6", "cosine t_max is given twice"),
]


@pytest.mark.parametrize("text,message", BAD, ids=[t for t, _ in BAD])
def test_bad_input(text, message):
    with pytest.raises(InputError) as info:
        parse_schedule(text)
    assert str(info.value) == message
    assert info.value.field == "schedule"
    assert "\n" not in str(info.value)


# --- closed forms ----------------------------------------------------------------------


LRS = np.array([0.5, 0.1, 0.0123])


def test_table_shape_and_dtype():
    for text in EXAMPLES:
        t = parse_schedule(text).table(LRS, 20)
        assert t.shape == (3, 21) and t.dtype == np.float64, text
        assert np.all(np.isfinite(t)) and np.all(t >= 0), text
        t0 = parse_schedule(text).table(LRS, 0)
        assert t0.shape == (3, 1)
        if not text.startswith("onecycle") or "total_steps" in text:  # its default cycle is steps + 1 long
            np.testing.assert_array_equal(t0[:, 0], t[:, 0])
    assert parse_schedule("step:step_size=2").table(0.3, 4).shape == (1, 5)


def test_step_and_multistep():
    k = np.arange(31)
    t = parse_schedule("step:step_size=4,gamma=0.5").table(LRS, 30)
    np.testing.assert_allclose(t, LRS[:, None] * 0.5 ** (k // 4), rtol=1e-15)
    t = parse_schedule("multistep:milestones=3/10/11,gamma=0.2").table(LRS, 30)
    decays = (k >= 3).astype(int) + (k >= 10) + (k >= 11)
    np.testing.assert_allclose(t, LRS[:, None] * 0.2**decays, rtol=1e-15)
    # milestones past the end change nothing
    t = parse_schedule("multistep:milestones=50").table(LRS, 30)
    np.testing.assert_array_equal(t, np.repeat(LRS[:, None], 31, axis=1))


def torch_multistep(lr0, milestones, gamma, steps):
    """torch's MultiStepLR.get_lr: lr · gamma ** (times the step is listed), from the first step() on."""
    lr, out = lr0, []
    for e in range(steps + 1):
        if milestones.count(e):
            lr = lr * gamma ** milestones.count(e)
        out.append(lr)
    return out


@pytest.mark.parametrize("milestones", [[10, 10, 20], [20, 10, 10], [5, 5, 5], [0, 5], [3, 3, 7, 7, 7, 40]])
def test_multistep_counts_repeated_milestones_like_torch(milestones):
    text = "multistep:milestones=" + "/".join(map(str, milestones)) + ",gamma=0.3"
    t = parse_schedule(text).table(LRS, 30)
    want = [torch_multistep(lr, milestones, 0.3, 30) for lr in LRS]
    np.testing.assert_array_equal(t, want)


def test_exponential():
    t = parse_schedule("exponential:gamma=0.99").table(LRS, 2000)
    np.testing.assert_allclose(t, LRS[:, None] * 0.99 ** np.arange(2001), rtol=1e-12)


def test_cosine_closed_form_up_to_t_max():
    k = np.arange(101)
    for m in (0.0, 0.004):
        t = parse_schedule(f"cosine:t_max=100,eta_min={m}").table(LRS, 100)
        want = m + (LRS[:, None] - m) * (1 + np.cos(np.pi * k / 100)) / 2
        np.testing.assert_allclose(t, want, rtol=1e-13)
        assert t[0, 0] == LRS[0] and np.all(t[:, 100] == m)


def test_cosine_goes_back_up_past_t_max_like_torch():
    t = parse_schedule("cosine:t_max=10").table(LRS, 40)
    np.testing.assert_allclose(t[:, 20], LRS, rtol=1e-13)
    np.testing.assert_array_equal(t[:, 30], 0.0)
    np.testing.assert_allclose(t[:, 15], t[:, 5], rtol=1e-13)


@pytest.mark.parametrize(
    "T,m,steps",
    [
        (1, 0.0, 50),
        (1, 0.02, 50),
        (2, 0.01, 200),
        (7, 0.0, 3000),
        (7, 0.003, 3000),
        (1000, 0.0, 5000),
        (1000, 0.001, 5000),
        (2500, 0.3, 6000),
    ],
)
def test_cosine_follows_torchs_recursion_over_long_horizons(T, m, steps):
    t = parse_schedule(f"cosine:t_max={T},eta_min={m}").table(LRS, steps)
    for r, lr0 in enumerate(LRS):
        want = np.array(torch_cosine(float(lr0), T, m, steps))
        np.testing.assert_allclose(t[r], want, rtol=1e-12, atol=0)
        # past t_max torch's recursion is replayed step for step
        np.testing.assert_array_equal(t[r, T:], want[T:])
        if m == 0.0:  # and with eta_min = 0 every step is a product, replayed exactly
            np.testing.assert_array_equal(t[r], want)


def test_cosine_many_runs_uses_the_vectorized_replay():
    lrs = np.linspace(0.05, 1.0, 40)
    t = parse_schedule("cosine:t_max=5,eta_min=0.01").table(lrs, 80)
    for r in (0, 17, 39):
        np.testing.assert_array_equal(t[r, 5:], torch_cosine(float(lrs[r]), 5, 0.01, 80)[5:])


@pytest.mark.parametrize("T0,mult,m", [(3, 1, 0.0), (5, 2, 0.001), (2, 3, 0.05), (1, 1, 0.0)])
def test_cosine_restarts(T0, mult, m):
    steps = 200
    t = parse_schedule(f"cosine_restarts:t_0={T0},t_mult={mult},eta_min={m}").table(LRS, steps)
    for r, lr0 in enumerate(LRS):
        np.testing.assert_allclose(t[r], torch_restarts(float(lr0), T0, mult, m, steps), rtol=1e-14, atol=0)
    # restarts at T0, T0 + T0·mult, ...
    start, length = 0, T0
    while start <= steps:
        np.testing.assert_allclose(t[:, start], LRS, rtol=1e-15)
        start, length = start + length, length * mult


def test_linear():
    t = parse_schedule("linear:start_factor=0.25,end_factor=0.75,total_iters=10").table(LRS, 30)
    k = np.minimum(np.arange(31), 10)
    np.testing.assert_allclose(t, LRS[:, None] * (0.25 + 0.5 * k / 10), rtol=1e-13)
    for r, lr0 in enumerate(LRS):
        np.testing.assert_array_equal(t[r], torch_linear(float(lr0), 0.25, 0.75, 10, 30))


def test_linear_defaults_and_end_factor_zero():
    t = parse_schedule("linear").table([0.3], 8)
    np.testing.assert_allclose(t[0], 0.3 * np.array([1 / 3, 7 / 15, 9 / 15, 11 / 15, 13 / 15, 1, 1, 1, 1]), rtol=1e-14)
    t = parse_schedule("linear:start_factor=1,end_factor=0,total_iters=4").table([0.2], 6)
    np.testing.assert_allclose(t[0], [0.2, 0.15, 0.1, 0.05, 0, 0, 0], rtol=1e-14, atol=1e-17)


def test_polynomial():
    t = parse_schedule("polynomial:total_iters=20,power=2").table(LRS, 30)
    k = np.minimum(np.arange(31), 20)
    np.testing.assert_allclose(t, LRS[:, None] * (1 - k / 20) ** 2, rtol=1e-12, atol=1e-18)
    assert np.all(t[:, 20:] == 0.0)
    for power in (0.5, 1.0, 2.0, 3.7, 0.0):
        t = parse_schedule(f"polynomial:total_iters=300,power={power}").table(LRS, 400)
        for r, lr0 in enumerate(LRS):
            np.testing.assert_allclose(t[r], torch_polynomial(float(lr0), 300, power, 400), rtol=1e-13, atol=0)


def test_chained_factors_round_like_torch():
    """η·γ·γ·… rounded step by step, per run: bit-identical to torch, not just close."""
    for r, lr0 in enumerate(LRS):
        t = parse_schedule("exponential:gamma=0.9937").table(LRS, 5000)
        np.testing.assert_array_equal(t[r], torch_exponential(float(lr0), 0.9937, 5000))
        t = parse_schedule("step:step_size=3,gamma=0.77").table(LRS, 3000)
        np.testing.assert_array_equal(t[r], torch_step(float(lr0), 3, 0.77, 3000))


def test_onecycle_defaults():
    steps = 100
    t = parse_schedule("onecycle").table(LRS, steps)
    np.testing.assert_allclose(t[:, 0], LRS / 25, rtol=1e-14)  # end + (start − end): not exactly start
    np.testing.assert_allclose(t[:, steps], LRS / 25 / 1e4, rtol=1e-12)  # total_steps = steps + 1
    peak = int(0.3 * (steps + 1) - 1)
    np.testing.assert_allclose(t[:, peak : peak + 2].max(axis=1), LRS, rtol=1e-2)
    assert np.all(t <= LRS[:, None] * (1 + 1e-15))
    for r, lr0 in enumerate(LRS):
        np.testing.assert_allclose(t[r], torch_onecycle(float(lr0), steps + 1, steps), rtol=1e-14, atol=0)


def test_onecycle_fixed_max_lr_ignores_eta_and_refuses_steps_past_total_steps():
    t = parse_schedule("onecycle:max_lr=0.3,total_steps=15,pct_start=0.4").table(LRS, 15)
    assert np.all(t == t[0])  # the same for every run
    np.testing.assert_allclose(t[0], torch_onecycle(0.3, 15, 15, pct_start=0.4), rtol=1e-14, atol=0)
    with pytest.raises(InputError, match=r"^onecycle: total_steps=15 but the run takes 16 steps; torch raises"):
        parse_schedule("onecycle:max_lr=0.3,total_steps=15").table(LRS, 16)  # torch raises past total_steps


def test_onecycle_refuses_a_phase_of_no_length_where_torch_divides_by_zero():
    with pytest.raises(InputError, match=r"phase 1 of the cycle is 0 steps long \(pct_start × total_steps = 1\)"):
        parse_schedule("onecycle:total_steps=10,pct_start=0.1").table([1.0], 9)
    t = parse_schedule("onecycle:pct_start=1").table([1.0], 12)  # no annealing phase, never reached
    assert np.all(np.isfinite(t))
    assert t[0, 12] == 1.0 and np.all(np.diff(t[0]) > 0)
    with pytest.raises(InputError, match="phase 2 of the cycle is 0 steps long"):
        parse_schedule("onecycle:pct_start=1,total_steps=12").table([1.0], 12)  # reached at step 12
    t = parse_schedule("onecycle:pct_start=0").table([1.0], 12)
    assert np.all(np.isfinite(t))


# --- vectorization and cost -------------------------------------------------------------


@pytest.mark.parametrize("text", EXAMPLES)
def test_many_runs_equal_runs_one_by_one(text):
    lrs = np.array([0.3, 0.01, 0.77, 1e-4, 2.5])
    together = parse_schedule(text).table(lrs, 60)
    for r, lr in enumerate(lrs):
        np.testing.assert_array_equal(parse_schedule(text).table(np.array([lr]), 60)[0], together[r])


@pytest.mark.parametrize(
    "text",
    [
        "exponential:gamma=0.9999",
        "cosine:t_max=3000",
        "cosine:t_max=3000,eta_min=0.001",
        "cosine:t_max=7,eta_min=0.001",
        "cosine_restarts:t_0=100,t_mult=2",
        "onecycle",
        "step:step_size=100",
        "multistep:milestones=10/100/1000",
        "linear:total_iters=5000",
        "polynomial:total_iters=8000,power=0.5",
    ],
)
def test_a_thousand_runs_of_ten_thousand_steps(text):
    lrs = np.linspace(0.001, 1.0, 1000)
    t = parse_schedule(text).table(lrs, 10_000)
    assert t.shape == (1000, 10_001)
    assert np.all(np.isfinite(t)) and np.all(t >= 0)


def test_a_million_steps():
    for text in ("exponential:gamma=0.99999", "cosine:t_max=1000", "cosine:t_max=1000,eta_min=0.01", "onecycle"):
        assert parse_schedule(text).table([0.1, 0.2], 1_000_000).shape == (2, 1_000_001)


class Halving(Schedule):
    """A toy schedule from a test: η_k = η/2^k."""

    TABLE = {"halving": {}}

    def _table(self, base, steps):
        return base[:, None] * 0.5 ** np.arange(steps + 1)


def test_a_registered_schedule_is_parsed_and_run():
    from lrtui.optim.registry import registered
    from lrtui.teaching.scenario import Scenario, compute

    with registered(Halving):
        assert parse_schedule(" Halving ").text == "halving"
        res = compute(Scenario.of("(x-2)**2", (10.0,), (0.4,), 3, schedule="halving"))
        assert res.lr[0].tolist() == [0.4, 0.2, 0.1, 0.05]
        assert res.x[0].ravel().tolist() == pytest.approx([10.0, 3.6, 2.96, 2.768])
    with pytest.raises(InputError) as info:
        parse_schedule("halving")
    assert str(info.value).startswith("unknown schedule 'halving'; valid: constant, step,")
