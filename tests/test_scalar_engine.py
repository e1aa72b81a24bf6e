"""The loop on floats (few runs) gives the very bits of the loop over arrays of runs.

Every record (x, f, ∇f), every optimizer state, every stop and status, for functions built of
every function the grammar offers (exp, log, tanh, powers, the trig functions, sigmoid,
softplus, relu, abs; one and two parameters), with every optimizer and every schedule —
including steps where Python refuses what NumPy answers with inf or nan (0/0 in a
denominator with eps = 0, the square root of a negative number), which the loop on floats
hands to the array code.
"""

from __future__ import annotations

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.engine.result import Status
from lrtui.expr import parse_function
from lrtui.optim.registry import parse_optimizer, parse_schedule

FUNCTIONS = [  # (text, x0, η): every function of the grammar, runs that settle, cycle, diverge, leave
    ("x^2 + 10 sin(x)", [3.0], [0.02, 0.3]),
    ("exp(x) - 2x", [1.0], [0.05, 1.5]),
    ("exp(-x^2) * cos(3x) + x^2/10", [0.7], [0.1, 0.9]),
    ("log(x^2 + 1) + tanh(x - 1)", [2.0], [0.3, 4.0]),
    ("log(x)", [1.0], [0.5, 3.0]),  # steps past 0: f is undefined there
    ("log2(x^2 + 2) + log10(x^4 + 1)", [-1.5], [0.2, 2.0]),
    ("x^3 - 2x + x^2.5 / 7", [1.2], [0.01, 0.4]),
    ("sqrt(x) + x^(-1) + x^(1/3)", [1.5], [0.1, 3.0]),  # sqrt of a negative: Python refuses, NumPy says nan
    ("x^4 - 3x^2 + x", [2.0], [0.01, 0.15]),
    ("2^x + 3^(-x)", [0.5], [0.1, 1.0]),  # a varying exponent
    ("sin(x) * cos(2x) + tan(x/4)", [0.3], [0.1, 1.2]),
    ("asin(x/3) + acos(x/4) + atan(x)^2", [1.0], [0.2, 2.5]),
    ("sinh(x/2) * cosh(x/3) - x", [0.5], [0.1, 2.0]),
    ("sigmoid(3x - 1) + softplus(x - 2) + x^2/5", [2.0], [0.1, 3.0]),
    ("relu(x - 1) + abs(x + 0.5) + x^2/8", [3.0], [0.1, 1.0]),
    ("abs(x)", [1.0], [0.25, 0.3]),  # lands on 0 exactly: sign(0)
    ("(1-x)^2 + 100(y-x^2)^2", [-1.5, 2.0], [0.0005, 0.0021]),
    ("x^2 + 3y^2 + sin(x*y)", [1.0, -1.0], [0.05, 0.4]),
    ("x^y + sqrt(x) + log(y)", [1.5, 0.7], [0.02, 0.5]),  # x^y varies in base and exponent
    ("exp(x - y) + sigmoid(x*y) + abs(y)", [0.5, 1.0], [0.1, 1.5]),
]

OPTIMIZERS = [
    "sgd", "momentum", "nesterov", "sgd:momentum=0.5,dampening=0.3,weight_decay=0.1",
    "adagrad", "adagrad:lr_decay=0.1,initial_accumulator_value=0.5,weight_decay=0.05,eps=0",
    "rmsprop", "rmsprop:centered=true,momentum=0.5,weight_decay=0.1", "rmsprop:eps=0",
    "adam", "adam:amsgrad=true,eps=0,weight_decay=0.05", "adamw", "adamw:beta1=0.3,beta2=0.99",
    "adadelta", "adadelta:rho=0.5,eps=0,weight_decay=0.1", "adamax", "adamax:eps=0,weight_decay=0.05,beta1=0.3",
    "nadam", "nadam:decoupled_weight_decay=true,weight_decay=0.1,eps=0,momentum_decay=0.05",
    "radam", "radam:weight_decay=0.05,beta2=0.9,eps=0", "rprop", "rprop:step_min=0.01,step_max=0.5,etaminus=0.3",
    "asgd", "asgd:t0=5,lambd=0.01,alpha=0.5,weight_decay=0.1",
]

