"""A table written row by row, however long: a million steps cost what one row costs in memory.

Rich lays out a table by holding all of it (a million-row run took gigabytes and minutes), so
the rows are written here, in Rich's look: its box characters (``rich.box``, heavy head; ASCII
where the output cannot encode them) and its cell widths (``rich.cells``). Rows come in chunks
from a function called twice: once to measure every column, once to write. Nothing is cut:
every number is shown in full (a wide table wraps in a narrow terminal rather than hide digits).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from rich import box
from rich.cells import cell_len

from .output import Output

Rows = Callable[[], Iterator[Sequence[Sequence[str]]]]  # chunks of rows of cells


def write_table(out: Output, headers: Sequence[str], rows: Rows) -> None:
    """Write a table with ``headers`` and the rows ``rows()`` yields (cells right-aligned)."""
    style = box.HEAVY_HEAD if out.unicode else box.ASCII_DOUBLE_HEAD
    heads = [out.text(h) for h in headers]
    widths = [cell_len(h) for h in heads]
    for chunk in rows():
        for row in chunk:
            for i, cell in enumerate(row):
                if len(cell) > widths[i]:
                    widths[i] = len(cell)
    padded = [w + 2 for w in widths]
    out.write(style.get_top(padded) + "\n")
    head = style.head_vertical.join(" " + " " * (w - cell_len(h)) + h + " " for h, w in zip(heads, widths, strict=True))
    out.write(style.head_left + head + style.head_right + "\n")
    out.write(style.get_row(padded, "head") + "\n")
    line = style.mid_left + style.mid_vertical.join(f" {{:>{w}}} " for w in widths) + style.mid_right + "\n"
    for chunk in rows():
        out.write("".join(line.format(*row) for row in chunk))
    out.write(style.get_bottom(padded) + "\n")


def chunked(n: int, size: int) -> Iterable[tuple[int, int]]:
    """[a, b) ranges of at most ``size`` covering 0..n."""
    return ((a, min(a + size, n)) for a in range(0, n, size))
