"""Optimizers: parsing, closed forms, vectorization over runs, the explained state."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lrtui.errors import InputError
from lrtui.optim.registry import OPTIMIZERS, parse_optimizer
from lrtui.optim.sgd import PLAIN

NAMES = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adadelta", "adamax", "nadam", "radam",
         "rprop", "asgd"]
VALID = ", ".join(NAMES)

# torch.optim's defaults
DEFAULTS = {
    "sgd": {"momentum": 0.0, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0},
    "momentum": {"momentum": 0.9, "dampening": 0.0, "nesterov": False, "weight_decay": 0.0},
    "nesterov": {"momentum": 0.9, "dampening": 0.0, "nesterov": True, "weight_decay": 0.0},
    "adagrad": {"lr_decay": 0.0, "initial_accumulator_value": 0.0, "eps": 1e-10, "weight_decay": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0},
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "amsgrad": False, "weight_decay": 0.0},
    "adamw": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "amsgrad": False, "weight_decay": 0.01},
    "adadelta": {"rho": 0.9, "eps": 1e-6, "weight_decay": 0.0},
    "adamax": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0},
    "nadam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0, "momentum_decay": 0.004,
              "decoupled_weight_decay": False},
    "radam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.0, "decoupled_weight_decay": False},
    "rprop": {"etaminus": 0.5, "etaplus": 1.2, "step_min": 1e-6, "step_max": 50.0},
    "asgd": {"lambd": 1e-4, "alpha": 0.75, "t0": 1e6, "weight_decay": 0.0},
}

VARIANTS = NAMES + [
    "sgd:weight_decay=0.1",
    "momentum:dampening=0.3",
    "nesterov:momentum=0.5,weight_decay=0.05",
    "adagrad:lr_decay=0.1,initial_accumulator_value=0.5,weight_decay=0.01",
    "rmsprop:centered=true,momentum=0.5",
    "rmsprop:momentum=0.8,weight_decay=0.02",
    "adam:amsgrad=true,beta1=0.3",
    "adam:weight_decay=0.05",
    "adamw:weight_decay=0.1",
    "adadelta:rho=0.5,eps=1e-3",
    "adamax:beta1=0.5,weight_decay=0.05",
    "nadam:weight_decay=0.1,decoupled_weight_decay=true",
    "radam:beta2=0.9",
    "rprop:etaminus=0.3,etaplus=1.5,step_max=0.5",
    "asgd:t0=5,lambd=0.01",
]


# --- parsing ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_defaults_are_torchs(name):
    opt = parse_optimizer(name)
    assert opt.name == name
    assert opt.params == DEFAULTS[name]
    assert opt.text == name


def test_every_optimizer_has_parameters():
    assert [name for cls in OPTIMIZERS for name in cls.TABLE] == NAMES


def test_names_are_case_insensitive_and_the_text_is_canonical():
    opt = parse_optimizer("  Adam: beta1 = 0.80 , AMSGrad=TRUE ")
    assert opt.name == "adam"
    assert opt.text == str(opt) == "adam:beta1=0.8,amsgrad=true"  # the table's order, defaults left out
    assert opt.params["beta1"] == 0.8 and opt.params["amsgrad"] is True
    assert parse_optimizer("adam:beta2=0.999,eps=1e-08").text == "adam"
    assert parse_optimizer("adam:eps=1e-6,weight_decay=0.05").text == "adam:eps=1e-6,weight_decay=0.05"
    assert parse_optimizer("adam:").params == DEFAULTS["adam"]
    assert parse_optimizer("adam:beta1=0.5,").params["beta1"] == 0.5


def test_sgd_family_takes_torch_keys():
    assert parse_optimizer("sgd:momentum=0.9").params == DEFAULTS["momentum"]
    opt = parse_optimizer("sgd:momentum=0.5,nesterov=true,weight_decay=1e-3")
    assert opt.params == {"momentum": 0.5, "dampening": 0.0, "nesterov": True, "weight_decay": 1e-3}
    assert parse_optimizer("momentum:nesterov=true").params["nesterov"] is True
    assert parse_optimizer("momentum:momentum=0").params["momentum"] == 0.0


def test_default_optimizer_is_plain_sgd():
    assert PLAIN.name == "sgd" and PLAIN.text == "sgd" and PLAIN.is_plain
    x, g = np.array([[1.0], [2.0]]), np.array([[0.5], [-1.0]])
    np.testing.assert_array_equal(PLAIN.update(x, g, np.array([[0.1], [0.2]]), 0, PLAIN.start(x)), x - [[0.05], [-0.2]])


@pytest.mark.parametrize(
    "text, canonical, plain",
    [
        ("sgd", "sgd", True),
        ("SGD", "sgd", True),
        (" sgd: ", "sgd", True),
        ("sgd:momentum=0", "sgd", True),
        ("momentum:momentum=0", "sgd", True),
        ("sgd:momentum=0,dampening=0.5", "sgd:dampening=0.5", True),  # no momentum: dampening does nothing
        ("sgd:momentum=0.9", "momentum", False),
        ("sgd:momentum=0.9,nesterov=true", "nesterov", False),
        ("nesterov:nesterov=false", "momentum", False),
        ("sgd:momentum=0.5", "sgd:momentum=0.5", False),
        ("momentum:momentum=0.5", "momentum:momentum=0.5", False),
        ("sgd:weight_decay=0.1", "sgd:weight_decay=0.1", False),  # L2 changes the step: not plain descent
        ("adam", "adam", False),
        ("adagrad", "adagrad", False),
    ],
)
def test_facts_not_spellings(text, canonical, plain):
    opt = parse_optimizer(text)
    assert (opt.text, opt.is_plain) == (canonical, plain)


BAD = [
    ("adm", f"unknown optimizer 'adm'; valid: {VALID}"),
    ("", f"give an optimizer name, e.g. sgd; valid: {VALID}"),
    (":beta1=0.5", f"give an optimizer name, e.g. sgd; valid: {VALID}"),
    # what torch refuses of the optimizers issue 19 adds (tests/golden/catalogue/cat-refused.json)
    ("rprop:etaminus=1", "rprop etaminus must be in (0, 1), got 1"),
    ("rprop:etaminus=0", "rprop etaminus must be in (0, 1), got 0"),
    ("rprop:etaplus=1", "rprop etaplus must be > 1, got 1"),
    ("adadelta:rho=1.5", "adadelta rho must be in [0, 1], got 1.5"),
    ("adamax:beta1=1", "adamax beta1 must be in [0, 1), got 1"),
    ("nadam:beta2=1", "nadam beta2 must be in [0, 1), got 1"),
    ("nadam:momentum_decay=-0.1", "nadam momentum_decay must be ≥ 0, got -0.1"),
    ("radam:eps=-1", "radam eps must be ≥ 0, got -1"),
    ("radam:weight_decay=-0.1", "radam weight_decay must be ≥ 0, got -0.1"),
    ("asgd:weight_decay=-0.1", "asgd weight_decay must be ≥ 0, got -0.1"),
    ("adam:beta1=０.８", "adam beta1 must be written with the digits 0-9, got ０.８"),
    ("adam:beta3=0.5", "adam has no parameter 'beta3'; valid: beta1, beta2, eps, amsgrad, weight_decay"),
    (
        "adam:lr=0.1",
        (
            "adam has no parameter 'lr' (the learning rates η are given separately); "
            "valid: beta1, beta2, eps, amsgrad, weight_decay"
        ),
    ),
    ("sgd:alpha=0.5", "sgd has no parameter 'alpha'; valid: momentum, dampening, nesterov, weight_decay"),
    (
        "adagrad:beta1=0.5",
        "adagrad has no parameter 'beta1'; valid: lr_decay, initial_accumulator_value, eps, weight_decay",
    ),
    ("adam:beta1=1.5", "adam beta1 must be in [0, 1), got 1.5"),
    ("adam:beta1=1", "adam beta1 must be in [0, 1), got 1"),
    ("adam:beta1=-0.1", "adam beta1 must be in [0, 1), got -0.1"),
    ("adamw:beta2=1.0", "adamw beta2 must be in [0, 1), got 1.0"),
    ("adam:eps=-1e-8", "adam eps must be ≥ 0, got -1e-8"),
    ("adam:weight_decay=-0.1", "adam weight_decay must be ≥ 0, got -0.1"),
    ("adam:beta1=abc", "adam beta1 must be a finite number, got abc"),
    ("adam:beta1=nan", "adam beta1 must be a finite number, got nan"),
    ("adam:eps=inf", "adam eps must be a finite number, got inf"),
    ("adam:amsgrad=yes", "adam amsgrad must be true or false, got yes"),
    ("adam:amsgrad=1", "adam amsgrad must be true or false, got 1"),
    ("adam:beta1", "adam beta1 needs a value, e.g. beta1=0.9"),
    ("adam:beta1=", "adam beta1 needs a value, e.g. beta1=0.9"),
    ("adam:beta1=0.5,beta1=0.6", "adam beta1 is given twice"),
    (
        "adam:,beta1=0.5",
        "adam: empty parameter; write adam:key=value,...; valid: beta1, beta2, eps, amsgrad, weight_decay",
    ),
    ("momentum:momentum=1", "momentum momentum must be in [0, 1), got 1"),
    ("sgd:momentum=-0.5", "sgd momentum must be in [0, 1), got -0.5"),
    ("momentum:dampening=1.5", "momentum dampening must be in [0, 1], got 1.5"),
    ("sgd:nesterov=maybe", "sgd nesterov must be true or false, got maybe"),
    ("rmsprop:alpha=1", "rmsprop alpha must be in [0, 1), got 1"),
    ("rmsprop:momentum=1.2", "rmsprop momentum must be in [0, 1), got 1.2"),
    ("rmsprop:centered=0", "rmsprop centered must be true or false, got 0"),
    ("adagrad:lr_decay=-1", "adagrad lr_decay must be ≥ 0, got -1"),
    ("adagrad:initial_accumulator_value=-0.1", "adagrad initial_accumulator_value must be ≥ 0, got -0.1"),
    ("adagrad:eps=-1", "adagrad eps must be ≥ 0, got -1"),
    (
        "nesterov:momentum=0",
        "nesterov needs momentum > 0 and dampening = 0, got momentum=0, dampening=0",
    ),
    (
        "nesterov:dampening=0.1",
        "nesterov needs momentum > 0 and dampening = 0, got momentum=0.9, dampening=0.1",
    ),
    ("sgd:nesterov=true", "sgd with nesterov=true needs momentum > 0 and dampening = 0, got momentum=0, dampening=0"),
]


@pytest.mark.parametrize("text,message", BAD, ids=[t or "empty" for t, _ in BAD])
def test_bad_input(text, message):
    with pytest.raises(InputError) as info:
        parse_optimizer(text)
    assert str(info.value) == message
    assert info.value.field == "optimizer"
    assert "\n" not in str(info.value)


def test_bad_input_points_at_the_parameter():
    with pytest.raises(InputError) as info:
        parse_optimizer("adam:eps=1e-8,beta1=2")
    assert info.value.column == len("adam:eps=1e-8,") + 1
    with pytest.raises(InputError) as info:
        parse_optimizer("  adm")
    assert info.value.column == 3


def test_not_text():
    with pytest.raises(InputError) as info:
        parse_optimizer(None)  # type: ignore[arg-type]
    assert info.value.field == "optimizer"


# --- closed forms ----------------------------------------------------------------------


def descend(opt, x0, lrs, steps, grad):
    """Vectorized descent: x0 (runs, d), lrs (runs,), grad(x) -> (runs, d)."""
    x = np.array(x0, dtype=np.float64)
    lr = np.asarray(lrs, dtype=np.float64).reshape(-1, 1)
    state = opt.start(x)
    xs = [x]
    for k in range(steps):
        x = opt.update(x, grad(x), lr, k, state)
        xs.append(x)
    return np.stack(xs, axis=1)  # (runs, steps+1, d)


def test_sgd_on_a_quadratic():
    # f(x) = a/2 (x − c)²  →  x_k − c = (1 − ηa)^k (x_0 − c)
    a, c = 3.0, 2.0
    lrs = np.array([0.01, 0.1, 0.3, 0.6, 0.7])
    xs = descend(parse_optimizer("sgd"), np.full((5, 1), 10.0), lrs, 40, lambda x: a * (x - c))
    k = np.arange(41)
    want = c + (1 - lrs[:, None] * a) ** k * 8.0
    np.testing.assert_allclose(xs[:, :, 0], want, rtol=1e-12, atol=1e-12)


def test_sgd_weight_decay_is_l2():
    # f = 0: x_k = x_0 (1 − η·wd)^k
    xs = descend(parse_optimizer("sgd:weight_decay=0.5"), [[4.0]], [0.1], 10, lambda x: np.zeros_like(x))
    np.testing.assert_allclose(xs[0, :, 0], 4.0 * 0.95 ** np.arange(11), rtol=1e-14)


def heavy_ball(x0, lr, mu, damp, nesterov, grad, steps):
    """Scalar reference, written from torch.optim.SGD's documentation."""
    x, buf, out = x0, None, [x0]
    for _ in range(steps):
        g = grad(x)
        buf = g if buf is None else mu * buf + (1 - damp) * g
        x = x - lr * ((g + mu * buf) if nesterov else buf)
        out.append(x)
    return out


