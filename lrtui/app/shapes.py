"""Drawing characters as shapes, as kitty and wezterm draw them: box lines, block elements, braille
dots, and small digits for sub- and superscripts, in a screenshot's SVG.

A font draws these characters at its own size and weight, when it has them: Fira Code (the
screenshots' font) lacks ⏸, and its subscript zero reads as a small o (x₂₀ as "x₂ₒ"). Drawn as
shapes in the cell they fill, a chart's braille curve, a panel's border and a block stay crisp
at any zoom and never depend on a font's coverage; a sub- or superscript digit is the font's own
digit, smaller and lowered or raised. :func:`shape` gives the SVG of one character in one cell,
or None for a character the font draws.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

LIGHT, HEAVY = 1.5, 3.0  # stroke widths of box lines, in SVG units (a cell is 12.2 × 24.4)
DOUBLE_GAP = 3.0  # between the two strokes of a double line
DOT = 0.42  # a braille dot's radius, as a share of its place (half a cell's width)
SUBSCRIPTS, SUPERSCRIPTS = "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾"
_PLAIN = "0123456789+-=()"
_TO_PLAIN = str.maketrans(SUBSCRIPTS + SUPERSCRIPTS, _PLAIN + _PLAIN)
SMALL = 0.64  # a sub- or superscript's size, as a share of the font's
_SHADES = {"░": 0.25, "▒": 0.5, "▓": 0.75}
_DIRECTIONS = {"UP": ("up",), "DOWN": ("down",), "LEFT": ("left",), "RIGHT": ("right",),
               "VERTICAL": ("up", "down"), "HORIZONTAL": ("left", "right")}
_WEIGHTS = {"LIGHT": LIGHT, "SINGLE": LIGHT, "HEAVY": HEAVY, "DOUBLE": -LIGHT}  # negative: a double line
_OTHERS = {"⏸": ((0.25, 0.2, 0.15, 0.6), (0.6, 0.2, 0.15, 0.6))}  # ⏸: two bars (x, y, width, height of a cell)


def scripts(ch: str) -> str:
    """"sub" or "sup" for a sub- or superscript (drawn in runs: :func:`small`), else ""."""
    return "sub" if ch in SUBSCRIPTS else "sup" if ch in SUPERSCRIPTS else ""


def drawn(ch: str) -> bool:
    """Is ``ch`` drawn as a shape (else the font draws it)?"""
    o = ord(ch)
    return 0x2500 <= o <= 0x259F or 0x2800 <= o <= 0x28FF or ch in SUBSCRIPTS or ch in SUPERSCRIPTS or ch in _OTHERS


def shape(ch: str, x: float, y: float, w: float, h: float, fill: str, bold: bool = False) -> str:
    """The SVG of ``ch`` filling the cell at (x, y) of w × h, in colour ``fill`` ("" when nothing
    shows: a blank braille cell)."""
    o = ord(ch)
    if 0x2800 <= o <= 0x28FF:
        return _braille(o - 0x2800, x, y, w, h, fill)
    if 0x2580 <= o <= 0x259F:
        return _block(ch, x, y, w, h, fill)
    if 0x2500 <= o <= 0x257F:
        return _box(ch, x, y, w, h, fill)
    if ch in SUBSCRIPTS or ch in SUPERSCRIPTS:
        return _small(ch, x, y, w, h, fill, bold)
    return "".join(_rect(x + a * w, y + b * h, c * w, d * h, fill) for a, b, c, d in _OTHERS.get(ch, ()))


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _rect(x: float, y: float, w: float, h: float, fill: str, extra: str = "") -> str:
    return f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" fill="{fill}"{extra}/>'


# braille: dots 1 2 3 7 down the left column, 4 5 6 8 down the right
_BRAILLE = ((0x01, 0, 0), (0x02, 0, 1), (0x04, 0, 2), (0x08, 1, 0), (0x10, 1, 1), (0x20, 1, 2), (0x40, 0, 3),
            (0x80, 1, 3))


def _braille(bits: int, x: float, y: float, w: float, h: float, fill: str) -> str:
    place = min(w / 2, h / 4)
    r = DOT * place
    out = []
    for bit, col, row in _BRAILLE:
        if bits & bit:
            cx, cy = x + (col + 0.5) * w / 2, y + (row + 0.5) * h / 4
            out.append(_rect(cx - r, cy - r, 2 * r, 2 * r, fill, f' rx="{_n(r)}"'))
    return "".join(out)


def _block(ch: str, x: float, y: float, w: float, h: float, fill: str) -> str:
    o = ord(ch)
    if ch in _SHADES:
        return _rect(x, y, w, h, fill, f' fill-opacity="{_SHADES[ch]}"')
    if ch == "▀":
        return _rect(x, y, w, h / 2, fill)
    if 0x2581 <= o <= 0x2588:  # ▁ … █: the lower eighths
        part = (o - 0x2580) / 8
        return _rect(x, y + h * (1 - part), w, h * part, fill)
    if 0x2589 <= o <= 0x258F:  # ▉ … ▏: the left eighths
        part = (0x2590 - o) / 8
        return _rect(x, y, w * part, h, fill)
    if ch == "▐":
        return _rect(x + w / 2, y, w / 2, h, fill)
    if ch == "▔":
        return _rect(x, y, w, h / 8, fill)
    if ch == "▕":
        return _rect(x + w * 7 / 8, y, w / 8, h, fill)
    quadrants = {"▖": "c", "▗": "d", "▘": "a", "▙": "acd", "▚": "ad", "▛": "abc", "▜": "abd", "▝": "b",
                 "▞": "bc", "▟": "bcd"}  # a upper left, b upper right, c lower left, d lower right
    at = {"a": (0, 0), "b": (0.5, 0), "c": (0, 0.5), "d": (0.5, 0.5)}
    return "".join(_rect(x + at[q][0] * w, y + at[q][1] * h, w / 2, h / 2, fill) for q in quadrants.get(ch, ""))


@lru_cache(maxsize=256)
def arms(ch: str) -> tuple[dict[str, float], str]:
    """A box-drawing character's arms (up, down, left, right → stroke width; negative: a double
    line) and its kind: "" (lines meeting at the middle), "arc", "dash2", "dash3", "dash4" or
    "diagonal"; from its Unicode name (BOX DRAWINGS LEFT HEAVY AND RIGHT DOWN LIGHT …)."""
    words = unicodedata.name(ch, "").split()[2:]
    kind = ""
    if "ARC" in words:
        kind, words = "arc", [w for w in words if w != "ARC"]
    for dashes, name in (("DOUBLE", "dash2"), ("TRIPLE", "dash3"), ("QUADRUPLE", "dash4")):
        if "DASH" in words and dashes in words:
            kind, words = name, [w for w in words if w not in ("DASH", dashes)]
    if "DIAGONAL" in words or "CROSS" in words:
        return {}, "diagonal"
    out: dict[str, float] = {}
    prefix = bool(words) and words[0] in _WEIGHTS  # LIGHT DOWN AND RIGHT, not DOWN LIGHT AND RIGHT HEAVY
    weight, pending = LIGHT, list[str]()
    for word in words:
        if word in _WEIGHTS:
            weight = _WEIGHTS[word]
            for d in pending:
                out[d] = weight
            pending = []
        elif word in _DIRECTIONS:
            if prefix:
                out.update(dict.fromkeys(_DIRECTIONS[word], weight))
            else:
                pending += _DIRECTIONS[word]
    for d in pending:
        out[d] = weight
    return out, kind


def _box(ch: str, x: float, y: float, w: float, h: float, fill: str) -> str:
    lines, kind = arms(ch)
    cx, cy = x + w / 2, y + h / 2
    if kind == "diagonal":
        strokes = []
        if ch in "╱╳":
            strokes.append(f"M{_n(x + w)} {_n(y)}L{_n(x)} {_n(y + h)}")
        if ch in "╲╳":
            strokes.append(f"M{_n(x)} {_n(y)}L{_n(x + w)} {_n(y + h)}")
        return f'<path d="{"".join(strokes)}" stroke="{fill}" stroke-width="{LIGHT}" fill="none"/>'
    if kind == "arc":  # from the middle of the top or bottom side, a quarter circle, to the middle of a side
        r = min(w, h) / 2
        sy = -1 if "up" in lines else 1
        sx = -1 if "left" in lines else 1
        sweep = 1 if sx * sy > 0 else 0  # a right turn (clockwise on screen) for ╭ and ╯
        d = (f"M{_n(cx)} {_n(cy + sy * h / 2)}L{_n(cx)} {_n(cy + sy * r)}"
             f"A{_n(r)} {_n(r)} 0 0 {sweep} {_n(cx + sx * r)} {_n(cy)}L{_n(cx + sx * w / 2)} {_n(cy)}")
        return f'<path d="{d}" stroke="{fill}" stroke-width="{LIGHT}" fill="none"/>'
    if kind.startswith("dash"):
        n = int(kind[-1])
        out = []
        for side in lines:
            width = abs(lines[side])
            horizontal = side in ("left", "right")
            length = w if horizontal else h
            for i in range(n):
                a = (i + 0.15) * length / n
                b = 0.6 * length / n
                if horizontal:
                    out.append(_rect(x + a, cy - width / 2, b, width, fill))
                else:
                    out.append(_rect(cx - width / 2, y + a, width, b, fill))
            break  # a dashed line is one stroke, across or down the whole cell
        return "".join(out)
    out = []
    for side, width in lines.items():
        offsets = [0.0] if width > 0 else [-DOUBLE_GAP / 2 - LIGHT / 2, DOUBLE_GAP / 2 + LIGHT / 2]
        width = abs(width)
        reach = HEAVY / 2 if any(v < 0 for v in lines.values()) else max(abs(v) for v in lines.values()) / 2
        for off in offsets:
            if side == "up":
                out.append(_rect(cx + off - width / 2, y, width, h / 2 + reach, fill))
            elif side == "down":
                out.append(_rect(cx + off - width / 2, cy - reach, width, h / 2 + reach, fill))
            elif side == "left":
                out.append(_rect(x, cy + off - width / 2, w / 2 + reach, width, fill))
            else:
                out.append(_rect(cx - reach, cy + off - width / 2, w / 2 + reach, width, fill))
    return "".join(out)


def _small(ch: str, x: float, y: float, w: float, h: float, fill: str, bold: bool) -> str:
    """A sub- or superscript: the font's own character, smaller, lowered or raised in its cell."""
    return small(ch, x, y, w, h, fill, bold)


def small(run: str, x: float, y: float, w: float, h: float, fill: str, bold: bool = False) -> str:
    """A run of sub- or superscripts (₁₂ of x₁₂, all of one kind) in the cells from (x, y), each
    w × h: the font's own digits, smaller, lowered or raised, set close together from the left
    of the first cell as a printed subscript is (not one to a cell: x₁₂ would read "x₁ ₂")."""
    sub = run[0] in SUBSCRIPTS
    plain = run.translate(_TO_PLAIN)
    size = SMALL * h / 1.22  # the font's size is the row's height / 1.22 (rich's SVG)
    baseline = y + h * (0.9 if sub else 0.5)
    weight = ' font-family="Fira Code, monospace"' + (' font-weight="bold"' if bold else "")
    if len(run) == 1:
        return (f'<text x="{_n(x + w / 2)}" y="{_n(baseline)}" fill="{fill}" font-size="{_n(size)}px"'
                f' text-anchor="middle"{weight}>{plain}</text>')
    return (f'<text x="{_n(x + 0.1 * w)}" y="{_n(baseline)}" fill="{fill}" font-size="{_n(size)}px"'
            f'{weight}>{plain}</text>')
