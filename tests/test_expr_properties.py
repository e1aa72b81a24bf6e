"""Property tests: texts generated from the whitelist's grammar, and arbitrary characters.

Every text is answered (a Function or a one-line InputError, never "takes too long" for
texts this small), nothing else is raised, and where f is smooth the exact derivatives
agree with central differences. Derandomized: CI sees the same texts every time.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lrtui.errors import InputError
from lrtui.expr import Function, parse_function
from lrtui.expr.protocol import TOO_LONG

FUNCTIONS = ["sin", "cos", "tan", "asin", "acos", "atan", "arcsin", "sinh", "cosh", "tanh", "exp",
             "log", "ln", "log2", "log10", "sqrt", "abs", "sigmoid", "softplus", "relu"]
NUMBERS = st.sampled_from(["0", "1", "2", "3", "0.5", "2.5", "10", "1e-3", "1e3", ".25", "7"])
VARIABLES = st.sampled_from(["x", "y", "x", "pi", "e"])
ATOMS = st.one_of(VARIABLES, VARIABLES, NUMBERS)  # mostly variables: most texts are functions of them
OPERATORS = st.sampled_from(["+", "-", "*", "/", "^", "**"])
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _compound(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(parts, OPERATORS, parts).map(lambda t: f"({t[0]}){t[1]}({t[2]})"),
        st.tuples(parts, OPERATORS, parts).map(lambda t: f"{t[0]} {t[1]} {t[2]}"),
        st.tuples(st.sampled_from(FUNCTIONS), parts).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(NUMBERS, parts).map(lambda t: f"{t[0]}({t[1]})"),  # implicit multiplication
        st.tuples(NUMBERS, st.sampled_from(FUNCTIONS), parts).map(lambda t: f"{t[0]}{t[1]}({t[2]})"),
        parts.map(lambda p: f"-({p})"),
    )


GRAMMAR = st.recursive(ATOMS, _compound, max_leaves=12)
POINTS = [(0.3, 0.4), (1.7, -1.1), (-0.6, 0.8)]


def answer(text: str) -> Function | InputError:
    try:
        return parse_function(text)
    except InputError as error:
        assert error.field == "function"
        assert "\n" not in str(error) and str(error) != TOO_LONG, (text, str(error))
        return error


@SETTINGS
@given(GRAMMAR)
def test_grammar_texts_are_answered_and_derivatives_agree_with_differences(text):
    f = answer(text)
    if isinstance(f, InputError):
        return
    d = len(f.parameters)
    for point in POINTS:
        X = np.array([point[:d]])
        with np.errstate(all="ignore"):
            loss, grad, hessian = f.loss(X)[0], f.gradient(X)[0], f.hessian(X)[0]
            for i in range(d):
                _agrees(lambda Z: f.loss(Z), X, i, loss, grad[i], text)
                for j in range(d):
                    _agrees(lambda Z, j=j: f.gradient(Z)[:, j], X, i, grad[j], hessian[j, i], text)


def _agrees(g, X: np.ndarray, i: int, value: float, exact: float, text: str) -> None:
    """exact ≈ ∂g/∂x_i at X, wherever central differences at two steps agree (g smooth there)."""
    h = 1e-4 * (1.0 + abs(X[0, i]))
    e = np.zeros_like(X)
    e[0, i] = h
    coarse = (g(X + e)[0] - g(X - e)[0]) / (2 * h)
    fine = (g(X + e / 4)[0] - g(X - e / 4)[0]) / (h / 2)
    if not np.all(np.isfinite([value, exact, coarse, fine])):
        return
    noise = 1e-12 * (1.0 + abs(value)) / h  # rounding in the differences
    if abs(coarse - fine) > 1e-4 * (1.0 + abs(fine)) + noise:
        return  # a kink, a pole or steep curvature nearby: differences say nothing here
    assert abs(exact - fine) <= 2 * abs(coarse - fine) + 1e-6 * (1.0 + abs(fine)) + 4 * noise, (text, X, i)


@SETTINGS
@given(st.text(alphabet=st.sampled_from(list("xye+-*/^().,0123456789 sincoexplgtarhqubdm_[]{}=<>!%&|~:;'\"#@²１ｘ\t")),
               max_size=40))
def test_any_characters_are_answered(text):
    answer(text)


@pytest.mark.parametrize("text", ["x^2 + 10sin(x)", "sigmoid(2x-1)*softplus(y)", "log2(x^2+1) + atan(x*y)"])
def test_the_checks_can_fail(text):
    """The derivative check above would notice a wrong derivative (here: the loss's, doubled)."""
    f = parse_function(text)
    X = np.array([POINTS[0][: len(f.parameters)]])
    with pytest.raises(AssertionError):
        _agrees(lambda Z: f.loss(Z), X, 0, f.loss(X)[0], 2 * f.gradient(X)[0, 0], text)