@pytest.mark.parametrize(
    "text,mu,damp,nest",
    [
        ("momentum", 0.9, 0.0, False),
        ("momentum:dampening=0.3", 0.9, 0.3, False),
        ("nesterov", 0.9, 0.0, True),
        ("sgd:momentum=0.5,nesterov=true", 0.5, 0.0, True),
    ],
)
def test_momentum_against_scalar_reference(text, mu, damp, nest):
    def grad(x):
        return 2 * (x - 2)
    xs = descend(parse_optimizer(text), [[10.0], [-3.0]], [0.05, 0.1], 30, grad)
    for r, (x0, lr) in enumerate([(10.0, 0.05), (-3.0, 0.1)]):
        np.testing.assert_allclose(xs[r, :, 0], heavy_ball(x0, lr, mu, damp, nest, grad, 30), rtol=1e-13, atol=1e-13)


def test_first_momentum_buffer_is_the_gradient():
    opt = parse_optimizer("momentum:dampening=0.5")
    x, g = np.array([[1.0, 2.0]]), np.array([[0.3, -0.7]])
    state = opt.start(x)
    opt.update(x, g, np.array([[0.1]]), 0, state)
    np.testing.assert_array_equal(opt.explain(state)["momentum_buffer"], g)  # not (1 − dampening)·g
    opt.update(x, g, np.array([[0.1]]), 1, state)
    np.testing.assert_allclose(opt.explain(state)["momentum_buffer"], 0.9 * g + 0.5 * g, rtol=1e-15)


