"""Runs that overflow are diverged, not "left the domain": a NaN or ∞ where x or f is near the
float limit is an overflow; the same NaN or ∞ elsewhere is f's domain (√x at 0, log of a negative)."""

import pytest

from lrtui.teaching.scenario import Scenario, compute


@pytest.mark.parametrize(
    ("function", "x0", "lr", "status", "at"),
    [
        ("x^2 - y^2", (-1e308, 1e308), 0.1, "diverged", 0),  # f(x0) = ∞ − ∞
        ("1e308*x^2", (1.0,), 0.1, "diverged", 0),  # f'(x0) = 2e308
        ("x^2 + y^2", (2e154, 1.0), 0.1, "diverged", 0),  # f(x0) = 4e308 = ∞
        ("sqrt(x)", (1.0,), 2.0, "left_domain", 1),  # lands on 0, where f' is not finite
        ("log(x)", (1.0,), 2.0, "left_domain", 1),  # lands on −1, where f is undefined
    ],
)
def test_an_overflow_is_a_divergence_and_a_domain_edge_is_not(function, x0, lr, status, at):
    result = compute(Scenario.of(function=function, x0=x0, lrs=(lr,), steps=5))
    assert (result.status[0].value, int(result.stopped_at[0])) == (status, at)
