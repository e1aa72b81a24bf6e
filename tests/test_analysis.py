"""The analysis: x*, f''(x*), critical and optimal η, and verdicts that are right."""

import pytest

from lrtui.expr import parse_function
from lrtui.scenario import run


def analyse(text, x0, lrs, steps=200, tol=1e-8):
    return run(parse_function(text), [x0], lrs, steps, tol=tol).analysis


def test_quadratic_critical_is_one_and_optimum_one_half():
    a = analyse("(x-2)**2", 10.0, [0.01, 0.1, 0.5, 1.0, 1.5], steps=100)
    for item in a:
        assert item.minimum == (2.0,)
        assert item.curvature == 2.0
        assert item.critical_lr == 1.0
        assert item.optimal_lr == 0.5
    assert "creeps" in a[0].verdict or "crawls" in a[0].verdict
    assert a[2].verdict == "η = 0.5 = 1/f'': reaches the minimum in one step"
    assert "bounces" in a[3].verdict
    assert a[4].verdict == "η = 1.5 > 2/f''(x*) = 1: diverges"


def test_between_optimal_and_critical_oscillates_and_settles():
    (a,) = analyse("(x-2)**2", 10.0, [0.8])
    assert "oscillates" in a.verdict and "settling" in a.verdict
    assert "×-0.6" in a.verdict


def test_wiggly_minimum_and_critical_eta():
    (a,) = analyse("x**2 + 10*sin(x)", 3.0, [0.3], steps=1000)
    assert a.minimum[0] == pytest.approx(3.8374671, abs=1e-6)
    assert a.critical_lr == pytest.approx(0.2378, abs=5e-5)
    assert a.verdict.startswith("η = 0.3 > 2/f''(x*) = 0.2378: cannot settle")


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


def test_a_kink_is_named():
    (a,) = analyse("abs(x)", 3.0, [0.4], steps=50)
    assert a.minimum == (0.0,)
    assert a.verdict.startswith("f has a kink at x* = 0 (f' jumps by 2 there)")


def test_the_critical_eta_on_a_non_quadratic_is_called_the_edge():
    (a,) = analyse("1 - exp(-(x-1)**2)", 3.5, [1.0], steps=20)
    assert "on the edge" in a.verdict and "forever" not in a.verdict


def test_a_pole_of_f_prime_is_not_a_minimum():
    # f' = 2x + 1/x changes sign at 0 only through a pole: log(x) + x² has no minimum
    a = analyse("log(x) + x^2", 2.0, [0.1, 5.0], steps=30)
    assert all(item.minimum is None for item in a)
    assert all(item.verdict.startswith("left the domain of f at step") for item in a)


def test_a_far_start_still_names_the_minimum():
    (a,) = analyse("(x-2)**2", 1e15, [0.1], steps=20)
    assert a.minimum == (2.0,) and a.critical_lr == 1.0
    (a,) = analyse("(x-2)**2", -1e15, [0.3], steps=5)
    assert a.minimum == (2.0,)
    (a,) = analyse("abs(x)", 1e15, [0.4], steps=50)
    assert a.minimum == (0.0,)  # a root below the grid's resolution at 0 is still 0