def test_adam_first_step_is_eta_times_sign():
    # m̂_1 = g, v̂_1 = g²: the first step is η·g/(|g| + eps) ≈ η·sign(g), whatever |g|
    opt = parse_optimizer("adam")
    x = np.array([[1.0, 1.0, 1.0]])
    g = np.array([[1e-3, -5.0, 1e4]])
    state = opt.start(x)
    nxt = opt.update(x, g, np.array([[0.1]]), 0, state)
    np.testing.assert_allclose(nxt, 1.0 - 0.1 * g / (np.abs(g) + 1e-8), rtol=1e-14)
    np.testing.assert_allclose(nxt, 1.0 - 0.1 * np.sign(g), rtol=2e-6)
    ex = opt.explain(state)
    np.testing.assert_allclose(ex["m_hat"], g, rtol=1e-14)
    np.testing.assert_allclose(ex["v_hat"], g * g, rtol=1e-14)
    assert set(ex) == {"m_hat", "v_hat"}


def test_adam_constant_gradient_moves_eta_per_step():
    # a constant gradient g: m̂_t = g and v̂_t = g² for every t, so every step is η·g/(|g|+eps)
    opt = parse_optimizer("adam:eps=0")
    xs = descend(opt, [[0.0], [0.0]], [0.1, 0.01], 50, lambda x: np.full_like(x, 3.0))
    np.testing.assert_allclose(xs[:, :, 0], -np.array([[0.1], [0.01]]) * np.arange(51), rtol=1e-12)


