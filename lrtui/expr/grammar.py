"""From the text a user typed to an exact sympy expression, through an explicit whitelist.

The text never reaches Python's evaluator nor sympy's string parser. It is

1. checked character by character (length, characters, parenthesis balance and depth);
2. lexed by hand, which rewrites ``^`` to ``**``, inserts ``*`` for implicit
   multiplication (``2x``, ``3(x-1)``, ``2pi x``, ``(x+1)sin(x)``) and replaces every
   number by a one-character placeholder (its exact value is kept aside), while
   recording for each character of the rewritten text the column it came from;
3. parsed with :func:`ast.parse` and walked through an explicit whitelist, building
   the sympy expression node by node with checks that keep every step cheap
   (exponent sizes, nesting depth, sizes of numbers, undefined or complex constants).

These static bounds keep sympy's work small; the worker's wall-clock limit
(:mod:`lrtui.expr.worker`) ends what they miss. Runs in the symbolic worker only.
"""

from __future__ import annotations

import ast
import cmath
import keyword
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from lrtui.errors import Field, InputError
from lrtui.expr.cost import approximate, is_complex, magnitude, tree_size
from lrtui.expr.names import (
    BRACKET_WORD,
    CONSTANTS,
    FUNCTIONS,
    HINT,
    REFUSED_BINOPS,
    REFUSED_NODES,
    SEVERAL,
    STEP_HINT,
    STEP_VARIABLES,
    VARIABLES,
)
from lrtui.expr.notation import notation
from lrtui.expr.protocol import length_error

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

_BINOPS: dict[type[ast.operator], str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}

