"""Nothing runs user text: no evaluator anywhere in lrtui, and generated code is checked first."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from lrtui.expr import parse_function
from lrtui.expr.compiled import UnsafeCode, check, compile_numpy
from lrtui.expr.namespace import NAMESPACE, OWN
from lrtui.expr.protocol import OWN_NAMES

PACKAGE = Path(__file__).resolve().parents[1] / "lrtui"
EVALUATORS = {"eval", "exec", "compile", "sympify", "parse_expr", "__import__", "lambdify"}
ALLOWED = {("expr/compiled.py", "_define", "exec"), ("expr/compiled.py", "_define", "compile")}


def evaluator_calls(root: Path = PACKAGE) -> set[tuple[str, str, str]]:
    """(module, innermost enclosing function, name) of every call of an evaluator under ``root``."""
    found = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        owner: dict[int, str] = {}
        for function in ast.walk(tree):  # outer functions first: inner ones overwrite
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                owner.update((id(node), function.name) for node in ast.walk(function))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func
            name = callee.id if isinstance(callee, ast.Name) else None
            if isinstance(callee, ast.Attribute) and callee.attr != "compile":  # re.compile is fine
                name = callee.attr  # sympy.sympify(...), builtins.eval(...)
            if name in EVALUATORS:
                found.add((path.relative_to(root).as_posix(), owner.get(id(node), "<module>"), name))
    return found


def test_no_evaluator_but_the_one_for_generated_code():
    assert evaluator_calls() == ALLOWED


def test_the_search_finds_evaluators_however_spelled(tmp_path):
    (tmp_path / "m.py").write_text(
        "import re, sympy, builtins\n"
        "def f(t):\n"
        "    def g():\n"
        "        return builtins.eval(t)\n"
        "    return sympy.sympify(t), re.compile(t), g\n"
        "exec('1')\n"
    )
    assert evaluator_calls(tmp_path) == {("m.py", "g", "eval"), ("m.py", "f", "sympify"), ("m.py", "<module>", "exec")}


SAFE = "def f(x):\n    x0 = sin(x)\n    return [x0**2 + 1.5*x, x0*cos(x)]\n"
UNSAFE = [
    ("import os\n", "one function definition expected"),
    ("def g(x):\n    return [x]\n", "signature"),
    ("def f(x, y):\n    return [x]\n", "signature"),
    ("@deco\ndef f(x):\n    return [x]\n", "signature"),
    ("def f(x=1):\n    return [x]\n", "signature"),
    ("def f(x):\n    return x\n", "returning a list"),
    ("def f(x):\n    print(x)\n    return [x]\n", "only assignments"),
    ("def f(x):\n    return [__import__('os')]\n", "only NumPy's functions and ours are called"),
    ("def f(x):\n    return [open]\n", "unknown name 'open'"),
    ("def f(x):\n    return [open('/etc/passwd')]\n", "only NumPy's functions and ours are called"),
    ("def f(x):\n    return [x.real]\n", "Attribute is not arithmetic"),
    ("def f(x):\n    return [x[0]]\n", "Subscript is not arithmetic"),
    ("def f(x):\n    return ['x']\n", "not a number"),
    ("def f(x):\n    return [sin(x=x)]\n", "plain arguments"),
    ("def f(x):\n    return [sin(*x)]\n", "only NumPy's functions and ours are called"),
    ("def f(x):\n    return [(lambda: 1)()]\n", "only NumPy's functions and ours are called"),
    ("def f(x):\n    return [lambda: 1]\n", "Lambda is not arithmetic"),
    ("def f(x):\n    return [x if x else 1]\n", "IfExp is not arithmetic"),
    ("def f(x):\n    return [[x]]\n", "List is not arithmetic"),
    ("def f(x):\n    sin = x\n    return [sin]\n", "shadows"),
    ("def f(x):\n    x = 1\n    return [x]\n", "shadows"),
    ("def f(x):\n    x0 = x\n    return [x0(x)]\n", "plain arguments"),
    ("def f(x):\n    return [x @ x]\n", "MatMult is not arithmetic"),
    ("def f(x):\n    return [True]\n", "not a number"),
]


def test_generated_code_of_the_printer_shape_compiles():
    f = compile_numpy(SAFE, ("x",))
    np.testing.assert_array_equal(f(np.array([0.5]))[1], [np.sin(0.5) * np.cos(0.5)])
    np.testing.assert_array_equal(f(0.5), [np.sin(0.5) ** 2 + 0.75, np.sin(0.5) * np.cos(0.5)])


@pytest.mark.parametrize(("source", "fragment"), UNSAFE, ids=[s.splitlines()[-1].strip()[:30] for s, _ in UNSAFE])
def test_code_of_another_shape_is_refused(source, fragment):
    with pytest.raises(UnsafeCode, match=fragment.replace("(", r"\(")):
        check(ast.parse(source), ("x",))


def test_generated_code_reaches_no_builtins():
    f = compile_numpy("def f(x):\n    return [x]\n", ("x",))
    assert f.__globals__["__builtins__"] == {}


def test_the_namespace_is_numerical():
    assert tuple(OWN) == OWN_NAMES
    assert all(isinstance(v, (np.ufunc, float)) or k in OWN for k, v in NAMESPACE.items())
    assert not {"load", "save", "fromfile", "memmap", "loadtxt", "eval", "open"} & set(NAMESPACE)


def test_every_whitelisted_function_compiles():
    f = parse_function("sin(x)+cos(x)+tan(x)+asin(x/9)+acos(x/9)+atan(x)+sinh(x)+cosh(x)+tanh(x)+exp(x)+log(x)"
                       "+log2(x)+log10(x)+sqrt(x)+abs(x)+sigmoid(x)+softplus(x)+relu(x)+pi+e+x^x")
    assert np.isfinite(f.loss(np.array([[0.7]]))).all()
    assert np.isfinite(f.hessian(np.array([[0.7]]))).all()


def test_no_asynchronous_exceptions():
    """Work is bounded by a process that can be killed, never by interrupting a thread."""
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "SetAsyncExc" not in text and "ctypes" not in text, path
