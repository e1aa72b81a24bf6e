"""The code lrtui compiles does bounded work: no whole-number arithmetic Python would carry out
without limit (``9**9**9``), no whole number beyond 2**53; and the float rewrite of a checked
tree is checked again before it is compiled."""

from __future__ import annotations

import ast
import math

import numpy as np
import pytest

from lrtui.expr import known, parse_function, scalar
from lrtui.expr.compiled import MAX_WHOLE, UnsafeCode, compile_numpy, compile_scalar

COMPILERS = [compile_numpy, compile_scalar]


@pytest.mark.parametrize("compile_", COMPILERS)
@pytest.mark.parametrize("source, why", [
    ("def f(x):\n    return [x + 9**9**9]\n", "arithmetic between whole numbers"),
    ("def f(x):\n    x0 = 9**9\n    return [x + 9**x0]\n", "arithmetic between whole numbers"),
    # each name squares the last: 2**53 has 16 digits, x5 would have 500
    ("def f(x):\n    x0 = 9007199254740992 * 9007199254740992\n    x1 = x0 * x0\n    x2 = x1 * x1\n"
     "    return [x * x2]\n", "arithmetic between whole numbers"),
    ("def f(x):\n    x0 = -3\n    return [x * (x0 - 4)]\n", "arithmetic between whole numbers"),
    ("def f(x):\n    return [x + 9007199254740993]\n", "the whole number 9007199254740993 is larger than"),
    (f"def f(x):\n    return [x + {10**400}]\n", "of about 400 digits is larger than"),
])
def test_unbounded_whole_number_arithmetic_is_refused(compile_, source, why):
    with pytest.raises(UnsafeCode, match=why):
        compile_(source, ("x",))


@pytest.mark.parametrize("compile_", COMPILERS)
@pytest.mark.parametrize("source", [
    "def f(x):\n    return [x**(1/3) + x**2 - 3*x + 9007199254740992]\n",  # what the printer writes
    "def f(x):\n    x0 = -2\n    return [x**x0, -(1/3)*x**(-2)]\n",
    "def f(x, y):\n    x0 = (1.4142135623730951)\n    return [x0**x0 * x + y, x0, 1]\n",
])
def test_the_printer_s_numbers_still_compile(compile_, source):
    parameters = ("x", "y") if "y" in source else ("x",)
    compile_(source, parameters)


def test_every_answer_lrtui_ships_compiles_as_arrays_and_as_floats():
    """No false refusal: the whitelisted texts the presets and lessons use, every code of each."""
    for derivation in known.table().values():
        for source in (derivation.loss_source, derivation.gradient_source, derivation.both_source,
                       derivation.hessian_source):
            if source is not None:
                compile_numpy(source, derivation.parameters)
        try:
            compile_scalar(derivation.both_source, derivation.parameters)
        except scalar.Unsupported:
            pass


def test_big_numbers_in_a_function_are_worked_out_as_floats():
    f = parse_function("x^2 + 123456789012345678901234567890 + 3^40")
    loss, grad = f.loss_and_gradient(np.array([[2.0]]))
    assert loss[0] == float(123456789012345678901234567890 + 3**40)  # the constant, exact then rounded once; 4 is below its ulp
    assert grad[0, 0] == 4.0 and f.scalar_code() is not None


def test_the_float_rewrite_is_checked_again_before_it_is_compiled(monkeypatch):
    """Whatever the rewrite hands over goes through the same whitelist: an attribute, a builtin,
    an unbounded constant are refused there (and the engine keeps to the array code)."""
    real_rewrite = scalar.rewrite
    source = "def f(x):\n    return [x * 2.0, 2.0]\n"
    assert compile_scalar(source, ("x",))(3.0) == (6.0, 2.0)
    for planted in ("__import__('os').getcwd()", "x.real", f"x + {MAX_WHOLE * 4}", "open('f')"):
        def rewrite(tree, parameters, values, planted=planted):
            out = real_rewrite(tree, parameters, values)
            out.body[0].body[-1].value.elts[0] = ast.parse(planted, mode="eval").body
            return ast.fix_missing_locations(out)

        monkeypatch.setattr(scalar, "rewrite", rewrite)
        with pytest.raises(UnsafeCode):
            compile_scalar(source, ("x",))
    monkeypatch.setattr(scalar, "rewrite", real_rewrite)
    assert math.isclose(compile_scalar(source, ("x",))(1.5)[0], 3.0)