SCHEDULES = [
    None, "step:step_size=7,gamma=0.5", "multistep:milestones=3/10/10,gamma=0.7", "exponential:gamma=0.97",
    "cosine:t_max=12,eta_min=0.001", "cosine_restarts:t_0=4,t_mult=2", "linear", "polynomial:total_iters=25,power=2",
    "onecycle:cycle_momentum=false", "constantlr:factor=0.5,total_iters=7", "lambda:f=min((k+1)/10, 1)",
    "multiplicative:f=0.99", "cyclic:max_lr=0.2,step_size_up=5,cycle_momentum=false",
    "warmup_cosine:warmup=5,t_max=50", "exponential:gamma=0.99 and lambda:f=0.97^k",
    "plateau:patience=3,factor=0.5", "plateau:mode=max,threshold_mode=abs,threshold=0.01,cooldown=2,patience=1",
]
CYCLING = ["onecycle", "cyclic:max_lr=0.2,step_size_up=5,mode=exp_range,gamma=0.99",
           "linear:total_iters=5 then@5 onecycle:anneal_strategy=linear,three_phase=true"]
WITH_MOMENTUM = [o for o in OPTIMIZERS if o.partition(":")[0] not in ("adagrad", "adadelta", "rprop", "asgd")]

STEPS = 120


def bits(a: np.ndarray) -> np.ndarray:
    """The bits of every value, every NaN alike (NumPy and Python may spell NaN's sign differently)."""
    a = np.ascontiguousarray(a, dtype=np.float64)
    return np.where(np.isnan(a), np.nan, a).view(np.int64)


def assert_same_bits(on_floats, on_arrays) -> None:
    assert on_floats.status == on_arrays.status
    assert np.array_equal(on_floats.stopped_at, on_arrays.stopped_at)
    for name in ("x", "loss", "grad", "lr"):
        assert np.array_equal(bits(getattr(on_floats, name)), bits(getattr(on_arrays, name))), name
    assert on_floats.state.keys() == on_arrays.state.keys()
    for name in on_arrays.state:
        assert np.array_equal(bits(on_floats.state[name]), bits(on_arrays.state[name])), name


def both(f, x0, lrs, optimizers, schedule=None, steps=STEPS, tol=1e-10):
    opts = [parse_optimizer(o) for o in optimizers]
    sched = parse_schedule(schedule) if schedule else None
    on_floats = run(f, x0, lrs, steps, tol=tol, optimizers=opts, schedule=sched, path="floats")
    on_arrays = run(f, x0, lrs, steps, tol=tol, optimizers=opts, schedule=sched, path="arrays")
    return on_floats, on_arrays


@pytest.mark.parametrize(("text", "x0", "lrs"), FUNCTIONS, ids=[t for t, _, _ in FUNCTIONS])
def test_every_optimizer_gives_the_same_bits_on_floats_as_on_arrays(text, x0, lrs):
    f = parse_function(text)
    assert f.scalar_code() is not None  # the loop on floats really runs
    on_floats, on_arrays = both(f, x0, lrs, OPTIMIZERS)
    assert_same_bits(on_floats, on_arrays)


@pytest.mark.parametrize("schedule", SCHEDULES[1:])
@pytest.mark.parametrize(("text", "x0", "lrs"), [FUNCTIONS[0], FUNCTIONS[13], FUNCTIONS[16]],
                         ids=["wiggly", "activations", "rosenbrock"])
def test_every_schedule_gives_the_same_bits_on_floats_as_on_arrays(text, x0, lrs, schedule):
    on_floats, on_arrays = both(parse_function(text), x0, lrs, OPTIMIZERS, schedule)
    assert_same_bits(on_floats, on_arrays)


