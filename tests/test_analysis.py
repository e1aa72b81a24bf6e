"""The analysis: x*, f''(x*), critical and optimal η, and verdicts that are right."""

import numpy as np
import pytest

from lrtui.analysis.verdicts import regime
from lrtui.expr import parse_function
from lrtui.teaching.presets import PRESETS
from lrtui.teaching.scenario import compute, run


def analyse(text, x0, lrs, steps=200, tol=1e-8):
    return run(parse_function(text), [x0], lrs, steps, tol=tol).analysis


def test_quadratic_critical_is_one_and_optimum_one_half():
    a = analyse("(x-2)**2", 10.0, [0.01, 0.1, 0.5, 1.0, 1.5], steps=100)
    for item in a:
        assert item.minimum == (2.0,)
        assert item.curvature == 2.0
        assert item.critical_lr == 1.0
        assert item.optimal_lr == 0.5
    assert a[0].verdict == "η = 0.01 < 1/f'' = 0.5: crawls toward x* = 2 from one side (error ×0.98 per step)"
    assert a[1].verdict == "η = 0.1 < 1/f'' = 0.5: converges toward x* = 2 from one side (error ×0.8 per step)"
    assert a[2].verdict == "η = 0.5 = 1/f'': reaches the minimum in one step"
    assert a[3].verdict == "η = 1 = 2/f'': bounces between two points around x* = 2 forever (error ×−1 per step)"
    assert a[4].verdict == (
        "η = 1.5 > 2/f''(x*) = 1: overshoots and flips side every step, and diverges (error ×−2 per step)"
    )


@pytest.mark.parametrize(
    "r, words",
    [
        (0.95, "crawls"),
        (0.6, "converges"),
        (0.2, "converges fast"),
        (-0.5, "overshoots and flips side every step, and converges"),
        (-1.0, "bounces between two points forever"),
        (-1.2, "overshoots and flips side every step, and cannot settle"),
        (-0.2, "overshoots and flips side every step, and converges fast"),
        (-0.95, "overshoots and flips side every step, and crawls"),
        (0.5, "converges"),
        (0.9, "crawls"),
        (0.0, "converges fast"),
    ],
)
def test_the_regime_is_named_by_the_error_factor(r, words):
    assert regime(r) == words


def test_above_two_over_f_second_the_regime_says_whether_it_diverged():
    assert regime(-1.2, diverged=True) == "overshoots and flips side every step, and diverges"
    assert regime(-1.0 - 1e-12) == "bounces between two points forever"  # 2/f'' to rounding


@pytest.mark.parametrize(
    "eta, words",
    [
        (0.025, "η = 0.025 < 1/f'' = 0.5: crawls toward x* = 2 from one side (error ×0.95 per step)"),
        (0.2, "η = 0.2 < 1/f'' = 0.5: converges toward x* = 2 from one side (error ×0.6 per step)"),
        (0.4, "η = 0.4 < 1/f'' = 0.5: converges fast toward x* = 2 from one side (error ×0.2 per step)"),
        (0.75, "η = 0.75, between 1/f'' and 2/f'' = 1: overshoots and flips side every step, and converges around "
               "x* = 2 (error ×−0.5 per step)"),
        (1.0, "η = 1 = 2/f'': bounces between two points around x* = 2 forever (error ×−1 per step)"),
        (1.1, "η = 1.1 > 2/f''(x*) = 1: overshoots and flips side every step, and diverges (error ×−1.2 per step)"),
    ],
)
def test_the_verdict_uses_the_regime_of_r(eta, words):
    (a,) = analyse("(x-2)**2", 10.0, [eta], steps=40)
    assert a.verdict == words


def test_wiggly_minimum_and_critical_eta():
    (a,) = analyse("x**2 + 10*sin(x)", 3.0, [0.3], steps=1000)
    assert a.minimum[0] == pytest.approx(3.8374671, abs=1e-6)
    assert a.critical_lr == pytest.approx(0.2378, abs=5e-5)
    assert a.verdict == (
        "η = 0.3 > 2/f''(x*) = 0.2378: overshoots and flips side every step, and cannot settle at x* = 3.837 "
        "(error ×−1.523 per step); it ends in a cycle of 4 points"
    )


def test_wiggly_small_eta_converges_to_the_same_minimum():
    (a,) = analyse("x**2 + 10*sin(x)", 3.0, [0.05], steps=1000)
    assert a.minimum[0] == pytest.approx(3.8374671, abs=1e-6)
    assert a.optimal_lr == pytest.approx(1 / a.curvature)


def test_minimum_is_found_to_full_precision():
    (a,) = analyse("(x-1/3)**2 + (x-1/3)**4", 5.0, [0.01], steps=10)
    assert a.minimum[0] == pytest.approx(1 / 3, abs=1e-12)


def test_a_kink_has_no_critical_eta():
    (a,) = analyse("abs(x)", 3.0, [0.4], steps=50)
    assert a.minimum[0] == pytest.approx(0.0, abs=1e-9)
    assert a.critical_lr is None


def test_two_parameters_use_the_largest_hessian_eigenvalue():
    res = run(parse_function("x**2 + 10*y**2"), [3.0, 1.0], [0.05], 300)
    a = res.analysis[0]
    assert a.minimum == pytest.approx((0.0, 0.0), abs=1e-12)
    assert a.curvature == pytest.approx(20.0)
    assert a.critical_lr == pytest.approx(0.1)


def test_wiggly_eta_0_3_ends_in_a_cycle_of_four_points():
    (a,) = analyse("x**2 + 10*sin(x)", 3.0, [0.3], steps=1000)
    assert a.verdict.endswith("it ends in a cycle of 4 points")


