"""Numbers as a user types them: one reader for real numbers, one for whole numbers.

Every numeric field reads its text here — η, x0, steps, tol, the seed, epochs, the batch
size, the sweep's range and points, the values inside optimizer and schedule specs, the
cells of a data file — so the same text gets the same answer everywhere:

* ASCII only. Python's ``float`` and ``int`` also take other digits (``"１"``, ``"١٠"``);
  the function parser refuses them, and so does every numeric field, naming the character.
* ``_`` between digits is allowed, as in Python (``1_000``).
* A whole number may be written with an exponent or a zero fraction (``1e6``, ``20.0``)
  when its value is an exact integer.

:func:`real` and :func:`whole` raise :class:`NotANumber`, whose ``reason`` completes a
sentence ("is not a number", ...); :func:`read_real` and :func:`read_whole` turn that into
the one :class:`~lrtui.errors.InputError` line a front end shows. Nothing here imports NumPy:
the app checks its fields before the first result.
"""

from __future__ import annotations

import math

from .errors import Field, InputError

_EXACT = 2**53  # beyond this a float no longer holds every integer


class NotANumber(ValueError):
    """The text is not the number asked for; ``reason`` says why, e.g. "is not a number"."""

    def __init__(self, token: str, reason: str):
        super().__init__(f"{token!r} {reason}")
        self.token = token
        self.reason = reason


_MINUSES = "\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"  # − ‐ ‑ ‒ – — ﹣ －


def _ascii(token: str) -> None:
    for ch in token:
        if not ch.isascii():
            how = "write the minus sign as '-'" if ch in _MINUSES else "write numbers with the digits 0-9"
            raise NotANumber(token, f"has the character {ch!r}: {how}")


def real(text: str) -> float:
    """A finite float from ``text`` (surrounding spaces ignored)."""
    token = str(text).strip()
    _ascii(token)
    try:
        value = float(token)
    except ValueError:
        raise NotANumber(token, "is not a number") from None
    if not math.isfinite(value):
        raise NotANumber(token, "is not a finite number")
    if value == 0 and any(c in "123456789" for c in token.lower().partition("e")[0]):
        # 1e-400 reads as 0 in float64: refused, as the function's text refuses it, not changed silently
        raise NotANumber(token, "is too small to tell from 0 in float64 (write 0 for zero)")
    return value


def whole(text: str | int) -> int:
    """An integer from ``text``: ``12``, ``1_000``, ``1e6`` or ``20.0`` (exact values only)."""
    if isinstance(text, int) and not isinstance(text, bool):
        return text
    token = str(text).strip()
    _ascii(token)
    try:
        return int(token)
    except ValueError:
        pass
    try:
        value = float(token)
    except ValueError:
        raise NotANumber(token, "is not a whole number") from None
    if not (math.isfinite(value) and value == int(value) and abs(value) <= _EXACT):
        raise NotANumber(token, "is not a whole number")
    return int(value)


def read_real(text: str, what: str, field: Field | str) -> float:
    """:func:`real`, or one InputError line: ``"{what}: 'abc' is not a number"``."""
    try:
        return real(text)
    except NotANumber as err:
        raise InputError(f"{what}: {err}", field=field) from None


def read_whole(text: str | int, what: str, field: Field | str, lo: int, hi: int | None = None, hint: str = "") -> int:
    """:func:`whole` within [lo, hi], or one InputError line naming ``what``.

    ``hint`` follows the complaint about a text that is not a whole number, e.g. " (1 to 1,000)".
    """
    try:
        value = whole(text)
    except NotANumber as err:
        raise InputError(f"{what}: {err}{hint if err.reason == 'is not a whole number' else ''}", field=field) from None
    if value < lo or (hi is not None and value > hi):
        allowed = f"from {lo:,} to {hi:,}" if hi is not None else f"at least {lo:,}"
        raise InputError(f"{what}: must be {allowed}, got {value:,}", field=field)
    return value


def shortest(value: float) -> str:
    """The shortest text that reads back as exactly ``value``: "0.01", "1e-08", "0.0123456789".

    ``:g`` alone rounds to 6 digits (0.0123456789 would read 0.0123457, a different η)."""
    value = float(value)
    short = f"{value:g}"
    return short if float(short) == value else repr(value)