@pytest.mark.parametrize("schedule", CYCLING)
@pytest.mark.parametrize(("text", "x0", "lrs"), [FUNCTIONS[0], FUNCTIONS[16]], ids=["wiggly", "rosenbrock"])
def test_a_cycled_momentum_gives_the_same_bits_on_floats_as_on_arrays(text, x0, lrs, schedule):
    on_floats, on_arrays = both(parse_function(text), x0, lrs, WITH_MOMENTUM, schedule)
    assert all(o.cycled is not None for o in on_arrays.optimizers)
    assert_same_bits(on_floats, on_arrays)


def test_the_cases_cover_every_ending_and_the_steps_python_refuses():
    """The comparisons above are only as good as what they meet: runs that converge, run out of
    steps, diverge and leave the domain, and steps taken by the array code on Python's refusal."""
    endings = set()
    for text, x0, lrs in FUNCTIONS:
        endings |= set(both(parse_function(text), x0, lrs, ["sgd", "adam"])[1].status)
    assert endings == {Status.CONVERGED, Status.MAX_STEPS, Status.DIVERGED, Status.LEFT_DOMAIN}
    f = parse_function("sqrt(x)")
    with pytest.raises(ValueError):
        f.scalar_code()(-1.0)  # type: ignore[misc]
    assert np.isnan(f.at_point(-1.0)[0])
    on_floats, on_arrays = both(parse_function("x^2"), [0.0], [0.1], ["adagrad:eps=0", "adam:eps=0"], tol=0)
    assert np.isnan(on_arrays.x[:, 1]).all()  # 0/0 in the first step: NumPy's nan, not Python's error
    assert_same_bits(on_floats, on_arrays)


def test_the_function_on_floats_gives_numpys_bits_at_many_points():
    rng = np.random.default_rng(11)
    xs = np.concatenate([rng.normal(0, 2, 400), rng.normal(0, 300, 100), [0.0, -0.0, 1.0, -1.0, 1e-300, 1e300]])
    for text, _, _ in FUNCTIONS:
        f = parse_function(text)
        code = f.scalar_code()
        assert code is not None
        d = len(f.parameters)
        points = np.stack([xs, np.roll(xs, 7)], axis=1)[:, :d]
        with np.errstate(all="ignore"):
            loss, grad = f.loss_and_gradient(points)
            want = np.concatenate([loss[:, None], grad], axis=1)
            got = []
            for p in points:
                try:
                    got.append(code(*p.tolist()))
                except (ArithmeticError, ValueError):
                    got.append(f.at_point(*p.tolist()))
        assert np.array_equal(bits(np.array(got)), bits(want)), text


def test_a_run_of_a_million_steps_on_floats_stops_where_the_closed_form_says():
    # (x − 2)² from 10: |f'(x_k)| = 16·(1 − 2η)^k drops below 1e-8 at k = ⌈log(16/1e-8)/−log(1 − 2η)⌉
    eta = 1e-6
    res = run(parse_function("(x-2)^2"), [10.0], [eta], 1_000_000, tol=1e-8, path="floats")
    assert res.status == [Status.MAX_STEPS] and res.x.shape[1] == 1_000_001
    assert res.x[0, -1, 0] == pytest.approx(2 + 8 * (1 - 2 * eta) ** 1_000_000, rel=1e-9)


@pytest.mark.parametrize("path", ["floats", "arrays"])
def test_a_cancelled_run_stops_at_its_next_block_on_either_loop(path):
    from lrtui.cancel import Cancelled, CancelToken
    from lrtui.engine.descent import descend
    from lrtui.engine.recorder import FullRecorder

    token = CancelToken()
    blocks = []

    class Cancelling(FullRecorder):  # the user cancels while the first block is being written
        def put(self, r, a, x, f, g):
            blocks.append(a)
            token.cancel()
            super().put(r, a, x, f, g)

        def block(self, a, b):
            blocks.append(a)
            token.cancel()
            return super().block(a, b)

    with pytest.raises(Cancelled):
        descend(parse_function("x^2 + 10 sin(x)"), [3.0], [0.01, 0.02], 1_000_000, 0.0, None, None, Cancelling,
                token, path=path)
    assert blocks == [0]  # one block written, then the check before the next stopped it