def test_adamw_decays_weights_without_gradient():
    # g = 0: m = v = 0, the Adam step is 0/eps = 0; only the decoupled decay acts
    xs = descend(parse_optimizer("adamw:weight_decay=0.2"), [[5.0]], [0.1], 20, lambda x: np.zeros_like(x))
    np.testing.assert_allclose(xs[0, :, 0], 5.0 * 0.98 ** np.arange(21), rtol=1e-13)
    # adam's weight decay is L2 instead: it goes through the moments
    xs = descend(parse_optimizer("adam:weight_decay=0.2"), [[5.0]], [0.1], 1, lambda x: np.zeros_like(x))
    np.testing.assert_allclose(xs[0, 1, 0], 5.0 - 0.1, rtol=1e-6)


def test_amsgrad_keeps_the_largest_second_moment():
    opt = parse_optimizer("adam:amsgrad=true")
    x = np.zeros((1, 1))
    state = opt.start(x)
    for k, g in enumerate([10.0, 0.1, 0.1]):
        x = opt.update(x, np.array([[g]]), np.array([[0.1]]), k, state)
    ex = opt.explain(state)
    assert set(ex) == {"m_hat", "v_hat", "max_v_hat"}
    t = 3
    v = state["exp_avg_sq"][0, 0]
    assert ex["max_v_hat"][0, 0] > ex["v_hat"][0, 0]
    np.testing.assert_allclose(ex["v_hat"][0, 0], v / (1 - 0.999**t), rtol=1e-15)


