"""What a Result says about each run: the step taken, how it ended, its label — facts, not spellings."""

import numpy as np
import pytest

from lrtui.engine.descent import run
from lrtui.expr import parse_function
from lrtui.optim.registry import parse_optimizer, parse_schedule

QUAD = parse_function("(x-2)**2")
WIGGLY = parse_function("x**2 + 10*sin(x)")


def test_the_move_of_plain_descent_is_eta_times_the_gradient_at_every_record():
    res = run(QUAD, [10.0], [0.1], 5, tol=0)
    m = res.move(0)
    assert m.shape == (6, 1)
    assert m[0, 0] == pytest.approx(1.6) and m[5, 0] == 0.1 * res.grad[0, 5, 0]  # the next step, by the rule
    np.testing.assert_array_equal(m[:, 0], res.lr[0] * res.grad[0, :, 0])
    np.testing.assert_allclose(m[:-1, 0], res.x[0, :-1, 0] - res.x[0, 1:, 0], rtol=1e-15)


def test_the_move_of_another_optimizer_is_what_it_moved_and_nothing_after_the_last_record():
    res = run(QUAD, [10.0], [0.1], 5, tol=0, optimizers=[parse_optimizer("adam")])
    m = res.move(0)
    np.testing.assert_array_equal(m[:-1, 0], res.x[0, :-1, 0] - res.x[0, 1:, 0])
    assert np.isnan(m[-1, 0])  # no step was taken from the last record
    assert m[0, 0] == pytest.approx(0.1)  # Adam's first step is η·sign(g)
    np.testing.assert_array_equal(res.move(0, 2, 4), m[2:4])
    assert res.move(0, 4, 100).shape == (2, 1) and res.move(0, 6).shape == (0, 1)


def test_sgd_with_momentum_zero_is_plain_descent_and_moves_like_it():
    a = run(QUAD, [10.0], [0.1], 5, tol=0)
    b = run(QUAD, [10.0], [0.1], 5, tol=0, optimizers=[parse_optimizer("sgd:momentum=0")])
    assert b.is_plain(0) and b.optimizers[0].text == "sgd" and b.label(0) == a.label(0) == "η=0.1"
    np.testing.assert_array_equal(a.move(0), b.move(0))


def test_a_run_is_plain_only_while_its_eta_does_not_change():
    res = run(QUAD, [10.0], [0.1, 0.45], 30, schedule=parse_schedule("step:step_size=10,gamma=0.5"))
    assert res.status[1].value == "converged" and res.stopped_at[1] == 10 and res.is_plain(1)  # η_10 is never used
    assert not res.is_plain(0)  # halved at step 10: not one η
    assert not run(QUAD, [10.0], [0.1], 5, optimizers=[parse_optimizer("sgd:weight_decay=0.1")]).is_plain(0)


def test_labels_name_the_optimizer_when_it_is_not_plain_or_when_they_differ():
    res = run(QUAD, [10.0], [0.1], 5, optimizers=[parse_optimizer("sgd"), parse_optimizer("adam:beta1=0.8")])
    assert [res.label(r) for r in range(2)] == ["sgd η=0.1", "adam:beta1=0.8 η=0.1"]
    assert run(QUAD, [10.0], [0.1], 5, optimizers=[parse_optimizer("momentum")]).label(0) == "momentum η=0.1"


@pytest.mark.parametrize(
    "function, x0, lr, steps, words",
    [
        ("(x-2)**2", 10.0, 0.01, 20, "still moving at step 20"),
        ("(x-2)**2", 10.0, 0.5, 20, "converged at step 1"),
        ("(x-2)**2", 10.0, 1.0, 40, "bouncing between 2 points at step 40"),  # η = 2/f''
        ("(x-2)**2", 10.0, 1.5, 40, "diverged at step 10"),
        ("x**2 + 10*sin(x)", 3.0, 0.3, 1000, "in a cycle of 4 points at step 1,000"),
        ("abs(x)", 3.0, 0.4, 50, "bouncing between 2 points at step 50"),
        ("sqrt(x)", 1.0, 5.0, 10, "left the domain at step 1"),
        ("1e-300*x", 0.5, 1.0, 30, "at rest at step 30"),  # the step is below x's resolution
    ],
)
def test_how_a_run_ended_is_worded_once(function, x0, lr, steps, words):
    res = run(parse_function(function), [x0], [lr], steps, tol=1e-8 if "1e-300" not in function else 0)
    assert res.status_text(0) == words


def test_the_brief_words_for_a_status_line():
    res = run(QUAD, [10.0], [0.01, 0.5, 1.0], 40)
    assert [res.status_text(r, brief=True) for r in range(3)] == ["still moving at 40", "converged at 1", "bouncing at 40"]
    res = run(WIGGLY, [3.0], [0.3], 1000)
    assert res.status_text(0, brief=True) == "in a 4-cycle at 1,000"


def test_a_label_shows_the_whole_eta_never_a_rounded_one():
    from lrtui.teaching.scenario import Scenario, compute

    result = compute(Scenario(lrs=(0.0123456789, 0.1, 1e-08)))
    assert [result.label(r) for r in range(3)] == ["η=0.0123456789", "η=0.1", "η=1e-08"]
