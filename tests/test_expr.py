"""lrtui.expr: the whitelist parser, exact derivatives, compiled evaluation.

Every text goes through the real symbolic worker (parse_function); the worker's own
functions are called in-process only where a test changes one of its bounds.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import sympy as sp

import lrtui.expr.derive as derive_module
from lrtui.errors import InputError
from lrtui.expr import Function, parse_function
from lrtui.expr.derive import derive
from lrtui.expr.grammar import read
from lrtui.problem import Problem

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)


# -- accepted texts ---------------------------------------------------------------------------
# (text, expected): a sympy expression (compared exactly), or a float: f(0.7) (f(0.7, 0.3) in 2-D)
ACCEPTED = [
    ("(x-2)^2", (x - 2) ** 2),
    ("(x-2)**2", (x - 2) ** 2),
    ("x**2 + 10*sin(x)", x**2 + 10 * sp.sin(x)),
    ("2x", 2 * x),
    ("3(x-1)", 3 * (x - 1)),
    ("10sin(x)", 10 * sp.sin(x)),
    ("3x^2", 3 * x**2),
    ("2pi", 2 * sp.pi),
    ("0.5x", x / 2),
    ("1e-3x", x / 1000),
    ("1e-3", sp.Rational(1, 1000)),
    ("1E+2*x", 100 * x),
    (".5x^2", x**2 / 2),
    ("2 e", 2 * sp.E),
    ("2*e", 2 * sp.E),
    ("2exp(x)", 2 * sp.exp(x)),
    ("1e5e", 100000 * sp.E),
    ("0e-999", sp.Integer(0)),
    ("1e-310", sp.Rational(1, 10**310)),
    ("1e310 - 1e310 + x", x),
    ("0.000001e-300", sp.Rational(1, 10**306)),
    ("e^x", sp.exp(x)),
    ("-x", -x),
    ("+x", x),
    ("--x", x),
    ("x^-1", 1 / x),
    ("x^0.5", sp.sqrt(x)),
    ("2^x", 2**x),
    ("x^x", x**x),
    ("x*y", x * y),
    ("x y", x * y),
    ("(x+1)sin(x)", (x + 1) * sp.sin(x)),
    ("2pi x", 2 * sp.pi * x),
    ("(1-x)^2+100(y-x^2)^2", (1 - x) ** 2 + 100 * (y - x**2) ** 2),
    ("y^2", y**2),
    ("  x + 1  ", x + 1),
    ("5", sp.Integer(5)),
    ("x - x", sp.Integer(0)),
    ("pi", sp.pi),
    ("sin(x)+cos(x)+tan(x)", math.sin(0.7) + math.cos(0.7) + math.tan(0.7)),
    ("asin(x)+acos(x)+atan(x)", math.asin(0.7) + math.acos(0.7) + math.atan(0.7)),
    ("arcsin(x)+arccos(x)+arctan(x)", math.asin(0.7) + math.acos(0.7) + math.atan(0.7)),
    ("sinh(x)*cosh(x)/tanh(x)", math.sinh(0.7) * math.cosh(0.7) / math.tanh(0.7)),
    ("exp(x)", math.exp(0.7)),
    ("log(x)", math.log(0.7)),
    ("ln(x)", math.log(0.7)),
    ("log2(x)", math.log2(0.7)),
    ("log10(x)", math.log10(0.7)),
    ("log2(8)", 3.0),
    ("sqrt(x)", math.sqrt(0.7)),
    ("abs(x-2)", 1.3),
    ("sigmoid(x)", 1 / (1 + math.exp(-0.7))),
    ("softplus(x)", math.log1p(math.exp(0.7))),
    ("relu(x-1)", 0.0),
    ("relu(x)", 0.7),
    ("10^300/10^299 * x", 7.0),
    ("sin(x)^2 + cos(x)^2", 1.0),
    ("x^2 + 10y^2", 0.49 + 0.9),
    ("exp(-(x^2+y^2))", math.exp(-0.58)),
    ("sin(x*y)", math.sin(0.21)),
    # constants are worked out exactly, then rounded once (10^20 - 63661977236758134307·pi/2 in
    # floating point would lose every digit); sympy trips over trig of huge numbers, so those
    # are kept as their value
    ("x*(1e20 - 63661977236758134307*pi/2)", 0.7 * float((10**20 - 63661977236758134307 * sp.pi / 2).evalf(40))),
    ("asin(cos(1e20))", float(sp.asin(sp.cos(sp.Integer(10) ** 20)).evalf(40))),
    ("asin(cos(1e300)) + x", 0.7 + float(sp.asin(sp.cos(sp.Integer(10) ** 300).evalf(40)).evalf(40))),
    ("sin(1e300)^2 + cos(1e300)^2", 1.0),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_accepted(text, expected):
    f = parse_function(text)
    assert isinstance(f, Function)
    assert f.text == text.strip()
    if isinstance(expected, sp.Basic):
        assert f.expression == str(expected)
    else:
        point = [0.7, 0.3][: len(f.parameters)]
        assert f.loss(np.array([point]))[0] == pytest.approx(expected, rel=1e-12, abs=1e-12)


def test_parameters():
    assert parse_function("(x-2)^2").parameters == ("x",)
    assert parse_function("5").parameters == ("x",)
    assert parse_function("pi").parameters == ("x",)
    assert parse_function("x + y").parameters == ("x", "y")
    assert parse_function("(y-1)^2").parameters == ("x", "y")  # y named: 2-D
    assert parse_function("x + y - y").parameters == ("x", "y")


def test_symbols_are_real():
    expr, parameters = read("abs(x) + y")
    assert parameters == ("x", "y")
    assert all(s.is_real for s in expr.free_symbols)
    assert parse_function("abs(x)").derivative_text == "sign(x)"


def test_is_a_problem():
    assert isinstance(parse_function("(x-2)^2"), Problem)
    assert isinstance(parse_function("x^2 + y^2"), Problem)


# -- derivative texts -------------------------------------------------------------------------
DERIVATIVE_TEXTS = [
    ("(x-2)^2", "2*x - 4"),
    ("x**2 + 10*sin(x)", "2*x + 10*cos(x)"),
    ("5", "0"),
    ("3x", "3"),
    ("softplus(x)", "sigmoid(x)"),
    ("sigmoid(x)", "(1 - sigmoid(x))*sigmoid(x)"),
    ("relu(x)", "Heaviside(x)"),
    ("abs(x-2)", "sign(x - 2)"),
    ("abs(log(x))", "sign(log(x))/x"),
    ("log(x)", "1/x"),
    ("x^2 + 10y^2", "(∂f/∂x, ∂f/∂y) = (2*x, 20*y)"),
]


@pytest.mark.parametrize(("text", "expected"), DERIVATIVE_TEXTS)
def test_derivative_text(text, expected):
    assert parse_function(text).derivative_text == expected


def test_gradient_texts():
    assert parse_function("(x-2)^2").gradient_texts == ("2*x - 4",)
    assert parse_function("x^2 + 10y^2").gradient_texts == ("2*x", "20*y")
    assert parse_function("x*y").gradient_texts == ("y", "x")


# -- refused texts ----------------------------------------------------------------------------
# (text, fragment of the message, column)
REFUSED = [
    ("", "empty", 1),
    ("   ", "empty", 1),
    ("x" + "+x" * 150, "too long", 301),
    ("z + 1", "unknown name 'z'", 1),
    ("x + z", "unknown name 'z'", 5),
    ("xy", "unknown name 'xy'", 1),
    ("x.real", "attributes are not allowed", 1),
    ("x[0]", "subscripts are not allowed", 1),
    ("'x'", "strings are not allowed", 1),
    ('x + "a"', "strings are not allowed", 5),
    ("(x)(2)", "'x' is not a function", 1),
    ("x(2)", "'x' is not a function", 1),
    ("pi(2)", "'pi' is not a function", 1),
    ("sin(x)(2)", "only named functions can be called", 1),
    ("(x+1)(x-1)", "only named functions can be called", 1),
    ("f(x)", "unknown function 'f'", 1),
    ("__import__(x)", "unknown function '__import__'", 1),
    ("sin(x=1)", "keyword arguments are not allowed", 7),
    ("sin(*x)", "'*' unpacking is not allowed", 5),
    ("sin()", "sin takes exactly one argument, got 0", 1),
    ("sin(x, 2)", "sin takes exactly one argument, got 2", 1),
    ("sin", "'sin' needs one argument", 1),
    ("x + sin", "'sin' needs one argument", 5),
    ("sin x", "'sin' needs its argument in parentheses", 1),
    ("x; 1", "only one expression is allowed", 2),
    ("x\n1", "only one expression is allowed", 2),
    ("[x for x in y]", "comprehensions are not allowed", 1),
    ("(x for x in y)", "comprehensions are not allowed", 1),
    ("lambda: 1", "lambdas are not allowed", 1),
    ("(x := 1)", "':=' is not allowed", 2),
    ("x < 1", "comparisons are not allowed", 1),
    ("x == 1", "comparisons are not allowed", 1),
    ("x and y", "'and'/'or' are not allowed", 1),
    ("x or y", "'and'/'or' are not allowed", 1),
    ("not x", "'not' is not allowed", 1),
    ("x % 2", "the operator '%' is not allowed", 3),
    ("x // 2", "the operator '//' is not allowed", 3),
    ("x @ x", "the operator '@' is not allowed", 3),
    ("x | 1", "the operator '|' is not allowed", 3),
    ("x & 1", "the operator '&' is not allowed", 3),
    ("x << 1", "the operator '<<' is not allowed", 3),
    ("~x", "'~' is not allowed", 1),
    ("x if x else 1", "conditional expressions are not allowed", 1),
    ("{1: 2}", "dicts are not allowed", 1),
    ("{1}", "sets are not allowed", 1),
    ("[1]", "lists are not allowed", 1),
    ("(1, 2)", "tuples", 1),
    ("x, 1", "tuples", 1),
    ("1j", "complex numbers are not allowed", 1),
    ("x + 2J", "complex numbers are not allowed", 5),
    ("True", "True/False are not allowed", 1),
    ("False * x", "True/False are not allowed", 1),
    ("None", "None is not allowed", 1),
    ("...", "'...' is not allowed", 1),
    ("(x", "unbalanced parenthesis", 1),
    ("x)", "unbalanced parenthesis", 2),
    ("sin(x", "unbalanced parenthesis", 4),
    ("(x]", "unbalanced bracket", 3),
    ("x +", "ends too early", 4),
    ("x^", "ends too early", 3),
    ("x y 2", "syntax error", 5),
    ("1.5.3", "syntax error", 4),
    ("x = 1", "syntax error", 3),
    ("x # comment", "comments", 3),
    ("x²", "unexpected character '²' at column 2 (write ^ for a power, e.g. x^2)", 2),
    ("x + ｘ", "unexpected character 'ｘ'", 5),
    ("x + １", "non-ASCII digit '１' at column 5 (write numbers with the digits 0-9)", 5),
    ("٣x", "non-ASCII digit '٣'", 1),
    ("x^２", "non-ASCII digit", 3),
    ("x \u2212 1", "unexpected character '\u2212' at column 3 (write the minus sign as '-')", 3),
    ("1e", "unfinished number '1e' at column 1 (an exponent needs digits, e.g. 1e3; write 1*e for 1·e)", 1),
    ("2e", "unfinished number '2e'", 1),
    ("x + 2E", "unfinished number '2E'", 5),
    ("1.5e", "unfinished number '1.5e'", 1),
    ("3e^x", "unfinished number '3e'", 1),
    ("1e-", "unfinished number '1e'", 1),
    ("1e+x", "unfinished number '1e'", 1),
    ("1e-400", "number too small at column 1 (the smallest is 1e-310; write 0 for zero)", 1),
    ("x + 0.001e-308", "number too small", 5),
    ("1e-300 * 1e-300 * x", "number too small or too precise (over 310 digits)", 8),
    ("9**9**9**9", "exponent too large", 5),
    ("x**(10**100000)", "exponent too large", 7),
    ("2**10**10", "exponent too large", 2),
    ("x^1001", "exponent too large", 2),
    ("x^-1001", "exponent too large", 2),
    ("10^311", "exponent too large", 3),
    ("(10^300)^2", "exponent too large", 9),
    ("(3x)^1000", "exponent too large", 5),
    ("(10^305+7)^(1/3)", "number too large for a fractional power", 11),
    ("sqrt(10^305)", "number too large for a fractional power", 1),
    ("10^300 * 10^300", "number too large (over 310 digits)", 8),
    ("1" * 101, "number longer than 100 digits", 1),
    ("1e311", "number too large at column 1 (at most 1e310)", 1),
    ("12345e307", "number too large", 1),
    ("(" * 51 + "x" + ")" * 51, "nesting deeper than 50", 51),
    ("-" * 60 + "x", "nesting deeper than 50", 52),
    ("1/0", "'1/0' is undefined", 2),
    ("x/0", "'x/0' is undefined", 2),
    ("0^-1", "undefined", 2),
    ("log(0)", "'log(0)' is undefined", 1),
    ("tan(pi/2)", "undefined", 1),
    ("log(-1)", "'log(-1)' is not a real number", 1),
    ("sqrt(-1)", "not a real number", 1),
    ("(-8)^(1/3)", "a negative number to a fractional power", 5),
    ("(-2)^(1/10^300)", "a negative number to a fractional power", 5),
    ("asin(2)", "'asin(2)' is not a real number", 1),
    ("x * acos(-3/2)", "'acos(-3/2)' is not a real number", 5),
    ("(sin(3)-1)^0.5", "not a real number", 11),
    ("log(log(asin(pi)))", "'asin(pi)' is not a real number", 9),
    ("(-1)^x", "a negative number to a variable power", 5),
    ("x*0^(x^2+1)", "0 to a variable power", 4),
    ("(x+1)^(y+10^300)", "exponent too large", 6),
    ("pi^1000 * x", "'pi^1000' is too large or undefined", 3),
    ("tan(tan(exp(1e300)))", "exponent too large", 9),
    ("exp(10^300*log(2)) + x", "exponent too large", 1),
    ("e^(x + 10^300*ln(2))", "exponent too large", 2),
    ("sinh(1000) * x", "'sinh(1000)' is too large or undefined", 1),
    ("x^0.0001", "fractional exponent finer than 1/1000", 2),
    ("2^(10000x)", "exponent too large", 2),
    ("(10^300 x)^(y+9990)", "exponent too large", 11),
    ("x^(2^(2^(2^(2^(2^(2^(2^(2^(2^x)))))))))", "more than 8 powers in one another", 26),
]


@pytest.mark.parametrize(("text", "fragment", "column"), REFUSED, ids=[repr(t[0])[:40] for t in REFUSED])
def test_refused(text, fragment, column):
    with pytest.raises(InputError) as caught:
        parse_function(text)
    error = caught.value
    assert fragment in str(error)
    assert error.field == "function"
    assert error.column == column
    assert f"at column {column}" in str(error)
    assert "\n" not in str(error)


def test_unknown_name_lists_what_is_allowed():
    with pytest.raises(InputError) as caught:
        parse_function("(x-z)^2")
    assert str(caught.value) == (
        "unknown name 'z' at column 4 (use x, y, pi, e and sin, cos, tan, asin, acos, atan, "
        "sinh, cosh, tanh, exp, log, ln, log2, log10, sqrt, abs, sigmoid, softplus, relu)"
    )


def test_columns_count_leading_blanks():
    with pytest.raises(InputError) as caught:
        parse_function("  x + z")
    assert caught.value.column == 7


# -- derivatives against central differences --------------------------------------------------
ONE_D = [
    ("(x-2)^2", [-1.0, 0.5, 3.0]),
    ("x^4 - 3x^3 + 2", [-1.0, 0.5, 2.5]),
    ("x**2 + 10*sin(x)", [-2.0, 0.3, 4.0]),
    ("sin(3x) + x^2/10", [-1.0, 0.2, 2.0]),
    ("cos(x)^3", [-1.0, 0.4, 2.0]),
    ("tan(x)", [-1.0, 0.3, 1.2]),
    ("asin(x/2)", [-1.5, 0.1, 1.2]),
    ("acos(x/2)", [-1.5, 0.1, 1.2]),
    ("atan(x)", [-3.0, 0.5, 4.0]),
    ("sinh(x)", [-2.0, 0.5, 2.0]),
    ("cosh(x)", [-2.0, 0.5, 2.0]),
    ("tanh(2x)", [-1.0, 0.1, 1.0]),
    ("exp(-x^2)", [-1.0, 0.2, 1.5]),
    ("log(x)", [0.3, 1.0, 5.0]),
    ("log2(x) + log10(x)", [0.3, 1.0, 5.0]),
    ("sqrt(x)", [0.3, 1.0, 5.0]),
    ("x*sqrt(x^2+1)", [-2.0, 0.5, 3.0]),
    ("abs(x-1)^3", [-1.0, 0.5, 3.0]),
    ("sigmoid(x)", [-4.0, 0.0, 2.0]),
    ("softplus(x)", [-4.0, 0.0, 2.0]),
    ("relu(x)^2 + x", [-1.0, 0.5, 2.0]),
    ("x^x", [0.5, 1.0, 2.0]),
    ("2^x", [-1.0, 0.5, 2.0]),
    ("1/(1+x^2)", [-2.0, 0.3, 1.5]),
    ("x^2/(1+x^2)", [-2.0, 0.3, 1.5]),
    ("exp(sin(x))", [-2.0, 0.3, 1.5]),
    ("log(1+exp(x))", [-3.0, 0.3, 3.0]),
    ("sin(x)*exp(-x/5)", [-2.0, 0.3, 4.0]),
    ("x^3 - x", [-2.0, 0.3, 1.5]),
    ("(x^2-1)^2", [-2.0, 0.3, 1.5]),
    ("sin(pi x) + e^x", [-1.0, 0.3, 1.5]),
    ("sigmoid(2x-1)*softplus(x)", [-1.0, 0.3, 1.5]),
]


@pytest.mark.parametrize(("text", "points"), ONE_D, ids=[t for t, _ in ONE_D])
def test_derivatives_1d(text, points):
    f = parse_function(text)
    h = 1e-5
    for p in points:
        fd1 = (f.value(p + h) - f.value(p - h)) / (2 * h)
        fd2 = (f.d1(p + h) - f.d1(p - h)) / (2 * h)
        assert f.d1(p) == pytest.approx(fd1, rel=1e-6, abs=1e-6), (text, p)
        assert f.d2(p) == pytest.approx(fd2, rel=1e-6, abs=1e-6), (text, p)
        assert f.gradient(np.array([[p]]))[0, 0] == f.d1(p)
        assert f.hessian(np.array([[p]]))[0, 0, 0] == f.d2(p)


TWO_D = [
    "(1-x)^2 + 100(y-x^2)^2",
    "(x^2+y-11)^2 + (x+y^2-7)^2",
    "x^2 + 10y^2",
    "sin(x)*cos(y) + (x^2+y^2)/10",
    "exp(-(x^2+y^2)) * x*y",
    "log(1+x^2+y^2)",
    "sqrt(1+x^2+2y^2)",
    "sigmoid(x*y) + softplus(x-y)",
    "x^2*y^3 - x*y",
    "atan(x/(1+y^2))",
    "20 + x^2 - 10cos(2pi x) + y^2 - 10cos(2pi y)",
]


@pytest.mark.parametrize("text", TWO_D)
def test_derivatives_2d(text):
    f = parse_function(text)
    assert f.parameters == ("x", "y")
    h = 1e-5
    points = np.array([[0.3, -0.4], [1.2, 0.7], [-0.8, 1.5]])
    g = f.gradient(points)
    H = f.hessian(points)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        fd = (f.loss(points + e) - f.loss(points - e)) / (2 * h)
        np.testing.assert_allclose(g[:, i], fd, rtol=1e-6, atol=1e-6)
        fd2 = (f.gradient(points + e) - f.gradient(points - e)) / (2 * h)
        np.testing.assert_allclose(H[:, :, i], fd2, rtol=1e-5, atol=1e-5)
    np.testing.assert_array_equal(H, np.transpose(H, (0, 2, 1)))


# -- shapes -----------------------------------------------------------------------------------
SHAPES = ["(x-2)^2", "5", "x", "2x", "x - x", "pi", "x^2 + y^2", "y", "x + y", "3", "x*y"]


@pytest.mark.parametrize("text", SHAPES)
@pytest.mark.parametrize("n", [1, 7])
def test_shapes(text, n):
    f = parse_function(text)
    d = len(f.parameters)
    X = np.linspace(-1.0, 1.0, n * d).reshape(n, d)
    for out, shape in [(f.loss(X), (n,)), (f.gradient(X), (n, d)), (f.gradient(X, step=3), (n, d)),
                       (f.hessian(X), (n, d, d)), (f.loss_and_gradient(X)[0], (n,)),
                       (f.loss_and_gradient(X)[1], (n, d))]:
        assert out.shape == shape
        assert out.dtype == np.float64
        assert out.flags.writeable


@pytest.mark.parametrize("text", ["x", "x^2/2", "y", "x*y", "x + y"])
def test_outputs_never_alias_the_input(text):
    f = parse_function(text)
    X = np.array([[1.0, 2.0], [3.0, 4.0]])[:, : len(f.parameters)]
    outputs = [f.loss(X), f.gradient(X), f.hessian(X), *f.loss_and_gradient(X)]
    assert not any(np.shares_memory(out, X) for out in outputs)


def test_loss_and_gradient_match():
    f = parse_function("(1-x)^2 + 100(y-x^2)^2")
    X = np.array([[0.5, -0.2], [1.0, 1.0], [-1.2, 1.0]])
    loss, grad = f.loss_and_gradient(X)
    np.testing.assert_array_equal(loss, f.loss(X))
    np.testing.assert_array_equal(grad, f.gradient(X))


def test_constant_values():
    f = parse_function("5")
    X = np.zeros((4, 1))
    np.testing.assert_array_equal(f.loss(X), [5.0] * 4)
    np.testing.assert_array_equal(f.gradient(X), np.zeros((4, 1)))
    np.testing.assert_array_equal(f.hessian(X), np.zeros((4, 1, 1)))
    g = parse_function("2x + 3y")
    np.testing.assert_array_equal(g.gradient(np.ones((3, 2))), [[2.0, 3.0]] * 3)


def test_one_d_conveniences():
    f = parse_function("(x-2)^2")
    assert f.value(3.0) == 1.0 and isinstance(f.value(3.0), float)
    assert f.d1(3.0) == 2.0 and isinstance(f.d1(3.0), float)
    assert f.d2(3.0) == 2.0 and isinstance(f.d2(3.0), float)
    np.testing.assert_array_equal(f.value(np.array([1.0, 2.0, 3.0])), [1.0, 0.0, 1.0])
    np.testing.assert_array_equal(f.d1(np.array([1.0, 2.0])), [-2.0, 0.0])
    np.testing.assert_array_equal(f.d2(np.array([1.0, 2.0])), [2.0, 2.0])
    np.testing.assert_array_equal(parse_function("7").d1(np.zeros(3)), [0.0, 0.0, 0.0])


def test_wrong_shapes_are_refused():
    with pytest.raises(ValueError):
        parse_function("x^2 + y^2").loss(np.zeros((3, 1)))
    with pytest.raises(ValueError):
        parse_function("x^2 + y^2").value(1.0)


# -- numerics: outside the domain, overflow, activations --------------------------------------
def test_outside_the_domain_is_nan_without_warning(capsys):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert math.isnan(parse_function("log(x)").value(-1.0))
        assert math.isnan(parse_function("sqrt(x)").value(-1.0))
        assert math.isnan(parse_function("asin(x)").value(2.0))
        assert parse_function("1/x").value(0.0) == math.inf
        assert parse_function("log(x)").value(0.0) == -math.inf
        assert parse_function("exp(x)").value(1000.0) == math.inf
        assert math.isnan(parse_function("x^x").d2(-1.5))  # a negative number to a fractional power
        assert math.isnan(parse_function("x^0.5").d1(-1.0))
        assert parse_function("exp(700) * x").value(1e10) == math.inf
        assert parse_function("softplus(1e300) * x").value(1e10) == math.inf
        assert parse_function("x * 10^308").value(10.0) == math.inf
        f = parse_function("log(x) + y")
        out = f.loss(np.array([[-1.0, 0.0], [1.0, 2.0]]))
        assert math.isnan(out[0]) and out[1] == 2.0
    assert capsys.readouterr() == ("", "")


def test_activations_do_not_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sp_ = parse_function("softplus(x)")
        np.testing.assert_allclose(sp_.value(np.array([1000.0, -1000.0, 0.0])),
                                   [1000.0, 0.0, math.log(2)])
        np.testing.assert_allclose(sp_.d1(np.array([1000.0, -1000.0])), [1.0, 0.0])
        sg = parse_function("sigmoid(x)")
        np.testing.assert_allclose(sg.value(np.array([1000.0, -1000.0, 0.0])), [1.0, 0.0, 0.5])
        np.testing.assert_allclose(sg.d1(np.array([1000.0, -1000.0, 0.0])), [0.0, 0.0, 0.25])
        r = parse_function("relu(x)")
        np.testing.assert_array_equal(r.d1(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 1.0])
        np.testing.assert_array_equal(r.d2(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 0.0])
        a = parse_function("abs(x)")
        np.testing.assert_array_equal(a.d1(np.array([-1.0, 0.0, 2.0])), [-1.0, 0.0, 1.0])
        np.testing.assert_array_equal(a.d2(np.array([-1.0, 0.0, 2.0])), [0.0, 0.0, 0.0])


# -- bounded cost -----------------------------------------------------------------------------
PATHOLOGICAL = [
    "9**9**9**9",
    "x**(10**100000)",
    "2**10**10",
    "2^2^2^2^2^2",
    "(10^999+7)^(1/3)",
    "(10^300)^(10^300)",
    "10^999*10^999*10^999*10^999 * x^(10^999)",
    "1e1000^1000",
    "9" * 300,
    "(" * 200 + "x" + ")" * 200,
    "-" * 299 + "x",
    "+-" * 149 + "x",
    "sin(" * 50 + "x" + ")" * 50,
    "exp(" * 50 + "x" + ")" * 50,
    "sigmoid(" * 33 + "x" + ")" * 33,
    "x" + "^x" * 50,
    "x" + "^x" * 149,
    "(x+y)" + "^(x+y)" * 40,
    "x^" * 50 + "x",
    "exp(x^" * 30 + "x" + ")" * 30,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=[t[:30] for t in PATHOLOGICAL])
def test_pathological_inputs_are_refused(text):
    # how fast: benchmarks/bench_parse.py (no timing asserts in tests)
    with pytest.raises(InputError) as err:
        parse_function(text)
    assert err.value.field == "function" and "\n" not in str(err.value)


# sympy's assumption system takes long on these innocent-looking ones (the worst of them
# about 0.2 s): each has one answer, whatever the machine's load
SYMPY_TRAPS = [
    ("pi + tanh(tan(tanh(x^(-2.5))))", None),
    ("tanh((-(relu(-relu(y)))-(cos(-(1e-3)*(2.5))))-((tanh(1))^(((((999)-(1e-3))/(-1e-3))"
     "+((acos(1e-3))/(1e-3)))-((((1e3)*(3))+((2)^(pi)))+(-(y)/(x))))))", "exponent too large at column 57"),
    ("atan(log10((tanh(10))**(cos(x))))", None),
    ("sinh(((1e300)/((1)*(pi)))^((10)*(999(x+1))))", "exponent too large at column 26"),
]


@pytest.mark.parametrize(("text", "refusal"), SYMPY_TRAPS, ids=[t[:30] for t, _ in SYMPY_TRAPS])
def test_sympy_traps_are_answered(text, refusal):
    if refusal is not None:
        with pytest.raises(InputError) as caught:
            parse_function(text)
        assert str(caught.value) == refusal
        return
    f = parse_function(text)
    X = np.full((1, len(f.parameters)), 0.5)
    assert np.isfinite(f.loss(X)).all() and np.isfinite(f.gradient(X)).all()
    fd = (f.loss(X + 1e-6) - f.loss(X - 1e-6)) / 2e-6
    assert f.gradient(X)[0, 0] == pytest.approx(fd[0], rel=1e-4, abs=1e-7)


def test_costly_hessian_is_numeric(monkeypatch):
    text = "sin(x*y)*exp(x-y) + x^3*y"
    exact = parse_function(text)
    assert exact.exact_hessian
    monkeypatch.setattr(derive_module, "MAX_HESSIAN_SIZE", 0)
    numeric = Function(derive(text))
    assert not numeric.exact_hessian
    X = np.array([[0.3, -0.4], [1.2, 0.7], [-0.8, 1.5]])
    np.testing.assert_allclose(numeric.hessian(X), exact.hessian(X), rtol=1e-6, atol=1e-6)
    assert Function(derive("x^4 - 3x^2 + 1")).d2(2.0) == pytest.approx(parse_function("x^4 - 3x^2").d2(2.0), rel=1e-6)


# the analysis trusts is_quadratic for "reaches the minimum in one step": decided from the
# exact Hessian (constant: a polynomial of degree ≤ 2), never by expanding the function
QUADRATIC = [
    ("(x-2)^2", True), ("x^2 + 10y^2", True), ("x*y", True), ("x", True), ("3x - 1", True),
    ("(x+y+1)^2 - x^2", True), ("x^2 - y^2", True), ("5", True), ("sin(x)^2 + cos(x)^2", True),
    ("sqrt(x^4)", True), ("x^3", False), ("abs(x)", False), ("relu(x)^2", False), ("x^2 + 1e-300*x^3", False),
    ("(x-2)^2 + 1e-300*(sqrt(x)+x^(1/3)+x^(1/5)+1)^100", False),
    ("x^2 - y^2 + 1e-300*(x+1)^1000*(y+1)^1000", False),
]


@pytest.mark.parametrize(("text", "quadratic"), QUADRATIC, ids=[t[:30] for t, _ in QUADRATIC])
def test_is_quadratic(text, quadratic):
    assert parse_function(text).is_quadratic is quadratic


HEAVY_BUT_FINE = [
    "(1+(x+y+1)^2*(19-14x+3x^2-14y+6x*y+3y^2))*(30+(2x-3y)^2*(18-32x+12x^2+48y-36x*y+27y^2))",
    "-(y+47)sin(sqrt(abs(x/2+(y+47))))-x*sin(sqrt(abs(x-(y+47))))",
    "-20exp(-0.2sqrt(0.5(x^2+y^2))) - exp(0.5(cos(2pi x)+cos(2pi y))) + e + 20",
    "sin(x)*cos(x)*tan(x)*exp(x)*x^x*log(x)*sigmoid(x)*sinh(x)",
    "sin(x)*cos(x)*tan(x)*exp(x)*x^x*log(x)*sigmoid(x)*sinh(x)*atan(x)*sqrt(x)",
    "sin(x*y)*cos(x-y)*tan(x+y)*exp(x*y)*log(x+2y)*sigmoid(x-y)*atan(x*y^2)*sinh(x-2y)",
    "*".join(["sin(x)", "cos(x)", "tan(x)", "exp(x)", "x^x", "log(x)", "sigmoid(x)"] * 6),
    "sin(" * 8 + "x" + ")" * 8,
    "x^x^x^x",
    "(x+1)^1000",
    "+".join(f"{k}x^{k}" for k in range(1, 40)),
]


@pytest.mark.parametrize("text", HEAVY_BUT_FINE, ids=[t[:30] for t in HEAVY_BUT_FINE])
def test_heavy_inputs_parse_and_compile(text):
    f = parse_function(text)
    X = np.full((1, len(f.parameters)), 0.5)
    d = len(f.parameters)
    assert f.loss(X).shape == (1,) and f.gradient(X).shape == (1, d) and f.hessian(X).shape == (1, d, d)


# -- the command line: one line, exit status 2 ----------------------------------------------
CLI_REFUSALS = [
    ("2e", "unfinished number '2e' at column 1 (an exponent needs digits, e.g. 2e3; write 2*e for 2·e)"),
    ("1e-400 + x^2", "number too small at column 1 (the smallest is 1e-310; write 0 for zero)"),
    ("x^２", "non-ASCII digit '２' at column 3 (write numbers with the digits 0-9)"),
]


@pytest.mark.parametrize(("text", "line"), CLI_REFUSALS, ids=[t for t, _ in CLI_REFUSALS])
def test_the_command_line_refuses_in_one_line(text, line, capsys):
    from lrtui.cli import main

    assert main(["run", "-f", text, "--format", "summary"]) == 2
    assert capsys.readouterr() == ("", f"lrtui: --function: {line}\n")


def test_the_function_knows_the_minus_signs_the_numeric_fields_know():
    from lrtui import numeric
    from lrtui.expr import grammar

    assert grammar.MINUSES == numeric._MINUSES
