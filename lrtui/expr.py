"""From the text a user typed to an exact sympy expression and compiled NumPy derivatives.

The text never reaches Python's evaluator nor sympy's string parser. It is

1. checked character by character (length, characters, parenthesis balance and depth);
2. lexed by hand, which rewrites ``^`` to ``**``, inserts ``*`` for implicit
   multiplication (``2x``, ``3(x-1)``, ``2pi x``, ``(x+1)sin(x)``) and replaces every
   number by a one-character placeholder (its exact value is kept aside), while
   recording for each character of the rewritten text the column it came from;
3. parsed with :func:`ast.parse` and walked through an explicit whitelist, building
   the sympy expression node by node with checks that keep every step cheap
   (exponent sizes, nesting depth, sizes of numbers, undefined or complex constants).

Derivatives are exact (:func:`sympy.diff`), their sizes estimated before sympy is asked
for them, and all of this runs under a CPU budget (sympy can still take exponential time
on odd input). They are compiled to NumPy lazily, once.
"""

from __future__ import annotations

import ast
import cmath
import ctypes
import functools
import keyword
import math
import re
import threading
import time
from contextlib import contextmanager
from fractions import Fraction
from functools import cached_property

import numpy as np
import sympy as sp

from lrtui.errors import InputError
from lrtui.expr_names import (
    BRACKET_WORD,
    CONSTANTS,
    FUNCTIONS,
    HINT,
    NUMPY_NAMESPACE,
    REFUSED_BINOPS,
    REFUSED_NODES,
    VARIABLES,
    NumericPrinter,
    approximate,
    derivative_size,
)
from lrtui.problem import Problem

__all__ = ["Function", "parse_function"]

MAX_LENGTH = 300
PARSE_BUDGET = 0.3  # seconds of CPU for parsing and the gradient
HESSIAN_BUDGET = 0.1  # seconds of CPU for the exact Hessian (else a numeric one)
MAX_DEPTH = 50
MAX_TOWER = 8  # powers in the exponents of powers
MAX_EXPONENT = 1000  # |numeric exponent|
MAX_DIGITS = 310  # of any number (sympy may test one for primality in any query)
MAX_ROOT_DIGITS = 300  # digits of a number raised to a fractional power (sympy factors it)
MAX_DENOMINATOR = 1000  # of a fractional exponent
MAX_ROOT_DENOMINATOR = 12  # roots of numbers kept exact: denominator and ...
MAX_ROOT_BASE_DIGITS = 20  # ... digits of the number (beyond: a float)
MAX_BITS = math.ceil(MAX_DIGITS * math.log2(10))
MAX_LITERAL_DIGITS = 100
MAX_CONSTANT = 24  # tree nodes of a constant sub-expression kept exact
MAX_DERIVATIVE_SIZE = 1000  # estimated tree nodes of the gradient ...
MAX_HESSIAN_SIZE = 3000  # ... and of the exact Hessian's upper triangle

_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}

_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


def parse_function(text: str) -> Function:
    """Parse ``text`` (e.g. ``"(x-2)^2"``) into a :class:`Function`.

    Raises :class:`~lrtui.errors.InputError` (``field="function"``) with a one-line
    message naming the problem and its 1-based column in ``text``.
    """
    if not _warm:  # sympy's first steps import and cache much: not the user's budget
        _warm.append(_build("sin(x)*exp(x) + abs(x)^2 + sigmoid(x)"))
        _warm[0].hessian(np.zeros((1, 1)))
        _warm[0].loss_and_gradient(np.zeros((1, 1)))
    try:
        with _cpu_budget(PARSE_BUDGET):
            return _build(text)
    except _OverBudget:
        raise InputError("the function is too complicated: working out its derivatives "
                         "takes too long", field="function") from None
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - sympy can fail in many ways on odd input
        raise InputError(f"the function cannot be worked with ({type(error).__name__} in "
                         "sympy)", field="function") from None


_warm: list[Function] = []


def _build(text: str) -> Function:
    parser = _Parser(text)
    expr = parser.parse()
    parameters = ("x", "y") if "y" in parser.names else ("x",)
    return Function(text.strip(), expr, parameters)