_PERIODIC = {"sin", "cos", "tan"}
MINUSES = "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"  # − ‐ ‑ ‒ – — ﹣ －, as lrtui.numeric says too
_NUMBER = re.compile(r"(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}


@dataclass(frozen=True)
class Language:
    """What a text may say: its variables, its functions (of one argument, and of several), what
    it is called in a message, the field its errors concern and the hint listing the names."""

    variables: dict[str, Any]
    noun: str
    concerns: Field
    hint: str
    several: dict[str, Callable[..., Any]] = field(default_factory=dict)


FUNCTION = Language(VARIABLES, "function", Field.FUNCTION, HINT)  # f(x) or f(x, y)
STEP_FORMULA = Language(STEP_VARIABLES, "formula", Field.SCHEDULE, STEP_HINT, SEVERAL)  # a schedule's f(k)


def read(text: str, language: Language = FUNCTION) -> tuple[Any, tuple[str, ...]]:
    """The exact expression of ``text`` and its parameters (``("x",)`` or ``("x", "y")``; ``("k",)``
    for a formula in k).

    Raises :class:`~lrtui.errors.InputError` (the language's field, ``Field.FUNCTION`` for a
    function) with a one-line message naming the problem and its 1-based column in ``text``.
    """
    if language is not FUNCTION:  # a schedule's formula in k: no notation is shown for it
        return Parser(text, language).parse(), tuple(language.variables)
    expr, parameters, _ = read_with_notation(text)
    return expr, parameters


def read_with_notation(text: str) -> tuple[Any, tuple[str, ...], str]:
    """:func:`read`, and how the text reads in blackboard notation (:mod:`lrtui.expr.notation`):
    in the order it was typed, its numbers as typed, ``(x-2)^2`` as ``(x − 2)²``."""
    parser = Parser(text)
    expr = parser.parse()
    return expr, ("x", "y") if "y" in parser.names else ("x",), parser.notation()


class Parser:
    def __init__(self, raw: str, language: Language = FUNCTION):
        self.language = language
        self.variables = language.variables
        self.raw = raw
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
                          field=self.language.concerns, column=column)

    def at(self, offset: int) -> int:
        """Index in ``self.text`` of rewritten offset ``offset`` (end of text past the end)."""
        return self.start[offset] if offset < len(self.start) else len(self.text)

    def segment(self, node: ast.expr) -> str:
        """The typed text of a node."""
        return self.text[self.at(node.col_offset):self.end[_end(node) - 1]]

    # -- stages ---------------------------------------------------------------------------
    def parse(self) -> sp.Expr:
        self.check_characters()
        self.lex()
        try:
            tree = ast.parse(self.src, mode="eval")  # the rewritten text never warns
        except SyntaxError as error:
            offset = (error.offset or 0) - 1  # 0: at the end of the text
            if not 0 <= offset < len(self.src.rstrip()):
                raise self.fail(f"the {self.language.noun} ends too early", len(self.text)) from None
            index = self.at(offset)
            raise self.fail(f"syntax error near '{self.text[index:index + 8]}'", index) from None
        except (ValueError, RecursionError, MemoryError):  # pragma: no cover - defensive
            raise self.fail(f"the {self.language.noun} cannot be read", None) from None
        return self.build(tree.body, 0)

    def notation(self) -> str:
        """The text read (after :meth:`parse`) in blackboard notation, each number as it was typed."""
        return notation(self.src, lambda node: self.text[self.at(node.col_offset):self.end[node.col_offset]])

    def check_characters(self) -> None:
        text = self.text
        if not text:
            raise self.fail(f"the {self.language.noun} is empty", 0)
        too_long = length_error(self.raw)
        if too_long is not None:
            raise too_long
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch in "\n\r;":
                raise self.fail("only one expression is allowed: unexpected "
                                f"{'newline' if ch != ';' else repr(ch)}", i)
            if ch in "'\"":
                raise self.fail("strings are not allowed", i)
            if ch == "#":
                raise self.fail("comments ('#') are not allowed", i)
            if not ch.isascii() and ch.isdecimal():
                raise self.fail(f"non-ASCII digit {ch!r}", i, "write numbers with the digits 0-9")
            if not (ch.isascii() and (ch.isprintable() or ch == "\t")):
                hint = ("write ^ for a power, e.g. x^2" if ch.isdigit()  # superscripts
                        else "write the minus sign as '-'" if ch in MINUSES else None)
                raise self.fail(f"unexpected character {ch!r}", i, hint)
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
            if (number or name) and (previous in FUNCTIONS or previous in self.language.several):
                raise self.fail(f"'{previous}' needs its argument in parentheses, e.g. "
                                f"{previous}({next(iter(self.variables))}),", previous_at)
            if number:
                j = number.end()
                if text[j:j + 1] in ("j", "J") and not _NAME.match(text, j + 1):
                    raise self.fail("complex numbers are not allowed", i)
                after = _NAME.match(text, j)
                if after and after.group() in ("e", "E") and "e" not in number.group().lower():
                    mantissa = number.group()
                    raise self.fail(f"unfinished number '{mantissa}{after.group()}'", i,
                                    f"an exponent needs digits, e.g. {mantissa}e3; "
                                    f"write {mantissa}*e for {mantissa}·e")
                self.numbers[len(self.src)] = self.literal(number.group(), i)
                if previous == "0":  # "1.5.3": keep them apart for Python to refuse
                    self.emit(" ", i, i)
                self.emit("0" if text[j:j + 1] != "." else "0 ", i, j)  # "0 ." is no float
                previous, previous_at, i = "0", i, j
            elif name:
                word = name.group()
                if previous in ("0", ")") or previous in self.variables or previous in CONSTANTS:
                    self.emit(" " if keyword.iskeyword(word) else "*", i, i)
                self.emit(word, i, name.end())
                previous, previous_at, i = word, i, name.end()
            else:
                if ch == "(" and previous == "0":
                    self.emit("*", i, i)
                self.emit("**" if ch == "^" else ch, i, i + 1)
                previous, previous_at, i = ch, i, i + 1

    def literal(self, token: str, index: int) -> Any:
        """The exact value of a number token: 0 or between 1e-310 and 1e310 in size."""
        mantissa, _, exponent = token.lower().partition("e")
        if sum(c.isdigit() for c in mantissa) > MAX_LITERAL_DIGITS:
            raise self.fail(f"number longer than {MAX_LITERAL_DIGITS} digits", index)
        whole, _, fraction = mantissa.partition(".")
        if not (whole + fraction).strip("0"):
            return sp.S.Zero
        power = int(exponent or 0)
        if whole.lstrip("0"):  # the decimal order of the number: 123.4e5 -> 7, 0.05 -> -2
            order = power + len(whole.lstrip("0")) - 1
        else:
            order = power - (len(fraction) - len(fraction.lstrip("0"))) - 1
        if order > MAX_DIGITS:
            raise self.fail("number too large", index, f"at most 1e{MAX_DIGITS}")
        if order < -MAX_DIGITS:
            raise self.fail("number too small", index, f"the smallest is 1e-{MAX_DIGITS}; write 0 for zero")
        value = Fraction(token)
        return sp.Rational(value.numerator, value.denominator)

    # -- the whitelist --------------------------------------------------------------------
    def build(self, node: ast.expr, depth: int) -> sp.Expr:
        index = self.at(node.col_offset)
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
        if word in self.variables:
            self.names.add(word)
            return self.variables[word]
        if word in CONSTANTS:
            return CONSTANTS[word]
        one = next(iter(self.variables))
        if word in FUNCTIONS:
            raise self.fail(f"'{word}' needs one argument in parentheses, e.g. {word}({one}),", index)
        if word in self.language.several:
            raise self.fail(f"'{word}' needs its arguments in parentheses, e.g. {word}({one}, 1),", index)
        product = self.language is FUNCTION and set(word) <= {"x", "y"}
        hint = "write x*y for a product" if product else self.language.hint
        raise self.fail(f"unknown name '{word}'", index, hint)

    def op_index(self, node: ast.BinOp, symbol: str) -> int:
        gap = self.src[_end(node.left):node.right.col_offset]
        found = gap.find(symbol)
        return self.at(_end(node.left) + max(found, 0))

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
            if not term.free_symbols and not magnitude(term) <= MAX_DIGITS * math.log(10):
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
            if not magnitude(constant) <= MAX_EXPONENT:  # b^(y+k) may be expanded to b^k*b^y
                raise self.fail("exponent too large", index)
            size = sum(magnitude(t.as_coeff_Mul()[0]) for t in terms) + magnitude(constant)
        else:
            size = magnitude(exponent)
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
        if word not in FUNCTIONS and word not in self.language.several:
            if word in self.variables or word in VARIABLES or word in CONSTANTS:
                raise self.fail(f"'{word}' is not a function", index,
                                f"write {word}*(...) for a product")
            raise self.fail(f"unknown function '{word}'", index, self.language.hint)
        if node.keywords:
            raise self.fail("keyword arguments are not allowed",
                            self.at(node.keywords[0].value.col_offset))
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail("'*' unpacking is not allowed", self.at(arg.col_offset))
        if word in self.language.several:
            if len(node.args) < 2:
                raise self.fail(f"{word} takes two or more arguments, got {len(node.args)},", index)
            values = [self.build(arg, depth + 1) for arg in node.args]
            return self.checked(self.language.several[word](*values), node, index)
        if len(node.args) != 1:
            raise self.fail(f"{word} takes exactly one argument, got {len(node.args)},", index)
        argument = self.build(node.args[0], depth + 1)
        if word == "exp":
            self.check_exp(argument, index)
        if word == "sqrt" and argument.is_Number and argument < 0:
            raise self.fail(f"'{self.segment(node)}' is not a real number", index)
        function = FUNCTIONS[word]
        result = self.power(argument, sp.S.Half, index) if function is None else function(argument)
        if word in _PERIODIC and not argument.free_symbols and not magnitude(argument) <= 2**53:
            # sympy reduces a huge argument by an exact multiple of pi, then trips over it
            # (asin(cos(1e300))): such a constant is kept as its value
            value = result.evalf(20)
            if not value.is_Float:
                raise self.fail(f"'{self.segment(node)}' cannot be worked out", index)
            result = sp.Float(float(value))
        return self.checked(result, node, index)

    def checked(self, value: sp.Expr, node: ast.expr, index: int) -> sp.Expr:
        for r in value.atoms(sp.Rational):
            if abs(r.p).bit_length() > MAX_BITS:
                raise self.fail(f"number too large (over {MAX_DIGITS} digits)", index)
            if r.q.bit_length() > MAX_BITS:
                raise self.fail(f"number too small or too precise (over {MAX_DIGITS} digits)", index)
        # exact roots of numbers are kept only while small (sqrt(2), 10^(1/3)): sympy's
        # arithmetic on them raises integers to powers as large as the denominators
        rough = {a: sp.Float(approximate(a).real, 15) for a in value.atoms(sp.Pow)
                 if a.base.is_Rational and a.exp.is_Rational and not _exact_root(a)}
        if rough:
            value = value.xreplace(rough)
        if undefined(value):
            raise self.fail(f"'{self.segment(node)}' is undefined", index)
        if value.has(sp.I) or (not value.free_symbols and is_complex(approximate(value))):
            raise self.fail(f"'{self.segment(node)}' is not a real number", index)
        if value.free_symbols or value.is_Number:
            return value
        # sympy reasons about constants at length (evalf in assumptions, reduction of trig
        # arguments): refuse those beyond floating point, and fold long ones to their value
        approximation = approximate(value)
        if not cmath.isfinite(approximation):
            raise self.fail(f"'{self.segment(node)}' is too large or undefined", index)
        if tree_size([value]) > MAX_CONSTANT:
            return sp.Float(approximation.real, 15)
        return value


def _end(node: ast.expr) -> int:
    return node.col_offset + 1 if node.end_col_offset is None else node.end_col_offset  # ast.parse sets it


def _exact_root(power: Any) -> bool:
    base, exponent = power.args
    return bool(exponent.q <= MAX_ROOT_DENOMINATOR and max(abs(base.p), base.q) < 10**MAX_ROOT_BASE_DIGITS)


def undefined(value: Any) -> bool:
    """Does the expression hold nan or an infinity (1/0, log(0), tan(pi/2))?"""
    return bool(value.has(sp.S.NaN, sp.S.ComplexInfinity, sp.S.Infinity, sp.S.NegativeInfinity))
