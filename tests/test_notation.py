"""How a function and its derivative read on screen: the blackboard's notation, not Python's."""

import pytest

from lrtui.analysis.analyse import analyse  # noqa: F401 - the verdicts' module loads with it
from lrtui.expr.function import parse_function
from lrtui.expr.notation import notation
from lrtui.teaching.scenario import Scenario, compute


@pytest.mark.parametrize(
    "code, reads",
    [
        ("(x-2)**2", "(x − 2)²"),
        ("x**2 + 10*sin(x)", "x² + 10·sin(x)"),
        ("2*x - 4", "2x − 4"),
        ("2*x + 10*cos(x)", "2x + 10·cos(x)"),
        ("-400*x*(-x**2 + y) + 2*x - 2", "−400x·(−x² + y) + 2x − 2"),
        ("x**(1/2)", "x^(1/2)"),
        ("x**-1", "x⁻¹"),
        ("-(x+1)**2", "−(x + 1)²"),
        ("(-x)**2", "(−x)²"),
        ("x - (-3)", "x − (−3)"),
        ("x/(2*y)", "x/(2y)"),
        ("2*pi*x", "2π·x"),
        ("Abs(x)", "|x|"),
        ("E**x", "e^x"),
    ],
)
def test_code_reads_as_on_a_blackboard(code, reads):
    assert notation(code) == reads


def test_what_is_not_an_expression_is_shown_as_it_is():
    assert notation("x if y else 2") == "x if y else 2"


@pytest.mark.parametrize(
    "typed, reads, derivative",
    [
        ("(x-2)^2", "(x − 2)²", "2x − 4"),
        ("x^2 + 10 sin(x)", "x² + 10·sin(x)", "2x + 10·cos(x)"),
        ("x**2 + 10*sin(x)", "x² + 10·sin(x)", "2x + 10·cos(x)"),
        ("(1-x)**2 + 100*(y-x**2)**2", "(1 − x)² + 100·(y − x²)²", "(∂f/∂x, ∂f/∂y) = (−400x·(−x² + y) + 2x − 2, −200x² + 200y)"),
        ("0.5x^2", "0.5x²", "x"),
        ("1e-3 x^2", "1e-3·x²", "x/500"),  # the derivative is exact: sympy keeps fractions
    ],
)
def test_a_typed_function_reads_in_its_typed_order_with_its_typed_numbers(typed, reads, derivative):
    f = parse_function(typed)
    assert f.notation == reads
    assert f.derivative_notation == derivative
    assert f.text == typed  # the text itself is kept as typed (the field, JSON, CSV)


def test_verdicts_write_the_minus_sign_as_the_notes_do():
    res = compute(Scenario.of("x**2 + 10*sin(x)", (3.0,), (0.3,), 100))
    verdict = res.analysis[0].verdict
    assert "×−1.523" in verdict and "×-" not in verdict