def test_adagrad_closed_form():
    # constant gradient g: s_k = (k+1)·g², steps η_k·g/(√((k+1))·|g| + eps), η_k = η/(1 + k·lr_decay)
    opt = parse_optimizer("adagrad:lr_decay=0.5,eps=0")
    xs = descend(opt, [[0.0]], [1.0], 10, lambda x: np.full_like(x, 2.0))
    k = np.arange(10)
    steps = 1.0 / (1 + k * 0.5) / np.sqrt(k + 1)
    np.testing.assert_allclose(xs[0, 1:, 0], -np.cumsum(steps), rtol=1e-13)
    opt = parse_optimizer("adagrad:initial_accumulator_value=3")
    state = opt.start(np.zeros((2, 2)))
    np.testing.assert_array_equal(state["sum"], np.full((2, 2), 3.0))


def test_rmsprop_first_step():
    opt = parse_optimizer("rmsprop")
    x, g = np.array([[0.0]]), np.array([[4.0]])
    state = opt.start(x)
    nxt = opt.update(x, g, np.array([[0.01]]), 0, state)
    np.testing.assert_allclose(nxt, -0.01 * 4.0 / (math.sqrt(0.01) * 4.0 + 1e-8), rtol=1e-14)
    np.testing.assert_allclose(opt.explain(state)["square_avg"], [[0.01 * 16.0]], rtol=1e-14)


def test_rmsprop_centered_state():
    opt = parse_optimizer("rmsprop:centered=true,momentum=0.5")
    x = np.zeros((3, 2))
    state = opt.start(x)
    opt.update(x, np.ones((3, 2)), np.full((3, 1), 0.01), 0, state)
    ex = opt.explain(state)
    assert set(ex) == {"square_avg", "grad_avg", "momentum_buffer"}
    np.testing.assert_allclose(ex["grad_avg"], 0.01, rtol=1e-14)


# --- vectorization and hygiene ---------------------------------------------------------


