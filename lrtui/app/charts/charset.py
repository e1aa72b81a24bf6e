"""The characters a chart draws its lines and curves with: braille (2×4 dots a cell, the default),
quadrant blocks (2×2) or ASCII (1×2), for terminals that can encode nothing else.

A cell's dots are numbered row by row from its top-left corner (bit ``row · across + column``);
a :class:`Charset` turns the set of dots lit in a cell into the one character that shows them.
No NumPy here: the command line checks ``--charset`` with these names before anything loads.
"""

from __future__ import annotations

from dataclasses import dataclass

NAMES = ("braille", "block", "ascii")
DEFAULT = "braille"
# braille's dot numbers (U+2800 + their bits) by (row, column) from the top-left: 1 4 / 2 5 / 3 6 / 7 8
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))
# quadrants by their bits: upper-left 1, upper-right 2, lower-left 4, lower-right 8
_QUADRANTS = " ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█"
_ASCII = " '.:"  # upper dot 1, lower dot 2


@dataclass(frozen=True)
class Charset:
    name: str
    across: int  # dots across a cell
    up: int  # dots up a cell
    glyphs: tuple[str, ...]  # the character of each set of dots (a mask of across × up bits)
    samples: str  # characters a terminal must encode to draw with it

    @property
    def dots(self) -> int:
        return self.across * self.up


def _braille() -> tuple[str, ...]:
    out = []
    for mask in range(256):
        code = 0
        for bit in range(8):
            if mask >> bit & 1:
                row, col = divmod(bit, 2)
                code |= _BRAILLE_BITS[row][col]
        out.append(chr(0x2800 + code) if code else " ")
    return tuple(out)


CHARSETS = {
    "braille": Charset("braille", 2, 4, _braille(), "⠁⣿⡇⢸"),
    "block": Charset("block", 2, 2, tuple(_QUADRANTS), _QUADRANTS.strip()),
    "ascii": Charset("ascii", 1, 2, tuple(_ASCII), ""),
}


def charset(name: str) -> Charset:
    """The named charset; ValueError naming the valid ones otherwise."""
    try:
        return CHARSETS[name]
    except KeyError:
        raise ValueError(f"unknown charset {name!r}; valid: {', '.join(NAMES)}") from None


def best_for(encodes: object) -> str:
    """The finest charset whose characters ``encodes(text) -> bool`` says the terminal can show:
    braille, then blocks, then ASCII."""
    for name in NAMES:
        if callable(encodes) and encodes(CHARSETS[name].samples):
            return name
    return "ascii"