class _OverBudget(BaseException):
    """Raised in a thread that overran its budget; not an Exception, so that no
    ``except Exception`` in sympy swallows it."""


@contextmanager
def _cpu_budget(seconds: float):
    """Interrupt the calling thread with _OverBudget once it has used ``seconds`` of CPU.

    Static bounds keep sizes small, but sympy's assumption system can still take
    exponential time on innocent-looking input (``tanh(tan(tanh(x^-2.5)))``). A watcher
    thread reads this thread's CPU clock (wall time where there is none) and raises in
    it, once, asynchronously. Leaving, the thread takes the lock the watcher raises
    under, so nothing is raised after, and withdraws an exception not yet delivered.
    """
    target = threading.get_ident()
    try:
        clock_id = time.pthread_getcpuclockid(target)
        now = functools.partial(time.clock_gettime, clock_id)
    except (AttributeError, OSError):  # pragma: no cover - no per-thread CPU clock
        now, seconds = time.monotonic, 2 * seconds
    start, lock, leaving = now(), threading.Lock(), threading.Event()
    state = {"inside": True, "raised": False}
    set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc

    def watch():
        while not leaving.wait(0.01):
            if now() - start > seconds:
                with lock:
                    if state["inside"]:
                        set_async(ctypes.c_ulong(target), ctypes.py_object(_OverBudget))
                        state["raised"] = True
                return

    threading.Thread(target=watch, name="lrtui-parse-budget", daemon=True).start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
            if state["raised"]:
                set_async(ctypes.c_ulong(target), None)
        leaving.set()


