"""Compositions (``A then@N B``, ``A and B``) against torch 2.13, quirks included.

tests/golden/compositions/compositions.json (scripts/make_golden_compositions.py) holds torch's η_k and momentum
for compositions the descent fixtures (tests/golden/catalogue) do not reach: parts with closed
forms, cycling momentum, OneCycleLR's overwrite of initial_lr, CyclicLR's own base_lr, warm
restarts, a MultiplicativeLR hand-over, two affine cosines chained. The hand-over at a milestone is
checked on its own below.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from lrtui.errors import InputError
from lrtui.optim.registry import parse_schedule

DATA = json.loads((Path(__file__).parent / "golden" / "compositions" / "compositions.json").read_text())
LRS = np.array(DATA["lrs"])


@pytest.mark.parametrize("text", list(DATA["sequences"]))
def test_composition_matches_torch(text):
    want = DATA["sequences"][text]
    sched = parse_schedule(text)
    got = sched.table(LRS, DATA["steps"])
    np.testing.assert_allclose(got, want["eta"], rtol=1e-13, atol=1e-300, err_msg=text)
    momenta = sched.momenta(DATA["steps"])
    if want["momentum"] is None:
        assert momenta is None
    else:
        np.testing.assert_allclose(momenta, want["momentum"], rtol=1e-15, atol=0, err_msg=text)


def test_the_hand_over_restarts_the_next_part_from_its_closed_form():
    """SequentialLR's milestone: the next part's epoch 0 from its base η, not from the η it is given."""
    t = parse_schedule("exponential:gamma=0.9 then@6 exponential:gamma=0.8").table([1.0], 8)[0]
    np.testing.assert_allclose(t[:6], 0.9 ** np.arange(6), rtol=1e-15)
    assert t[6] == 1.0 and t[7] == 0.8  # back to η at the milestone, then the second part's own steps
    t = parse_schedule("linear:start_factor=0.5,total_iters=2 then@4 linear:start_factor=0.25,total_iters=2"
                       ).table([1.0], 7)[0]
    np.testing.assert_allclose(t, [0.5, 0.75, 1.0, 1.0, 0.25, 0.625, 1.0, 1.0], rtol=1e-15)
    t = parse_schedule("exponential:gamma=0.5 then@3 multiplicative:f=0.9").table([1.0], 5)[0]
    np.testing.assert_allclose(t, [1.0, 0.5, 0.25, 0.25 * 0.9, 0.25 * 0.9 * 0.9, 0.25 * 0.9**3], rtol=1e-15)


def test_chained_parts_step_on_the_same_eta_and_a_closed_form_overwrites():
    lam_exp = parse_schedule("lambda:f=0.5^k and exponential:gamma=0.9").table([1.0], 3)[0]
    exp_lam = parse_schedule("exponential:gamma=0.9 and lambda:f=0.5^k").table([1.0], 3)[0]
    np.testing.assert_allclose(lam_exp, [1.0, 0.45, 0.225, 0.1125], rtol=1e-15)  # η·f(k)·γ: one γ
    np.testing.assert_allclose(exp_lam, [1.0, 0.5, 0.25, 0.125], rtol=1e-15)  # the lambda's η·f(k) only


def test_the_canonical_text_of_a_composition():
    assert parse_schedule(" LINEAR:total_iters=5  then@5  cosine:t_max=50,eta_min=0 ").text == (
        "linear then@5 cosine:t_max=50")
    assert parse_schedule("exponential:gamma=0.9 AND step:step_size=3").text == (
        "exponential:gamma=0.9 and step:step_size=3")
    recipe = parse_schedule("warmup_cosine:warmup=5,t_max=20")
    assert recipe.text == "warmup_cosine:warmup=5,t_max=20"
    assert recipe.expansion == "linear:start_factor=0.01,end_factor=1,total_iters=5 then@5 cosine:t_max=20,eta_min=0"


@pytest.mark.parametrize("text, message, column", [
    ("linear then@ cosine:t_max=5", "then@ needs the step where the next schedule takes over, e.g. then@10", 8),
    ("linear then@ 5 cosine:t_max=5", "then@ needs the step where the next schedule takes over, e.g. then@10", 8),
    ("linear then@x cosine:t_max=5", "then@x: the milestone must be a whole number of steps, e.g. then@10", 8),
    ("linear then@0 cosine:t_max=5", "then@0: a milestone is a step ≥ 1", 8),
    ("linear then@5 step:step_size=2 then@5 cosine:t_max=5", "then@5 must come after then@5: the milestones must "
                                                             "increase", 32),
    ("then@5 cosine:t_max=5", "nothing before 'then@5'", 1),
    ("linear then@5", "nothing after 'then@5'", 8),
    ("linear and  ", "nothing after 'and'", 8),
    ("linear then@5 cosine:t_max=5 and step:step_size=2", "a composition is made with then@ or with and, not both", 30),
    ("constant then@5 cosine:t_max=5", "constant is no schedule of torch's", 1),
    ("linear then@5 plateau", "plateau cannot be a part of a composition", 15),
    ("linear then@5 wsd:warmup=1,stable=2,decay=3", "wsd is a recipe and cannot be a part", 15),
    ("linear then@5 cosine:t_max=0", "cosine t_max must be an integer ≥ 1, got 0", 22),
    ("linear then@5 lambda:f=k^", "lambda f: the formula ends too early at column 26", 26),
])
def test_bad_compositions_are_refused_in_one_line_naming_the_bad_part(text, message, column):
    with pytest.raises(InputError) as info:
        parse_schedule(text)
    assert message in str(info.value) and "\n" not in str(info.value)
    assert info.value.field == "schedule" and info.value.column == column


def test_a_chained_composition_over_many_blocks_multiplies_in_torchs_order():
    """Past one block of interleaved steps (composition.BLOCK) the parts still alternate: η·γ1 then ·γ2."""
    from lrtui.optim.schedules.composition import BLOCK

    n = BLOCK + 50
    t = parse_schedule("step:step_size=1000,gamma=0.9 and exponential:gamma=0.9999").table([0.1, 0.2], n)
    lr, want = 0.2, [0.2]
    for k in range(1, n + 1):
        lr = lr * (0.9 if k % 1000 == 0 else 1.0)  # StepLR, then ExponentialLR, on the same η
        lr = lr * 0.9999
        want.append(lr)
    np.testing.assert_array_equal(t[1], want)
