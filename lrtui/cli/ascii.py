"""ASCII for what a terminal cannot encode: words for text, look-alikes for a screen.

* :func:`fallback`, for text (the command line's tables, summaries, messages): ASCII words —
  η → eta, ∇f → grad f, x₁₀ → x_10, x² → x^2, m̂ → m_hat, − → -, ≤ → <=, → → ->.
* :func:`cell_fallback`, for a full screen (the app): each character by one of the same width
  — box lines - | +, blocks #, Braille dots ., arrows > < ^ v, else ? — so the layout holds.

Each is also a codec error handler (``ERRORS``, ``CELLS``): a stream reconfigured with it
writes what it cannot encode that way, and only that (Latin-1 keeps its ² and ×).
"""

from __future__ import annotations

import codecs
import unicodedata

__all__ = ["CELLS", "ERRORS", "cell_fallback", "fallback"]

ERRORS = "lrtui-ascii"

_WORDS = {
    "η": "eta", "λ": "lambda", "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "eps",
    "μ": "mu", "π": "pi", "Δ": "d", "∂": "d", "∇": "grad", "ŷ": "y_hat", "ḡ": "g_bar",
    "\u0302": "_hat",  # the combining circumflex of m̂, v̂
    "−": "-", "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "--", "﹣": "-", "－": "-",
    "×": "*", "·": "*", "±": "+/-", "½": "1/2", "√": "sqrt", "∞": "inf", "∏": "prod",
    "≈": "~", "≤": "<=", "≥": ">=", "≠": "!=", "‖": "||", "…": "...", "⌈": "ceil(", "⌉": ")",
    "←": "<-", "→": "->", "↑": "(up)", "↓": "(down)", "↗": "(up)", "↖": "(up)", "↘": "(down)",
    "↙": "(down)", "◀": "<", "▶": ">", "▲": "^", "▼": "v", "⏸": "||", "●": "o",
    "─": "-", "━": "=", "│": "|", "┃": "|", "┼": "+", "╇": "+", "╋": "+",
    "“": '"', "”": '"', "‘": "'", "’": "'", "′": "'", "″": "''", "\u00a0": " ",
}
_PREFIXES = "∇√"  # written before what they apply to: kept apart from a letter (∇f → grad f)
_SUBSCRIPTS, _SUPERSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₋₊", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺"
_SUB = str.maketrans(_SUBSCRIPTS, "0123456789-+")
_SUP = str.maketrans(_SUPERSCRIPTS, "0123456789-+")


def fallback(text: str, after: str = "") -> str:
    """``text`` in ASCII words: η → eta, x₁₀ → x_10, x² → x^2, m̂ → m_hat, − → -, … → ...;
    a character with no word loses its accents (é → e), or becomes ``?``. ``after``: the
    character that follows ``text`` (a word is kept apart from a letter after it: √v → sqrt v)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isascii():
            out.append(ch)
        elif ch in _SUBSCRIPTS or ch in _SUPERSCRIPTS:  # a run of subscript or superscript digits
            digits = _SUBSCRIPTS if ch in _SUBSCRIPTS else _SUPERSCRIPTS
            j = i
            while j < n and text[j] in digits:
                j += 1
            run = text[i:j]
            out.append("_" + run.translate(_SUB) if digits is _SUBSCRIPTS else "^" + run.translate(_SUP))
            i = j
            continue
        elif ch in _WORDS:
            word = _WORDS[ch]
            following = text[i + 1] if i + 1 < n else after
            out.append(word + " " if word.isalpha() and ch in _PREFIXES and following.isalnum() else word)
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain if plain else ("" if unicodedata.combining(ch) else "?"))
        i += 1
    return "".join(out)


def _handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return fallback(err.object[err.start : err.end], err.object[err.end : err.end + 1]), err.end


codecs.register_error(ERRORS, _handler)

CELLS = "lrtui-cells"
_LOOKALIKE = {
    "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|", "·": ".", "…": ".", "−": "-", "×": "x",
    "≤": "<", "≥": ">", "→": ">", "←": "<", "↑": "^", "↓": "v", "▲": "^", "▼": "v", "◀": "<", "▶": ">",
    "●": "o", "⏸": "|", "▌": "|", "⚠": "!", "┊": ":", "‖": "|",
}


def cell_fallback(text: str) -> str:
    """``text`` in ASCII, each character in as many cells as it takes (a screen's layout holds):
    box lines become - | +, block and Braille dots # and ., arrows > < ^ v; a character with no
    look-alike loses its accents (é → e), or becomes ?."""
    from rich.cells import cell_len

    out: list[str] = []
    for ch in text:
        width = cell_len(ch)
        if ch.isascii():
            out.append(ch)
        elif width == 0:
            continue
        elif ch in _LOOKALIKE:
            out.append(_LOOKALIKE[ch] * width)
        elif "\u2500" <= ch <= "\u257f":  # the other box drawings: corners and joints
            out.append("+" * width)
        elif "\u2580" <= ch <= "\u259f":  # block elements
            out.append("#" * width)
        elif "\u2800" <= ch <= "\u28ff":  # Braille dots
            out.append("." * width)
        elif ch in "₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹":
            out.append(ch.translate(_SUB).translate(_SUP))
        else:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
            out.append(plain if len(plain) == width else "?" * width)
    return "".join(out)


def _cell_handler(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    return cell_fallback(err.object[err.start : err.end]), err.end


codecs.register_error(CELLS, _cell_handler)