class _Parser:
    def __init__(self, raw: str):
        self.text = raw.strip()
        # columns count in the text as given, leading blanks included
        self.lead = len(raw) - len(raw.lstrip()) if self.text else 0
        self.names: set[str] = set()
        self.exponents = 0  # how many exponents the node being built is in
        self.src = ""
        self.start: list[int] = []  # rewritten index -> index in self.text where it starts
        self.end: list[int] = []  # rewritten index -> index in self.text just after it
        self.numbers: dict[int, sp.Rational] = {}  # rewritten index of a placeholder -> value

    # -- errors ---------------------------------------------------------------------------
    def fail(self, message: str, index: int | None, hint: str | None = None) -> InputError:
        column = None if index is None else self.lead + min(max(index, 0), len(self.text)) + 1
        where = "" if column is None else f" at column {column}"
        return InputError(f"{message}{where}" + (f" ({hint})" if hint else ""),
                          field="function", column=column)

    def at(self, offset: int) -> int:
        """Index in ``self.text`` of rewritten offset ``offset`` (end of text past the end)."""
        return self.start[offset] if offset < len(self.start) else len(self.text)

    def segment(self, node: ast.AST) -> str:
        return self.text[self.at(node.col_offset):self.end[node.end_col_offset - 1]]

    # -- stages ---------------------------------------------------------------------------
    def parse(self) -> sp.Expr:
        self.check_characters()
        self.lex()
        try:
            tree = ast.parse(self.src, mode="eval")  # the rewritten text never warns
        except SyntaxError as error:
            offset = (error.offset or 0) - 1  # 0: at the end of the text
            if not 0 <= offset < len(self.src.rstrip()):
                raise self.fail("the function ends too early", len(self.text)) from None
            index = self.at(offset)
            raise self.fail(f"syntax error near '{self.text[index:index + 8]}'", index) from None
        except (ValueError, RecursionError, MemoryError):  # pragma: no cover - defensive
            raise self.fail("the function cannot be read", None) from None
        return self.build(tree.body, 0)

    def check_characters(self) -> None:
        text = self.text
        if not text:
            raise self.fail("the function is empty", 0)
        if len(text) > MAX_LENGTH:
            raise self.fail(f"the function is too long ({len(text)} characters, at most "
                            f"{MAX_LENGTH})", MAX_LENGTH)
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch in "\n\r;":
                raise self.fail("only one expression is allowed: unexpected "
                                f"{'newline' if ch != ';' else repr(ch)}", i)
            if ch in "'\"":
                raise self.fail("strings are not allowed", i)
            if ch == "#":
                raise self.fail("comments ('#') are not allowed", i)
            if not (ch.isascii() and (ch.isprintable() or ch == "\t")):
                raise self.fail(f"unexpected character {ch!r}", i)
            if ch in _OPEN:
                stack.append(i)
                if len(stack) > MAX_DEPTH:
                    raise self.fail(f"nesting deeper than {MAX_DEPTH}", i)
            elif ch in _CLOSE:
                if not stack or text[stack[-1]] != _CLOSE[ch]:
                    raise self.fail(f"unbalanced {BRACKET_WORD[ch]}", i)
                stack.pop()
        if stack:
            raise self.fail(f"unbalanced {BRACKET_WORD[text[stack[-1]]]}", stack[-1])

    def emit(self, piece: str, start: int, end: int) -> None:
        self.src += piece
        self.start.extend([start] * len(piece))
        self.end.extend([end] * len(piece))

    def lex(self) -> None:
        """Rewrite the text for Python's parser: ``^`` -> ``**``; ``*`` inserted for implicit
        multiplication (a number before a name or ``(``: ``2x``, ``3(x-1)``; a ``)``, ``x``,
        ``y``, ``pi`` or ``e`` before a name: ``(x+1)sin(x)``, ``2pi x``); each number
        replaced by the placeholder ``0`` (its exact value goes to ``self.numbers``)."""
        text, i = self.text, 0
        previous, previous_at = "", 0  # the last token ("0" for a number) and where it starts
        while i < len(text):
            ch = text[i]
            number = _NUMBER.match(text, i)
            name = _NAME.match(text, i)
            if ch.isspace():
                self.emit(ch, i, i + 1)
                i += 1
                continue
            if (number or name) and previous in FUNCTIONS:
                raise self.fail(f"'{previous}' needs its argument in parentheses, e.g. "
                                f"{previous}(x),", previous_at)
            if number:
                j = number.end()
                if text[j:j + 1] in ("j", "J") and not _NAME.match(text, j + 1):
                    raise self.fail("complex numbers are not allowed", i)
                self.numbers[len(self.src)] = self.literal(number.group(), i)
                if previous == "0":  # "1.5.3": keep them apart for Python to refuse
                    self.emit(" ", i, i)
                self.emit("0" if text[j:j + 1] != "." else "0 ", i, j)  # "0 ." is no float
                previous, previous_at, i = "0", i, j
            elif name:
                word = name.group()
                if previous in ("0", ")") or previous in VARIABLES or previous in CONSTANTS:
                    self.emit(" " if keyword.iskeyword(word) else "*", i, i)
                self.emit(word, i, name.end())
                previous, previous_at, i = word, i, name.end()
            else:
                if ch == "(" and previous == "0":
                    self.emit("*", i, i)
                self.emit("**" if ch == "^" else ch, i, i + 1)
                previous, previous_at, i = ch, i, i + 1

    def literal(self, token: str, index: int) -> sp.Rational:
        mantissa, _, exponent = token.lower().partition("e")
        if sum(c.isdigit() for c in mantissa) > MAX_LITERAL_DIGITS:
            raise self.fail(f"number longer than {MAX_LITERAL_DIGITS} digits", index)
        if exponent and abs(int(exponent)) > MAX_DIGITS:
            raise self.fail("number too large", index)
        value = Fraction(token)
        return sp.Rational(value.numerator, value.denominator)

    # -- the whitelist --------------------------------------------------------------------
    def build(self, node: ast.AST, depth: int) -> sp.Expr:
        index = self.at(node.col_offset) if hasattr(node, "col_offset") else None
        if depth > MAX_DEPTH:
            raise self.fail(f"nesting deeper than {MAX_DEPTH}", index)
        if isinstance(node, ast.Constant):
            if node.col_offset in self.numbers and type(node.value) is int:
                return self.numbers[node.col_offset]
            kind = {bool: "True/False are", type(None): "None is", str: "strings are",
                    bytes: "strings are", complex: "complex numbers are"}
            default = f"'{self.segment(node)}' is"
            raise self.fail(f"{kind.get(type(node.value), default)} not allowed", index)
        if isinstance(node, ast.Name):
            return self.name(node, index)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, (ast.USub, ast.UAdd)):
                operand = self.build(node.operand, depth + 1)
                return -operand if isinstance(node.op, ast.USub) else operand
            symbol = "not" if isinstance(node.op, ast.Not) else "~"
            raise self.fail(f"'{symbol}' is not allowed", index)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, index, depth)
        message = REFUSED_NODES.get(type(node), f"'{self.segment(node)}' is not allowed")
        raise self.fail(message, index)

    def name(self, node: ast.Name, index: int) -> sp.Expr:
        word = node.id
        if word in VARIABLES:
            self.names.add(word)
            return VARIABLES[word]
        if word in CONSTANTS:
            return CONSTANTS[word]
        if word in FUNCTIONS:
            raise self.fail(f"'{word}' needs one argument in parentheses, e.g. {word}(x),",
                            index)
        hint = "write x*y for a product" if set(word) <= {"x", "y"} else HINT
        raise self.fail(f"unknown name '{word}'", index, hint)

    def op_index(self, node: ast.BinOp, symbol: str) -> int:
        gap = self.src[node.left.end_col_offset:node.right.col_offset]
        found = gap.find(symbol)
        return self.at(node.left.end_col_offset + max(found, 0))

    def binop(self, node: ast.BinOp, depth: int) -> sp.Expr:
        op = type(node.op)
        if op not in _BINOPS:
            symbol = REFUSED_BINOPS.get(op, "?")
            raise self.fail(f"the operator '{symbol}' is not allowed", self.op_index(node, symbol))
        index = self.op_index(node, _BINOPS[op])
        # a chain a + b + c nests to the left: do not count that as depth
        left = self.build(node.left, depth)
        if op is ast.Pow:  # sympy's Pow spends quadratic time on towers: bound them
            self.exponents += 1
            if self.exponents > MAX_TOWER:
                raise self.fail(f"more than {MAX_TOWER} powers in one another", index)
        right = self.build(node.right, depth + 1)
        if op is ast.Pow:
            self.exponents -= 1
        if op is ast.Pow:
            result = self.power(left, right, index)
        elif op is ast.Add:
            result = left + right
        elif op is ast.Sub:
            result = left - right
        elif op is ast.Mult:
            result = left * right
        else:
            result = left / right
        return self.checked(result, node, index)

    def check_exp(self, argument: sp.Expr, index: int) -> None:
        """sympy turns exp(c*log(b)) into b^c, computed exactly: bound the constant terms
        of an exponent of e so that no such power has more than MAX_DIGITS digits."""
        for term in sp.Add.make_args(argument):
            if not term.free_symbols and not _magnitude(term) <= MAX_DIGITS * math.log(10):
                raise self.fail("exponent too large", index)

    def power(self, base: sp.Expr, exponent: sp.Expr, index: int) -> sp.Expr:
        if base is sp.E:
            self.check_exp(exponent, index)
        # (no assumption queries on numbers: is_negative may run a primality test)
        if base == 0 and exponent.free_symbols:
            raise self.fail("0 to a variable power is not differentiable", index)
        if base.is_Number and base < 0 and not exponent.is_Integer:
            kind = "variable" if exponent.free_symbols else "fractional"
            raise self.fail(f"a negative number to a {kind} power is not real", index)
        # sympy computes exact powers of numbers, also hidden ones: (10^300 x)^(y+9990)
        # may become 10^(300*9990) inside an assumption query. Bound the digits.
        if exponent.free_symbols:
            constant, terms = exponent.as_coeff_add()
            if not _magnitude(constant) <= MAX_EXPONENT:  # b^(y+k) may be expanded to b^k*b^y
                raise self.fail("exponent too large", index)
            size = sum(_magnitude(t.as_coeff_Mul()[0]) for t in terms) + _magnitude(constant)
        else:
            size = _magnitude(exponent)
            if not size <= MAX_EXPONENT:  # nan included
                raise self.fail("exponent too large", index)
            if exponent.is_Rational and exponent.q > MAX_DENOMINATOR:
                raise self.fail(f"fractional exponent finer than 1/{MAX_DENOMINATOR}", index)
        coefficient = base.as_coeff_Mul()[0]
        if coefficient.is_Rational and coefficient != 0:
            digits = math.log10(max(abs(coefficient.p), coefficient.q))
            if not digits * size <= MAX_DIGITS:
                raise self.fail("exponent too large", index)
            if exponent.is_Rational and exponent.q != 1 and digits > MAX_ROOT_DIGITS:
                raise self.fail("number too large for a fractional power", index)
        return base**exponent

    def call(self, node: ast.Call, index: int, depth: int) -> sp.Expr:
        func = node.func
        if not isinstance(func, ast.Name):
            raise self.fail("only named functions can be called", index,
                            "write * for a product")
        word = func.id
        if word not in FUNCTIONS:
            if word in VARIABLES or word in CONSTANTS:
                raise self.fail(f"'{word}' is not a function", index,
                                f"write {word}*(...) for a product")
            raise self.fail(f"unknown function '{word}'", index, HINT)
        if node.keywords:
            raise self.fail("keyword arguments are not allowed",
                            self.at(node.keywords[0].value.col_offset))
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail("'*' unpacking is not allowed", self.at(arg.col_offset))
        if len(node.args) != 1:
            raise self.fail(f"{word} takes exactly one argument, got {len(node.args)},", index)
        argument = self.build(node.args[0], depth + 1)
        if word == "exp":
            self.check_exp(argument, index)
        if word == "sqrt" and argument.is_Number and argument < 0:
            raise self.fail(f"'{self.segment(node)}' is not a real number", index)
        if word == "sqrt":
            result = self.power(argument, sp.S.Half, index)
        else:
            result = FUNCTIONS[word](argument)
        return self.checked(result, node, index)

    def checked(self, value: sp.Expr, node: ast.AST, index: int) -> sp.Expr:
        if any(max(abs(r.p), r.q).bit_length() > MAX_BITS for r in value.atoms(sp.Rational)):
            raise self.fail(f"number too large (over {MAX_DIGITS} digits)", index)
        # exact roots of numbers are kept only while small (sqrt(2), 10^(1/3)): sympy's
        # arithmetic on them raises integers to powers as large as the denominators
        rough = {a: sp.Float(approximate(a).real, 15) for a in value.atoms(sp.Pow)
                 if a.base.is_Rational and a.exp.is_Rational and not _exact_root(a)}
        if rough:
            value = value.xreplace(rough)
        if _undefined(value):
            raise self.fail(f"'{self.segment(node)}' is undefined", index)
        if value.has(sp.I) or (not value.free_symbols and _complex(approximate(value))):
            raise self.fail(f"'{self.segment(node)}' is not a real number", index)
        if value.free_symbols or value.is_Number:
            return value
        # sympy reasons about constants at length (evalf in assumptions, reduction of trig
        # arguments): refuse those beyond floating point, and fold long ones to their value
        approximation = approximate(value)
        if not cmath.isfinite(approximation):
            raise self.fail(f"'{self.segment(node)}' is too large or undefined", index)
        if _size([value]) > MAX_CONSTANT:
            return sp.Float(approximation.real, 15)
        return value


