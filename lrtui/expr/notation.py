"""How a function reads on screen: the notation of a blackboard, not of Python.

``(x-2)**2`` reads ``(x − 2)²``, ``x**2 + 10*sin(x)`` reads ``x² + 10·sin(x)`` and the derivative
``2*x - 4`` reads ``2x − 4``: whole powers as superscripts, a number before a variable written
against it (2x, −400x), every other product with a middle dot, the minus sign as − (U+2212),
π for pi. The input is an expression in Python's syntax — the rewritten text a user typed (its
numbers as typed, its order kept) or sympy's printing of a derivative — read with :mod:`ast`,
never run. Parentheses are the ones the reading needs.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

__all__ = ["notation"]

MINUS = "−"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
NAMES = {"pi": "π", "E": "e"}
# precedence: the lower, the looser
SUM, PRODUCT, NEGATION, POWER, ATOM = range(5)


def notation(source: str, number: Callable[[ast.Constant], str] | None = None) -> str:
    """``source`` (a Python expression) in blackboard notation; ``number`` writes a number node
    (default: as Python wrote it). The source itself when it is not an expression lrtui writes."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
        return _Printer(number or _plain).text(tree.body)[0]
    except (SyntaxError, ValueError, RecursionError, _Unknown):
        return source


class _Unknown(Exception):
    """A node lrtui's functions never hold (the source is then shown as it is)."""


def _plain(node: ast.Constant) -> str:
    return repr(node.value)


class _Printer:
    def __init__(self, number: Callable[[ast.Constant], str]):
        self.number = number

    def text(self, node: ast.expr) -> tuple[str, int]:
        """The node's text and its precedence."""
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
            return self.number(node), ATOM
        if isinstance(node, ast.Name):
            return NAMES.get(node.id, node.id), ATOM
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            sign = MINUS if isinstance(node.op, ast.USub) else "+"
            return sign + self.wrapped(node.operand, NEGATION), NEGATION
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
            args = ", ".join(self.text(a)[0] for a in node.args)
            if node.func.id in ("Abs", "abs") and len(node.args) == 1:
                return f"|{args}|", ATOM
            return f"{node.func.id}({args})", ATOM
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        raise _Unknown(type(node).__name__)

    def wrapped(self, node: ast.expr, least: int) -> str:
        """The node's text, in parentheses when it binds looser than ``least``."""
        text, level = self.text(node)
        return f"({text})" if level < least else text

    def binop(self, node: ast.BinOp) -> tuple[str, int]:
        op = node.op
        if isinstance(op, ast.Add | ast.Sub):
            right = self.wrapped(node.right, PRODUCT if isinstance(op, ast.Sub) else SUM)
            if _negative(node.right):  # x + (−3), x − (−3)
                right = f"({right})"
            return f"{self.wrapped(node.left, SUM)} {'+' if isinstance(op, ast.Add) else MINUS} {right}", SUM
        if isinstance(op, ast.Mult):
            left = self.wrapped(node.left, PRODUCT)
            right = self.wrapped(node.right, NEGATION + 1)  # a·(−b)
            # 2x, −400x, 3x² (not 1e-3x²: a number in e-notation keeps its dot)
            together = _number(node.left) and self.variable(node.right) and "e" not in left.lower()
            return f"{left}{'' if together else '·'}{right}", PRODUCT
        if isinstance(op, ast.Div):
            return f"{self.wrapped(node.left, PRODUCT)}/{self.wrapped(node.right, NEGATION + 1)}", PRODUCT
        if isinstance(op, ast.Pow):
            base = self.wrapped(node.left, ATOM)
            whole = self.whole(node.right)
            if whole is not None:
                sign = "⁻" if whole < 0 else ""
                return f"{base}{sign}{str(abs(whole)).translate(SUPERSCRIPT)}", POWER
            return f"{base}^{self.wrapped(node.right, ATOM)}", POWER
        raise _Unknown(type(op).__name__)

    def whole(self, node: ast.expr) -> int | None:
        """A whole-number exponent as written (2, −1), or None."""
        if isinstance(node, ast.Constant) and type(node.value) is int:
            digits = self.number(node)
            return int(digits) if digits.isdigit() else None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            inner = self.whole(node.operand)
            return None if inner is None else -inner
        return None

    def variable(self, node: ast.expr) -> bool:
        """x, y, π, or a whole power of one (x²): what a number is written against."""
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            return self.variable(node.left) and self.whole(node.right) is not None
        return isinstance(node, ast.Name) and node.id in ("x", "y", "pi")


def _number(node: ast.expr) -> bool:
    """A number, or a signed one: what stands against a variable (2x, −400x)."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        return _number(node.operand)
    return isinstance(node, ast.Constant) and not isinstance(node.value, bool)


def _negative(node: ast.expr) -> bool:
    return isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub)