@pytest.mark.parametrize("text", VARIANTS)
def test_many_runs_equal_runs_one_by_one(text):
    rng = np.random.default_rng(7)
    runs, d, steps = 6, 2, 12
    x0 = rng.normal(size=(runs, d))
    lrs = rng.uniform(0.01, 0.2, size=(runs, steps))
    grads = rng.normal(size=(steps, runs, d))
    opt = parse_optimizer(text)

    def go(rows):
        x = x0[rows].copy()
        state = opt.start(x)
        out, ex = [], []
        for k in range(steps):
            x = opt.update(x, grads[k][rows], lrs[rows, k : k + 1], k, state)
            out.append(x)
            ex.append(opt.explain(state))
        return np.stack(out), ex

    together, ex_all = go(slice(None))
    for r in range(runs):
        alone, ex_one = go(slice(r, r + 1))
        np.testing.assert_array_equal(alone[:, 0], together[:, r])
        for a, b in zip(ex_one, ex_all, strict=True):
            assert set(a) == set(b)
            for name in a:
                np.testing.assert_array_equal(a[name][0], b[name][r])


@pytest.mark.parametrize("text", VARIANTS)
def test_update_leaves_inputs_alone(text):
    opt = parse_optimizer(text)
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    g = np.array([[0.2, 0.1], [-1.0, 2.0]])
    lr = np.array([[0.1], [0.2]])
    xc, gc, lc = x.copy(), g.copy(), lr.copy()
    state = opt.start(x)
    for k in range(3):
        nxt = opt.update(x, g, lr, k, state)
        assert nxt.shape == x.shape and nxt.dtype == np.float64
        assert nxt is not x
    np.testing.assert_array_equal(x, xc)
    np.testing.assert_array_equal(g, gc)
    np.testing.assert_array_equal(lr, lc)


@pytest.mark.parametrize(
    "text,keys",
    [
        ("sgd", set()),
        ("sgd:weight_decay=0.1", set()),
        ("momentum", {"momentum_buffer"}),
        ("nesterov", {"momentum_buffer"}),
        ("adagrad", {"sum"}),
        ("rmsprop", {"square_avg"}),
        ("rmsprop:momentum=0.5", {"square_avg", "momentum_buffer"}),
        ("rmsprop:centered=true", {"square_avg", "grad_avg"}),
        ("adam", {"m_hat", "v_hat"}),
        ("adamw", {"m_hat", "v_hat"}),
        ("adamw:amsgrad=true", {"m_hat", "v_hat", "max_v_hat"}),
    ],
)
def test_explain_names_and_copies(text, keys):
    opt = parse_optimizer(text)
    x = np.ones((4, 3))
    state = opt.start(x)
    assert all(v.shape == (4, 3) for v in state.values())
    opt.update(x, np.full((4, 3), 0.5), np.full((4, 1), 0.1), 0, state)
    ex = opt.explain(state)
    assert set(ex) == keys
    assert tuple(ex) == opt.explains  # what the recorders reserve and the loop on floats logs, in order
    for value in ex.values():
        assert value.shape == (4, 3)
        before = {n: s.copy() for n, s in state.items()}
        value[...] = 123.0  # a copy: the optimizer's state is untouched
        for n, s in state.items():
            np.testing.assert_array_equal(s, before[n])


def test_scalar_lr_broadcasts():
    opt = parse_optimizer("adam")
    x = np.ones((3, 1))
    a = opt.update(x, x, 0.1, 0, opt.start(x))
    b = opt.update(x, x, np.full((3, 1), 0.1), 0, opt.start(x))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    "text,decoupled,symbols,headers",
    [
        ("momentum", False, ["b"], ["buf"]),
        ("adagrad", False, ["s"], ["Σg²"]),
        ("rmsprop:centered=true,momentum=0.5", False, ["v", "ḡ", "b"], ["E[g²]", "E[g]", "buf"]),
        ("adam:amsgrad=true", False, ["m̂", "v̂", "v̂max"], ["m̂", "v̂", "max_v_hat"]),
        ("adamw", True, ["m̂", "v̂"], ["m̂", "v̂"]),
    ],
)
def test_facts_on_the_object(text, decoupled, symbols, headers):
    """What the formula line, the step table and the JSON ask of an optimizer, never its name."""
    opt = parse_optimizer(text)
    assert opt.decoupled_weight_decay is decoupled
    assert [opt.shown(name).symbol for name in opt.explains] == symbols
    assert [opt.shown(name).header for name in opt.explains] == headers
    assert opt.shown("other").symbol == "other"  # a state it does not know is written by its name