def _exact_root(power: sp.Pow) -> bool:
    base, exponent = power.args
    return exponent.q <= MAX_ROOT_DENOMINATOR and max(abs(base.p), base.q) < 10**MAX_ROOT_BASE_DIGITS


def _undefined(value: sp.Expr) -> bool:
    return value.has(sp.S.NaN, sp.S.ComplexInfinity, sp.S.Infinity, sp.S.NegativeInfinity)


def _magnitude(c: sp.Expr) -> float:
    """|c| for a constant, inf when it overflows, nan when it cannot be had."""
    z = approximate(c)
    return math.hypot(z.real, z.imag)


def _complex(z: complex) -> bool:
    return cmath.isfinite(z) and abs(z.imag) > 1e-9 * max(1.0, abs(z.real))


def _size(exprs) -> int:
    return sum(1 for e in exprs for _ in sp.preorder_traversal(e))


class Function(Problem):
    """A parsed function of x (or of x and y): exact derivatives, compiled lazily to NumPy.

    A :class:`lrtui.problem.Problem`. Every evaluation runs under
    ``np.errstate(all="ignore")`` and returns inf/nan as they come.
    """

    def __init__(self, text: str, expr: sp.Expr, parameters: tuple[str, ...]):
        self.text = text
        self.expr = expr
        self.parameters = parameters
        self.symbols = tuple(VARIABLES[p] for p in parameters)
        if sum(derivative_size(expr, s) for s in self.symbols) > MAX_DERIVATIVE_SIZE:
            raise InputError("the function is too complicated to differentiate",
                             field="function")
        self.gradient_exprs = tuple(sp.diff(expr, s) for s in self.symbols)
        if any(_undefined(g) for g in self.gradient_exprs):
            raise InputError("the derivative of the function is undefined", field="function")
        self.gradient_texts = tuple(str(g) for g in self.gradient_exprs)
        if len(parameters) == 1:
            self.derivative_text = self.gradient_texts[0]
        else:
            names = ", ".join(f"∂f/∂{p}" for p in parameters)
            self.derivative_text = f"({names}) = ({', '.join(self.gradient_texts)})"

    def __repr__(self) -> str:
        return f"Function({self.text!r})"

    @cached_property
    def is_quadratic(self) -> bool:  # type: ignore[override]
        """f is a polynomial of total degree ≤ 2 (worked out on first use)."""
        try:
            syms = sorted(self.expr.free_symbols, key=str)
            return bool(syms) and sp.Poly(self.expr, *syms).total_degree() <= 2
        except Exception:  # noqa: BLE001 - not a polynomial
            return False

    @cached_property
    def hessian_exprs(self) -> tuple[tuple[sp.Expr, ...], ...] | None:
        """The exact second derivatives, worked out on first use; None when that would
        cost too much (then :meth:`hessian` differentiates the exact gradient numerically)."""
        d = range(len(self.symbols))
        pairs = [(i, j) for i in d for j in d if i <= j]
        if sum(derivative_size(self.gradient_exprs[i], self.symbols[j])
               for i, j in pairs) > MAX_HESSIAN_SIZE:
            return None
        try:
            with _cpu_budget(HESSIAN_BUDGET):
                second = {(i, j): sp.diff(self.gradient_exprs[i], self.symbols[j])
                          for i, j in pairs}
        except _OverBudget:
            return None
        except Exception:  # noqa: BLE001 - as in parse_function
            return None
        if any(_undefined(h) for h in second.values()):
            return None
        return tuple(tuple(second[min(i, j), max(i, j)] for j in d) for i in d)

    # -- compiled code (lazily, once) -------------------------------------------------------
    def _compile(self, exprs):
        code = sp.lambdify(self.symbols, list(exprs), modules=[NUMPY_NAMESPACE, "numpy"],
                           printer=NumericPrinter(), cse=True)
        count = len(exprs)

        def run(*columns):
            try:
                return code(*columns)
            except ArithmeticError:  # a constant overflowing in Python arithmetic
                return [np.nan] * count

        return run

    @cached_property
    def _loss_code(self):
        return self._compile([self.expr])

    @cached_property
    def _gradient_code(self):
        return self._compile(self.gradient_exprs)

    @cached_property
    def _both_code(self):
        return self._compile([self.expr, *self.gradient_exprs])

    @cached_property
    def _hessian_code(self):
        return self._compile([e for row in self.hessian_exprs for e in row])

    def _run(self, code, X) -> tuple[np.ndarray, int]:
        X = np.asarray(X, dtype=np.float64)
        d = len(self.parameters)
        if X.ndim != 2 or X.shape[1] != d:
            raise ValueError(f"expected X of shape (n, {d}), got {X.shape}")
        n = X.shape[0]
        with np.errstate(all="ignore"):
            parts = code(*(X[:, i] for i in range(d)))
            if len(parts) == 1:  # the hot path of the engine: f, or f' with one parameter
                col = _column(parts[0], n)
                if not col.flags.writeable or np.may_share_memory(col, X):  # f = x: a view
                    col = col.copy()
                return col[:, None], n
            out = np.empty((n, len(parts)))
            for i, p in enumerate(parts):
                out[:, i] = _column(p, n)
            return out, n

    # -- the Problem protocol ---------------------------------------------------------------
    def loss(self, X: np.ndarray) -> np.ndarray:
        return self._run(self._loss_code, X)[0][:, 0]

    def gradient(self, X: np.ndarray, step: int | None = None) -> np.ndarray:
        return self._run(self._gradient_code, X)[0]

    def loss_and_gradient(self, X: np.ndarray, step: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """f and ∇f in one compiled call sharing subexpressions: the engine's hot path.

        Lean on purpose: X must already be a float64 array of shape (n, d), and the caller
        silences floating-point warnings (the engine runs under ``np.errstate(all="ignore")``).
        """
        n, d = X.shape
        parts = self._both_code(*(X[:, i] for i in range(d)))
        loss = _column(parts[0], n)
        if loss.base is not None and np.may_share_memory(loss, X):  # f = x: a view of X
            loss = loss.copy()
        if d == 1:
            grad = _column(parts[1], n)
            if grad.base is not None and np.may_share_memory(grad, X):  # f' = x
                grad = grad.copy()
            return loss, grad[:, None]
        grad = np.empty((n, d))
        for i in range(d):
            grad[:, i] = _column(parts[1 + i], n)
        return loss, grad

    def hessian(self, X: np.ndarray) -> np.ndarray:
        d = len(self.parameters)
        if self.hessian_exprs is None:
            return self._numeric_hessian(np.asarray(X, dtype=np.float64))
        values, n = self._run(self._hessian_code, X)
        return values.reshape(n, d, d)

    def _numeric_hessian(self, X: np.ndarray) -> np.ndarray:
        """Central differences of the exact gradient (relative step 1e-5), symmetrized."""
        n, d = X.shape
        H = np.empty((n, d, d))
        with np.errstate(all="ignore"):
            for i in range(d):
                h = 1e-5 * np.maximum(1.0, np.abs(X[:, i]))
                up, down = X.copy(), X.copy()
                up[:, i] += h
                down[:, i] -= h
                H[:, :, i] = (self.gradient(up) - self.gradient(down)) / (2 * h)[:, None]
            return (H + H.transpose(0, 2, 1)) / 2

    # -- 1-D conveniences -------------------------------------------------------------------
    def _one_d(self, method, x, pick):
        if len(self.parameters) != 1:
            raise ValueError(f"{self.text!r} is a function of {', '.join(self.parameters)}")
        xs = np.asarray(x, dtype=np.float64)
        out = pick(method(xs.reshape(-1, 1))).reshape(xs.shape)
        return float(out) if out.ndim == 0 else out

    def value(self, x):
        """f(x) for a scalar (-> float) or an array of x (-> array of the same shape)."""
        return self._one_d(self.loss, x, lambda v: v)

    def d1(self, x):
        """f'(x), like :meth:`value`."""
        return self._one_d(self.gradient, x, lambda g: g[:, 0])

    def d2(self, x):
        """f''(x), like :meth:`value`."""
        return self._one_d(self.hessian, x, lambda h: h[:, 0, 0])


def _column(part, n: int) -> np.ndarray:
    """One compiled output as a float64 array of shape (n,): constants are broadcast,
    complex values (never expected from real inputs) become nan unless real."""
    if type(part) is np.ndarray and part.dtype == np.float64 and part.shape == (n,):
        return part
    a = np.asarray(part)
    if np.iscomplexobj(a):
        a = np.where(a.imag == 0, a.real, np.nan)
    a = a.astype(np.float64, copy=False)
    return np.full(n, a, dtype=np.float64) if a.shape != (n,) else a  # constants: a writeable array