def test_a_kink_names_the_bounce_and_never_says_still_moving():
    a = analyse("abs(x)", 3.0, [0.1, 0.4, 1.0], steps=50)
    assert a[0].verdict.endswith("no 2/f'' limit; it ends bouncing between two points around x*")
    assert a[1].verdict.endswith("no 2/f'' limit; it ends bouncing between two points around x*")
    assert a[2].verdict.endswith("no 2/f'' limit; converged at step 3")


def test_on_a_flat_stretch_the_verdict_gives_the_slope_where_the_run_is():
    res = compute(PRESETS["flat"].scenario)
    a = res.analysis[0]
    assert a.minimum == (1.0,) and a.critical_lr == pytest.approx(1.0)
    assert a.verdict == (
        "η = 0.1: still far from x* = 1: in 200 steps it went from 3.5 to 3.085, where the slope is only "
        "f' = 0.05404 (x*'s curvature alone would give 4.169), so each step moves x by just η·f' = 0.005404; "
        "once near x* it converges (error ×0.8 per step)"
    )
    x = float(res.x[0, 200, 0])
    assert f"{x:.4g}" == "3.085" and f"{float(res.grad[0, 200, 0]):.4g}" == "0.05404"  # the numbers quoted are the run's


def test_a_slow_run_on_a_parabola_is_never_called_far():
    (a,) = analyse("(x-2)**2", 1e6, [1e-4], steps=300)
    assert a.verdict.startswith("η = 0.0001 < 1/f'' = 0.5: crawls toward x* = 2")


def test_a_verdict_never_speaks_of_a_step_not_taken():
    (a,) = analyse("log(-x^2)", 1.0, [0.1], steps=20)
    assert a.verdict == "f is undefined at x0 = 1 (f(x0) = nan): no step was taken"
    (a,) = analyse("exp(x)", 800.0, [0.1], steps=20)
    assert a.verdict == "f is not finite at x0 = 800 (f(x0) = inf): no step was taken"
    (a,) = analyse("sqrt(x)", 1.0, [5.0], steps=20)
    assert a.verdict == "left the domain of f at step 1: the step from x = 1 landed on x = −1.5, where f is undefined"


def test_a_schedule_is_judged_at_its_first_and_last_eta():
    res = compute(PRESETS["step-decay"].scenario)
    assert res.analysis[0].verdict == (
        "η = 1 → 0.5 by the schedule: near x* = 2, fixed at 1 it bounces between two points forever "
        "(error ×−1 per step); at 0.5 it converges fast (error ×0 per step)"
    )
    assert res.lr[0, 10] == 0.5 and res.stopped_at[0] == 11  # the η of the last step taken


def test_a_schedule_that_sets_eta_whatever_the_run_s_says_the_run_s_eta_is_not_used():
    """onecycle with max_lr (cyclic with base_lr) gives every run the same η_k, as torch: the runs'
    η are labels only, and the verdict says so; without them it says nothing of the kind."""
    from lrtui.teaching.scenario import Scenario

    def given(optimizers: str = "sgd; adam", schedule: str = "onecycle:max_lr=0.3") -> Scenario:
        return Scenario.of("x^2 + 10 sin(x)", x0=6, lrs=(0.02, 0.05), steps=300, optimizers=optimizers,
                           schedule=schedule)

    res = compute(given())
    assert all("is not used (onecycle:max_lr=0.3 sets η_k whatever the η)" in a.verdict for a in res.analysis)
    assert "η = 0.05 is not used" in res.analysis[1].verdict
    assert np.array_equal(res.x[0], res.x[1])  # the two η: one run
    plain = compute(given("sgd", "cyclic:max_lr=0.3,base_lr=0.01,cycle_momentum=false"))
    assert plain.analysis[0].verdict.startswith("η = 0.02 is not used (cyclic:base_lr=0.01,max_lr=0.3,"
                                                "cycle_momentum=false sets η_k whatever the η); η = 0.01 → ")
    for schedule in ("onecycle", "cyclic:max_lr=0.3", "warmup_cosine:warmup=5,t_max=100", "plateau"):
        res = compute(given(schedule=schedule))
        assert not any("not used" in a.verdict for a in res.analysis), schedule


def test_a_kink_is_named():
    (a,) = analyse("abs(x)", 3.0, [0.4], steps=50)
    assert a.minimum == (0.0,)
    assert a.verdict.startswith("f has a kink at x* = 0 (f' jumps by 2 there)")


def test_the_critical_eta_on_a_non_quadratic_is_called_the_edge():
    (a,) = analyse("1 - exp(-(x-1)**2)", 3.5, [1.0], steps=20)
    assert "on the edge" in a.verdict and "forever" not in a.verdict and "settles" in a.verdict


def test_a_pole_of_f_prime_is_not_a_minimum():
    # f' = 2x + 1/x changes sign at 0 only through a pole: log(x) + x² has no minimum
    a = analyse("log(x) + x^2", 2.0, [0.1, 5.0], steps=30)
    assert all(item.minimum is None for item in a)
    assert [item.verdict for item in a] == [
        "left the domain of f at step 6: the step from x = 0.2776 landed on x = −0.1381, where f is undefined",
        "left the domain of f at step 1: the step from x = 2 landed on x = −20.5, where f is undefined",
    ]


def test_a_far_start_still_names_the_minimum():
    (a,) = analyse("(x-2)**2", 1e15, [0.1], steps=20)
    assert a.minimum == (2.0,) and a.critical_lr == 1.0
    (a,) = analyse("(x-2)**2", -1e15, [0.3], steps=5)
    assert a.minimum == (2.0,)
    (a,) = analyse("abs(x)", 1e15, [0.4], steps=50)
    assert a.minimum == (0.0,)  # a root below the grid's resolution at 0 is still 0
